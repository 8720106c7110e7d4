"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25

The whole data model, the status enums, and row-level security on every tenant table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Frozen here: later migrations that add tenant tables enable row-level security on them themselves.
TENANT_TABLES = (
    "tenant_secret", "staff_user", "venue", "seatmap", "event", "event_seat", "price_type", "event_price",
    "hold", "seat_lock", "customer", "cash_shift", "orders", "order_item", "payment", "refund", "order_log",
)

ENUMS = {
    "seat_lock_status": ("ACTIVE", "RELEASED", "EXPIRED", "CONVERTED"),
    "order_status": ("PENDING", "PAID", "CANCELLED", "EXPIRED", "PARTIALLY_REFUNDED", "REFUNDED"),
    "payment_status": (
        "PENDING", "WAITING_FOR_CAPTURE", "SUCCEEDED", "CANCELED", "PARTIALLY_REFUNDED", "REFUNDED",
    ),
    "refund_status": ("PENDING", "SUCCEEDED", "FAILED"),
}

# No setting, no rows: an unset or empty app.tenant_id matches nothing.
TENANT_PREDICATE = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint"

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for name, values in ENUMS.items():
        postgresql.ENUM(*values, name=name).create(bind, checkfirst=False)
    op.create_table('tenant',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('slug', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('branding', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('settings', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("slug ~ '^[a-z0-9][a-z0-9_-]{0,62}$'", name=op.f('ck_tenant_slug_format')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant')),
    sa.UniqueConstraint('slug', name=op.f('uq_tenant_slug'))
    )
    op.create_table('customer',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.Text(), server_default='', nullable=False),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_customer_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_customer'))
    )
    op.create_index('ix_customer_email', 'customer', ['tenant_id', sa.literal_column('lower(email)')], unique=False)
    op.create_index('ix_customer_phone', 'customer', ['tenant_id', 'phone'], unique=False)
    op.create_table('order_log',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('order_id', sa.BigInteger(), nullable=True),
    sa.Column('event_id', sa.BigInteger(), nullable=True),
    sa.Column('hold_id', sa.BigInteger(), nullable=True),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('actor', sa.Text(), server_default='', nullable=False),
    sa.Column('station', sa.Text(), server_default='', nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_order_log_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_order_log'))
    )
    op.create_index(op.f('ix_order_log_tenant_id_action'), 'order_log', ['tenant_id', 'action'], unique=False)
    op.create_index(op.f('ix_order_log_tenant_id_created_at'), 'order_log', ['tenant_id', 'created_at'], unique=False)
    op.create_index(op.f('ix_order_log_tenant_id_order_id'), 'order_log', ['tenant_id', 'order_id'], unique=False)
    op.create_table('price_type',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), server_default='', nullable=False),
    sa.Column('sort_order', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_price_type_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_price_type')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_price_type_tenant_id_name'))
    )
    op.create_table('staff_user',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('username', sa.Text(), nullable=False),
    sa.Column('display_name', sa.Text(), server_default='', nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("role IN ('cashier', 'manager', 'accountant', 'admin')", name=op.f('ck_staff_user_role')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_staff_user_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_staff_user')),
    sa.UniqueConstraint('tenant_id', 'username', name=op.f('uq_staff_user_tenant_id_username'))
    )
    op.create_table('tenant_secret',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_tenant_secret_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_tenant_secret')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_tenant_secret_tenant_id_name'))
    )
    op.create_table('venue',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_venue_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_venue')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_venue_tenant_id_name'))
    )
    op.create_table('cash_shift',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('station', sa.Text(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opening_float', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('expected_cash', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('counted_cash', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('difference', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('difference_reason', sa.Text(), nullable=True),
    sa.Column('z_report', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.CheckConstraint('opening_float >= 0', name=op.f('ck_cash_shift_float_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['staff_user.tenant_id', 'staff_user.id'], name=op.f('fk_cash_shift_tenant_id_user_id_staff_user')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_cash_shift_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_cash_shift'))
    )
    op.create_index('uq_cash_shift_open_station', 'cash_shift', ['tenant_id', 'station'], unique=True, postgresql_where=sa.text('closed_at IS NULL'))
    op.create_table('seatmap',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('venue_id', sa.BigInteger(), nullable=False),
    sa.Column('series_id', sa.BigInteger(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('status', sa.Text(), server_default='draft', nullable=False),
    sa.Column('document', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('seat_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('focal_x', sa.Double(), nullable=True),
    sa.Column('focal_y', sa.Double(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_seatmap_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'venue_id'], ['venue.tenant_id', 'venue.id'], name=op.f('fk_seatmap_tenant_id_venue_id_venue')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_seatmap_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_seatmap')),
    sa.UniqueConstraint('tenant_id', 'series_id', 'version', name=op.f('uq_seatmap_tenant_id_series_id_version'))
    )
    op.create_table('event',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('seatmap_id', sa.BigInteger(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sale_state', sa.Text(), server_default='on_sale', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("sale_state IN ('on_sale', 'paused', 'closed')", name=op.f('ck_event_sale_state')),
    sa.ForeignKeyConstraint(['tenant_id', 'seatmap_id'], ['seatmap.tenant_id', 'seatmap.id'], name=op.f('fk_event_tenant_id_seatmap_id_seatmap')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_event_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_event'))
    )
    op.create_index(op.f('ix_event_tenant_id_starts_at'), 'event', ['tenant_id', 'starts_at'], unique=False)
    op.create_table('event_price',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('price_type_id', sa.BigInteger(), nullable=False),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.CheckConstraint('price >= 0', name=op.f('ck_event_price_price_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'event_id'], ['event.tenant_id', 'event.id'], name=op.f('fk_event_price_tenant_id_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'price_type_id'], ['price_type.tenant_id', 'price_type.id'], name=op.f('fk_event_price_tenant_id_price_type_id_price_type')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_event_price_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_event_price')),
    sa.UniqueConstraint('tenant_id', 'event_id', 'category', 'price_type_id', name=op.f('uq_event_price_tenant_id_event_id_category_price_type_id'))
    )
    op.create_table('event_seat',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('guid', sa.Text(), nullable=False),
    sa.Column('zone', sa.Text(), server_default='', nullable=False),
    sa.Column('row', sa.Text(), server_default='', nullable=False),
    sa.Column('number', sa.Text(), server_default='', nullable=False),
    sa.Column('label', sa.Text(), server_default='', nullable=False),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('x', sa.Double(), nullable=False),
    sa.Column('y', sa.Double(), nullable=False),
    sa.Column('row_key', sa.Text(), server_default='', nullable=False),
    sa.Column('ordinal', sa.Integer(), server_default='0', nullable=False),
    sa.Column('wheelchair', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('companion_of', sa.Text(), nullable=True),
    sa.Column('restricted_view', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('block_kind', sa.Text(), nullable=True),
    sa.Column('block_reason', sa.Text(), nullable=True),
    sa.Column('retired', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.CheckConstraint("block_kind IS NULL OR block_kind IN ('closed', 'house')", name=op.f('ck_event_seat_block_kind')),
    sa.ForeignKeyConstraint(['tenant_id', 'event_id'], ['event.tenant_id', 'event.id'], name=op.f('fk_event_seat_tenant_id_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_event_seat_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_event_seat')),
    sa.UniqueConstraint('tenant_id', 'event_id', 'guid', name=op.f('uq_event_seat_tenant_id_event_id_guid'))
    )
    op.create_index(op.f('ix_event_seat_tenant_id_event_id_row_key_ordinal'), 'event_seat', ['tenant_id', 'event_id', 'row_key', 'ordinal'], unique=False)
    op.create_table('hold',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('station', sa.Text(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'event_id'], ['event.tenant_id', 'event.id'], name=op.f('fk_hold_tenant_id_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['staff_user.tenant_id', 'staff_user.id'], name=op.f('fk_hold_tenant_id_user_id_staff_user')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_hold_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_hold'))
    )
    op.create_table('orders',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('hold_id', sa.BigInteger(), nullable=True),
    sa.Column('customer_id', sa.BigInteger(), nullable=True),
    sa.Column('status', postgresql.ENUM('PENDING', 'PAID', 'CANCELLED', 'EXPIRED', 'PARTIALLY_REFUNDED', 'REFUNDED', name='order_status', create_type=False), server_default='PENDING', nullable=False),
    sa.Column('needs_refund', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('total', sa.Numeric(precision=12, scale=2), server_default='0', nullable=False),
    sa.Column('payment_method', sa.Text(), nullable=False),
    sa.Column('station', sa.Text(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=True),
    sa.Column('shift_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('total >= 0', name=op.f('ck_orders_total_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'customer_id'], ['customer.tenant_id', 'customer.id'], name=op.f('fk_orders_tenant_id_customer_id_customer'), ondelete='SET NULL (customer_id)'),
    sa.ForeignKeyConstraint(['tenant_id', 'event_id'], ['event.tenant_id', 'event.id'], name=op.f('fk_orders_tenant_id_event_id_event')),
    sa.ForeignKeyConstraint(['tenant_id', 'hold_id'], ['hold.tenant_id', 'hold.id'], name=op.f('fk_orders_tenant_id_hold_id_hold'), ondelete='SET NULL (hold_id)'),
    sa.ForeignKeyConstraint(['tenant_id', 'shift_id'], ['cash_shift.tenant_id', 'cash_shift.id'], name=op.f('fk_orders_tenant_id_shift_id_cash_shift')),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['staff_user.tenant_id', 'staff_user.id'], name=op.f('fk_orders_tenant_id_user_id_staff_user')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_orders_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_orders')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_orders_tenant_id_code'))
    )
    op.create_index('ix_orders_pending_expiry', 'orders', ['tenant_id', 'expires_at'], unique=False, postgresql_where=sa.text("status = 'PENDING'"))
    op.create_index(op.f('ix_orders_tenant_id_event_id'), 'orders', ['tenant_id', 'event_id'], unique=False)
    op.create_table('seat_lock',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('hold_id', sa.BigInteger(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('event_seat_id', sa.BigInteger(), nullable=False),
    sa.Column('status', postgresql.ENUM('ACTIVE', 'RELEASED', 'EXPIRED', 'CONVERTED', name='seat_lock_status', create_type=False), server_default='ACTIVE', nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'event_seat_id'], ['event_seat.tenant_id', 'event_seat.id'], name=op.f('fk_seat_lock_tenant_id_event_seat_id_event_seat'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'hold_id'], ['hold.tenant_id', 'hold.id'], name=op.f('fk_seat_lock_tenant_id_hold_id_hold'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_seat_lock_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_seat_lock'))
    )
    op.create_index(op.f('ix_seat_lock_tenant_id_hold_id'), 'seat_lock', ['tenant_id', 'hold_id'], unique=False)
    op.create_index('uq_seat_lock_active_seat', 'seat_lock', ['tenant_id', 'event_seat_id'], unique=True, postgresql_where=sa.text("status = 'ACTIVE'"))
    op.create_table('order_item',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('order_id', sa.BigInteger(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('event_seat_id', sa.BigInteger(), nullable=False),
    sa.Column('price_type_id', sa.BigInteger(), nullable=False),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('state', sa.Text(), server_default='reserved', nullable=False),
    sa.Column('ticket_serial', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("state IN ('reserved', 'sold', 'refunded', 'void')", name=op.f('ck_order_item_state')),
    sa.CheckConstraint('price >= 0', name=op.f('ck_order_item_price_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'event_seat_id'], ['event_seat.tenant_id', 'event_seat.id'], name=op.f('fk_order_item_tenant_id_event_seat_id_event_seat')),
    sa.ForeignKeyConstraint(['tenant_id', 'order_id'], ['orders.tenant_id', 'orders.id'], name=op.f('fk_order_item_tenant_id_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'price_type_id'], ['price_type.tenant_id', 'price_type.id'], name=op.f('fk_order_item_tenant_id_price_type_id_price_type')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_order_item_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_order_item'))
    )
    op.create_index(op.f('ix_order_item_tenant_id_order_id'), 'order_item', ['tenant_id', 'order_id'], unique=False)
    op.create_index('uq_order_item_sold_seat', 'order_item', ['tenant_id', 'event_seat_id'], unique=True, postgresql_where=sa.text("state = 'sold'"))
    op.create_table('payment',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('order_id', sa.BigInteger(), nullable=False),
    sa.Column('provider', sa.Text(), nullable=False),
    sa.Column('status', postgresql.ENUM('PENDING', 'WAITING_FOR_CAPTURE', 'SUCCEEDED', 'CANCELED', 'PARTIALLY_REFUNDED', 'REFUNDED', name='payment_status', create_type=False), server_default='PENDING', nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('tendered', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('idempotence_key', sa.Text(), nullable=True),
    sa.Column('provider_payment_id', sa.Text(), nullable=True),
    sa.Column('confirmation_url', sa.Text(), nullable=True),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_payment_amount_not_negative')),
    sa.ForeignKeyConstraint(['tenant_id', 'order_id'], ['orders.tenant_id', 'orders.id'], name=op.f('fk_payment_tenant_id_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_payment_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_payment')),
    sa.UniqueConstraint('tenant_id', 'idempotence_key', name=op.f('uq_payment_tenant_id_idempotence_key'))
    )
    op.create_index(op.f('ix_payment_tenant_id_order_id'), 'payment', ['tenant_id', 'order_id'], unique=False)
    op.create_table('refund',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('payment_id', sa.BigInteger(), nullable=False),
    sa.Column('order_id', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('status', postgresql.ENUM('PENDING', 'SUCCEEDED', 'FAILED', name='refund_status', create_type=False), server_default='PENDING', nullable=False),
    sa.Column('idempotence_key', sa.Text(), nullable=True),
    sa.Column('provider_refund_id', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_refund_amount_positive')),
    sa.ForeignKeyConstraint(['tenant_id', 'order_id'], ['orders.tenant_id', 'orders.id'], name=op.f('fk_refund_tenant_id_order_id_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'payment_id'], ['payment.tenant_id', 'payment.id'], name=op.f('fk_refund_tenant_id_payment_id_payment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_refund_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_refund')),
    sa.UniqueConstraint('tenant_id', 'idempotence_key', name=op.f('uq_refund_tenant_id_idempotence_key'))
    )


    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} USING ({TENANT_PREDICATE}) WITH CHECK ({TENANT_PREDICATE})"
        )
    # The tenant table is global: every tenant may read it (login looks tenants up by slug), a tenant may
    # change only its own row, and only the owner (the administrator) creates tenants.
    op.execute("ALTER TABLE tenant ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY tenant_read ON tenant FOR SELECT USING (true)")
    op.execute(
        "CREATE POLICY tenant_update_own ON tenant FOR UPDATE "
        "USING (id = nullif(current_setting('app.tenant_id', true), '')::bigint)"
    )


def downgrade() -> None:
    op.drop_table('refund')
    op.drop_index(op.f('ix_payment_tenant_id_order_id'), table_name='payment')
    op.drop_table('payment')
    op.drop_index('uq_order_item_sold_seat', table_name='order_item', postgresql_where=sa.text("state = 'sold'"))
    op.drop_index(op.f('ix_order_item_tenant_id_order_id'), table_name='order_item')
    op.drop_table('order_item')
    op.drop_index('uq_seat_lock_active_seat', table_name='seat_lock', postgresql_where=sa.text("status = 'ACTIVE'"))
    op.drop_index(op.f('ix_seat_lock_tenant_id_hold_id'), table_name='seat_lock')
    op.drop_table('seat_lock')
    op.drop_index(op.f('ix_orders_tenant_id_event_id'), table_name='orders')
    op.drop_index('ix_orders_pending_expiry', table_name='orders', postgresql_where=sa.text("status = 'PENDING'"))
    op.drop_table('orders')
    op.drop_table('hold')
    op.drop_index(op.f('ix_event_seat_tenant_id_event_id_row_key_ordinal'), table_name='event_seat')
    op.drop_table('event_seat')
    op.drop_table('event_price')
    op.drop_index(op.f('ix_event_tenant_id_starts_at'), table_name='event')
    op.drop_table('event')
    op.drop_table('seatmap')
    op.drop_index('uq_cash_shift_open_station', table_name='cash_shift', postgresql_where=sa.text('closed_at IS NULL'))
    op.drop_table('cash_shift')
    op.drop_table('venue')
    op.drop_table('tenant_secret')
    op.drop_table('staff_user')
    op.drop_table('price_type')
    op.drop_index(op.f('ix_order_log_tenant_id_order_id'), table_name='order_log')
    op.drop_index(op.f('ix_order_log_tenant_id_created_at'), table_name='order_log')
    op.drop_index(op.f('ix_order_log_tenant_id_action'), table_name='order_log')
    op.drop_table('order_log')
    op.drop_index('ix_customer_phone', table_name='customer')
    op.drop_index('ix_customer_email', table_name='customer')
    op.drop_table('customer')
    op.drop_table('tenant')
    bind = op.get_bind()
    for name in ENUMS:
        postgresql.ENUM(name=name).drop(bind, checkfirst=False)
