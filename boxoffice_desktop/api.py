"""The scripting API: ``BoxOffice`` speaks for one signed-in staff member at one station (what the login
window makes); ``BoxOfficeAdmin`` for the owner's side (what ``boxoffice-admin`` does).

The GUI and the tests use the same services underneath; see docs/scripting.md.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from boxoffice_desktop.errors import AuthenticationFailed, NotFound
from boxoffice_desktop.runtime import open_owner_database, station_target
from boxoffice_desktop.services import best_available, tenant_config
from boxoffice_desktop.services import customers as customers_svc
from boxoffice_desktop.services import events as events_svc
from boxoffice_desktop.services import holds as holds_svc
from boxoffice_desktop.services import online_sales as online_svc
from boxoffice_desktop.services import order_details as order_details_svc
from boxoffice_desktop.services import orders as orders_svc
from boxoffice_desktop.services import reports as reports_svc
from boxoffice_desktop.services import seatmaps as seatmaps_svc
from boxoffice_desktop.services import shifts as shifts_svc
from boxoffice_desktop.services import staff as staff_svc
from boxoffice_desktop.services import tenants as tenants_svc
from boxoffice_desktop.services import tickets as tickets_svc
from boxoffice_desktop.services.context import Actor, owner_actor
from boxoffice_desktop.services.customers import CustomerInfo, OrderSummary
from boxoffice_desktop.services.events import EventInfo, SeatInfo
from boxoffice_desktop.services.holds import HoldInfo
from boxoffice_desktop.services.order_details import OrderExtras
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.seatmaps import SeatmapInfo
from boxoffice_desktop.services.shifts import ShiftReport
from boxoffice_desktop.services.tenants import TenantInfo
from boxoffice_desktop.services.ticket_codes import InvalidTicket, parse_ticket
from editor.model import SeatingDocument
from sync.config import DatabaseTarget
from sync.db import Database
from sync.feed import SeatFeed
from sync.sweeper import SWEEP_INTERVAL, Sweeper

log = logging.getLogger(__name__)


def default_station() -> str:
    return socket.gethostname() or "station"


class BoxOffice:
    """One staff member signed in at one station: ``BoxOffice.connect(...)``; use as a context manager or
    call ``close()``. What it may do is what the server lets that member's role do."""

    def __init__(self, db: Database, tenant: TenantInfo, actor: Actor, *, owns_db: bool = True):
        self.db = db
        self.tenant = tenant
        self.actor = actor
        self._owns_db = owns_db
        self._feed: SeatFeed | None = None
        self._sweeper: Sweeper | None = None
        self._bg_lock = threading.Lock()
        self._closed = False

    @classmethod
    def connect(
        cls,
        database_url: str | None = None,
        *,
        tenant: str,
        user: str | None = None,
        password: str | None = None,
        station: str | None = None,
        data_dir: str | Path | None = None,
    ) -> BoxOffice:
        """Sign in exactly as the login window does: as the staff member's own login role
        ``<tenant>.<user>``, the server checking the password. ``database_url`` names the server and the
        database (a user name in it is ignored); None: BOXOFFICE_DATABASE_URL, else the embedded server."""
        if not user or password is None:
            raise AuthenticationFailed("Sign in with a user name and a password (user=..., password=...).")
        target, _ = station_target(database_url, data_dir=Path(data_dir) if data_dir else None)
        return cls.sign_in(target, tenant=tenant, user=user, password=password, station=station)

    @classmethod
    def sign_in(
        cls, target: DatabaseTarget, *, tenant: str, user: str, password: str, station: str | None = None
    ) -> BoxOffice:
        """Sign in at a known server (the login window, after the app found its database)."""
        db, actor = staff_svc.sign_in(target, tenant, user, password, station or default_station())
        try:
            info = tenants_svc.get_tenant(db, actor)
        except BaseException:
            db.dispose()
            raise
        return cls(db, info, actor)

    @staticmethod
    def admin(owner_url: str | None = None, *, data_dir: str | Path | None = None) -> BoxOfficeAdmin:
        """The owner's side, for what ``boxoffice-admin`` does: organisations, their first administrator,
        staff, the demo. ``owner_url``: an administrator's URL (a superuser's, or the cloud's admin role);
        None: BOXOFFICE_DATABASE_URL, else the embedded server's maintenance connection. Never a station's."""
        db, _ = open_owner_database(owner_url, data_dir=Path(data_dir) if data_dir else None)
        return BoxOfficeAdmin(db)

    # life -------------------------------------------------------------------------------------------
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._bg_lock:
            if self._feed is not None:
                self._feed.stop()
            if self._sweeper is not None:
                self._sweeper.stop()
        if self._owns_db:
            self.db.dispose()

    def __enter__(self) -> BoxOffice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def station(self) -> str:
        return self.actor.station

    # background threads ------------------------------------------------------------------------------
    def feed(self) -> SeatFeed:
        """The live seat feed of this tenant (started on first use)."""
        with self._bg_lock:
            if self._feed is None:
                self._feed = SeatFeed(self.db.direct_connect)
                self._feed.start()
            return self._feed

    def start_sweeper(self, interval: float | None = None) -> Sweeper:
        with self._bg_lock:
            if self._sweeper is None:
                self._sweeper = Sweeper(
                    self.db, station=self.station, interval=SWEEP_INTERVAL if interval is None else interval
                )
                self._sweeper.start()
            return self._sweeper

    def start_background(self) -> None:
        """What the app starts at login: the feed and the sweeper."""
        self.feed()
        self.start_sweeper()

    def on_seat_change(self, callback: Callable[[int | None, list[int] | None], None]) -> Callable[[], None]:
        """callback(event_id, seat_ids) from a background thread; seat_ids None: reload (after a reconnect
        both are None). Returns the function that unsubscribes."""
        unsubscribe = self.feed().subscribe(callback)
        self.start_sweeper()
        return unsubscribe

    # seatmaps and events ------------------------------------------------------------------------------
    def import_seatmap(self, plan: Any, *, format: str | None = "pretix", name: str | None = None) -> int:
        return seatmaps_svc.import_seatmap(self.db, self.actor, plan, format=format, name=name)

    def export_seatmap(self, seatmap_id: int, format: str = "pretix") -> dict[str, Any] | str:
        """A pretix seating plan or the native document (dicts), or SVG (str)."""
        return seatmaps_svc.export_seatmap(self.db, self.actor, seatmap_id, format)

    def seatmap_document(self, seatmap_id: int) -> SeatingDocument:
        return seatmaps_svc.get_document(self.db, self.actor, seatmap_id)

    def save_seatmap(
        self, document: SeatingDocument, *, seatmap_id: int | None = None, name: str | None = None
    ) -> SeatmapInfo:
        """Save a draft (a published version is never changed: saving over it makes the next version)."""
        return seatmaps_svc.save_draft(self.db, self.actor, document, seatmap_id=seatmap_id, name=name)

    def publish_seatmap(self, seatmap_id: int) -> SeatmapInfo:
        return seatmaps_svc.publish(self.db, self.actor, seatmap_id)

    def seatmaps(self) -> list[SeatmapInfo]:
        return seatmaps_svc.list_seatmaps(self.db, self.actor)

    def move_event(
        self, event_id: int, seatmap_id: int, *, prices: Mapping[str, Any] | None = None
    ) -> events_svc.RemapResult:
        """Give the event another published version of its map, remapping seats by guid."""
        return events_svc.move_event_to_seatmap(self.db, self.actor, event_id, seatmap_id, prices=prices)

    def create_event(self, name: str, seatmap_id: int, starts_at: datetime, prices: Mapping[str, Any]) -> int:
        return events_svc.create_event(self.db, self.actor, name, seatmap_id, starts_at, prices)

    def events(self) -> list[EventInfo]:
        return events_svc.list_events(self.db, self.actor)

    def event(self, event_id: int) -> EventInfo:
        return events_svc.get_event(self.db, self.actor, event_id)

    def event_prices(self, event_id: int) -> dict[tuple[str, str], Decimal]:
        """{(category, price type): price} of an event."""
        return events_svc.event_prices(self.db, self.actor, event_id)

    def seats(self, event_id: int, seat_ids: Sequence[int] | None = None) -> list[SeatInfo]:
        """The event's seats (or only ``seat_ids`` of them) as they stand now."""
        return events_svc.event_seats(self.db, self.actor, event_id, None if seat_ids is None else list(seat_ids))

    def best_available(
        self,
        event_id: int,
        count: int,
        *,
        category: str | None = None,
        wheelchair: bool = False,
        exclude: Sequence[int] = (),
        allow_house: bool = False,
    ) -> list[int]:
        """The best ``count`` adjacent free seats in one row, nearest the stage, stranding no seat
        (``exclude``: the seats offered before, for "next best"). Empty when there is no such block."""
        offers = best_available.best_available(
            self.seats(event_id),
            count,
            events_svc.event_focal_point(self.db, self.actor, event_id),
            category=category,
            wheelchair=wheelchair,
            exclude=exclude,
            allow_house=allow_house,
        )
        return list(offers[0].seat_ids) if offers else []

    # holds and sales --------------------------------------------------------------------------------
    def hold(
        self,
        event_id: int,
        seat_ids: Sequence[int],
        *,
        station: str | None = None,
        ttl_seconds: float = holds_svc.DEFAULT_TTL_SECONDS,
        allow_house: bool = False,
        into_hold: int | None = None,
    ) -> HoldInfo:
        """All or nothing. ``into_hold``: add the seats to that running hold (a basket), on its clock."""
        return holds_svc.hold(
            self.db,
            self.actor,
            event_id,
            seat_ids,
            station=station,
            ttl_seconds=ttl_seconds,
            allow_house=allow_house,
            into_hold=into_hold,
        )

    def hold_info(self, hold_id: int) -> HoldInfo:
        """The hold's live seats and its expiry."""
        return holds_svc.hold_info(self.db, self.actor, hold_id)

    def extend(self, hold_id: int, ttl_seconds: float) -> HoldInfo:
        return holds_svc.extend(self.db, self.actor, hold_id, ttl_seconds)

    def release(self, hold_id: int, seat_ids: Sequence[int] | None = None) -> int:
        """Give the hold's seats back (or only ``seat_ids``); returns how many went back on sale."""
        return holds_svc.release(self.db, self.actor, hold_id, seat_ids)

    def sell(
        self,
        hold_id: int,
        *,
        payment_method: str = "cash",
        customer: Mapping[str, Any] | None = None,
        price_types: Mapping[int, str] | None = None,
        tendered: Any = None,
        confirmation: str = "redirect",
    ) -> OrderInfo:
        """cash and card: PAID at once (needs an open shift). yookassa and mock: PENDING with .payment_url
        (the redirect address, or the QR data with confirmation="qr"); then sync_payment."""
        return orders_svc.sell(
            self.db,
            self.actor,
            hold_id,
            payment_method=payment_method,
            customer=customer,
            price_types=price_types,
            tendered=tendered,
            confirmation=confirmation,
        )

    def cancel_payment(self, order_id: int) -> OrderInfo:
        """Give up a PENDING online sale: the order is CANCELLED and its seats go back on sale."""
        return online_svc.cancel_online_order(self.db, self.actor, order_id)

    def sync_payment(self, order_id: int) -> OrderInfo:
        """Ask the provider how the order's payment stands: PAID, CANCELLED, EXPIRED or still PENDING."""
        return online_svc.sync_payment(self.db, self.actor, order_id)

    def online_holds(self, event_id: int) -> dict[int, str]:
        """{hold id: order code} of this station's online sales on the event still waiting for payment."""
        return online_svc.pending_order_holds(self.db, self.actor, event_id)

    def configure_yookassa(self, shop_id: str, secret_key: str | None, *, api_url: str | None = None) -> None:
        """Per tenant. ``secret_key`` None keeps the stored key, ``api_url`` None the stored address (at first
        YooKassa's own); a new address needs the key again."""
        tenant_config.configure_yookassa(self.db, self.actor, shop_id, secret_key, api_url=api_url)

    def configure_mock(self, scenario: str = "success", *, enabled: bool = True) -> None:
        """Training payments: the mock provider's scenario, and whether the counter may use it at all (its
        orders are real: their tickets admit)."""
        tenant_config.update_settings(self.db, self.actor, mock_scenario=scenario, training_payments=enabled)

    def settings(self) -> tenant_config.TenantSettings:
        return tenant_config.get_settings(self.db, self.actor)

    def open_shift(self, float_amount: Any) -> ShiftReport:
        return shifts_svc.open_shift(self.db, self.actor, float_amount)

    def x_report(self) -> ShiftReport:
        return shifts_svc.x_report(self.db, self.actor)

    def close_shift(self, counted_cash: Any, *, reason: str | None = None) -> ShiftReport:
        """Count the drawer and close the station's shift: the Z report."""
        return shifts_svc.close_shift(self.db, self.actor, counted_cash, reason=reason)

    def current_shift(self) -> ShiftReport | None:
        return shifts_svc.current_shift(self.db, self.actor)

    def order(self, order_id: int) -> OrderInfo:
        return orders_svc.get_order(self.db, self.actor, order_id)

    def tickets(self, order_id: int) -> list[tickets_svc.Ticket]:
        """The tickets of a paid order, each with its signed code."""
        return tickets_svc.order_tickets(self.db, self.actor, order_id)

    def reissue_ticket(self, item_id: int) -> tickets_svc.Ticket:
        """A new code for one seat; the old code is void from now on."""
        return tickets_svc.reissue_ticket(self.db, self.actor, item_id)

    def verify_ticket(self, code: str) -> tickets_svc.TicketCheck:
        """valid, void (reprinted, refunded) or invalid (forged, altered, another organisation's): the
        server's answer."""
        return tickets_svc.check_ticket(self.db, self.actor, code)

    def find_order(self, code: str) -> OrderInfo:
        """An order by its code, or by a scanned ticket code."""
        return customers_svc.find_order(self.db, self.actor, code)

    def orders(self, *, query: str = "", event_id: int | None = None, limit: int = 200) -> list[OrderSummary]:
        return customers_svc.list_orders(self.db, self.actor, query=query, event_id=event_id, limit=limit)

    def customers(self, query: str) -> list[CustomerInfo]:
        """Search by phone, e-mail or name."""
        return customers_svc.search_customers(self.db, self.actor, query)

    def export_sales(
        self, path: str | Path, *, date_from: Any = None, date_to: Any = None, event_id: int | None = None
    ) -> int:
        """The seats sold in the period (local dates, both ends included) to an Excel workbook."""
        return reports_svc.export_sales_xlsx(
            self.db, self.actor, path, date_from=date_from, date_to=date_to, event_id=event_id
        )

    def reap_expired(self) -> int:
        return holds_svc.reap_expired(self.db, self.actor)

    def block(self, event_id: int, seat_ids: Sequence[int], *, reason: str, kind: str = "closed") -> int:
        return holds_svc.block(self.db, self.actor, event_id, seat_ids, reason=reason, kind=kind)

    def unblock(self, event_id: int, seat_ids: Sequence[int]) -> int:
        return holds_svc.unblock(self.db, self.actor, event_id, seat_ids)

    # staff (an administrator's) ---------------------------------------------------------------------
    def staff(self) -> list[staff_svc.StaffInfo]:
        return staff_svc.list_staff(self.db, self.actor)

    def create_user(self, username: str, role: str, password: str, *, display_name: str = "") -> staff_svc.StaffInfo:
        """A new staff member of this organisation, signing in as ``<tenant>.<username>``."""
        return staff_svc.create_user(self.db, self.actor, username, role, password, display_name=display_name)

    def set_role(self, username: str, role: str) -> staff_svc.StaffInfo:
        return staff_svc.set_role(self.db, self.actor, username, role)

    def disable_user(self, username: str) -> int:
        """The user may no longer sign in; their open connections end. The number ended."""
        return staff_svc.disable_user(self.db, self.actor, username)

    def reset_password(self, username: str, password: str) -> None:
        staff_svc.reset_password(self.db, self.actor, username, password)

    def enable_user(self, username: str) -> None:
        staff_svc.enable_user(self.db, self.actor, username)

    # what the areas read ---------------------------------------------------------------------------
    def order_extras(self, order_id: int) -> OrderExtras:
        """An order's event, customer, seller, payments and journal (the Orders area's detail pane)."""
        return order_details_svc.order_extras(self.db, self.actor, order_id)

    def sales(
        self, *, date_from: date | None = None, date_to: date | None = None, event_id: int | None = None
    ) -> list[reports_svc.SaleLine]:
        """Every seat sold and paid in the period (local dates, both ends included), oldest first."""
        return reports_svc.sales(self.db, self.actor, date_from=date_from, date_to=date_to, event_id=event_id)

    def tenant_overview(self) -> dict[str, Any]:
        """The organisation fresh from the database, its business settings, and which credentials are
        stored (never their values)."""
        return tenant_config.tenant_overview(self.db, self.actor)

    def update_branding(self, changes: dict[str, Any]) -> TenantInfo:
        return tenants_svc.update_branding(self.db, self.actor, changes)

    def update_settings(self, **changes: Any) -> tenant_config.TenantSettings:
        return tenant_config.update_settings(self.db, self.actor, **changes)


class BoxOfficeAdmin:
    """The owner's side (``BoxOffice.admin(owner_url)``): what ``boxoffice-admin`` does, for scripts.

    Every call names its organisation; the server journals the actor as 'owner'."""

    def __init__(self, db: Database, *, station: str = "boxoffice-admin"):
        self.db = db
        self.station = station

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> BoxOfficeAdmin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _actor(self, tenant: str) -> Actor:
        info = tenants_svc.find_tenant(self.db, tenant)
        return owner_actor(info.id, info.slug, self.station)

    def create_tenant(self, slug: str, name: str, branding: dict[str, Any] | None = None) -> TenantInfo:
        return tenants_svc.create_tenant(self.db, slug, name, branding)

    def tenants(self) -> list[TenantInfo]:
        return tenants_svc.list_tenants(self.db)

    def tenant(self, slug: str) -> TenantInfo:
        return tenants_svc.find_tenant(self.db, slug)

    def create_user(
        self, tenant: str, username: str, role: str, password: str, *, display_name: str = ""
    ) -> staff_svc.StaffInfo:
        return staff_svc.create_user(self.db, self._actor(tenant), username, role, password, display_name=display_name)

    def set_role(self, tenant: str, username: str, role: str) -> staff_svc.StaffInfo:
        return staff_svc.set_role(self.db, self._actor(tenant), username, role)

    def disable_user(self, tenant: str, username: str) -> int:
        return staff_svc.disable_user(self.db, self._actor(tenant), username)

    def enable_user(self, tenant: str, username: str) -> None:
        staff_svc.enable_user(self.db, self._actor(tenant), username)

    def reset_password(self, tenant: str, username: str, password: str) -> None:
        staff_svc.reset_password(self.db, self._actor(tenant), username, password)

    def staff(self, tenant: str) -> list[staff_svc.StaffInfo]:
        return staff_svc.list_staff(self.db, self._actor(tenant))

    def seed_demo(self, slug: str = "demo") -> TenantInfo:
        from boxoffice_desktop.services.demo import seed_demo

        return seed_demo(self.db, slug=slug)

    def import_seatmap(self, tenant: str, plan: Any, *, format: str | None = "pretix", name: str | None = None) -> int:
        return seatmaps_svc.import_seatmap(self.db, self._actor(tenant), plan, format=format, name=name)

    def export_seatmap(self, tenant: str, seatmap_id: int, format: str = "pretix") -> dict[str, Any] | str:
        return seatmaps_svc.export_seatmap(self.db, self._actor(tenant), seatmap_id, format)

    def verify_ticket(self, code: str) -> tickets_svc.TicketCheck:
        """Any organisation's ticket, checked by the server with that organisation's key."""
        try:
            parsed = parse_ticket(code)
        except InvalidTicket as exc:
            return tickets_svc.TicketCheck("invalid", str(exc))
        try:
            actor = self._actor(parsed.tenant_slug)
        except NotFound:
            return tickets_svc.TicketCheck("invalid", f"Unknown organisation {parsed.tenant_slug!r} in the code.")
        return tickets_svc.check_ticket(self.db, actor, code)
