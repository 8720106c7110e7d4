"""The demo organisation: a real hall, four staff accounts, an event tonight and one next week.

Idempotent: seeding twice changes nothing; seeding on a later day adds the events that are then missing
(the demo always has one tonight and one about a week ahead).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, time, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any

from sqlalchemy import select

from boxoffice_desktop.services import events as events_svc
from boxoffice_desktop.services import seatmaps as seatmaps_svc
from boxoffice_desktop.services.context import owner_actor
from boxoffice_desktop.services.dberrors import domain_errors
from boxoffice_desktop.services.staff import create_user
from boxoffice_desktop.services.tenant_config import update_settings
from boxoffice_desktop.services.tenants import TenantInfo, create_tenant, find_tenant, tenant_exists
from sync.db import Database
from sync.schema import Event, Seatmap, StaffUser

log = logging.getLogger(__name__)

DEMO_SLUG = "demo"
DEMO_PASSWORD = "demo"
DEMO_USERS = (
    ("admin", "admin"),
    ("manager", "manager"),
    ("cashier", "cashier"),
    ("accountant", "accountant"),
)
DEMO_BRANDING = {
    "display_name": "Demo Theatre",
    "accent": "#b3261e",
    "accent_text": "#ffffff",
    "ticket_footer": "Demo Theatre · 1 Theatre Square · Doors open 45 minutes before the show",
}
HALL_NAME = "Main Hall"

# Full, concession and child prices per category of the demo hall.
DEMO_PRICE_STEPS = (Decimal("1.00"), Decimal("0.75"), Decimal("0.50"))
DEMO_BASE_PRICES = [
    Decimal("3500.00"),
    Decimal("2800.00"),
    Decimal("2200.00"),
    Decimal("1500.00"),
    Decimal("1200.00"),
]


def demo_hall_plan() -> dict[str, Any]:
    plan: dict[str, Any] = json.loads(
        resources.files("resources").joinpath("demo/hall.json").read_text(encoding="utf-8")
    )
    return plan


def demo_logo_svg() -> str:
    return resources.files("resources").joinpath("demo/logo.svg").read_text(encoding="utf-8")


def _prices(categories: list[str]) -> dict[str, dict[str, Decimal]]:
    out = {}
    for i, cat in enumerate(categories):
        base = DEMO_BASE_PRICES[min(i, len(DEMO_BASE_PRICES) - 1)]
        out[cat] = {
            name: (base * step).quantize(Decimal("1.00"))
            for name, step in zip(("full", "concession", "child"), DEMO_PRICE_STEPS, strict=True)
        }
    return out


def _tonight(now: datetime) -> datetime:
    curtain = datetime.combine(now.date(), time(19, 30), tzinfo=now.tzinfo)
    if curtain - now < timedelta(hours=1):
        # Late in the day: "tonight" is a late show a couple of hours from now, rounded to the half hour.
        later = now + timedelta(hours=2)
        curtain = later.replace(minute=0 if later.minute < 30 else 30, second=0, microsecond=0)
    return curtain


def seed_demo(db: Database, *, slug: str = DEMO_SLUG, now: datetime | None = None) -> TenantInfo:
    """Create what is missing of the demo organisation; returns it. ``db``: the owner's side (an
    administrator's connection: the embedded server's maintenance connection, or boxoffice-admin's)."""
    if tenant_exists(db, slug):
        tenant = find_tenant(db, slug)
    else:
        branding = dict(DEMO_BRANDING)
        try:
            branding["logo_svg"] = demo_logo_svg()
        except FileNotFoundError:
            pass
        tenant = create_tenant(db, slug, "Demo Theatre", branding)
        log.info("created the demo tenant %r", slug)
    actor = owner_actor(tenant.id, tenant.slug, "demo-seed")
    if "training_payments" not in tenant.settings:
        # A demo is for trying the counter: its Training button pays with the mock provider.
        update_settings(db, actor, training_payments=True)
    with domain_errors(), db.session(tenant.id) as s:
        existing_users = set(s.execute(select(StaffUser.username).where(StaffUser.tenant_id == tenant.id)).scalars())
        seatmap_id = (
            s.execute(
                select(Seatmap.id).where(Seatmap.tenant_id == tenant.id, Seatmap.name == HALL_NAME).order_by(Seatmap.id)
            )
            .scalars()
            .first()
        )
    for username, role in DEMO_USERS:
        if username not in existing_users:
            create_user(db, actor, username, role, DEMO_PASSWORD, display_name=username.capitalize())
    if seatmap_id is None:
        seatmap_id = seatmaps_svc.import_seatmap(db, actor, demo_hall_plan(), format="pretix", name=HALL_NAME)
    categories = seatmaps_svc.get_document(db, actor, seatmap_id).category_names()
    now = now or datetime.now().astimezone()
    with domain_errors(), db.session(tenant.id) as s:
        starts = list(s.execute(select(Event.starts_at).where(Event.tenant_id == tenant.id)).scalars())
    local_dates = {d.astimezone(now.tzinfo).date() for d in starts}
    tonight = _tonight(now)
    if tonight.date() not in local_dates and now.date() not in local_dates:
        events_svc.create_event(db, actor, "The Nutcracker", seatmap_id, tonight, _prices(categories))
    next_week = datetime.combine(now.date() + timedelta(days=7), time(19, 0), tzinfo=now.tzinfo)
    if not any(abs((d - now.date()).days - 7) <= 1 for d in local_dates):
        events_svc.create_event(db, actor, "Swan Lake", seatmap_id, next_week, _prices(categories))
    return find_tenant(db, slug)
