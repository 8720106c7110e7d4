"""The focal point: the centre of the stage, from which best-available measures a seat's quality.

pretix plans carry no focal point, so one is derived: the centre of an area whose name or text says
"stage" (in a few languages), else the middle of the plan's top edge, where stages are usually drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

from .elements import Area, Point, Zone


class Plan(Protocol):
    """What the focal point is derived from (a :class:`~editor.model.document.SeatingDocument`)."""

    width: float

    def iter_areas(self) -> Iterator[tuple[Zone | None, Area]]: ...

# Whole words: "Stage", "scene", "Bühne", "сцена", "escenario", "palco", "podium", "scène".
STAGE_WORDS = re.compile(
    r"\b(stage|scene|scène|bühne|buehne|сцена|escenario|palco|podium|estrado|palcoscenico)\b",
    re.IGNORECASE,
)


def is_stage(area: Area) -> bool:
    texts = [area.name]
    if area.text is not None:
        texts.append(area.text.text)
    return any(t and STAGE_WORDS.search(t) for t in texts)


def derive_focal_point(doc: Plan) -> Point:
    """Centre of the first stage-like area (absolute), else the top centre of the plan."""
    for zone, area in doc.iter_areas():
        if is_stage(area):
            cx, cy = area.centre()
            if zone is not None:
                cx += zone.x
                cy += zone.y
            return Point(cx, cy)
    return Point(doc.width / 2, 0.0)
