"""The login window: organisation, user name, password, Sign in.

The window exists before the database does: it shows a calm "Starting…" line until ``set_database`` hands
it the opened database (or ``set_start_failed`` the reason there is none). Authentication is a background
job; its errors (wrong password, locked account, unknown organisation, unreachable database) are one line
in the window, and the window stays.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
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

from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.station_settings import StationSettings
from boxoffice_desktop.ui.theme import APP_NAME, Branding, apply_theme, window_title
from boxoffice_desktop.ui.widgets import LogoLabel, MessageLine, label

log = logging.getLogger(__name__)


def sign_in_job(db: Any, tenant: str, user: str, password: str, station: str, *, start_background: bool = True):
    """Authenticate and start the session's feed and sweeper (off the UI thread); returns the BoxOffice."""
    from boxoffice_desktop.api import BoxOffice

    bo = BoxOffice.for_database(db, tenant=tenant, user=user, password=password, station=station, owns_db=False)
    if start_background:
        try:
            bo.start_background()
        except BaseException:
            bo.close()
            raise
    return bo


def branding_job(db: Any, slug: str) -> Branding:
    from boxoffice_desktop.services.tenants import find_tenant

    return Branding.from_tenant(find_tenant(db, slug))


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
        self._db: Any = None
        self._busy = False
        self._starting = True
        self._start_background = start_background
        self._branding: Branding | None = None
        self._branding_asked: str | None = None

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
        names.addWidget(label("Sign in to the box office", "muted"))
        head.addLayout(names, 1)
        inner.addLayout(head)
        inner.addSpacing(18)

        self.tenant_edit = QLineEdit(slug)
        self.tenant_edit.setObjectName("TenantField")
        self.tenant_edit.setPlaceholderText("e.g. demo")
        self.user_edit = QLineEdit(settings.last_user(slug))
        self.user_edit.setObjectName("UserField")
        self.user_edit.setPlaceholderText("Your user name")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("PasswordField")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Password")
        for title, edit in (
            ("Organisation", self.tenant_edit),
            ("User name", self.user_edit),
            ("Password", self.password_edit),
        ):
            inner.addWidget(label(title, "fieldLabel"))
            inner.addWidget(edit)
            inner.addSpacing(8)

        self.message = MessageLine()
        inner.addWidget(self.message)
        inner.addSpacing(4)
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setObjectName("SignInButton")
        self.sign_in_button.setProperty("primary", True)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setMinimumHeight(38)
        self.sign_in_button.clicked.connect(self.sign_in)
        inner.addWidget(self.sign_in_button)
        self.retry_button = QPushButton("Try again")
        self.retry_button.setObjectName("RetryButton")
        self.retry_button.setToolTip("Try to reach the database again")
        self.retry_button.clicked.connect(self.retryRequested)
        self.retry_button.hide()
        inner.addWidget(self.retry_button)
        inner.addSpacing(10)
        self.station_label = label(f"Station: {station}", "small")
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
            QShortcut(QKeySequence(key), self, activated=self.sign_in)

        self.apply_branding(settings.branding(slug))
        self.set_starting("Starting…")
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
        self.setWindowTitle(window_title(branding, "Sign in"))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, branding)

    def set_starting(self, text: str = "Starting…") -> None:
        self._starting = True
        self.retry_button.hide()
        self.message.show_message(text, "info")
        self._sync_enabled()

    def set_database(self, db: Any) -> None:
        self._db = db
        self._starting = False
        if self.message.kind == "info":
            self.message.clear_message()
        self._sync_enabled()
        self._refresh_branding()
        self._focus_first_empty()

    def set_start_failed(self, message: str) -> None:
        self._starting = False
        self._db = None
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
        return self._db is not None and not self._starting

    def _sync_enabled(self) -> None:
        ready = self._db is not None and not self._busy
        self.sign_in_button.setEnabled(ready)
        for edit in (self.tenant_edit, self.user_edit, self.password_edit):
            edit.setReadOnly(self._busy)  # not disabled: the focus stays where it is
        self.sign_in_button.setText("Signing in…" if self._busy else "Sign in")

    def _focus_first_empty(self) -> None:
        for edit in (self.tenant_edit, self.user_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                return
        self.password_edit.setFocus()

    # branding of the organisation typed in -------------------------------------------------------------
    def _tenant_changed(self) -> None:
        slug = self.tenant_edit.text().strip()
        remembered = self._settings.branding(slug)
        if remembered is not None:
            self.apply_branding(remembered)
        if not self.user_edit.text():
            self.user_edit.setText(self._settings.last_user(slug))
        self._refresh_branding()

    def _refresh_branding(self) -> None:
        slug = self.tenant_edit.text().strip()
        if self._db is None or not slug or slug == self._branding_asked:
            return
        self._branding_asked = slug
        db = self._db

        def done(branding: Branding) -> None:
            if self.tenant_edit.text().strip() == branding.slug:
                self.apply_branding(branding)

        # An unknown organisation is said when signing in, not while typing.
        run_job(
            lambda: branding_job(db, slug),
            on_success=done,
            on_failure=lambda *_: None,
            parent=self,
            name="login.branding",
        )

    # signing in --------------------------------------------------------------------------------------
    def sign_in(self) -> None:
        if self._busy:
            return
        if self._db is None:
            if self._starting:
                self.message.show_message("Still starting; one moment please.", "info")
            return
        tenant = self.tenant_edit.text().strip()
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        for value, edit, what in (
            (tenant, self.tenant_edit, "the organisation"),
            (user, self.user_edit, "your user name"),
            (password, self.password_edit, "your password"),
        ):
            if not value:
                self.message.show_message(f"Please enter {what}.", "error")
                edit.setFocus()
                return
        self._busy = True
        if self.sign_in_button.hasFocus():  # the button is disabled while signing in: keep the focus near
            self.password_edit.setFocus()
        self._sync_enabled()
        self.message.show_message("Signing in…", "info")
        db, station, start_bg = self._db, self._station, self._start_background
        run_job(
            lambda: sign_in_job(db, tenant, user, password, station, start_background=start_bg),
            on_success=self._signed_in,
            on_failure=self._failed,
            parent=self,
            lane="login",
            name="login.sign_in",
        )

    def _signed_in(self, bo: Any) -> None:
        self._busy = False
        self._sync_enabled()
        self.message.clear_message()
        self.password_edit.clear()
        branding = Branding.from_tenant(bo.tenant)
        self._settings.last_tenant = bo.tenant.slug
        self._settings.set_last_user(bo.tenant.slug, bo.actor.username)
        self._settings.remember_branding(branding)
        self._branding_asked = None
        self.apply_branding(branding)
        self.signedIn.emit(bo)

    def _failed(self, exc: BaseException, message: str) -> None:
        self._busy = False
        self._sync_enabled()
        self.message.show_message(message, "error")
        self.password_edit.setFocus()
        self.password_edit.selectAll()
        self.signInFailed.emit(message)
