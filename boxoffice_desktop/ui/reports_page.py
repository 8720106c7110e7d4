"""The Reports area (accountants, managers, administrators): the seats sold and paid in a period.

A period (today by default, with quick choices) and an optional event; a preview of every seat sold
(``services.reports.sales``) with the totals by payment method above it; "Export to Excel…" writes the same
period with ``bo.export_sales`` (a Sales sheet and a Summary), customer text escaped from formulas.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.kit.area_page import AreaPage
from boxoffice_desktop.ui.kit.areas import AreaHeader, allow, area_stylesheet, button, fill_event_filter
from boxoffice_desktop.ui.kit.asking import file_dialog
from boxoffice_desktop.ui.kit.formats import day_and_time, money, plural
from boxoffice_desktop.ui.kit.labels import MessageLine, label
from boxoffice_desktop.ui.kit.tables import RIGHT, Column, RecordTableModel, make_table, sorted_proxy
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.orders.detail import method_words
from boxoffice_desktop.ui.theme import Branding

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

log = logging.getLogger(__name__)

RELOAD_DELAY_MS = 250
MAX_METHOD_TILES = 4


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date
    event_id: int | None

    def words(self) -> str:
        if self.date_from == self.date_to:
            return f"{self.date_from:%a} {self.date_from.day} {self.date_from:%b %Y}"
        return f"{self.date_from.day} {self.date_from:%b %Y} – {self.date_to.day} {self.date_to:%b %Y}"

    def file_name(self) -> str:
        if self.date_from == self.date_to:
            return f"Sales {self.date_from.isoformat()}.xlsx"
        return f"Sales {self.date_from.isoformat()} to {self.date_to.isoformat()}.xlsx"


@dataclass(frozen=True)
class SalesPreview:
    period: Period
    lines: tuple[Any, ...]  # services.reports.SaleLine

    def totals(self) -> list[tuple[str, int, Decimal]]:
        """(payment method, seats, amount), the largest amount first."""
        by: dict[str, list[Any]] = defaultdict(lambda: [0, Decimal("0.00")])
        for line in self.lines:
            by[line.payment_method][0] += 1
            by[line.payment_method][1] += line.price
        return sorted(((m, n, a) for m, (n, a) in by.items()), key=lambda t: (-t[2], t[0]))

    @property
    def amount(self) -> Decimal:
        return sum((line.price for line in self.lines), Decimal("0.00"))


def load_sales(bo: BoxOffice, period: Period) -> SalesPreview:
    lines = bo.sales(date_from=period.date_from, date_to=period.date_to, event_id=period.event_id)
    return SalesPreview(period, tuple(lines))


def sales_model(parent: Any, currency: Any) -> RecordTableModel:
    return RecordTableModel(
        [
            Column("Paid", lambda r: r.paid_at, text=day_and_time, width=118),
            Column("Order", lambda r: r.order_code, width=102),
            Column(
                "Event", lambda r: r.event, width=140, tip=lambda r: f"{r.event}, {day_and_time(r.event_starts_at)}"
            ),
            Column("Seat", lambda r: r.seat, width=166),
            Column("Category", lambda r: r.category, width=90),
            Column("Type", lambda r: r.price_type, width=80),
            Column("Price", lambda r: r.price, text=lambda v: money(v, currency()), align=RIGHT, width=100),
            Column("Payment", lambda r: method_words(r.payment_method), width=84),
            Column("Station", lambda r: r.station, width=76),
            Column("Cashier", lambda r: r.cashier, width=90),
            Column("Customer", lambda r: r.customer or "—"),
        ],
        parent,
    )


class StatTile(QFrame):
    def __init__(self, name: str, lead: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StatTile")
        self.setProperty("lead", lead)
        col = QVBoxLayout(self)
        col.setContentsMargins(16, 12, 16, 12)
        col.setSpacing(2)
        self.name = label(name, object_name="StatName")
        self.value = label("—", object_name="StatValue")
        self.detail = label("", object_name="StatName")
        col.addWidget(self.name)
        col.addWidget(self.value)
        col.addWidget(self.detail)

    def set(self, name: str, value: str, detail: str) -> None:
        self.name.setText(name)
        self.value.setText(value)
        self.detail.setText(detail)


class ReportsPage(AreaPage):
    def __init__(self, bo: BoxOffice, parent: QWidget | None = None):
        super().__init__(parent)
        self.bo = bo
        self.setObjectName("AreaPage")
        self.setStyleSheet(area_stylesheet(Branding.from_tenant(bo.tenant)))
        self.currency = "RUB"
        self.preview: SalesPreview | None = None
        self.dialog: QWidget | None = None
        self._asked = 0
        self._answered = 0
        self._events_loaded = False
        self._exporting = False

        header = AreaHeader(
            "Reports",
            "Seats sold and paid in a period, with the totals by payment method. Export them to Excel for the books.",
        )
        self.export_button = header.add(button("Export to Excel…", primary=True, name="ExportExcel"))
        self.export_button.clicked.connect(self.choose_export)
        allow(self.export_button, bo.actor.can(Permission.EXPORT_REPORTS), "Your role may not export reports.")

        filters = QHBoxLayout()
        filters.setSpacing(10)
        today = QDate.currentDate()
        self.date_from = self._date_edit("DateFrom", today)
        self.date_to = self._date_edit("DateTo", today)
        filters.addWidget(label("From", "key"))
        filters.addWidget(self.date_from)
        filters.addWidget(label("to", "key"))
        filters.addWidget(self.date_to)
        filters.addSpacing(8)
        self.quick: dict[str, Any] = {}
        for key, text in (
            ("today", "Today"),
            ("yesterday", "Yesterday"),
            ("week", "Last 7 days"),
            ("month", "This month"),
        ):
            b = button(text, flat=True, name=f"Quick-{key}")
            b.clicked.connect(lambda _=False, k=key: self.quick_period(k))
            self.quick[key] = b
            filters.addWidget(b)
        filters.addStretch(1)
        self.event_filter = QComboBox()
        self.event_filter.setObjectName("ReportEvent")
        self.event_filter.addItem("All events", None)
        self.event_filter.setMinimumWidth(240)
        self.event_filter.currentIndexChanged.connect(lambda _i: self._reload_soon())
        filters.addWidget(self.event_filter)

        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        self.total_tile = StatTile("Total", lead=True)
        self.method_tiles = [StatTile("") for _ in range(MAX_METHOD_TILES)]
        for tile in (self.total_tile, *self.method_tiles):
            tile.setMinimumWidth(200)
            tile.setMaximumWidth(320)
            tiles.addWidget(tile, 1)
        for tile in self.method_tiles:
            tile.hide()
        tiles.addStretch(1)

        self.message = MessageLine()
        self.model = sales_model(self, lambda: self.currency)
        self.proxy = sorted_proxy(self.model, self)
        self.table = make_table(self.proxy, self.model.columns, object_name="SalesTable")
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.count_label = label("", "note")

        body = QVBoxLayout()
        body.setContentsMargins(24, 16, 24, 20)
        body.setSpacing(12)
        body.addLayout(filters)
        body.addWidget(self.message)
        body.addLayout(tiles)
        body.addWidget(self.table, 1)
        body.addWidget(self.count_label)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(header)
        outer.addLayout(body, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.reload)

    def _date_edit(self, name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMinimumWidth(130)
        edit.dateChanged.connect(lambda _d: self._reload_soon())
        return edit

    # life --------------------------------------------------------------------------------------------
    def activate(self) -> None:
        if not self._events_loaded:
            self._load_events()
        self.reload()

    def is_settled(self) -> bool:
        return self._events_loaded and self._asked > 0 and self._answered == self._asked and not self._exporting

    def shutdown(self) -> None:
        self._timer.stop()

    def apply_branding(self, branding: Branding) -> None:
        self.setStyleSheet(area_stylesheet(branding))

    def period(self) -> Period:
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return Period(
            start,
            end,
            self.event_filter.currentData(),
        )

    def quick_period(self, key: str) -> None:
        today = date.today()
        start, end = {
            "today": (today, today),
            "yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
            "week": (today - timedelta(days=6), today),
            "month": (today.replace(day=1), today),
        }[key]
        for edit, value in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(value.year, value.month, value.day))
            edit.blockSignals(False)
        self.reload()

    def _load_events(self) -> None:
        bo = self.bo

        def work() -> tuple[list[Any], str]:
            return bo.events(), bo.settings().currency

        def done(result: tuple[list[Any], str]) -> None:
            events, currency = result
            self._events_loaded = True
            self.currency = currency or self.currency
            fill_event_filter(self.event_filter, events)
            self.model.refresh()
            if self.preview is not None:
                self._show(self.preview)

        def failed(_exc: BaseException, message: str) -> None:
            self._events_loaded = True
            self.message.show_message(message, "error")

        run_job(work, on_success=done, on_failure=failed, parent=self, name="reports.events")

    # the preview -------------------------------------------------------------------------------------
    def _reload_soon(self) -> None:
        self._timer.start()

    def reload(self) -> None:
        self._timer.stop()
        self._asked += 1
        number = self._asked
        period = self.period()
        bo = self.bo

        def done(preview: SalesPreview) -> None:
            self._answered = max(self._answered, number)
            if number != self._asked:
                return
            self.preview = preview
            self.message.clear_message()
            self._show(preview)

        def failed(_exc: BaseException, message: str) -> None:
            self._answered = max(self._answered, number)
            if number != self._asked:
                return
            self.message.show_message(message, "error")

        run_job(lambda: load_sales(bo, period), on_success=done, on_failure=failed, parent=self, name="reports.sales")

    def _show(self, preview: SalesPreview) -> None:
        self.model.set_rows(preview.lines)
        n = len(preview.lines)
        self.total_tile.set(
            f"Total · {preview.period.words()}",
            money(preview.amount, self.currency),
            plural(n, "seat") + " sold" if n else "nothing sold in this period",
        )
        totals = preview.totals()
        shown = totals[: MAX_METHOD_TILES - 1] if len(totals) > MAX_METHOD_TILES else totals
        rest = totals[len(shown) :]
        if rest:
            shown = [*shown, ("other", sum(t[1] for t in rest), sum((t[2] for t in rest), Decimal("0.00")))]
        for tile, total in zip(self.method_tiles, [*shown, *[None] * MAX_METHOD_TILES], strict=False):
            if total is None:
                tile.hide()
                continue
            method, seats, amount = total
            share = f" · {amount / preview.amount:.0%}" if preview.amount else ""
            tile.set(
                method_words(method) if method != "other" else "Other",
                money(amount, self.currency),
                plural(seats, "seat") + share,
            )
            tile.show()
        self.count_label.setText(
            f"{plural(n, 'seat')} in {plural(len({line.order_code for line in preview.lines}), 'order')}"
            if n
            else "No seat was sold and paid in this period."
        )
        self.export_button.setToolTip(f"Write these {plural(n, 'seat')} to an Excel workbook")

    # export ------------------------------------------------------------------------------------------
    def choose_export(self) -> None:
        period = self.period()
        self.dialog = file_dialog(
            self,
            "Export sales to Excel",
            lambda path: self.export(path, period),
            save=True,
            filters=["Excel workbook (*.xlsx)"],
            suffix="xlsx",
            name=period.file_name(),
        )

    def export(self, path: str, period: Period | None = None) -> None:
        period = period or self.period()
        bo = self.bo
        self._exporting = True
        self.export_button.setEnabled(False)
        self.message.show_message(f"Writing {path}…", "info")

        def done(count: int) -> None:
            self._exporting = False
            self.export_button.setEnabled(True)
            self.dialog = None
            self.message.show_message(f"Exported {plural(count, 'seat')} ({period.words()}) to {path}.", "ok")

        def failed(_exc: BaseException, message: str) -> None:
            self._exporting = False
            self.export_button.setEnabled(True)
            self.dialog = None
            self.message.show_message(message, "error")

        run_job(
            lambda: bo.export_sales(path, date_from=period.date_from, date_to=period.date_to, event_id=period.event_id),
            on_success=done,
            on_failure=failed,
            parent=self,
            name="reports.export",
        )
