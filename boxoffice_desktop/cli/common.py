"""What both command-line programs share: logging to a file, and errors as one line, never a traceback."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs

from boxoffice_desktop.errors import BoxOfficeError

log = logging.getLogger("boxoffice")

EXIT_ERROR = 2
EXIT_UNEXPECTED = 1


def log_file() -> Path:
    folder = platformdirs.user_log_path("boxoffice-desktop", appauthor=False)
    return folder / "boxoffice.log"


def setup_logging(verbose: bool = False) -> Path | None:
    """Everything to a rotating log file (the place tracebacks go); warnings also to stderr if verbose."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    path: Path | None = log_file()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        path = None
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root.addHandler(handler)
    if verbose:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.INFO)
        root.addHandler(stream)
    return path


def run_cli(main: Callable[[], int], program: str) -> int:
    """Run a command; a BoxOfficeError is one line on stderr and exit 2, anything else one line and exit 1."""
    try:
        return main()
    except BoxOfficeError as exc:
        log.info("%s: %s", program, exc)
        print(f"{program}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"{program}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        log.exception("%s failed", program)
        first_line = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        print(
            f"{program}: error: unexpected failure ({type(exc).__name__}: {first_line}); details in {log_file()}",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
