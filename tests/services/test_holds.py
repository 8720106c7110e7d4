"""The seat-hold protocol through the scripting API."""

from __future__ import annotations

import threading
import time
from datetime import UTC
from decimal import Decimal

import pytest
from sqlalchemy import text

from boxoffice_desktop import BoxOfficeError, InvalidInput, PermissionDenied, SeatsUnavailable
from sync.holds import MAX_SEATS_PER_HOLD
from tests.staff import add_tenant, sign_in

pytestmark = pytest.mark.db


def free_ids(bo, event_id, n):
    return [s.id for s in bo.seats(event_id) if s.state == "free"][:n]


def journal(db, tenant_id, action):
    with db.engine.connect() as conn:
        return (
            conn.execute(
                text("SELECT * FROM order_log WHERE tenant_id = :t AND action = :a ORDER BY id"),
                {"t": tenant_id, "a": action},
            )
            .mappings()
            .all()
        )


def test_hold_is_all_or_nothing_and_names_the_unavailable_seats(bo, event_id):
    a, b, c = free_ids(bo, event_id, 3)
    first = bo.hold(event_id, [a, b], ttl_seconds=60)
    assert set(first.seat_ids) == {a, b}
    assert first.expires_at.tzinfo is not None
    with pytest.raises(SeatsUnavailable) as err:
        bo.hold(event_id, [b, c], station="till-2")
    assert err.value.seat_ids == [b]
    states = {s.id: s for s in bo.seats(event_id)}
    assert states[c].state == "free", "nothing of a refused hold may stay behind"
    assert states[a].state == states[b].state == "held"
    assert states[a].holder_station == "till-1"


def test_station_defaults_to_the_box_offices_own_and_may_be_named(bo, event_id):
    a, b = free_ids(bo, event_id, 2)
    bo.hold(event_id, [a])
    bo.hold(event_id, [b], station="phone-desk")
    states = {s.id: s for s in bo.seats(event_id)}
    assert states[a].holder_station == "till-1"
    assert states[b].holder_station == "phone-desk"


def test_release_gives_the_seats_back(bo, db, tenant, event_id):
    a, b = free_ids(bo, event_id, 2)
    h = bo.hold(event_id, [a, b])
    assert bo.release(h.id) == 2
    assert bo.release(h.id) == 0  # idempotent
    assert all(s.state == "free" for s in bo.seats(event_id) if s.id in (a, b))
    assert bo.hold(event_id, [a, b])  # and they can be held again
    released = [r for r in journal(db, tenant.id, "seat.release") if r["hold_id"] == h.id]
    assert len(released) == 1 and sorted(released[0]["data"]["seats"]) == sorted([a, b])


def test_expiry_is_judged_by_the_server_clock(bo, db, tenant, event_id):
    (a,) = free_ids(bo, event_id, 1)
    h = bo.hold(event_id, [a], ttl_seconds=0.3)
    with db.engine.connect() as conn:
        server_now = conn.execute(text("SELECT clock_timestamp()")).scalar()
    assert abs((h.expires_at - server_now).total_seconds()) < 5
    time.sleep(0.4)
    # Without any sweep, the expired hold no longer counts...
    assert next(s for s in bo.seats(event_id) if s.id == a).state == "free"
    # ...and another station can take the seat at once.
    again = bo.hold(event_id, [a], station="till-2")
    assert again.seat_ids == (a,)
    expired = [r for r in journal(db, tenant.id, "seat.expired") if r["hold_id"] == h.id]
    assert len(expired) == 1


def test_extend_pushes_the_expiry_from_now(bo, event_id):
    (a,) = free_ids(bo, event_id, 1)
    h = bo.hold(event_id, [a], ttl_seconds=0.5)
    longer = bo.extend(h.id, 120)
    assert (longer.expires_at - h.expires_at).total_seconds() > 100
    time.sleep(0.6)
    assert next(s for s in bo.seats(event_id) if s.id == a).state == "held"


def test_an_expired_hold_cannot_be_extended_or_sold(bo, event_id):
    (a,) = free_ids(bo, event_id, 1)
    h = bo.hold(event_id, [a], ttl_seconds=0.2)
    time.sleep(0.3)
    with pytest.raises(BoxOfficeError, match="expired"):
        bo.extend(h.id, 60)
    with pytest.raises(BoxOfficeError, match="expired"):
        bo.sell(h.id)


def test_sell_makes_a_paid_order_with_decimal_prices(bo, db, tenant, event_id):
    seats = {s.id: s for s in bo.seats(event_id) if s.state == "free"}
    front = [s.id for s in seats.values() if s.category == "Front"][:2]
    back = [s.id for s in seats.values() if s.category == "Back"][:1]
    h = bo.hold(event_id, front + back)
    order = bo.sell(h.id, customer={"name": "Ivan", "email": "ivan@example.test"})
    assert order.status == "PAID"
    assert order.total == Decimal("250.00") and isinstance(order.total, Decimal)
    assert sorted(i.seat_id for i in order.items) == sorted(front + back)
    assert {i.seat_id: i.price for i in order.items}[back[0]] == Decimal("50.00")
    states = {s.id: s.state for s in bo.seats(event_id)}
    assert all(states[i] == "sold" for i in front + back)
    with pytest.raises(SeatsUnavailable):
        bo.hold(event_id, front[:1], station="till-2")
    with pytest.raises(BoxOfficeError):
        bo.sell(h.id)  # a converted hold cannot be sold twice
    paid = [r for r in journal(db, tenant.id, "order.paid") if r["order_id"] == order.id]
    assert len(paid) == 1


def test_sell_with_price_types(bo, event_id):
    front = [s.id for s in bo.seats(event_id) if s.state == "free" and s.category == "Front"][:2]
    h = bo.hold(event_id, front)
    order = bo.sell(h.id, price_types={front[0]: "concession"})
    prices = {i.seat_id: (i.price_type, i.price) for i in order.items}
    assert prices[front[0]] == ("concession", Decimal("70.00"))
    assert prices[front[1]] == ("full", Decimal("100.00"))
    assert order.total == Decimal("170.00")


def test_reap_expired_counts_the_released_seats_once(bo, db, tenant, event_id):
    time.sleep(0.3)
    bo.reap_expired()  # what earlier tests of this module left to expire
    ids = free_ids(bo, event_id, 3)
    bo.hold(event_id, ids[:2], ttl_seconds=0.2)
    bo.hold(event_id, ids[2:], ttl_seconds=0.2)
    time.sleep(0.3)
    assert bo.reap_expired() == 3
    assert bo.reap_expired() == 0


def test_two_sweepers_at_once_never_process_a_row_twice(bo, db, tenant, event_id):
    time.sleep(0.3)
    bo.reap_expired()
    ids = free_ids(bo, event_id, 20)
    for i in range(0, 20, 2):
        bo.hold(event_id, ids[i : i + 2], ttl_seconds=0.2)
    time.sleep(0.3)
    results: list[int] = []
    barrier = threading.Barrier(4)

    def sweep():
        barrier.wait()
        results.append(bo.reap_expired())

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 20
    with db.engine.connect() as conn:
        per_seat = conn.execute(
            text(
                "SELECT seat, count(*) FROM order_log, jsonb_array_elements_text(data->'seats') AS seat "
                "WHERE tenant_id = :t AND action = 'seat.expired' AND event_id = :e GROUP BY seat"
            ),
            {"t": tenant.id, "e": event_id},
        ).all()
    assert len(per_seat) == 20 and all(n == 1 for _, n in per_seat)


def test_more_seats_than_the_bound_are_refused_before_any_lock(bo, db, event_id, monkeypatch):
    import sync.holds as protocol

    calls = []
    monkeypatch.setattr(
        protocol.Connection,
        "execute",
        lambda *a, **k: calls.append(a) or (_ for _ in ()).throw(AssertionError("no statement may be sent")),
        raising=True,
    )
    with pytest.raises(InvalidInput, match=f"(?i)at most {MAX_SEATS_PER_HOLD} seats"):
        bo.hold(event_id, list(range(1, MAX_SEATS_PER_HOLD + 2)))
    assert calls == []


def test_the_server_refuses_too_many_seats_too(bo, event_id):
    # The function's own bound, for a caller that skips the Python check: the staff role's raw SQL.
    with bo.db.connection() as conn, pytest.raises(Exception, match=f"at most {MAX_SEATS_PER_HOLD} seats"):
        conn.execute(
            text("SELECT * FROM bo_hold(:e, :s, 60)"),
            {"e": event_id, "s": list(range(1, MAX_SEATS_PER_HOLD + 2))},
        )


def test_seats_of_another_event_are_refused(bo, seatmap_id, event_id):
    from datetime import datetime, timedelta

    other = bo.create_event("Other night", seatmap_id, datetime.now(UTC) + timedelta(days=3), {"Front": 1, "Back": 1})
    mine = free_ids(bo, event_id, 1)
    theirs = free_ids(bo, other, 1)
    with pytest.raises(InvalidInput, match="not seats of event") as refused:
        bo.hold(event_id, mine + theirs)
    # Exactly the foreign seat is named, not every seat asked for.
    assert str(refused.value).startswith("1 of the seats") and str(refused.value).endswith(f": {theirs[0]}.")
    assert next(s for s in bo.seats(event_id) if s.id == mine[0]).state == "free"


def test_seats_of_another_tenant_are_refused(db, bo, event_id):
    from datetime import datetime, timedelta

    from tests.plans import grid_plan

    rival = add_tenant(db, "rival", title="Rival Hall")
    with sign_in(db.target, rival.slug, "admin") as other:
        sm = other.import_seatmap(grid_plan(1, 3, guid_prefix="r"))
        their_event = other.create_event(
            "Rival show", sm, datetime.now(UTC) + timedelta(days=1), {"Front": 1, "Back": 1}
        )
        their_seat = other.seats(their_event)[0].id
        with pytest.raises(BoxOfficeError):
            bo.hold(their_event, [their_seat])  # the event itself is invisible to us
        with pytest.raises(InvalidInput):
            bo.hold(event_id, [their_seat])
        assert other.seats(their_event)[0].state == "free"


def test_non_positive_ttls_are_refused(bo, event_id):
    (a,) = free_ids(bo, event_id, 1)
    for ttl in (0, -5):
        with pytest.raises(InvalidInput, match="positive"):
            bo.hold(event_id, [a], ttl_seconds=ttl)


def test_blocks_closed_and_house(db, bo, tenant, event_id):
    a, b, c = free_ids(bo, event_id, 3)
    assert bo.block(event_id, [a], reason="broken seat") == 1
    assert bo.block(event_id, [b], reason="press", kind="house") == 1
    states = {s.id: s for s in bo.seats(event_id)}
    assert states[a].state == "blocked" and states[a].block_reason == "broken seat"
    assert states[b].state == "blocked" and states[b].block_reason == "press"
    with pytest.raises(SeatsUnavailable):
        bo.hold(event_id, [a], allow_house=True)  # closed: nobody sells
    with pytest.raises(SeatsUnavailable):
        bo.hold(event_id, [b])  # house: only with allow_house
    house = bo.hold(event_id, [b], allow_house=True)
    assert house.seat_ids == (b,)
    # A cashier may not sell house seats.
    with sign_in(db.target, tenant.slug, "cashier") as cashier:
        with pytest.raises(PermissionDenied):
            cashier.hold(event_id, [c], allow_house=True)
        with pytest.raises(PermissionDenied):
            cashier.block(event_id, [c], reason="mine")
    with pytest.raises(SeatsUnavailable):
        bo.block(event_id, [b], reason="held already")
    assert bo.unblock(event_id, [a]) == 1
    assert next(s for s in bo.seats(event_id) if s.id == a).state == "free"
    assert journal(db, tenant.id, "seat.block") and journal(db, tenant.id, "seat.unblock")


def test_every_change_is_journaled_in_its_transaction(db, bo, tenant, event_id):
    (a,) = free_ids(bo, event_id, 1)
    h = bo.hold(event_id, [a], ttl_seconds=30)
    bo.extend(h.id, 60)
    order = bo.sell(h.id)
    with db.engine.connect() as conn:
        actions = conn.execute(
            text("SELECT action, actor, station FROM order_log WHERE tenant_id = :t AND hold_id = :h ORDER BY id"),
            {"t": tenant.id, "h": h.id},
        ).all()
    assert [a for a, _, _ in actions] == ["seat.hold", "seat.extend", "order.paid"]
    # The server writes the actor itself: the login role, never a name the station sends.
    assert all(actor == f"{tenant.slug}.admin" and station == "till-1" for _, actor, station in actions)
    assert order.status == "PAID"


def test_on_seat_change_delivers_ids_equal_to_seat_ids(db, bo, tenant, event_id):
    got: list[tuple] = []
    done = threading.Event()

    def callback(ev, seats):
        got.append((ev, seats))
        done.set()

    with sign_in(db.target, tenant.slug, "cashier", station="till-2") as other:
        unsubscribe = other.on_seat_change(callback)
        assert other.feed().wait_connected(10)
        a, b = free_ids(bo, event_id, 2)
        bo.hold(event_id, [a, b])
        assert done.wait(10)
        ev, seats = got[0]
        assert ev == event_id and sorted(seats) == sorted([a, b])
        ids = {s.id for s in bo.seats(event_id)}
        assert set(seats) <= ids
        unsubscribe()
        got.clear()
        done.clear()
        bo.hold(event_id, free_ids(bo, event_id, 1))
        assert not done.wait(0.5)


def test_seats_can_be_added_to_a_running_hold_on_its_clock(bo, event_id):
    a, b, c = free_ids(bo, event_id, 3)
    basket = bo.hold(event_id, [a], ttl_seconds=120)
    grown = bo.hold(event_id, [b, c], into_hold=basket.id)
    assert grown.id == basket.id and set(grown.seat_ids) == {a, b, c}
    assert grown.expires_at == basket.expires_at
    seats = {s.id: s for s in bo.seats(event_id)}
    assert seats[b].hold_id == basket.id and seats[b].hold_expires_at == basket.expires_at
    # Giving one seat back keeps the rest.
    assert bo.release(basket.id, [b]) == 1
    assert {s.id: s.state for s in bo.seats(event_id)}[b] == "free"
    order = bo.sell(basket.id)
    assert sorted(i.seat_id for i in order.items) == sorted([a, c])


def test_adding_to_an_expired_or_foreign_hold_is_refused(bo, event_id, seatmap_id):
    a, b = free_ids(bo, event_id, 2)
    short = bo.hold(event_id, [a], ttl_seconds=0.2)
    time.sleep(0.3)
    with pytest.raises(BoxOfficeError, match="expired"):
        bo.hold(event_id, [b], into_hold=short.id)
    assert next(s for s in bo.seats(event_id) if s.id == b).state == "free"
    with pytest.raises(BoxOfficeError):
        bo.hold(event_id, [b], into_hold=999_999)


def test_the_error_types_tell_an_expired_hold_and_a_missing_shift_apart(db, bo, tenant, event_id):
    from boxoffice_desktop.errors import HoldExpired, NoOpenShift

    (a,) = free_ids(bo, event_id, 1)
    short = bo.hold(event_id, [a], ttl_seconds=0.2)
    time.sleep(0.3)
    with pytest.raises(HoldExpired):
        bo.sell(short.id)
    with sign_in(db.target, tenant.slug, "cashier", station="no-shift-here") as other:
        h = other.hold(event_id, [a])
        with pytest.raises(NoOpenShift):
            other.sell(h.id)
        assert other.hold_info(h.id).seat_ids == (a,)
        assert other.event_prices(event_id)[("Front", "full")] == 100


def test_one_definition_of_a_seats_state_for_the_map_and_the_counts(bo, event_id):
    # A lock past its time is free at once by the server's clock, before any sweep; the event list's
    # counts come from the same definition (the view event_seat_state) as the map.
    a, b, c = free_ids(bo, event_id, 3)
    bo.hold(event_id, [a], ttl_seconds=0.2)
    bo.hold(event_id, [b], ttl_seconds=300)
    bo.block(event_id, [c], reason="broken")
    time.sleep(0.3)
    states = {s.id: s.state for s in bo.seats(event_id)}
    assert (states[a], states[b], states[c]) == ("free", "held", "blocked")
    event = next(e for e in bo.events() if e.id == event_id)
    assert event.seats_total == len(states)
    assert event.seats_free == sum(1 for st in states.values() if st == "free")
