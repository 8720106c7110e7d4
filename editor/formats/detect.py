"""Loading a plan whose format the caller may not know: pretix (either generation) or native."""

from __future__ import annotations

from typing import Any

from editor.model.document import SeatingDocument
from editor.model.faults import PlanError, error

from .checking import describe
from .native import FORMAT as NATIVE_FORMAT
from .native import is_native, load_native
from .pretix import load_pretix
from .source import PlanSource, read_json

FORMATS = ("pretix", "native")


def sniff_format(data: Any) -> str:
    """The format of parsed JSON, "native" or "pretix"; PlanError when it is neither, naming it."""
    if not isinstance(data, dict):
        raise PlanError([error("not-an-object",
                               f"A seating plan must be a JSON object, not {describe(data)}.")])
    if "format" in data:
        if data["format"] == NATIVE_FORMAT:
            return "native"
        raise PlanError([error("unknown-format", f"Unknown seatmap format {data['format']!r}; this program "
                               f"reads pretix seating plans and {NATIVE_FORMAT!r} files.")])
    if "zones" in data or "categories" in data:
        return "pretix"
    keys = ", ".join(sorted(map(str, data))[:5]) or "none"
    raise PlanError([error("unknown-format", f"This is no seating plan this program knows (top-level keys: "
                           f"{keys}); expected a pretix seating plan or a {NATIVE_FORMAT!r} file.")])


def load_any(source: PlanSource, format: str | None = None) -> SeatingDocument:
    """Load a pretix or native plan; ``format`` ("pretix" | "native") forces one, None sniffs it."""
    if format is not None and format not in FORMATS:
        raise PlanError([error("unknown-format", f"Unknown seatmap format {format!r}; use one of "
                               f"{', '.join(FORMATS)}.")])
    data = read_json(source)
    kind = sniff_format(data) if format is None or is_native(data) else format
    if format is not None and kind != format:
        raise PlanError([error("wrong-format",
                               f"Expected a {format} plan, but this is a {NATIVE_FORMAT!r} file.")])
    if kind == "native":
        return load_native(data)
    return load_pretix(data)
