"""Cash shifts: a float at the start, an X report to look, a count and a Z report to close.

Cash and card sales need an open shift at the selling station. The server opens and closes shifts, sums
their figures (so the drawer's expected cash is nobody's input) and journals every step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.money import to_money
from boxoffice_desktop.services.unit_of_work import unit_of_work
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


def _report(conn: Connection, shift_id: int, kind: str) -> ShiftReport:
    """The server's figures of a shift (a blind count, without the expected cash, for roles that may not
    see it while the shift is open)."""
    data = conn.execute(text("SELECT bo_shift_report(:s)"), {"s": int(shift_id)}).scalar_one()
    return report_from_figures(data, kind)


def report_from_figures(data: dict[str, Any], kind: str) -> ShiftReport:
    def money(key: str) -> Decimal | None:
        value = data.get(key)
        return None if value is None else Decimal(str(value))

    def when(key: str) -> datetime | None:
        value = data.get(key)
        return None if value is None else datetime.fromisoformat(str(value))

    opened = when("opened_at")
    assert opened is not None
    return ShiftReport(
        kind=kind,
        shift_id=int(data["shift_id"]),
        station=str(data["station"]),
        cashier=str(data.get("cashier") or ""),
        opened_at=opened,
        closed_at=when("closed_at"),
        opening_float=money("opening_float") or ZERO,
        totals={k: Decimal(str(v)) for k, v in sorted((data.get("totals") or {}).items())},
        orders=int(data.get("orders") or 0),
        tickets=int(data.get("tickets") or 0),
        refunds=money("refunds") or ZERO,
        expected_cash=money("expected_cash"),
        counted_cash=money("counted_cash"),
        difference=money("difference"),
        difference_reason=data.get("difference_reason"),
    )


def open_shift_id(conn: Connection, actor: Actor) -> int | None:
    return conn.execute(
        text("SELECT id FROM cash_shift WHERE tenant_id = :t AND station = :s AND closed_at IS NULL"),
        {"t": actor.tenant_id, "s": actor.station},
    ).scalar()


def open_shift(db: Database, actor: Actor, float_amount: Any) -> ShiftReport:
    amount = to_money(float_amount, what="opening float")
    with unit_of_work(db, actor, Permission.RUN_SHIFT) as conn:
        shift_id = conn.execute(text("SELECT bo_shift_open(:f)"), {"f": amount}).scalar_one()
        return _report(conn, int(shift_id), "X")


def current_shift(db: Database, actor: Actor) -> ShiftReport | None:
    """The open shift of this station as an X report, or None."""
    with unit_of_work(db, actor) as conn:
        shift_id = open_shift_id(conn, actor)
        return _report(conn, int(shift_id), "X") if shift_id is not None else None


def x_report(db: Database, actor: Actor) -> ShiftReport:
    with unit_of_work(db, actor, Permission.RUN_SHIFT) as conn:
        shift_id = conn.execute(text("SELECT bo_shift_x_report()")).scalar_one()
        return _report(conn, int(shift_id), "X")


def close_shift(db: Database, actor: Actor, counted_cash: Any, *, reason: str | None = None) -> ShiftReport:
    """Count the drawer and close the shift: the Z report, with the difference and its reason."""
    counted = to_money(counted_cash, what="counted cash")
    with unit_of_work(db, actor, Permission.RUN_SHIFT) as conn:
        shift_id = conn.execute(
            text("SELECT bo_shift_close(:c, :r)"), {"c": counted, "r": (reason or "").strip() or None}
        ).scalar_one()
        return _report(conn, int(shift_id), "Z")
