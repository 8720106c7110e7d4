"""boxoffice-admin: the administration CLI.

    boxoffice-admin db upgrade
    boxoffice-admin tenant create SLUG --name NAME
    boxoffice-admin tenant list
    boxoffice-admin user create USERNAME --tenant SLUG --role ROLE [--password-stdin]
    boxoffice-admin user set-role USERNAME --tenant SLUG --role ROLE
    boxoffice-admin user disable USERNAME --tenant SLUG
    boxoffice-admin user enable USERNAME --tenant SLUG
    boxoffice-admin user password USERNAME --tenant SLUG [--password-stdin]
    boxoffice-admin user list --tenant SLUG
    boxoffice-admin demo seed [--tenant SLUG]
    boxoffice-admin seatmap import FILE --tenant SLUG [--format pretix|native]
    boxoffice-admin seatmap export ID --tenant SLUG --format pretix|native|svg -o FILE
    boxoffice-admin seatmap validate FILE              (no database)
    boxoffice-admin seatmap render FILE -o OUT.png [--width PX]   (no database)
    boxoffice-admin ticket verify CODE

``--database-url`` may come before or after the subcommand: an administrator's URL (a superuser's, or the
cloud's admin role), never a station's; without it, BOXOFFICE_DATABASE_URL, else the embedded server in
this user's data folder (its maintenance connection). Every command works as boxoffice_owner, the owner of
the schema, which the server journals as 'owner'.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from boxoffice_desktop.cli.common import run_cli, setup_logging
from boxoffice_desktop.errors import InvalidInput

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOfficeAdmin

PROG = "boxoffice-admin"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as for every other error
        self.exit(2, f"{self.prog}: error: {message}\n")


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--database-url", default=default, help="postgresql://user:password@host:port/database")
    parser.add_argument("--data-dir", default=default, help="data folder of the embedded server")
    parser.add_argument("-v", "--verbose", action="store_true", default=False if top else argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Administer a box office database.")
    _common(parser, top=True)
    groups = parser.add_subparsers(dest="group", required=True, parser_class=_Parser)

    db = groups.add_parser("db", help="the database schema").add_subparsers(dest="command", required=True)
    p = db.add_parser("upgrade", help="create the roles, migrate, revoke what staff must not do")
    _common(p, top=False)

    tenant = groups.add_parser("tenant", help="organisations").add_subparsers(dest="command", required=True)
    p = tenant.add_parser("create", help="create an organisation")
    p.add_argument("slug")
    p.add_argument("--name", required=True)
    _common(p, top=False)
    p = tenant.add_parser("list", help="list organisations")
    _common(p, top=False)

    user = groups.add_parser("user", help="staff accounts").add_subparsers(dest="command", required=True)
    p = user.add_parser("create", help="create a staff account (and its login role <tenant>.<user>)")
    p.add_argument("username")
    p.add_argument("--tenant", required=True)
    p.add_argument("--role", required=True, help="cashier, manager, accountant or admin")
    p.add_argument("--display-name", default="")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    _common(p, top=False)
    p = user.add_parser("set-role", help="give a staff account another role (bites at once)")
    p.add_argument("username")
    p.add_argument("--tenant", required=True)
    p.add_argument("--role", required=True, help="cashier, manager, accountant or admin")
    _common(p, top=False)
    p = user.add_parser("disable", help="stop an account signing in and end its open connections")
    p.add_argument("username")
    p.add_argument("--tenant", required=True)
    _common(p, top=False)
    p = user.add_parser("enable", help="let a disabled account sign in again")
    p.add_argument("username")
    p.add_argument("--tenant", required=True)
    _common(p, top=False)
    p = user.add_parser("password", help="set a new password (also for staff migrated from earlier versions)")
    p.add_argument("username")
    p.add_argument("--tenant", required=True)
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    _common(p, top=False)
    p = user.add_parser("list", help="list the staff of an organisation")
    p.add_argument("--tenant", required=True)
    _common(p, top=False)

    demo = groups.add_parser("demo", help="the demo organisation").add_subparsers(dest="command", required=True)
    p = demo.add_parser("seed", help="create the demo organisation, its hall, staff and events (idempotent)")
    p.add_argument("--tenant", default="demo")
    _common(p, top=False)

    seatmap = groups.add_parser("seatmap", help="seating plans").add_subparsers(dest="command", required=True)
    p = seatmap.add_parser("import", help="import a seating plan as a published seatmap")
    p.add_argument("file")
    p.add_argument("--tenant", required=True)
    p.add_argument("--format", choices=["pretix", "native"], default=None)
    p.add_argument("--name", default=None)
    _common(p, top=False)
    p = seatmap.add_parser("export", help="write a seatmap as a pretix plan, the native document or SVG")
    p.add_argument("seatmap_id", type=int)
    p.add_argument("--tenant", required=True)
    p.add_argument("--format", choices=["pretix", "native", "svg"], default="pretix")
    p.add_argument("-o", "--output", required=True, help="the file to write ('-' for standard output)")
    _common(p, top=False)
    p = seatmap.add_parser("validate", help="check a plan file (no database needed)")
    p.add_argument("file")
    p = seatmap.add_parser("render", help="draw a plan file as a PNG (no database needed)")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--width", type=int, default=4000)

    ticket = groups.add_parser("ticket", help="tickets").add_subparsers(dest="command", required=True)
    p = ticket.add_parser("verify", help="check a ticket code's signature")
    p.add_argument("code")
    _common(p, top=False)
    return parser


def _open(args: argparse.Namespace) -> BoxOfficeAdmin:
    from boxoffice_desktop.api import BoxOffice

    return BoxOffice.admin(args.database_url, data_dir=Path(args.data_dir) if args.data_dir else None)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise InvalidInput("No terminal to ask for the password: use --password-stdin.")
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise InvalidInput("The two passwords differ.")
    if not password:
        raise InvalidInput("An empty password is not allowed.")
    return password


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    group, command = args.group, args.command

    if (group, command) == ("db", "upgrade"):
        from boxoffice_desktop.runtime import upgrade_database

        report, target = upgrade_database(args.database_url, data_dir=Path(args.data_dir) if args.data_dir else None)
        print(f"Database {target.display()} is at schema revision {report.revision}.")
        for line in report.lines():
            print(line)
        return 0

    if (group, command) == ("seatmap", "validate"):
        from boxoffice_desktop.cli.seatmap_files import validate_file

        code, lines = validate_file(Path(args.file))
        for line in lines:
            print(line, file=sys.stderr if code else sys.stdout)
        return code
    if (group, command) == ("seatmap", "render"):
        from boxoffice_desktop.cli.seatmap_files import render_file

        render_file(Path(args.file), Path(args.output), width=args.width)
        print(f"Wrote {args.output}.")
        return 0

    admin = _open(args)
    try:
        if (group, command) == ("tenant", "create"):
            info = admin.create_tenant(args.slug, args.name)
            print(f"Created tenant {info.slug!r} ({info.name}), id {info.id}.")
        elif (group, command) == ("tenant", "list"):
            for info in admin.tenants():
                print(f"{info.slug}\t{info.name}")
        elif (group, command) == ("user", "create"):
            admin.tenant(args.tenant)  # an unknown organisation is said before the password is asked
            password = _read_password(args)
            user = admin.create_user(args.tenant, args.username, args.role, password, display_name=args.display_name)
            print(f"Created {user.role.value} {user.username!r} in {args.tenant!r}.")
            print(f"login: {user.login}")
        elif (group, command) == ("user", "set-role"):
            user = admin.set_role(args.tenant, args.username, args.role)
            print(f"{user.username!r} of {args.tenant!r} is now {user.role.value}; it bites at their next step.")
        elif (group, command) == ("user", "disable"):
            ended = admin.disable_user(args.tenant, args.username)
            print(f"{args.username!r} of {args.tenant!r} can no longer sign in ({ended} open connections ended).")
        elif (group, command) == ("user", "enable"):
            admin.enable_user(args.tenant, args.username)
            print(f"{args.username!r} of {args.tenant!r} may sign in again.")
        elif (group, command) == ("user", "password"):
            admin.tenant(args.tenant)
            password = _read_password(args)
            admin.reset_password(args.tenant, args.username, password)
            print(f"New password set for {args.username!r} of {args.tenant!r}.")
        elif (group, command) == ("user", "list"):
            for u in admin.staff(args.tenant):
                state = "" if u.active else "\tdisabled"
                print(f"{u.username}\t{u.role.value}\t{u.login or '(no login)'}{state}")
        elif (group, command) == ("demo", "seed"):
            info = admin.seed_demo(args.tenant)
            print(
                f"Demo organisation {info.slug!r} is ready: users admin, manager, cashier, accountant "
                "with the password 'demo'."
            )
        elif (group, command) == ("seatmap", "import"):
            seatmap_id = admin.import_seatmap(args.tenant, Path(args.file), format=args.format, name=args.name)
            print(f"Imported {args.file} as seatmap {seatmap_id}.")
        elif (group, command) == ("seatmap", "export"):
            _export_seatmap(admin, args)
        elif (group, command) == ("ticket", "verify"):
            result = admin.verify_ticket(args.code)
            print(result.describe())
            return 0 if result.valid else 1
        else:  # argparse makes this unreachable; kept so a new subcommand cannot silently do nothing
            raise InvalidInput(f"Unknown command {group} {command}.")
    finally:
        admin.close()
    return 0


def _export_seatmap(admin: BoxOfficeAdmin, args: argparse.Namespace) -> None:
    import json

    result = admin.export_seatmap(args.tenant, args.seatmap_id, args.format)
    text = result if isinstance(result, str) else json.dumps(result, indent=2, ensure_ascii=False)
    if args.output == "-":
        sys.stdout.write(text + "\n")
        return
    try:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"Cannot write {args.output}: {exc.strerror or exc}.") from exc
    print(f"Wrote seatmap {args.seatmap_id} as {args.format} to {args.output}.")


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(lambda: _run(argv), PROG)


if __name__ == "__main__":
    raise SystemExit(main())
