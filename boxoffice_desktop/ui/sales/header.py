"""The event's header over the map: its name, a TODAY badge with the time to curtain (or an amber NOT TODAY
badge and a banner saying the date in words), when and where, and how many seats are free."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from boxoffice_desktop.counter.calendar import (
    curtain_words,
    is_today,
    long_date,
    not_today_warning,
    now_local,
    short_day,
)
from boxoffice_desktop.services.events import EventInfo
from boxoffice_desktop.ui.kit.labels import Banner, label
from boxoffice_desktop.ui.theme import repolish


class EventHeader(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        band = QFrame()
        band.setObjectName("EventHeader")
        row = QHBoxLayout(band)
        row.setContentsMargins(20, 10, 20, 10)
        row.setSpacing(14)
        titles = QVBoxLayout()
        titles.setSpacing(3)
        title_row = QHBoxLayout()
        title_row.setSpacing(12)
        self.title = label("No event chosen", object_name="EventTitle")
        title_row.addWidget(self.title)
        self.day_badge = QLabel()
        self.day_badge.setObjectName("TodayBadge")
        self.day_badge.hide()
        title_row.addWidget(self.day_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        titles.addLayout(title_row)
        self.when = label("", object_name="EventWhen")
        titles.addWidget(self.when)
        row.addLayout(titles, 1)
        self.seats_left = label("", "muted")
        self.seats_left.setObjectName("SeatsLeft")
        row.addWidget(self.seats_left, 0, Qt.AlignmentFlag.AlignVCenter)
        col.addWidget(band)
        self.not_today_banner = Banner("", "warning")
        col.addWidget(self.not_today_banner)

    def show_event(self, ev: EventInfo | None, seats: tuple[int, int] | None = None) -> None:
        """``seats``: (free, all) as read here, else the event's own counts."""
        if ev is None:
            self.title.setText("No event chosen")
            self.when.setText("")
            self.day_badge.hide()
            self.not_today_banner.hide()
            self.seats_left.setText("")
            return
        now = now_local()
        self.title.setText(ev.name)
        self.when.setText(f"{long_date(ev.starts_at)}   ·   {ev.venue_name}")
        if is_today(ev, now):
            self.day_badge.setObjectName("TodayBadge")
            self.day_badge.setText(f"TODAY  ·  {curtain_words(ev, now)}")
            self.not_today_banner.hide()
        else:
            self.day_badge.setObjectName("NotTodayBadge")
            self.day_badge.setText(f"NOT TODAY  ·  {short_day(ev)}")
            self.not_today_banner.setText(not_today_warning(ev, now))
            self.not_today_banner.show()
        repolish(self.day_badge)
        self.day_badge.show()
        self.show_seats(ev, seats)

    def show_seats(self, ev: EventInfo | None, seats: tuple[int, int] | None) -> None:
        if ev is None:
            self.seats_left.setText("")
        elif seats is None or not seats[1]:
            self.seats_left.setText(f"{ev.seats_free} of {ev.seats_total} left")
        else:
            self.seats_left.setText(f"{seats[0]} of {seats[1]} seats free")
