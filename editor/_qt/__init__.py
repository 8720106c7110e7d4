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

from importlib import import_module

# Names are loaded on first use: ``editor._qt.render`` (QtGui only) stays light for the command line.
_WHERE = {
    "EditorController": "controller", "Selection": "controller", "Look": "look", "RenderError": "render",
    "render_image": "render", "render_png": "render", "SeatmapEditor": "seatmap_editor",
    "new_document": "seatmap_editor", "SeatmapLegend": "view", "SeatmapView": "view", "ViewSeat": "view",
    "records_from_document": "view",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
