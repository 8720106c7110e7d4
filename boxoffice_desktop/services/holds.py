"""Holds: a cashier's seats under one expiry, and the blocks that take seats off sale.

The server's functions do the work (locks, checks, journal, notifications); see
``sync/migrations/sql/0003/10_holds.sql``. Bounds are the server's too (at most 100 seats, a week).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from boxoffice_desktop.errors import InvalidInput, NotFound
from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync import holds as protocol
from sync.db import Database

DEFAULT_TTL_SECONDS = 900


@dataclass(frozen=True)
class HoldInfo:
    id: int
    event_id: int
    expires_at: datetime
    seat_ids: tuple[int, ...]
    station: str


def _ttl(ttl_seconds: float) -> float:
    try:
        return float(ttl_seconds)
    except (TypeError, ValueError):
        raise InvalidInput(f"The hold time must be a number of seconds, not {ttl_seconds!r}.") from None


def hold(
    db: Database,
    actor: Actor,
    event_id: int,
    seat_ids: Sequence[int],
    *,
    station: str | None = None,
    ttl_seconds: float = DEFAULT_TTL_SECONDS,
    allow_house: bool = False,
    into_hold: int | None = None,
) -> HoldInfo:
    """Hold all the seats or none of them. ``into_hold``: add them to that running hold (a cashier's
    basket), on its clock."""
    who = actor.at_station(station)
    ids = sorted({int(s) for s in seat_ids})
    if len(ids) > protocol.MAX_SEATS_PER_HOLD:
        # The server refuses this before any lock too; an absurd request need not even reach it.
        raise InvalidInput(f"At most {protocol.MAX_SEATS_PER_HOLD} seats per hold, {len(ids)} asked.")
    with unit_of_work(db, who, Permission.SELL_HOUSE_SEATS if allow_house else Permission.SELL) as conn:
        result = protocol.hold_seats(
            conn,
            event_id=int(event_id),
            seat_ids=ids,
            ttl_seconds=_ttl(ttl_seconds),
            allow_house=allow_house,
            into_hold=into_hold,
            station=who.station,
        )
    if into_hold is not None:
        return hold_info(db, actor, into_hold)
    return HoldInfo(result.id, result.event_id, result.expires_at, result.seat_ids, result.station)


def extend(db: Database, actor: Actor, hold_id: int, ttl_seconds: float) -> HoldInfo:
    """The hold now expires ``ttl_seconds`` from now (server clock)."""
    with unit_of_work(db, actor, Permission.SELL) as conn:
        expires_at, seats = protocol.extend_hold(conn, int(hold_id), _ttl(ttl_seconds))
        row = conn.execute(
            text("SELECT event_id, station FROM hold WHERE tenant_id = :t AND id = :h"),
            {"t": actor.tenant_id, "h": int(hold_id)},
        ).one()
    return HoldInfo(int(hold_id), row.event_id, expires_at, tuple(seats), row.station)


def release(db: Database, actor: Actor, hold_id: int, seat_ids: Sequence[int] | None = None) -> int:
    """Give the hold's seats (or only ``seat_ids`` of them) back; returns how many were released (0 when
    they had already gone)."""
    with unit_of_work(db, actor, Permission.SELL) as conn:
        return protocol.release_hold(conn, int(hold_id), seat_ids)


def hold_info(db: Database, actor: Actor, hold_id: int) -> HoldInfo:
    with unit_of_work(db, actor) as conn:
        row = conn.execute(
            text("SELECT id, event_id, station, expires_at FROM hold WHERE tenant_id = :t AND id = :h"),
            {"t": actor.tenant_id, "h": int(hold_id)},
        ).one_or_none()
        if row is None:
            raise NotFound(f"No hold {hold_id}.")
        seats = protocol.active_seats(conn, actor.tenant_id, int(hold_id))
    return HoldInfo(row.id, row.event_id, row.expires_at, tuple(seats), row.station)


def reap_expired(db: Database, actor: Actor) -> int:
    """Expire what is due now; the number of seats released."""
    with unit_of_work(db, actor) as conn:
        return protocol.reap_expired(conn)


def block(
    db: Database, actor: Actor, event_id: int, seat_ids: Sequence[int], *, reason: str, kind: str = "closed"
) -> int:
    """Take seats off sale ("closed") or keep them for the box office ("house")."""
    with unit_of_work(db, actor, Permission.BLOCK_SEATS) as conn:
        return int(
            conn.execute(
                text("SELECT bo_seats_block(:e, :s, :k, :r)"),
                {"e": int(event_id), "s": [int(s) for s in seat_ids], "k": kind, "r": reason},
            ).scalar_one()
        )


def unblock(db: Database, actor: Actor, event_id: int, seat_ids: Sequence[int]) -> int:
    with unit_of_work(db, actor, Permission.BLOCK_SEATS) as conn:
        return int(
            conn.execute(
                text("SELECT bo_seats_unblock(:e, :s)"), {"e": int(event_id), "s": [int(s) for s in seat_ids]}
            ).scalar_one()
        )
