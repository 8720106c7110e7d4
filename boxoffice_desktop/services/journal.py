"""The journal (``order_log``): every change to money or seats writes one entry in its own transaction."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.orm import Session

from boxoffice_desktop.services.context import Actor
from sync.schema import OrderLog

log = logging.getLogger("boxoffice.journal")


def log_action(
    executor: Session | Connection,
    actor: Actor,
    action: str,
    *,
    order_id: int | None = None,
    event_id: int | None = None,
    hold_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Append one dotted action (``order.paid``, ``seat.hold``) with its actor, in the caller's transaction."""
    executor.execute(
        insert(OrderLog).values(
            tenant_id=actor.tenant_id,
            action=action,
            order_id=order_id,
            event_id=event_id,
            hold_id=hold_id,
            user_id=actor.user_id,
            actor=actor.username,
            station=actor.station,
            data=data or {},
        )
    )
    log.info("%s by %s at %s %s", action, actor.username, actor.station, data or "")
