"""Typed models of every table.

Ready for a tenant-sharded cluster from the first migration: every tenant table's key is
``(tenant_id, id)``, every foreign key between tenant tables carries ``tenant_id`` (a row can never point
into another tenant), and every unique index starts with ``tenant_id``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Double,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from sync.schema.base import Base
from sync.schema.enums import OrderStatus, PaymentStatus, RefundStatus, SeatLockStatus

Money = Numeric(12, 2)


def _pg_enum(enum_cls: type, name: str) -> Enum:
    return Enum(enum_cls, name=name, values_callable=lambda e: [m.value for m in e], create_type=False)


seat_lock_status = _pg_enum(SeatLockStatus, "seat_lock_status")
order_status = _pg_enum(OrderStatus, "order_status")
payment_status = _pg_enum(PaymentStatus, "payment_status")
refund_status = _pg_enum(RefundStatus, "refund_status")


def _now() -> Any:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def _tenant_fk(cols: list[str], table: str, ondelete: str | None = None) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["tenant_id", *cols], [f"{table}.tenant_id", f"{table}.id"], ondelete=ondelete)


class Tenant(Base):
    """An organisation. Global (a reference table in Citus terms), yet each staff login sees its own row
    only; the owner's side sees them all."""

    __tablename__ = "tenant"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    # At most 24 characters: "<slug>.<user>" must stay within PostgreSQL's 63-byte role names.
    slug: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    # display_name, accent, accent_text, logo_svg, ticket_footer
    branding: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    # The tenant's LISTEN channel: random, since NOTIFY cannot be restricted.
    feed_channel: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = _now()

    __table_args__ = (CheckConstraint("slug ~ '^[a-z0-9][a-z0-9_-]{0,23}$'", name="slug_format"),)


class StaffLogin(Base):
    """Login role -> tenant and user: what ``bo_tenant()`` reads. Owner-only, without row-level security
    (a mapping that read a table whose policy calls the mapping would recurse)."""

    __tablename__ = "staff_login"

    role_name: Mapped[str] = mapped_column(Text, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tenant.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id"),
        ForeignKeyConstraint(
            ["tenant_id", "user_id"], ["staff_user.tenant_id", "staff_user.id"], ondelete="CASCADE"
        ),
    )


class RolePermission(Base):
    """What each staff role may do: the one table the server's functions check."""

    __tablename__ = "role_permission"

    role: Mapped[str] = mapped_column(Text, primary_key=True)
    permission: Mapped[str] = mapped_column(Text, primary_key=True)

    __table_args__ = (CheckConstraint("role IN ('cashier', 'manager', 'accountant', 'admin')", name="role"),)


class TenantScoped:
    """Columns every tenant table starts with."""

    tenant_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("tenant.id", ondelete="CASCADE"), primary_key=True, sort_order=-2
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, sort_order=-1)


class TenantSecret(TenantScoped, Base):
    """Write-only credentials (payment provider keys, the ticket-signing key): never logged or exported."""

    __tablename__ = "tenant_secret"

    name: Mapped[str] = mapped_column(Text)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = _now()

    __table_args__ = (UniqueConstraint("tenant_id", "name"),)


class StaffUser(TenantScoped, Base):
    __tablename__ = "staff_user"

    username: Mapped[str] = mapped_column(Text)
    display_name: Mapped[str] = mapped_column(Text, server_default="")
    role: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    # The PostgreSQL login role "<slug>.<username>"; the server keeps its SCRAM verifier, no table does.
    login_role: Mapped[str | None] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = _now()

    __table_args__ = (
        UniqueConstraint("tenant_id", "username"),
        CheckConstraint("role IN ('cashier', 'manager', 'accountant', 'admin')", name="role"),
        CheckConstraint("username ~ '^[a-z0-9][a-z0-9_-]{0,37}$'", name="username_format"),
    )


class Venue(TenantScoped, Base):
    __tablename__ = "venue"

    name: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(Text, server_default="")
    created_at: Mapped[datetime] = _now()

    __table_args__ = (UniqueConstraint("tenant_id", "name"),)


class Seatmap(TenantScoped, Base):
    """One version of a hall's layout. Versions of one map share ``series_id`` (the first version's id);
    a published version is never changed in place."""

    __tablename__ = "seatmap"

    venue_id: Mapped[int] = mapped_column(BigInteger)
    series_id: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    status: Mapped[str] = mapped_column(Text, server_default="draft")
    document: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # What an event copies: {"categories": [...], "seats": [...]}, laid out by the editor's side.
    layout: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    seat_count: Mapped[int] = mapped_column(Integer, server_default="0")
    focal_x: Mapped[float | None] = mapped_column(Double)
    focal_y: Mapped[float | None] = mapped_column(Double)
    created_at: Mapped[datetime] = _now()
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        _tenant_fk(["venue_id"], "venue"),
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        UniqueConstraint("tenant_id", "series_id", "version"),
    )


class Event(TenantScoped, Base):
    __tablename__ = "event"

    name: Mapped[str] = mapped_column(Text)
    seatmap_id: Mapped[int] = mapped_column(BigInteger)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sale_state: Mapped[str] = mapped_column(Text, server_default="on_sale")
    created_at: Mapped[datetime] = _now()

    __table_args__ = (
        _tenant_fk(["seatmap_id"], "seatmap"),
        CheckConstraint("sale_state IN ('on_sale', 'paused', 'closed')", name="sale_state"),
        Index(None, "tenant_id", "starts_at"),
    )


class EventSeat(TenantScoped, Base):
    """The event's own copy of a seat of its seatmap version; holds, sales and blocks point here."""

    __tablename__ = "event_seat"

    event_id: Mapped[int] = mapped_column(BigInteger)
    guid: Mapped[str] = mapped_column(Text)
    zone: Mapped[str] = mapped_column(Text, server_default="")
    row: Mapped[str] = mapped_column(Text, server_default="")
    number: Mapped[str] = mapped_column(Text, server_default="")
    label: Mapped[str] = mapped_column(Text, server_default="")
    category: Mapped[str] = mapped_column(Text)
    x: Mapped[float] = mapped_column(Double)
    y: Mapped[float] = mapped_column(Double)
    row_key: Mapped[str] = mapped_column(Text, server_default="")
    ordinal: Mapped[int] = mapped_column(Integer, server_default="0")
    wheelchair: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    companion_of: Mapped[str | None] = mapped_column(Text)
    restricted_view: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    block_kind: Mapped[str | None] = mapped_column(Text)
    block_reason: Mapped[str | None] = mapped_column(Text)
    # Gone from the event's current seatmap version but kept, since orders of the past point at it.
    retired: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))

    __table_args__ = (
        _tenant_fk(["event_id"], "event", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "event_id", "guid"),
        CheckConstraint("block_kind IS NULL OR block_kind IN ('closed', 'house')", name="block_kind"),
        Index(None, "tenant_id", "event_id", "row_key", "ordinal"),
    )


class PriceType(TenantScoped, Base):
    __tablename__ = "price_type"

    name: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(Text, server_default="")
    sort_order: Mapped[int] = mapped_column(Integer, server_default="0")

    __table_args__ = (UniqueConstraint("tenant_id", "name"),)


class EventPrice(TenantScoped, Base):
    """The price of a category × price type at an event."""

    __tablename__ = "event_price"

    event_id: Mapped[int] = mapped_column(BigInteger)
    category: Mapped[str] = mapped_column(Text)
    price_type_id: Mapped[int] = mapped_column(BigInteger)
    price: Mapped[Decimal] = mapped_column(Money)

    __table_args__ = (
        _tenant_fk(["event_id"], "event", ondelete="CASCADE"),
        _tenant_fk(["price_type_id"], "price_type"),
        UniqueConstraint("tenant_id", "event_id", "category", "price_type_id"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )


class Hold(TenantScoped, Base):
    """A cashier's basket: the seats under one expiry, held for one station."""

    __tablename__ = "hold"

    event_id: Mapped[int] = mapped_column(BigInteger)
    station: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = _now()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        _tenant_fk(["event_id"], "event", ondelete="CASCADE"),
        _tenant_fk(["user_id"], "staff_user"),
    )


class SeatLock(TenantScoped, Base):
    """One seat of a hold. A partial unique index allows one ACTIVE lock per event seat: a bug in the
    advisory locking surfaces as an error, never as a double hold."""

    __tablename__ = "seat_lock"

    hold_id: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[int] = mapped_column(BigInteger)
    event_seat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[SeatLockStatus] = mapped_column(seat_lock_status, server_default="ACTIVE")
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        _tenant_fk(["hold_id"], "hold", ondelete="CASCADE"),
        _tenant_fk(["event_seat_id"], "event_seat", ondelete="CASCADE"),
        Index(
            "uq_seat_lock_active_seat",
            "tenant_id",
            "event_seat_id",
            unique=True,
            postgresql_where=text("status = 'ACTIVE'"),
        ),
        # Deliberately no other index over ACTIVE rows: the hold protocol's lookups by seat must never be
        # tempted onto one (the active rows of a tenant are few, so the sweeper walks them all cheaply).
        Index(None, "tenant_id", "hold_id"),
    )


class Customer(TenantScoped, Base):
    __tablename__ = "customer"

    name: Mapped[str] = mapped_column(Text, server_default="")
    email: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, server_default="")
    created_at: Mapped[datetime] = _now()

    __table_args__ = (
        Index("ix_customer_email", "tenant_id", text("lower(email)")),
        Index("ix_customer_phone", "tenant_id", "phone"),
    )


class Order(TenantScoped, Base):
    __tablename__ = "orders"

    code: Mapped[str] = mapped_column(Text)
    event_id: Mapped[int] = mapped_column(BigInteger)
    hold_id: Mapped[int | None] = mapped_column(BigInteger)
    customer_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[OrderStatus] = mapped_column(order_status, server_default="PENDING")
    needs_refund: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    total: Mapped[Decimal] = mapped_column(Money, server_default="0")
    payment_method: Mapped[str] = mapped_column(Text)
    station: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    shift_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = _now()
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        _tenant_fk(["event_id"], "event"),
        _tenant_fk(["hold_id"], "hold", ondelete="SET NULL (hold_id)"),
        _tenant_fk(["customer_id"], "customer", ondelete="SET NULL (customer_id)"),
        _tenant_fk(["user_id"], "staff_user"),
        _tenant_fk(["shift_id"], "cash_shift"),
        UniqueConstraint("tenant_id", "code"),
        CheckConstraint("total >= 0", name="total_not_negative"),
        Index(None, "tenant_id", "event_id"),
        Index("ix_orders_pending_expiry", "tenant_id", "expires_at", postgresql_where=text("status = 'PENDING'")),
    )


class OrderItem(TenantScoped, Base):
    """One seat of an order. The partial unique index allows one sale per event seat."""

    __tablename__ = "order_item"

    order_id: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[int] = mapped_column(BigInteger)
    event_seat_id: Mapped[int] = mapped_column(BigInteger)
    price_type_id: Mapped[int] = mapped_column(BigInteger)
    price: Mapped[Decimal] = mapped_column(Money)
    state: Mapped[str] = mapped_column(Text, server_default="reserved")
    ticket_serial: Mapped[int] = mapped_column(Integer, server_default="1")

    __table_args__ = (
        _tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
        _tenant_fk(["event_seat_id"], "event_seat"),
        _tenant_fk(["price_type_id"], "price_type"),
        CheckConstraint("state IN ('reserved', 'sold', 'refunded', 'void')", name="state"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        Index(
            "uq_order_item_sold_seat",
            "tenant_id",
            "event_seat_id",
            unique=True,
            postgresql_where=text("state = 'sold'"),
        ),
        Index(None, "tenant_id", "order_id"),
        # An event's sold seats (its map, its counts) without walking every ticket the tenant ever sold.
        Index("ix_order_item_sold_event", "tenant_id", "event_id", postgresql_where=text("state = 'sold'")),
    )


class Payment(TenantScoped, Base):
    __tablename__ = "payment"

    order_id: Mapped[int] = mapped_column(BigInteger)
    provider: Mapped[str] = mapped_column(Text)  # cash, card, yookassa, mock
    status: Mapped[PaymentStatus] = mapped_column(payment_status, server_default="PENDING")
    amount: Mapped[Decimal] = mapped_column(Money)
    tendered: Mapped[Decimal | None] = mapped_column(Money)
    idempotence_key: Mapped[str | None] = mapped_column(Text)
    provider_payment_id: Mapped[str | None] = mapped_column(Text)
    confirmation_url: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()

    __table_args__ = (
        _tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "idempotence_key"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        Index(None, "tenant_id", "order_id"),
    )


class Refund(TenantScoped, Base):
    __tablename__ = "refund"

    payment_id: Mapped[int] = mapped_column(BigInteger)
    order_id: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[Decimal] = mapped_column(Money)
    status: Mapped[RefundStatus] = mapped_column(refund_status, server_default="PENDING")
    idempotence_key: Mapped[str | None] = mapped_column(Text)
    provider_refund_id: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, server_default="")
    created_at: Mapped[datetime] = _now()

    __table_args__ = (
        _tenant_fk(["payment_id"], "payment", ondelete="CASCADE"),
        _tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "idempotence_key"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )


class OrderLog(TenantScoped, Base):
    """Append-only journal of every change to money or seats (the app role may only insert)."""

    __tablename__ = "order_log"

    action: Mapped[str] = mapped_column(Text)
    order_id: Mapped[int | None] = mapped_column(BigInteger)
    event_id: Mapped[int | None] = mapped_column(BigInteger)
    hold_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(Text, server_default="")
    station: Mapped[str] = mapped_column(Text, server_default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    created_at: Mapped[datetime] = _now()

    __table_args__ = (
        Index(None, "tenant_id", "created_at"),
        Index(None, "tenant_id", "order_id"),
        Index(None, "tenant_id", "action"),
    )


class CashShift(TenantScoped, Base):
    __tablename__ = "cash_shift"

    station: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    opened_at: Mapped[datetime] = _now()
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opening_float: Mapped[Decimal] = mapped_column(Money)
    expected_cash: Mapped[Decimal | None] = mapped_column(Money)
    counted_cash: Mapped[Decimal | None] = mapped_column(Money)
    difference: Mapped[Decimal | None] = mapped_column(Money)
    difference_reason: Mapped[str | None] = mapped_column(Text)
    z_report: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    __table_args__ = (
        _tenant_fk(["user_id"], "staff_user"),
        Index(
            "uq_cash_shift_open_station",
            "tenant_id",
            "station",
            unique=True,
            postgresql_where=text("closed_at IS NULL"),
        ),
        CheckConstraint("opening_float >= 0", name="float_not_negative"),
    )


TENANT_TABLES: tuple[str, ...] = (
    "tenant_secret",
    "staff_user",
    "venue",
    "seatmap",
    "event",
    "event_seat",
    "price_type",
    "event_price",
    "hold",
    "seat_lock",
    "customer",
    "cash_shift",
    "orders",
    "order_item",
    "payment",
    "refund",
    "order_log",
)
