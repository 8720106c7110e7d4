"""Cash shifts: a float at the start, an X report to look, a count and a Z report to close.

Cash and card sales need an open shift at the selling station. Every step is journaled.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from boxoffice_desktop.errors import BoxOfficeError, InvalidInput, NoOpenShift
from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.journal import log_action
from boxoffice_desktop.services.money import to_money
from sync.db import Database

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ShiftReport:
    """An X report (the shift stays open) or a Z report (it closed)."""

    kind: str  # "X" or "Z"
    shift_id: int
    station: str
    cashier: str
    opened_at: datetime
    closed_at: datetime | None
    opening_float: Decimal
    totals: dict[str, Decimal] = field(default_factory=dict)  # by payment method: cash, card, ...
    orders: int = 0
    tickets: int = 0
    refunds: Decimal = ZERO
    expected_cash: Decimal | None = None  # None: hidden from this role (a blind count)
    counted_cash: Decimal | None = None
    difference: Decimal | None = None
    difference_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: (str(v) if isinstance(v, Decimal | datetime) else v) for k, v in data.items()} | {
            "totals": {k: str(v) for k, v in self.totals.items()}
        }


def open_shift_id(conn: Connection, actor: Actor) -> int | None:
    return conn.execute(
        text("SELECT id FROM cash_shift WHERE tenant_id = :t AND station = :s AND closed_at IS NULL"),
        {"t": actor.tenant_id, "s": actor.station},
    ).scalar()


def require_open_shift(conn: Connection, actor: Actor) -> int:
    shift_id = open_shift_id(conn, actor)
    if shift_id is None:
        raise NoOpenShift(f"Open a cash shift at {actor.station} before selling for cash or card.")
    return int(shift_id)


def open_shift(db: Database, actor: Actor, float_amount: Any) -> ShiftReport:
    require(actor, Permission.RUN_SHIFT)
    amount = to_money(float_amount, what="opening float")
    try:
        with db.connection(actor.tenant_id) as conn:
            shift_id = conn.execute(
                text(
                    "INSERT INTO cash_shift (tenant_id, station, user_id, opening_float) "
                    "VALUES (:t, :s, :u, :f) RETURNING id"
                ),
                {"t": actor.tenant_id, "s": actor.station, "u": actor.user_id, "f": amount},
            ).scalar_one()
            log_action(conn, actor, "shift.opened", data={"shift": shift_id, "float": amount})
            return _report(conn, actor, int(shift_id), "X")
    except IntegrityError as exc:
        if "uq_cash_shift_open_station" in str(exc):
            raise BoxOfficeError(f"A shift is already open at {actor.station}; close it first.") from exc
        raise


def current_shift(db: Database, actor: Actor) -> ShiftReport | None:
    """The open shift of this station as an X report, or None."""
    with db.connection(actor.tenant_id) as conn:
        shift_id = open_shift_id(conn, actor)
        return _report(conn, actor, int(shift_id), "X") if shift_id is not None else None


def x_report(db: Database, actor: Actor) -> ShiftReport:
    require(actor, Permission.RUN_SHIFT)
    with db.connection(actor.tenant_id) as conn:
        shift_id = open_shift_id(conn, actor)
        if shift_id is None:
            raise BoxOfficeError(f"No shift is open at {actor.station}.")
        report = _report(conn, actor, int(shift_id), "X")
        log_action(conn, actor, "shift.x_report", data={"shift": shift_id})
        return report


def close_shift(db: Database, actor: Actor, counted_cash: Any, *, reason: str | None = None) -> ShiftReport:
    """Count the drawer and close the shift: the Z report, with the difference and its reason."""
    require(actor, Permission.RUN_SHIFT)
    counted = to_money(counted_cash, what="counted cash")
    with db.connection(actor.tenant_id) as conn:
        shift_id = conn.execute(
            text("SELECT id FROM cash_shift WHERE tenant_id = :t AND station = :s AND closed_at IS NULL FOR UPDATE"),
            {"t": actor.tenant_id, "s": actor.station},
        ).scalar()
        if shift_id is None:
            raise BoxOfficeError(f"No shift is open at {actor.station}.")
        full = _report(conn, actor, int(shift_id), "Z", reveal=True)
        assert full.expected_cash is not None
        difference = counted - full.expected_cash
        why = (reason or "").strip() or None
        if difference != 0 and why is None:
            raise InvalidInput(
                f"The drawer is {abs(difference)} {'over' if difference > 0 else 'short'}: give a reason to close."
            )
        row = conn.execute(
            text(
                "UPDATE cash_shift SET closed_at = clock_timestamp(), expected_cash = :e, counted_cash = :c, "
                "difference = :d, difference_reason = :r WHERE tenant_id = :t AND id = :id RETURNING closed_at"
            ),
            {"e": full.expected_cash, "c": counted, "d": difference, "r": why, "t": actor.tenant_id, "id": shift_id},
        ).one()
        report = ShiftReport(
            **{
                **asdict(full),
                "closed_at": row.closed_at,
                "counted_cash": counted,
                "difference": difference,
                "difference_reason": why,
            }
        )
        conn.execute(
            text("UPDATE cash_shift SET z_report = CAST(:z AS jsonb) WHERE tenant_id = :t AND id = :id"),
            {"z": json.dumps(report.to_json()), "t": actor.tenant_id, "id": shift_id},
        )
        log_action(
            conn,
            actor,
            "shift.closed",
            data={
                "shift": shift_id,
                "expected": full.expected_cash,
                "counted": counted,
                "difference": difference,
                "reason": why,
            },
        )
        return report


def _report(conn: Connection, actor: Actor, shift_id: int, kind: str, *, reveal: bool = False) -> ShiftReport:
    shift = (
        conn.execute(
            text(
                "SELECT c.*, coalesce(u.display_name, u.username, '') AS cashier FROM cash_shift c "
                "LEFT JOIN staff_user u ON u.tenant_id = c.tenant_id AND u.id = c.user_id "
                "WHERE c.tenant_id = :t AND c.id = :id"
            ),
            {"t": actor.tenant_id, "id": shift_id},
        )
        .mappings()
        .one()
    )
    totals = {
        r.provider: r.amount
        for r in conn.execute(
            text(
                "SELECT p.provider, sum(p.amount) AS amount FROM payment p "
                "JOIN orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id "
                "WHERE p.tenant_id = :t AND o.shift_id = :id AND p.status = 'SUCCEEDED' GROUP BY p.provider"
            ),
            {"t": actor.tenant_id, "id": shift_id},
        )
    }
    counts = conn.execute(
        text(
            "SELECT count(DISTINCT o.id) AS orders, count(i.id) FILTER (WHERE i.state = 'sold') AS tickets "
            "FROM orders o LEFT JOIN order_item i ON i.tenant_id = o.tenant_id AND i.order_id = o.id "
            "WHERE o.tenant_id = :t AND o.shift_id = :id AND o.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')"
        ),
        {"t": actor.tenant_id, "id": shift_id},
    ).one()
    refunds = conn.execute(
        text(
            "SELECT coalesce(sum(r.amount), 0) FROM refund r JOIN payment p "
            "ON p.tenant_id = r.tenant_id AND p.id = r.payment_id "
            "JOIN orders o ON o.tenant_id = r.tenant_id AND o.id = r.order_id "
            "WHERE r.tenant_id = :t AND o.shift_id = :id AND p.provider = 'cash' AND r.status = 'SUCCEEDED'"
        ),
        {"t": actor.tenant_id, "id": shift_id},
    ).scalar_one()
    expected = shift["opening_float"] + totals.get("cash", ZERO) - refunds
    shown = expected if (reveal or actor.can(Permission.SEE_EXPECTED_CASH)) else None
    return ShiftReport(
        kind=kind,
        shift_id=shift_id,
        station=shift["station"],
        cashier=shift["cashier"] or actor.username,
        opened_at=shift["opened_at"],
        closed_at=shift["closed_at"],
        opening_float=shift["opening_float"],
        totals={k: Decimal(v) for k, v in sorted(totals.items())},
        orders=int(counts.orders),
        tickets=int(counts.tickets),
        refunds=Decimal(refunds),
        expected_cash=shown,
    )
