"""The main window: a header (organisation, user and role, station, sign out), a sidebar with the five
areas (Ctrl+1..5), and the areas themselves in a stack.

Areas the role may not use are disabled with a tooltip that says why; the services enforce the rules
anyway. Areas that later work fills say so plainly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.feed_adapter import FeedAdapter
from boxoffice_desktop.ui.kit.area_page import AreaPage
from boxoffice_desktop.ui.kit.labels import label
from boxoffice_desktop.ui.kit.logo import LogoLabel
from boxoffice_desktop.ui.kit.placeholder import PlaceholderPage
from boxoffice_desktop.ui.operations import tracker
from boxoffice_desktop.ui.settings_page import SettingsPage
from boxoffice_desktop.ui.theme import Branding, icon, repolish, window_title

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

log = logging.getLogger(__name__)

ROLE_TITLES = {
    "admin": "Administrator",
    "manager": "Manager",
    "cashier": "Cashier",
    "accountant": "Accountant",
}


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    icon: str
    permission: Permission | None
    needs: str  # what the tooltip says a role lacks


AREAS: tuple[Area, ...] = (
    Area("sales", "Sales", "sales", Permission.SELL, "sell tickets"),
    Area("seatmaps", "Seatmaps", "seatmaps", Permission.EDIT_SEATMAPS, "edit seatmaps"),
    Area("orders", "Orders", "orders", Permission.VIEW_ORDERS, "look at orders"),
    Area("reports", "Reports", "reports", Permission.EXPORT_REPORTS, "see reports"),
    Area("settings", "Settings", "settings", None, ""),
)
AREA_KEYS = tuple(a.key for a in AREAS)


def role_title(role: Any) -> str:
    value = getattr(role, "value", str(role))
    return ROLE_TITLES.get(value, value.capitalize())


class MainWindow(QMainWindow):
    signOutRequested = Signal()

    def __init__(self, bo: BoxOffice, *, feed_adapter: FeedAdapter | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.bo = bo
        self.branding = Branding.from_tenant(bo.tenant)
        self.feed_adapter = feed_adapter if feed_adapter is not None else FeedAdapter(bo.feed(), self)
        if self.feed_adapter.parent() is None:
            self.feed_adapter.setParent(self)
        self._signing_out = False
        self.setObjectName("MainWindow")
        self.setMinimumSize(QSize(1024, 640))

        central = QWidget()
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header())
        accent = QFrame()
        accent.setObjectName("HeaderAccent")
        root.addWidget(accent)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self._build_sidebar())
        self.stack = QStackedWidget()
        self.stack.setObjectName("AreaStack")
        body.addWidget(self.stack, 1)
        root.addLayout(body, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel()
        self.status_label.setObjectName("StatusMessage")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # its lines may quote what people typed
        self.status_label.setContentsMargins(12, 2, 12, 2)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().setSizeGripEnabled(False)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(lambda: self.status_label.setText(""))

        self.pages: dict[str, AreaPage] = {}
        for area in AREAS:
            page = self._make_page(area.key)
            self.pages[area.key] = page
            self.stack.addWidget(page)

        for i, area in enumerate(AREAS, start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda key=area.key: self.show_area(key))

        self.feed_adapter.connectionChanged.connect(self._feed_status)
        self._feed_status(self.feed_adapter.connected)
        self.show_area(self.first_allowed())
        self.resize(1440, 900)

    # building ----------------------------------------------------------------------------------------
    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("Header")
        header.setFixedHeight(60)
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(12)
        self.logo = LogoLabel(36)
        self.logo.set_branding(self.branding)
        row.addWidget(self.logo)
        self.org_name = label(self.branding.display_name, object_name="OrgName")
        row.addWidget(self.org_name)
        sep = QFrame()
        sep.setFrameShape(QFrame.Shape.VLine)
        sep.setStyleSheet("color: #dfe3e8;")
        sep.setFixedHeight(24)
        row.addWidget(sep)
        self.area_title = label("", object_name="AreaTitle")
        row.addWidget(self.area_title)
        row.addStretch(1)

        who = QVBoxLayout()
        who.setSpacing(0)
        actor = self.bo.actor
        self.user_label = label(actor.username, object_name="UserName")
        self.user_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.role_label = label(f"{role_title(actor.role)}  ·  Station {self.bo.station}", object_name="UserMeta")
        self.role_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        who.addWidget(self.user_label)
        who.addWidget(self.role_label)
        row.addLayout(who)

        self.sign_out_button = QPushButton("Sign out")
        self.sign_out_button.setObjectName("SignOutButton")
        self.sign_out_button.setProperty("flat", True)
        self.sign_out_button.setIcon(icon("signout"))
        self.sign_out_button.setToolTip("Sign out of this station (your held seats stay held until they expire)")
        self.sign_out_button.clicked.connect(self.request_sign_out)
        row.addWidget(self.sign_out_button)
        return header

    def _build_sidebar(self) -> QWidget:
        side = QFrame()
        side.setObjectName("Sidebar")
        side.setFixedWidth(200)
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 12, 0, 8)
        col.setSpacing(2)
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav_buttons: dict[str, QPushButton] = {}
        accent = self.branding.accent
        from boxoffice_desktop.ui.theme import mix

        active = mix(accent, "#000000", 0.22)
        for i, area in enumerate(AREAS, start=1):
            button = QPushButton(f"  {area.title}")
            button.setObjectName("NavButton")
            button.setProperty("area", area.key)
            button.setCheckable(True)
            button.setIcon(icon(area.icon, active_colour=active))
            button.setIconSize(QSize(20, 20))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            allowed = self.allowed(area)
            button.setEnabled(allowed)
            if allowed:
                button.setToolTip(f"{area.title}  (Ctrl+{i})")
            else:
                button.setToolTip(
                    f"A {role_title(self.bo.actor.role).lower()} may not {area.needs}; "
                    "ask a manager or an administrator."
                )
            button.clicked.connect(lambda _checked=False, key=area.key: self.show_area(key))
            self.nav_group.addButton(button)
            self.nav_buttons[area.key] = button
            col.addWidget(button)
        col.addStretch(1)
        self.live_label = label("", object_name="SidebarFooter")
        self.live_label.setWordWrap(True)
        col.addWidget(self.live_label)
        return side

    def _make_page(self, key: str) -> AreaPage:
        if key == "sales":
            from boxoffice_desktop.ui.sales.page import SalesPage

            if self.allowed(AREAS[0]):
                return SalesPage(self.bo, self.feed_adapter, self)
            return PlaceholderPage("Sales", "Your role does not sell tickets.", [])
        area = AREAS[AREA_KEYS.index(key)]
        if key in ("seatmaps", "orders", "reports") and not self.allowed(area):
            return PlaceholderPage(area.title, f"Your role may not {area.needs}.", [])
        if key == "seatmaps":
            from boxoffice_desktop.ui.seatmaps.page import SeatmapsPage

            return SeatmapsPage(self.bo, self)
        if key == "orders":
            from boxoffice_desktop.ui.orders.page import OrdersPage

            return OrdersPage(self.bo, self)
        if key == "reports":
            from boxoffice_desktop.ui.reports_page import ReportsPage

            return ReportsPage(self.bo, self)
        if key == "settings":
            return SettingsPage(self.bo, self)
        raise KeyError(key)

    # areas -------------------------------------------------------------------------------------------
    def allowed(self, area: Area) -> bool:
        return area.permission is None or self.bo.actor.can(area.permission)

    def first_allowed(self) -> str:
        for area in AREAS:
            if self.allowed(area):
                return area.key
        return "settings"

    @property
    def current_area(self) -> str:
        return AREAS[self.stack.currentIndex()].key

    def show_area(self, key: str) -> bool:
        """Switch to an area; refused (False) when the role may not use it."""
        area = AREAS[AREA_KEYS.index(key)]
        if not self.allowed(area):
            self.show_message(self.nav_buttons[key].toolTip(), error=True)
            return False
        if key != self.current_area and not self._may_leave(lambda: self.show_area(key)):
            self.nav_buttons[self.current_area].setChecked(True)
            return False
        index = AREA_KEYS.index(key)
        self.stack.setCurrentIndex(index)
        self.nav_buttons[key].setChecked(True)
        self.area_title.setText(area.title)
        self.setWindowTitle(window_title(self.branding, area.title))
        self.pages[key].activate()
        return True

    def _may_leave(self, then: Any) -> bool:
        """False while the current area holds unsaved work and asks about it (``can_leave(then)``; ``then``
        runs once the work is saved or discarded)."""
        page = self.pages.get(self.current_area) if getattr(self, "pages", None) else None
        return page is None or page.can_leave(then)

    def is_settled(self) -> bool:
        """The current area shows its data and no job is pending (screenshots wait for this)."""
        if not tracker().is_idle():
            return False
        return self.pages[self.current_area].is_settled()

    # messages and status -----------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = False, timeout_ms: int = 8000) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #8c1d18; font-weight: 600;" if error else "color: #1c4f86;")
        self._status_timer.start(timeout_ms)

    def _feed_status(self, connected: bool) -> None:
        self.live_label.setText("●  Live updates on" if connected else "●  Connecting to live updates…")
        self.live_label.setStyleSheet("color: #2f7a45;" if connected else "color: #9a6700;")
        repolish(self.live_label)

    # leaving -----------------------------------------------------------------------------------------
    def request_sign_out(self) -> None:
        if self._signing_out or not self._may_leave(self.request_sign_out):
            return
        self._signing_out = True
        self.shutdown()
        self.signOutRequested.emit()

    def shutdown(self) -> None:
        """Stop listening to the feed and stop the pages' timers (the session is closed by the caller)."""
        self.feed_adapter.close()
        for page in self.pages.values():
            page.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._signing_out and not self._may_leave(self.close):
            event.ignore()
            return
        if not self._signing_out:
            self.shutdown()
        super().closeEvent(event)
