"""Fresh identities for new objects.

Seat guids and object uuids are random UUID-4 strings, as pretix writes them. Generators take an
``new_id`` callable defaulting to :func:`new_id` so that scripts (the demo hall, benchmarks) can pass a
deterministic source and produce byte-identical files on every run.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

IdFactory = Callable[[], str]


def new_id() -> str:
    return str(uuid.uuid4())


def seeded_ids(seed: int | str) -> IdFactory:
    """A deterministic factory of UUID-4-shaped strings (for generated files that are committed)."""
    rng = random.Random(seed)

    def make() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    return make
