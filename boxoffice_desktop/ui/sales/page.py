"""The sales area: the events of the counter, a live seatmap of the chosen one, and this station's
selection (held seats) with its total, hold timer, "More time" and "Release all".

Every database call is a job (``ui.operations.run_job``). Holds and releases go through one serial lane,
so they happen in the order they were clicked; seat reads go through another, so a later read never lands
before an earlier one. The feed adapter tells the page which seats changed; only those are read again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.feed_adapter import FeedAdapter
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.sales.events import (
    EventDelegate,
    EventListModel,
    curtain_words,
    is_today,
    local,
    long_date,
    now_local,
)
from boxoffice_desktop.ui.sales.seat_view import PlanDecor, SeatLegend, SeatView, format_money
from boxoffice_desktop.ui.theme import Branding
from boxoffice_desktop.ui.widgets import Banner, MessageLine, label

log = logging.getLogger(__name__)

HOLD_TTL_SECONDS = 900
EVENTS_REFRESH_MS = 1500  # after seat changes, the seats-left counts follow within this
CLOCK_MS = 1000
SEAT_LANE = "seats"
READ_LANE = "seat-reads"
RECONNECT_GRACE_MS = 2500


# --- jobs (worker threads: plain values in, plain values out) -------------------------------------------
def plan_decor(bo: Any, seatmap_id: int) -> PlanDecor:
    from boxoffice_desktop.services import seatmaps as seatmaps_svc

    doc = seatmaps_svc.get_document(bo.db, bo.actor, seatmap_id)
    colours = {c.name: c.color for c in doc.categories if c.color}
    for c in doc.categories:
        colours.setdefault(c.name, "")
    try:
        focal = doc.effective_focal_point()
        stage = (float(focal[0]), float(focal[1]))
    except Exception:  # a plan without a usable focal point simply has no stage mark
        log.info("no focal point for seatmap %s", seatmap_id, exc_info=True)
        stage = None
    return PlanDecor(colours=colours, stage=stage)


def read_seats(bo: Any, event_id: int, seat_ids: Sequence[int] | None = None) -> list[Any]:
    from boxoffice_desktop.services import events as events_svc

    return events_svc.event_seats(bo.db, bo.actor, event_id, None if seat_ids is None else list(seat_ids))


class SalesPage(QWidget):
    def __init__(self, bo: Any, feed: FeedAdapter, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SalesPage")
        self.bo = bo
        self.feed = feed
        self.branding = Branding.from_tenant(bo.tenant)
        self._events_loaded = False
        self._events_loading = False
        self._event: Any = None
        self._event_id: int | None = None
        self._generation = 0
        self._seats_loaded_for: int | None = None
        self._decor_cache: dict[int, PlanDecor] = {}
        self._in_flight: set[int] = set()
        self._dirty: set[int] = set()
        self._hold_deadlines: dict[int, float] = {}
        self._stopped = False
        self._ever_connected = feed.connected
        self._build()

        feed.seatsChanged.connect(self._on_seats_changed)
        feed.reloadAll.connect(self._on_reload_all)
        feed.connectionChanged.connect(self._on_connection)

        self._events_timer = QTimer(self)
        self._events_timer.setSingleShot(True)
        self._events_timer.timeout.connect(self.reload_events)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(CLOCK_MS)
        self._grace = QTimer(self)
        self._grace.setSingleShot(True)
        self._grace.timeout.connect(lambda: self._on_connection(self.feed.connected))
        if not feed.connected:
            self._grace.start(RECONNECT_GRACE_MS)
        self.reload_events()

    # building ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.reconnect_banner = Banner(
            "Reconnecting to the server…  Seats shown may be out of date; holds and sales still check every seat.",
            "warning",
        )
        self.reconnect_banner.setObjectName("Banner")
        self.reconnect_banner.setAccessibleName("ReconnectBanner")
        outer.addWidget(self.reconnect_banner)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        outer.addLayout(body, 1)

        # events -----------------------------------------------------------------------------------
        events_panel = QFrame()
        events_panel.setObjectName("EventsPanel")
        events_panel.setFixedWidth(320)
        events_panel.setStyleSheet("#EventsPanel { background: #ffffff; border-right: 1px solid #dfe3e8; }")
        ecol = QVBoxLayout(events_panel)
        ecol.setContentsMargins(12, 16, 12, 12)
        ecol.setSpacing(8)
        head = QHBoxLayout()
        head.setContentsMargins(6, 0, 6, 0)
        head.addWidget(label("Events", "subtitle"))
        head.addStretch(1)
        self.events_count = label("", "small")
        head.addWidget(self.events_count)
        ecol.addLayout(head)
        self.events_model = EventListModel(self)
        self.events_view = QListView()
        self.events_view.setObjectName("EventList")
        self.events_view.setModel(self.events_model)
        self.events_view.setItemDelegate(EventDelegate(self.branding.accent, self.events_view))
        self.events_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.events_view.setMouseTracking(True)
        self.events_view.setUniformItemSizes(True)
        self.events_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.events_view.setStyleSheet("QListView { border: none; background: transparent; }")
        self.events_view.selectionModel().currentChanged.connect(self._event_picked)
        ecol.addWidget(self.events_view, 1)
        self.events_empty = label("Loading events…", "muted", wrap=True)
        self.events_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        ecol.addWidget(self.events_empty)
        body.addWidget(events_panel)

        # the event and its seats --------------------------------------------------------------------
        centre = QVBoxLayout()
        centre.setContentsMargins(0, 0, 0, 0)
        centre.setSpacing(0)
        header = QFrame()
        header.setObjectName("EventHeader")
        hrow = QHBoxLayout(header)
        hrow.setContentsMargins(20, 12, 20, 12)
        hrow.setSpacing(14)
        titles = QVBoxLayout()
        titles.setSpacing(4)
        title_row = QHBoxLayout()
        title_row.setSpacing(12)
        self.event_title = label("No event chosen", object_name="EventTitle")
        title_row.addWidget(self.event_title)
        self.day_badge = QLabel()
        self.day_badge.setObjectName("TodayBadge")
        self.day_badge.hide()
        title_row.addWidget(self.day_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        titles.addLayout(title_row)
        self.event_when = label("", object_name="EventWhen")
        titles.addWidget(self.event_when)
        hrow.addLayout(titles, 1)
        self.seats_left = label("", "muted")
        self.seats_left.setObjectName("SeatsLeft")
        hrow.addWidget(self.seats_left, 0, Qt.AlignmentFlag.AlignVCenter)
        centre.addWidget(header)

        self.not_today_banner = Banner("", "warning")
        self.not_today_banner.setObjectName("Banner")
        centre.addWidget(self.not_today_banner)

        self.seat_view = SeatView(station=self.bo.station)
        self.seat_view.set_allow_house(self.bo.actor.can(Permission.SELL_HOUSE_SEATS))
        self.seat_view.seatToggled.connect(self._seat_toggled)
        self.seat_view.seatRefused.connect(lambda _sid, why: self.message.show_message(why, "info"))
        self.seat_view.selectionChanged.connect(self._selection_changed)
        centre.addWidget(self.seat_view, 1)
        legend_frame = QFrame()
        legend_frame.setStyleSheet("QFrame { background: #ffffff; border-top: 1px solid #dfe3e8; }")
        lrow = QVBoxLayout(legend_frame)
        lrow.setContentsMargins(4, 4, 4, 4)
        self.legend = SeatLegend()
        lrow.addWidget(self.legend)
        centre.addWidget(legend_frame)
        centre_w = QWidget()
        centre_w.setLayout(centre)
        body.addWidget(centre_w, 1)

        # my selection -----------------------------------------------------------------------------
        panel = QFrame()
        panel.setObjectName("SeatPanel")
        panel.setFixedWidth(290)
        pcol = QVBoxLayout(panel)
        pcol.setContentsMargins(16, 16, 16, 16)
        pcol.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(label("My selection", "subtitle"))
        top.addStretch(1)
        self.selection_count = label("", "small")
        top.addWidget(self.selection_count)
        pcol.addLayout(top)
        self.selection_list = QListWidget()
        self.selection_list.setObjectName("SelectionList")
        self.selection_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.selection_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.selection_empty = label(
            "Click free seats on the map to hold them for your customer. Click a seat again to give it back.",
            "muted",
            wrap=True,
        )
        self.selection_empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.selection_stack = QStackedWidget()
        self.selection_stack.addWidget(self.selection_empty)
        self.selection_stack.addWidget(self.selection_list)
        pcol.addWidget(self.selection_stack, 1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #dfe3e8;")
        pcol.addWidget(line)
        total_row = QHBoxLayout()
        total_row.addWidget(label("Total", "muted"))
        total_row.addStretch(1)
        self.total_label = label("0.00", object_name="TotalLabel")
        total_row.addWidget(self.total_label)
        pcol.addLayout(total_row)
        self.hold_timer = label("", object_name="HoldTimer")
        self.hold_timer.setWordWrap(True)
        pcol.addWidget(self.hold_timer)
        buttons = QHBoxLayout()
        self.more_time_button = QPushButton("More time")
        self.more_time_button.setObjectName("MoreTimeButton")
        self.more_time_button.setToolTip("Hold the selected seats for another 15 minutes")
        self.more_time_button.clicked.connect(self.extend_all)
        self.release_button = QPushButton("Release all")
        self.release_button.setObjectName("ReleaseAllButton")
        self.release_button.setToolTip("Give all the seats of your selection back")
        self.release_button.clicked.connect(self.release_all)
        buttons.addWidget(self.more_time_button)
        buttons.addWidget(self.release_button)
        pcol.addLayout(buttons)
        self.message = MessageLine()
        pcol.addWidget(self.message)
        body.addWidget(panel)
        self._selection_changed()

    # state for screenshots and tests -----------------------------------------------------------------
    def is_settled(self) -> bool:
        if not self._events_loaded or self._events_loading:
            return False
        if self._event_id is not None and self._seats_loaded_for != self._event_id:
            return False
        if self._in_flight:
            return False
        return self.feed.connected

    @property
    def event_id(self) -> int | None:
        return self._event_id

    def activate(self) -> None:
        self.seat_view.setFocus()

    def shutdown(self) -> None:
        self._stopped = True
        self._clock.stop()
        self._events_timer.stop()
        self._grace.stop()

    # events ------------------------------------------------------------------------------------------
    def reload_events(self) -> None:
        if self._stopped:
            return
        self._events_loading = True
        bo = self.bo
        run_job(
            bo.events,
            on_success=self._events_arrived,
            on_failure=self._events_failed,
            parent=self,
            name="sales.events",
        )

    def _events_arrived(self, events: list[Any]) -> None:
        self._events_loading = False
        self._events_loaded = True
        keep = self._event_id
        self.events_model.set_events(events)
        n = len(events)
        self.events_count.setText(f"{n} event{'s' if n != 1 else ''}" if n else "")
        self.events_empty.setVisible(n == 0)
        self.events_empty.setText("No events yet. A manager creates them from a published seatmap.")
        row = self.events_model.row_of(keep) if keep is not None else -1
        if row < 0 and n:
            row = 0
        if row >= 0:
            index = self.events_model.index(row)
            self.events_view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            ev = self.events_model.event_at(row)
            if ev is not None and ev.id == self._event_id:
                self._event = ev
                self._show_event_header()
        else:
            self._set_event(None)

    def _events_failed(self, exc: BaseException, message: str) -> None:
        self._events_loading = False
        self._events_loaded = True
        self.events_empty.setText(message)
        self.events_empty.show()

    def _event_picked(self, current: Any, _previous: Any) -> None:
        ev = self.events_model.event_at(current.row()) if current.isValid() else None
        if ev is None or ev.id != self._event_id:
            self._set_event(ev)

    def select_event(self, event_id: int) -> bool:
        row = self.events_model.row_of(event_id)
        if row < 0:
            return False
        self.events_view.selectionModel().setCurrentIndex(
            self.events_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        return True

    def _set_event(self, ev: Any | None) -> None:
        self._generation += 1
        self._event = ev
        self._event_id = ev.id if ev is not None else None
        self._seats_loaded_for = None
        self._in_flight.clear()
        self._dirty.clear()
        self.message.clear_message()
        self.seat_view.set_seats([])
        self.seat_view.set_empty_text("Loading seats…" if ev is not None else "Choose an event to see its seats.")
        self._show_event_header()
        if ev is not None:
            self._load_event(ev)

    def _show_event_header(self) -> None:
        ev = self._event
        if ev is None:
            self.event_title.setText("No event chosen")
            self.event_when.setText("")
            self.day_badge.hide()
            self.not_today_banner.hide()
            self.seats_left.setText("")
            return
        now = now_local()
        self.event_title.setText(ev.name)
        self.event_when.setText(f"{long_date(ev.starts_at)}   ·   {ev.venue_name}")
        today = is_today(ev, now)
        if today:
            self.day_badge.setObjectName("TodayBadge")
            self.day_badge.setText(f"TODAY  ·  {curtain_words(ev, now)}")
            self.not_today_banner.hide()
        else:
            d = local(ev.starts_at)
            self.day_badge.setObjectName("NotTodayBadge")
            self.day_badge.setText(f"NOT TODAY  ·  {d:%a} {d.day} {d:%b}")
            days = (d.date() - now.date()).days
            span = (
                (f"in {days} days" if days > 1 else "tomorrow")
                if days > 0
                else ("yesterday" if days == -1 else f"{-days} days ago")
            )
            self.not_today_banner.setText(
                f"This event is not today: it is on {d:%A} {d.day} {d:%B} ({span}). Check the date with the customer."
            )
            self.not_today_banner.show()
        self.day_badge.style().unpolish(self.day_badge)
        self.day_badge.style().polish(self.day_badge)
        self.day_badge.show()
        self._update_seats_left()

    def _update_seats_left(self) -> None:
        seats = self.seat_view.seats()
        if not seats or self._event is None:
            ev = self._event
            self.seats_left.setText(f"{ev.seats_free} of {ev.seats_total} left" if ev is not None else "")
            return
        free = sum(1 for s in seats if s.state == "free")
        self.seats_left.setText(f"{free} of {len(seats)} seats free")

    def _load_event(self, ev: Any, *, refresh: bool = False) -> None:
        """Read the event's plan decoration and all its seats. ``refresh``: the event itself may have
        changed (moved to another version of its seatmap), so read the event again too and keep what
        the view shows until the answer is there."""
        generation = self._generation
        bo = self.bo
        decor_cache = dict(self._decor_cache)
        event_id = ev.id

        def work() -> tuple[Any, PlanDecor, list[Any]]:
            info = ev
            if refresh:
                from boxoffice_desktop.services import events as events_svc

                info = events_svc.get_event(bo.db, bo.actor, event_id)
            decor = decor_cache.get(info.seatmap_id) or plan_decor(bo, info.seatmap_id)
            return info, decor, read_seats(bo, event_id)

        def done(result: tuple[Any, PlanDecor, list[Any]]) -> None:
            if generation != self._generation:
                return
            info, decor, seats = result
            self._decor_cache[info.seatmap_id] = decor
            self._event = info
            self.seat_view.set_decor(decor)
            if refresh and self._in_flight:
                # Seats being held or released right now keep their look until their own job answers.
                self._dirty.update(self._in_flight)
                same = {s.id for s in seats} == {s.id for s in self.seat_view.seats()}
                if same:
                    self.seat_view.update_seats([s for s in seats if s.id not in self._in_flight])
                else:
                    self.seat_view.set_seats(seats)
            else:
                self.seat_view.set_seats(seats)
            self.seat_view.set_empty_text("This event has no seats.")
            self._seats_loaded_for = event_id
            self._update_legend(seats)
            self._show_event_header()
            self._selection_changed()

        def failed(_exc: BaseException, message: str) -> None:
            if generation != self._generation:
                return
            self._seats_loaded_for = event_id
            if not refresh:
                self.seat_view.set_empty_text(message)
            self.message.show_message(message, "error")

        run_job(work, on_success=done, on_failure=failed, parent=self, lane=READ_LANE, name="sales.event")

    def _update_legend(self, seats: Sequence[Any]) -> None:
        prices: dict[str, Decimal | None] = {}
        for s in seats:
            prices.setdefault(s.category, s.price)
        items = [(name, self.seat_view.category_colour(name), price) for name, price in prices.items()]
        self.legend.set_categories(items)

    # live updates ------------------------------------------------------------------------------------
    def _on_seats_changed(self, event_id: int, seat_ids: list[int] | None) -> None:
        if self._stopped:
            return
        self._events_timer.start(EVENTS_REFRESH_MS)
        if event_id != self._event_id or self._seats_loaded_for != event_id:
            return
        if seat_ids is None and self._event is not None:
            self._load_event(self._event, refresh=True)  # the whole event changed (a new map version...)
        else:
            self.reload_seats(seat_ids)

    def _on_reload_all(self) -> None:
        if self._stopped:
            return
        self.reload_events()
        if self._event is not None and self._seats_loaded_for == self._event_id:
            self._load_event(self._event, refresh=True)

    def reload_seats(self, seat_ids: Sequence[int] | None) -> None:
        """Read these seats (None: all of the event's) again and show them."""
        event_id = self._event_id
        if event_id is None:
            return
        generation = self._generation
        bo = self.bo
        ids = None if seat_ids is None else sorted(set(seat_ids))

        def done(seats: list[Any]) -> None:
            if generation != self._generation:
                return
            fresh = []
            for s in seats:
                if s.id in self._in_flight:
                    self._dirty.add(s.id)  # read again when the click's job is done
                else:
                    fresh.append(s)
            if ids is None and {s.id for s in seats} != {s.id for s in self.seat_view.seats()}:
                self.seat_view.set_seats(seats)
            else:
                self.seat_view.update_seats(fresh)
            self._update_seats_left()
            if any(s.id in self.seat_view.selection() for s in fresh):
                self.refresh_selection()

        run_job(
            lambda: read_seats(bo, event_id, ids),
            on_success=done,
            parent=self,
            lane=READ_LANE,
            on_failure=lambda _e, m: self.message.show_message(m, "error"),
            name="sales.seats",
        )

    def _on_connection(self, connected: bool) -> None:
        if connected:
            self._ever_connected = True
            self._grace.stop()
            self.reconnect_banner.hide()
        elif self._ever_connected or not self._grace.isActive():
            self.reconnect_banner.show()

    # clicks: hold and release ------------------------------------------------------------------------
    def _seat_toggled(self, seat_id: int, selected: bool) -> None:
        event_id = self._event_id
        if event_id is None:
            return
        seat = self.seat_view.seat(seat_id)
        generation = self._generation
        bo = self.bo
        self._in_flight.add(seat_id)
        self.message.clear_message()
        started = time.monotonic()

        if selected:
            house = seat is not None and seat.block_kind == "house"

            def work() -> tuple[Any, list[Any]]:
                info = bo.hold(event_id, [seat_id], ttl_seconds=HOLD_TTL_SECONDS, allow_house=house)
                return info, read_seats(bo, event_id, list(info.seat_ids))

            def done(result: tuple[Any, list[Any]]) -> None:
                info, seats = result
                self._hold_deadlines[info.id] = started + HOLD_TTL_SECONDS
                self._settle(generation, [seat_id], seats)

            name = "sales.hold"
        else:
            hold_id = seat.hold_id if seat is not None else None

            def work() -> tuple[int, list[Any]]:
                from boxoffice_desktop.services import holds as holds_svc

                ids = [seat_id]
                if hold_id is not None:
                    ids = sorted(set(holds_svc.hold_info(bo.db, bo.actor, hold_id).seat_ids) | {seat_id})
                    bo.release(hold_id)
                return hold_id or 0, read_seats(bo, event_id, ids)

            def done(result: tuple[int, list[Any]]) -> None:
                released, seats = result
                self._hold_deadlines.pop(released, None)
                self._settle(generation, [seat_id], seats)

            name = "sales.release"

        def failed(_exc: BaseException, message: str) -> None:
            if generation != self._generation:
                return
            self._in_flight.discard(seat_id)
            self.seat_view.clear_pending([seat_id])
            self.message.show_message(message, "error")
            self.reload_seats([seat_id])

        run_job(work, on_success=done, on_failure=failed, parent=self, lane=SEAT_LANE, name=name)

    def _settle(self, generation: int, clicked: Iterable[int], seats: list[Any]) -> None:
        if generation != self._generation:
            return
        clicked = list(clicked)
        for sid in clicked:
            self._in_flight.discard(sid)
        self.seat_view.update_seats(seats)
        self.seat_view.clear_pending(clicked)
        again = [sid for sid in clicked if sid in self._dirty]
        self._dirty.difference_update(again)
        if again:
            self.reload_seats(again)
        self._update_seats_left()
        self.refresh_selection()

    def release_all(self) -> None:
        event_id = self._event_id
        if event_id is None:
            return
        mine = [self.seat_view.seat(sid) for sid in self.seat_view.selection()]
        hold_ids = sorted({s.hold_id for s in mine if s is not None and s.hold_id is not None})
        seat_ids = [s.id for s in mine if s is not None]
        if not hold_ids:
            return
        generation = self._generation
        bo = self.bo
        self._in_flight.update(seat_ids)

        def work() -> list[Any]:
            for hid in hold_ids:
                bo.release(hid)
            return read_seats(bo, event_id, seat_ids)

        def done(seats: list[Any]) -> None:
            for hid in hold_ids:
                self._hold_deadlines.pop(hid, None)
            self._settle(generation, seat_ids, seats)
            self.message.show_message(f"Released {len(seat_ids)} seat{'s' if len(seat_ids) != 1 else ''}.", "ok")

        def failed(_exc: BaseException, message: str) -> None:
            if generation != self._generation:
                return
            self._in_flight.difference_update(seat_ids)
            self.message.show_message(message, "error")
            self.reload_seats(seat_ids)

        run_job(work, on_success=done, on_failure=failed, parent=self, lane=SEAT_LANE, name="sales.release_all")

    def extend_all(self) -> None:
        mine = [self.seat_view.seat(sid) for sid in self.seat_view.selection()]
        hold_ids = sorted({s.hold_id for s in mine if s is not None and s.hold_id is not None})
        if not hold_ids:
            return
        bo = self.bo
        started = time.monotonic()

        def work() -> list[int]:
            return [bo.extend(hid, HOLD_TTL_SECONDS).id for hid in hold_ids]

        def done(extended: list[int]) -> None:
            for hid in extended:
                self._hold_deadlines[hid] = started + HOLD_TTL_SECONDS
            self._tick()
            self.message.show_message("Your seats are held for another 15 minutes.", "ok")

        run_job(
            work,
            on_success=done,
            parent=self,
            lane=SEAT_LANE,
            name="sales.extend",
            on_failure=lambda _e, m: self.message.show_message(m, "error"),
        )

    # the selection panel -----------------------------------------------------------------------------
    def _selection_row(self, seat: Any, pending: bool) -> QWidget:
        row = QWidget()
        row.setObjectName("SelectionRow")
        grid = QHBoxLayout(row)
        grid.setContentsMargins(2, 7, 2, 7)
        grid.setSpacing(8)
        chip = QLabel()
        chip.setFixedSize(12, 12)
        colour = self.seat_view.category_colour(seat.category).name()
        chip.setStyleSheet(f"background: {colour}; border-radius: 6px;")
        grid.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        words = QVBoxLayout()
        words.setSpacing(1)
        place = (
            ", ".join(
                p for p in (f"Row {seat.row}" if seat.row else "", f"Seat {seat.number}" if seat.number else "") if p
            )
            or seat.label
        )
        words.addWidget(label(place, object_name="SeatWords"))
        meta = f"{seat.zone}  ·  {seat.category}" if seat.zone else seat.category
        words.addWidget(label(meta + ("  ·  holding…" if pending else ""), object_name="SeatMeta"))
        grid.addLayout(words, 1)
        grid.addWidget(label(format_money(seat.price), object_name="SeatPrice"), 0, Qt.AlignmentFlag.AlignTop)
        row.setToolTip(seat.label)
        return row

    def refresh_selection(self) -> None:
        """Rebuild the selection panel from the seat view (cheap: a handful of rows)."""
        self._selection_changed()

    def _selection_changed(self) -> None:
        ids = self.seat_view.selection()
        pending = self.seat_view.pending()
        self.selection_list.clear()
        total = Decimal("0.00")
        for sid in ids:
            seat = self.seat_view.seat(sid)
            if seat is None:
                continue
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, sid)
            widget = self._selection_row(seat, sid in pending)
            item.setSizeHint(widget.sizeHint())
            self.selection_list.addItem(item)
            self.selection_list.setItemWidget(item, widget)
            if seat.price is not None:
                total += seat.price
        n = len(ids)
        self.selection_count.setText(f"{n} seat{'s' if n != 1 else ''}" if n else "")
        self.selection_stack.setCurrentWidget(self.selection_list if n else self.selection_empty)
        self.total_label.setText(format_money(total))
        self.release_button.setEnabled(n > 0)
        self.more_time_button.setEnabled(n > 0)
        self._tick()

    def _tick(self) -> None:
        now = time.monotonic()
        mine = {
            self.seat_view.seat(sid).hold_id
            for sid in self.seat_view.selection()
            if self.seat_view.seat(sid) is not None
        }
        deadlines = [d for hid, d in self._hold_deadlines.items() if hid in mine]
        if not self.seat_view.selection():
            self.hold_timer.setText("")
        elif deadlines:
            left = max(0, int(min(deadlines) - now))
            m, s = divmod(left, 60)
            self.hold_timer.setText(f"Held for {m}:{s:02d} more; the seats go back on sale after that.")
            self.hold_timer.setStyleSheet("color: #b3261e; font-weight: 600;" if left < 120 else "")
        else:
            self.hold_timer.setText("Held at this station.")
        if self._event is not None and int(now) % 30 == 0:
            self.events_model.refresh_clock()
            self._show_event_header()
