"""Shared fixtures: a real PostgreSQL for every database test.

``BOXOFFICE_TEST_DATABASE_URL`` names a server to use (its database is only used to create others);
otherwise an embedded server is started in a temporary folder (never the user's data folder). One template
database is migrated once per run and cloned per test module, so each module starts from a fresh schema.

Staff are login roles, and roles are global to a server while the suite makes many databases: every run
names its tenants with a slug prefix of its own (``tests.staff.new_slug``), holds an advisory lock on the
server's ``postgres`` database while it runs (its lease), drops the roles of each module's database when
the module ends and every role of its prefix at the end, and at its start drops the roles of runs of the
same family whose lease is gone (a crashed run must not break the next one).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from sync import migrate
from sync.config import DatabaseTarget, parse_database_url
from sync.db import Database
from tests.staff import LEASE_SPACE, ROLE_FAMILY, RUN_ID, drop_roles

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ENV_TEST_URL = "BOXOFFICE_TEST_DATABASE_URL"
ARTIFACTS = Path(os.environ.get("BOXOFFICE_ARTIFACTS", Path(__file__).resolve().parent.parent / "artifacts"))


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave screenshots and files for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def pg_admin_target() -> Iterator[DatabaseTarget]:
    """A superuser URL of the server the tests use."""
    url = os.environ.get(ENV_TEST_URL, "").strip()
    if url:
        yield parse_database_url(url)
        return
    from sync.embedded import start_embedded, stop_embedded

    # A folder of our own rather than pytest's basetemp: pytest prunes old basetemps, and another pytest
    # run on the same machine would pull the data folder from under a running server.
    data_dir = Path(tempfile.mkdtemp(prefix="boxoffice-test-pg-"))
    target = start_embedded(data_dir, database="postgres")
    yield target
    stop_embedded(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)


def _admin_exec(target: DatabaseTarget, statement: sql.Composable) -> None:
    with psycopg.connect(target.libpq_dsn, autocommit=True, connect_timeout=10) as conn:
        conn.execute(statement)


@pytest.fixture(scope="session")
def run_lease(pg_admin_target: DatabaseTarget) -> Iterator[None]:
    """This run's lease on the server, and the cleanup of stale runs' roles (see the module's docstring)."""
    lease = psycopg.connect(pg_admin_target.with_database("postgres").libpq_dsn, autocommit=True, connect_timeout=10)
    try:
        lease.execute("SELECT pg_advisory_lock(%s)", ((LEASE_SPACE << 32) | int(RUN_ID, 16),))
        alive = {
            int(r[0])
            for r in lease.execute(
                "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objsubid = 1",
                (LEASE_SPACE,),
            )
        }
        stale = [
            name
            for (name,) in lease.execute("SELECT rolname FROM pg_roles WHERE rolname ~ %s", (ROLE_FAMILY,))
            if int(name[1:5], 16) not in alive
        ]
        drop_roles(lease, stale)
        yield
        drop_roles(
            lease, [r[0] for r in lease.execute("SELECT rolname FROM pg_roles WHERE rolname ~ %s", (f"^t{RUN_ID}",))]
        )
    finally:
        lease.close()


@pytest.fixture(scope="session")
def template_db(pg_admin_target: DatabaseTarget, run_lease: None) -> Iterator[DatabaseTarget]:
    name = f"bo_tpl_{uuid.uuid4().hex[:8]}"
    _admin_exec(pg_admin_target, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    target = pg_admin_target.with_database(name)
    db = Database(target)
    migrate.upgrade(db.engine)
    db.dispose()
    yield target
    _admin_exec(pg_admin_target, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def clone_database(admin: DatabaseTarget, template: DatabaseTarget, label: str) -> DatabaseTarget:
    name = f"bo_{re.sub(r'[^a-z0-9]+', '_', label.lower())[-30:]}_{uuid.uuid4().hex[:6]}"
    _admin_exec(
        admin,
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template.url.database)),
    )
    return admin.with_database(name)


def drop_database(admin: DatabaseTarget, target: DatabaseTarget) -> None:
    """Drop the database, then the login roles its organisations made (roles outlive databases)."""
    roles: list[str] = []
    with contextlib.suppress(psycopg.Error), psycopg.connect(target.libpq_dsn, connect_timeout=10) as conn:
        roles = [r[0] for r in conn.execute("SELECT role_name FROM staff_login")]
    _admin_exec(admin, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.url.database)))
    if roles:
        with psycopg.connect(admin.libpq_dsn, autocommit=True, connect_timeout=10) as conn:
            drop_roles(conn, roles)


@pytest.fixture(scope="module")
def db_target(
    request: pytest.FixtureRequest, pg_admin_target: DatabaseTarget, template_db: DatabaseTarget
) -> Iterator[DatabaseTarget]:
    """A fresh, migrated database of this test module's own."""
    target = clone_database(pg_admin_target, template_db, request.module.__name__.rsplit(".", 1)[-1])
    # A clone copies the schema but not the database's own privileges (TEMP revoked from PUBLIC): upgrade
    # it as 'boxoffice-admin db upgrade' would (at head already, so only the bootstrap does anything).
    clone = Database(target)
    try:
        migrate.upgrade(clone.engine)
    finally:
        clone.dispose()
    yield target
    drop_database(pg_admin_target, target)


@pytest.fixture(scope="module")
def db_url(db_target: DatabaseTarget) -> str:
    return db_target.libpq_dsn


@pytest.fixture(scope="module")
def db(db_target: DatabaseTarget) -> Iterator[Database]:
    """The owner's side of this module's database (an administrator's connection whose transactions work
    as boxoffice_owner): for creating tenants and staff, and for looking at what really happened."""
    database = Database(db_target, application_name="boxoffice-tests", owner_side=True, station="tests")
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def admin(db: Database) -> Any:
    """``BoxOfficeAdmin`` over this module's database (the owner's side, as boxoffice-admin)."""
    from boxoffice_desktop.api import BoxOfficeAdmin

    return BoxOfficeAdmin(db, station="tests")


@pytest.fixture
def empty_database(pg_admin_target: DatabaseTarget, run_lease: None) -> Iterator[DatabaseTarget]:
    """A database with nothing in it (for migration tests)."""
    name = f"bo_empty_{uuid.uuid4().hex[:8]}"
    _admin_exec(pg_admin_target, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    target = pg_admin_target.with_database(name)
    yield target
    drop_database(pg_admin_target, target)


@pytest.fixture
def own_data_dir() -> Iterator[Path]:
    """A data folder for a server of the test's own (see pg_admin_target for why not tmp_path)."""
    path = Path(tempfile.mkdtemp(prefix="boxoffice-test-own-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)
