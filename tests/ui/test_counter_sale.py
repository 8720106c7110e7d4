"""Selling at the counter, end to end with real clicks and keys: seats picked on the live map, price types
by function keys, Enter for cash exact; cash tendered with change; card; best available and next best;
tickets printed to a PDF printer and rendered to PNG; the order in the database; another station sees
the seats sold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from boxoffice_desktop.ui.money import format_money
from boxoffice_desktop.ui.printing.tickets import pages_in_pdf, render_ticket_image
from boxoffice_desktop.ui.sales.checkout import CardDialog, CashDialog
from tests.ui.conftest import release_everything
from tests.ui.counter import click_seat, counter_page, free_row_seats, key, open_page, pick_seats
from tests.ui.shots import shoot

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def counter(qtbot, session_factory, tmp_path):
    """A cashier at till-c1 with an open shift, tickets printing to a PDF file; another station's page."""
    bo = session_factory("till-c1", "cashier")
    if bo.current_shift() is None:
        bo.open_shift(Decimal("5000"))
    with counter_page(qtbot, bo, tmp_path / "tickets.pdf") as page:
        yield bo, page
    if page.event_id is not None:
        release_everything(bo, page.event_id)


def test_cash_sale_with_keys_and_clicks(qtbot, counter, session_factory, artifacts_dir, tmp_path, idle):
    bo, page = counter
    other = session_factory("till-c2", "admin")
    other_page, other_adapter = open_page(qtbot, other)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    event_id = page.event_id
    view = page.seat_view
    seats = free_row_seats(page, 3, "Stalls A")
    pick_seats(qtbot, page, seats)
    assert page.cart_panel.model.rowCount() == 3
    held = {s.id: s for s in bo.seats(event_id)}
    assert {held[s].hold_id for s in seats} == {page.hold_id}  # one cart, one hold

    # Price types by function keys, the focus still on the map: F2 concession, F3 child, F1 full.
    assert view.hasFocus()
    key(qtbot, view, Qt.Key.Key_F2)
    key(qtbot, view, Qt.Key.Key_F3)
    key(qtbot, view, Qt.Key.Key_F3)
    key(qtbot, view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # takes the last child back
    key(qtbot, view, Qt.Key.Key_F1)
    types = [line.price_type for line in page.cart_panel.model.lines()]
    assert types == ["concession", "child", "full"]
    prices = {(c, t): p for (c, t), p in page.session.prices.items()}
    total = prices[("Stalls A", "concession")] + prices[("Stalls A", "child")] + prices[("Stalls A", "full")]
    assert page.pay_bar.total_label.text() == format_money(total, "RUB")
    assert page.price_types.buttons[1].text().endswith("×1")
    idle()
    shoot(page.window(), artifacts_dir / "counter-sales-cart.png")

    # Enter: cash, exact amount, tickets printed; back to an idle screen with the scan field focused.
    key(qtbot, view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.session.last_order is not None, timeout=20_000)
    order = page.session.last_order
    assert order.status == "PAID" and order.total == total and order.payment_method == "cash"
    qtbot.waitUntil(lambda: all(view.state_of(s) == "sold" for s in seats), timeout=10_000)
    assert page.cart_panel.model.rowCount() == 0
    assert page.top_bar.scan_field.hasFocus()
    assert "Paid" in page.message.text()
    # The order in the database, with its price types; the other station's map shows the seats sold.
    stored = bo.order(order.id)
    assert stored.status == "PAID"
    assert sorted(i.price_type for i in stored.items) == ["child", "concession", "full"]
    qtbot.waitUntil(lambda: all(other_page.seat_view.state_of(s) == "sold" for s in seats), timeout=10_000)
    # One print job with three pages; the tickets also as PNG.
    qtbot.waitUntil(lambda: page.printing.jobs == 1, timeout=10_000)
    pdf = tmp_path / "tickets.pdf"
    assert pdf.exists() and pages_in_pdf(pdf.read_bytes()) == 3
    tickets = page.session.last_tickets
    assert len(tickets) == 3 and {t.price_type.lower() for t in tickets} == {"full", "concession", "child"}
    image = render_ticket_image(tickets[0], "RUB")
    assert image.width() > 1000 and not image.isNull()
    image.save(str(artifacts_dir / "counter-ticket.png"))
    # Save as PDF too.
    saved = page.printer.save_tickets_pdf(tickets, str(tmp_path / "saved.pdf"))
    assert saved and pages_in_pdf((tmp_path / "saved.pdf").read_bytes()) == 3
    idle()
    other_page.shutdown()
    other_adapter.close()


def test_cash_tendered_shows_the_change_in_large_type(qtbot, counter, artifacts_dir, idle):
    bo, page = counter
    view = page.seat_view
    seats = free_row_seats(page, 2, "Stalls B")
    pick_seats(qtbot, page, seats)
    key(qtbot, view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: isinstance(page.dialog, CashDialog) and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    qtbot.waitUntil(dialog.tendered.hasFocus, timeout=5000)
    qtbot.keyClicks(dialog.tendered, "6000")
    total = page.session.cart_view().total
    assert dialog.change.text() == format_money(Decimal("6000") - total, "RUB")
    key(qtbot, dialog.tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.complete, timeout=20_000)
    assert dialog.order.change == Decimal("6000.00") - total
    assert dialog.change.text() == format_money(dialog.order.change, "RUB")
    assert dialog.outcome.state == "paid"
    idle()
    qtbot.waitUntil(lambda: page.printing.jobs == 1, timeout=10_000)
    shoot(dialog, artifacts_dir / "counter-cash-change.png")
    key(qtbot, dialog.pay_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(page.top_bar.scan_field.hasFocus, timeout=5000)
    assert bo.order(dialog.order.id).status == "PAID"


def test_card_on_the_terminal_needs_the_cashiers_confirmation(qtbot, counter, idle):
    bo, page = counter
    view = page.seat_view
    (seat,) = free_row_seats(page, 1, "Balcony")
    click_seat(qtbot, page, seat)
    qtbot.waitUntil(lambda: view.state_of(seat) == "mine", timeout=10_000)
    key(qtbot, view, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: isinstance(page.dialog, CardDialog) and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    assert dialog.outcome.state == "pending"  # nothing recorded before the terminal said yes
    assert {s.id: s.state for s in bo.seats(page.event_id)}[seat] == "held"
    key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.complete, timeout=20_000)
    assert dialog.order.payment_method == "card" and dialog.order.status == "PAID"
    key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: view.state_of(seat) == "sold", timeout=10_000)
    idle()


def test_best_available_and_next_best(qtbot, counter, artifacts_dir, idle):
    bo, page = counter
    view = page.seat_view
    event_id = page.event_id
    # Ctrl+B, type the quantity, Enter: the best three seats together go into the cart.
    key(qtbot, view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert page.best_panel.quantity.hasFocus()
    page.best_panel.quantity.selectAll()
    qtbot.keyClicks(page.best_panel.quantity, "3")
    key(qtbot, page.best_panel.quantity, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.cart_ids()) == 3 and page.is_settled(), timeout=20_000)
    first = page.cart_ids()
    seats = {s.id: s for s in view.seats()}
    assert len({seats[s].row_key for s in first}) == 1  # one row
    assert sorted(seats[s].ordinal for s in first) == list(range(seats[first[0]].ordinal, seats[first[0]].ordinal + 3))
    assert all(view.state_of(s) == "mine" for s in first)
    assert "Best available" in page.message.text()
    held = {s.id: s for s in bo.seats(event_id)}
    assert {held[s].hold_id for s in first} == {page.hold_id}

    # F6: next best gives the offer back and takes the next block.
    key(qtbot, view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: page.is_settled() and bool(set(page.cart_ids()) - set(first)), timeout=20_000)
    second = page.cart_ids()
    assert len(second) == 3 and not set(second) & set(first)
    states = {s.id: s.state for s in bo.seats(event_id)}
    assert all(states[s] == "free" for s in first) and all(states[s] == "held" for s in second)
    # With a category: only its seats.
    page.best_panel.category.setCurrentIndex(page.best_panel.category.findData("Balcony"))
    page.best_panel.quantity.setValue(2)
    qtbot.mouseClick(page.best_panel.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.cart_ids()) == 5 and page.is_settled(), timeout=20_000)
    assert sum(1 for s in page.cart_ids() if view.seat(s).category == "Balcony") == 2
    idle()
    shoot(page.window(), artifacts_dir / "counter-best-available.png")
    key(qtbot, view, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not page.cart_ids() and page.is_settled(), timeout=10_000)
    assert page.hold_id is None


def test_more_time_and_giving_a_seat_back(qtbot, counter, idle):
    bo, page = counter
    view = page.seat_view
    a, b = free_row_seats(page, 2, "Stalls B", skip=1)
    click_seat(qtbot, page, a)
    click_seat(qtbot, page, b)
    qtbot.waitUntil(lambda: view.state_of(a) == "mine" and view.state_of(b) == "mine", timeout=10_000)
    hold_id = page.hold_id
    key(qtbot, view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "another 15 minutes" in page.message.text(), timeout=10_000)
    # Delete takes the current cart line out: that seat goes back, the hold keeps the other.
    page.cart_panel.view.setFocus()
    page.cart_panel.view.selectRow(0)
    key(qtbot, page.cart_panel.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.state_of(a) == "free" and page.is_settled(), timeout=10_000)
    states = {s.id: s for s in bo.seats(page.event_id)}
    assert states[a].state == "free" and states[b].state == "held" and states[b].hold_id == hold_id
    assert page.cart_ids() == [b]
    idle()


def test_no_shift_no_cash_sale(qtbot, session_factory, idle):
    bo = session_factory("till-c9", "cashier")
    page, adapter = open_page(qtbot, bo)
    try:
        assert page.shift_bar.report is None
        view = page.seat_view
        (seat,) = free_row_seats(page, 1, "Balcony", skip=2)
        click_seat(qtbot, page, seat)
        qtbot.waitUntil(lambda: view.state_of(seat) == "mine", timeout=10_000)
        key(qtbot, view, Qt.Key.Key_Return)
        assert "Open a cash shift at till-c9" in page.message.text()
        assert page.shift_bar.property("attention") is True
        assert view.state_of(seat) == "mine"  # the cart is as it was
        idle()
    finally:
        page.shutdown()
        adapter.close()
        release_everything(bo, page.event_id)


def test_keys_list_and_tooltips(qtbot, counter, artifacts_dir):
    _bo, page = counter
    dialog = page.show_shortcuts()  # the program's one list of keys (the editor's F1 shows the same dialog)
    qtbot.waitExposed(dialog)
    shoot(dialog, artifacts_dir / "counter-shortcuts.png")
    text = "\n".join(w.text() for w in dialog.findChildren(QLabel))
    for must in ("Enter", "F8", "F9", "F10", "F5", "F6", "Ctrl+F", "Ctrl+Shift+C", "Shift+F1", "Concession"):
        assert must in text, must
    assert "a cash sale is Enter" in text
    pay = page.pay_bar.buttons
    for button in (pay["cash"], pay["card"], pay["yookassa"], page.best_panel.find_button):
        assert "(" in button.toolTip() and ")" in button.toolTip()
    assert "(" in page.cart_panel.release_button.toolTip()
    dialog.close()


def test_cart_model(qtmodeltester, counter):
    _bo, page = counter
    qtmodeltester.check(page.cart_panel.model)
