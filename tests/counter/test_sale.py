"""Best available and next best, the stranded-seat warning, checkout's answers (shift, companion seats, a
checkout asked for while seats are on their way), cash and card sales, an online payment waited for, and
the hold's countdown running out and extended."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from sqlalchemy import text

from boxoffice_desktop.counter import StepRunner
from boxoffice_desktop.counter.updates import (
    CartChanged,
    CheckoutApproved,
    CompanionsToConfirm,
    CountdownChanged,
    CustomerChanged,
    PaymentPending,
    PaymentPolled,
    SaleFailed,
    SaleRecorded,
    SelectionSettled,
    ShiftNeeded,
)
from tests.counter.conftest import Clock, row, states

pytestmark = pytest.mark.db


def test_best_available_and_next_best(bo, event_id, counter):
    session, seen = counter
    session.find_best(3)
    first = session.cart_ids()
    assert len(first) == 3 and session.is_settled()
    seats = [session.seat(s) for s in first]
    assert len({s.row_key for s in seats}) == 1 and [s.row for s in seats] == ["A"] * 3  # nearest the stage
    assert sorted(s.ordinal for s in seats) == list(range(seats[0].ordinal, seats[0].ordinal + 3))
    assert seen.notices()[-1][0].startswith("Best available: Stalls, Row A, Seats ")
    assert seen.last(CartChanged).cart.has_offer
    hold = session.hold_id

    session.find_best(3, next_best=True)  # gives the offer back, takes the next block
    second = session.cart_ids()
    assert len(second) == 3 and not set(second) & set(first) and session.hold_id == hold
    server = states(bo, event_id)
    assert all(server[s].state == "free" for s in first) and all(server[s].hold_id == hold for s in second)

    session.find_best(2, category="Back")  # with a category: only its seats, into the same cart
    assert len(session.cart_ids()) == 5
    assert sum(1 for s in session.cart_ids() if session.seat(s).category == "Back") == 2
    session.find_best(4, category="Back", wheelchair=True)
    assert seen.notices()[-1] == ("No 4 seats together in Back with a wheelchair place are left.", "info")
    assert len(session.cart_ids()) == 5


def test_next_best_needs_an_offer(counter):
    session, seen = counter
    session.find_best(2, next_best=True)
    assert seen.notices()[-1] == ("Next best needs an offer first: Find (F5).", "info")
    assert session.cart_ids() == []


def test_a_pick_that_strands_a_seat_is_said_and_still_held(bo, event_id, counter):
    session, seen = counter
    seats = row(session, "B")
    session.select([seats[3], seats[5]])
    assert session.cart_ids() == [seats[3], seats[5]]
    assert seen.notices()[-1] == (
        f"This pick leaves a single seat alone between taken seats: {session.seat(seats[4]).label}.",
        "warning",
    )
    session.find_best(1)  # best available never strands one, and says nothing of the kind
    assert "single seat alone" not in seen.notices()[-1][0]


def test_cash_and_card_sales(bo, event_id, counter):
    session, seen = counter
    a, b = row(session, "C")[2:4]
    session.select([a, b])
    session.set_customer({"name": "Anna", "email": "anna@example.test", "phone": ""})
    session.checkout("cash")
    approved = seen.last(CheckoutApproved)
    assert approved.kind == "cash" and approved.summary.total == Decimal("200.00")
    assert approved.summary.tickets == 2 and approved.summary.customer == "Anna · anna@example.test"
    assert approved.summary.event_name == "Concert" and approved.summary.not_today  # tomorrow
    assert session.pay("cash", tendered=Decimal("500")) is None
    sale = seen.last(SaleRecorded)
    assert sale.order.status == "PAID" and sale.order.change == Decimal("300.00") and len(sale.tickets) == 2
    assert session.last_order == sale.order and session.last_tickets == sale.tickets
    assert session.cart_ids() == [] and session.hold_id is None and session.customer is None
    assert seen.last(CustomerChanged).customer is None
    assert all(session.seat(s).state == "sold" for s in (a, b))
    assert bo.order(sale.order.id).customer_id is not None

    c = row(session, "C")[6]
    session.select([c])
    assert session.pay("card") is None
    assert seen.last(SaleRecorded).order.payment_method == "card" and session.seat(c).state == "sold"
    assert session.pay("card") == "The cart is empty: pick seats first."
    session.checkout("card")
    assert seen.notices()[-1] == ("The cart is empty: pick seats first.", "info")
    n = len(seen.updates)
    session.checkout("cash_exact")  # Enter on an empty cart does nothing
    assert len(seen.updates) == n


def test_no_shift_no_cash_sale(db_target, tenant, event_id, open_session):
    from tests.staff import sign_in

    office = sign_in(db_target, tenant.slug, "other", station="till-9")  # no shift open there
    try:
        session, seen = open_session(office)
        seat = row(session, "E")[8]
        session.select([seat])
        session.set_shift_open(False)
        session.checkout("cash_exact")
        assert seen.of(ShiftNeeded) and not seen.of(CheckoutApproved)
        assert seen.notices()[-1] == (
            "Open a cash shift at till-9 before selling for cash or card (Ctrl+Shift+O).",
            "error",
        )
        # Online payments need no shift; and the server refuses a cash sale even when the station thought
        # a shift was open.
        session.set_shift_open(None)
        assert session.pay("cash") is None
        assert seen.last(ShiftNeeded).stale and seen.of(SaleFailed)
        assert session.shift_open is False and session.cart_ids() == [seat]
    finally:
        office.close()


def test_a_companion_seat_alone_needs_a_yes(db, tenant, bo, event_id, counter):
    session, seen = counter
    wheel, companion = row(session, "D")[0:2]
    with db.connection(tenant.id) as conn:
        conn.execute(
            text("UPDATE event_seat SET wheelchair = true WHERE tenant_id = :t AND id = :s"),
            {"t": tenant.id, "s": wheel},
        )
        conn.execute(
            text("UPDATE event_seat SET companion_of = :g WHERE tenant_id = :t AND id = :s"),
            {"g": session.seat(wheel).guid, "t": tenant.id, "s": companion},
        )
    session.seats_changed(event_id, None)
    assert session.seat(wheel).wheelchair and session.seat(companion).companion_of
    session.find_best(2, wheelchair=True)
    assert wheel in session.cart_ids()
    session.release_all()

    session.select([companion])
    session.checkout("cash_exact")
    ask = seen.last(CompanionsToConfirm)
    assert ask.seat_ids == (companion,) and ask.words == session.seat(companion).label
    assert not seen.of(CheckoutApproved)
    session.confirm_companions(ask.seat_ids)
    session.checkout(ask.kind)
    assert seen.last(CheckoutApproved).kind == "cash_exact"


def test_a_checkout_asked_for_while_seats_are_on_their_way_comes_when_they_are_held(event_id, open_session):
    runner = StepRunner()
    session, seen = open_session(runner=runner)
    seat = row(session, "F")[9]
    session.select([seat])
    session.checkout("card")
    assert seen.notices()[-1] == ("One moment: the seats are still being held…", "info")
    assert not seen.of(CheckoutApproved)
    runner.drain()
    assert seen.last(CheckoutApproved).kind == "card"


def test_an_online_payment_keeps_its_seats_out_of_the_cart_until_it_is_paid(bo, admin, event_id, open_session):
    admin.configure_mock("success")  # pending when created, paid at the first look
    session, seen = open_session()
    a, b = row(session, "E")[4:6]
    session.select([a, b])
    assert session.pay("mock") is None
    order = seen.last(SaleRecorded).order
    assert order.status == "PENDING" and order.payment_url
    assert seen.last(PaymentPending).order.id == order.id and order.id in session.payments
    assert seen.notices()[-1] == (f"Order {order.code} waits for the online payment.", "info")
    # Held for the payment, parked: out of the cart, the next customer can be served.
    assert session.cart_ids() == [] and session.hold_id is None
    assert all(session.seat(s).state == "held" and session.seat(s).parked == order.code for s in (a, b))
    assert set(seen.last(SelectionSettled).seat_ids) == {a, b}
    # A restart: the session finds the open payment again.
    again, seen_again = open_session()
    assert seen_again.last(PaymentPending).order.code == order.code and again.cart_ids() == []
    again.close()

    session.poll_payment(order.id)
    polled = seen.last(PaymentPolled)
    assert polled.order.status == "PAID" and len(polled.tickets) == 2
    assert order.id not in session.payments and session.book.parked == {}
    assert session.last_order.id == order.id
    assert all(session.seat(s).state == "sold" for s in (a, b))


def test_a_declined_online_payment_gives_the_seats_back(bo, admin, event_id, counter):
    admin.configure_mock("decline")
    try:
        session, seen = counter
        seat = row(session, "F")[0]
        session.select([seat])
        session.pay("mock")
        order = seen.last(SaleRecorded).order
        if order.status == "PENDING":
            session.poll_payment(order.id)
            order = seen.last(PaymentPolled).order
        assert order.status == "CANCELLED"
        assert session.seat(seat).state == "free" and session.cart_ids() == []
        assert "back on sale" in seen.notices()[-1][0]
    finally:
        admin.configure_mock("success")


def test_the_countdown_runs_out_and_more_time_extends_it(bo, event_id, open_session):
    clock = Clock()
    session, seen = open_session(clock=clock, hold_ttl=2)
    a, b = row(session, "A")[0:2]
    session.select([a])
    assert session.deadline == clock.now + 2
    assert session.tick().text == "held 0:02"
    clock.now += 0.5
    shown = session.tick()
    assert shown.text == "held 0:01" and shown.urgent and seen.last(CountdownChanged).countdown == shown
    time.sleep(2.2)  # the server's clock too
    clock.now += 1.5
    assert session.tick().ran_out and seen.notices()[-1] == ("The hold ran out: the seats go back on sale.", "warning")
    clock.now += 1.6  # a moment later the cart's seats are read again: gone
    session.tick()
    assert session.cart_ids() == [] and session.seat(a).state == "free"
    assert a in seen.last(SelectionSettled).seat_ids
    assert session.tick().text == ""

    # More time: the hold runs the whole time again.
    session.select([b])
    hold = session.hold_id
    clock.now += 1.5
    session.extend_hold()
    assert session.deadline == clock.now + 2 and session.hold_id == hold
    assert seen.notices()[-1] == ("Your seats are held for another 2 seconds.", "ok")
    expires = bo.hold_info(hold).expires_at
    assert expires is not None
