"""Imports and exports through the file dialogs: a pretix plan or a native file comes in as a new map
(version 1, published); a stored version goes out as pretix, native, SVG (each one job) or PNG (the document
a job, the picture drawn on the UI thread, the file written by a job). What they say goes to the library's
message line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImageWriter

from boxoffice_desktop.errors import InvalidInput
from boxoffice_desktop.ui.kit.asking import file_dialog
from boxoffice_desktop.ui.kit.formats import plural
from boxoffice_desktop.ui.operations import run_job
from boxoffice_desktop.ui.seatmaps.library import VersionRow, load_document

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice
    from boxoffice_desktop.ui.seatmaps.area import SeatmapsArea
    from boxoffice_desktop.ui.seatmaps.library_pane import LibraryPane
    from editor.model import SeatingDocument

EXPORTS = (
    # key, menu text, file filter, suffix
    ("pretix", "pretix seating plan (.json)", "pretix seating plan (*.json)", "json"),
    ("native", "Box office seatmap file (.json)", "Box office seatmap (*.json)", "json"),
    ("svg", "SVG drawing (.svg)", "SVG drawing (*.svg)", "svg"),
    ("png", "PNG picture (.png)", "PNG picture (*.png)", "png"),
)
PNG_EXPORT_WIDTH = 4000


def file_stem(text: str) -> str:
    return re.sub(r"[^\w\-. ]+", "", text).strip() or "seatmap"


def export_to_file(bo: BoxOffice, seatmap_id: int, fmt: str, path: str) -> str:
    """The job of an export: the stored version written to ``path`` in ``fmt``."""
    target = Path(path)
    try:
        if fmt in ("pretix", "native"):
            data = bo.export_seatmap(seatmap_id, fmt)
            target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        elif fmt == "svg":
            target.write_text(str(bo.export_seatmap(seatmap_id, "svg")), encoding="utf-8")
        elif fmt == "png":
            raise InvalidInput("A PNG is drawn on the UI thread: use SeatmapsPage.export.")
        else:
            raise InvalidInput(f"Unknown export format {fmt!r}.")
    except OSError as exc:
        raise InvalidInput(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    return str(target)


class SeatmapFiles:
    """The import button's and the Export menu's work, for the library pane ``pane`` of ``area``."""

    def __init__(self, area: SeatmapsArea, pane: LibraryPane):
        self.area = area
        self.pane = pane

    # import ------------------------------------------------------------------------------------------
    def choose_import(self) -> None:
        self.area.dialog = file_dialog(
            self.pane,
            "Import a seating plan",
            self.import_file,
            save=False,
            filters=["Seating plans (*.json)", "All files (*)"],
        )

    def import_file(self, path: str) -> None:
        area, pane = self.area, self.pane
        bo = area.bo
        pane.import_button.setEnabled(False)
        pane.message.show_message(f"Importing {Path(path).name}…", "info")

        def done(seatmap_id: int) -> None:
            pane.import_button.setEnabled(True)
            area.dialog = None

            def loaded() -> None:
                row = area.library.find(seatmap_id) if area.library else None
                if row is not None:
                    pane.message.show_message(
                        f"Imported {row.name} as version 1, published: {plural(row.seat_count, 'seat')}.", "ok"
                    )

            area.reload(select_id=seatmap_id, then=loaded)

        def failed(_exc: BaseException, message: str) -> None:
            pane.import_button.setEnabled(True)
            area.dialog = None
            pane.message.show_message(message, "error")

        run_job(
            lambda: bo.import_seatmap(path, format=None),
            on_success=done,
            on_failure=failed,
            parent=pane,
            name="seatmaps.import",
        )

    # export ------------------------------------------------------------------------------------------
    def choose_export(self, row: VersionRow, fmt: str) -> None:
        _key, _text, name_filter, suffix = next(e for e in EXPORTS if e[0] == fmt)
        self.area.dialog = file_dialog(
            self.pane,
            f"Export {row.name}, version {row.version}",
            lambda path: self.export(row, fmt, path),
            save=True,
            filters=[name_filter],
            suffix=suffix,
            name=f"{file_stem(row.name)} v{row.version}{'.pretix' if fmt == 'pretix' else ''}.{suffix}",
        )

    def export(self, row: VersionRow, fmt: str, path: str) -> None:
        if fmt == "png":
            self._export_png(row, path)
            return
        bo = self.area.bo
        run_job(
            lambda: export_to_file(bo, row.id, fmt, path),
            on_success=lambda written: self._exported(row, written),
            on_failure=self._failed,
            parent=self.pane,
            name=f"seatmaps.export.{fmt}",
        )

    def _export_png(self, row: VersionRow, path: str) -> None:
        """Three steps: the document (a job), the picture (here: painting text stays on one thread), the
        file (a job: encoding a large PNG takes a moment)."""
        bo = self.area.bo

        def draw(doc: SeatingDocument) -> None:
            from editor._qt.render import render_image

            try:
                image = render_image(doc, PNG_EXPORT_WIDTH)
            except ValueError as exc:
                self._failed(exc, str(exc))
                return

            def write() -> str:
                if not QImageWriter(path, b"PNG").write(image):  # what QImage.save does (typed here)
                    raise InvalidInput(f"Cannot write {path}.")
                return path

            run_job(
                write,
                on_success=lambda written: self._exported(row, written),
                on_failure=self._failed,
                parent=self.pane,
                name="seatmaps.export.png.write",
            )

        run_job(
            lambda: load_document(bo, row.id),
            on_success=draw,
            on_failure=self._failed,
            parent=self.pane,
            name="seatmaps.export.png",
        )

    def _exported(self, row: VersionRow, written: str) -> None:
        self.area.dialog = None
        self.pane.message.show_message(f"Exported {row.name}, version {row.version}, to {written}.", "ok")

    def _failed(self, _exc: BaseException, message: str) -> None:
        self.area.dialog = None
        self.pane.message.show_message(message, "error")
