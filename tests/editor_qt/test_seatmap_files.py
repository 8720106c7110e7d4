"""``validate_file`` and ``render_file``: the file-only cores of ``boxoffice-admin seatmap validate/render``.
Every bad file gives clear lines naming the place and the offending value, never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from boxoffice_desktop.cli.seatmap_files import render_file, validate_file
from boxoffice_desktop.errors import InvalidInput

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


@pytest.fixture
def pretix() -> dict:
    return json.loads((DEMO / "hall.json").read_text(encoding="utf-8"))


@pytest.fixture
def native() -> dict:
    return json.loads((DEMO / "hall.native.json").read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, content: dict | str) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def no_traceback(lines: list[str]) -> None:
    assert lines
    assert not any("Traceback" in line or 'File "' in line for line in lines)


@pytest.mark.parametrize("name", ["hall.json", "hall.native.json"])
def test_good_files_validate(name):
    code, lines = validate_file(DEMO / name)
    assert code == 0
    assert lines[-1].endswith("OK, 604 seats in 3 zones, 4 categories.")


def test_duplicate_guids_name_both_seats(tmp_path, pretix, native):
    p = copy.deepcopy(pretix)
    guid = p["zones"][0]["rows"][0]["seats"][0]["seat_guid"]
    p["zones"][0]["rows"][1]["seats"][2]["seat_guid"] = guid
    code, lines = validate_file(write(tmp_path, "dup.json", p))
    no_traceback(lines)
    assert code == 1
    assert guid in lines[0] and "zones[0].rows[1].seats[2]" in lines[0] and "zone 'Stalls'" in lines[0]
    n = copy.deepcopy(native)
    guid = n["zones"][0]["rows"][0]["seats"][0]["guid"]
    n["zones"][0]["rows"][1]["seats"][2]["guid"] = guid
    code, lines = validate_file(write(tmp_path, "dup.native.json", n))
    assert code == 1
    assert lines[0].startswith("error: Seat guid") and guid in lines[0]
    assert "Row A, seat 1" in lines[0] and "Row B, seat 3" in lines[0] and "zone 'Stalls'" in lines[0]


def test_undeclared_category_names_the_category_and_the_seat(tmp_path, pretix, native):
    p = copy.deepcopy(pretix)
    seat = p["zones"][0]["rows"][2]["seats"][3]
    seat["category"] = "VIP lounge"
    code, lines = validate_file(write(tmp_path, "vip.json", p))
    assert code == 1
    assert "'VIP lounge'" in lines[0] and seat["seat_guid"] in lines[0] and "row 'C' of zone 'Stalls'" in lines[0]
    n = copy.deepcopy(native)
    n["zones"][0]["rows"][2]["seats"][3]["category"] = "VIP lounge"
    code, lines = validate_file(write(tmp_path, "vip.native.json", n))
    assert code == 1
    assert "'VIP lounge'" in lines[0] and "Row C, seat 4" in lines[0]


def test_no_seats_and_absurd_coordinates(tmp_path, pretix, native):
    p = copy.deepcopy(pretix)
    for zone in p["zones"]:
        zone["rows"] = []
    code, lines = validate_file(write(tmp_path, "empty-plan.json", p))
    assert code == 1 and "no seats" in lines[0]
    p = copy.deepcopy(pretix)
    p["zones"][1]["rows"][0]["seats"][0]["position"]["x"] = 1e12
    code, lines = validate_file(write(tmp_path, "far.json", p))
    assert code == 1 and "absurd position" in lines[0] and "zone 'Balcony'" in lines[0] and "1000000000000" in lines[0]
    n = copy.deepcopy(native)
    n["zones"][1]["rows"][0]["seats"][0]["x"] = 1e12
    code, lines = validate_file(write(tmp_path, "far.native.json", n))
    assert code == 1 and "absurd position" in lines[0] and "zone 'Balcony', Row 1, seat 1" in lines[0]
    n = copy.deepcopy(native)
    n["zones"][0]["rows"][0]["seats"][0]["x"] = float("nan")
    code, lines = validate_file(write(tmp_path, "nan.native.json", json.dumps(n)))
    no_traceback(lines)
    assert code == 1 and "zones[0].rows[0].seats[0]" in lines[0] and "not a finite number" in lines[0]


@pytest.mark.parametrize(("text", "words"), [
    ("TRUNCATE", "ends too early at line 1"),
    ("{ nope }", "is not valid JSON at line 1, column 3"),
    ('{"format": "visio-drawing", "pages": []}', "Unknown seatmap format 'visio-drawing'"),
    ('{"pages": []}', "top-level keys: pages"),
    ("[1, 2, 3]", "must be a JSON object, not a list"),
    ("", "is empty"),
    ("\xff\xfe junk", "not valid JSON"),
])
def test_unreadable_files_are_one_clear_line(tmp_path, pretix, text, words):
    if text == "TRUNCATE":
        raw = json.dumps(pretix)
        text = raw[: len(raw) // 2]
    code, lines = validate_file(write(tmp_path, "plan.json", text))
    no_traceback(lines)
    assert code == 2
    assert words in lines[0]
    assert lines[-1].endswith("cannot be read as a seating plan.")


def test_missing_file_and_folder(tmp_path):
    code, lines = validate_file(tmp_path / "nowhere.json")
    assert code == 2 and "No such file" in lines[0]
    code, lines = validate_file(tmp_path)
    assert code == 2 and "is a folder" in lines[0]


def test_render_is_4000_px_wide_unless_asked(tmp_path, qapp):
    out = tmp_path / "hall.png"
    render_file(DEMO / "hall.json", out)
    image = QImage(str(out))
    assert image.width() == 4000 and 2000 < image.height() < 4000
    render_file(DEMO / "hall.native.json", out, width=900)
    assert QImage(str(out)).width() == 900


def test_render_draws_plans_with_ordinary_faults(tmp_path, native, qapp):
    n = copy.deepcopy(native)
    n["zones"][0]["rows"][0]["seats"][1]["number"] = n["zones"][0]["rows"][0]["seats"][0]["number"]
    n["zones"][0]["rows"][0]["seats"][2]["category"] = ""
    render_file(write(tmp_path, "faulty.native.json", n), tmp_path / "faulty.png", width=600)
    assert QImage(str(tmp_path / "faulty.png")).width() == 600


def test_render_refuses_bad_input_clearly(tmp_path, pretix, native, qapp):
    out = tmp_path / "out.png"
    with pytest.raises(InvalidInput, match="No such file"):
        render_file(tmp_path / "nowhere.json", out)
    raw = json.dumps(pretix)
    with pytest.raises(InvalidInput, match="ends too early"):
        render_file(write(tmp_path, "cut.json", raw[:1000]), out)
    with pytest.raises(InvalidInput, match="Unknown seatmap format"):
        render_file(write(tmp_path, "odd.json", '{"format": "dwg"}'), out)
    n = copy.deepcopy(native)
    for zone in n["zones"]:
        zone["rows"] = []
    with pytest.raises(InvalidInput, match="no seats"):
        render_file(write(tmp_path, "none.native.json", n), out)
    n = copy.deepcopy(native)
    n["zones"][1]["rows"][0]["seats"][0]["y"] = -5e9
    with pytest.raises(InvalidInput, match=r"cannot be drawn: zone 'Balcony', Row 1, seat 1 .* absurd position"):
        render_file(write(tmp_path, "far.native.json", n), out)
    with pytest.raises(InvalidInput, match="width"):
        render_file(DEMO / "hall.json", out, width=0)
    with pytest.raises(InvalidInput, match="does not exist"):
        render_file(DEMO / "hall.json", tmp_path / "no" / "such" / "folder.png")
    assert not out.exists()
