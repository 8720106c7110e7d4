"""Status enums, stored as PostgreSQL enum types. Values equal names, so "PAID" == OrderStatus.PAID."""

from __future__ import annotations

from enum import StrEnum


class SeatLockStatus(StrEnum):
    ACTIVE = "ACTIVE"
    RELEASED = "RELEASED"
    EXPIRED = "EXPIRED"
    CONVERTED = "CONVERTED"


class OrderStatus(StrEnum):
    PENDING = "PENDING"
    PAID = "PAID"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    REFUNDED = "REFUNDED"


class PaymentStatus(StrEnum):
    # Spelled as YooKassa spells its statuses (upper-cased).
    PENDING = "PENDING"
    WAITING_FOR_CAPTURE = "WAITING_FOR_CAPTURE"
    SUCCEEDED = "SUCCEEDED"
    CANCELED = "CANCELED"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    REFUNDED = "REFUNDED"


class RefundStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class ItemState(StrEnum):
    RESERVED = "reserved"  # in a PENDING order, its seat held by the order's hold
    SOLD = "sold"
    REFUNDED = "refunded"
    VOID = "void"  # the order was cancelled or expired before it was paid


class StaffRole(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"
    ACCOUNTANT = "accountant"
    ADMIN = "admin"


class BlockKind(StrEnum):
    CLOSED = "closed"  # nobody sells
    HOUSE = "house"  # box office only, with the permission


class SeatmapStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class SaleState(StrEnum):
    ON_SALE = "on_sale"
    PAUSED = "paused"
    CLOSED = "closed"
