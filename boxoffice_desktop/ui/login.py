"""The login window: organisation, user name, password, Sign in.

Signing in is connecting to the server as the staff member's own login role (``<organisation>.<user>``):
the server checks the password and decides who they are. So the window reads nothing from the database
before that: it wears the branding this station remembered at the organisation's last sign-in here, and
remembers it again after each one. It exists before the server is found: it shows a calm "Starting…" line
until ``set_target`` says where staff sign in (or ``set_start_failed`` why there is nowhere). Signing in is
a background job; its errors (wrong organisation, user name or password, a disabled account, an unreachable
server, a schema of another version and the command to run) are one line in the window, which stays.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.ui.kit.labels import MessageLine, label
from boxoffice_desktop.ui.kit.logo import LogoLabel
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.station_settings import StationSettings
from boxoffice_desktop.ui.theme import APP_NAME, Branding, apply_theme, window_title

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice
    from sync.config import DatabaseTarget

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


def sign_in_job(
    target: DatabaseTarget, tenant: str, user: str, password: str, station: str, *, start_background: bool = True
) -> BoxOffice:
    """Sign in as the staff member's login role and start the session's feed and sweeper (off the UI
    thread); returns the BoxOffice, which owns its own connections."""
    from boxoffice_desktop.api import BoxOffice

    bo = BoxOffice.sign_in(target, tenant=tenant, user=user, password=password, station=station)
    if start_background:
        try:
            bo.start_background()
        except BaseException:
            bo.close()
            raise
    return bo


class LoginWindow(QWidget):
    """Emits ``signedIn(bo)`` with a started ``BoxOffice`` session."""

    signedIn = Signal(object)
    signInFailed = Signal(str)
    retryRequested = Signal()

    def __init__(
        self,
        settings: StationSettings,
        *,
        station: str,
        tenant: str | None = None,
        parent: QWidget | None = None,
        start_background: bool = True,
    ):
        super().__init__(parent)
        self.setObjectName("LoginWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._settings = settings
        self._station = station
        self._target: Any = None
        self._busy = False
        self._starting = True
        self._start_background = start_background
        self._branding: Branding | None = None

        slug = tenant or settings.last_tenant or ""

        card = QFrame()
        card.setObjectName("LoginCard")
        card.setFixedWidth(400)
        box = QVBoxLayout(card)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        strip = QFrame()
        strip.setObjectName("LoginStrip")
        box.addWidget(strip)

        inner = QVBoxLayout()
        inner.setContentsMargins(32, 24, 32, 28)
        inner.setSpacing(6)
        head = QHBoxLayout()
        head.setSpacing(12)
        self.logo = LogoLabel(44)
        head.addWidget(self.logo)
        names = QVBoxLayout()
        names.setSpacing(0)
        self.org_title = label(APP_NAME, object_name="LoginOrg")
        names.addWidget(self.org_title)
        names.addWidget(label(translate("LoginWindow", "Sign in to the box office"), "muted"))
        head.addLayout(names, 1)
        inner.addLayout(head)
        inner.addSpacing(18)

        self.tenant_edit = QLineEdit(slug)
        self.tenant_edit.setObjectName("TenantField")
        self.tenant_edit.setPlaceholderText(translate("LoginWindow", "e.g. demo"))
        self.user_edit = QLineEdit(settings.last_user(slug))
        self.user_edit.setObjectName("UserField")
        self.user_edit.setPlaceholderText(translate("LoginWindow", "Your user name"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("PasswordField")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(translate("LoginWindow", "Password"))
        for title, edit in (
            (translate("LoginWindow", "Organisation"), self.tenant_edit),
            (translate("LoginWindow", "User name"), self.user_edit),
            (translate("LoginWindow", "Password"), self.password_edit),
        ):
            inner.addWidget(label(title, "fieldLabel"))
            inner.addWidget(edit)
            inner.addSpacing(8)

        self.message = MessageLine()
        inner.addWidget(self.message)
        inner.addSpacing(4)
        self.sign_in_button = QPushButton(translate("LoginWindow", "Sign in"))
        self.sign_in_button.setObjectName("SignInButton")
        self.sign_in_button.setProperty("primary", True)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setMinimumHeight(38)
        self.sign_in_button.clicked.connect(self.sign_in)
        inner.addWidget(self.sign_in_button)
        self.retry_button = QPushButton(translate("LoginWindow", "Try again"))
        self.retry_button.setObjectName("RetryButton")
        self.retry_button.setToolTip(translate("LoginWindow", "Try to reach the database again"))
        self.retry_button.clicked.connect(self.retryRequested)
        self.retry_button.hide()
        inner.addWidget(self.retry_button)
        inner.addSpacing(10)
        self.station_label = label(translate("LoginWindow", "Station: {station}").format(station=station), "small")
        self.station_label.setObjectName("StationLabel")
        inner.addWidget(self.station_label, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addLayout(inner)

        outer = QVBoxLayout(self)
        outer.addStretch(2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)

        self.tenant_edit.editingFinished.connect(self._tenant_changed)
        # Enter (either key) signs in from anywhere in the window.
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self).activated.connect(self.sign_in)

        self.apply_branding(settings.branding(slug))
        self.set_starting(translate("LoginWindow", "Starting…"))
        self.resize(960, 680)

    # state -------------------------------------------------------------------------------------------
    @property
    def branding(self) -> Branding | None:
        return self._branding

    def apply_branding(self, branding: Branding | None) -> None:
        self._branding = branding
        name = branding.display_name if branding else APP_NAME
        self.org_title.setText(name)
        self.logo.set_branding(branding)
        self.setWindowTitle(window_title(branding, translate("LoginWindow", "Sign in")))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, branding)

    def set_starting(self, text: str = "") -> None:
        self._starting = True
        self.retry_button.hide()
        self.message.show_message(text or translate("LoginWindow", "Starting…"), "info")
        self._sync_enabled()

    def set_target(self, target: Any) -> None:
        """Where staff sign in (a ``sync.config.DatabaseTarget``): signing in is possible from now on."""
        self._target = target
        self._starting = False
        if self.message.kind == "info":
            self.message.clear_message()
        self._sync_enabled()
        self._focus_first_empty()

    def set_start_failed(self, message: str) -> None:
        self._starting = False
        self._target = None
        self.message.show_message(message, "error")
        self._sync_enabled()
        self.retry_button.show()

    def reset_for_sign_out(self) -> None:
        self.password_edit.clear()
        self._busy = False
        self.message.clear_message()
        self._sync_enabled()
        self.apply_branding(self._settings.branding(self.tenant_edit.text().strip()) or self._branding)
        self._focus_first_empty()

    def fill(self, tenant: str, user: str, password: str) -> None:
        self.tenant_edit.setText(tenant)
        self.user_edit.setText(user)
        self.password_edit.setText(password)
        self._tenant_changed()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.show_message(text, "error" if error else "info")

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def ready(self) -> bool:
        return self._target is not None and not self._starting

    def _sync_enabled(self) -> None:
        ready = self._target is not None and not self._busy
        self.sign_in_button.setEnabled(ready)
        for edit in (self.tenant_edit, self.user_edit, self.password_edit):
            edit.setReadOnly(self._busy)  # not disabled: the focus stays where it is
        self.sign_in_button.setText(
            translate("LoginWindow", "Signing in…") if self._busy else translate("LoginWindow", "Sign in")
        )

    def _focus_first_empty(self) -> None:
        for edit in (self.tenant_edit, self.user_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                return
        self.password_edit.setFocus()

    # the organisation typed in -----------------------------------------------------------------------
    def _tenant_changed(self) -> None:
        """Wear what this station remembers of the organisation typed in (nothing is asked of the server
        before signing in: it tells nobody anything before that), else the program's own look."""
        slug = self.tenant_edit.text().strip()
        self.apply_branding(self._settings.branding(slug))
        if not self.user_edit.text():
            self.user_edit.setText(self._settings.last_user(slug))

    # signing in --------------------------------------------------------------------------------------
    def sign_in(self) -> None:
        if self._busy:
            return
        if self._target is None:
            if self._starting:
                self.message.show_message(translate("LoginWindow", "Still starting; one moment please."), "info")
            return
        tenant = self.tenant_edit.text().strip()
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        for value, edit, ask in (
            (tenant, self.tenant_edit, translate("LoginWindow", "Please enter the organisation.")),
            (user, self.user_edit, translate("LoginWindow", "Please enter your user name.")),
            (password, self.password_edit, translate("LoginWindow", "Please enter your password.")),
        ):
            if not value:
                self.message.show_message(ask, "error")
                edit.setFocus()
                return
        self._busy = True
        if self.sign_in_button.hasFocus():  # the button is disabled while signing in: keep the focus near
            self.password_edit.setFocus()
        self._sync_enabled()
        self.message.show_message(translate("LoginWindow", "Signing in…"), "info")
        target, station, start_bg = self._target, self._station, self._start_background
        run_job(
            lambda: sign_in_job(target, tenant, user, password, station, start_background=start_bg),
            on_success=self._signed_in,
            on_failure=self._failed,
            parent=self,
            lane="login",
            name="login.sign_in",
        )

    def _signed_in(self, bo: BoxOffice) -> None:
        self._busy = False
        self._sync_enabled()
        self.message.clear_message()
        self.password_edit.clear()
        # What the server said about the organisation, remembered for the next sign-in at this station.
        branding = Branding.from_tenant(bo.tenant)
        self._settings.last_tenant = bo.tenant.slug
        self._settings.set_last_user(bo.tenant.slug, bo.actor.username)
        self._settings.remember_branding(branding)
        self.tenant_edit.setText(bo.tenant.slug)
        self.apply_branding(branding)
        self.signedIn.emit(bo)

    def _failed(self, exc: BaseException, message: str) -> None:
        self._busy = False
        self._sync_enabled()
        self.message.show_message(message, "error")
        self.password_edit.setFocus()
        self.password_edit.selectAll()
        self.signInFailed.emit(message)
