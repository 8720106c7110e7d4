"""Row labels and seat numbers."""

from __future__ import annotations

import pytest

from editor.model import (
    SKIP_I_O,
    RowLabelling,
    SeatNumbering,
    render_template,
    row_labels,
    row_text,
    seat_name,
    seat_numbers,
    seat_text,
)


def test_letters_then_doubled_letters() -> None:
    labels = row_labels(28)
    assert labels[:3] == ["A", "B", "C"] and labels[25:] == ["Z", "AA", "BB"]


def test_skipping_i_and_o_on_request() -> None:
    assert row_labels(10, RowLabelling(skip_letters=SKIP_I_O)) == list("ABCDEFGHJK")
    assert row_labels(16, RowLabelling(skip_letters=SKIP_I_O))[-3:] == ["P", "Q", "R"]
    assert "I" in row_labels(10)  # not skipped unless asked


def test_numbers_with_custom_start_and_skipped_13() -> None:
    assert row_labels(4, RowLabelling(style="numbers", start=11, skip_13=True)) == ["11", "12", "14", "15"]
    assert row_labels(3, RowLabelling(style="numbers", start=101)) == ["101", "102", "103"]


def test_custom_start_reverse_double_letters_and_prefix() -> None:
    assert row_labels(3, RowLabelling(start="C")) == ["C", "D", "E"]
    assert row_labels(3, RowLabelling(start=3)) == ["C", "D", "E"]
    assert row_labels(3, RowLabelling(reverse=True)) == ["C", "B", "A"]
    assert row_labels(3, RowLabelling(style="double-letters")) == ["AA", "BB", "CC"]
    assert row_labels(2, RowLabelling(style="double-letters", start="CC")) == ["CC", "DD"]
    assert row_labels(2, RowLabelling(style="numbers", prefix="R")) == ["R1", "R2"]


@pytest.mark.parametrize("scheme", [
    RowLabelling(start="I", skip_letters=SKIP_I_O),
    RowLabelling(start="A1"),
    RowLabelling(style="numbers", start="A"),
    RowLabelling(style="double-letters", start="A"),
])
def test_impossible_starts_are_refused(scheme: RowLabelling) -> None:
    with pytest.raises(ValueError):
        row_labels(3, scheme)


def test_unknown_styles_are_refused() -> None:
    with pytest.raises(ValueError):
        RowLabelling(style="roman")
    with pytest.raises(ValueError):
        SeatNumbering(direction="up")
    with pytest.raises(ValueError):
        SeatNumbering(mode="prime")


def test_seat_numbers_directions_and_parity() -> None:
    assert seat_numbers(4) == ["1", "2", "3", "4"]
    assert seat_numbers(4, SeatNumbering(direction="rtl")) == ["4", "3", "2", "1"]
    assert seat_numbers(4, SeatNumbering(mode="odd")) == ["1", "3", "5", "7"]
    assert seat_numbers(3, SeatNumbering(mode="even")) == ["2", "4", "6"]
    assert seat_numbers(3, SeatNumbering(mode="even", direction="rtl")) == ["6", "4", "2"]
    assert seat_numbers(3, SeatNumbering(mode="odd", start=4)) == ["5", "7", "9"]


def test_seat_numbers_start_prefix_and_13() -> None:
    assert seat_numbers(3, SeatNumbering(start=101)) == ["101", "102", "103"]
    assert seat_numbers(2, SeatNumbering(prefix="B-")) == ["B-1", "B-2"]
    assert seat_numbers(4, SeatNumbering(start=11, skip_13=True)) == ["11", "12", "14", "15"]


def test_label_templates() -> None:
    assert render_template("Seat %s", "12") == "Seat 12"
    assert render_template(None, "12") is None
    assert row_text("C", None) == "Row C" and row_text("C", "Parterre, row %s") == "Parterre, row C"
    assert seat_text("7", None) == "Seat 7" and seat_text("7", "Place %s") == "Place 7"
    assert seat_name("Stalls", "Row C", "Seat 12") == "Stalls, Row C, Seat 12"
    assert seat_name("", "Row C", "Seat 12") == "Row C, Seat 12"
