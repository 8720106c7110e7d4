"""boxoffice-admin: the administration CLI.

    boxoffice-admin db upgrade
    boxoffice-admin tenant create SLUG --name NAME
    boxoffice-admin user create USERNAME --tenant SLUG --role ROLE [--password-stdin]
    boxoffice-admin demo seed [--tenant SLUG]
    boxoffice-admin seatmap import FILE --tenant SLUG [--format pretix|native]
    boxoffice-admin seatmap export ID --tenant SLUG --format pretix|native|svg -o FILE
    boxoffice-admin seatmap validate FILE              (no database)
    boxoffice-admin seatmap render FILE -o OUT.png [--width PX]   (no database)
    boxoffice-admin ticket verify CODE

``--database-url`` may come before or after the subcommand; without it, BOXOFFICE_DATABASE_URL, else the
embedded server in this user's data folder.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from boxoffice_desktop.cli.common import run_cli, setup_logging
from boxoffice_desktop.errors import InvalidInput

PROG = "boxoffice-admin"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as for every other error
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
    p = db.add_parser("upgrade", help="create the app role, migrate to this program's schema, grant")
    _common(p, top=False)

    tenant = groups.add_parser("tenant", help="organisations").add_subparsers(dest="command", required=True)
    p = tenant.add_parser("create", help="create an organisation")
    p.add_argument("slug")
    p.add_argument("--name", required=True)
    _common(p, top=False)
    p = tenant.add_parser("list", help="list organisations")
    _common(p, top=False)

    user = groups.add_parser("user", help="staff accounts").add_subparsers(dest="command", required=True)
    p = user.add_parser("create", help="create a staff account")
    p.add_argument("username")
    p.add_argument("--tenant", required=True)
    p.add_argument("--role", required=True, help="cashier, manager, accountant or admin")
    p.add_argument("--display-name", default="")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
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


def _open(args: argparse.Namespace):
    from boxoffice_desktop.runtime import open_database

    data_dir = Path(args.data_dir) if args.data_dir else None
    db, _ = open_database(args.database_url, data_dir=data_dir, application_name="boxoffice-admin")
    return db


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

        revision, target = upgrade_database(args.database_url, data_dir=Path(args.data_dir) if args.data_dir else None)
        print(f"Database {target.display()} is at schema revision {revision}.")
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

    db = _open(args)
    try:
        if (group, command) == ("tenant", "create"):
            from boxoffice_desktop.services.tenants import create_tenant

            info = create_tenant(db, args.slug, args.name)
            print(f"Created tenant {info.slug!r} ({info.name}), id {info.id}.")
        elif (group, command) == ("tenant", "list"):
            from boxoffice_desktop.services.tenants import list_tenants

            for info in list_tenants(db):
                print(f"{info.slug}\t{info.name}")
        elif (group, command) == ("user", "create"):
            from boxoffice_desktop.services.staff import create_user, parse_role
            from boxoffice_desktop.services.tenants import find_tenant

            tenant = find_tenant(db, args.tenant)
            parse_role(args.role)
            password = _read_password(args)
            user = create_user(db, tenant.id, args.username, args.role, password, display_name=args.display_name)
            print(f"Created {user.role.value} {user.username!r} in {tenant.slug!r}.")
        elif (group, command) == ("demo", "seed"):
            from boxoffice_desktop.services.demo import seed_demo

            info = seed_demo(db, slug=args.tenant)
            print(
                f"Demo organisation {info.slug!r} is ready: users admin, manager, cashier, accountant "
                "with the password 'demo'."
            )
        elif (group, command) == ("seatmap", "import"):
            from boxoffice_desktop.services.seatmaps import import_seatmap
            from boxoffice_desktop.services.staff import script_actor
            from boxoffice_desktop.services.tenants import find_tenant

            tenant = find_tenant(db, args.tenant)
            actor = script_actor(tenant.id, tenant.slug, "boxoffice-admin")
            seatmap_id = import_seatmap(db, actor, Path(args.file), format=args.format, name=args.name)
            print(f"Imported {args.file} as seatmap {seatmap_id}.")
        elif (group, command) == ("seatmap", "export"):
            _export_seatmap(db, args)
        elif (group, command) == ("ticket", "verify"):
            from boxoffice_desktop.services.tickets import verify_ticket_code

            result = verify_ticket_code(db, args.code)
            print(result.describe())
            return 0 if result.valid else 1
        else:  # argparse makes this unreachable; kept so a new subcommand cannot silently do nothing
            raise InvalidInput(f"Unknown command {group} {command}.")
    finally:
        db.dispose()
    return 0


def _export_seatmap(db, args: argparse.Namespace) -> None:
    import json

    from boxoffice_desktop.services.seatmaps import export_seatmap
    from boxoffice_desktop.services.staff import script_actor
    from boxoffice_desktop.services.tenants import find_tenant

    tenant = find_tenant(db, args.tenant)
    actor = script_actor(tenant.id, tenant.slug, "boxoffice-admin")
    result = export_seatmap(db, actor, args.seatmap_id, args.format)
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
