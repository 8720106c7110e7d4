"""Read-only questions the counter screen asks that the other services do not answer (yet)."""

from __future__ import annotations

from sqlalchemy import text

from boxoffice_desktop.services.context import Actor, Permission, require
from sync.db import Database


def pending_order_holds(db: Database, actor: Actor, event_id: int) -> dict[int, str]:
    """{hold id: order code} of this station's orders on the event still waiting for an online payment:
    their seats stay held, but they are no longer in the cashier's cart."""
    require(actor, Permission.SELL)
    with db.connection(actor.tenant_id) as conn:
        rows = conn.execute(
            text(
                "SELECT hold_id, code FROM orders WHERE tenant_id = :t AND event_id = :e AND status = 'PENDING' "
                "AND hold_id IS NOT NULL AND station = :s"
            ),
            {"t": actor.tenant_id, "e": int(event_id), "s": actor.station},
        ).all()
    return {int(r.hold_id): str(r.code) for r in rows}
