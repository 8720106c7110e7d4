"""Events: a published seatmap version at a time, with its own copy of the seats and its prices."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text

from boxoffice_desktop.errors import InvalidInput, MissingPrices, NotFound, RefusedSeat, RemapRefused
from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.money import to_money
from boxoffice_desktop.services.unit_of_work import orm_unit, unit_of_work
from sync import holds
from sync.db import Database
from sync.holds import SeatInfo
from sync.schema import Event, EventPrice, PriceType, Seatmap, Venue

__all__ = ["MissingPrices", "RefusedSeat", "RemapRefused", "SeatInfo"]

FULL = "full"


@dataclass(frozen=True)
class EventInfo:
    id: int
    name: str
    starts_at: datetime
    seatmap_id: int
    venue_name: str
    sale_state: str
    seats_total: int = 0
    seats_free: int = 0


def _aware(starts_at: datetime) -> datetime:
    if not isinstance(starts_at, datetime):
        raise InvalidInput(f"The start time must be a date and time, not {starts_at!r}.")
    # A naive time is the local time of this computer, said explicitly rather than guessed later.
    return starts_at if starts_at.tzinfo is not None else starts_at.astimezone()


def price_rows(prices: Mapping[str, Any] | None) -> list[dict[str, str]]:
    """{category: price | {price type: price}} as the server takes it: [{category, price_type, price}].
    The amounts are read here (Decimal, two places); the server checks categories and price types."""
    if prices is None:
        return []
    if not isinstance(prices, Mapping):
        raise InvalidInput("Prices must map each category to a price or to {price type: price}.")
    rows = []
    for category, spec in prices.items():
        per_type = spec if isinstance(spec, Mapping) else {FULL: spec}
        for ptype, value in per_type.items():
            amount = to_money(value, what=f"price of {category} ({ptype})")
            rows.append({"category": str(category), "price_type": str(ptype), "price": str(amount)})
    return rows


def create_event(
    db: Database,
    actor: Actor,
    name: str,
    seatmap_id: int,
    starts_at: datetime,
    prices: Mapping[str, Any],
) -> int:
    """An event of a published version: the server copies that version's seats and checks its prices
    (every category needs a full price)."""
    when = _aware(starts_at)
    rows = price_rows(prices)
    with unit_of_work(db, actor, Permission.MANAGE_EVENTS) as conn:
        return int(
            conn.execute(
                text("SELECT bo_event_create(:n, :m, :w, CAST(:p AS jsonb))"),
                {"n": str(name), "m": int(seatmap_id), "w": when, "p": json.dumps(rows)},
            ).scalar_one()
        )


def list_events(db: Database, actor: Actor, *, upcoming_only: bool = False) -> list[EventInfo]:
    with orm_unit(db, actor) as s:
        q = (
            select(Event, Venue.name)
            .join(Seatmap, (Seatmap.tenant_id == Event.tenant_id) & (Seatmap.id == Event.seatmap_id))
            .join(Venue, (Venue.tenant_id == Seatmap.tenant_id) & (Venue.id == Seatmap.venue_id))
            .where(Event.tenant_id == actor.tenant_id)
            .order_by(Event.starts_at, Event.id)
        )
        if upcoming_only:
            q = q.where(Event.starts_at > func.now() - text("interval '6 hours'"))
        events = s.execute(q).all()
        counts = {
            r.event_id: (r.total, r.taken)
            for r in s.execute(
                text(
                    "SELECT st.event_id, count(*) AS total, count(*) FILTER (WHERE st.state <> 'free') AS taken "
                    "FROM event_seat_state st WHERE st.tenant_id = :t AND st.event_id = ANY(:events) "
                    "GROUP BY st.event_id"
                ),
                {"t": actor.tenant_id, "events": [ev.id for ev, _ in events]},
            )
        }
        out = []
        for ev, venue_name in events:
            total, taken = counts.get(ev.id, (0, 0))
            out.append(
                EventInfo(
                    ev.id,
                    ev.name,
                    ev.starts_at,
                    ev.seatmap_id,
                    venue_name,
                    ev.sale_state,
                    total,
                    total - taken,
                )
            )
        return out


def get_event(db: Database, actor: Actor, event_id: int) -> EventInfo:
    for ev in list_events(db, actor):
        if ev.id == event_id:
            return ev
    raise NotFound(f"No event {event_id}.")


def event_prices(db: Database, actor: Actor, event_id: int) -> dict[tuple[str, str], Decimal]:
    """{(category, price type name): price} of an event."""
    if not (actor.can(Permission.SELL) or actor.can(Permission.VIEW_ORDERS) or actor.can(Permission.MANAGE_EVENTS)):
        require(actor, Permission.SELL)
    with orm_unit(db, actor) as s:
        rows = s.execute(
            select(EventPrice.category, PriceType.name, EventPrice.price)
            .join(
                PriceType,
                (PriceType.tenant_id == EventPrice.tenant_id) & (PriceType.id == EventPrice.price_type_id),
            )
            .where(EventPrice.tenant_id == actor.tenant_id, EventPrice.event_id == event_id)
        ).all()
    return {(c, t): p for c, t, p in rows}


def event_seats(db: Database, actor: Actor, event_id: int, seat_ids: list[int] | None = None) -> list[SeatInfo]:
    with unit_of_work(db, actor) as conn:
        exists = conn.execute(
            text("SELECT 1 FROM event WHERE tenant_id = :t AND id = :e"),
            {"t": actor.tenant_id, "e": event_id},
        ).scalar()
        if not exists:
            raise NotFound(f"No event {event_id}.")
        prices = {
            r.category: r.price
            for r in conn.execute(
                text(
                    "SELECT p.category, p.price FROM event_price p JOIN price_type t "
                    "ON t.tenant_id = p.tenant_id AND t.id = p.price_type_id "
                    "WHERE p.tenant_id = :t AND p.event_id = :e AND t.name = 'full'"
                ),
                {"t": actor.tenant_id, "e": event_id},
            )
        }
        return holds.seat_states(conn, actor.tenant_id, event_id, seat_ids, prices)


@dataclass(frozen=True)
class RemapResult:
    event_id: int
    seatmap_id: int
    kept: int
    added: int
    retired: int
    changed: int


def move_event_to_seatmap(
    db: Database,
    actor: Actor,
    event_id: int,
    seatmap_id: int,
    *,
    prices: Mapping[str, Any] | None = None,
) -> RemapResult:
    """Give an event another published seatmap version, remapping its seats by guid (``bo_event_move``).

    Seats keep their ids (holds and sales stay attached); seats that vanish are retired; new seats are
    added. Refused, with the list (``RemapRefused``), when a held or sold seat would vanish or change its
    zone, row, number or category. New categories need ``prices`` (``MissingPrices`` names them).
    """
    with unit_of_work(db, actor, Permission.MANAGE_EVENTS) as conn:
        r = conn.execute(
            text("SELECT * FROM bo_event_move(:e, :m, CAST(:p AS jsonb))"),
            {"e": int(event_id), "m": int(seatmap_id), "p": json.dumps(price_rows(prices))},
        ).one()
    return RemapResult(int(event_id), int(seatmap_id), r.kept, r.added, r.retired, r.changed)


def event_focal_point(db: Database, actor: Actor, event_id: int) -> tuple[float, float]:
    """The stage centre of the event's seatmap version (best available measures from it)."""
    with orm_unit(db, actor) as s:
        row = s.execute(
            select(Seatmap.focal_x, Seatmap.focal_y)
            .join(Event, (Event.tenant_id == Seatmap.tenant_id) & (Event.seatmap_id == Seatmap.id))
            .where(Event.tenant_id == actor.tenant_id, Event.id == event_id)
        ).one_or_none()
    if row is None:
        raise NotFound(f"No event {event_id}.")
    return (row.focal_x or 0.0, row.focal_y or 0.0)
