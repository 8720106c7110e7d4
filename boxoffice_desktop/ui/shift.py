"""The cash shift at the counter: its state in the sales screen's top bar (open, float, cashier), opening
with a float, the X report (a look; a cashier counts blind, so the expected cash is hidden from them),
closing with a count (by denomination, or a total) and a reason for any difference, and the Z report,
printed or saved as PDF."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from boxoffice_desktop.errors import InvalidInput
from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.ui.kit.dialogs import CounterDialog, StatePanel
from boxoffice_desktop.ui.kit.keys import tip
from boxoffice_desktop.ui.kit.labels import label
from boxoffice_desktop.ui.money import denominations, format_money, parse_money
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.printing.documents import report_html, report_rows, report_title
from boxoffice_desktop.ui.theme import repolish

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice
    from boxoffice_desktop.services.shifts import ShiftReport

SHIFT_LANE = "shift"


def since_words(report: Any) -> str:
    opened = report.opened_at.astimezone() if report.opened_at.tzinfo else report.opened_at
    return f"since {opened:%H:%M}"


class OpenShiftDialog(CounterDialog):
    def __init__(self, currency: str | None, open_shift: Callable[..., None], parent: QWidget | None = None):
        super().__init__("Open the shift", parent, subtitle="Count the float in the drawer before the first sale.")
        self.currency = currency
        self._open = open_shift
        row = QHBoxLayout()
        row.addWidget(label("Opening float", "fieldLabel"))
        self.amount = QLineEdit()
        self.amount.setObjectName("FloatField")
        self.amount.setPlaceholderText("0.00")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.amount, 1)
        self.body.addLayout(row)
        self.cancel = self.button("Cancel", "Esc")
        self.cancel.clicked.connect(self.reject)
        self.ok = self.button("Open shift", "Enter", primary=True, name="OpenShiftButton")
        self.ok.clicked.connect(self.submit)
        self.initial_focus = self.amount

    def submit(self) -> None:
        text = self.amount.text().strip() or "0"
        amount = parse_money(text)
        if amount is None:
            self.message.show_message("Type the float as an amount, such as 5000.", "error")
            return
        self.ok.setEnabled(False)
        self.message.show_message("Opening…", "info")

        def failed(message: str) -> None:
            self.ok.setEnabled(True)
            self.message.show_message(message, "error")

        self._open(amount, self.accept, failed)


class ReportDialog(CounterDialog):
    """An X or Z report on screen, with Print and Save as PDF."""

    def __init__(
        self,
        report: Any,
        organisation: str,
        currency: str | None,
        print_html: Callable[[str, Callable[[str, bool], None]], None],
        save_pdf: Callable[[str, str], None],
        parent: QWidget | None = None,
    ):
        z = report.kind == "Z"
        subtitle = "The shift is closed." if z else "The shift stays open."
        super().__init__(report_title(report), parent, subtitle=subtitle)
        self.setObjectName("ReportDialog")
        self.setMinimumWidth(560)
        self.report = report
        self.html = report_html(report, organisation, currency or "")
        self._print_html = print_html
        self._save_pdf = save_pdf
        if z and report.difference is not None:
            state = StatePanel(compact=True)
            diff: Decimal = report.difference
            if diff == 0:
                state.set_state("paid", "EXACT", "The drawer matches the expected cash.")
            else:
                words = f"{format_money(abs(diff), currency)} {'over' if diff > 0 else 'short'}"
                state.set_state("void", words.upper(), f"Reason: {report.difference_reason or '—'}")
            self.body.addWidget(state)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        for r, (caption, value, css) in enumerate(report_rows(report, currency or "")):
            c = label(caption, "muted")
            v = label(value, object_name="ReportValue")
            v.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            v.setWordWrap(True)
            if css in ("over", "short", "muted"):
                v.setProperty("tone", css)  # coloured by the theme (light.qss)
            grid.addWidget(c, r, 0)
            grid.addWidget(v, r, 1)
        grid.setColumnStretch(1, 1)
        card = QFrame()
        card.setObjectName("ReportCard")
        card.setLayout(grid)
        self.body.addWidget(card)
        self.close_button = self.button("Close", "Esc")
        self.close_button.clicked.connect(self.reject)
        self.save_button = self.button("Save as PDF…", "Ctrl+S", name="SavePdfButton")
        self.save_button.clicked.connect(self.save)
        self.print_button = self.button("Print", "Ctrl+P", primary=True, name="PrintReportButton")
        self.print_button.clicked.connect(self.print_report)
        from PySide6.QtGui import QKeySequence, QShortcut

        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.print_report)
        self.initial_focus = self.print_button

    def print_report(self) -> None:
        self._print_html(self.html, lambda m, ok: self.message.show_message(m, "ok" if ok else "error"))

    def save(self, path: str | None = None) -> None:
        if not path:
            name = f"{self.report.kind.lower()}-report-shift-{self.report.shift_id}.pdf"
            path, _ = QFileDialog.getSaveFileName(self, "Save the report", name, "PDF (*.pdf)")
        if not path:
            return
        try:
            self._save_pdf(self.html, path)
        except Exception as exc:  # a file that cannot be written is one line
            self.message.show_message(f"Cannot save the report: {exc}", "error")
            return
        self.message.show_message(f"Saved to {path}.", "ok")


class CloseShiftDialog(CounterDialog):
    """Count the drawer (by denomination, or a total), give a reason for a difference, close: the Z report.

    A cashier counts blind: the expected amount is hidden, and the service says "short" or "over" only
    when the count is submitted; then a reason is needed to close."""

    def __init__(
        self,
        report: Any,
        currency: str | None,
        close: Callable[[Decimal, str | None, Callable[[Any], None], Callable[[BaseException, str], None]], None],
        parent: QWidget | None = None,
    ):
        super().__init__(
            "Close the shift",
            parent,
            subtitle=f"Shift {report.shift_id} · {report.cashier} · "
            f"{since_words(report)} · float {format_money(report.opening_float, currency)}",
        )
        self.setMinimumWidth(600)
        self.report = report
        self.currency = currency
        self._close = close
        self.expected: Decimal | None = report.expected_cash
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.counts: dict[Decimal, QSpinBox] = {}
        notes = denominations(currency or "")
        half = (len(notes) + 1) // 2
        for i, value in enumerate(notes):
            col = 0 if i < half else 3
            row = i if i < half else i - half
            name = label(format_money(value, currency), object_name="Denomination")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            spin = QSpinBox()
            spin.setObjectName(f"Count{value}")
            spin.setRange(0, 99999)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            spin.setMinimumWidth(70)
            spin.valueChanged.connect(self._from_counts)
            grid.addWidget(name, row, col)
            grid.addWidget(spin, row, col + 1)
            self.counts[value] = spin
        grid.setColumnMinimumWidth(2, 24)
        box = QFrame()
        box.setObjectName("CountCard")
        box.setLayout(grid)
        self.body.addWidget(label("Count by denomination (or type the total below)", "fieldLabel"))
        self.body.addWidget(box)
        totals = QGridLayout()
        totals.setHorizontalSpacing(16)
        totals.addWidget(label("Counted", "fieldLabel"), 0, 0)
        self.total = QLineEdit()
        self.total.setObjectName("CountedField")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.total.setPlaceholderText("0.00")
        self.total.textEdited.connect(self._typed_total)
        totals.addWidget(self.total, 0, 1)
        totals.addWidget(label("Expected", "fieldLabel"), 1, 0)
        self.expected_label = label(
            format_money(self.expected, currency) if self.expected is not None else "hidden: you count blind",
            object_name="ExpectedValue",
        )
        totals.addWidget(self.expected_label, 1, 1)
        totals.addWidget(label("Difference", "fieldLabel"), 2, 0)
        self.difference = label("—", object_name="DifferenceValue")
        totals.addWidget(self.difference, 2, 1)
        totals.addWidget(label("Reason", "fieldLabel"), 3, 0)
        self.reason = QLineEdit()
        self.reason.setObjectName("ReasonField")
        self.reason.setPlaceholderText("needed when the drawer is over or short")
        totals.addWidget(self.reason, 3, 1)
        totals.setColumnStretch(1, 1)
        self.body.addLayout(totals)
        self.cancel = self.button("Cancel", "Esc")
        self.cancel.clicked.connect(self.reject)
        self.ok = self.button("Close shift", "Enter", primary=True, name="CloseShiftButton")
        self.ok.clicked.connect(self.submit)
        self.z_report: Any = None
        self.initial_focus = next(iter(self.counts.values()), None)
        self._show_difference()

    def counted(self) -> Decimal | None:
        return parse_money(self.total.text().strip() or "0")

    def _from_counts(self) -> None:
        total = sum((value * spin.value() for value, spin in self.counts.items()), Decimal("0.00"))
        self.total.setText(f"{total:.2f}")
        self._show_difference()

    def _typed_total(self, _text: str) -> None:
        for spin in self.counts.values():
            spin.blockSignals(True)
            spin.setValue(0)
            spin.blockSignals(False)
        self._show_difference()

    def _show_difference(self) -> None:
        counted = self.counted()
        if self.expected is None or counted is None:
            self.difference.setText("shown on the Z report" if self.expected is None else "—")
            return
        diff = counted - self.expected
        if diff == 0:
            self.difference.setText("exact")
            self.difference.setProperty("tone", "exact")
        else:
            self.difference.setText(f"{format_money(abs(diff), self.currency)} {'over' if diff > 0 else 'short'}")
            self.difference.setProperty("tone", "short")
        repolish(self.difference)

    def submit(self) -> None:
        counted = self.counted()
        if counted is None:
            self.message.show_message("Type the counted cash as an amount, such as 12500.", "error")
            self.total.setFocus()
            return
        if self.expected is not None and counted != self.expected and not self.reason.text().strip():
            self.message.show_message("The drawer does not match: give a reason to close.", "error")
            self.reason.setFocus()
            return
        self.ok.setEnabled(False)
        self.message.show_message("Closing…", "info")
        reason = self.reason.text().strip() or None

        def done(report: Any) -> None:
            self.z_report = report
            self.accept()

        def failed(exc: BaseException, message: str) -> None:
            self.ok.setEnabled(True)
            kind = "info" if isinstance(exc, InvalidInput) else "error"
            self.message.show_message(message, kind)
            if isinstance(exc, InvalidInput) and "reason" in message:
                self.reason.setFocus()
                self.reason.setProperty("wanted", True)
                repolish(self.reason)

        self._close(counted, reason, done, failed)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            event.accept()
            return
        super().keyPressEvent(event)


class ShiftBar(QFrame):
    """The shift's state in the top bar, and its three actions."""

    changed = Signal(object)  # the open shift's X report, or None

    def __init__(
        self,
        bo: BoxOffice,
        currency: Callable[[], str | None],
        print_html: Callable[[str, Callable[[str, bool], None]], None],
        save_pdf: Callable[[str, str], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("ShiftBar")
        self.bo = bo
        self._currency = currency
        self._print_html = print_html
        self._save_pdf = save_pdf
        self.report: Any = None
        self.loaded = False
        self.dialog: CounterDialog | None = None
        self.allowed = bo.actor.can(Permission.RUN_SHIFT)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 8, 4)
        row.setSpacing(8)
        self.dot = QLabel()
        self.dot.setObjectName("ShiftDot")
        self.dot.setFixedSize(10, 10)
        row.addWidget(self.dot)
        self.state = label("Shift: checking…", object_name="ShiftState")
        row.addWidget(self.state)
        self.open_button = QPushButton("Open shift…")
        self.open_button.setObjectName("OpenShiftButton")
        self.x_button = QPushButton("X report")
        self.x_button.setObjectName("XReportButton")
        self.close_button = QPushButton("Close shift…")
        self.close_button.setObjectName("CloseShiftButton")
        for b in (self.open_button, self.x_button, self.close_button):
            b.setProperty("flat", True)
            b.setAutoDefault(True)
            b.setVisible(False)
            row.addWidget(b)
        self.open_button.clicked.connect(self.open_dialog)
        self.x_button.clicked.connect(self.x_report)
        self.close_button.clicked.connect(self.close_dialog)
        tip(self.open_button, "Open a cash shift with a float", "Ctrl+Shift+O")
        tip(self.x_button, "X report: a look at the shift, which stays open", "Ctrl+Shift+X")
        tip(self.close_button, "Count the drawer and close the shift (Z report)", "Ctrl+Shift+C")

    # state ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        bo = self.bo
        run_job(
            bo.current_shift,
            on_success=self.set_report,
            on_failure=lambda _e, m: self.state.setText(f"Shift: {m}"),
            parent=self,
            lane=SHIFT_LANE,
            name="shift.current",
        )

    def set_report(self, report: Any) -> None:
        self.loaded = True
        self.report = report
        currency = self._currency()
        if report is None:
            self.setProperty("state", "closed")
            self.state.setText("No shift open — cash and card sales need one")
        else:
            self.setProperty("state", "open")
            self.state.setText(
                f"Shift open  ·  float {format_money(report.opening_float, currency)}  ·  "
                f"{report.cashier}  ·  {since_words(report)}"
            )
        self.dot.setProperty("state", self.property("state"))
        self.open_button.setVisible(self.allowed and report is None)
        self.x_button.setVisible(self.allowed and report is not None)
        self.close_button.setVisible(self.allowed and report is not None)
        repolish(self)
        repolish(self.dot)
        self.changed.emit(report)

    def flash(self) -> None:
        """Draw the eye to the bar (a sale was refused for want of a shift)."""
        self.setProperty("attention", True)
        repolish(self)
        QTimer.singleShot(2500, self._calm)
        if self.open_button.isVisible():
            self.open_button.setFocus()

    def _calm(self) -> None:
        self.setProperty("attention", False)
        repolish(self)

    # actions ----------------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        if not self.allowed or self.report is not None:
            return
        bo = self.bo

        def open_shift(amount: Decimal, ok: Callable[[], None], fail: Callable[[str], None]) -> None:
            def done(report: Any) -> None:
                self.set_report(report)
                ok()

            run_job(
                lambda: bo.open_shift(amount),
                on_success=done,
                on_failure=lambda _e, m: fail(m),
                parent=self,
                lane=SHIFT_LANE,
                name="shift.open",
            )

        self.dialog = OpenShiftDialog(self._currency(), open_shift, self.window())
        self.dialog.open()

    def x_report(self) -> None:
        if not self.allowed or self.report is None:
            return
        bo = self.bo
        run_job(
            bo.x_report,
            on_success=self.show_report,
            on_failure=lambda _e, m: self.state.setText(m),
            parent=self,
            lane=SHIFT_LANE,
            name="shift.x_report",
        )

    def show_report(self, report: ShiftReport) -> None:
        dialog = ReportDialog(
            report,
            self.bo.tenant.display_name,
            self._currency(),
            self._print_html,
            self._save_pdf,
            self.window(),
        )
        self.dialog = dialog
        dialog.open()

    def close_dialog(self) -> None:
        if not self.allowed or self.report is None:
            return
        bo = self.bo

        def opened(report: Any) -> None:
            def close(
                counted: Decimal,
                reason: str | None,
                ok: Callable[[Any], None],
                fail: Callable[[BaseException, str], None],
            ) -> None:
                run_job(
                    lambda: bo.close_shift(counted, reason=reason),
                    on_success=ok,
                    on_failure=fail,
                    parent=self,
                    lane=SHIFT_LANE,
                    name="shift.close",
                )

            dialog = CloseShiftDialog(report, self._currency(), close, self.window())
            self.dialog = dialog

            def finished(result: int) -> None:
                if dialog.z_report is not None:
                    self.set_report(None)
                    self.show_report(dialog.z_report)

            dialog.finished.connect(finished)
            dialog.open()

        # The X report tells what the role may see (the expected cash, or a blind count).
        run_job(
            bo.x_report,
            on_success=opened,
            on_failure=lambda _e, m: self.state.setText(m),
            parent=self,
            lane=SHIFT_LANE,
            name="shift.before_close",
        )
