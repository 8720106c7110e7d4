"""``SeatmapEditor``: the whole editor in one widget — tools on the left, the canvas with its check list
below it, properties, categories and zones on the right, actions and the live check status above, and a
status line with the tool's hint, the cursor position, the selection and the zoom."""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsPixmapItem,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStatusBar,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.model.document import SeatingDocument
from editor.model.elements import Category
from editor.model.faults import Fault
from editor.model.geometry import Box
from editor.model.selection import Scope
from editor.model.zones import new_zone

from . import icons
from .controller import EditorController
from .editor_canvas import EditorCanvas
from .panels import CategoriesPanel, PropertiesPanel, ShortcutsDialog, ValidationPanel, ZonesPanel

TOOLS: tuple[tuple[str, str, str], ...] = (
    # (tool name, label, shortcut)
    ("select", "Select", "V"),
    ("hand", "Pan", "H"),
    ("row", "Row", "R"),
    ("curved-row", "Curved row", "C"),
    ("block", "Block of rows", "B"),
    ("zone", "Zone", "Z"),
    ("round-table", "Round table", "O"),
    ("long-table", "Long table", "L"),
    ("standing", "Standing area", "S"),
    ("stage", "Stage", "K"),
    ("rectangle", "Rectangle", "M"),
    ("ellipse", "Ellipse", "E"),
    ("polygon", "Polygon", "P"),
    ("text", "Text label", "T"),
    ("focal", "Focal point (stage centre)", "F"),
)

def editor_style() -> str:
    """The editor's stylesheet (editor/_qt/editor.qss)."""
    return resources.files("editor._qt").joinpath("editor.qss").read_text(encoding="utf-8")


def new_document(name: str = "New seating plan") -> SeatingDocument:
    """An empty plan to start from: one category, one zone labelled A, B, C … without I and O."""
    doc = SeatingDocument(name=name, width=1600, height=1000)
    doc.categories.append(Category("Standard", "#3b7dd8"))
    doc.zones.append(new_zone(doc, "Floor"))
    return doc


class SeatmapEditor(QWidget):
    """The seatmap editor. Public API:

    - ``load(doc)`` / ``document()`` / ``is_modified()`` / ``mark_saved()``;
    - ``request_publish() -> bool``: checks the plan; emits ``publishRequested`` only without errors;
    - ``export_png(path, width=4000)``;
    - signals ``saveRequested()``, ``publishRequested()``, ``validationChanged(int errors)``,
      ``modifiedChanged(bool)``, ``selectionChanged()``.

    ``controller`` (:class:`EditorController`) holds the state and every operation; ``canvas`` is the
    drawing surface; ``undo_stack`` the ``QUndoStack``.
    """

    saveRequested = Signal()
    publishRequested = Signal()
    validationChanged = Signal(int)
    modifiedChanged = Signal(bool)
    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None, doc: SeatingDocument | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SeatmapEditor")
        self.setStyleSheet(editor_style())
        self.controller = ctl = EditorController(self)
        self.undo_stack = ctl.stack
        self.canvas = EditorCanvas(ctl)
        self.actions_by_name: dict[str, QAction] = {}
        self._trace: QGraphicsPixmapItem | None = None

        self.properties = PropertiesPanel(ctl, self.canvas.new_seats)
        self.categories = CategoriesPanel(ctl)
        self.zones = ZonesPanel(ctl)
        self.check = ValidationPanel(ctl)
        self.check.faultActivated.connect(self.show_fault)

        self._build_actions()
        self.top_bar = self._build_top_bar()
        self.tool_palette = self._build_palette()

        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("RightColumn")
        right.setChildrenCollapsible(False)
        right.addWidget(self.properties)
        right.addWidget(self.categories)
        right.addWidget(self.zones)
        right.setStretchFactor(0, 5)
        right.setStretchFactor(1, 2)
        right.setStretchFactor(2, 1)
        right.setSizes([600, 170, 120])
        right.setMinimumWidth(300)
        self.right_column = right

        centre = QSplitter(Qt.Orientation.Vertical)
        centre.setChildrenCollapsible(True)
        centre.addWidget(self.canvas)
        centre.addWidget(self.check)
        centre.setStretchFactor(0, 1)
        centre.setSizes([720, 110])
        self.centre = centre

        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(centre)
        main.addWidget(right)
        main.setStretchFactor(0, 1)
        main.setStretchFactor(1, 0)
        main.setSizes([1000, 320])

        self.status = QStatusBar()
        self.status.setSizeGripEnabled(False)
        self.hint = QLabel()
        self.hint.setObjectName("Hint")
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.position_label = QLabel("—")
        self.selection_label = QLabel("Nothing selected")
        self.zoom_label = QLabel("100%")
        self.status.addWidget(self.hint, 1)
        for label in (self.selection_label, self.position_label, self.zoom_label):
            self.status.addPermanentWidget(label)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.tool_palette)
        body.addWidget(main, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.top_bar)
        outer.addLayout(body, 1)
        outer.addWidget(self.status)

        ctl.validationChanged.connect(self._validation_changed)
        ctl.selectionChanged.connect(self._selection_changed)
        ctl.message.connect(self._message)
        ctl.stack.cleanChanged.connect(self._clean_changed)
        ctl.stack.canUndoChanged.connect(self.actions_by_name["undo"].setEnabled)
        ctl.stack.canRedoChanged.connect(self.actions_by_name["redo"].setEnabled)
        self.canvas.cursorMoved.connect(self._cursor_moved)
        self.canvas.zoomChanged.connect(self._zoom_changed)
        self.canvas.statusChanged.connect(self._update_hint)
        self.canvas.toolChanged.connect(self._tool_changed)
        self.canvas.focusPropertyRequested.connect(self.properties.focus_field)
        self._update_hint()
        self._validation_changed(0, 0)
        self.load(doc if doc is not None else new_document())

    # -- public API ---------------------------------------------------------------------------------
    def load(self, doc: SeatingDocument) -> None:
        """Edit ``doc`` (changed in place by every operation); the undo history starts afresh."""
        self.controller.load(doc)
        self.canvas.set_tool("select")
        self.canvas.fit()

    def document(self) -> SeatingDocument:
        return self.controller.doc

    def is_modified(self) -> bool:
        return self.controller.is_modified()

    def mark_saved(self) -> None:
        """The caller stored the plan: it is unmodified from here on."""
        self.controller.stack.setClean()

    def request_publish(self) -> bool:
        """Check the plan now; with errors, publishing is refused (the check list shows why)."""
        self.controller.run_validation()
        if self.controller.errors:
            n = self.controller.errors
            self.show_check(True)
            self.status.showMessage(f"Publishing refused: the plan has {n} error{'s' if n != 1 else ''}. "
                                    "Fix them first (see the check list).", 10000)
            return False
        self.publishRequested.emit()
        return True

    def export_png(self, path: str | os.PathLike[str], width: int = 4000) -> None:
        from .render import render_png

        render_png(self.controller.doc, path, width)

    def set_trace_image(self, image: QImage | str | None, opacity: float = 0.35) -> None:
        """Show a drawing of the venue under the plan to trace over (never saved into the plan)."""
        if self._trace is not None:
            self.canvas.scene().removeItem(self._trace)
            self._trace = None
        if image is None:
            return
        pixmap = QPixmap(image) if isinstance(image, str) else QPixmap.fromImage(image)
        if pixmap.isNull():
            self.status.showMessage("That image cannot be read.", 6000)
            return
        item = QGraphicsPixmapItem(pixmap)
        doc = self.controller.doc
        scale = doc.width / max(pixmap.width(), 1)
        item.setScale(scale)
        item.setOpacity(opacity)
        item.setZValue(-5)
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.canvas.scene().addItem(item)
        self._trace = item

    def show_fault(self, fault: Fault) -> None:
        """Select what a fault is about and bring it into view."""
        ctl = self.controller
        selection = ctl.fault_selection(fault)
        if not selection:
            self.status.showMessage(fault.message, 8000)
            return
        ctl.set_selection(selection)
        rect = ctl.selection_rect()
        if not rect.isNull():
            self.canvas.centre_on_rect(rect.adjusted(-40, -40, 40, 40))
        self.canvas.setFocus()

    def show_check(self, visible: bool = True) -> None:
        sizes = self.centre.sizes()
        if visible and sizes[1] < 60:
            self.centre.setSizes([max(sizes[0] - 160, 200), 160])
        elif not visible:
            self.centre.setSizes([sum(sizes), 0])

    # -- actions ------------------------------------------------------------------------------------
    def _action(self, name: str, text: str, shortcut: str | QKeySequence | QKeySequence.StandardKey | list[str] | None,
                slot: Callable[..., object],
                icon_name: str | None = None, *, checkable: bool = False, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if icon_name:
            action.setIcon(icons.icon(icon_name))
        keys: list[QKeySequence] = []
        if isinstance(shortcut, list):
            keys = [QKeySequence(k) for k in shortcut]
        elif shortcut:
            keys = [QKeySequence(shortcut)]
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{tip or text}" + (f"  ({shown})" if shown else ""))
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        ctl = self.controller
        canvas = self.canvas
        a = self._action
        group = QActionGroup(self)
        group.setExclusive(True)
        for name, label, key in TOOLS:
            action = a(f"tool-{name}", label, key, lambda n=name: canvas.set_tool(n), name,
                       tip=f"{label} — {canvas.tools[name].hint}")
            action.setCheckable(True)
            group.addAction(action)
        self.actions_by_name["tool-select"].setChecked(True)
        a("undo", "Undo", QKeySequence.StandardKey.Undo, ctl.stack.undo, "undo").setEnabled(False)
        a("redo", "Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], ctl.stack.redo, "redo").setEnabled(False)
        a("duplicate", "Duplicate", "Ctrl+D", ctl.duplicate_selection, "duplicate",
          tip="Duplicate the selection (copies get new seat ids)")
        a("delete", "Delete", None, ctl.delete_selection, "delete", tip="Delete the selection (Delete key)")
        a("select-all", "Select all", "Ctrl+A", ctl.select_all)
        a("rotate-ccw", "Rotate −15°", "[", lambda: ctl.rotate_selection(-15), "rotate-ccw")
        a("rotate-cw", "Rotate +15°", "]", lambda: ctl.rotate_selection(15), "rotate-cw")
        a("rotate-ccw-fine", "Rotate −1°", "Alt+[", lambda: ctl.rotate_selection(-1))
        a("rotate-ccw-90", "Rotate −90°", "Ctrl+[", lambda: ctl.rotate_selection(-90))
        a("rotate-cw-90", "Rotate +90°", "Ctrl+]", lambda: ctl.rotate_selection(90))
        a("rotate-cw-fine", "Rotate +1°", "Alt+]", lambda: ctl.rotate_selection(1))
        a("flip-h", "Flip horizontally", "Shift+H", lambda: ctl.flip_selection(True), "flip-h")
        a("flip-v", "Flip vertically", "Shift+V", lambda: ctl.flip_selection(False), "flip-v")
        for how, label, key in (("left", "Align left", "Alt+Shift+L"), ("hcentre", "Align centres", "Alt+Shift+C"),
                                ("right", "Align right", "Alt+Shift+R"), ("top", "Align top", "Alt+Shift+T"),
                                ("vcentre", "Align middles", "Alt+Shift+M"),
                                ("bottom", "Align bottom", "Alt+Shift+B")):
            a(f"align-{how}", label, key, lambda h=how: ctl.align(h), f"align-{how}")
        a("distribute-h", "Distribute horizontally", "Alt+Shift+H", lambda: ctl.distribute("h"), "distribute-h")
        a("distribute-v", "Distribute vertically", "Alt+Shift+V", lambda: ctl.distribute("v"), "distribute-v")
        a("zone-from-selection", "Zone from selection", "Ctrl+G", self._zone_from_selection,
          tip="Make the selected rows a zone of their own")
        a("zoom-in", "Zoom in", ["Ctrl+=", "Ctrl++"], lambda: canvas.zoom_by(1.25), "zoom-in")
        a("zoom-out", "Zoom out", "Ctrl+-", lambda: canvas.zoom_by(0.8), "zoom-out")
        a("fit", "Show the whole plan", "Ctrl+0", canvas.fit, "fit")
        a("actual-size", "Actual size", "Ctrl+1", lambda: canvas.zoom_to(1.0))
        a("grid", "Grid", "G", self._toggle_grid, "grid", checkable=True).setChecked(True)
        a("snap", "Snap to grid", "Shift+G", self._toggle_snap, "snap", checkable=True,
          tip="Snap to the grid (hold Shift while dragging to do the opposite)").setChecked(True)
        scopes = QActionGroup(self)
        scopes.setExclusive(True)
        for scope, label, key in (("seat", "Seats", "Alt+1"), ("row", "Rows", "Alt+2"), ("zone", "Zones", "Alt+3")):
            action = a(f"scope-{scope}", label, key, lambda s=scope: self._set_scope(s),
                       tip=f"Clicks select {label.lower()}")
            action.setCheckable(True)
            scopes.addAction(action)
        self.actions_by_name["scope-row"].setChecked(True)
        a("check", "Check the plan now", "F7", ctl.run_validation)
        a("shortcuts", "Keyboard shortcuts", "F1", self.show_shortcuts, "keyboard")
        a("trace", "Trace over an image…", None, self._choose_trace_image, "image",
          tip="Show a drawing of the venue under the plan to trace over (not saved)")
        a("export-png", "Export PNG…", "Ctrl+E", self._export_png_dialog, "export")
        a("save", "Save", "Ctrl+S", self.saveRequested.emit, "save", tip="Save the draft")
        a("publish", "Publish…", "Ctrl+Shift+P", self.request_publish, "publish",
          tip="Check the plan and publish it (refused while it has errors)")
        for n in range(1, 10):
            a(f"category-{n}", f"Category {n}", str(n), lambda k=n: self._assign_nth(k))

    def _build_top_bar(self) -> QToolBar:
        bar = QToolBar()
        bar.setObjectName("TopBar")
        bar.setIconSize(QSize(18, 18))
        bar.setMovable(False)
        names = ["undo", "redo", None, "scope-seat", "scope-row", "scope-zone", None, "duplicate", "delete", None,
                 "rotate-ccw", "rotate-cw", "flip-h", "flip-v",
                 None, "align-left", "align-hcentre", "align-right", "align-top", "align-vcentre", "align-bottom",
                 "distribute-h", "distribute-v", None, "zoom-out", "zoom-in", "fit", None, "grid", "snap", "trace",
                 "shortcuts"]
        for name in names:
            if name is None:
                bar.addSeparator()
            else:
                bar.addAction(self.actions_by_name[name])
                if name.startswith("scope-"):
                    button = bar.widgetForAction(self.actions_by_name[name])
                    button.setProperty("scope", True)
                    if isinstance(button, QToolButton):
                        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.status_button = QToolButton()
        self.status_button.setObjectName("Status")
        self.status_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.status_button.setIconSize(QSize(14, 14))
        self.status_button.setToolTip("The plan's check: click to show or hide the list of problems")
        self.status_button.clicked.connect(lambda: self.show_check(self.centre.sizes()[1] < 60))
        bar.addWidget(self.status_button)
        bar.addSeparator()
        bar.addAction(self.actions_by_name["export-png"])
        save = QToolButton()
        save.setObjectName("Save")
        save.setDefaultAction(self.actions_by_name["save"])
        save.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addWidget(save)
        publish = QToolButton()
        publish.setObjectName("Publish")
        publish.setDefaultAction(self.actions_by_name["publish"])
        publish.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(publish)
        return bar

    def _build_palette(self) -> QToolBar:
        bar = QToolBar()
        bar.setObjectName("ToolPalette")
        bar.setOrientation(Qt.Orientation.Vertical)
        bar.setIconSize(QSize(20, 20))
        bar.setMovable(False)
        groups = (("select", "hand"), ("row", "curved-row", "block", "zone"),
                  ("round-table", "long-table", "standing"), ("stage", "rectangle", "ellipse", "polygon", "text"),
                  ("focal",))
        for n, group in enumerate(groups):
            if n:
                bar.addSeparator()
            for name in group:
                bar.addAction(self.actions_by_name[f"tool-{name}"])
        return bar

    # -- reactions ----------------------------------------------------------------------------------
    def _message(self, text: str) -> None:
        self.status.showMessage(text, 6000)

    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    def _zoom_changed(self, scale: float) -> None:
        self.zoom_label.setText(f"{scale * 100:.0f}%")

    def _tool_changed(self, name: str) -> None:
        action = self.actions_by_name.get(f"tool-{name}")
        if action is not None and not action.isChecked():
            action.setChecked(True)
        self._update_hint()

    def _update_hint(self) -> None:
        self.hint.setText(self.canvas.tool.status())

    def _cursor_moved(self, pos: QPointF) -> None:
        self.position_label.setText(f"x {pos.x():.0f}  y {pos.y():.0f}")

    def _selection_changed(self) -> None:
        self.selection_label.setText(self.controller.describe_selection())
        self.selectionChanged.emit()

    def _validation_changed(self, errors: int, warnings: int) -> None:
        button = self.status_button
        if errors:
            button.setIcon(icons.icon("error"))
            button.setText(f"{errors} error{'s' if errors != 1 else ''}")
            state = "error"
        elif warnings:
            button.setIcon(icons.icon("warning"))
            button.setText(f"{warnings} warning{'s' if warnings != 1 else ''}")
            state = "warning"
        else:
            button.setIcon(icons.icon("check"))
            button.setText("No problems")
            state = "ok"
        button.setProperty("state", state)
        button.style().unpolish(button)
        button.style().polish(button)
        self.validationChanged.emit(errors)

    def _toggle_grid(self, on: bool) -> None:
        self.canvas.show_grid = on
        self.canvas.viewport().update()

    def _toggle_snap(self, on: bool) -> None:
        self.canvas.snap = on

    def _set_scope(self, scope: Scope) -> None:
        self.controller.set_scope(scope)
        action = self.actions_by_name[f"scope-{scope}"]
        if not action.isChecked():
            action.setChecked(True)
        self.status.showMessage(f"Clicks now select {scope}s.", 3000)

    def _assign_nth(self, n: int) -> None:
        cats = self.controller.doc.categories
        if n <= len(cats):
            self.controller.assign_category(cats[n - 1].name)

    def _zone_from_selection(self) -> None:
        box = self.controller.selection_box()
        if box is None:
            self.status.showMessage("Select the rows of the new zone first.", 5000)
            return
        self.controller.make_zone(Box(box.left - 1, box.top - 1, box.right + 1, box.bottom + 1))

    def shortcut_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        def keys(name: str) -> str:
            action = self.actions_by_name[name]
            return " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())

        tools = [(keys(f"tool-{n}"), label) for n, label, _ in TOOLS]
        edit = [(keys("undo"), "Undo"), (keys("redo"), "Redo"), (keys("duplicate"), "Duplicate (new seat ids)"),
                ("Delete", "Delete the selection"), (keys("select-all"), "Select all"),
                ("Esc", "Cancel, back to Select, clear the selection"),
                ("← → ↑ ↓", "Nudge (Shift ×5, Alt by 1)"), (keys("rotate-ccw") + "  " + keys("rotate-cw"),
                                                            "Rotate by 15° (Alt: 1°, Ctrl: 90°)"),
                (keys("flip-h"), "Flip horizontally"), (keys("flip-v"), "Flip vertically"),
                (keys("zone-from-selection"), "Zone from the selected rows"),
                ("1 … 9", "Give the selection a category")]
        arrange = [(keys(f"align-{h}"), self.actions_by_name[f"align-{h}"].text())
                   for h in ("left", "hcentre", "right", "top", "vcentre", "bottom")]
        arrange += [(keys("distribute-h"), "Distribute horizontally"),
                    (keys("distribute-v"), "Distribute vertically")]
        select = [("Click", "Select (row, seat or zone, see below)"),
                  ("Shift+Click", "Add to / take from the selection"), ("Alt+Click", "Select one seat"),
                  ("Double-click", "Select one seat"), ("Drag", "Move; on empty space: marquee"),
                  (keys("scope-seat"), "Clicks select seats"), (keys("scope-row"), "Clicks select rows"),
                  (keys("scope-zone"), "Clicks select zones")]
        view = [("Ctrl+Wheel", "Zoom"), ("Wheel", "Scroll"), ("Space+Drag", "Pan (also the middle button)"),
                (keys("zoom-in"), "Zoom in"), (keys("zoom-out"), "Zoom out"), (keys("fit"), "Whole plan"),
                (keys("actual-size"), "Actual size"), (keys("grid"), "Grid on/off"), (keys("snap"), "Snapping on/off"),
                ("Shift (dragging)", "Snap the other way")]
        drawing = [("Up / Down", "Curved row: bend by 5° (Shift 1°)"), ("Enter", "Finish a curved row or a polygon"),
                   ("Backspace", "Polygon: drop the last corner"), ("Right-click", "Cancel the gesture")]
        plan = [(keys("check"), "Check the plan now"), (keys("save"), "Save"), (keys("publish"), "Publish"),
                (keys("export-png"), "Export PNG"), (keys("shortcuts"), "This list")]
        return [("Tools", tools), ("Editing", edit), ("Drawing", drawing), ("Selecting", select),
                ("Arranging", arrange), ("View", view), ("Plan", plan)]

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.shortcut_groups(), self)
        dialog.setModal(False)
        dialog.show()
        self._shortcuts_dialog = dialog
        return dialog

    def _choose_trace_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Trace over an image", "", "Images (*.png *.jpg *.jpeg *.bmp)")
        if path:
            self.set_trace_image(path)

    def _export_png_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export PNG", f"{self.controller.doc.name or 'seatmap'}.png",
                                              "PNG images (*.png)")
        if path:
            try:
                self.export_png(path)
            except (OSError, ValueError) as exc:
                self.status.showMessage(str(exc), 8000)
            else:
                self.status.showMessage(f"Wrote {path}.", 6000)
