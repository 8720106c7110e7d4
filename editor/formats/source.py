"""Reading a plan's JSON from whatever the caller has: a dict, JSON text, bytes, a path or a file.

Errors become :class:`~editor.model.PlanError` with the place of the fault (line and column for broken
JSON), so every loader raises one exception type for every kind of bad input.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from editor.model.faults import PlanError, error

PlanSource = dict[str, Any] | str | bytes | bytearray | os.PathLike[str] | IO[str] | IO[bytes]


def read_json(source: PlanSource) -> Any:
    """The parsed JSON of ``source``.

    A ``str`` whose first non-blank character is ``{`` or ``[`` is JSON text; any other ``str`` is a
    file path. A dict is used as it is (not copied).
    """
    if isinstance(source, dict):
        return source
    if isinstance(source, (bytes, bytearray)):
        text = _decode(bytes(source), "the data")
        origin = "the data"
    elif isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        text = source
        origin = "the text"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise PlanError([error("unreadable", f"Cannot read {path}: {exc.strerror or exc}.",
                                   where=str(path))]) from exc
        text = _decode(raw, str(path))
        origin = str(path)
    elif hasattr(source, "read"):
        data = source.read()
        text = _decode(data, "the file") if isinstance(data, bytes) else data
        origin = "the file"
    else:
        raise PlanError([error("not-a-plan", f"Cannot read a plan from {type(source).__name__}.")])
    return parse_json(text, origin)


def _decode(raw: bytes, origin: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # tolerate the BOM some Windows editors write
    except UnicodeDecodeError as exc:
        raise PlanError([error("not-utf8", f"{origin} is not UTF-8 text (byte {exc.start}).",
                               where=f"byte {exc.start}")]) from exc


def parse_json(text: str, origin: str = "the text") -> Any:
    if not text.strip():
        raise PlanError([error("empty", f"{origin} is empty: there is no plan in it.")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()):
            fault = error("truncated-json", f"{origin} ends too early at {where}: the JSON is cut off "
                          f"({exc.msg}).", where=where)
        else:
            fault = error("invalid-json", f"{origin} is not valid JSON at {where}: {exc.msg}.", where=where)
        raise PlanError([fault]) from exc
    except RecursionError as exc:
        raise PlanError([error("invalid-json", f"{origin} is nested too deeply to be a plan.")]) from exc
