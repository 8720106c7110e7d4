"""Settings: the organisation and its branding, online payments, this station, the signed-in user.

Administrators change them here; everyone else sees the same cards read-only (and the services refuse
changes from them anyway: ``Permission.MANAGE_SETTINGS``).

- Branding (display name, accent colours with a colour picker, an SVG logo from a file, the ticket footer)
  goes to ``services.tenants.update_branding``; the theme, the header and the other areas follow at once,
  and this station remembers it for its login window.
- YooKassa's shop id, secret key and API address are write-only: their fields are always empty and say
  "stored" when something is stored (``tenant_config.tenant_overview`` says which, never what); saving
  stores the shop id, the key when one is typed (an empty key keeps the stored one) and the address
  (``bo.configure_yookassa``). A new address needs the key again: the server refuses it otherwise, in one
  line shown here. Nothing here ever reads a secret back.
- The mock provider's scenario, the payment window and the return address go to
  ``tenant_config.update_settings``.
- Staff (administrators only): the list, adding a person, a role, a new password, disabling
  (``ui.staff_card``).
- The station's name lives in this computer's settings (QSettings) and is used from the next sign-in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload
from urllib.parse import unquote

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.services.tenant_config import MOCK_SCENARIOS, YOOKASSA_DEFAULT_URL
from boxoffice_desktop.ui.kit.area_page import AreaPage
from boxoffice_desktop.ui.kit.areas import area_stylesheet, button
from boxoffice_desktop.ui.kit.asking import file_dialog
from boxoffice_desktop.ui.kit.labels import MessageLine, Pill, label
from boxoffice_desktop.ui.kit.logo import LogoLabel
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.staff_card import StaffCard
from boxoffice_desktop.ui.theme import Branding, apply_theme, window_title

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

log = logging.getLogger(__name__)
W = TypeVar("W", bound=QWidget)

MAX_LOGO_BYTES = 256 * 1024
SCENARIO_WORDS = {
    "success": "Success — the training payment is paid when checked",
    "decline": "Decline — the bank declines it, the seats go back on sale",
    "pending": "Pending — it stays unpaid until its window passes",
}
STORED = "stored — type a new one to replace it"


def _swatch_icon(colour: str, size: int = 22) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Disabled)  # read-only still shows the real colour
    return icon


class ColourField(QWidget):
    """A colour: a swatch button that opens the colour picker, and the hex value (typed or picked)."""

    changed = Signal(str)

    def __init__(self, colour: str, title: str, editable: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._title = title
        self.dialog: QColorDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.swatch = QToolButton()
        self.swatch.setObjectName("ColourButton")
        self.swatch.setIconSize(QSize(22, 22))
        self.swatch.setToolTip(f"Pick the {title.lower()}")
        self.swatch.setCursor(Qt.CursorShape.PointingHandCursor)
        self.swatch.clicked.connect(self.pick)
        self.swatch.setEnabled(editable)
        row.addWidget(self.swatch)
        self.hex = label(colour.lower())
        self.hex.setObjectName("ColourHex")
        self.hex.setMinimumWidth(70)
        row.addWidget(self.hex)
        row.addStretch(1)
        self.set_colour(colour)

    @property
    def colour(self) -> str:
        return self.hex.text()

    def set_colour(self, colour: str) -> None:
        value = QColor(colour).name().lower()
        self.swatch.setIcon(_swatch_icon(value))
        changed = value != self.hex.text()
        self.hex.setText(value)
        if changed:
            self.changed.emit(value)

    def pick(self) -> None:
        dialog = QColorDialog(QColor(self.colour), self)
        dialog.setObjectName("ColourPicker")
        dialog.setWindowTitle(self._title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.colorSelected.connect(lambda c: self.set_colour(c.name()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()


class _Card(QFrame):
    def __init__(self, title: str, note: str = ""):
        super().__init__()
        self.setObjectName("Card")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(24, 20, 24, 22)
        self.box.setSpacing(12)
        head = QHBoxLayout()
        head.addWidget(label(title, "subtitle"))
        head.addStretch(1)
        self.note = Pill(note, "muted")
        head.addWidget(self.note)
        self.box.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnMinimumWidth(0, 170)
        self.grid.setColumnStretch(1, 1)
        self.box.addLayout(self.grid)
        self._rows = 0

    @overload
    def add(self, name: str, value: str, object_name: str | None = None, hint: str = "") -> QLabel: ...
    @overload
    def add(self, name: str, value: W, object_name: str | None = None, hint: str = "") -> W: ...
    def add(self, name: str, value: str | QWidget, object_name: str | None = None, hint: str = "") -> QWidget:
        key = label(name, "muted")
        key.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        widget = value if isinstance(value, QWidget) else label(value or "—", wrap=True)
        # The name sits level with the first line of its value (an input is taller than a line of text).
        key.setMinimumHeight(widget.sizeHint().height())
        if isinstance(widget, QLabel):
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if object_name:
            widget.setObjectName(object_name)
        self.grid.addWidget(key, self._rows, 0, Qt.AlignmentFlag.AlignTop)
        if hint:
            cell = QWidget()
            col = QVBoxLayout(cell)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(3)
            col.addWidget(widget)
            col.addWidget(label(hint, "note", wrap=True))
            self.grid.addWidget(cell, self._rows, 1)
        else:
            self.grid.addWidget(widget, self._rows, 1)
        self._rows += 1
        return widget

    def footer(self, *widgets: QWidget) -> None:
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addStretch(1)
        for widget in widgets:
            row.addWidget(widget)
        self.box.addLayout(row)


def _field(text: str = "", placeholder: str = "", name: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    if name:
        edit.setObjectName(name)
    return edit


class SettingsPage(AreaPage):
    def __init__(self, bo: BoxOffice, parent: QWidget | None = None, *, station_settings: Any = None):
        super().__init__(parent)
        self.setObjectName("SettingsPage")
        self.bo = bo
        self.station_settings = station_settings
        self.tenant = bo.tenant
        self.branding = Branding.from_tenant(bo.tenant)
        self.may_change = bo.actor.can(Permission.MANAGE_SETTINGS)
        self.settings: Any = None
        # The editable fields exist for a role that may change the settings only.
        self.display_name: QLineEdit | None = None
        self.ticket_footer: QLineEdit | None = None
        self.station_name: QLineEdit | None = None
        self.yookassa_stored = (False, False)
        self.yookassa_address = YOOKASSA_DEFAULT_URL
        self._loaded = False
        self._loading = False
        self._logo_svg = self.tenant.brand("logo_svg")
        self.setStyleSheet(area_stylesheet(self.branding))

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet("QScrollArea { background: transparent; }")
        scroll.viewport().setAutoFillBackground(False)
        content = QWidget()
        content.setObjectName("SettingsContent")
        col = QVBoxLayout(content)
        col.setContentsMargins(32, 28, 32, 32)
        col.setSpacing(16)
        col.addWidget(label("Settings", "title"))
        col.addWidget(
            label(
                "Your organisation, its payments and this station. Changes apply to every station of the "
                "organisation at once, except the station's own name."
                if self.may_change
                else "Your organisation, its payments and this station. Only an administrator may change them.",
                "muted",
                wrap=True,
            )
        )
        self.message = MessageLine()
        col.addWidget(self.message)
        col.addWidget(self._organisation_card())
        col.addWidget(self._branding_card())
        col.addWidget(self._payments_card())
        # Staff: only for a role that may manage it (the server refuses everybody else anyway).
        self.staff_card = StaffCard(bo) if bo.actor.can(Permission.MANAGE_STAFF) else None
        if self.staff_card is not None:
            col.addWidget(self.staff_card)
        col.addWidget(self._station_card())
        col.addStretch(1)
        content.setMaximumWidth(940)
        holder = QWidget()
        holder.setObjectName("SettingsHolder")
        holder.setStyleSheet("#SettingsHolder { background: transparent; }")
        centre = QHBoxLayout(holder)
        centre.setContentsMargins(0, 0, 0, 0)
        centre.addStretch(1)
        centre.addWidget(content, 100)
        centre.addStretch(1)
        scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.dialog: QWidget | None = None

    # cards -------------------------------------------------------------------------------------------
    def _read_only_note(self) -> str:
        return "" if self.may_change else "read-only"

    def _organisation_card(self) -> QWidget:
        card = _Card("Organisation", self._read_only_note())
        card.add("Name", self.tenant.name, "OrgNameValue")
        card.add("Sign-in name", self.tenant.slug, "SlugValue")
        if self.may_change:
            self.display_name = _field(self.tenant.display_name, "How tickets and the header name you", "DisplayName")
            card.add("Shown as", self.display_name, hint="On tickets, in the header and on the login window.")
        else:
            self.display_name = None
            card.add("Shown as", self.tenant.display_name, "DisplayNameValue")
        return card

    def _branding_card(self) -> QWidget:
        card = _Card("Branding", self._read_only_note())
        logo_row = QWidget()
        lr = QHBoxLayout(logo_row)
        lr.setContentsMargins(0, 0, 0, 0)
        lr.setSpacing(12)
        self.logo = LogoLabel(56)
        self.logo.set_branding(self.branding)
        lr.addWidget(self.logo)
        self.logo_note = label("", "note")
        lr.addWidget(self.logo_note)
        lr.addStretch(1)
        if self.may_change:
            self.logo_button = button("Choose SVG…", tip="A square SVG works best; it is stored in the database")
            self.logo_button.clicked.connect(self.choose_logo)
            self.logo_clear = button("Remove", flat=True, tip="Use a badge with the initials instead")
            self.logo_clear.clicked.connect(lambda: self._set_logo(""))
            lr.addWidget(self.logo_button)
            lr.addWidget(self.logo_clear)
        card.add("Logo", logo_row)
        self.accent = ColourField(self.branding.accent, "Accent colour", self.may_change)
        self.accent_text = ColourField(self.branding.accent_text, "Text on the accent", self.may_change)
        card.add("Accent colour", self.accent, hint="Buttons, the header line, selections, tickets.")
        card.add("Text on accent", self.accent_text)
        footer = self.tenant.brand("ticket_footer")
        if self.may_change:
            self.ticket_footer = _field(footer, "Address, doors, a line of fine print", "TicketFooter")
            self.ticket_footer.setMaxLength(160)
            card.add("Ticket footer", self.ticket_footer, hint="One line at the bottom of every ticket.")
        else:
            self.ticket_footer = None
            card.add("Ticket footer", footer or "—", "TicketFooterValue")
        self.preview = QFrame()
        self.preview.setObjectName("BrandPreview")
        self.preview.setFixedHeight(56)
        pr = QHBoxLayout(self.preview)
        pr.setContentsMargins(12, 8, 12, 8)
        pr.setSpacing(10)
        self.preview_logo = LogoLabel(28)
        pr.addWidget(self.preview_logo)
        self.preview_name = QLabel()
        self.preview_name.setObjectName("PreviewName")
        self.preview_name.setTextFormat(Qt.TextFormat.PlainText)  # the name as typed
        pr.addWidget(self.preview_name)
        pr.addStretch(1)
        self.preview_button = QLabel("Cash, exact")
        self.preview_button.setObjectName("PreviewButton")
        pr.addWidget(self.preview_button)
        card.add("Preview", self.preview)
        for field in (self.accent, self.accent_text):
            field.changed.connect(lambda _c: self._update_preview())
        if self.display_name is not None:
            self.display_name.textChanged.connect(lambda _t: self._update_preview())
        self._update_logo_note()
        self._update_preview()
        if self.may_change:
            self.save_branding_button = button("Save branding", primary=True, name="SaveBranding")
            self.save_branding_button.clicked.connect(self.save_branding)
            card.footer(self.save_branding_button)
        return card

    def _payments_card(self) -> QWidget:
        card = _Card("Online payments", self._read_only_note())
        # The card's own line: the server's answer shows beside the fields, not at the top of the page.
        self.payments_message = MessageLine()
        card.box.insertWidget(1, self.payments_message)
        self.yookassa_state = Pill("…", "muted")
        state_row = QWidget()
        sr = QHBoxLayout(state_row)
        sr.setContentsMargins(0, 0, 0, 0)
        sr.addWidget(self.yookassa_state)
        sr.addStretch(1)
        card.add("YooKassa", state_row)
        if self.may_change:
            self.shop_id = _field("", "shop id", "YooKassaShopId")
            self.secret_key = _field("", "secret key", "YooKassaSecretKey")
            self.secret_key.setEchoMode(QLineEdit.EchoMode.Password)
            self.secret_key.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            self.api_url = _field("", YOOKASSA_DEFAULT_URL, "YooKassaApiUrl")
            card.add("Shop id", self.shop_id)
            card.add(
                "Secret key",
                self.secret_key,
                hint="Write-only: stored values are never shown again. Leave the key empty to keep the stored one.",
            )
            card.add(
                "API address",
                self.api_url,
                hint="Empty: keep the address shown. A new address needs the secret key again.",
            )
            self.save_yookassa_button = button("Save YooKassa settings", name="SaveYooKassa")
            self.save_yookassa_button.clicked.connect(self.save_yookassa)
            self.save_yookassa_button.setEnabled(False)
            for edit in (self.shop_id, self.secret_key, self.api_url):
                edit.textChanged.connect(self._yookassa_typed)
            keys_row = QWidget()
            kr = QHBoxLayout(keys_row)
            kr.setContentsMargins(0, 0, 0, 0)
            kr.addStretch(1)
            kr.addWidget(self.save_yookassa_button)
            card.add("", keys_row)
            self.scenario = QComboBox()
            self.scenario.setObjectName("MockScenario")
            for key in MOCK_SCENARIOS:
                self.scenario.addItem(SCENARIO_WORDS.get(key, key), key)
            self.training = QCheckBox("Allow training payments at the counter")
            self.training.setObjectName("TrainingPayments")
            card.add(
                "Training",
                self.training,
                hint="The Training button pays with the mock provider: its orders are real and their tickets admit.",
            )
            card.add("Training provider", self.scenario, hint="The mock provider the Training button pays with.")
            self.window_minutes = QSpinBox()
            self.window_minutes.setObjectName("PaymentWindow")
            self.window_minutes.setRange(1, 24 * 60)
            self.window_minutes.setSuffix(" min")
            self.window_minutes.setFixedWidth(130)
            card.add(
                "Payment window",
                self.window_minutes,
                hint="How long a customer has to pay online; the seats stay held meanwhile.",
            )
            self.return_url = _field("", "https://…", "ReturnUrl")
            card.add("Return address", self.return_url, hint="Where YooKassa sends the customer after paying.")
            self.save_payments_button = button("Save payment settings", primary=True, name="SavePayments")
            self.save_payments_button.clicked.connect(self.save_payments)
            card.footer(self.save_payments_button)
        else:
            self.training_value = card.add("Training", "…", "TrainingPaymentsValue")
            self.scenario_value = card.add("Training provider", "…", "MockScenarioValue")
            self.window_value = card.add("Payment window", "…", "PaymentWindowValue")
            self.return_value = card.add("Return address", "…", "ReturnUrlValue")
        return card

    def _station_card(self) -> QWidget:
        card = _Card("This station")
        card.add("Station name", self.bo.station, "StationValue")
        if self.may_change:
            self.station_name = _field(self.settings_station_name(), "e.g. box-1", "StationName")
            self.save_station_button = button("Rename", name="SaveStation")
            self.save_station_button.clicked.connect(self.save_station)
            row = QWidget()
            r = QHBoxLayout(row)
            r.setContentsMargins(0, 0, 0, 0)
            r.setSpacing(10)
            r.addWidget(self.station_name, 1)
            r.addWidget(self.save_station_button)
            card.add(
                "Rename to",
                row,
                hint="This computer's name as other stations see it on held seats; used from the next sign-in.",
            )
        else:
            self.station_name = None
        actor = self.bo.actor
        signed_in = f"{actor.shown_name} ({actor.role.value})"
        card.add("Signed in as", f"{signed_in}, login {actor.login}" if actor.login else signed_in, "SignedInValue")
        card.add("Database", unquote(self.bo.db.target.display()))
        return card

    def settings_station_name(self) -> str:
        """The name this computer will sign in with next time (its own setting, else this session's)."""
        if self.station_settings is None:
            return self.bo.station
        return self.station_settings.station_name or self.bo.station

    # life --------------------------------------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def is_settled(self) -> bool:
        staff_settled = self.staff_card is None or self.staff_card.is_settled()
        return self._loaded and not self._loading and staff_settled

    def reload(self) -> None:
        if self.staff_card is not None:
            self.staff_card.reload()
        if self._loading:
            return
        self._loading = True
        bo = self.bo

        def work() -> dict[str, Any]:
            return bo.tenant_overview()

        def done(overview: dict[str, Any]) -> None:
            self._loading = False
            self._loaded = True
            self.settings = overview["settings"]
            self.yookassa_stored = (overview["yookassa_shop_stored"], overview["yookassa_key_stored"])
            self.yookassa_address = overview.get("yookassa_api_url") or YOOKASSA_DEFAULT_URL
            self._show_settings()

        def failed(_exc: BaseException, message: str) -> None:
            self._loading = False
            self._loaded = True
            self.message.show_message(message, "error")

        run_job(work, on_success=done, on_failure=failed, parent=self, name="settings.load")

    def _show_settings(self) -> None:
        s = self.settings
        shop, key = self.yookassa_stored
        if shop and key:
            self.yookassa_state.set("Set up: shop id and secret key stored", "ok")
        else:
            self.yookassa_state.set("Not set up", "warning")
        if self.may_change:
            self.shop_id.clear()
            self.secret_key.clear()
            self.api_url.clear()
            self.shop_id.setPlaceholderText(STORED if shop else "shop id")
            self.secret_key.setPlaceholderText(STORED if key else "secret key")
            self.api_url.setPlaceholderText(self.yookassa_address)
            for edit, stored in ((self.shop_id, shop), (self.secret_key, key)):
                edit.setProperty("stored", stored)
                edit.style().unpolish(edit)
                edit.style().polish(edit)
            if s is not None:
                self.scenario.setCurrentIndex(max(0, self.scenario.findData(s.mock_scenario)))
                self.training.setChecked(bool(s.training_payments))
                self.window_minutes.setValue(int(s.payment_window_minutes))
                self.return_url.setText(s.return_url)
        elif s is not None:
            self.training_value.setText("Allowed at the counter" if s.training_payments else "Off")
            self.scenario_value.setText(SCENARIO_WORDS.get(s.mock_scenario, s.mock_scenario))
            self.window_value.setText(f"{s.payment_window_minutes} minutes")
            self.return_value.setText(s.return_url)

    # branding ----------------------------------------------------------------------------------------
    def _current_branding(self) -> Branding:
        name = self.display_name.text().strip() if self.display_name is not None else self.branding.display_name
        return Branding(
            slug=self.tenant.slug,
            display_name=name or self.tenant.name,
            accent=self.accent.colour,
            accent_text=self.accent_text.colour,
            logo_svg=self._logo_svg,
        )

    def _update_preview(self) -> None:
        """A header and a button as they will look."""
        b = self._current_branding()
        self.preview_name.setText(b.display_name)
        self.preview.setStyleSheet(
            f"#BrandPreview {{ background: #ffffff; border: 1px solid #dfe3e8; border-bottom: 3px solid {b.accent};"
            " border-radius: 6px; }"
            "#PreviewName { font-size: 15px; font-weight: 600; color: #1f2328; }"
            f"#PreviewButton {{ background: {b.accent}; color: {b.accent_text}; border-radius: 6px;"
            " padding: 6px 14px; font-weight: 600; }"
        )
        self.preview_logo.set_branding(b)
        self.logo.set_branding(b)

    def _update_logo_note(self) -> None:
        self.logo_note.setText(
            "the organisation's SVG logo" if self._logo_svg else "no logo: a badge with the initials is shown"
        )
        if self.may_change:
            self.logo_clear.setVisible(bool(self._logo_svg))

    def choose_logo(self) -> None:
        self.dialog = file_dialog(self, "Choose a logo", self.load_logo, save=False, filters=["SVG images (*.svg)"])

    def load_logo(self, path: str) -> None:
        """Read an SVG file (a local file: read at once, it is small)."""
        file = Path(path)
        try:
            if file.stat().st_size > MAX_LOGO_BYTES:
                self.message.show_message(f"{file.name} is larger than {MAX_LOGO_BYTES // 1024} KB.", "error")
                return
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.message.show_message(f"Cannot read {file.name}: {getattr(exc, 'strerror', None) or exc}.", "error")
            return
        if "<svg" not in text[:2000]:
            self.message.show_message(f"{file.name} is not an SVG drawing.", "error")
            return
        self._set_logo(text)
        self.message.show_message(f"Logo from {file.name}: save the branding to keep it.", "info")

    def _set_logo(self, svg: str) -> None:
        self._logo_svg = svg
        self._update_logo_note()
        self._update_preview()

    def save_branding(self) -> None:
        b = self._current_branding()
        changes = {
            "display_name": b.display_name,
            "accent": b.accent,
            "accent_text": b.accent_text,
            "logo_svg": b.logo_svg,
            "ticket_footer": self.ticket_footer.text().strip() if self.ticket_footer is not None else "",
        }
        bo = self.bo
        self.save_branding_button.setEnabled(False)

        def work() -> Any:
            return bo.update_branding(changes)

        def done(tenant: Any) -> None:
            self.save_branding_button.setEnabled(True)
            self.tenant = tenant
            self.apply_everywhere(Branding.from_tenant(tenant))
            self.message.show_message("Branding saved: every screen wears it now.", "ok")

        def failed(_exc: BaseException, message: str) -> None:
            self.save_branding_button.setEnabled(True)
            self.message.show_message(message, "error")

        run_job(work, on_success=done, on_failure=failed, parent=self, name="settings.branding")

    def apply_everywhere(self, branding: Branding) -> None:
        """The new branding on this station at once: the theme, the window's header and title, the areas,
        and the login window next time."""
        self.branding = branding
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, branding)
        window = self.window()
        if hasattr(window, "branding"):
            window.branding = branding
        logo = getattr(window, "logo", None)
        if logo is not None and hasattr(logo, "set_branding"):
            logo.set_branding(branding)
        org = getattr(window, "org_name", None)
        if isinstance(org, QLabel):
            org.setText(branding.display_name)
        title = getattr(window, "area_title", None)
        if window is not self and isinstance(title, QLabel):
            window.setWindowTitle(window_title(branding, title.text() or None))
        for page in getattr(window, "pages", {}).values():
            apply = getattr(page, "apply_branding", None)
            if callable(apply) and page is not self:
                apply(branding)
        self.apply_branding(branding)
        settings = self._station_settings()
        if settings is not None:
            settings.remember_branding(branding)

    def apply_branding(self, branding: Branding) -> None:
        self.setStyleSheet(area_stylesheet(branding))

    def _station_settings(self) -> Any:
        if self.station_settings is None:
            from boxoffice_desktop.ui.station_settings import StationSettings

            self.station_settings = StationSettings()
        return self.station_settings

    # payments ----------------------------------------------------------------------------------------
    def _yookassa_typed(self, _text: str) -> None:
        # The shop id is sent every time (it is never shown, so it is typed again); the key may stay.
        self.save_yookassa_button.setEnabled(bool(self.shop_id.text().strip()))

    def save_yookassa(self) -> None:
        shop, key = self.shop_id.text().strip(), self.secret_key.text().strip()
        api_url = self.api_url.text().strip() or None  # empty: the stored address stays
        if not shop:
            self.payments_message.show_message("Type the shop id.", "error")
            return
        bo = self.bo
        self.save_yookassa_button.setEnabled(False)
        self.payments_message.show_message("Saving…", "info")
        # The key leaves the field at once: it lives on only in the job's closure until the service stores it.
        self.secret_key.clear()

        def done(_result: Any) -> None:
            self.payments_message.show_message("YooKassa settings stored. They are never shown again.", "ok")
            self.reload()

        def failed(_exc: BaseException, message: str) -> None:
            self.payments_message.show_message(message, "error")
            self._yookassa_typed("")

        run_job(
            _configure(bo, shop, key or None, api_url),
            on_success=done,
            on_failure=failed,
            parent=self,
            name="settings.yookassa",
        )

    def save_payments(self) -> None:
        changes = {
            "mock_scenario": self.scenario.currentData(),
            "training_payments": self.training.isChecked(),
            "payment_window_minutes": int(self.window_minutes.value()),
            "return_url": self.return_url.text().strip(),
        }
        bo = self.bo
        self.save_payments_button.setEnabled(False)
        self.payments_message.show_message("Saving…", "info")

        def work() -> Any:
            return bo.update_settings(**changes)

        def done(settings: Any) -> None:
            self.save_payments_button.setEnabled(True)
            self.settings = settings
            self._show_settings()
            self.payments_message.show_message("Payment settings saved.", "ok")

        def failed(_exc: BaseException, message: str) -> None:
            self.save_payments_button.setEnabled(True)
            self.payments_message.show_message(message, "error")

        run_job(work, on_success=done, on_failure=failed, parent=self, name="settings.payments")

    # the station -------------------------------------------------------------------------------------
    def save_station(self) -> None:
        if self.station_name is None:
            return
        name = self.station_name.text().strip()
        if not name:
            self.message.show_message("The station needs a name.", "error")
            return
        self._station_settings().station_name = name
        if name == self.bo.station:
            self.message.show_message(f"This station is {name}.", "ok")
        else:
            self.message.show_message(f"Saved: this computer signs in as station {name} from the next sign-in.", "ok")


def _configure(bo: BoxOffice, shop: str, key: str | None, api_url: str | None) -> Callable[[], None]:
    def work() -> None:
        bo.configure_yookassa(shop, key, api_url=api_url)

    return work
