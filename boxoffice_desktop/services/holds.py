"""Holds: a cashier's seats under one expiry, and the blocks that take seats off sale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from boxoffice_desktop.errors import HoldExpired, InvalidInput, NotFound, SeatsUnavailable
from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.dberrors import domain_errors
from boxoffice_desktop.services.journal import log_action
from sync import holds as protocol
from sync.db import Database

DEFAULT_TTL_SECONDS = 900
MAX_TTL_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class HoldInfo:
    id: int
    event_id: int
    expires_at: datetime
    seat_ids: tuple[int, ...]
    station: str


def _ttl(ttl_seconds: float) -> float:
    try:
        ttl = float(ttl_seconds)
    except (TypeError, ValueError):
        raise InvalidInput(f"The hold time must be a number of seconds, not {ttl_seconds!r}.") from None
    if not ttl > 0:
        raise InvalidInput(f"The hold time must be positive, not {ttl_seconds!r}.")
    if ttl > MAX_TTL_SECONDS:
        raise InvalidInput("A hold may last at most a week.")
    return ttl


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
    require(actor, Permission.SELL)
    if allow_house:
        require(actor, Permission.SELL_HOUSE_SEATS)
    ttl = _ttl(ttl_seconds)
    who = actor.at_station(station)
    ids = [int(s) for s in seat_ids]
    with domain_errors(), db.connection(actor.tenant_id) as conn:
        result = protocol.hold_seats(
            conn,
            event_id=int(event_id),
            seat_ids=ids,
            station=who.station,
            user_id=who.user_id,
            actor=who.username,
            ttl_seconds=ttl,
            allow_house=allow_house,
            into_hold=into_hold,
        )
    if into_hold is not None:
        return hold_info(db, actor, into_hold)
    return HoldInfo(result.id, result.event_id, result.expires_at, result.seat_ids, result.station)


def _locked_hold(conn, actor: Actor, hold_id: int) -> dict:
    row = protocol.lock_hold(conn, actor.tenant_id, int(hold_id))
    if row is None:
        raise NotFound(f"No hold {hold_id}.")
    return row


def extend(db: Database, actor: Actor, hold_id: int, ttl_seconds: float) -> HoldInfo:
    """The hold now expires ``ttl_seconds`` from now (server clock)."""
    require(actor, Permission.SELL)
    ttl = _ttl(ttl_seconds)
    with domain_errors(), db.connection(actor.tenant_id) as conn:
        h = _locked_hold(conn, actor, hold_id)
        expires_at, seats = protocol.extend_hold(conn, actor.tenant_id, int(hold_id), ttl)
        if not seats:
            raise HoldExpired("This hold has already ended or expired; pick the seats again.")
        log_action(
            conn,
            actor,
            "seat.extend",
            event_id=h["event_id"],
            hold_id=h["id"],
            data={"seats": seats, "expires_at": expires_at, "ttl_seconds": ttl},
        )
    return HoldInfo(int(hold_id), h["event_id"], expires_at, tuple(seats), h["station"])


def release(db: Database, actor: Actor, hold_id: int, seat_ids: Sequence[int] | None = None) -> int:
    """Give the hold's seats (or only ``seat_ids`` of them) back; returns how many were released (0 when
    they had already gone)."""
    require(actor, Permission.SELL)
    with domain_errors(), db.connection(actor.tenant_id) as conn:
        h = _locked_hold(conn, actor, hold_id)
        only = None if seat_ids is None else [int(s) for s in seat_ids]
        seats = protocol.end_hold(conn, actor.tenant_id, int(hold_id), "RELEASED", only)
        if seats:
            log_action(conn, actor, "seat.release", event_id=h["event_id"], hold_id=h["id"], data={"seats": seats})
            protocol.notify_seats(conn, actor.tenant_id, h["event_id"], seats)
    return len(seats)


def hold_info(db: Database, actor: Actor, hold_id: int) -> HoldInfo:
    with db.connection(actor.tenant_id) as conn:
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
    with domain_errors(), db.connection(actor.tenant_id) as conn:
        return protocol.reap_expired(conn, actor=actor.username, station=actor.station)


BLOCK_KINDS = ("closed", "house")


def block(
    db: Database, actor: Actor, event_id: int, seat_ids: Sequence[int], *, reason: str, kind: str = "closed"
) -> int:
    """Take seats off sale ("closed") or keep them for the box office ("house")."""
    require(actor, Permission.BLOCK_SEATS)
    if kind not in BLOCK_KINDS:
        raise InvalidInput(f"Unknown block kind {kind!r}: use 'closed' or 'house'.")
    if not (reason or "").strip():
        raise InvalidInput("A block needs a reason (press, broken seat, technical position...).")
    ids = sorted({int(s) for s in seat_ids})
    if not ids:
        raise InvalidInput("No seats given.")
    with domain_errors(), db.connection(actor.tenant_id) as conn:
        _check_event_seats(conn, actor, event_id, ids)
        # The exclusive event lock waits out every hold in progress on this event.
        protocol.lock_event_exclusive(conn, int(event_id))
        taken = [
            s.id for s in protocol.seat_states(conn, actor.tenant_id, int(event_id), ids) if s.state in ("held", "sold")
        ]
        if taken:
            raise SeatsUnavailable(taken, f"{len(taken)} of these seats are held or sold; they cannot be blocked.")
        conn.execute(
            text(
                "UPDATE event_seat SET block_kind = :k, block_reason = :r "
                "WHERE tenant_id = :t AND event_id = :e AND id = ANY(:ids)"
            ),
            {"k": kind, "r": reason.strip(), "t": actor.tenant_id, "e": int(event_id), "ids": ids},
        )
        log_action(
            conn,
            actor,
            "seat.block",
            event_id=int(event_id),
            data={"seats": ids, "kind": kind, "reason": reason},
        )
        protocol.notify_seats(conn, actor.tenant_id, int(event_id), ids)
    return len(ids)


def unblock(db: Database, actor: Actor, event_id: int, seat_ids: Sequence[int]) -> int:
    require(actor, Permission.BLOCK_SEATS)
    ids = sorted({int(s) for s in seat_ids})
    with domain_errors(), db.connection(actor.tenant_id) as conn:
        _check_event_seats(conn, actor, event_id, ids)
        protocol.lock_event_exclusive(conn, int(event_id))
        changed = list(
            conn.execute(
                text(
                    "UPDATE event_seat SET block_kind = NULL, block_reason = NULL "
                    "WHERE tenant_id = :t AND event_id = :e AND id = ANY(:ids) AND block_kind IS NOT NULL "
                    "RETURNING id"
                ),
                {"t": actor.tenant_id, "e": int(event_id), "ids": ids},
            ).scalars()
        )
        if changed:
            log_action(conn, actor, "seat.unblock", event_id=int(event_id), data={"seats": sorted(changed)})
            protocol.notify_seats(conn, actor.tenant_id, int(event_id), sorted(changed))
    return len(changed)


def _check_event_seats(conn, actor: Actor, event_id: int, ids: list[int]) -> None:
    found = set(
        conn.execute(
            text("SELECT id FROM event_seat WHERE tenant_id = :t AND event_id = :e AND id = ANY(:ids)"),
            {"t": actor.tenant_id, "e": int(event_id), "ids": ids},
        ).scalars()
    )
    foreign = [i for i in ids if i not in found]
    if foreign:
        shown = ", ".join(str(i) for i in foreign[:10])
        raise InvalidInput(f"{len(foreign)} of the seats given are not seats of event {event_id}: {shown}.")
