"""Who is acting: the tenant, the user, the station, and what the user's role permits.

Permission checks live here in the services, not in hidden buttons: every service function that changes
something starts with ``require(actor, Permission.X)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.CASHIER: frozenset({_P.SELL, _P.VIEW_ORDERS, _P.RUN_SHIFT}),
    StaffRole.ACCOUNTANT: frozenset({_P.VIEW_ORDERS, _P.EXPORT_REPORTS, _P.SEE_EXPECTED_CASH}),
    StaffRole.MANAGER: frozenset(
        {
            _P.SELL,
            _P.SELL_HOUSE_SEATS,
            _P.BLOCK_SEATS,
            _P.EDIT_SEATMAPS,
            _P.MANAGE_EVENTS,
            _P.VIEW_ORDERS,
            _P.EXPORT_REPORTS,
            _P.RUN_SHIFT,
            _P.SEE_EXPECTED_CASH,
        }
    ),
    StaffRole.ADMIN: frozenset(Permission),
}

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

SCRIPT_ACTOR_NAME = "script"


@dataclass(frozen=True)
class Actor:
    """The acting party of one service call. Plain values, safe to pass between threads."""

    tenant_id: int
    tenant_slug: str
    user_id: int | None
    username: str
    role: StaffRole
    station: str
    display_name: str = ""

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def at_station(self, station: str | None) -> Actor:
        if not station or station == self.station:
            return self
        return replace(self, station=station)


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDenied(f"A {actor.role.value} may not {_WHAT[permission]}; ask a manager or an administrator.")
