"""Seatmaps: importing plans, keeping versions, reading them back for events and the editor."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from boxoffice_desktop.errors import InvalidInput, NotFound
from boxoffice_desktop.services.context import Actor, Permission, require
from editor.formats import load_any
from editor.formats.native import dump_native, load_native
from editor.model import PlanError, SeatingDocument, validate
from sync.db import Database
from sync.schema import Seatmap, Venue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeatmapInfo:
    id: int
    series_id: int
    name: str
    version: int
    status: str
    venue_id: int
    venue_name: str
    seat_count: int


def load_plan(plan: Any, format: str | None = "pretix") -> SeatingDocument:
    """Parse a plan (dict, JSON text or path) into a document; a bad plan is one InvalidInput line."""
    if isinstance(plan, Path) or (isinstance(plan, str) and not plan.lstrip().startswith("{")):
        path = Path(plan)
        if not path.is_file():
            raise InvalidInput(f"No seatmap file at {path}.")
        plan = path
    try:
        return load_any(plan, format=format)
    except PlanError as exc:
        raise InvalidInput(f"The seatmap cannot be used: {exc}") from exc


def check_publishable(doc: SeatingDocument) -> None:
    errors = [f for f in validate(doc) if f.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InvalidInput(f"The seatmap has errors: {errors[0].message}{more}")


def _venue_id(session: Any, actor: Actor, name: str) -> int:
    vid = session.execute(
        select(Venue.id).where(Venue.tenant_id == actor.tenant_id, Venue.name == name)
    ).scalar_one_or_none()
    if vid is None:
        vid = session.execute(
            insert(Venue).values(tenant_id=actor.tenant_id, name=name).returning(Venue.id)
        ).scalar_one()
    return int(vid)


def import_seatmap(
    db: Database,
    actor: Actor,
    plan: Any,
    *,
    format: str | None = "pretix",
    name: str | None = None,
    venue: str | None = None,
) -> int:
    """Import a plan as a new seatmap, published as version 1. Returns the seatmap id."""
    require(actor, Permission.EDIT_SEATMAPS)
    doc = load_plan(plan, format)
    check_publishable(doc)
    map_name = (name or doc.name or "Seatmap").strip()
    focal = doc.effective_focal_point()
    with db.session(actor.tenant_id) as s:
        venue_id = _venue_id(s, actor, (venue or map_name).strip())
        seatmap_id = s.execute(
            insert(Seatmap)
            .values(
                tenant_id=actor.tenant_id,
                venue_id=venue_id,
                name=map_name,
                version=1,
                status="published",
                document=dump_native(doc),
                seat_count=doc.seat_count(),
                focal_x=focal.x,
                focal_y=focal.y,
                published_at=func.now(),
            )
            .returning(Seatmap.id)
        ).scalar_one()
        s.execute(
            update(Seatmap)
            .where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id)
            .values(series_id=seatmap_id)
        )
    log.info("seatmap %s imported as %d (%d seats) by %s", map_name, seatmap_id, doc.seat_count(), actor.username)
    return int(seatmap_id)


def get_document(db: Database, actor: Actor, seatmap_id: int) -> SeatingDocument:
    with db.session(actor.tenant_id) as s:
        doc = s.execute(
            select(Seatmap.document).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id)
        ).scalar_one_or_none()
    if doc is None:
        raise NotFound(f"No seatmap {seatmap_id}.")
    return load_native(doc)


def list_seatmaps(db: Database, actor: Actor) -> list[SeatmapInfo]:
    with db.session(actor.tenant_id) as s:
        rows = s.execute(
            select(Seatmap, Venue.name)
            .join(Venue, (Venue.tenant_id == Seatmap.tenant_id) & (Venue.id == Seatmap.venue_id))
            .where(Seatmap.tenant_id == actor.tenant_id)
            .order_by(Seatmap.name, Seatmap.version)
        ).all()
        return [
            SeatmapInfo(m.id, m.series_id or m.id, m.name, m.version, m.status, m.venue_id, vname, m.seat_count)
            for m, vname in rows
        ]
