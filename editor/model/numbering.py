"""Row labels and seat numbers (pure functions), and the pretix-style ``%s`` label templates.

Numbers and labels are what people read; they may change at any time (renaming row B to C), while a
seat's guid never does. Everything here only computes strings.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass

ROW_STYLES = ("letters", "double-letters", "numbers")
SEAT_DIRECTIONS = ("ltr", "rtl")
SEAT_MODES = ("consecutive", "odd", "even")

# Many venues leave out I and O (they read like 1 and 0); offered, not imposed.
SKIP_I_O: tuple[str, ...] = ("I", "O")


@dataclass(frozen=True, slots=True)
class RowLabelling:
    """How the rows of a block or zone are labelled, front (nearest the stage) to back.

    ``start`` is the first label ("A", "C", 1, 101); for letter styles an int means the n-th letter
    label (1-based). ``reverse`` gives the front row the last label. ``skip_letters`` drops labels made
    of those letters (see :data:`SKIP_I_O`); ``skip_13`` drops the number 13.
    """

    style: str = "letters"
    start: str | int = 1
    reverse: bool = False
    skip_letters: tuple[str, ...] = ()
    skip_13: bool = False
    prefix: str = ""

    def __post_init__(self) -> None:
        if self.style not in ROW_STYLES:
            raise ValueError(f"row label style must be one of {', '.join(ROW_STYLES)}, not {self.style!r}")


@dataclass(frozen=True, slots=True)
class SeatNumbering:
    """How the seats of one row are numbered along the row's drawing direction.

    ``direction`` "ltr" numbers from the row's start point, "rtl" from its end; ``mode`` "odd"/"even"
    step by two (side blocks numbered 1, 3, 5 ... on one side of the house and 2, 4, 6 ... on the other);
    ``start`` is the first number (e.g. 101); ``prefix`` is put before every number.
    """

    direction: str = "ltr"
    mode: str = "consecutive"
    start: int = 1
    prefix: str = ""
    skip_13: bool = False

    def __post_init__(self) -> None:
        if self.direction not in SEAT_DIRECTIONS:
            raise ValueError(f"seat direction must be 'ltr' or 'rtl', not {self.direction!r}")
        if self.mode not in SEAT_MODES:
            raise ValueError(f"seat numbering must be one of {', '.join(SEAT_MODES)}, not {self.mode!r}")


def _letter_labels(skip: frozenset[str], first_width: int) -> Iterator[str]:
    """A, B, ... Z, then AA, BB, ... ZZ, then AAA ... (theatre style: the letter doubled, not AB)."""
    letters = [c for c in string.ascii_uppercase if c not in skip]
    if not letters:
        raise ValueError("every letter is skipped")
    width = first_width
    while True:
        for c in letters:
            yield c * width
        width += 1


def _number_labels(start: int, skip_13: bool) -> Iterator[str]:
    n = start
    while True:
        if not (skip_13 and n == 13):
            yield str(n)
        n += 1


def row_labels(count: int, scheme: RowLabelling = RowLabelling()) -> list[str]:
    """``count`` row labels, front row first."""
    if count < 0:
        raise ValueError("count must not be negative")
    if scheme.style == "numbers":
        try:
            start = int(scheme.start)
        except (TypeError, ValueError):
            raise ValueError(f"numbered rows need a numeric start, not {scheme.start!r}") from None
        source: Iterator[str] = _number_labels(start, scheme.skip_13)
    else:
        skip = frozenset(s.upper() for s in scheme.skip_letters)
        source = _letter_labels(skip, 2 if scheme.style == "double-letters" else 1)
        if isinstance(scheme.start, int):
            for _ in range(max(scheme.start, 1) - 1):
                next(source)
        else:
            wanted = scheme.start.strip().upper()
            if not wanted or not wanted.isalpha() or len(set(wanted)) != 1 or wanted[0] in skip:
                raise ValueError(f"cannot start letter rows at {scheme.start!r}")
            if scheme.style == "double-letters" and len(wanted) < 2:
                raise ValueError(f"double-letter rows cannot start at {scheme.start!r}")
            # Advance until the wanted label; bounded because labels only grow.
            pending = next(source)
            while pending != wanted:
                if len(pending) > len(wanted):
                    raise ValueError(f"cannot start letter rows at {scheme.start!r}")
                pending = next(source)
            source = _chain_first(pending, source)
    labels = [scheme.prefix + next(source) for _ in range(count)]
    if scheme.reverse:
        labels.reverse()
    return labels


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def seat_numbers(count: int, scheme: SeatNumbering = SeatNumbering()) -> list[str]:
    """``count`` seat numbers in the row's geometric order (from its start point to its end point)."""
    if count < 0:
        raise ValueError("count must not be negative")
    start = scheme.start
    step = 1
    if scheme.mode != "consecutive":
        step = 2
        want_odd = scheme.mode == "odd"
        if (start % 2 == 1) != want_odd:
            start += 1
    out: list[str] = []
    n = start
    while len(out) < count:
        if not (scheme.skip_13 and n == 13):
            out.append(f"{scheme.prefix}{n}")
        n += step
    if scheme.direction == "rtl":
        out.reverse()
    return out


def render_template(template: str | None, value: str) -> str | None:
    """A pretix label template: ``%s`` stands for the row or seat number; None stays None."""
    if not template:
        return None
    return template.replace("%s", value)


def row_text(row_number: str, row_label: str | None) -> str:
    """What people read for a row: its rendered label, else "Row <number>" (as pretix names seats)."""
    if row_label:
        return row_label.replace("%s", row_number)
    return f"Row {row_number}" if row_number else ""


def seat_text(number: str, seat_label: str | None) -> str:
    """What people read for a seat: its rendered label, else "Seat <number>"."""
    if seat_label:
        return seat_label.replace("%s", number)
    return f"Seat {number}" if number else ""


def seat_name(zone: str, row: str, seat: str) -> str:
    """The full human label, e.g. "Stalls, Row C, Seat 12"; empty parts are left out."""
    return ", ".join(p for p in (zone, row, seat) if p)
