"""boxoffice: the desktop application.

    boxoffice [--database-url URL] [--data-dir DIR] [--demo] [--tenant SLUG] [--station NAME]
    boxoffice --demo --screenshot PATH [--screen login|sales|seatmaps|orders|reports|settings]

Without a database URL (option or BOXOFFICE_DATABASE_URL) the embedded server in the user's data folder
is used; ``--demo`` seeds the demo organisation there (never on a configured server). ``--screenshot``
signs in as the demo administrator, shows the screen, waits until its data is shown, saves a PNG of the
window and exits 0; an error is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from boxoffice_desktop.cli.common import EXIT_ERROR, run_cli, setup_logging

PROG = "boxoffice"
SCREENS = ("login", "sales", "seatmaps", "orders", "reports", "settings")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as for every other error
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="The box office: sell seats from a live seatmap.")
    p.add_argument(
        "--database-url",
        help="postgresql://user:password@host:port/database "
        "(default: BOXOFFICE_DATABASE_URL, else the embedded server)",
    )
    p.add_argument("--data-dir", help="data folder of the embedded server")
    p.add_argument("--demo", action="store_true", help="use the demo organisation (seeded on the embedded server only)")
    p.add_argument("--tenant", help="organisation to sign in to (default: the last one used here)")
    p.add_argument("--station", help="name of this station (default: remembered, else the computer's name)")
    p.add_argument(
        "--screenshot", metavar="PATH", help="save a PNG of the screen and exit (signs in as the demo admin)"
    )
    p.add_argument("--screen", choices=SCREENS, default="sales", help="the screen to show (default: sales)")
    p.add_argument("-v", "--verbose", action="store_true", help="log to stderr as well")
    return p


def _headless_default() -> None:
    # A screenshot needs no screen: without a display, draw offscreen rather than fail to start.
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _qt_messages_to_the_log() -> None:
    """Qt's own warnings ("This plugin does not support ...") belong in the log, not on stderr, where the
    only thing a person should read is our one line."""
    import logging

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    if args.screenshot:
        _headless_default()

    from PySide6.QtWidgets import QApplication

    from boxoffice_desktop.ui.app import AppController, AppOptions

    _qt_messages_to_the_log()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("Box Office")
    app.setOrganizationName("boxoffice-desktop")
    app.setApplicationDisplayName("Box Office")
    options = AppOptions(
        database_url=args.database_url or None,
        data_dir=Path(args.data_dir).expanduser() if args.data_dir else None,
        demo=bool(args.demo),
        tenant=args.tenant or None,
        station=args.station or None,
        screenshot=Path(args.screenshot).expanduser().resolve() if args.screenshot else None,
        screen=args.screen,
        program=PROG,
    )
    controller = AppController(app, options)
    controller.start()
    code = app.exec()
    if controller.exit_code is not None:
        return controller.exit_code
    return int(code)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(lambda: _run(argv), PROG)


if __name__ == "__main__":
    raise SystemExit(main())
