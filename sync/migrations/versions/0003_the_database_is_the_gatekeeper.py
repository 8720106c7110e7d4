"""the database is the only gatekeeper: staff as login roles, tenancy from the login, writes through
the server's own functions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Staff sign in as PostgreSQL login roles ``<slug>.<user>``; row-level security maps ``session_user`` to
its tenant (``bo_tenant()``), so no setting moves a session into another tenant; money, seats, tickets,
shifts, staff and settings change only through SECURITY DEFINER functions owned by boxoffice_owner that
check the caller's role and write the journal themselves. The SQL lives in ``sync/migrations/sql/0003``,
one file per subject, frozen with this revision (a later change is a later revision).

Needs the roles of ``sync.migrate.bootstrap`` (boxoffice_owner, boxoffice_staff and the four group
roles) and runs as boxoffice_owner.
"""

from __future__ import annotations

from pathlib import Path

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / "sql" / "0003"
FILES = (
    "01_schema.sql",
    "02_caller.sql",
    "03_policies.sql",
    "04_seat_state.sql",
    "10_holds.sql",
    "20_orders.sql",
    "21_online.sql",
    "30_shifts.sql",
    "ticket_crypto.sql",
    "40_tickets.sql",
    "50_settings.sql",
    "60_staff.sql",
    "70_seatmaps_events.sql",
    "90_privileges.sql",
)
TENANT_TABLES = (
    "tenant_secret", "staff_user", "venue", "seatmap", "event", "event_seat", "price_type", "event_price",
    "hold", "seat_lock", "customer", "cash_shift", "orders", "order_item", "payment", "refund", "order_log",
)


def _schema() -> str:
    name = op.get_bind().execute(text("SELECT current_schema()")).scalar()
    return '"' + str(name).replace('"', '""') + '"'


def _execute(sql: str) -> None:
    # Straight to psycopg: the SQL is full of % (format(), RAISE) and :name-like text that SQLAlchemy's
    # text() would take for bind parameters. Same connection, same transaction.
    driver = op.get_bind().connection.driver_connection
    assert driver is not None
    driver.execute(sql.replace("@schema@", _schema()))


def upgrade() -> None:
    # The data steps must see every tenant's rows: the owner is exempt while FORCE is off, and
    # 03_policies.sql forces row-level security again before this transaction commits.
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    for name in FILES:
        _execute((SQL_DIR / name).read_text(encoding="utf-8"))


DOWNGRADE = r"""
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT role_name FROM staff_login LOOP
        EXECUTE format('DROP ROLE IF EXISTS %I', r.role_name);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
             WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'bo\_%' LOOP
        EXECUTE format('DROP FUNCTION %s CASCADE', r.f);
    END LOOP;
END $$;
DROP VIEW event_seat_state;
DROP TYPE bo_caller;
DROP TABLE staff_login;
DROP TABLE role_permission;
CREATE POLICY tenant_read ON tenant FOR SELECT USING (true);
CREATE POLICY tenant_update_own ON tenant FOR UPDATE
    USING (id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE tenant NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant DROP COLUMN feed_channel;
ALTER TABLE tenant DROP CONSTRAINT ck_tenant_slug_format;
ALTER TABLE tenant ADD CONSTRAINT ck_tenant_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,62}$');
ALTER TABLE seatmap DROP COLUMN layout;
DROP INDEX ix_order_item_sold_event;
ALTER TABLE staff_user DROP CONSTRAINT ck_staff_user_username_format;
ALTER TABLE staff_user DROP COLUMN login_role;
ALTER TABLE staff_user ADD COLUMN password_hash text NOT NULL DEFAULT '';
ALTER TABLE staff_user ALTER COLUMN password_hash DROP DEFAULT;
ALTER TABLE staff_user ADD COLUMN failed_logins integer NOT NULL DEFAULT 0;
ALTER TABLE staff_user ADD COLUMN locked_until timestamptz;
"""


def downgrade() -> None:
    from importlib import import_module

    # The policies first: they call bo_tenant(), which the DROP FUNCTION ... CASCADE below would take
    # with it silently (and then these statements fail).
    for table in TENANT_TABLES:
        op.execute(f"DROP POLICY tenant_rows ON {table}")
    op.execute("DROP POLICY tenant_own ON tenant")
    _execute(DOWNGRADE)
    for table in TENANT_TABLES:
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint) "
            "WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)"
        )
    # The functions of 0002 as they were.
    _execute(import_module("sync.migrations.versions.0002_seat_hold_protocol").FUNCTIONS)
