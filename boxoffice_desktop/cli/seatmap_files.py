"""Seatmap files without a database: check a plan file, draw it as a PNG.

The cores of ``boxoffice-admin seatmap validate FILE`` and ``seatmap render FILE -o OUT.png [--width PX]``.
Both read pretix seating plans (either generation) and the box office's native files; neither needs a
server, and neither lets a traceback through for a bad file.

``validate_file`` exit codes: 0 the plan is usable (warnings may be listed), 1 it has errors (duplicate
guids or labels, undeclared categories, no seats, absurd coordinates, ...), 2 the file cannot be read as a
plan at all (missing, not UTF-8, truncated or invalid JSON, an unknown format).

Also runnable on its own (the benchmarks time it as a whole process)::

    python -m boxoffice_desktop.cli.seatmap_files validate FILE
    python -m boxoffice_desktop.cli.seatmap_files render FILE -o OUT.png [--width PX]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from boxoffice_desktop.errors import InvalidInput

EXIT_OK = 0
EXIT_FAULTS = 1
EXIT_UNREADABLE = 2
DEFAULT_WIDTH = 4000
MAX_LINES = 2000

# Fault codes that mean "this is no plan we can read" rather than "this plan has mistakes".
UNREADABLE_CODES = frozenset(
    {
        "unreadable",
        "not-utf8",
        "empty",
        "truncated-json",
        "invalid-json",
        "not-an-object",
        "unknown-format",
        "wrong-format",
        "too-new",
        "not-a-plan",
    }
)

if TYPE_CHECKING:
    from editor.model import Fault, SeatingDocument


def _line(severity: str, message: str) -> str:
    return f"{severity}: {' '.join(message.split())}"


def _cap(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[:MAX_LINES], f"... and {len(lines) - MAX_LINES} more lines"]


def _load(path: Path) -> SeatingDocument:
    """The document, or a PlanError naming every problem (never another exception)."""
    from editor.formats import load_any
    from editor.model import PlanError
    from editor.model.faults import error

    if path.is_dir():
        raise PlanError([error("unreadable", f"{path} is a folder, not a plan file.")])
    try:
        return load_any(path)
    except PlanError:
        raise
    except RecursionError:
        raise PlanError([error("invalid-json", f"{path} is nested too deeply to be a plan.")]) from None
    except (MemoryError, ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
        text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise PlanError([error("unreadable", f"{path} cannot be read as a plan: {text}.")]) from None


def validate_file(path: str | os.PathLike[str]) -> tuple[int, list[str]]:
    """Check a plan file: ``(exit code, lines)``, one line per fault (``error: ...`` or ``warning: ...``),
    each naming its place (zone, row, seat and its guid, or the JSON path in the file) and the offending
    value, then a summary line. See the module docstring for the exit codes."""
    from editor.model import PlanError, validate

    p = Path(path)
    try:
        doc = _load(p)
    except PlanError as exc:
        unreadable = any(f.code in UNREADABLE_CODES for f in exc.faults)
        lines = [_line(f.severity, f.message) for f in exc.faults]
        n = sum(1 for f in exc.faults if f.is_error)
        summary = (
            f"{p}: cannot be read as a seating plan."
            if unreadable
            else f"{p}: refused, {n} error{'s' if n != 1 else ''}."
        )
        return (EXIT_UNREADABLE if unreadable else EXIT_FAULTS), _cap([*lines, summary])
    try:
        faults = validate(doc)
    except Exception as exc:  # a bug in a check must still be one line, not a traceback
        return EXIT_FAULTS, [_line("error", f"{p}: the plan could not be checked ({type(exc).__name__}: {exc}).")]
    errors = sum(1 for f in faults if f.is_error)
    warnings = len(faults) - errors
    lines = [_line(f.severity, f.message) for f in faults]
    seats = doc.seat_count()
    if errors:
        summary = (
            f"{p}: {errors} error{'s' if errors != 1 else ''}"
            f"{f', {warnings} warning' + ('s' if warnings != 1 else '') if warnings else ''}"
            f" in a plan of {seats} seats."
        )
    else:
        summary = (
            f"{p}: OK, {seats} seats in {len(doc.zones)} zone{'s' if len(doc.zones) != 1 else ''}, "
            f"{len(doc.categories)} categor{'ies' if len(doc.categories) != 1 else 'y'}"
            f"{f'; {warnings} warning' + ('s' if warnings != 1 else '') if warnings else ''}."
        )
    return (EXIT_FAULTS if errors else EXIT_OK), _cap([*lines, summary])


def render_file(path: str | os.PathLike[str], out_png: str | os.PathLike[str], width: int = DEFAULT_WIDTH) -> None:
    """Draw a plan file as a PNG ``width`` pixels wide (4000 unless asked, whatever the plan's size).

    Raises :class:`~boxoffice_desktop.errors.InvalidInput` with one clear sentence for a file that cannot be
    read, a plan that cannot be drawn (no seats, absurd coordinates), a bad width or an unwritable output.
    Other faults of the plan (duplicate labels, seats without a category) do not stop the picture."""
    from editor.model import PlanError

    if isinstance(width, bool) or not isinstance(width, int) or not 16 <= width <= 32000:
        raise InvalidInput(f"The width must be a whole number of pixels from 16 to 32000, not {width!r}.")
    p = Path(path)
    try:
        doc = _load(p)
    except PlanError as exc:
        raise InvalidInput(f"{p}: {exc}") from None
    blocking = _drawing_faults(doc)
    if blocking:
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        raise InvalidInput(f"{p} cannot be drawn: {blocking[0].message}{more}")
    from editor._qt.render import RenderError, render_image

    try:
        image = render_image(doc, width)
    except RenderError as exc:
        raise InvalidInput(f"{p}: {exc}") from None
    out = Path(out_png)
    if out.is_dir():
        raise InvalidInput(f"Cannot write {out}: it is a folder.")
    if not out.parent.exists():
        raise InvalidInput(f"Cannot write {out}: the folder {out.parent} does not exist.")
    if not image.save(str(out), "PNG"):  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
        raise InvalidInput(f"Cannot write {out}.")


def _drawing_faults(doc: SeatingDocument) -> list[Fault]:
    """What keeps a plan from being drawn: no seats, or positions and sizes out of any sane range. A quick
    pass over the seats, not the whole validation (which also compares every seat with its neighbours)."""
    from editor.model.faults import error
    from editor.model.validation import COORDINATE_LIMIT, place

    lim = COORDINATE_LIMIT
    faults = []
    if not (0 < doc.width <= lim and 0 < doc.height <= lim):
        faults.append(error("absurd-value", f"the plan's size {doc.width!r} x {doc.height!r} is absurd."))
    seats = 0
    for zone in doc.zones:
        for row in zone.rows:
            ox, oy = zone.x + row.x, zone.y + row.y
            for seat in row.seats:
                seats += 1
                x, y, r = ox + seat.x, oy + seat.y, seat.radius
                if not (-lim <= x <= lim and -lim <= y <= lim and 0 < r <= lim):
                    faults.append(
                        error(
                            "absurd-value",
                            f"{place(zone, row, seat)} has an absurd position ({x!r}, {y!r}) or radius {r!r}.",
                        )
                    )
    if seats == 0:
        faults.append(error("no-seats", "the plan has no seats."))
    return faults


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="seatmap_files", description="Check or draw a seatmap file.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate")
    v.add_argument("file")
    r = sub.add_parser("render")
    r.add_argument("file")
    r.add_argument("-o", "--output", required=True)
    r.add_argument("--width", type=int, default=DEFAULT_WIDTH)
    args = parser.parse_args(argv)
    if args.command == "validate":
        code, lines = validate_file(args.file)
        for line in lines:
            print(line, file=sys.stderr if code else sys.stdout)
        return code
    try:
        render_file(args.file, args.output, width=args.width)
    except InvalidInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
