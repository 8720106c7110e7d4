"""SVG export."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from editor.formats import load_pretix, to_svg
from editor.model import Category, SeatingDocument, Zone, make_row

from .sample_plans import built_document, current_plan

SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def seat_circles(root: ET.Element) -> dict[str, ET.Element]:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "seats")
    return {c.get("data-guid"): c for c in group.iter(f"{SVG}circle")}


def test_seats_are_circles_at_absolute_positions_in_category_colours() -> None:
    doc = load_pretix(current_plan())
    root = parse(to_svg(doc))
    assert root.get("viewBox") == "0 0 600 500"
    circles = seat_circles(root)
    assert len(circles) == doc.seat_count()
    a3 = circles["a3"]
    assert (a3.get("cx"), a3.get("cy"), a3.get("r"), a3.get("fill")) == ("110.5", "121.2", "10", "#ff0000")
    assert circles["b1"].get("fill") == "#0000ff"


def test_areas_and_row_numbers_are_drawn() -> None:
    root = parse(to_svg(load_pretix(current_plan())))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Stage" in texts and "EXIT" in texts and "Bar" in texts
    # Row A has numbers at both ends, row B none, balcony row 1 at its start only.
    assert texts.count("A") == 2 and "B" not in texts and texts.count("1") == 1
    assert any(g.get("transform", "").startswith("rotate(30.5") for g in root.iter(f"{SVG}g"))
    assert len(list(root.iter(f"{SVG}polygon"))) == 1 and len(list(root.iter(f"{SVG}ellipse"))) == 1


def test_seat_states_override_the_category_colour() -> None:
    doc = load_pretix(current_plan())
    circles = seat_circles(parse(to_svg(doc, seat_states={"a1": "sold", "a2": "#123456", "b1": "odd"},
                                        state_colors={"sold": "#000000"})))
    assert circles["a1"].get("fill") == "#000000"
    assert circles["a2"].get("fill") == "#123456"
    assert circles["b1"].get("fill") == "#0000ff"  # an unknown state leaves the category colour


def test_names_are_escaped_and_colourless_categories_get_one() -> None:
    doc = SeatingDocument(name="Rock & <Roll>", categories=[Category('"Quoted"')],
                          zones=[Zone("Z", rows=[make_row((20, 20), seat_count=2, category='"Quoted"')])])
    text = to_svg(doc, legend=True)
    root = parse(text)
    assert root.find(f"{SVG}title").text == "Rock & <Roll>"
    fills = {c.get("fill") for c in seat_circles(root).values()}
    assert fills == {"#1f77b4"}


def test_a_drawn_document_with_tables_and_free_areas_renders() -> None:
    root = parse(to_svg(built_document(), legend=True, background=None))
    assert len(seat_circles(root)) == built_document().seat_count()
    assert any(g.get("class") == "legend" for g in root.iter(f"{SVG}g"))
