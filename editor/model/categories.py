"""Categories as the editor changes them: a new one with a free name and colour, renaming (the seats
follow), recolouring, deleting (refused while seats use it), giving seats a category; and the counts.

Operations return the :class:`~editor.model.operations.Edit` s they applied (empty: nothing to change)
or raise ValueError with a sentence for the user.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from . import operations as ops
from .document import SeatingDocument
from .elements import Category
from .operations import Edit


def new_category(doc: SeatingDocument, name: str | None = None, colour: str | None = None,
                 palette: Sequence[str] = ()) -> Category:
    """A category (not yet in the plan): ``name`` or the first free "Category n", ``colour`` or the first
    colour of ``palette`` no category has yet."""
    names = {c.name for c in doc.categories}
    if name is None:
        n = len(names) + 1
        while f"Category {n}" in names:
            n += 1
        name = f"Category {n}"
    if colour is None and palette:
        used = {c.color for c in doc.categories}
        colour = next((c for c in palette if c not in used), palette[len(names) % len(palette)])
    return Category(name, colour)


def rename_category(doc: SeatingDocument, old: str, new: str) -> list[Edit]:
    """Rename a category and every seat of it (nothing for an empty or unchanged name)."""
    new = new.strip()
    if not new or new == old:
        return []
    return [ops.rename_category(doc, old, new)]


def recolour_category(doc: SeatingDocument, name: str, colour: str) -> list[Edit]:
    category = doc.category(name)
    if category is None:
        return []
    return [ops.set_attributes(doc, category, color=colour)]


def remove_category(doc: SeatingDocument, name: str) -> list[Edit]:
    """Delete a category no seat uses."""
    category = doc.category(name)
    if category is None:
        return []
    used = category_counts(doc).get(name, 0)
    if used:
        raise ValueError(
            f"{used} seat{'s use' if used != 1 else ' uses'} category {name!r}: give them another category first.")
    return [ops.remove(doc, [category])]


def assign_category(doc: SeatingDocument, guids: Collection[str], name: str) -> list[Edit]:
    """Give seats a declared category."""
    if not guids:
        raise ValueError("Select seats or rows to give them a category.")
    return [ops.set_category(doc, list(guids), name)]


def category_counts(doc: SeatingDocument) -> dict[str, int]:
    """How many seats each category has ("" counts the seats without one)."""
    counts: dict[str, int] = {}
    for zone in doc.zones:
        for row in zone.rows:
            for seat in row.seats:
                counts[seat.category] = counts.get(seat.category, 0) + 1
    return counts
