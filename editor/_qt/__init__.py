"""The Qt part of the editor: the seatmap editor and the read-only seatmap view (PySide6 + the model).

Public API::

    from editor._qt import SeatmapEditor, SeatmapView, ViewSeat, render_png

- :class:`SeatmapEditor` (``QWidget``): ``load(doc)``, ``document()``, ``is_modified()``, ``mark_saved()``,
  ``request_publish()``, ``export_png(path, width)``; signals ``saveRequested``, ``publishRequested``,
  ``validationChanged(int errors)``, ``modifiedChanged(bool)``, ``selectionChanged``.
- :class:`SeatmapView` (``QGraphicsView``): ``set_background(doc)``, ``set_document(doc)``,
  ``set_seats(records)``, ``update_seats(records)``, ``selected_ids()``; signals ``seatClicked(int)``,
  ``selectionChanged(list)``, ``seatRefused(int, str)``, ``seatHovered(int)``.
- :func:`render_png` / :func:`render_image`: a plan as a picture (QtGui only).

No Python object per seat is painted: one item paints every seat from a spatial grid (see ``store`` and
``paint``).
"""

from .controller import EditorController, Selection
from .look import Look
from .render import RenderError, render_image, render_png
from .seatmap_editor import SeatmapEditor, new_document
from .view import SeatmapLegend, SeatmapView, ViewSeat, records_from_document

__all__ = [
    "EditorController", "Look", "RenderError", "SeatmapEditor", "SeatmapLegend", "SeatmapView", "Selection", "ViewSeat",
    "new_document", "records_from_document", "render_image", "render_png",
]
