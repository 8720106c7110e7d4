"""Events: a published seatmap version at a time, with its own copy of the seats and its prices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text, update

from boxoffice_desktop.errors import InvalidInput, NotFound
from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.dberrors import domain_errors
from boxoffice_desktop.services.journal import log_action
from boxoffice_desktop.services.money import to_money
from editor.formats.native import load_native
from sync import holds
from sync.db import Database
from sync.schema import Event, EventPrice, EventSeat, PriceType, Seatmap, Venue

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


@dataclass(frozen=True)
class SeatInfo:
    """A seat of an event as a script or the sales screen sees it."""

    id: int
    guid: str
    label: str
    category: str
    price: Decimal | None
    state: str  # free | held | sold | blocked
    holder_station: str | None
    block_reason: str | None
    block_kind: str | None
    zone: str
    row: str
    number: str
    x: float
    y: float
    row_key: str
    ordinal: int
    wheelchair: bool
    companion_of: str | None
    restricted_view: bool
    hold_id: int | None
    hold_expires_at: datetime | None = None


def _aware(starts_at: datetime) -> datetime:
    if not isinstance(starts_at, datetime):
        raise InvalidInput(f"The start time must be a date and time, not {starts_at!r}.")
    # A naive time is the local time of this computer, said explicitly rather than guessed later.
    return starts_at if starts_at.tzinfo is not None else starts_at.astimezone()


def price_type_ids(session: Any, tenant_id: int) -> dict[str, int]:
    return {
        name: pid
        for pid, name in session.execute(select(PriceType.id, PriceType.name).where(PriceType.tenant_id == tenant_id))
    }


def normalise_prices(
    prices: Mapping[str, Any], categories: list[str], known_types: Mapping[str, int]
) -> dict[tuple[str, str], Decimal]:
    """{category: Decimal | {price type: Decimal}} -> {(category, price type): price}, checked."""
    if not isinstance(prices, Mapping):
        raise InvalidInput("Prices must map each category to a price or to {price type: price}.")
    out: dict[tuple[str, str], Decimal] = {}
    for category, spec in prices.items():
        if category not in categories:
            raise InvalidInput(f"The seatmap has no category {category!r}; its categories are {', '.join(categories)}.")
        per_type = spec if isinstance(spec, Mapping) else {FULL: spec}
        for ptype, value in per_type.items():
            if ptype not in known_types:
                raise InvalidInput(
                    f"Unknown price type {ptype!r} for {category!r}; known: {', '.join(sorted(known_types))}."
                )
            out[(category, ptype)] = to_money(value, what=f"price of {category} ({ptype})")
    missing = [c for c in categories if (c, FULL) not in out]
    if missing:
        raise InvalidInput(f"The event has no {FULL} price for the category {missing[0]!r}.")
    return out


def create_event(
    db: Database,
    actor: Actor,
    name: str,
    seatmap_id: int,
    starts_at: datetime,
    prices: Mapping[str, Any],
) -> int:
    require(actor, Permission.MANAGE_EVENTS)
    if not str(name).strip():
        raise InvalidInput("An event needs a name.")
    when = _aware(starts_at)
    with db.session(actor.tenant_id) as s:
        seatmap = s.execute(
            select(Seatmap).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id)
        ).scalar_one_or_none()
        if seatmap is None:
            raise NotFound(f"No seatmap {seatmap_id}.")
        if seatmap.status != "published":
            raise InvalidInput(f"Seatmap {seatmap.name!r} version {seatmap.version} is a draft: publish it first.")
        doc = load_native(seatmap.document)
        categories = doc.category_names()
        types = price_type_ids(s, actor.tenant_id)
        table = normalise_prices(prices, categories, types)
        event_id = s.execute(
            insert(Event)
            .values(tenant_id=actor.tenant_id, name=str(name).strip(), seatmap_id=seatmap_id, starts_at=when)
            .returning(Event.id)
        ).scalar_one()
        _insert_prices(s, actor.tenant_id, event_id, table, types)
        copy_seats(s, actor.tenant_id, event_id, doc)
    return int(event_id)


def _insert_prices(
    session: Any, tenant_id: int, event_id: int, table: Mapping[tuple[str, str], Decimal], types: Mapping[str, int]
) -> None:
    session.execute(
        insert(EventPrice),
        [
            {"tenant_id": tenant_id, "event_id": event_id, "category": c, "price_type_id": types[t], "price": p}
            for (c, t), p in table.items()
        ],
    )


def copy_seats(session: Any, tenant_id: int, event_id: int, doc: Any) -> int:
    """Give the event its own copy of the seats of its seatmap version."""
    rows = [_seat_row(tenant_id, event_id, r) for r in doc.iter_seats()]
    if rows:
        session.execute(insert(EventSeat), rows)
    return len(rows)


def list_events(db: Database, actor: Actor, *, upcoming_only: bool = False) -> list[EventInfo]:
    with db.session(actor.tenant_id) as s:
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
                    "SELECT s.event_id, count(*) AS total, count(*) FILTER (WHERE s.block_kind IS NOT NULL "
                    "  OR EXISTS (SELECT 1 FROM order_item i WHERE i.tenant_id = s.tenant_id "
                    "             AND i.event_seat_id = s.id AND i.state = 'sold') "
                    "  OR EXISTS (SELECT 1 FROM seat_lock k WHERE k.tenant_id = s.tenant_id "
                    "             AND k.event_seat_id = s.id AND k.status = 'ACTIVE' "
                    "             AND k.expires_at > clock_timestamp())) AS taken "
                    "FROM event_seat s WHERE s.tenant_id = :t AND NOT s.retired GROUP BY s.event_id"
                ),
                {"t": actor.tenant_id},
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
    with db.session(actor.tenant_id) as s:
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
    with db.connection(actor.tenant_id) as conn:
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
        states = holds.seat_states(conn, actor.tenant_id, event_id, seat_ids)
    return [
        SeatInfo(
            id=s.id,
            guid=s.guid,
            label=s.label,
            category=s.category,
            price=prices.get(s.category),
            state=s.state,
            holder_station=s.holder_station,
            block_reason=s.block_reason if s.block_kind else None,
            block_kind=s.block_kind,
            zone=s.zone,
            row=s.row,
            number=s.number,
            x=s.x,
            y=s.y,
            row_key=s.row_key,
            ordinal=s.ordinal,
            wheelchair=s.wheelchair,
            companion_of=s.companion_of,
            restricted_view=s.restricted_view,
            hold_id=s.hold_id,
            hold_expires_at=s.hold_expires_at,
        )
        for s in states
    ]


@dataclass(frozen=True)
class RemapResult:
    event_id: int
    seatmap_id: int
    kept: int
    added: int
    retired: int
    changed: int


@dataclass(frozen=True)
class RefusedSeat:
    """A held or sold seat that a move to another version would drop or change."""

    seat_id: int
    label: str
    reason: str  # "no longer in the plan", "category would change", ...

    def __str__(self) -> str:
        return f"{self.label} ({self.reason})"


class RemapRefused(InvalidInput):
    """Moving an event to another seatmap version would drop or change seats that are held or sold."""

    def __init__(self, message: str, seats: list[RefusedSeat]):
        super().__init__(message)
        self.seats = seats


class MissingPrices(InvalidInput):
    """The new version has categories the event has no prices for."""

    def __init__(self, message: str, categories: list[str]):
        super().__init__(message)
        self.categories = categories


# What a sold ticket says: if any of these changes under a held or sold seat, the move is refused.
_IDENTITY = ("zone", "row", "number", "category")


def move_event_to_seatmap(
    db: Database,
    actor: Actor,
    event_id: int,
    seatmap_id: int,
    *,
    prices: Mapping[str, Any] | None = None,
) -> RemapResult:
    """Give an event another published seatmap version, remapping its seats by guid.

    Seats keep their ids (holds and sales stay attached); seats that vanish are retired; new seats are
    added. Refused, with the list, when a held or sold seat would vanish or change its zone, row, number or
    category. New categories need ``prices``.
    """
    require(actor, Permission.MANAGE_EVENTS)
    with domain_errors(), db.session(actor.tenant_id) as s:
        conn = s.connection()
        event = s.execute(
            select(Event).where(Event.tenant_id == actor.tenant_id, Event.id == event_id).with_for_update()
        ).scalar_one_or_none()
        if event is None:
            raise NotFound(f"No event {event_id}.")
        target = s.execute(
            select(Seatmap).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id)
        ).scalar_one_or_none()
        if target is None:
            raise NotFound(f"No seatmap {seatmap_id}.")
        if target.status != "published":
            raise InvalidInput(f"Version {target.version} of {target.name!r} is a draft: publish it first.")
        # No hold or sale may happen on this event while its seats are rewritten.
        holds.lock_event_exclusive(conn, event_id)
        doc = load_native(target.document)
        new = {r.guid: r for r in doc.iter_seats()}
        old = {
            r.guid: r
            for r in s.execute(
                select(EventSeat).where(
                    EventSeat.tenant_id == actor.tenant_id,
                    EventSeat.event_id == event_id,
                    EventSeat.retired.is_(False),
                )
            ).scalars()
        }
        busy = {st.id for st in holds.seat_states(conn, actor.tenant_id, event_id) if st.state in ("held", "sold")}
        busy |= set(
            conn.execute(
                text(
                    "SELECT event_seat_id FROM order_item WHERE tenant_id = :t AND event_id = :e "
                    "AND state IN ('reserved', 'sold')"
                ),
                {"t": actor.tenant_id, "e": event_id},
            ).scalars()
        )
        problems = []
        for guid, seat in old.items():
            if seat.id not in busy:
                continue
            if guid not in new:
                problems.append(RefusedSeat(seat.id, seat.label or guid, "no longer in the plan"))
            else:
                changes = [f for f in _IDENTITY if str(getattr(seat, f) or "") != str(getattr(new[guid], f) or "")]
                if changes:
                    problems.append(RefusedSeat(seat.id, seat.label or guid, f"{', '.join(changes)} would change"))
        if problems:
            more = f"; and {len(problems) - 8} more" if len(problems) > 8 else ""
            shown = "; ".join(str(p) for p in problems[:8]) + more
            raise RemapRefused(
                f"The event cannot move to version {target.version}: {len(problems)} held or sold "
                f"seat{'s' if len(problems) != 1 else ''} would vanish or change: {shown}.",
                problems,
            )
        types = price_type_ids(s, actor.tenant_id)
        priced = {
            c
            for c in s.execute(
                select(EventPrice.category).where(
                    EventPrice.tenant_id == actor.tenant_id, EventPrice.event_id == event_id
                )
            ).scalars()
        }
        categories = doc.category_names()
        missing = [c for c in categories if c not in priced]
        if missing:
            given = {c: v for c, v in (prices or {}).items() if c in missing}
            if set(missing) - set(given):
                raise MissingPrices(
                    f"Version {target.version} has categories this event has no prices for: {', '.join(missing)}.",
                    missing,
                )
            _insert_prices(s, actor.tenant_id, event_id, normalise_prices(given, missing, types), types)
        changed = kept = 0
        for guid, rec in new.items():
            if guid in old:
                seat = old[guid]
                fields = _seat_fields(rec)
                if any(getattr(seat, k) != v for k, v in fields.items()):
                    changed += 1
                    s.execute(
                        update(EventSeat)
                        .where(EventSeat.tenant_id == actor.tenant_id, EventSeat.id == seat.id)
                        .values(**fields)
                    )
                kept += 1
        retired_ids = [seat.id for guid, seat in old.items() if guid not in new]
        if retired_ids:
            s.execute(
                update(EventSeat)
                .where(EventSeat.tenant_id == actor.tenant_id, EventSeat.id.in_(retired_ids))
                .values(retired=True)
            )
        appearing = [guid for guid in new if guid not in old]
        # A guid that was retired by an earlier move comes back as the same seat.
        returning = {
            r.guid: r.id
            for r in s.execute(
                select(EventSeat.guid, EventSeat.id).where(
                    EventSeat.tenant_id == actor.tenant_id,
                    EventSeat.event_id == event_id,
                    EventSeat.retired.is_(True),
                    EventSeat.guid.in_(appearing),
                )
            )
        }
        for guid, seat_id in returning.items():
            s.execute(
                update(EventSeat)
                .where(EventSeat.tenant_id == actor.tenant_id, EventSeat.id == seat_id)
                .values(retired=False, **_seat_fields(new[guid]))
            )
        fresh = [new[g] for g in appearing if g not in returning]
        if fresh:
            s.execute(insert(EventSeat), [_seat_row(actor.tenant_id, event_id, r) for r in fresh])
        s.execute(
            update(Event).where(Event.tenant_id == actor.tenant_id, Event.id == event_id).values(seatmap_id=seatmap_id)
        )
        log_action(
            conn,
            actor,
            "event.remap",
            event_id=event_id,
            data={
                "from": event.seatmap_id,
                "to": seatmap_id,
                "kept": kept,
                "added": len(appearing),
                "retired": len(retired_ids),
                "changed": changed,
            },
        )
        holds.notify_seats(conn, actor.tenant_id, event_id, None)
        return RemapResult(event_id, seatmap_id, kept, len(appearing), len(retired_ids), changed)


def _seat_fields(r: Any) -> dict[str, Any]:
    return {
        "zone": r.zone,
        "row": r.row,
        "number": r.number,
        "label": r.label,
        "category": r.category,
        "x": r.x,
        "y": r.y,
        "row_key": r.row_key,
        "ordinal": r.ordinal,
        "wheelchair": r.wheelchair,
        "companion_of": r.companion_of,
        "restricted_view": r.restricted_view,
    }


def _seat_row(tenant_id: int, event_id: int, r: Any) -> dict[str, Any]:
    return {"tenant_id": tenant_id, "event_id": event_id, "guid": r.guid, **_seat_fields(r)}


def event_focal_point(db: Database, actor: Actor, event_id: int) -> tuple[float, float]:
    """The stage centre of the event's seatmap version (best available measures from it)."""
    with db.session(actor.tenant_id) as s:
        row = s.execute(
            select(Seatmap.focal_x, Seatmap.focal_y)
            .join(Event, (Event.tenant_id == Seatmap.tenant_id) & (Event.seatmap_id == Seatmap.id))
            .where(Event.tenant_id == actor.tenant_id, Event.id == event_id)
        ).one_or_none()
    if row is None:
        raise NotFound(f"No event {event_id}.")
    return (row.focal_x or 0.0, row.focal_y or 0.0)
