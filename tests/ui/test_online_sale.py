"""Online payments at the counter: YooKassa against the fake server (a real HTTP server on 127.0.0.1) with
the link and its QR code on screen, polled until paid, then tickets; the mock provider declining, and the
seats back on sale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from boxoffice_desktop.services import online_sales
from boxoffice_desktop.ui.printing.tickets import pages_in_pdf
from boxoffice_desktop.ui.sales import checkout
from boxoffice_desktop.ui.sales.checkout import CustomerDialog, OnlinePaymentDialog
from tests.fakes.yookassa import fake_yookassa
from tests.ui.conftest import release_everything
from tests.ui.counter import click_seat, counter_page, free_row_seats, key, pick_seats
from tests.ui.shots import shoot

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def fast_polls(monkeypatch):
    monkeypatch.setattr(checkout, "POLL_MS", 400)
    monkeypatch.setattr(online_sales, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.setattr(online_sales, "READ_TIMEOUT", 1.0)
    monkeypatch.setattr(online_sales, "RETRY_BASE_DELAY", 0.05)
    online_sales.forget_providers()
    yield
    online_sales.forget_providers()


@pytest.fixture
def station(qtbot, session_factory, tmp_path, fast_polls):
    bo = session_factory("till-o1", "admin")
    with counter_page(qtbot, bo, tmp_path / "online.pdf") as page:
        yield bo, page
    if page.event_id is not None:
        release_everything(bo, page.event_id)


def test_yookassa_sale_with_qr_polling_and_tickets(qtbot, station, artifacts_dir, tmp_path, idle):
    bo, page = station
    view = page.seat_view
    with fake_yookassa() as fake:
        bo.configure_yookassa(fake.shop_id, fake.secret_key, api_url=fake.api_url)
        seats = free_row_seats(page, 2, "Stalls B", skip=3)
        pick_seats(qtbot, page, seats)

        # The customer, for the receipt: F7, a new customer, Enter.
        key(qtbot, view, Qt.Key.Key_F7)
        qtbot.waitUntil(lambda: isinstance(page.dialog, CustomerDialog) and page.dialog.isVisible(), timeout=5000)
        customer = page.dialog
        customer.name.setFocus()
        qtbot.keyClicks(customer.name, "Olga Petrova")
        qtbot.keyClicks(customer.email, "olga@example.test")
        key(qtbot, customer.email, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not customer.isVisible(), timeout=5000)
        assert page.session.customer == {"name": "Olga Petrova", "email": "olga@example.test", "phone": ""}
        assert "Olga Petrova" in page.cart_panel.customer_label.text()

        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow, timeout=5000)
        view.setFocus()
        key(qtbot, view, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: isinstance(page.dialog, OnlinePaymentDialog), timeout=5000)
        dialog = page.dialog
        qtbot.waitUntil(lambda: dialog.order is not None and dialog.order.status == "PENDING", timeout=20_000)
        assert len(fake.payments) == 1
        payment = fake.payments[0]
        assert dialog.link.text() == payment["confirmation"]["confirmation_url"]
        assert dialog.qr.pixmap() is not None and not dialog.qr.pixmap().isNull()
        assert dialog.outcome.state == "pending"
        # The seats stay held for the payment, out of the cart: the next customer can be served.
        qtbot.waitUntil(lambda: page.is_settled(), timeout=10_000)
        assert page.cart_ids() == []
        assert all(view.state_of(s) == "held" for s in seats)
        assert {s.id: s.state for s in bo.seats(page.event_id)}[seats[0]] == "held"
        watcher = dialog.watcher
        assert watcher is not None
        qtbot.waitUntil(lambda: watcher.polls >= 2, timeout=20_000)  # polled, still pending, nothing blocked
        assert dialog.order.status == "PENDING"
        idle()
        shoot(dialog, artifacts_dir / "counter-yookassa-qr.png")

        fake.succeed(payment["id"])
        qtbot.waitUntil(lambda: dialog.complete, timeout=20_000)
        assert dialog.order.status == "PAID" and dialog.outcome.state == "paid"
        assert len(fake.payments) == 1  # exactly one payment for the sale
        qtbot.waitUntil(lambda: page.printing.jobs == 1, timeout=10_000)
        assert pages_in_pdf((tmp_path / "online.pdf").read_bytes()) == 2
        qtbot.waitUntil(lambda: all(view.state_of(s) == "sold" for s in seats), timeout=10_000)
        order = bo.order(dialog.order.id)
        assert order.status == "PAID" and order.payment_method == "yookassa"
        assert len(bo.tickets(order.id)) == 2
        idle()
        shoot(dialog, artifacts_dir / "counter-yookassa-paid.png")
        key(qtbot, dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_mock_provider_declines_and_the_seats_go_back_on_sale(qtbot, station, artifacts_dir, idle):
    bo, page = station
    view = page.seat_view
    bo.configure_mock("decline")
    try:
        (seat,) = free_row_seats(page, 1, "Balcony", skip=4)
        click_seat(qtbot, page, seat)
        qtbot.waitUntil(lambda: view.state_of(seat) == "mine", timeout=10_000)
        key(qtbot, view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: isinstance(page.dialog, OnlinePaymentDialog), timeout=5000)
        dialog = page.dialog
        assert dialog.method == "mock"
        qtbot.waitUntil(lambda: dialog.complete, timeout=20_000)
        assert dialog.order.status == "CANCELLED"
        assert dialog.outcome.state == "failed" and "back on sale" in dialog.outcome.detail.text()
        qtbot.waitUntil(lambda: view.state_of(seat) == "free", timeout=10_000)
        assert {s.id: s.state for s in bo.seats(page.event_id)}[seat] == "free"
        assert "back on sale" in page.message.text()
        idle()
        shoot(dialog, artifacts_dir / "counter-mock-declined.png")
        key(qtbot, dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    finally:
        bo.configure_mock("success")


def test_an_open_online_payment_is_watched_again_after_a_restart(qtbot, station, tmp_path, idle):
    bo, page = station
    view = page.seat_view
    with fake_yookassa() as fake:
        bo.configure_yookassa(fake.shop_id, fake.secret_key, api_url=fake.api_url)
        (seat,) = free_row_seats(page, 1, "Stalls A", skip=4)
        click_seat(qtbot, page, seat)
        qtbot.waitUntil(lambda: view.state_of(seat) == "mine", timeout=10_000)
        key(qtbot, view, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: isinstance(page.dialog, OnlinePaymentDialog), timeout=5000)
        dialog = page.dialog
        qtbot.waitUntil(lambda: dialog.order is not None and dialog.order.status == "PENDING", timeout=20_000)
        code = dialog.order.code
        key(qtbot, dialog, Qt.Key.Key_Escape)  # "Close (keep waiting)"
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
        page.shutdown()  # the program closes; the payment is still open
        assert all(not w.active for w in page.watchers.values())

        with counter_page(qtbot, bo, tmp_path / "late.pdf") as again:
            qtbot.waitUntil(lambda: any(w.order.code == code for w in again.watchers.values()), timeout=10_000)
            assert again.seat_view.state_of(seat) == "held" and again.cart_ids() == []
            assert "waiting for the online payment" in again.seat_view.describe(seat).lower()
            fake.succeed(fake.payments[0]["id"])
            qtbot.waitUntil(lambda: again.seat_view.state_of(seat) == "sold", timeout=20_000)
            qtbot.waitUntil(lambda: f"Order {code} paid online" in again.message.text(), timeout=10_000)
            qtbot.waitUntil(lambda: again.printing.jobs == 1, timeout=10_000)
            assert len(fake.payments) == 1
            idle()
