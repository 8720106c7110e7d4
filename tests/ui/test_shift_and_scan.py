"""The drawer and the door: a shift opened with a float, an X report (a cashier counts blind), closed with
a count by denomination, a difference and its reason, the Z report printed to PDF; scanning tickets (valid,
void after a reprint, invalid) and finding an order by its code."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from boxoffice_desktop.ui.printing.tickets import pages_in_pdf, pdf_printer
from boxoffice_desktop.ui.sales.find import ScanResultDialog
from boxoffice_desktop.ui.shift import CloseShiftDialog, OpenShiftDialog, ReportDialog
from tests.ui.conftest import release_everything
from tests.ui.counter import click_seat, counter_page, free_row_seats, key, open_page
from tests.ui.shots import shoot

pytestmark = [pytest.mark.gui, pytest.mark.db]


def ctrl_shift(qtbot, page, k) -> None:
    """Ctrl+Shift+``k`` in the scan field: the shift bar's keys."""
    key(qtbot, page.top_bar.scan_field, k, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def test_shift_open_x_close_with_a_difference_and_z_report(qtbot, session_factory, artifacts_dir, tmp_path, idle):
    bo = session_factory("till-s1", "cashier")
    page, adapter = open_page(qtbot, bo)
    bar = page.shift_bar
    try:
        assert bar.report is None and "No shift open" in bar.state.text()
        # Open with a float: Ctrl+Shift+O, type, Enter.
        ctrl_shift(qtbot, page, Qt.Key.Key_O)
        qtbot.waitUntil(lambda: isinstance(bar.dialog, OpenShiftDialog) and bar.dialog.isVisible(), timeout=5000)
        dialog = bar.dialog
        qtbot.waitUntil(dialog.amount.hasFocus, timeout=5000)
        qtbot.keyClicks(dialog.amount, "5000")
        key(qtbot, dialog.amount, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bar.report is not None, timeout=10_000)
        assert bar.report.opening_float == Decimal("5000.00")
        assert "Shift open" in bar.state.text() and "5\u2009000.00" in bar.state.text()
        assert "Cashier" in bar.state.text()

        # A cash sale in the shift.
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow, timeout=5000)
        (seat,) = free_row_seats(page, 1, "Balcony", skip=5)
        click_seat(qtbot, page, seat)
        qtbot.waitUntil(lambda: page.seat_view.state_of(seat) == "mine", timeout=10_000)
        page.printing.ticket_printer = pdf_printer(str(tmp_path / "t.pdf"))
        key(qtbot, page.seat_view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.session.last_order is not None, timeout=20_000)
        sale = page.session.last_order.total

        # X report: a look; the cashier counts blind, so the expected cash is hidden.
        qtbot.waitUntil(lambda: page.is_settled(), timeout=10_000)
        ctrl_shift(qtbot, page, Qt.Key.Key_X)
        qtbot.waitUntil(lambda: isinstance(bar.dialog, ReportDialog) and bar.dialog.isVisible(), timeout=10_000)
        x = bar.dialog
        assert x.report.kind == "X" and x.report.expected_cash is None
        assert x.report.totals == {"cash": sale}
        assert "hidden (blind count)" in x.html
        x.reject()
        qtbot.waitUntil(lambda: not x.isVisible(), timeout=5000)

        # Close: count by denomination, 100 short; the service asks for a reason; then the Z report.
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow, timeout=5000)
        ctrl_shift(qtbot, page, Qt.Key.Key_C)
        qtbot.waitUntil(lambda: isinstance(bar.dialog, CloseShiftDialog) and bar.dialog.isVisible(), timeout=10_000)
        close = bar.dialog
        expected = Decimal("5000.00") + sale
        counted = expected - Decimal("100")
        notes = {Decimal(k): v for k, v in {"5000": int(counted // 5000)}.items()}
        rest = counted - 5000 * notes[Decimal("5000")]
        notes[Decimal("100")] = int(rest // 100)
        notes[Decimal("1")] = int(rest % 100)
        for value, n in notes.items():
            close.counts[value].setValue(n)
        assert Decimal(close.total.text()) == counted
        assert close.expected_label.text().startswith("hidden")
        key(qtbot, close.total, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "give a reason" in close.message.text(), timeout=10_000)
        assert close.isVisible() and "100.00 short" in close.message.text()
        qtbot.waitUntil(close.reason.hasFocus, timeout=5000)
        qtbot.keyClicks(close.reason, "Change given twice to one customer")
        key(qtbot, close.reason, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: isinstance(bar.dialog, ReportDialog) and bar.dialog.report.kind == "Z", timeout=10_000)
        z = bar.dialog
        assert z.report.expected_cash == expected and z.report.counted_cash == counted
        assert z.report.difference == Decimal("-100.00")
        assert z.report.difference_reason == "Change given twice to one customer"
        assert z.report.totals == {"cash": sale}
        assert bar.report is None and "No shift open" in bar.state.text()
        idle()
        shoot(z, artifacts_dir / "counter-z-report.png")
        z.save(str(tmp_path / "z.pdf"))
        assert pages_in_pdf((tmp_path / "z.pdf").read_bytes()) >= 1
        assert "Saved to" in z.message.text()
        z.reject()
    finally:
        page.shutdown()
        adapter.close()
        release_everything(bo, page.event_id)


@pytest.fixture
def sold(session_factory):
    """An order of two tickets sold by a script at another till."""
    bo = session_factory("till-s2", "admin", background=False)
    event_id = bo.events()[0].id
    ids = [s.id for s in bo.seats(event_id) if s.state == "free" and s.category == "Box"][:2]
    hold = bo.hold(event_id, ids)
    if bo.current_shift() is None:
        bo.open_shift(0)
    order = bo.sell(hold.id, payment_method="cash")
    return order, bo.tickets(order.id)


def scan(qtbot, page, code: str) -> ScanResultDialog:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    key(qtbot, page.seat_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.top_bar.scan_field.hasFocus()
    previous = page.dialog
    qtbot.keyClicks(page.top_bar.scan_field, code)
    key(qtbot, page.top_bar.scan_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ScanResultDialog) and page.dialog is not previous, timeout=10_000)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def test_scan_valid_void_after_reprint_invalid_and_find_order(
    qtbot, session_factory, sold, artifacts_dir, tmp_path, idle
):
    order, tickets = sold
    bo = session_factory("till-s3", "cashier")
    with counter_page(qtbot, bo, tmp_path / "reprint.pdf") as page:
        first = tickets[0]
        dialog = scan(qtbot, page, first.code)
        assert dialog.state.state == "valid" and dialog.state.word.text() == "VALID"
        assert order.code in dialog.state.detail.text()
        assert dialog.selected_item() == first.item_id
        idle()
        shoot(dialog, artifacts_dir / "counter-scan-valid.png")

        # Reprint: a new code, the old one no longer admits, and the dialog says so.
        qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "no longer admits" in dialog.message.text(), timeout=10_000)
        qtbot.waitUntil(lambda: page.printing.jobs == 1, timeout=10_000)
        assert pages_in_pdf((tmp_path / "reprint.pdf").read_bytes()) == 1
        new = next(t for t in dialog.tickets if t.item_id == first.item_id)
        assert new.code != first.code
        dialog.reject()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)

        void = scan(qtbot, page, first.code)
        assert void.state.state == "void" and void.state.word.text() == "VOID"
        assert "reprinted" in void.state.detail.text()
        idle()
        shoot(void, artifacts_dir / "counter-scan-void.png")
        void.reject()

        fresh = scan(qtbot, page, new.code)
        assert fresh.state.state == "valid"
        fresh.reject()

        forged = scan(qtbot, page, first.code[:-4] + ("AAAA" if not first.code.endswith("AAAA") else "BBBB"))
        assert forged.state.state == "invalid" and forged.state.word.text() == "INVALID"
        assert forged.table is None  # nothing of an order behind a forged code
        idle()
        shoot(forged, artifacts_dir / "counter-scan-invalid.png")
        forged.reject()

        garbage = scan(qtbot, page, "hello")
        assert garbage.state.state == "invalid"
        garbage.reject()

        by_code = scan(qtbot, page, order.code.lower())
        assert by_code.scan.order.id == order.id and by_code.state.word.text() == f"ORDER {order.code}"
        assert by_code.table.rowCount() == 2
        by_code.reject()

        missing = scan(qtbot, page, "ZZZZZZZZ")
        assert missing.state.state == "invalid" and "No order" in missing.state.detail.text()
        missing.reject()
