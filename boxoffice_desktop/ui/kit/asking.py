"""Non-blocking dialogs: every question and file dialog is opened with ``open()`` (never ``exec()``), kept
on an attribute of its page while it is up, and answers through a callback — the UI thread never sits in
a nested event loop, and tests reach the very dialog a person sees and click its buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QPushButton, QWidget


def ask(
    parent: QWidget,
    title: str,
    text: str,
    informative: str,
    choices: Sequence[tuple[str, str, QMessageBox.ButtonRole]],
    on_choice: Callable[[str], None],
    *,
    default: str | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """A window-modal question with buttons ``(key, text, role)``; ``on_choice(key)`` when one is clicked
    (Esc: the key of the reject-role button, if any)."""
    box = QMessageBox(parent)
    box.setObjectName("AreaQuestion")
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    keys: dict[QAbstractButton, str] = {}
    for key, caption, role in choices:
        b = box.addButton(caption, role)
        b.setObjectName(f"choice-{key}")
        keys[b] = key
        if key == default:
            box.setDefaultButton(b)
            if role not in (QMessageBox.ButtonRole.RejectRole, QMessageBox.ButtonRole.DestructiveRole):
                b.setProperty("primary", True)
        if role == QMessageBox.ButtonRole.RejectRole:
            box.setEscapeButton(b)

    def clicked(b: QAbstractButton) -> None:
        key = keys.get(b)
        if key is not None:
            on_choice(key)

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def choice_button(box: QMessageBox, key: str) -> QPushButton:
    """The button of ``key`` in a box made by :func:`ask` (for tests and shortcuts)."""
    found = box.findChild(QPushButton, f"choice-{key}")
    if found is None:
        raise LookupError(key)
    return found


def file_dialog(
    parent: QWidget,
    caption: str,
    on_chosen: Callable[[str], None],
    *,
    save: bool,
    filters: Sequence[str],
    directory: str = "",
    suffix: str = "",
    name: str = "",
) -> QFileDialog:
    """A window-modal file dialog (the platform's own where there is one); ``on_chosen(path)`` once."""
    dialog = QFileDialog(parent, caption, directory)
    dialog.setObjectName("AreaFileDialog")
    dialog.setNameFilters(list(filters))
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suffix:
            dialog.setDefaultSuffix(suffix)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if name:
        dialog.selectFile(name)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.fileSelected.connect(lambda path: on_chosen(path) if path else None)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
