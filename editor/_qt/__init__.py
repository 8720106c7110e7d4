"""The Qt part of the editor: the seatmap editor and the read-only seatmap view (PySide6 + the model).

Public API::

    from editor._qt import SeatmapEditor, SeatmapView, ViewSeat, render_png

- :class:`SeatmapEditor` (``QWidget``): ``load(doc)``, ``document()``, ``is_modified()``, ``mark_saved()``,
  ``request_publish()``, ``export_png(path, width)``; signals ``saveRequested``, ``publishRequested``,
  ``validationChanged(int errors)``, ``modifiedChanged(bool)``, ``selectionChanged``.
- :class:`SeatmapView` (``QGraphicsView``): ``set_background(doc)``, ``set_document(doc)``,
  ``set_seats(records)``, ``update_seats(records)``, ``selected_ids()``; signals ``seatClicked(int)``,
  ``selectionChanged(list)``, ``seatRefused(int, str)``.
- :func:`render_png` / :func:`render_image`: a plan as a picture (QtGui only).

No Python object per seat is painted: one item paints every seat from a spatial grid (see ``store`` and
``paint``).
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names below, typed for the checker; at run time they load on first use
    from .controller import EditorController, Selection
    from .look import Look
    from .panels import ShortcutsDialog
    from .render import RenderError, render_image, render_png
    from .seatmap_editor import SeatmapEditor, new_document
    from .view import SeatmapLegend, SeatmapView, ViewSeat, records_from_document

# Names are loaded on first use: ``editor._qt.render`` (QtGui only) stays light for the command line.
_WHERE = {
    "EditorController": "controller", "Selection": "controller", "Look": "look", "RenderError": "render",
    "render_image": "render", "render_png": "render", "SeatmapEditor": "seatmap_editor",
    "new_document": "seatmap_editor", "SeatmapLegend": "view", "SeatmapView": "view", "ViewSeat": "view",
    "records_from_document": "view", "ShortcutsDialog": "panels",
}

__all__ = [
    "EditorController", "Look", "RenderError", "SeatmapEditor", "SeatmapLegend", "SeatmapView", "Selection",
    "ShortcutsDialog", "ViewSeat", "new_document", "records_from_document", "render_image", "render_png",
]
# (keep __all__, _WHERE and the imports for the checker above in step)


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
