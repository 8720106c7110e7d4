"""A tenant's business settings (one typed record) and its write-only secrets.

Settings live in ``tenant.settings`` (JSON, validated through :class:`TenantSettings`); secrets live in the
tenant-scoped ``tenant_secret`` table, under row-level security, and are never logged, shown or exported:
the UI may replace them, never read them back.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from boxoffice_desktop.errors import InvalidInput
from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.ticket_codes import new_secret
from sync.db import Database
from sync.schema import Tenant, TenantSecret

log = logging.getLogger(__name__)

MOCK_SCENARIOS = ("success", "decline", "pending")
YOOKASSA_DEFAULT_URL = "https://api.yookassa.ru/v3/"

SECRET_TICKET_KEY = "tickets.signing_key"
SECRET_YOOKASSA_SHOP = "yookassa.shop_id"
SECRET_YOOKASSA_KEY = "yookassa.secret_key"
SECRET_YOOKASSA_URL = "yookassa.api_url"


@dataclass(frozen=True)
class TenantSettings:
    """Business settings of one organisation (per-station UI preferences live in QSettings instead)."""

    mock_scenario: str = "success"
    payment_window_minutes: int = 15  # how long an online payment may take; the seats stay held meanwhile
    return_url: str = "https://boxoffice.invalid/thank-you"  # where YooKassa sends the customer afterwards
    vat_code: int = 1  # 54-FZ VAT code of ticket sales (1: no VAT)
    currency: str = "RUB"

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> TenantSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known}).validated()

    def validated(self) -> TenantSettings:
        if self.mock_scenario not in MOCK_SCENARIOS:
            raise InvalidInput(f"Unknown mock scenario {self.mock_scenario!r}: use {', '.join(MOCK_SCENARIOS)}.")
        if not isinstance(self.payment_window_minutes, int) or not 1 <= self.payment_window_minutes <= 24 * 60:
            raise InvalidInput("The payment window must be between 1 minute and 24 hours.")
        if not str(self.return_url).startswith(("https://", "http://")):
            raise InvalidInput(f"The return address must be an http(s) URL, not {self.return_url!r}.")
        if self.vat_code not in range(1, 11):
            raise InvalidInput(f"Unknown VAT code {self.vat_code!r}: YooKassa knows codes 1 to 10.")
        return self

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def get_settings(db: Database, tenant_id: int) -> TenantSettings:
    with db.session(tenant_id) as s:
        raw = s.execute(select(Tenant.settings).where(Tenant.id == tenant_id)).scalar_one()
    return TenantSettings.from_json(raw)


def update_settings(db: Database, actor: Actor, **changes: Any) -> TenantSettings:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.session(actor.tenant_id) as s:
        raw = s.execute(select(Tenant.settings).where(Tenant.id == actor.tenant_id).with_for_update()).scalar_one()
        current = TenantSettings.from_json(raw)
        unknown = set(changes) - {f.name for f in fields(TenantSettings)}
        if unknown:
            raise InvalidInput(f"Unknown setting {sorted(unknown)[0]!r}.")
        new = TenantSettings(**{**current.to_json(), **changes}).validated()
        s.execute(update(Tenant).where(Tenant.id == actor.tenant_id).values(settings={**(raw or {}), **new.to_json()}))
    log.info("settings of tenant %s changed by %s: %s", actor.tenant_slug, actor.username, sorted(changes))
    return new


# secrets ------------------------------------------------------------------------------------------------
def set_secret(db: Database, actor: Actor, name: str, value: bytes | str) -> None:
    require(actor, Permission.MANAGE_SETTINGS)
    _store_secret(db, actor.tenant_id, name, value)
    log.info("secret %s of tenant %s replaced by %s", name, actor.tenant_slug, actor.username)  # never the value


def _store_secret(db: Database, tenant_id: int, name: str, value: bytes | str) -> None:
    data = value.encode() if isinstance(value, str) else bytes(value)
    with db.session(tenant_id) as s:
        s.execute(
            pg_insert(TenantSecret)
            .values(tenant_id=tenant_id, name=name, value=data)
            .on_conflict_do_update(
                index_elements=["tenant_id", "name"], set_={"value": data, "updated_at": text("now()")}
            )
        )


def get_secret(db: Database, tenant_id: int, name: str) -> bytes | None:
    """For the services only: no UI reads a secret back."""
    with db.session(tenant_id) as s:
        value = s.execute(
            select(TenantSecret.value).where(TenantSecret.tenant_id == tenant_id, TenantSecret.name == name)
        ).scalar_one_or_none()
    return bytes(value) if value is not None else None


def has_secret(db: Database, tenant_id: int, name: str) -> bool:
    return get_secret(db, tenant_id, name) is not None


def ticket_signing_key(db: Database, tenant_id: int) -> bytes:
    """The tenant's ticket-signing key, made on first use (concurrent first uses agree on one key)."""
    key = get_secret(db, tenant_id, SECRET_TICKET_KEY)
    if key is not None:
        return key
    with db.session(tenant_id) as s:
        s.execute(
            pg_insert(TenantSecret)
            .values(tenant_id=tenant_id, name=SECRET_TICKET_KEY, value=new_secret())
            .on_conflict_do_nothing(index_elements=["tenant_id", "name"])
        )
    key = get_secret(db, tenant_id, SECRET_TICKET_KEY)
    assert key is not None
    return key


@dataclass(frozen=True)
class YooKassaCredentials:
    shop_id: str
    secret_key: str
    api_url: str

    def __repr__(self) -> str:  # the key never reaches a log line or a traceback
        return f"YooKassaCredentials(shop_id={self.shop_id!r}, secret_key='***', api_url={self.api_url!r})"


def configure_yookassa(
    db: Database, actor: Actor, shop_id: str, secret_key: str | None, *, api_url: str = YOOKASSA_DEFAULT_URL
) -> None:
    """Store the shop's credentials. ``secret_key`` None keeps the stored key (the UI never shows it, so a
    new shop id alone must not wipe it)."""
    require(actor, Permission.MANAGE_SETTINGS)
    key = (secret_key or "").strip()
    if not str(shop_id).strip():
        raise InvalidInput("YooKassa needs a shop id.")
    if not key and not has_secret(db, actor.tenant_id, SECRET_YOOKASSA_KEY):
        raise InvalidInput("YooKassa needs a secret key.")
    if not str(api_url).startswith(("https://", "http://")):
        raise InvalidInput(f"The YooKassa address must be an http(s) URL, not {api_url!r}.")
    _store_secret(db, actor.tenant_id, SECRET_YOOKASSA_SHOP, str(shop_id).strip())
    if key:
        _store_secret(db, actor.tenant_id, SECRET_YOOKASSA_KEY, key)
    _store_secret(db, actor.tenant_id, SECRET_YOOKASSA_URL, str(api_url).strip())
    log.info("YooKassa configured for tenant %s (shop %s) by %s", actor.tenant_slug, shop_id, actor.username)


def yookassa_credentials(db: Database, tenant_id: int) -> YooKassaCredentials | None:
    shop = get_secret(db, tenant_id, SECRET_YOOKASSA_SHOP)
    key = get_secret(db, tenant_id, SECRET_YOOKASSA_KEY)
    if shop is None or key is None:
        return None
    url = get_secret(db, tenant_id, SECRET_YOOKASSA_URL)
    return YooKassaCredentials(shop.decode(), key.decode(), url.decode() if url else YOOKASSA_DEFAULT_URL)


def tenant_overview(db: Database, actor: Actor) -> dict[str, Any]:
    """What the Settings area shows: the organisation (fresh from the database), its business settings, and
    whether the YooKassa credentials are stored — never the secrets themselves."""
    from boxoffice_desktop.services.tenants import find_tenant

    return {
        "tenant": find_tenant(db, actor.tenant_slug),
        "settings": get_settings(db, actor.tenant_id),
        "yookassa_shop_stored": has_secret(db, actor.tenant_id, SECRET_YOOKASSA_SHOP),
        "yookassa_key_stored": has_secret(db, actor.tenant_id, SECRET_YOOKASSA_KEY),
    }
