"""A tenant's business settings (one typed record) and its write-only secrets.

Settings live in ``tenant.settings`` (JSON; read here through :class:`TenantSettings`); the server checks and
stores every change (``bo_settings_update``). Secrets live in ``tenant_secret``, which no staff role can
read: the Settings area replaces them, never reads them back, and the YooKassa key reaches a station only
for a seller about to take an online payment (``bo_yookassa_credentials``), in memory.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import text

from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.tenants import own_tenant
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync.db import Database

log = logging.getLogger(__name__)

MOCK_SCENARIOS = ("success", "decline", "pending")
YOOKASSA_DEFAULT_URL = "https://api.yookassa.ru/v3/"

SECRET_YOOKASSA_SHOP = "yookassa.shop_id"
SECRET_YOOKASSA_KEY = "yookassa.secret_key"


@dataclass(frozen=True)
class TenantSettings:
    """Business settings of one organisation (per-station UI preferences live in QSettings instead)."""

    mock_scenario: str = "success"
    # The mock provider's sales are real orders whose tickets admit: off unless an administrator wants
    # training at the counter (the server refuses mock sales otherwise).
    training_payments: bool = False
    payment_window_minutes: int = 15  # how long an online payment may take; the seats stay held meanwhile
    return_url: str = "https://boxoffice.invalid/thank-you"  # where YooKassa sends the customer afterwards
    vat_code: int = 1  # 54-FZ VAT code of ticket sales (1: no VAT)
    currency: str = "RUB"

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> TenantSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


def get_settings(db: Database, actor: Actor) -> TenantSettings:
    with unit_of_work(db, actor) as conn:
        return TenantSettings.from_json(own_tenant(conn, actor).settings)


def update_settings(db: Database, actor: Actor, **changes: Any) -> TenantSettings:
    with unit_of_work(db, actor, Permission.MANAGE_SETTINGS) as conn:
        stored = conn.execute(
            text("SELECT bo_settings_update(CAST(:c AS jsonb))"), {"c": json.dumps(changes)}
        ).scalar_one()
    log.info("settings of tenant %s changed by %s: %s", actor.tenant_slug, actor.username, sorted(changes))
    return TenantSettings.from_json(stored)


@dataclass(frozen=True)
class YooKassaCredentials:
    shop_id: str
    secret_key: str
    api_url: str

    def __repr__(self) -> str:  # the key never reaches a log line or a traceback
        return f"YooKassaCredentials(shop_id={self.shop_id!r}, secret_key='***', api_url={self.api_url!r})"


def configure_yookassa(
    db: Database, actor: Actor, shop_id: str, secret_key: str | None, *, api_url: str | None = None
) -> None:
    """Store the shop's credentials. ``secret_key`` None keeps the stored key (the UI never shows it, so a
    new shop id alone must not wipe it); ``api_url`` None keeps the stored address (at first: YooKassa's);
    a new API address needs the key again (the server's rule)."""
    with unit_of_work(db, actor, Permission.MANAGE_SETTINGS) as conn:
        conn.execute(
            text("SELECT bo_yookassa_configure(:s, :k, :u)"),
            {"s": str(shop_id), "k": secret_key or None, "u": api_url},
        )
    log.info("YooKassa configured for tenant %s (shop %s) by %s", actor.tenant_slug, shop_id, actor.username)


def yookassa_credentials(db: Database, actor: Actor) -> YooKassaCredentials | None:
    """For a seller about to take a payment only (the server refuses everybody else)."""
    with unit_of_work(db, actor, Permission.SELL) as conn:
        row = conn.execute(text("SELECT shop_id, secret_key, api_url FROM bo_yookassa_credentials()")).one_or_none()
    return None if row is None else YooKassaCredentials(row.shop_id, row.secret_key, row.api_url)


def stored_secrets(db: Database, actor: Actor) -> set[str]:
    """Which credentials are stored (never their values)."""
    with unit_of_work(db, actor) as conn:
        return set(conn.execute(text("SELECT bo_secrets_stored()")).scalar_one())


def tenant_overview(db: Database, actor: Actor) -> dict[str, Any]:
    """What the Settings area shows: the organisation (fresh from the database), its business settings, and
    whether the YooKassa credentials are stored — never the secrets themselves."""
    with unit_of_work(db, actor) as conn:
        tenant = own_tenant(conn, actor)
        stored = set(conn.execute(text("SELECT bo_secrets_stored()")).scalar_one())
        shop = None
        if actor.can(Permission.MANAGE_SETTINGS):
            shop = conn.execute(text("SELECT shop_id, api_url FROM bo_yookassa_settings()")).one()
    return {
        "tenant": tenant,
        "settings": TenantSettings.from_json(tenant.settings),
        "yookassa_shop_stored": SECRET_YOOKASSA_SHOP in stored,
        "yookassa_key_stored": SECRET_YOOKASSA_KEY in stored,
        "yookassa_shop_id": shop.shop_id if shop else None,
        "yookassa_api_url": shop.api_url if shop else YOOKASSA_DEFAULT_URL,
    }
