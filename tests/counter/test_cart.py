"""The cart is one hold: it grows and shrinks with the seats picked, a seat picked while the first hold is on
its way joins it, the last seat given back ends it; price types by F-keys; release all; another event
gives the cart back; a lost race is one line; the cart found again after a restart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from boxoffice_desktop.counter import StepRunner
from boxoffice_desktop.counter.updates import (
    CartChanged,
    EventChosen,
    EventLoaded,
    Phase,
    SeatsUpdated,
    SelectionSettled,
)
from tests.counter.conftest import row, states

pytestmark = pytest.mark.db


def test_the_first_seat_starts_the_hold_and_the_others_join_it(bo, event_id, counter):
    session, seen = counter
    a, b, c, d = row(session, "A")[2:6]
    session.select([a])
    assert session.cart_ids() == [a] and session.is_settled()
    hold = session.hold_id
    assert hold is not None and session.deadline is not None
    session.select([a, b, c])
    session.select([a, b, c, d])
    assert session.cart_ids() == [a, b, c, d] and session.hold_id == hold
    server = states(bo, event_id)
    assert {server[s].hold_id for s in (a, b, c, d)} == {hold}
    assert all(session.seat(s).mine for s in (a, b, c, d))

    # Taken out on the map: that seat goes back, the hold keeps the others.
    session.select([a, c, d])
    server = states(bo, event_id)
    assert server[b].state == "free" and server[a].hold_id == hold
    assert session.cart_ids() == [a, c, d]
    cart = seen.last(CartChanged).cart
    assert cart.phase is Phase.HOLDING and cart.seat_ids == [a, c, d] and cart.hold_id == hold
    assert cart.total == Decimal("300.00") and cart.counts == {"full": 3}
    # Delete on a line does the same.
    session.remove_seat(c)
    assert session.cart_ids() == [a, d] and states(bo, event_id)[c].state == "free"


def test_a_seat_picked_while_the_first_hold_is_on_its_way_joins_it(bo, event_id, open_session):
    runner = StepRunner()
    session, seen = open_session(runner=runner)
    a, b = row(session, "B")[3:5]
    session.select([a])
    session.select([a, b])  # the first hold has not answered yet
    assert runner.names() == ["sales.cart"]  # one seat operation at a time
    assert session.cart_ids() == [a, b] and session.busy == {a, b}
    assert [line.pending for line in seen.last(CartChanged).cart.lines] == [True, True]
    assert not session.is_settled()
    runner.drain()
    assert session.is_settled() and session.cart_ids() == [a, b]
    server = states(bo, event_id)
    assert server[a].hold_id == server[b].hold_id == session.hold_id


def test_the_last_seat_given_back_ends_the_hold(bo, event_id, counter):
    session, seen = counter
    a, b = row(session, "C")[4:6]
    session.select([a])
    first = session.hold_id
    session.select([])
    assert session.cart_ids() == [] and session.hold_id is None and session.deadline is None
    assert seen.last(CartChanged).cart.phase is Phase.EMPTY
    session.select([b])
    assert session.hold_id not in (None, first)  # a hold of its own


def test_price_types_by_function_keys(bo, event_id, counter):
    session, seen = counter
    a, b, c = row(session, "A")[6:9]
    back = row(session, "F")[4]
    session.select([a, b, c, back])
    assert seen.last(CartChanged).cart.price_types == ("full", "concession", "child")
    assert session.add_price_type(1) == a  # F2: concession for the first line not chosen yet
    assert session.add_price_type(2) == b  # F3: child
    assert session.add_price_type(2) == c
    assert session.remove_price_type(2) == c  # Shift+F3 takes the last child back
    assert session.add_price_type(0) == c  # F1: full, chosen
    # The back row has only a full price: no concession for it.
    assert session.add_price_type(1, current=back) is None
    assert seen.notices()[-1] == ("There is no concession price for Back.", "info")
    cart = seen.last(CartChanged).cart
    assert [line.price_type for line in cart.lines] == ["concession", "child", "full", "full"]
    assert cart.total == Decimal("70.00") + Decimal("50.00") + Decimal("100.00") + Decimal("50.00")
    assert cart.counts == {"concession": 1, "child": 1, "full": 2}
    assert session.remove_price_type(1) == a and session.remove_price_type(1) is None
    assert seen.notices()[-1] == ("No concession ticket to take back.", "info")
    assert session.set_price_type(b, "concession")
    assert [line.price_type for line in seen.last(CartChanged).cart.lines][:2] == ["full", "concession"]
    assert session.add_price_type(7) is None  # F4 with three price types does nothing


def test_price_types_reach_the_order(bo, event_id, counter):
    session, seen = counter
    a, b = row(session, "B")[7:9]
    session.select([a, b])
    session.add_price_type(1)
    session.add_price_type(2)
    assert session.pay("cash", tendered=Decimal("200")) is None
    order = session.last_order
    assert order is not None and order.status == "PAID" and order.total == Decimal("120.00")
    assert sorted(i.price_type for i in bo.order(order.id).items) == ["child", "concession"]
    assert session.types.types == {}  # the next sale starts afresh


def test_release_all(bo, event_id, counter):
    session, seen = counter
    ids = row(session, "D")[2:6]
    session.select(ids)
    session.release_all()
    assert session.cart_ids() == [] and session.hold_id is None and session.is_settled()
    assert all(states(bo, event_id)[s].state == "free" for s in ids)
    assert seen.notices()[-1] == ("Released 4 seats.", "ok")
    assert seen.last(CartChanged).cart.phase is Phase.EMPTY


def test_another_event_gives_the_cart_back(bo, admin, seatmap_id, event_id, counter):
    from datetime import UTC, datetime, timedelta

    session, seen = counter
    ids = row(session, "E")[:3]
    session.select(ids)
    later = admin.create_event("Matinee", seatmap_id, datetime.now(UTC) + timedelta(days=2), {"Front": 10, "Back": 5})
    session.reload_events()
    assert session.event_id == event_id  # a new list keeps the chosen event
    seen.clear()
    assert session.select_event(later)
    assert isinstance(seen.updates[0], EventChosen) and seen.updates[0].event.id == later
    assert session.event_id == later and session.cart_ids() == [] and session.hold_id is None
    assert all(states(bo, event_id)[s].state == "free" for s in ids)
    assert ("3 seats of the previous event went back on sale.", "info") in seen.notices()
    loaded = seen.last(EventLoaded)
    assert loaded.whole and len(loaded.seats) == 60 and loaded.prices[("Front", "full")] == Decimal("10.00")


def test_losing_a_race_is_one_line_and_the_seat_shows_the_truth(bo, other, event_id, counter):
    session, seen = counter
    seat = row(session, "C")[0]
    other.hold(event_id, [seat])  # the very moment this station picks it, before it has heard
    session.select([seat])
    assert seen.notices()[-1] == ("That seat is no longer free.", "error")
    assert seat in seen.last(SelectionSettled).seat_ids  # the map drops the click
    assert session.cart_ids() == [] and session.seat(seat).state == "held"
    assert session.seat(seat).holder_station == "till-2" and not session.seat(seat).mine


def test_seats_taken_elsewhere_show_through_the_feed(bo, other, event_id, counter):
    session, seen = counter
    a, b = row(session, "F")[:2]
    hold = other.hold(event_id, [a, b])
    session.seats_changed(event_id, [a, b])
    shown = {s.id: s for s in seen.last(SeatsUpdated).seats}
    assert shown[a].state == "held" and shown[a].holder_station == "till-2" and not shown[a].mine
    other.release(hold.id)
    session.seats_changed(event_id, None)  # the whole event
    assert session.seat(a).state == "free" and session.seat_counts() == (60, 60)
    session.seats_changed(event_id + 999, [a])  # another event's: nothing to read


def test_the_cart_is_found_again_after_a_restart_and_sold_as_one_hold(bo, event_id, open_session):
    first, _ = open_session()
    a, b = row(first, "D")[7:9]
    first.select([a])
    first.close()
    hold_a = states(bo, event_id)[a].hold_id
    older = bo.hold(event_id, [b])  # another hold of this station (a crash between two carts)
    again, seen = open_session()
    assert again.cart_ids() == [a, b]
    assert again.hold_id == max(hold_a, older.id) and again.deadline is not None
    assert again.tick().text.startswith("held 1")
    assert again.pay("card") is None
    order = again.last_order
    assert order.status == "PAID" and sorted(i.seat_id for i in order.items) == [a, b]


class Answers:
    """A runner that does the work at once and delivers the answers when told, in any order (a read asked
    for before a change may come back after it)."""

    def __init__(self) -> None:
        self.waiting: list[tuple[str, object]] = []

    def __call__(self, op) -> None:
        try:
            result = op.work()
        except Exception as exc:  # delivered as a failure, later
            error = exc
            self.waiting.append((op.name, lambda: op.failed(error, str(error))))
        else:
            self.waiting.append((op.name, lambda: op.done(result)))

    def deliver(self, name: str) -> None:
        i = next(i for i, (n, _) in enumerate(self.waiting) if n == name)
        self.waiting.pop(i)[1]()

    def deliver_all(self) -> None:
        while self.waiting:
            self.waiting.pop(0)[1]()


def test_a_read_older_than_a_change_never_undoes_it(bo, event_id):
    from boxoffice_desktop.counter import CounterSession

    answers = Answers()
    session = CounterSession(bo, answers)
    try:
        session.reload_events()
        answers.deliver_all()
        session.select_event(event_id)
        answers.deliver_all()
        a = row(session, "E")[9]
        session.select([a])
        answers.deliver_all()
        assert session.cart_ids() == [a]
        session.reload_seats([a])  # reads the seat held here ...
        session.select([])  # ... then it is given back
        answers.deliver("sales.cart")
        assert session.cart_ids() == [] and session.seat(a).state == "free"
        answers.deliver("sales.seats")  # the older read comes last: held back, and the seat read again
        assert session.cart_ids() == [] and session.seat(a).state == "free"
        assert [name for name, _ in answers.waiting] == ["sales.seats"]
        answers.deliver_all()
        assert session.seat(a).state == "free" and states(bo, event_id)[a].state == "free"
    finally:
        session.close()
