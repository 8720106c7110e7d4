"""Seatmaps: importing plans, keeping versions, reading them back for events and the editor."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text

from boxoffice_desktop.errors import InvalidInput, NotFound
from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.unit_of_work import orm_unit, unit_of_work
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


def layout_of(doc: SeatingDocument) -> dict[str, Any]:
    """What an event copies from a version: its categories and every seat with its absolute position and
    labels (laid out here: the server cannot lay out curved rows itself)."""
    return {
        "categories": list(doc.category_names()),
        "seats": [
            {
                "guid": r.guid,
                "zone": r.zone,
                "row": r.row,
                "number": r.number,
                "label": r.label,
                "category": r.category,
                "x": r.x,
                "y": r.y,
                "row_key": r.row_key,
                "ordinal": r.ordinal,
                "wheelchair": r.wheelchair,
                "companion_of": r.companion_of,
                "restricted_view": r.restricted_view,
            }
            for r in doc.iter_seats()
        ],
    }


def _save(
    conn: Connection, doc: SeatingDocument, *, seatmap_id: int | None, name: str | None, venue: str | None
) -> int:
    focal = doc.effective_focal_point()
    if seatmap_id is None:
        name = (name or doc.name or "Seatmap").strip()
    return int(
        conn.execute(
            text(
                "SELECT bo_seatmap_save(:id, :name, :venue, CAST(:doc AS jsonb), CAST(:layout AS jsonb), :n, :fx, :fy)"
            ),
            {
                "id": seatmap_id,
                "name": name,
                "venue": venue,
                "doc": json.dumps(dump_native(doc)),
                "layout": json.dumps(layout_of(doc)),
                "n": doc.seat_count(),
                "fx": focal.x,
                "fy": focal.y,
            },
        ).scalar_one()
    )


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
    doc = load_plan(plan, format)
    check_publishable(doc)
    map_name = (name or doc.name or "Seatmap").strip()
    with unit_of_work(db, actor, Permission.EDIT_SEATMAPS) as conn:
        seatmap_id = _save(conn, doc, seatmap_id=None, name=map_name, venue=venue)
        conn.execute(text("SELECT bo_seatmap_publish(:i)"), {"i": seatmap_id})
    log.info("seatmap %s imported as %d (%d seats) by %s", map_name, seatmap_id, doc.seat_count(), actor.username)
    return seatmap_id


def get_document(db: Database, actor: Actor, seatmap_id: int) -> SeatingDocument:
    with orm_unit(db, actor) as s:
        doc = s.execute(
            select(Seatmap.document).where(Seatmap.tenant_id == actor.tenant_id, Seatmap.id == seatmap_id)
        ).scalar_one_or_none()
    if doc is None:
        raise NotFound(f"No seatmap {seatmap_id}.")
    return load_native(doc)


def list_seatmaps(db: Database, actor: Actor) -> list[SeatmapInfo]:
    with orm_unit(db, actor) as s:
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
    with orm_unit(db, actor, Permission.EDIT_SEATMAPS) as s:
        new_id = _save(s.connection(), doc, seatmap_id=seatmap_id, name=name, venue=venue)
        return _info(s, actor, new_id)


def publish(db: Database, actor: Actor, seatmap_id: int) -> SeatmapInfo:
    """Publish a draft; refused while validation finds errors. A published version stays as it is."""
    doc = get_document(db, actor, seatmap_id)
    check_publishable(doc)  # the editor's check runs here; the server freezes the version
    with orm_unit(db, actor, Permission.EDIT_SEATMAPS) as s:
        s.execute(text("SELECT bo_seatmap_publish(:i)"), {"i": seatmap_id})
        info = _info(s, actor, seatmap_id)
    log.info("seatmap %s version %d published by %s", info.name, info.version, actor.username)
    return info


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
