"""Seatmap versions in the database, export, and moving an event to a new version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jsonschema
import pytest

from boxoffice_desktop import InvalidInput, PermissionDenied, SeatsUnavailable
from boxoffice_desktop.services.events import MissingPrices, RemapRefused
from editor.formats import load_pretix
from editor.model.operations import remove_seats, set_category
from tests.plans import grid_plan
from tests.staff import sign_in

pytestmark = pytest.mark.db

SCHEMA = __import__("json").loads(
    (
        __import__("pathlib").Path(__file__).resolve().parents[1] / "editor/data/pretix-seating-plan.schema.json"
    ).read_text()
)


def _soon():
    return datetime.now(UTC) + timedelta(days=2)


def test_export_in_every_format(bo, seatmap_id):
    pretix = bo.export_seatmap(seatmap_id, format="pretix")
    jsonschema.validate(pretix, SCHEMA)
    doc = load_pretix(pretix)
    assert doc.seat_count() == 60
    native = bo.export_seatmap(seatmap_id, format="native")
    assert native["format"] == "boxoffice-seatmap"
    svg = bo.export_seatmap(seatmap_id, format="svg")
    assert svg.lstrip().startswith("<") and "<svg" in svg and svg.count("<circle") >= 60
    with pytest.raises(InvalidInput, match="Unknown export format"):
        bo.export_seatmap(seatmap_id, format="pdf")


def test_a_published_version_is_never_changed_in_place(bo, seatmap_id):
    before = bo.export_seatmap(seatmap_id, format="native")
    doc = bo.seatmap_document(seatmap_id)
    guid = next(doc.iter_seats()).guid
    set_category(doc, [guid], "Back")
    draft = bo.save_seatmap(doc, seatmap_id=seatmap_id)
    assert draft.id != seatmap_id and draft.status == "draft" and draft.version == 2
    assert draft.series_id == seatmap_id
    assert bo.export_seatmap(seatmap_id, format="native") == before
    # A draft is saved in place.
    again = bo.save_seatmap(doc, seatmap_id=draft.id)
    assert again.id == draft.id and again.version == 2
    published = bo.publish_seatmap(draft.id)
    assert published.status == "published"
    with pytest.raises(InvalidInput, match="already published"):
        bo.publish_seatmap(draft.id)
    third = bo.save_seatmap(doc, seatmap_id=draft.id)
    assert third.version == 3


def test_publishing_is_refused_while_validation_finds_errors(bo):
    doc = load_pretix(grid_plan(1, 3))
    first = next(doc.iter_seats()).guid
    ref = doc.find_seat(first)
    ref.seat.category = "Nonexistent"
    draft = bo.save_seatmap(doc, name="Broken hall")
    with pytest.raises(InvalidInput, match="Nonexistent"):
        bo.publish_seatmap(draft.id)
    assert next(m for m in bo.seatmaps() if m.id == draft.id).status == "draft"


def test_a_cashier_cannot_save_or_publish(db, bo, tenant, seatmap_id):
    with sign_in(db.target, tenant.slug, "cashier") as c:
        with pytest.raises(PermissionDenied):
            c.save_seatmap(c.seatmap_document(seatmap_id), seatmap_id=seatmap_id)
        with pytest.raises(PermissionDenied):
            c.publish_seatmap(seatmap_id)


def test_moving_an_event_remaps_by_guid_and_refuses_to_lose_sold_seats(bo):
    sm = bo.import_seatmap(grid_plan(2, 5, guid_prefix="m"), name="Movable")
    event_id = bo.create_event("Moving night", sm, _soon(), {"Front": 10, "Back": 5})
    seats = {s.guid: s for s in bo.seats(event_id)}
    sold_guid, held_guid, free_guid = "m-A-1", "m-A-2", "m-B-5"
    bo.sell(bo.hold(event_id, [seats[sold_guid].id]).id)
    bo.hold(event_id, [seats[held_guid].id])

    # A version that drops the sold seat and recategorises the held one is refused, with the list.
    doc = bo.seatmap_document(sm)
    remove_seats(doc, [sold_guid, free_guid])
    set_category(doc, [held_guid], "Back")
    bad = bo.publish_seatmap(bo.save_seatmap(doc, seatmap_id=sm).id)
    with pytest.raises(RemapRefused) as err:
        bo.move_event(event_id, bad.id)
    assert len(err.value.seats) == 2
    assert {(r.seat_id, r.reason) for r in err.value.seats} == {
        (seats[sold_guid].id, "no longer in the plan"),
        (seats[held_guid].id, "category would change"),
    }
    assert "no longer in the plan" in str(err.value) and "category would change" in str(err.value)
    assert {s.guid for s in bo.seats(event_id)} == set(seats)  # nothing changed

    # A version that only drops a free seat and adds one is accepted; ids of kept seats stay.
    doc = bo.seatmap_document(sm)
    remove_seats(doc, [free_guid])
    good = bo.publish_seatmap(bo.save_seatmap(doc, seatmap_id=sm).id)
    result = bo.move_event(event_id, good.id)
    assert result.retired == 1 and result.kept == 9
    after = {s.guid: s for s in bo.seats(event_id)}
    assert free_guid not in after
    assert after[sold_guid].id == seats[sold_guid].id and after[sold_guid].state == "sold"
    assert after[held_guid].state == "held"
    # The retired seat can no longer be held.
    with pytest.raises(SeatsUnavailable):
        bo.hold(event_id, [seats[free_guid].id])
    # And moving back brings the same seat back, with its id.
    back = bo.move_event(event_id, sm)
    assert back.added == 1
    assert {s.guid: s.id for s in bo.seats(event_id)}[free_guid] == seats[free_guid].id


def test_moving_to_a_draft_or_unpriced_categories_is_refused(bo):
    sm = bo.import_seatmap(grid_plan(1, 3, guid_prefix="d"), name="Drafty")
    event_id = bo.create_event("Draft night", sm, _soon(), {"Front": 10, "Back": 5})
    doc = bo.seatmap_document(sm)
    draft = bo.save_seatmap(doc, seatmap_id=sm)
    with pytest.raises(InvalidInput, match="draft"):
        bo.move_event(event_id, draft.id)
    from editor.model import Category
    from editor.model.operations import add_category

    add_category(doc, Category("Gallery", "#00aa00"))
    set_category(doc, ["d-A-1"], "Gallery")
    published = bo.publish_seatmap(bo.save_seatmap(doc, seatmap_id=draft.id).id)
    with pytest.raises(MissingPrices, match="Gallery") as missing:
        bo.move_event(event_id, published.id)
    assert missing.value.categories == ["Gallery"]
    bo.move_event(event_id, published.id, prices={"Gallery": 7})
    assert {s.guid: s.price for s in bo.seats(event_id)}["d-A-1"] == 7


def test_a_version_saved_before_layouts_gets_one_at_db_upgrade(db, bo, tenant):
    # Versions stored by earlier versions of the program have no layout: an event cannot copy seats from
    # them (one clear line) until 'db upgrade' lays them out from their documents.
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import text as sql_text

    from boxoffice_desktop.errors import InvalidInput
    from boxoffice_desktop.runtime import backfill_layouts
    from tests.plans import grid_plan

    sm = bo.import_seatmap(grid_plan(2, 3, guid_prefix="old"), name="Old hall")
    with db.engine.begin() as conn:
        conn.execute(sql_text("UPDATE seatmap SET layout = NULL WHERE id = :i"), {"i": sm})
    when = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(InvalidInput, match="has no seat layout yet"):
        bo.create_event("Old", sm, when, {"Front": 1, "Back": 1})
    assert backfill_layouts(db) >= 1
    event_id = bo.create_event("Old", sm, when, {"Front": 1, "Back": 1})
    assert len(bo.seats(event_id)) == 6
