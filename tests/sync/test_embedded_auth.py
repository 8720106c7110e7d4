"""The embedded server asks every role for its password (scram-sha-256), the superuser included.

libpq reports a refused sign-in as text only, so the SQLSTATE the server sends (28P01
invalid_password) is read with a small wire-protocol client that does the SCRAM exchange itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import socket
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from sync.config import DatabaseTarget
from sync.embedded import HBA_MARKER, SECRET_FILE_NAME, embedded_server, start_embedded, stop_embedded

pytestmark = [pytest.mark.db, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
INVALID_PASSWORD = "28P01"


# --- a wire-protocol client: what the server answers a sign-in --------------------------------------------


def _connect_socket(target: DatabaseTarget) -> socket.socket:
    host = target.url.query.get("host") or target.url.host or "127.0.0.1"
    port = target.url.port or 5432
    if isinstance(host, tuple):
        host = host[0]
    if host.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(os.path.join(host, f".s.PGSQL.{port}"))
    else:
        sock = socket.create_connection((host, port))
    sock.settimeout(10)
    return sock


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the server closed the connection")
        data += chunk
    return data


def _read_message(sock: socket.socket) -> tuple[bytes, bytes]:
    kind = _recv_exact(sock, 1)
    (length,) = struct.unpack("!i", _recv_exact(sock, 4))
    return kind, _recv_exact(sock, length - 4)


def _send(sock: socket.socket, kind: bytes, payload: bytes) -> None:
    sock.sendall(kind + struct.pack("!i", len(payload) + 4) + payload)


def _sqlstate(payload: bytes) -> str:
    for field in payload.split(b"\0"):
        if field[:1] == b"C":
            return field[1:].decode()
    raise AssertionError(f"an ErrorResponse without a SQLSTATE: {payload!r}")


def _auth_request(sock: socket.socket) -> tuple[int, bytes] | str:
    """The next authentication request (code, data), or the SQLSTATE of an ErrorResponse."""
    kind, payload = _read_message(sock)
    if kind == b"E":
        return _sqlstate(payload)
    assert kind == b"R", f"unexpected message {kind!r}"
    (code,) = struct.unpack("!i", payload[:4])
    return code, payload[4:]


def sign_in(target: DatabaseTarget, user: str, password: str) -> str:
    """Sign in as ``user`` with ``password`` over the wire: "ok", or the SQLSTATE the server refused with.

    Asserts that the server asks for SCRAM-SHA-256 (not trust, not a cleartext or md5 password).
    """
    with _connect_socket(target) as sock:
        params = b"".join(
            k.encode() + b"\0" + v.encode() + b"\0" for k, v in (("user", user), ("database", "postgres"))
        )
        startup = struct.pack("!i", 196608) + params + b"\0"
        sock.sendall(struct.pack("!i", len(startup) + 4) + startup)

        request = _auth_request(sock)
        if isinstance(request, str):
            return request
        code, data = request
        assert code == 10, f"the server did not ask for a SASL password (authentication request {code})"
        assert b"SCRAM-SHA-256" in data.split(b"\0")

        client_nonce = base64.b64encode(secrets.token_bytes(18)).decode()
        client_first_bare = f"n=,r={client_nonce}"
        first = ("n,," + client_first_bare).encode()
        _send(sock, b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first)

        request = _auth_request(sock)
        if isinstance(request, str):
            return request
        code, server_first = request
        assert code == 11
        fields = dict(item.split("=", 1) for item in server_first.decode().split(","))
        assert fields["r"].startswith(client_nonce)
        salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(fields["s"]), int(fields["i"]))
        client_key = hmac.digest(salted, b"Client Key", "sha256")
        final_without_proof = f"c=biws,r={fields['r']}"
        auth_message = f"{client_first_bare},{server_first.decode()},{final_without_proof}".encode()
        signature = hmac.digest(hashlib.sha256(client_key).digest(), auth_message, "sha256")
        proof = bytes(a ^ b for a, b in zip(client_key, signature, strict=True))
        _send(sock, b"p", f"{final_without_proof},p={base64.b64encode(proof).decode()}".encode())

        request = _auth_request(sock)
        if isinstance(request, str):
            return request
        assert request[0] == 12  # SASLFinal: the server's signature
        request = _auth_request(sock)
        if isinstance(request, str):
            return request
        assert request[0] == 0  # AuthenticationOk
        return "ok"


# --- helpers ----------------------------------------------------------------------------------------------


def _as(target: DatabaseTarget, user: str, password: str | None) -> str:
    """The target's server as ``user`` with ``password`` (None: no password at all)."""
    params = conninfo_to_dict(target.libpq_dsn)
    params["user"] = user
    params.pop("password", None)
    if password is not None:
        params["password"] = password
    return make_conninfo(**params)


def _refused(dsn: str) -> bool:
    try:
        psycopg.connect(dsn, connect_timeout=5).close()
    except psycopg.OperationalError:
        return True
    return False


def _secret(data_dir: Path) -> str:
    return (data_dir / SECRET_FILE_NAME).read_text().strip()


def _hba(data_dir: Path) -> Path:
    return embedded_server(data_dir).pgdata / "pg_hba.conf"


# --- tests ------------------------------------------------------------------------------------------------


def test_every_role_signs_in_with_its_own_password(own_data_dir):
    target = start_embedded(own_data_dir, database="postgres")
    try:
        password = target.url.password
        assert password and password == _secret(own_data_dir)
        assert password not in target.display()
        assert _hba(own_data_dir).read_text().splitlines()[0] == HBA_MARKER

        # The superuser: without a password, with a wrong one, with the one of the data folder.
        assert _refused(_as(target, "postgres", None))
        assert _refused(_as(target, "postgres", ""))
        assert _refused(_as(target, "postgres", "not-" + password))
        assert sign_in(target, "postgres", "") == INVALID_PASSWORD
        assert sign_in(target, "postgres", "not-" + password) == INVALID_PASSWORD
        assert sign_in(target, "postgres", password) == "ok"
        with psycopg.connect(target.libpq_dsn, autocommit=True) as conn:
            assert conn.execute("SELECT system_user").fetchone() == ("scram-sha-256:postgres",)
            assert conn.execute("SHOW password_encryption").fetchone() == ("scram-sha-256",)
            conn.execute(sql.SQL("CREATE ROLE staff_anna LOGIN PASSWORD {}").format(sql.Literal("anna-pass-1")))
            conn.execute("CREATE ROLE staff_nopass LOGIN")
            (verifier,) = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'staff_anna'").fetchone()
            assert verifier.startswith("SCRAM-SHA-256$")

        # A staff role: its password and no other.
        with psycopg.connect(_as(target, "staff_anna", "anna-pass-1")) as conn:
            assert conn.execute("SELECT system_user, current_user").fetchone() == (
                "scram-sha-256:staff_anna",
                "staff_anna",
            )
        assert _refused(_as(target, "staff_anna", "anna-pass-2"))
        assert _refused(_as(target, "staff_anna", None))
        assert sign_in(target, "staff_anna", "anna-pass-2") == INVALID_PASSWORD
        assert sign_in(target, "staff_anna", "anna-pass-1") == "ok"

        # A role without a password cannot sign in at all.
        assert _refused(_as(target, "staff_nopass", None))
        assert _refused(_as(target, "staff_nopass", "anything"))
        assert sign_in(target, "staff_nopass", "") == INVALID_PASSWORD
        assert sign_in(target, "staff_nopass", "anything") == INVALID_PASSWORD

        # The plaintext never reached the server's log.
        assert password not in (embedded_server(own_data_dir).pgdata / "log").read_text(errors="replace")
    finally:
        stop_embedded(own_data_dir)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows relies on the profile's ACLs")
def test_the_secret_is_the_owners_alone(own_data_dir):
    target = start_embedded(own_data_dir, database="postgres")
    try:
        secret = os.stat(own_data_dir / SECRET_FILE_NAME)
        assert secret.st_mode & 0o777 == 0o600
        assert secret.st_uid == os.geteuid()
        # pg_hba.conf was rewritten in place: still the server's (the pgserver user when run as root), 0600.
        pgdata = os.stat(_hba(own_data_dir).parent)
        hba = os.stat(_hba(own_data_dir))
        assert hba.st_uid == pgdata.st_uid
        assert hba.st_mode & 0o777 == 0o600
        assert sign_in(target, "postgres", target.url.password) == "ok"
    finally:
        stop_embedded(own_data_dir)


def test_starting_again_changes_nothing(own_data_dir):
    first = start_embedded(own_data_dir)
    try:
        password = first.url.password
        hba_path = _hba(own_data_dir)
        hba_before = (hba_path.read_bytes(), os.stat(hba_path).st_mtime_ns)
        secret_before = os.stat(own_data_dir / SECRET_FILE_NAME).st_mtime_ns

        # Another process joins the running server: same password, nothing rewritten.
        script = textwrap.dedent(
            """
            import hashlib, sys
            from pathlib import Path
            import psycopg
            from sync.embedded import start_embedded
            target = start_embedded(Path(sys.argv[1]))
            with psycopg.connect(target.libpq_dsn) as conn:
                method = conn.execute("SELECT system_user").fetchone()[0]
            print(hashlib.sha256(target.url.password.encode()).hexdigest(), method)
            """
        )
        out = subprocess.run(
            [sys.executable, "-c", script, str(own_data_dir)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.split()
        assert out == [hashlib.sha256(password.encode()).hexdigest(), "scram-sha-256:postgres"]

        stop_embedded(own_data_dir)
        again = start_embedded(own_data_dir)
        assert again.url.password == password
        assert again.libpq_dsn == first.libpq_dsn
        with psycopg.connect(again.libpq_dsn) as conn:
            assert conn.execute("SELECT current_database(), system_user").fetchone() == (
                "boxoffice",
                "scram-sha-256:postgres",
            )
        assert (hba_path.read_bytes(), os.stat(hba_path).st_mtime_ns) == hba_before
        assert os.stat(own_data_dir / SECRET_FILE_NAME).st_mtime_ns == secret_before
        assert sign_in(again, "postgres", "not-" + password) == INVALID_PASSWORD
    finally:
        stop_embedded(own_data_dir)


def test_a_lost_secret_is_recovered(own_data_dir, caplog):
    first = start_embedded(own_data_dir)
    stop_embedded(own_data_dir)
    old_password = first.url.password
    (own_data_dir / SECRET_FILE_NAME).unlink()
    try:
        with caplog.at_level(logging.WARNING, logger="sync.embedded"):
            target = start_embedded(own_data_dir)
        assert any("missing" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
        assert all(old_password not in r.getMessage() for r in caplog.records)
        new_password = target.url.password
        assert new_password != old_password
        assert new_password == _secret(own_data_dir)
        if os.name == "posix":
            assert os.stat(own_data_dir / SECRET_FILE_NAME).st_mode & 0o777 == 0o600
        assert _hba(own_data_dir).read_text().splitlines()[0] == HBA_MARKER
        with psycopg.connect(target.libpq_dsn) as conn:
            assert conn.execute("SELECT system_user").fetchone() == ("scram-sha-256:postgres",)
        assert sign_in(target, "postgres", new_password) == "ok"
        assert sign_in(target, "postgres", old_password) == INVALID_PASSWORD
        assert _refused(_as(target, "postgres", old_password))
        assert _refused(_as(target, "postgres", None))
    finally:
        stop_embedded(own_data_dir)


def test_two_processes_starting_a_fresh_folder_agree_on_one_password(own_data_dir):
    script = textwrap.dedent(
        """
        import hashlib, sys, time
        from pathlib import Path
        import psycopg
        from sync.embedded import start_embedded, stop_embedded
        data_dir, name = Path(sys.argv[1]), sys.argv[2]
        target = start_embedded(data_dir)
        with psycopg.connect(target.libpq_dsn) as conn:
            method = conn.execute("SELECT system_user").fetchone()[0]
        print(hashlib.sha256(target.url.password.encode()).hexdigest(), method)
        (data_dir / name).touch()
        deadline = time.monotonic() + 60
        while not (data_dir / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        stop_embedded(data_dir)  # the last one to leave stops the server
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(own_data_dir), f"ready-{i}"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and all(p.poll() is None for p in procs):
            if all((own_data_dir / f"ready-{i}").exists() for i in range(len(procs))):
                break
            time.sleep(0.05)
        (own_data_dir / "release").touch()
        results = [p.communicate(timeout=60) for p in procs]
        for p, (_, err) in zip(procs, results, strict=True):
            assert p.returncode == 0, err
        digest = hashlib.sha256(_secret(own_data_dir).encode()).hexdigest()
        assert [out.split() for out, _ in results] == [[digest, "scram-sha-256:postgres"]] * 2
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        stop_embedded(own_data_dir)
