"""Best available: adjacent seats in one row, nearest the stage, no stranded seat, next best, categories,
wheelchair places and their companions; and the warnings for manual picks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from boxoffice_desktop.services.best_available import best_available, lonely_companions, stranded_seats


@dataclass
class S:
    id: int
    guid: str
    row_key: str
    ordinal: int
    x: float
    y: float
    category: str = "A"
    state: str = "free"
    wheelchair: bool = False
    companion_of: str | None = None
    block_kind: str | None = None


def row(key: str, y: float, n: int, first_id: int, *, spacing: float = 10, gap_after: int | None = None, **kw):
    seats, x = [], 0.0
    for i in range(n):
        seats.append(S(first_id + i, f"{key}{i}", key, i, x, y, **kw))
        x += spacing * (4 if gap_after is not None and i == gap_after else 1)
    return seats


STAGE = (45.0, 0.0)


def test_nearest_the_stage_in_one_row():
    seats = row("A", 10, 10, 1) + row("B", 20, 10, 101)
    (offer,) = best_available(seats, 2, STAGE)
    assert offer.row_key == "A"
    assert offer.seat_ids in ((5, 6), (4, 5))


def test_never_strands_a_single_seat():
    seats = row("A", 10, 5, 1)
    seats[0].state = "sold"  # seat 1 sold: taking 3-4 would strand 2 between 1 and 3
    offers = best_available(seats, 2, (25.0, 0.0), limit=10)
    assert offers and all(o.seat_ids != (3, 4) for o in offers)
    assert (2, 3) in [o.seat_ids for o in offers]
    # An aisle seat alone at the end of a row is acceptable.
    assert all(o.seat_ids != (1, 2) for o in offers)


def test_aisles_inside_a_row_break_adjacency():
    seats = row("A", 10, 6, 1, gap_after=2)  # seats 1-3 | aisle | 4-6
    blocks = [o.seat_ids for o in best_available(seats, 4, STAGE, limit=10)]
    assert blocks == []
    assert (2, 3, 4) not in [o.seat_ids for o in best_available(seats, 3, STAGE, limit=10)]


def test_next_best_excludes_what_was_offered():
    seats = row("A", 10, 10, 1) + row("B", 20, 10, 101)
    (first,) = best_available(seats, 4, STAGE)
    (second,) = best_available(seats, 4, STAGE, exclude=first.seat_ids)
    assert not set(first.seat_ids) & set(second.seat_ids)


def test_category_and_taken_seats():
    seats = row("A", 10, 6, 1, category="Front") + row("B", 20, 6, 101, category="Back")
    (offer,) = best_available(seats, 2, STAGE, category="Back")
    assert all(i > 100 for i in offer.seat_ids)
    for s in seats[:6]:
        s.state = "held"
    (offer,) = best_available(seats, 2, STAGE)
    assert all(i > 100 for i in offer.seat_ids)
    assert best_available(seats, 7, STAGE) == []


def test_house_seats_only_when_allowed():
    seats = row("A", 10, 2, 1, state="blocked", block_kind="house")
    assert best_available(seats, 2, STAGE) == []
    assert best_available(seats, 2, STAGE, allow_house=True)


def test_wheelchair_places_and_companions():
    seats = row("A", 10, 6, 1)
    seats[2].wheelchair = True
    seats[3].companion_of = seats[2].guid
    plain = [o.seat_ids for o in best_available(seats, 2, STAGE, limit=10)]
    assert plain and all(3 not in ids and 4 not in ids for ids in plain)
    (offer,) = best_available(seats, 2, STAGE, wheelchair=True)
    assert offer.seat_ids == (3, 4)


def test_manual_pick_warnings():
    seats = row("A", 10, 6, 1)
    assert stranded_seats(seats, [3, 4]) == []
    seats[0].state = "sold"
    assert stranded_seats(seats, [3, 4]) == [2]
    seats[2].wheelchair = True
    seats[3].companion_of = seats[2].guid
    assert lonely_companions(seats, [4, 5]) == [4]
    assert lonely_companions(seats, [3, 4]) == []


@pytest.mark.db
def test_best_available_through_the_api(bo, event_id):
    ids = bo.best_available(event_id, 3)
    assert len(ids) == 3
    seats = {s.id: s for s in bo.seats(event_id)}
    assert len({seats[i].row for i in ids}) == 1
    nxt = bo.best_available(event_id, 3, exclude=ids)
    assert nxt and not set(nxt) & set(ids)
    assert bo.hold(event_id, ids).seat_ids == tuple(sorted(ids))
