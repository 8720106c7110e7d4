"""Shared fixtures: a real PostgreSQL for every database test.

``BOXOFFICE_TEST_DATABASE_URL`` names a server to use (its database is only used to create others);
otherwise an embedded server is started in a temporary folder (never the user's data folder). One template
database is migrated once per run and cloned per test module, so each module starts from a fresh schema.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from sync import migrate
from sync.config import DatabaseTarget, parse_database_url
from sync.db import Database

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
def template_db(pg_admin_target: DatabaseTarget) -> Iterator[DatabaseTarget]:
    name = f"bo_tpl_{uuid.uuid4().hex[:8]}"
    _admin_exec(pg_admin_target, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    target = pg_admin_target.with_database(name)
    db = Database(target)
    migrate.upgrade(db.engine)
    db.dispose()
    yield target
    _admin_exec(
        pg_admin_target, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def clone_database(admin: DatabaseTarget, template: DatabaseTarget, label: str) -> DatabaseTarget:
    name = f"bo_{re.sub(r'[^a-z0-9]+', '_', label.lower())[-30:]}_{uuid.uuid4().hex[:6]}"
    _admin_exec(
        admin,
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template.url.database)
        ),
    )
    return admin.with_database(name)


def drop_database(admin: DatabaseTarget, target: DatabaseTarget) -> None:
    _admin_exec(
        admin, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.url.database))
    )


@pytest.fixture(scope="module")
def db_target(
    request: pytest.FixtureRequest, pg_admin_target: DatabaseTarget, template_db: DatabaseTarget
) -> Iterator[DatabaseTarget]:
    """A fresh, migrated database of this test module's own."""
    target = clone_database(pg_admin_target, template_db, request.module.__name__.rsplit(".", 1)[-1])
    yield target
    drop_database(pg_admin_target, target)


@pytest.fixture(scope="module")
def db_url(db_target: DatabaseTarget) -> str:
    return db_target.libpq_dsn


@pytest.fixture(scope="module")
def db(db_target: DatabaseTarget) -> Iterator[Database]:
    database = Database(db_target, application_name="boxoffice-tests")
    yield database
    database.dispose()


@pytest.fixture
def empty_database(pg_admin_target: DatabaseTarget) -> Iterator[DatabaseTarget]:
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
