"""The seat store follows the document row by row; after any sequence of operations (and their undo and
redo) it holds exactly what a fresh build from the document holds."""

from __future__ import annotations

import pytest

from editor._qt.docseats import DocumentSeats
from editor.model import Category, make_row
from editor.model import operations as ops
from editor.model.copying import duplicate


def snapshot(seats: DocumentSeats) -> list[tuple]:
    seats.sync()
    store = seats.store
    out = []
    for i in store.slots():
        look = store.looks[store.look[i]]
        out.append((store.keys[i], round(store.xs[i], 6), round(store.ys[i], 6), store.rs[i], tuple(look),
                    store.labels[i], seats.entry_of_slot(i).row.uuid))
    return sorted(out)


def fresh(doc) -> list[tuple]:
    other = DocumentSeats()
    other.attach(doc)
    return snapshot(other)


@pytest.fixture
def tracked(demo_doc):
    seats = DocumentSeats()
    seats.attach(demo_doc)
    demo_doc.changed.append(seats.on_change)
    return demo_doc, seats


def test_incremental_updates_match_a_fresh_build(tracked):
    doc, seats = tracked
    stalls, balcony = doc.zones[0], doc.zones[1]
    edits = []
    edits.append(ops.move(doc, [stalls.rows[0], stalls.rows[1]], 15, -5))
    edits.append(ops.move_seats(doc, [stalls.rows[2].seats[0].guid], 3, 3))
    edits.append(ops.move(doc, [balcony], 0, 40))
    edits.append(ops.set_curvature(doc, balcony.rows[:3], 20))
    edits.append(ops.resize_row(doc, stalls.rows[3], 30))
    edits.append(ops.remove_seats(doc, [s.guid for s in stalls.rows[4].seats[:5]]))
    edits.append(ops.add_row(doc, stalls, make_row((100, 900), seat_count=12, category="Stalls A")))
    edits.append(ops.add_row(doc, balcony, duplicate(balcony.rows[0], dy=300)))
    edits.append(ops.set_accessibility(doc, [stalls.rows[5].seats[0].guid], wheelchair=True))
    edits.append(ops.add_category(doc, Category("Premium", "#00897b")))
    edits.append(ops.set_category(doc, [s.guid for s in stalls.rows[6].seats], "Premium"))
    edits.append(ops.rename_category(doc, "Stalls B", "Rear stalls"))
    edits.append(ops.set_attributes(doc, doc.categories[0], color="#000000"))
    edits.append(ops.rotate_rows(doc, doc.zones[2].rows, 30, (700, 400)))
    edits.append(ops.renumber_row(doc, stalls.rows[7]))
    edits.append(ops.remove(doc, [doc.zones[2]]))
    assert snapshot(seats) == fresh(doc)
    for edit in reversed(edits):
        edit.undo()
        assert snapshot(seats) == fresh(doc)
    for edit in edits:
        edit.redo()
    assert snapshot(seats) == fresh(doc)


def test_duplicate_guids_are_all_found(tracked):
    doc, seats = tracked
    row = doc.zones[0].rows[0]
    guid = row.seats[0].guid
    ops.set_attributes(doc, doc.zones[0].rows[1].seats[0], guid=guid)
    doc.invalidate()
    seats.on_change("reset", [])
    seats.sync()
    assert len(seats.slots_for([guid])) == 2
