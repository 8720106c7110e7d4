"""The schema under Alembic: up, down and up again on an empty database; a newer schema is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from sync import migrate
from sync.db import Database
from sync.errors import SchemaVersionError
from sync.schema import TENANT_TABLES, metadata

pytestmark = pytest.mark.db

EXPECTED_ENUMS = {
    "seat_lock_status": ["ACTIVE", "RELEASED", "EXPIRED", "CONVERTED"],
    "order_status": ["PENDING", "PAID", "CANCELLED", "EXPIRED", "PARTIALLY_REFUNDED", "REFUNDED"],
    "payment_status": [
        "PENDING",
        "WAITING_FOR_CAPTURE",
        "SUCCEEDED",
        "CANCELED",
        "PARTIALLY_REFUNDED",
        "REFUNDED",
    ],
    "refund_status": ["PENDING", "SUCCEEDED", "FAILED"],
}


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))}


def test_up_down_up_on_an_empty_database(empty_database):
    db = Database(empty_database)
    try:
        assert migrate.upgrade(db.engine) == migrate.head_revision()
        with db.engine.connect() as conn:
            assert {t.name for t in metadata.sorted_tables} <= _tables(conn)
        migrate.downgrade(db.engine, "base")
        with db.engine.connect() as conn:
            assert _tables(conn) <= {"alembic_version"}
            enums = conn.execute(text("SELECT typname FROM pg_type WHERE typtype = 'e'")).scalars().all()
            assert not set(enums) & set(EXPECTED_ENUMS)
        assert migrate.upgrade(db.engine) == migrate.head_revision()
        # Idempotent: a second upgrade changes nothing and does not fail.
        assert migrate.upgrade(db.engine) == migrate.head_revision()
        with db.engine.connect() as conn:
            migrate.check_schema(conn)
    finally:
        db.dispose()


def test_enums_have_exactly_the_documented_values(db):
    with db.engine.connect() as conn:
        for name, values in EXPECTED_ENUMS.items():
            got = (
                conn.execute(
                    text(
                        "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
                        "WHERE t.typname = :n ORDER BY e.enumsortorder"
                    ),
                    {"n": name},
                )
                .scalars()
                .all()
            )
            assert got == values, name


def test_every_tenant_table_forces_row_level_security_and_is_keyed_by_tenant(db):
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY(:t)"),
            {"t": list(TENANT_TABLES)},
        ).all()
        assert {r[0] for r in rows} == set(TENANT_TABLES)
        assert all(r[1] and r[2] for r in rows), rows
        for table in TENANT_TABLES:
            pk = conn.execute(
                text(
                    "SELECT array_agg(a.attname ORDER BY k.n) FROM pg_index i "
                    "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
                    "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                    "WHERE i.indrelid = CAST(:t AS regclass) AND i.indisprimary"
                ),
                {"t": table},
            ).scalar()
            assert pk == ["tenant_id", "id"], table
        # Every foreign key between tenant tables carries tenant_id first.
        fks = conn.execute(
            text(
                "SELECT conrelid::regclass::text, confrelid::regclass::text, "
                "(SELECT attname FROM pg_attribute WHERE attrelid = conrelid AND attnum = conkey[1]) "
                "FROM pg_constraint WHERE contype = 'f'"
            )
        ).all()
        for src, dst, first in fks:
            if dst != "tenant":
                assert first == "tenant_id", (src, dst)


def test_the_app_role_is_not_privileged(db):
    with db.engine.connect() as conn:
        row = conn.execute(
            text("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'boxoffice_app'")
        ).one()
        assert row == (False, False, False)
        owners = (
            conn.execute(text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        )
        assert "boxoffice_app" not in owners


def test_a_database_newer_than_the_program_is_refused(empty_database):
    db = Database(empty_database)
    try:
        migrate.upgrade(db.engine)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        with db.engine.connect() as conn, pytest.raises(SchemaVersionError, match="newer than this program"):
            migrate.check_schema(conn)
        with pytest.raises(SchemaVersionError, match="newer than this program"):
            migrate.upgrade(db.engine)
    finally:
        db.dispose()


def test_an_unmigrated_database_is_refused_with_the_command_to_run(empty_database):
    db = Database(empty_database)
    try:
        with (
            db.engine.connect() as conn,
            pytest.raises(SchemaVersionError, match="boxoffice-admin db upgrade"),
        ):
            migrate.check_schema(conn)
    finally:
        db.dispose()
