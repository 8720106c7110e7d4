"""The seat-hold protocol from the station's side, Qt-free: calls of the server's functions (which take
the locks, check the caller and journal), the seat states, the sweeper's election and the feed's channel.

Each function runs inside a transaction opened by the caller (``Database.connection`` or a Session's
connection) and leaves commit or rollback to it. See ARCHITECTURE.md, "Seat holds: the protocol", and
``sync/migrations/sql/0003/10_holds.sql``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from sync.errors import SyncError

# The server's bounds (bo_hold_max_seats, bo_hold_event_lock_above), for tests and messages.
MAX_SEATS_PER_HOLD = 100
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
class SeatInfo:
    """One event seat with its live state (by the server's clock): the one seat record, of the map, the
    counter and scripts alike. ``price`` is the seat's full price, filled in by the services."""

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


def hold_seats(
    conn: Connection,
    *,
    event_id: int,
    seat_ids: Sequence[int],
    ttl_seconds: float,
    allow_house: bool = False,
    lock_timeout_ms: int | None = None,
    into_hold: int | None = None,
    station: str = "",
) -> HoldResult:
    """All or nothing, by the server's ``bo_hold`` (one round trip). Its refusals come out as the driver's
    errors with our own SQLSTATEs; the caller's transaction is then unusable and must be rolled back."""
    distinct = sorted({int(s) for s in seat_ids})
    row = conn.execute(
        text("SELECT hold_id, expires_at, seat_ids FROM bo_hold(:e, :s, :ttl, :house, :into, :lt)"),
        {
            "e": int(event_id),
            "s": distinct,
            "ttl": float(ttl_seconds),
            "house": bool(allow_house),
            "into": into_hold,
            "lt": lock_timeout_ms or LOCK_TIMEOUT_MS,
        },
    ).one()
    return HoldResult(int(row.hold_id), int(event_id), row.expires_at, tuple(row.seat_ids), station)


def extend_hold(conn: Connection, hold_id: int, ttl_seconds: float) -> tuple[datetime, list[int]]:
    """The hold's live seats now expire ``ttl_seconds`` from now (server clock)."""
    row = conn.execute(
        text("SELECT expires_at, seat_ids FROM bo_hold_extend(:h, :ttl)"),
        {"h": int(hold_id), "ttl": float(ttl_seconds)},
    ).one()
    return row.expires_at, list(row.seat_ids)


def release_hold(conn: Connection, hold_id: int, seat_ids: Sequence[int] | None = None) -> int:
    """Give the hold's seats (or only ``seat_ids``) back; how many went back on sale."""
    return int(
        conn.execute(
            text("SELECT bo_hold_release(:h, :s)"),
            {"h": int(hold_id), "s": None if seat_ids is None else [int(s) for s in seat_ids]},
        ).scalar_one()
    )


def active_seats(conn: Connection, tenant_id: int, hold_id: int) -> list[int]:
    """The hold's seats that are still held (by the server's clock)."""
    return list(
        conn.execute(
            text(
                "SELECT event_seat_id FROM seat_lock WHERE tenant_id = :t AND hold_id = :h AND status = 'ACTIVE' "
                "AND expires_at > clock_timestamp() ORDER BY event_seat_id"
            ),
            {"t": tenant_id, "h": hold_id},
        ).scalars()
    )


# The seats of an event with their state as the server defines it (the view event_seat_state, 0003).
_STATE_SQL = """
SELECT st.seat_id AS id, st.guid, st.zone, st.row, st.number, st.label, st.category, st.x, st.y, st.row_key,
       st.ordinal, st.wheelchair, st.companion_of, st.restricted_view, st.block_kind, st.block_reason,
       st.state, st.holder_station, st.hold_id, st.hold_expires_at
FROM event_seat_state st
WHERE st.tenant_id = :t AND st.event_id = :e {extra}
ORDER BY st.seat_id
"""


def seat_states(
    conn: Connection,
    tenant_id: int,
    event_id: int,
    seat_ids: Sequence[int] | None = None,
    prices: Mapping[str, Decimal] | None = None,
) -> list[SeatInfo]:
    """The event's seats (or only ``seat_ids``), each with its full price from ``prices`` by category."""
    extra = "AND st.seat_id = ANY(:ids)" if seat_ids is not None else ""
    params: dict[str, object] = {"t": tenant_id, "e": event_id}
    if seat_ids is not None:
        params["ids"] = list(seat_ids)
    out = []
    for r in conn.execute(text(_STATE_SQL.format(extra=extra)), params):
        held = r.state == "held"
        out.append(
            SeatInfo(
                id=r.id,
                guid=r.guid,
                label=r.label,
                category=r.category,
                price=(prices or {}).get(r.category),
                state=r.state,
                holder_station=r.holder_station if held else None,
                block_reason=r.block_reason if r.block_kind else None,
                block_kind=r.block_kind,
                zone=r.zone,
                row=r.row,
                number=r.number,
                x=r.x,
                y=r.y,
                row_key=r.row_key,
                ordinal=r.ordinal,
                wheelchair=r.wheelchair,
                companion_of=r.companion_of,
                restricted_view=r.restricted_view,
                hold_id=r.hold_id if held else None,
                hold_expires_at=r.hold_expires_at if held else None,
            )
        )
    return out


def reap_expired(conn: Connection) -> int:
    """Expire what is due now in the caller's tenant; the number of seats released."""
    return int(conn.execute(text("SELECT bo_reap()")).scalar() or 0)


def elect_sweeper(conn: Any) -> bool:
    """On a direct (session) connection: take the tenant's sweeper election if nobody holds it."""
    row = conn.execute("SELECT bo_sweeper_elect()").fetchone()
    return bool(row and row[0])


def feed_channel(conn: Any) -> str:
    """The tenant's own notification channel (its name is readable by its staff only)."""
    row = conn.execute("SELECT bo_feed_channel()").fetchone()
    if not row or not row[0]:
        raise SyncError("this login belongs to no organisation: there is no seat feed to listen to")
    return str(row[0])


def parse_payload(payload: str) -> tuple[int | None, list[int] | None]:
    """Decode a seat-change notification: (event id, seat ids or None for 'reload the event')."""
    data = json.loads(payload)
    seats = data.get("s")
    return int(data["e"]), (None if seats is None else [int(s) for s in seats])
