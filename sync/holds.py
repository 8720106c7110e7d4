"""The seat-hold protocol, Qt-free: hold, extend, release, block, the seat states, and the sweep.

Each function runs inside a tenant transaction opened by the caller (``Database.connection`` or a
Session's connection) and leaves commit or rollback to it. See ARCHITECTURE.md, "Seat holds: the protocol".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from psycopg import errors as pg_errors
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, OperationalError

from sync.errors import HoldEnded, HoldRefused, LockTimeout, SeatConflict, SyncError
from sync.locks import event_key, seat_key

MAX_SEATS_PER_HOLD = 100
# Above this many seats a hold locks the whole event rather than each seat (pretix uses 20).
EVENT_LOCK_ABOVE = 20
LOCK_TIMEOUT_MS = 3000


@dataclass(frozen=True)
class HoldResult:
    id: int
    event_id: int
    expires_at: datetime
    seat_ids: tuple[int, ...]
    station: str


@dataclass(frozen=True)
class SeatState:
    """One event seat with its live state (by the server's clock)."""

    id: int
    guid: str
    zone: str
    row: str
    number: str
    label: str
    category: str
    x: float
    y: float
    row_key: str
    ordinal: int
    wheelchair: bool
    companion_of: str | None
    restricted_view: bool
    block_kind: str | None
    block_reason: str | None
    state: str  # free | held | sold | blocked
    holder_station: str | None
    hold_id: int | None
    hold_expires_at: datetime | None = None


def _diag(exc: BaseException) -> tuple[str | None, str, str]:
    orig = getattr(exc, "orig", exc)
    diag = getattr(orig, "diag", None)
    code = getattr(orig, "sqlstate", None)
    message = getattr(diag, "message_primary", None) or str(orig)
    detail = getattr(diag, "message_detail", None) or ""
    return code, message, detail


def _ids(detail: str) -> list[int]:
    return [int(x) for x in detail.split(",") if x.strip()]


def translate_error(exc: DBAPIError) -> SyncError | None:
    """Map a protocol error raised by the server onto the layer's own errors (None: not ours)."""
    code, message, detail = _diag(exc)
    if code == "BO001":
        return SeatConflict(_ids(detail), message)
    if code == "BO006":
        return HoldEnded(message)
    if code in ("BO002", "BO003", "BO004", "BO005", "BO000"):
        err = HoldRefused(message)
        err.code = code  # type: ignore[attr-defined]
        err.seat_ids = _ids(detail)  # type: ignore[attr-defined]
        return err
    orig = getattr(exc, "orig", None)
    if isinstance(orig, pg_errors.LockNotAvailable) or code == "55P03":
        return LockTimeout(message)
    if isinstance(orig, pg_errors.UniqueViolation) and "uq_seat_lock_active_seat" in str(orig):
        # The backstop fired: the locks failed to serialise. Report it as a conflict, never sell twice.
        return SeatConflict([], "seat already held (unique index)")
    return None


def hold_seats(
    conn: Connection,
    *,
    event_id: int,
    seat_ids: Sequence[int],
    station: str,
    user_id: int | None,
    actor: str,
    ttl_seconds: float,
    allow_house: bool = False,
    max_seats: int = MAX_SEATS_PER_HOLD,
    lock_timeout_ms: int | None = None,
    into_hold: int | None = None,
) -> HoldResult:
    """All or nothing. Raises SeatConflict, HoldRefused or LockTimeout; the caller's transaction is then
    unusable and must be rolled back."""
    # The bound is checked here as well, so an absurd request never even reaches the server.
    distinct = sorted({int(s) for s in seat_ids})
    if len(distinct) > max_seats:
        raise HoldRefused(f"at most {max_seats} seats per hold, {len(distinct)} asked")
    try:
        row = conn.execute(
            text(
                "SELECT hold_id, expires_at, seat_ids FROM bo_hold(:e, :s, :st, :u, :a, :ttl, :house, :max,"
                " :above, :lt, :into)"
            ),
            {
                "e": event_id,
                "s": distinct,
                "st": station,
                "u": user_id,
                "a": actor,
                "ttl": float(ttl_seconds),
                "house": allow_house,
                "max": max_seats,
                "above": EVENT_LOCK_ABOVE,
                "lt": lock_timeout_ms or LOCK_TIMEOUT_MS,
                "into": into_hold,
            },
        ).one()
    except DBAPIError as exc:
        mapped = translate_error(exc)
        if mapped is not None:
            raise mapped from exc
        raise
    return HoldResult(int(row.hold_id), event_id, row.expires_at, tuple(row.seat_ids), station)


def lock_hold(conn: Connection, tenant_id: int, hold_id: int) -> dict | None:
    """Lock the hold's row (serialises extend, release, sell and payment of one hold)."""
    row = (
        conn.execute(
            text(
                "SELECT id, event_id, station, user_id, expires_at, clock_timestamp() AS now FROM hold "
                "WHERE tenant_id = :t AND id = :h FOR UPDATE"
            ),
            {"t": tenant_id, "h": hold_id},
        )
        .mappings()
        .one_or_none()
    )
    return dict(row) if row else None


def active_seats(conn: Connection, tenant_id: int, hold_id: int, *, unexpired: bool = True) -> list[int]:
    clause = "AND expires_at > clock_timestamp()" if unexpired else ""
    return list(
        conn.execute(
            text(
                "SELECT event_seat_id FROM seat_lock WHERE tenant_id = :t AND hold_id = :h AND status = 'ACTIVE' "
                f"{clause} ORDER BY event_seat_id"
            ),
            {"t": tenant_id, "h": hold_id},
        ).scalars()
    )


def lock_seats(conn: Connection, event_id: int, seat_ids: Sequence[int], lock_timeout_ms: int | None = None) -> None:
    """Take the same advisory locks a hold takes (event shared, then each seat in key order)."""
    keys = sorted(seat_key(s) for s in seat_ids)
    try:
        conn.execute(
            text("SELECT set_config('lock_timeout', :lt, true)"),
            {"lt": f"{lock_timeout_ms or LOCK_TIMEOUT_MS}ms"},
        )
        if len(keys) > EVENT_LOCK_ABOVE:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": event_key(event_id)})
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": event_key(event_id)})
            conn.execute(
                text(
                    "SELECT count(pg_advisory_xact_lock(k)) FROM "
                    "(SELECT k FROM unnest(CAST(:keys AS bigint[])) WITH ORDINALITY AS t(k, n) ORDER BY n) AS s"
                ),
                {"keys": keys},
            )
    except DBAPIError as exc:
        mapped = translate_error(exc)
        if mapped is not None:
            raise mapped from exc
        raise


def convert_hold(conn: Connection, tenant_id: int, hold_id: int, event_id: int) -> list[int]:
    """Turn every seat of a live hold into a sale's seat (CONVERTED), under the seats' locks.

    Raises HoldEnded when any seat of the hold has expired or was released: a sale is all or nothing.
    """
    seats = active_seats(conn, tenant_id, hold_id, unexpired=False)
    if not seats:
        raise HoldEnded("the hold has ended")
    lock_seats(conn, event_id, seats)
    converted = sorted(
        conn.execute(
            text(
                "UPDATE seat_lock SET status = 'CONVERTED', ended_at = clock_timestamp() "
                "WHERE tenant_id = :t AND hold_id = :h AND status = 'ACTIVE' AND expires_at > clock_timestamp() "
                "RETURNING event_seat_id"
            ),
            {"t": tenant_id, "h": hold_id},
        ).scalars()
    )
    if converted != seats:
        raise HoldEnded("the hold expired")
    return converted


def stretch_hold(conn: Connection, tenant_id: int, hold_id: int, event_id: int, seconds: float) -> datetime:
    """Keep every seat of a live hold for ``seconds`` from now, under the seats' locks (an online payment's
    window). All or nothing: raises HoldEnded when any seat has expired or was released."""
    seats = active_seats(conn, tenant_id, hold_id, unexpired=False)
    if not seats:
        raise HoldEnded("the hold has ended")
    lock_seats(conn, event_id, seats)
    rows = conn.execute(
        text(
            "WITH h AS (UPDATE hold SET expires_at = clock_timestamp() + make_interval(secs => :secs) "
            "           WHERE tenant_id = :t AND id = :h RETURNING expires_at) "
            "UPDATE seat_lock k SET expires_at = (SELECT expires_at FROM h) "
            "WHERE k.tenant_id = :t AND k.hold_id = :h AND k.status = 'ACTIVE' AND k.expires_at > clock_timestamp() "
            "RETURNING k.event_seat_id, k.expires_at"
        ),
        {"t": tenant_id, "h": hold_id, "secs": float(seconds)},
    ).all()
    if sorted(r.event_seat_id for r in rows) != seats:
        raise HoldEnded("the hold expired")
    return rows[0].expires_at


def take_free_seats(conn: Connection, tenant_id: int, event_id: int, seat_ids: Sequence[int]) -> bool:
    """Under the seats' locks: are these seats free right now (not held, sold, blocked or retired)?
    The locks stay taken until the caller's transaction ends, so the answer holds until then."""
    lock_seats(conn, event_id, seat_ids)
    taken = conn.execute(
        text(
            "SELECT count(*) FROM event_seat s WHERE s.tenant_id = :t AND s.id = ANY(:ids) AND ("
            " s.retired OR s.block_kind = 'closed'"
            " OR EXISTS (SELECT 1 FROM seat_lock k WHERE k.tenant_id = :t AND k.event_seat_id = s.id"
            "            AND k.status = 'ACTIVE' AND k.expires_at > clock_timestamp())"
            " OR EXISTS (SELECT 1 FROM order_item i WHERE i.tenant_id = :t AND i.event_seat_id = s.id"
            "            AND i.state = 'sold'))"
        ),
        {"t": tenant_id, "ids": list(seat_ids)},
    ).scalar_one()
    return taken == 0


def extend_hold(conn: Connection, tenant_id: int, hold_id: int, ttl_seconds: float) -> tuple[datetime, list[int]]:
    """Expire ``ttl_seconds`` from now (server clock). Only a live hold can be extended."""
    row = conn.execute(
        text(
            "WITH h AS (UPDATE hold SET expires_at = clock_timestamp() + make_interval(secs => :ttl) "
            "           WHERE tenant_id = :t AND id = :h RETURNING expires_at) "
            "UPDATE seat_lock k SET expires_at = (SELECT expires_at FROM h) "
            "WHERE k.tenant_id = :t AND k.hold_id = :h AND k.status = 'ACTIVE' AND k.expires_at > clock_timestamp() "
            "RETURNING k.event_seat_id, k.expires_at"
        ),
        {"t": tenant_id, "h": hold_id, "ttl": float(ttl_seconds)},
    ).all()
    if not row:
        return datetime.min, []
    return row[0].expires_at, sorted(r.event_seat_id for r in row)


def end_hold(
    conn: Connection, tenant_id: int, hold_id: int, status: str, seat_ids: Sequence[int] | None = None
) -> list[int]:
    """Mark the hold's ACTIVE seat locks (or only those of ``seat_ids``) RELEASED, CONVERTED or EXPIRED;
    returns the seats."""
    assert status in ("RELEASED", "CONVERTED", "EXPIRED")
    only = "AND event_seat_id = ANY(:ids)" if seat_ids is not None else ""
    return sorted(
        conn.execute(
            text(
                "UPDATE seat_lock SET status = CAST(:st AS seat_lock_status), ended_at = clock_timestamp() "
                f"WHERE tenant_id = :t AND hold_id = :h AND status = 'ACTIVE' {only} RETURNING event_seat_id"
            ),
            {"t": tenant_id, "h": hold_id, "st": status, "ids": list(seat_ids or [])},
        ).scalars()
    )


def notify_seats(conn: Connection, tenant_id: int, event_id: int, seat_ids: Sequence[int] | None) -> None:
    conn.execute(
        text("SELECT bo_notify_seats(:t, :e, :s)"),
        {"t": tenant_id, "e": event_id, "s": list(seat_ids) if seat_ids is not None else None},
    )


def lock_event_exclusive(conn: Connection, event_id: int, lock_timeout_ms: int | None = None) -> None:
    """Wait out every hold in progress on the event (blocks, remaps). Raises LockTimeout."""
    try:
        conn.execute(
            text("SELECT set_config('lock_timeout', :lt, true)"),
            {"lt": f"{lock_timeout_ms or LOCK_TIMEOUT_MS}ms"},
        )
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": event_key(event_id)})
    except (DBAPIError, OperationalError) as exc:
        mapped = translate_error(exc)
        if mapped is not None:
            raise mapped from exc
        raise


_STATE_SQL = """
SELECT s.id, s.guid, s.zone, s.row, s.number, s.label, s.category, s.x, s.y, s.row_key, s.ordinal,
       s.wheelchair, s.companion_of, s.restricted_view, s.block_kind, s.block_reason,
       l.station AS holder_station, l.hold_id, l.expires_at AS hold_expires_at,
       (sold.event_seat_id IS NOT NULL) AS sold
FROM event_seat s
LEFT JOIN (
    SELECT k.event_seat_id, k.hold_id, k.expires_at, h.station
    FROM seat_lock k JOIN hold h ON h.tenant_id = k.tenant_id AND h.id = k.hold_id
    WHERE k.tenant_id = :t AND k.event_id = :e AND k.status = 'ACTIVE' AND k.expires_at > clock_timestamp()
) l ON l.event_seat_id = s.id
LEFT JOIN (
    SELECT DISTINCT i.event_seat_id FROM order_item i
    WHERE i.tenant_id = :t AND i.event_id = :e AND i.state = 'sold'
) sold ON sold.event_seat_id = s.id
WHERE s.tenant_id = :t AND s.event_id = :e AND NOT s.retired {extra}
ORDER BY s.id
"""


def seat_states(
    conn: Connection, tenant_id: int, event_id: int, seat_ids: Sequence[int] | None = None
) -> list[SeatState]:
    extra = "AND s.id = ANY(:ids)" if seat_ids is not None else ""
    params: dict[str, object] = {"t": tenant_id, "e": event_id}
    if seat_ids is not None:
        params["ids"] = list(seat_ids)
    out = []
    for r in conn.execute(text(_STATE_SQL.format(extra=extra)), params):
        if r.sold:
            state = "sold"
        elif r.hold_id is not None:
            state = "held"
        elif r.block_kind is not None:
            state = "blocked"
        else:
            state = "free"
        out.append(
            SeatState(
                r.id,
                r.guid,
                r.zone,
                r.row,
                r.number,
                r.label,
                r.category,
                r.x,
                r.y,
                r.row_key,
                r.ordinal,
                r.wheelchair,
                r.companion_of,
                r.restricted_view,
                r.block_kind,
                r.block_reason,
                state,
                r.holder_station if state == "held" else None,
                r.hold_id if state == "held" else None,
                r.hold_expires_at if state == "held" else None,
            )
        )
    return out


def reap_expired(conn: Connection, *, actor: str, station: str) -> int:
    """Expire what is due now in the current tenant; the number of seats released."""
    return int(conn.execute(text("SELECT bo_reap(:a, :s)"), {"a": actor, "s": station}).scalar() or 0)


def parse_payload(payload: str) -> tuple[int | None, list[int] | None]:
    """Decode a seat-change notification: (event id, seat ids or None for 'reload the event')."""
    data = json.loads(payload)
    seats = data.get("s")
    return int(data["e"]), (None if seats is None else [int(s) for s in seats])
