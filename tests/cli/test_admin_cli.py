"""boxoffice-admin: every command, and errors as one clear line with a non-zero exit, never a traceback.

The commands run as subprocesses with the administrator's URL (on the embedded test server it carries
the maintenance password). Staff they create sign in afterwards as their own login roles, exactly as the
app does. Slugs are the run's own (``new_slug``): login roles are global to the server.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from alembic import command
from psycopg import sql
from sqlalchemy import text

from boxoffice_desktop.errors import AuthenticationFailed, BoxOfficeError
from sync import migrate
from sync.db import Database
from sync.schema import TENANT_TABLES
from tests.conftest import clone_database, drop_database
from tests.plans import grid_plan
from tests.staff import drop_roles, new_slug, sign_in

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[2]
PW = "s3cret-pw"


def cli(*args: str, stdin: str | None = None, env_url: str | None = None) -> subprocess.CompletedProcess:
    """One run of boxoffice-admin, as a person runs it."""
    env = dict(os.environ)
    env.pop("BOXOFFICE_DATABASE_URL", None)
    if env_url:
        env["BOXOFFICE_DATABASE_URL"] = env_url
    return subprocess.run(
        [sys.executable, "-m", "boxoffice_desktop.cli.admin", *args],
        cwd=REPO, input=stdin, capture_output=True, text=True, timeout=120, env=env,
    )


def cli_all(*calls: tuple) -> list[subprocess.CompletedProcess]:
    """Independent runs at once (each is a process of its own; starting Python is most of their time).
    A call is ``(args...)`` or ``(args..., {"stdin": ...})``."""
    def one(call: tuple) -> subprocess.CompletedProcess:
        if call and isinstance(call[-1], dict):
            return cli(*call[:-1], **call[-1])
        return cli(*call)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, calls))


@pytest.fixture
def in_process(monkeypatch, capsys):
    """boxoffice-admin's main() in this process, for the many refusals of bad input: the same parser,
    commands and error handling as the program (its exit code, its stderr), without a Python start each
    (the ones that matter most also run as processes of their own)."""
    import io

    from boxoffice_desktop.cli import admin as admin_cli

    monkeypatch.setattr(admin_cli, "setup_logging", lambda verbose=False: None)  # not pytest's root logger
    monkeypatch.delenv("BOXOFFICE_DATABASE_URL", raising=False)

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        capsys.readouterr()
        try:
            code = admin_cli.main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["boxoffice-admin", *args], code, out, err)

    return run


def ok(proc: subprocess.CompletedProcess) -> list[str]:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout.splitlines()


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode != 0, proc
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "unexpected failure" not in lines[0], lines[0]  # a known error, worded
    return lines[0]


def create_user(url: str, slug: str, username: str, role: str, password: str = PW) -> subprocess.CompletedProcess:
    return cli("user", "create", username, "--tenant", slug, "--role", role, "--password-stdin",
                 "--database-url", url, stdin=password + "\n")


def checks_passwords(target, role: str) -> bool:
    """Whether this server refuses a wrong password (CI's PostgreSQL 15 trusts every local connection)."""
    try:
        psycopg.connect(target.as_login(role, "surely-not-the-password").libpq_dsn, connect_timeout=10).close()
    except psycopg.OperationalError:
        return True
    return False


def test_db_upgrade_prints_its_report_and_is_idempotent(db_url, db_target):
    lines = ok(cli("db", "upgrade", "--database-url", db_url))
    assert lines[0] == f"Database {db_target.display()} is at schema revision {migrate.head_revision()}."
    assert f"Tables under forced row-level security: {len(TENANT_TABLES) + 1}." in lines
    assert any(re.fullmatch(r"Server functions \(SECURITY DEFINER, owned by boxoffice_owner\): \d{2,}\.", x)
               for x in lines), lines
    assert "Revoked: CREATE on schema public from PUBLIC." in lines
    assert f"Revoked: TEMP on database {db_target.url.database} from PUBLIC." in lines
    assert any(re.fullmatch(r"Revoked: EXECUTE on \d+ pg_advisory_\* functions from PUBLIC\.", x) for x in lines)
    assert not [x for x in lines if x.startswith("Warning")], "a superuser's upgrade has nothing to warn of"
    if db_target.url.password:
        assert db_target.url.password not in "\n".join(lines)
    # --database-url before the subcommand works as well, and a second upgrade says the same.
    assert ok(cli("--database-url", db_url, "db", "upgrade")) == lines


def test_db_upgrade_lists_earlier_staff_and_a_new_password_lets_them_in(empty_database):
    """The upgrade from the program before the trust model: staff had password hashes, now they need a
    password set by an administrator, and the upgrade says who."""
    slug = new_slug("older")
    db = Database(empty_database)
    try:
        with db.engine.connect() as conn:  # as that program did: migrated by the connecting superuser
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
            conn.commit()
        with db.engine.begin() as conn:
            tenant_id = conn.execute(
                text("INSERT INTO tenant (slug, name) VALUES (:s, 'Older Hall') RETURNING id"), {"s": slug}
            ).scalar()
            conn.execute(
                text("INSERT INTO staff_user (tenant_id, username, role, password_hash) "
                     "VALUES (:t, 'anna', 'cashier', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA')"),
                {"t": tenant_id},
            )
    finally:
        db.dispose()
    url = empty_database.libpq_dsn
    lines = ok(cli("db", "upgrade", "--database-url", url))
    at = lines.index("These staff cannot sign in until an administrator sets a password:")
    assert lines[at + 1:] == [f"  {slug}.anna"]
    assert "anna\tcashier\t" + f"{slug}.anna" in ok(cli("user", "list", "--tenant", slug, "--database-url", url))
    with pytest.raises(AuthenticationFailed):
        sign_in(empty_database, slug, "anna", password=PW)
    assert ok(cli("user", "password", "anna", "--tenant", slug, "--password-stdin", "--database-url", url,
                    stdin=PW + "\n")) == [f"New password set for 'anna' of {slug!r}."]
    with sign_in(empty_database, slug, "anna", password=PW) as bo:
        assert bo.actor.role.value == "cashier"
    lines = ok(cli("db", "upgrade", "--database-url", url))
    assert not any("cannot sign in" in x for x in lines)


def _user_create_call(url: str, slug: str, username: str, role: str, password: str = PW) -> tuple:
    return ("user", "create", username, "--tenant", slug, "--role", role, "--password-stdin", "--database-url", url,
            {"stdin": password + "\n"})


def test_tenants_and_staff(db_url, db_target, in_process):
    slug = new_slug("riverside")
    assert ok(cli("tenant", "create", slug, "--name", "Riverside Theatre", "--database-url", db_url))[0].startswith(
        f"Created tenant {slug!r} (Riverside Theatre), id "
    )
    lines = ok(create_user(db_url, slug, "maria", "manager"))
    assert lines == [f"Created manager 'maria' in {slug!r}.", f"login: {slug}.maria"]
    with sign_in(db_target, slug, "maria", password=PW) as bo:
        assert bo.actor.role.value == "manager" and bo.actor.login == f"{slug}.maria"

    # As processes of their own: the exit code and the one line a person sees.
    listed, dup_tenant, bad_role, no_tenant = cli_all(
        ("tenant", "list", "--database-url", db_url),
        ("tenant", "create", slug, "--name", "Again", "--database-url", db_url),
        _user_create_call(db_url, slug, "x", "king"),
        _user_create_call(db_url, "nowhere", "x", "cashier"),
    )
    assert f"{slug}\tRiverside Theatre" in ok(listed)
    assert "already exists" in one_line_error(dup_tenant)
    assert dup_tenant.returncode == 2
    assert "Unknown role 'king'" in one_line_error(bad_role)
    assert "Unknown tenant 'nowhere'" in one_line_error(no_tenant)
    # Every other refusal of bad input, through the same main().
    refusals = [
        *[(("tenant", "create", bad, "--name", "X"), "Invalid tenant slug") for bad in ("a" * 25, "Big Hall", "_under",
                                                                                       "dot.ted")],
        (("tenant", "create", new_slug("noname"), "--name", " "), "needs a name"),
        (_user_create_call(db_url, slug, "maria", "cashier"), "A user named 'maria' already exists"),
        (_user_create_call(db_url, slug, "Maria Ivanova", "cashier"), "Invalid user name 'Maria Ivanova'"),
        (_user_create_call(db_url, slug, "short", "cashier", password="abc"), "at least 4"),
        (_user_create_call(db_url, slug, "empty", "cashier", password=""), "empty password"),
        (("user", "create", "x", "--tenant", slug, "--role", "cashier"), "use --password-stdin"),
        (("user", "list", "--tenant", "nowhere"), "Unknown tenant 'nowhere'"),
        (("user", "set-role", "maria", "--tenant", slug, "--role", "emperor"), "Unknown role 'emperor'"),
        (("user", "set-role", "ghost", "--tenant", slug, "--role", "cashier"), "No user ghost"),
        (("user", "disable", "ghost", "--tenant", slug), "No user ghost"),
        (("user", "enable", "ghost", "--tenant", slug), "No user ghost"),
        (("user", "password", "ghost", "--tenant", slug, "--password-stdin", {"stdin": "whatever\n"}), "No user ghost"),
        (("user", "set-role", "maria", "--tenant", slug), "required: --role"),
    ]
    for call, words in refusals:
        kwargs = call[-1] if isinstance(call[-1], dict) else {}
        args = [a for a in call if not isinstance(a, dict)]
        if "--database-url" not in args:
            args += ["--database-url", db_url]
        err = one_line_error(in_process(*args, **kwargs))
        assert words in err, (words, err)
        if words == "Invalid tenant slug":
            assert "at most 24" in err

    # set-role: bites at once, and the list says so.
    assert ok(cli("user", "set-role", "maria", "--tenant", slug, "--role", "cashier", "--database-url", db_url)) == [
        f"'maria' of {slug!r} is now cashier; it bites at their next step."
    ]
    assert ok(cli("user", "list", "--tenant", slug, "--database-url", db_url)) == [f"maria\tcashier\t{slug}.maria"]

    # disable: a leaver's open connections end, and they cannot sign in again.
    office = sign_in(db_target, slug, "maria", password=PW)
    try:
        assert office.actor.role.value == "cashier"
        office.events()  # a connection open in its pool
        (line,) = ok(cli("user", "disable", "maria", "--tenant", slug, "--database-url", db_url))
        ended = re.fullmatch(rf"'maria' of {slug!r} can no longer sign in \((\d+) open connections ended\)\.", line)
        assert ended and int(ended.group(1)) >= 1, line
        with pytest.raises(BoxOfficeError):
            office.events()
    finally:
        office.close()
    with pytest.raises(AuthenticationFailed):
        sign_in(db_target, slug, "maria", password=PW)
    # A new password does not let a disabled account in; enabling does.
    listed, _ = cli_all(
        ("user", "list", "--tenant", slug, "--database-url", db_url),
        ("user", "password", "maria", "--tenant", slug, "--password-stdin", "--database-url", db_url,
         {"stdin": "another-pw\n"}),
    )
    assert ok(listed) == [f"maria\tcashier\t{slug}.maria\tdisabled"]
    with pytest.raises(AuthenticationFailed):
        sign_in(db_target, slug, "maria", password="another-pw")
    assert ok(cli("user", "enable", "maria", "--tenant", slug, "--database-url", db_url)) == [
        f"'maria' of {slug!r} may sign in again."
    ]
    with sign_in(db_target, slug, "maria", password="another-pw") as bo:
        assert bo.actor.role.value == "cashier"


def test_a_new_password_replaces_the_old_one(db_url, db_target, admin):
    slug = new_slug("pw")
    admin.create_tenant(slug, "Password Hall")
    admin.create_user(slug, "olga", "accountant", PW)
    ok(cli("user", "password", "olga", "--tenant", slug, "--password-stdin", "--database-url", db_url,
           stdin="brand-new-pw\n"))
    with sign_in(db_target, slug, "olga", password="brand-new-pw") as bo:
        assert bo.actor.role.value == "accountant"
    if not checks_passwords(db_target, f"{slug}.olga"):
        pytest.skip(
            "THIS SERVER TRUSTS LOCAL CONNECTIONS (any password is accepted): the refusal of the old password "
            "is proven on the embedded server only"
        )
    with pytest.raises(AuthenticationFailed):
        sign_in(db_target, slug, "olga", password=PW)


def test_a_slug_or_login_of_another_database_on_the_server_is_refused(db_url, pg_admin_target, template_db):
    other = clone_database(pg_admin_target, template_db, "cli_other")
    try:
        other_url = other.libpq_dsn
        # Another database's organisation has staff: their logins are the server's, so its slug is taken.
        shared = new_slug("shared")
        ok(cli("tenant", "create", shared, "--name", "Elsewhere", "--database-url", other_url))
        ok(create_user(other_url, shared, "anna", "cashier"))
        err = one_line_error(cli("tenant", "create", shared, "--name", "Here", "--database-url", db_url))
        assert f"Logins named {shared}.* already exist on this database server" in err, err
        assert "choose another" in err
        # Two databases with one slug before anyone had a login: the second login of a name is refused.
        twin = new_slug("twin")
        ok(cli("tenant", "create", twin, "--name", "Twin A", "--database-url", other_url))
        ok(cli("tenant", "create", twin, "--name", "Twin B", "--database-url", db_url))
        ok(create_user(other_url, twin, "bob", "cashier"))
        err = one_line_error(create_user(db_url, twin, "bob", "manager"))
        assert f"The login '{twin}.bob' exists on this database server already" in err, err
        assert f"{twin}\tTwin B" in ok(cli("tenant", "list", "--database-url", db_url))
        assert ok(cli("user", "list", "--tenant", twin, "--database-url", db_url)) == []
    finally:
        drop_database(pg_admin_target, other)


def _sell_one(target, slug: str, user: str) -> tuple[str, int]:
    """A ticket of a cash sale: its code and its item."""
    with sign_in(target, slug, user, password=PW, station="door-test") as bo:
        seatmap_id = bo.import_seatmap(grid_plan(2, 4))
        event_id = bo.create_event("Gala", seatmap_id, datetime.now(UTC) + timedelta(days=1), {"Front": 10, "Back": 5})
        bo.open_shift(0)
        order = bo.sell(bo.hold(event_id, [bo.seats(event_id)[0].id]).id)
        (ticket,) = bo.tickets(order.id)
        return ticket.code, ticket.item_id


def test_seatmaps_tickets_and_demo(db_url, db_target, admin, tmp_path, in_process):
    slug = new_slug("hall")
    admin.create_tenant(slug, "Hall")
    admin.create_user(slug, "boss", "admin", PW)

    plan = tmp_path / "hall.json"
    plan.write_text(json.dumps(grid_plan(2, 4)))
    (line,) = ok(cli("seatmap", "import", str(plan), "--tenant", slug, "--database-url", db_url))
    seatmap_id = int(line.split("seatmap ")[1].rstrip("."))
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x", "zones": [')
    out = tmp_path / "out.json"
    demo = new_slug("demo")
    exported, svg, bad_import, seeded = cli_all(
        ("seatmap", "export", str(seatmap_id), "--tenant", slug, "--format", "pretix", "-o", str(out),
         "--database-url", db_url),
        ("seatmap", "export", str(seatmap_id), "--tenant", slug, "--format", "svg", "-o", "-",
         "--database-url", db_url),
        ("seatmap", "import", str(broken), "--tenant", slug, "--database-url", db_url),
        ("demo", "seed", "--tenant", demo, "--database-url", db_url),
    )
    no_tenant = in_process("seatmap", "import", str(plan), "--tenant", "nowhere", "--database-url", db_url)
    no_seatmap = in_process("seatmap", "export", "999999", "--tenant", slug, "-o", str(tmp_path / "x.json"),
                            "--database-url", db_url)
    ok(exported)
    assert {s["seat_guid"] for z in json.loads(out.read_text())["zones"] for row in z["rows"] for s in row["seats"]} \
        == {f"s-{r}-{n}" for r in "AB" for n in range(1, 5)}
    assert "<svg" in "\n".join(ok(svg))
    assert "seatmap cannot be used" in one_line_error(bad_import)
    assert "Unknown tenant 'nowhere'" in one_line_error(no_tenant)
    assert "No seatmap 999999" in one_line_error(no_seatmap)
    assert ok(seeded) == [
        f"Demo organisation {demo!r} is ready: users admin, manager, cashier, accountant with the password 'demo'."
    ]
    # The organisation's staff see what the owner's side imported; the demo's staff sign in.
    with sign_in(db_target, slug, "boss", password=PW) as bo:
        assert seatmap_id in [m.id for m in bo.seatmaps()]

    # ticket verify: the server checks the code with the organisation's key.
    code, item_id = _sell_one(db_target, slug, "boss")
    assert f".{slug.upper()}." in code
    forged = code[:-2] + ("AA" if not code.endswith("AA") else "BB")
    verdict, bad, garbage, unknown, again = cli_all(
        ("ticket", "verify", code, "--database-url", db_url),
        ("ticket", "verify", forged, "--database-url", db_url),
        ("ticket", "verify", "hello", "--database-url", db_url),
        ("ticket", "verify", code.replace(f".{slug.upper()}.", ".NOWHERE.", 1), "--database-url", db_url),
        ("demo", "seed", "--tenant", demo, "--database-url", db_url),  # idempotent
    )
    assert verdict.returncode == 0 and verdict.stdout.startswith("VALID: Gala: "), verdict
    for proc in (bad, garbage, unknown):
        assert proc.returncode == 1 and proc.stdout.startswith("INVALID: ") and "Traceback" not in proc.stderr, proc
    assert "Unknown organisation" in unknown.stdout
    ok(again)
    with sign_in(db_target, demo, "cashier", password="demo") as bo:
        assert len(bo.events()) >= 2
    with sign_in(db_target, slug, "boss", password=PW) as bo:
        bo.reissue_ticket(item_id)
    void = cli("ticket", "verify", code, "--database-url", db_url)
    assert void.returncode == 1 and void.stdout.startswith("VOID: ") and "reprinted" in void.stdout, void


def test_the_database_url_may_come_from_the_environment(db_url):
    ok(cli("tenant", "list", env_url=db_url))


def test_an_upgrade_by_a_role_that_may_not_make_roles_says_what_to_do(empty_database, db_target, pg_admin_target):
    """Not every administrator is a superuser: one that may not create the roles is told whom to ask."""
    role = f"{new_slug('dba')}.dba"  # the run's family of names: cleaned up even if this test dies
    with psycopg.connect(pg_admin_target.libpq_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'dba-pw-1'").format(sql.Identifier(role)))
    try:
        url = empty_database.as_login(role, "dba-pw-1").libpq_dsn
        upgraded = db_target.as_login(role, "dba-pw-1").libpq_dsn
        fresh, done = cli_all(("db", "upgrade", "--database-url", url), ("db", "upgrade", "--database-url", upgraded))
        # A fresh database: it cannot make the roles.
        err = one_line_error(fresh)
        assert "may not create the box office roles" in err and "superuser" in err, err
        # A database upgraded before: the advisory locks are the owner's now, the migration lock included.
        err = one_line_error(done)
        assert "may not upgrade this database" in err and "superuser" in err, err
    finally:
        with psycopg.connect(pg_admin_target.libpq_dsn, autocommit=True) as conn:
            drop_roles(conn, [role])


@pytest.mark.parametrize(
    "url, expected",
    [
        ("mysql://root@localhost/x", "Unsupported database URL scheme"),
        ("not a url", "Malformed database URL"),
        ("postgresql://nobody@127.0.0.1:1/nothing", "Cannot reach the database"),
    ],
)
def test_bad_urls_are_one_line(url, expected):
    err = one_line_error(cli("tenant", "list", "--database-url", url))
    assert expected in err


def test_a_wrong_version_database_is_refused(empty_database):
    db = Database(empty_database)
    migrate.upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    err = one_line_error(cli("tenant", "list", "--database-url", empty_database.libpq_dsn))
    assert "newer than this program" in err
    assert "newer than this program" in one_line_error(cli("db", "upgrade", "--database-url", empty_database.libpq_dsn))


def test_usage_errors_are_one_line():
    assert "error:" in one_line_error(cli("tenant", "create"))
    assert "error:" in one_line_error(cli("user", "set-role", "x", "--tenant", "y"))  # --role is required


def test_validate_and_render_work_on_files_alone(tmp_path):
    good = cli("seatmap", "validate", str(REPO / "resources/demo/hall.json"), env_url="postgresql://nobody@/none")
    assert good.returncode == 0 and "604 seats" in good.stdout, good.stderr
    plan = grid_plan(2, 3)
    plan["zones"][0]["rows"][1]["seats"][2]["category"] = "Gallery"
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(plan))
    bad = cli("seatmap", "validate", str(bad_file))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "Gallery" in bad.stderr and "s-B-3" in bad.stderr
    out = tmp_path / "hall.png"
    r = cli("seatmap", "render", str(REPO / "resources/demo/hall.json"), "-o", str(out), "--width", "800")
    assert r.returncode == 0, r.stderr
    from PySide6.QtGui import QImage

    assert QImage(str(out)).width() == 800
    cut = tmp_path / "cut.json"
    cut.write_text('{"name": "x", "zones": [')
    err = cli("seatmap", "render", str(cut), "-o", str(tmp_path / "x.png"))
    assert err.returncode != 0 and "Traceback" not in err.stderr and "cut off" in err.stderr


def test_an_unwritable_data_folder_is_one_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    r = subprocess.run(
        [sys.executable, "-m", "boxoffice_desktop.cli.admin", "tenant", "list", "--data-dir", str(blocker / "data")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != "BOXOFFICE_DATABASE_URL"},
    )
    err = one_line_error(r)
    assert "is not writable" in err and "BOXOFFICE_DATA_DIR" in err
