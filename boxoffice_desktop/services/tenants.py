"""Tenants (organisations) and their branding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from boxoffice_desktop.errors import InvalidInput, NotFound
from boxoffice_desktop.services.context import Actor, Permission, require
from sync.db import Database
from sync.schema import PriceType, Tenant

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")

DEFAULT_PRICE_TYPES = (("full", "Full"), ("concession", "Concession"), ("child", "Child"))

BRANDING_KEYS = ("display_name", "accent", "accent_text", "logo_svg", "ticket_footer")
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


def validate_slug(slug: str) -> str:
    if not SLUG_RE.match(slug or ""):
        raise InvalidInput(f"Invalid tenant slug {slug!r}: use lower-case letters, digits, '-' and '_' (at most 63).")
    return slug


def validate_branding(branding: dict[str, Any]) -> dict[str, Any]:
    unknown = set(branding) - set(BRANDING_KEYS)
    if unknown:
        raise InvalidInput(f"Unknown branding field {sorted(unknown)[0]!r}; known: {', '.join(BRANDING_KEYS)}.")
    for key in ("accent", "accent_text"):
        value = branding.get(key)
        if value and not COLOUR_RE.match(str(value)):
            raise InvalidInput(f"Branding colour {key} must look like #1f6feb, not {value!r}.")
    logo = branding.get("logo_svg")
    if logo and "<svg" not in str(logo)[:2000]:
        raise InvalidInput("The logo must be an SVG document.")
    return dict(branding)


def create_tenant(db: Database, slug: str, name: str, branding: dict[str, Any] | None = None) -> TenantInfo:
    """Create an organisation (an administrator's act: runs as the connecting role) with its price types."""
    validate_slug(slug)
    if not name.strip():
        raise InvalidInput("A tenant needs a name.")
    brand = validate_branding(branding or {})
    try:
        with db.admin_connection() as conn:
            tenant_id = conn.execute(
                insert(Tenant).values(slug=slug, name=name.strip(), branding=brand).returning(Tenant.id)
            ).scalar_one()
    except IntegrityError as exc:
        raise InvalidInput(f"A tenant with the slug {slug!r} already exists.") from exc
    with db.session(tenant_id) as s:
        for order, (ptname, label) in enumerate(DEFAULT_PRICE_TYPES):
            s.execute(insert(PriceType).values(tenant_id=tenant_id, name=ptname, label=label, sort_order=order))
    return TenantInfo(tenant_id, slug, name.strip(), brand, {})


def find_tenant(db: Database, slug: str) -> TenantInfo:
    with db.session(None) as s:
        row = s.execute(select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()
        if row is None:
            raise NotFound(f"Unknown tenant {slug!r}.")
        return TenantInfo(row.id, row.slug, row.name, dict(row.branding or {}), dict(row.settings or {}))


def tenant_exists(db: Database, slug: str) -> bool:
    with db.session(None) as s:
        return s.execute(select(Tenant.id).where(Tenant.slug == slug)).first() is not None


def list_tenants(db: Database) -> list[TenantInfo]:
    with db.session(None) as s:
        rows = s.execute(select(Tenant).order_by(Tenant.slug)).scalars().all()
        return [TenantInfo(r.id, r.slug, r.name, dict(r.branding or {}), dict(r.settings or {})) for r in rows]


def update_branding(db: Database, actor: Actor, branding: dict[str, Any]) -> TenantInfo:
    require(actor, Permission.MANAGE_SETTINGS)
    brand = validate_branding(branding)
    with db.session(actor.tenant_id) as s:
        current = s.execute(select(Tenant).where(Tenant.id == actor.tenant_id)).scalar_one()
        merged = {**(current.branding or {}), **brand}
        s.execute(update(Tenant).where(Tenant.id == actor.tenant_id).values(branding=merged))
        return TenantInfo(current.id, current.slug, current.name, merged, dict(current.settings or {}))
