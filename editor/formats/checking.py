"""Small helpers the loaders share for checking a JSON structure and naming the place of a fault.

Places are JSON paths (``zones[2].rows[5].seats[0]``) so that a person can find the spot in the file,
followed where useful by what the object is called (zone name, row number, seat guid).
"""

from __future__ import annotations

from typing import Any

from editor.model.faults import Fault, error

NUMBER_TYPES = frozenset({int, float})  # bool is excluded on purpose: true is no coordinate
COORDINATE_LIMIT = 1e6


def describe(value: Any) -> str:
    """A value's JSON type for a message: "a string ('12')", "a number (12)", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"a string ({shown!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_number(value: Any) -> bool:
    return type(value) in NUMBER_TYPES


def is_sane(value: float) -> bool:
    """Finite and within the plan's coordinate range (NaN compares false everywhere)."""
    return -COORDINATE_LIMIT <= value <= COORDINATE_LIMIT


class FaultList:
    """Collects faults while a loader walks a file; the loader raises them all at the end."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        # What the object being checked is called ("row 'C' of zone 'Stalls'"); added to messages.
        self.context = ""

    def __bool__(self) -> bool:
        return bool(self.faults)

    def add(self, where: str, code: str, text: str, *, seats: tuple[str, ...] = (),
            context: str | None = None) -> None:
        context = self.context if context is None else context
        message = f"{where}: {text}" if where else text[:1].upper() + text[1:]
        if context:
            message += f" ({context})"
        self.faults.append(error(code, message, where=where, seats=seats))

    def need_object(self, value: Any, where: str) -> bool:
        if isinstance(value, dict):
            return True
        self.add(where, "wrong-type", f"must be an object, not {describe(value)}")
        return False

    def string(self, obj: dict[str, Any], key: str, where: str, *, required: bool = False,
               nullable: bool = False, default: str | None = None) -> str | None:
        """``obj[key]`` if it is a string (or null when ``nullable``), else ``default`` and a fault."""
        if key not in obj:
            if required:
                self.add(where, "missing-key", f"missing {key!r}")
            return default
        value = obj[key]
        if isinstance(value, str) or (value is None and nullable):
            return value
        kind = "a string or null" if nullable else "a string"
        self.add(where, "wrong-type", f"{key!r} must be {kind}, not {describe(value)}")
        return default

    def number(self, obj: dict[str, Any], key: str, where: str, *, required: bool = False, default: float = 0,
               positive: bool = False) -> float:
        if key not in obj:
            if required:
                self.add(where, "missing-key", f"missing {key!r}")
            return default
        value = obj[key]
        if not is_number(value):
            self.add(where, "wrong-type", f"{key!r} must be a number, not {describe(value)}")
            return default
        if not is_sane(value) or (positive and value <= 0):
            self.add(where, "absurd-value", f"{key!r} has an absurd value {value!r}")
            return default
        return float(value)

    def position(self, obj: dict[str, Any], key: str, where: str, *, required: bool = False) -> tuple[float, float]:
        """``obj[key]`` as an {x, y} point; (0, 0) when absent and not required."""
        if key not in obj:
            if required:
                self.add(where, "missing-key", f"missing {key!r}")
            return (0, 0)
        value = obj[key]
        at = f"{where}.{key}" if where else key
        if not isinstance(value, dict):
            self.add(where, "wrong-type", f"{key!r} must be an object with x and y, not {describe(value)}")
            return (0, 0)
        return (self.number(value, "x", at, required=True), self.number(value, "y", at, required=True))

    def list_of(self, obj: dict[str, Any], key: str, where: str, *, required: bool = False) -> list[Any]:
        if key not in obj:
            if required:
                self.add(where, "missing-key", f"missing {key!r}")
            return []
        value = obj[key]
        if not isinstance(value, list):
            self.add(where, "wrong-type", f"{key!r} must be a list, not {describe(value)}")
            return []
        return value
