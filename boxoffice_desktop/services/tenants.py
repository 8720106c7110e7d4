"""Tenants (organisations) and their branding.

Creating and listing organisations is the owner's side (an administrator's connection); a staff login
sees its own organisation's row only. The server checks slugs and branding (``bo_tenant_create``,
``bo_branding_update``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from boxoffice_desktop.errors import NotFound
from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.dberrors import domain_errors
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync.db import Database

DEFAULT_BRANDING: dict[str, str] = {
    "accent": "#1f6feb",
    "accent_text": "#ffffff",
    "ticket_footer": "",
    "logo_svg": "",
}


@dataclass(frozen=True)
class TenantInfo:
    id: int
    slug: str
    name: str
    branding: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return str(self.branding.get("display_name") or self.name)

    def brand(self, key: str) -> str:
        return str(self.branding.get(key) or DEFAULT_BRANDING.get(key, ""))


_COLUMNS = "SELECT id, slug, name, branding, settings FROM tenant"


def _info(row: Any) -> TenantInfo:
    return TenantInfo(row.id, row.slug, row.name, dict(row.branding or {}), dict(row.settings or {}))


def create_tenant(db: Database, slug: str, name: str, branding: dict[str, Any] | None = None) -> TenantInfo:
    """Create an organisation with its price types and ticket-signing key (the owner's side only)."""
    with domain_errors(), db.connection(None) as conn:
        tenant_id = conn.execute(
            text("SELECT bo_tenant_create(:s, :n, CAST(:b AS jsonb))"),
            {"s": slug, "n": name, "b": json.dumps(branding or {})},
        ).scalar_one()
        return _info(conn.execute(text(f"{_COLUMNS} WHERE id = :i"), {"i": tenant_id}).one())


def find_tenant(db: Database, slug: str) -> TenantInfo:
    """An organisation by slug, on the owner's side (a staff login sees its own only: ``own_tenant``)."""
    with domain_errors(), db.connection(None) as conn:
        row = conn.execute(text(f"{_COLUMNS} WHERE slug = :s"), {"s": slug}).one_or_none()
    if row is None:
        raise NotFound(f"Unknown tenant {slug!r}.")
    return _info(row)


def tenant_exists(db: Database, slug: str) -> bool:
    with domain_errors(), db.connection(None) as conn:
        return conn.execute(text("SELECT 1 FROM tenant WHERE slug = :s"), {"s": slug}).first() is not None


def list_tenants(db: Database) -> list[TenantInfo]:
    with domain_errors(), db.connection(None) as conn:
        return [_info(r) for r in conn.execute(text(f"{_COLUMNS} ORDER BY slug"))]


def own_tenant(conn: Connection, actor: Actor) -> TenantInfo:
    """The actor's organisation, fresh from the database."""
    row = conn.execute(text(f"{_COLUMNS} WHERE id = :i"), {"i": actor.tenant_id}).one_or_none()
    if row is None:
        raise NotFound(f"Unknown tenant {actor.tenant_slug!r}.")
    return _info(row)


def get_tenant(db: Database, actor: Actor) -> TenantInfo:
    with unit_of_work(db, actor) as conn:
        return own_tenant(conn, actor)


def update_branding(db: Database, actor: Actor, branding: dict[str, Any]) -> TenantInfo:
    with unit_of_work(db, actor, Permission.MANAGE_SETTINGS) as conn:
        conn.execute(text("SELECT bo_branding_update(CAST(:b AS jsonb))"), {"b": json.dumps(branding)})
        return own_tenant(conn, actor)
