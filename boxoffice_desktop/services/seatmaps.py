"""Seatmaps: importing plans, keeping versions, reading them back for events and the editor."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from boxoffice_desktop.errors import InvalidInput, NotFound
from boxoffice_desktop.services.context import Actor, Permission, require
from editor.formats import dump_pretix, load_any, to_svg
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


def _document_values(doc: SeatingDocument) -> dict[str, Any]:
    focal = doc.effective_focal_point()
    return {"document": dump_native(doc), "seat_count": doc.seat_count(), "focal_x": focal.x, "focal_y": focal.y}


def _new_map(
    session: Any, actor: Actor, doc: SeatingDocument, *, name: str | None, venue: str | None, status: str
) -> int:
    """Version 1 of a new map (its own series)."""
    map_name = (name or doc.name or "Seatmap").strip()
    venue_id = _venue_id(session, actor, (venue or map_name).strip())
    seatmap_id = session.execute(
        insert(Seatmap)
        .values(
            tenant_id=actor.tenant_id,
            venue_id=venue_id,
            name=map_name,
            version=1,
            status=status,
            published_at=func.now() if status == "published" else None,
            **_document_values(doc),
        )
        .returning(Seatmap.id)
    ).scalar_one()
    session.execute(
        update(Seatmap)
        .where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id)
        .values(series_id=seatmap_id)
    )
    return int(seatmap_id)


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
    with db.session(actor.tenant_id) as s:
        seatmap_id = _new_map(s, actor, doc, name=name, venue=venue, status="published")
    map_name = (name or doc.name or "Seatmap").strip()
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


EXPORT_FORMATS = ("pretix", "native", "svg")


def _info(session: Any, actor: Actor, seatmap_id: int) -> SeatmapInfo:
    row = session.execute(
        select(Seatmap, Venue.name)
        .join(Venue, (Venue.tenant_id == Seatmap.tenant_id) & (Venue.id == Seatmap.venue_id))
        .where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id)
    ).one_or_none()
    if row is None:
        raise NotFound(f"No seatmap {seatmap_id}.")
    m, vname = row
    return SeatmapInfo(m.id, m.series_id or m.id, m.name, m.version, m.status, m.venue_id, vname, m.seat_count)


def save_draft(
    db: Database,
    actor: Actor,
    doc: SeatingDocument,
    *,
    seatmap_id: int | None = None,
    name: str | None = None,
    venue: str | None = None,
) -> SeatmapInfo:
    """Keep the editor's work. A draft is saved in place; a published version is never changed: saving
    over it makes the next version of the same map, as a draft. No id: a new map (version 1, draft)."""
    require(actor, Permission.EDIT_SEATMAPS)
    values = _document_values(doc)
    with db.session(actor.tenant_id) as s:
        if seatmap_id is None:
            return _info(s, actor, _new_map(s, actor, doc, name=name, venue=venue, status="draft"))
        current = s.execute(
            select(Seatmap).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id).with_for_update()
        ).scalar_one_or_none()
        if current is None:
            raise NotFound(f"No seatmap {seatmap_id}.")
        if name:
            values["name"] = name.strip()
        if current.status == "draft":
            s.execute(
                update(Seatmap).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id).values(**values)
            )
            return _info(s, actor, seatmap_id)
        series = current.series_id or current.id
        # Serialise two editors making the next version of the same map at once.
        s.execute(
            select(Seatmap.id).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == series).with_for_update()
        )
        latest = s.execute(
            select(func.max(Seatmap.version)).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.series_id == series)
        ).scalar_one()
        new_id = s.execute(
            insert(Seatmap)
            .values(
                tenant_id=actor.tenant_id,
                venue_id=current.venue_id,
                series_id=series,
                name=values.pop("name", current.name),
                version=int(latest) + 1,
                status="draft",
                **values,
            )
            .returning(Seatmap.id)
        ).scalar_one()
        return _info(s, actor, new_id)


def publish(db: Database, actor: Actor, seatmap_id: int) -> SeatmapInfo:
    """Publish a draft; refused while validation finds errors. A published version stays as it is."""
    require(actor, Permission.EDIT_SEATMAPS)
    with db.session(actor.tenant_id) as s:
        row = s.execute(
            select(Seatmap).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            raise NotFound(f"No seatmap {seatmap_id}.")
        if row.status == "published":
            raise InvalidInput(f"Version {row.version} of {row.name!r} is already published.")
        check_publishable(load_native(row.document))
        s.execute(
            update(Seatmap)
            .where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id)
            .values(status="published", published_at=func.now())
        )
        log.info("seatmap %s version %d published by %s", row.name, row.version, actor.username)
        return _info(s, actor, seatmap_id)


def export_seatmap(db: Database, actor: Actor, seatmap_id: int, format: str = "pretix") -> dict[str, Any] | str:
    """The plan as a pretix seating plan (dict), the native document (dict) or SVG (str)."""
    if format not in EXPORT_FORMATS:
        raise InvalidInput(f"Unknown export format {format!r}: use {', '.join(EXPORT_FORMATS)}.")
    doc = get_document(db, actor, seatmap_id)
    if format == "pretix":
        return dump_pretix(doc)
    if format == "native":
        return dump_native(doc)
    return to_svg(doc)
