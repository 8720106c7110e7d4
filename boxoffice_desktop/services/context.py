"""Who is acting: the tenant, the user, the station, and what the user's role permits.

The server decides all of it: the tenant and the user come from the login role, and what a role may do
from the server's ``role_permission`` table, read at sign-in (``bo_whoami``). ``require`` is the client's
manners — a clear message before the round trip — never the rule: every server function checks the
caller's role itself, afresh on each call.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from boxoffice_desktop.errors import PermissionDenied
from sync.schema.enums import StaffRole


class Permission(StrEnum):
    SELL = "sell"
    SELL_HOUSE_SEATS = "sell_house_seats"
    BLOCK_SEATS = "block_seats"
    EDIT_SEATMAPS = "edit_seatmaps"
    MANAGE_EVENTS = "manage_events"
    VIEW_ORDERS = "view_orders"
    EXPORT_REPORTS = "export_reports"
    RUN_SHIFT = "run_shift"
    SEE_EXPECTED_CASH = "see_expected_cash"
    MANAGE_STAFF = "manage_staff"
    MANAGE_SETTINGS = "manage_settings"


_P = Permission
_WHAT = {
    _P.SELL: "sell tickets",
    _P.SELL_HOUSE_SEATS: "sell house seats",
    _P.BLOCK_SEATS: "block or unblock seats",
    _P.EDIT_SEATMAPS: "change seatmaps",
    _P.MANAGE_EVENTS: "create or change events",
    _P.VIEW_ORDERS: "look at orders",
    _P.EXPORT_REPORTS: "export reports",
    _P.RUN_SHIFT: "open or close a cash shift",
    _P.SEE_EXPECTED_CASH: "see the expected cash",
    _P.MANAGE_STAFF: "manage staff accounts",
    _P.MANAGE_SETTINGS: "change the organisation's settings",
}

OWNER_ACTOR_NAME = "owner"


@dataclass(frozen=True)
class Actor:
    """The acting party of one service call, as the server told it at sign-in. Plain values, safe to
    pass between threads."""

    tenant_id: int
    tenant_slug: str
    user_id: int | None
    username: str
    role: StaffRole
    station: str
    display_name: str = ""
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    login: str = ""  # the login role ("riverside.maria"), or "owner" on the owner's side

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def at_station(self, station: str | None) -> Actor:
        if not station or station == self.station:
            return self
        return replace(self, station=station)


def owner_actor(tenant_id: int, tenant_slug: str, station: str) -> Actor:
    """The owner's side (boxoffice-admin, BoxOffice.admin) working on one tenant: the server journals it as
    'owner' and lets it do everything there."""
    return Actor(
        tenant_id,
        tenant_slug,
        None,
        OWNER_ACTOR_NAME,
        StaffRole.ADMIN,
        station,
        "Owner",
        frozenset(Permission),
        OWNER_ACTOR_NAME,
    )


def parse_permissions(names: list[str] | tuple[str, ...]) -> frozenset[Permission]:
    """The server's permission names; a name this program does not know yet is ignored."""
    known = {p.value for p in Permission}
    return frozenset(Permission(n) for n in names if n in known)


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDenied(f"A {actor.role.value} may not {_WHAT[permission]}; ask a manager or an administrator.")
