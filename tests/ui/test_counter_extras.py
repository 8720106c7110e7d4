"""The rest of the counter: finding events by name and date (and a date that is not today in the payment
dialog), wheelchair places (best available, a companion seat not sold alone without a yes), the warning
when a pick strands a single seat, the cash receipt, and the whole window with a cart."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from boxoffice_desktop.counter.calendar import is_today, local
from boxoffice_desktop.ui.printing.tickets import pages_in_pdf, pdf_printer
from boxoffice_desktop.ui.sales.checkout import CashDialog, ConfirmDialog
from tests.ui.conftest import notify_seats, release_everything
from tests.ui.counter import click_seat, counter_page, free_row_seats, key, pick_seats
from tests.ui.shots import shoot

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def counter(qtbot, session_factory, tmp_path):
    bo = session_factory("till-x1", "cashier")
    if bo.current_shift() is None:
        bo.open_shift(Decimal("1000"))
    with counter_page(qtbot, bo, tmp_path / "tickets.pdf") as page:
        yield bo, page
    for ev in bo.events():
        release_everything(bo, ev.id)


def test_events_found_by_name_and_date_and_not_today_stays_loud(qtbot, counter, artifacts_dir, idle):
    bo, page = counter
    today = page.event_id
    later = next(e for e in page.events_panel.model.events() if not is_today(e))
    key(qtbot, page.seat_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert page.events_panel.search.hasFocus()
    qtbot.keyClicks(page.events_panel.search, "swan")
    assert page.events_panel.filter.rowCount() == 1
    assert page.event_id == today  # searching never changes the chosen event
    page.events_panel.search.clear()
    d = local(later.starts_at)
    qtbot.keyClicks(page.events_panel.search, f"{d.day}.{d.month}")
    assert page.events_panel.filter.rowCount() == 1
    page.events_panel.search.clear()
    qtbot.keyClicks(page.events_panel.search, f"{d:%Y-%m-%d}")
    assert page.events_panel.filter.rowCount() == 1
    # Down picks it; the not-today banner and badge are up.
    key(qtbot, page.events_panel.search, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.event_id == later.id and page.is_settled(), timeout=20_000)
    assert page.header.not_today_banner.isVisible() and page.header.day_badge.text().startswith("NOT TODAY")
    page.events_panel.search.clear()
    assert page.events_panel.filter.rowCount() == len(page.events_panel.model.events())
    assert page.event_id == later.id

    # The payment dialog repeats the date, loud.
    (seat,) = free_row_seats(page, 1, "Stalls B")
    click_seat(qtbot, page, seat)
    qtbot.waitUntil(lambda: page.seat_view.state_of(seat) == "mine", timeout=10_000)
    key(qtbot, page.seat_view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: isinstance(page.dialog, CashDialog) and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    assert dialog.summary.not_today == f"{d:%a} {d.day} {d:%b}"
    idle()
    shoot(dialog, artifacts_dir / "counter-cash-not-today.png")
    key(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert page.seat_view.state_of(seat) == "mine"  # cancelling the payment keeps the cart
    assert page.select_event(today)
    qtbot.waitUntil(lambda: page.event_id == today and page.is_settled(), timeout=20_000)
    # Choosing another event gave the cart's seats back.
    qtbot.waitUntil(lambda: {s.id: s.state for s in bo.seats(later.id)}[seat] == "free", timeout=10_000)


def test_wheelchair_places_companions_and_stranded_seats(qtbot, db, counter, tmp_path, idle):
    bo, page = counter
    event_id = page.event_id
    view = page.seat_view
    row = free_row_seats(page, 6, "Stalls B", skip=2)
    wheel, companion = row[0], row[1]
    guid = view.seat(wheel).guid
    tenant = bo.tenant.id
    with db.connection(tenant) as conn:
        conn.execute(
            text("UPDATE event_seat SET wheelchair = true WHERE tenant_id = :t AND id = :s"), {"t": tenant, "s": wheel}
        )
        conn.execute(
            text("UPDATE event_seat SET companion_of = :g WHERE tenant_id = :t AND id = :s"),
            {"g": guid, "t": tenant, "s": companion},
        )
        notify_seats(conn, tenant, event_id, None)
    qtbot.waitUntil(lambda: view.seat(wheel).wheelchair and view.seat(companion).companion_of == guid, timeout=10_000)
    qtbot.waitUntil(page.is_settled, timeout=10_000)
    assert "Wheelchair place" in view.describe(wheel) and "Companion" in view.describe(companion)

    # Best available with a wheelchair place: the block holds it.
    page.best_panel.wheelchair.setChecked(True)
    page.best_panel.quantity.setValue(2)
    key(qtbot, view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: len(page.cart_ids()) == 2 and page.is_settled(), timeout=20_000)
    assert wheel in page.cart_ids()
    key(qtbot, view, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not page.cart_ids() and page.is_settled(), timeout=10_000)
    page.best_panel.wheelchair.setChecked(False)

    # The companion seat alone: the cashier must say yes on purpose (Enter means "go back").
    click_seat(qtbot, page, companion)
    qtbot.waitUntil(lambda: view.state_of(companion) == "mine", timeout=10_000)
    key(qtbot, view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ConfirmDialog) and page.dialog.isVisible(), timeout=5000)
    ask = page.dialog
    qtbot.waitUntil(ask.no_button.hasFocus, timeout=5000)
    key(qtbot, ask.no_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ask.isVisible(), timeout=5000)
    assert page.session.last_order is None and view.state_of(companion) == "mine"
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    view.setFocus()
    key(qtbot, view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ConfirmDialog) and page.dialog is not ask, timeout=5000)
    qtbot.mouseClick(page.dialog.yes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.session.last_order is not None, timeout=20_000)
    assert [i.seat_id for i in page.session.last_order.items] == [companion]

    # A pick that leaves one seat alone between taken seats: a warning, the seats still held.
    a, b = row[3], row[5]
    click_seat(qtbot, page, a)
    click_seat(qtbot, page, b)
    qtbot.waitUntil(
        lambda: view.state_of(a) == "mine" and view.state_of(b) == "mine" and page.is_settled(), timeout=10_000
    )
    assert page.message.kind == "warning" and view.seat(row[4]).label in page.message.text()
    idle()


def test_cash_receipt_prints_as_its_own_job(qtbot, counter, tmp_path, artifacts_dir, idle):
    _bo, page = counter
    view = page.seat_view
    page.printing.receipt_printer = pdf_printer(str(tmp_path / "receipt.pdf"), ticket_pages=False)
    seats = free_row_seats(page, 2, "Balcony", skip=1)
    pick_seats(qtbot, page, seats)
    key(qtbot, view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: isinstance(page.dialog, CashDialog) and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    qtbot.waitUntil(dialog.tendered.hasFocus, timeout=5000)
    qtbot.keyClicks(dialog.tendered, "5000")
    key(qtbot, dialog.tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.complete and page.printing.jobs == 1, timeout=20_000)
    assert dialog.receipt_button.isVisible()
    key(qtbot, dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.printing.jobs == 2, timeout=10_000)
    assert "Receipt sent to the printer" in dialog.message.text()
    assert pages_in_pdf((tmp_path / "receipt.pdf").read_bytes()) == 1
    from boxoffice_desktop.ui.printing.documents import receipt_html, render_html_image

    render_html_image(receipt_html(page.printer.receipt_data(dialog.order, page.session.last_tickets)), 380).save(
        str(artifacts_dir / "counter-receipt.png")
    )
    key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_the_whole_window_with_a_cart(qtbot, session_factory, artifacts_dir, idle):
    from boxoffice_desktop.ui.main_window import MainWindow

    bo = session_factory("till-x2", "cashier")
    if bo.current_shift() is None:
        bo.open_shift(Decimal("5000"))
    window = MainWindow(bo)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    with qtbot.waitExposed(window):
        window.show()
    page = window.pages["sales"]
    qtbot.waitUntil(page.is_settled, timeout=30_000)
    window.activateWindow()
    seats = free_row_seats(page, 4, "Stalls A", skip=1)
    pick_seats(qtbot, page, seats)
    key(qtbot, page.seat_view, Qt.Key.Key_F2)
    key(qtbot, page.seat_view, Qt.Key.Key_F2)
    key(qtbot, page.seat_view, Qt.Key.Key_F3)
    idle()
    qtbot.waitUntil(page.is_settled, timeout=10_000)
    shoot(window, artifacts_dir / "counter-window-cart.png")
    window.shutdown()
    release_everything(bo, page.event_id)


def test_the_first_print_asks_the_system_print_dialog_then_never_again(qtbot, counter, tmp_path, idle):
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QLineEdit

    _bo, page = counter
    view = page.seat_view
    page.printing.ticket_printer = None  # a fresh station: no ticket printer chosen yet
    out = tmp_path / "chosen.pdf"
    for round_ in (1, 2):
        seats = free_row_seats(page, 2, "Balcony" if round_ == 1 else "Stalls A", skip=round_)
        pick_seats(qtbot, page, seats)
        key(qtbot, view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda seats=seats: all(view.state_of(s) == "sold" for s in seats), timeout=20_000)
        if round_ == 1:
            qtbot.waitUntil(lambda: isinstance(page.printing.dialog, QPrintDialog), timeout=10_000)
            dialog = page.printing.dialog
            assert dialog.isVisible()
            # This machine has no printer: the system dialog offers "Print to File (PDF)"; name the file.
            dialog.findChild(QLineEdit, "filename").setText(str(out))
            dialog.accept()
        qtbot.waitUntil(lambda round_=round_: page.printing.jobs == round_, timeout=10_000)
        assert page.printing.dialog is None  # the second sale printed without asking
        assert out.exists() and pages_in_pdf(out.read_bytes()) >= 1
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    idle()
