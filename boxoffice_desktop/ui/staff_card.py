"""The Staff card of the Settings area: the organisation's people, for an administrator.

Everyone listed signs in as their own login on the database server (``<organisation>.<user name>``); what
the card does goes through the server's own functions, which check that the caller may manage staff and
refuse with one line this card shows (nobody changes their own role or disables themselves; a user name
taken on the server; a password too short). Each action is a background job; passwords leave their fields
the moment the job starts and reach the server only as SCRAM verifiers (``services.staff``).

Only a role that may manage staff gets the card (``Permission.MANAGE_STAFF``); the server refuses everybody
else anyway. Every word goes through ``QCoreApplication.translate`` with the context "StaffCard".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from boxoffice_desktop.ui.kit.areas import button
from boxoffice_desktop.ui.kit.asking import ask
from boxoffice_desktop.ui.kit.labels import MessageLine, Pill, label
from boxoffice_desktop.ui.kit.tables import (
    Column,
    RecordTableModel,
    make_table,
    select_where,
    selected_record,
    sorted_proxy,
)
from boxoffice_desktop.ui.operations import run_job

if TYPE_CHECKING:
    from boxoffice_desktop.api import BoxOffice

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

ROLES = ("cashier", "manager", "accountant", "admin")
USERNAME_PATTERN = r"[a-z0-9][a-z0-9_-]{0,37}"  # the server's rule (bo_check_username): manners here
TABLE_ROWS = (3, 8)  # the list is as tall as its rows, within these bounds (then it scrolls)
LABEL_COLUMN = 170  # as wide as the other Settings cards' names


def role_name(role: Any) -> str:
    value = str(getattr(role, "value", role))
    names = {
        "cashier": translate("StaffCard", "Cashier"),
        "manager": translate("StaffCard", "Manager"),
        "accountant": translate("StaffCard", "Accountant"),
        "admin": translate("StaffCard", "Administrator"),
    }
    return names.get(value, value)


def _password_field(placeholder: str, name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    return edit


def _role_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for role in ROLES:
        combo.addItem(role_name(role), role)
    return combo


class StaffCard(QFrame):
    """The list of staff and what an administrator does with it. ``reload()`` fetches the list."""

    def __init__(self, bo: BoxOffice, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StaffCard")
        self.setProperty("card", True)
        self.bo = bo
        self.staff: list[Any] = []
        self._loaded = False
        self._loading = False
        self._busy = False
        self.dialog: QMessageBox | None = None

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 22)
        box.setSpacing(12)
        head = QHBoxLayout()
        head.addWidget(label(translate("StaffCard", "Staff"), "subtitle"))
        head.addStretch(1)
        self.count_pill = Pill("…", "muted")
        head.addWidget(self.count_pill)
        box.addLayout(head)
        box.addWidget(
            label(
                translate(
                    "StaffCard",
                    "Everyone who signs in to this organisation. Each person signs in with their own login on "
                    "the database server; a disabled person cannot sign in, and their open sessions end at once.",
                ),
                "note",
                wrap=True,
            )
        )
        self.message = MessageLine()
        box.addWidget(self.message)

        # -- the list --------------------------------------------------------------------------------
        columns = [
            Column(translate("StaffCard", "User name"), lambda s: s.username, width=150),
            Column(translate("StaffCard", "Shown as"), lambda s: s.display_name, width=170),
            Column(translate("StaffCard", "Role"), lambda s: role_name(s.role), width=130),
            Column(
                translate("StaffCard", "Signs in as"),
                lambda s: s.login or translate("StaffCard", "no login on this server"),
                width=250,
            ),
            Column(
                translate("StaffCard", "Status"),
                lambda s: translate("StaffCard", "Active") if s.active else translate("StaffCard", "Disabled"),
                colour=lambda s: "#2f7a45" if s.active else "#8c1d18",
            ),
        ]
        self.model = RecordTableModel(columns, self, highlight=lambda s: None if s.active else "muted")
        self.proxy = sorted_proxy(self.model, self)
        self.table = make_table(self.proxy, columns, object_name="StaffTable", sortable=False)
        self.table.setFixedHeight(self._table_height(TABLE_ROWS[0]))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        box.addWidget(self.table)

        # -- the selected person ----------------------------------------------------------------------
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(10)
        grid.setColumnMinimumWidth(0, LABEL_COLUMN)
        grid.setColumnStretch(1, 1)
        self.selected_label = label("", object_name="SelectedStaff")
        grid.addWidget(label(translate("StaffCard", "Selected"), "muted"), 0, 0)
        grid.addWidget(self.selected_label, 0, 1, 1, 3)

        self.role_combo = _role_combo("StaffRoleCombo")
        self.role_combo.setMinimumWidth(200)
        self.change_role_button = button(translate("StaffCard", "Change role"), name="ChangeRole")
        self.change_role_button.clicked.connect(self.change_role)
        self.disable_button = button(translate("StaffCard", "Disable"), name="DisableUser")
        self.disable_button.clicked.connect(self.toggle_active)
        role_row = QHBoxLayout()
        role_row.setSpacing(10)
        role_row.addWidget(self.role_combo)
        role_row.addWidget(self.change_role_button)
        role_row.addStretch(1)
        role_row.addWidget(self.disable_button)
        grid.addWidget(label(translate("StaffCard", "Role"), "muted"), 1, 0)
        grid.addLayout(role_row, 1, 1, 1, 3)

        self.reset_password = _password_field(translate("StaffCard", "new password"), "ResetPassword")
        self.reset_again = _password_field(translate("StaffCard", "the same again"), "ResetPasswordAgain")
        self.reset_button = button(translate("StaffCard", "Reset password"), name="ResetPasswordButton")
        self.reset_button.clicked.connect(self.reset)
        for edit in (self.reset_password, self.reset_again):
            edit.textChanged.connect(lambda _t: self._sync_enabled())
        reset_row = QHBoxLayout()
        reset_row.setSpacing(10)
        reset_row.addWidget(self.reset_password, 1)
        reset_row.addWidget(self.reset_again, 1)
        reset_row.addWidget(self.reset_button)
        grid.addWidget(label(translate("StaffCard", "New password"), "muted"), 2, 0)
        grid.addLayout(reset_row, 2, 1, 1, 3)
        box.addLayout(grid)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #eef0f2;")
        box.addWidget(rule)

        # -- a new person -----------------------------------------------------------------------------
        box.addWidget(label(translate("StaffCard", "Add a person"), "subtitle"))
        form = QGridLayout()
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(10)
        form.setColumnMinimumWidth(0, LABEL_COLUMN)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self.new_username = QLineEdit()
        self.new_username.setObjectName("NewUserName")
        self.new_username.setPlaceholderText(translate("StaffCard", "e.g. maria"))
        self.new_username.setMaxLength(38)
        self.new_username.setValidator(QRegularExpressionValidator(QRegularExpression(USERNAME_PATTERN), self))
        self.new_display_name = QLineEdit()
        self.new_display_name.setObjectName("NewDisplayName")
        self.new_display_name.setPlaceholderText(translate("StaffCard", "e.g. Maria Ivanova"))
        self.new_display_name.setMaxLength(120)
        self.new_role = _role_combo("NewUserRole")
        self.new_password = _password_field(translate("StaffCard", "at least 4 characters"), "NewPassword")
        self.new_again = _password_field(translate("StaffCard", "the same again"), "NewPasswordAgain")
        self.login_hint = label("", "note", object_name="NewLoginHint")
        form.addWidget(label(translate("StaffCard", "User name"), "muted"), 0, 0)
        form.addWidget(self.new_username, 0, 1)
        form.addWidget(label(translate("StaffCard", "Role"), "muted"), 0, 2)
        form.addWidget(self.new_role, 0, 3)
        form.addWidget(self.login_hint, 1, 1, 1, 3)
        form.addWidget(label(translate("StaffCard", "Shown as"), "muted"), 2, 0)
        form.addWidget(self.new_display_name, 2, 1, 1, 3)
        form.addWidget(label(translate("StaffCard", "Password"), "muted"), 3, 0)
        form.addWidget(self.new_password, 3, 1)
        form.addWidget(label(translate("StaffCard", "Again"), "muted"), 3, 2)
        form.addWidget(self.new_again, 3, 3)
        box.addLayout(form)
        self.add_button = button(translate("StaffCard", "Add person"), primary=True, name="AddUser")
        self.add_button.clicked.connect(self.add)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.add_button)
        box.addLayout(footer)
        for edit in (self.new_username, self.new_password, self.new_again):
            edit.textChanged.connect(lambda _t: self._sync_enabled())
        self.new_username.textChanged.connect(lambda _t: self._update_login_hint())

        self._update_login_hint()
        self._selection_changed()

    # life --------------------------------------------------------------------------------------------
    def is_settled(self) -> bool:
        return self._loaded and not self._loading and not self._busy

    def reload(self, *, select: str | None = None) -> None:
        if self._loading:
            return
        self._loading = True
        bo = self.bo
        keep = select or self.selected_username()

        def done(staff: list[Any]) -> None:
            self._loading = False
            self._loaded = True
            self.staff = list(staff)
            self.model.set_rows(self.staff)
            self.table.setFixedHeight(self._table_height(min(max(len(self.staff), TABLE_ROWS[0]), TABLE_ROWS[1])))
            disabled = sum(1 for s in self.staff if not s.active)
            people = (
                translate("StaffCard", "1 person")
                if len(self.staff) == 1
                else translate("StaffCard", "{n} people").format(n=len(self.staff))
            )
            if disabled:
                people = translate("StaffCard", "{people} · {n} disabled").format(people=people, n=disabled)
            self.count_pill.set(people, "muted")
            if keep is None or not select_where(self.table, lambda s: s.username == keep):
                self.table.clearSelection()
            self._selection_changed()

        def failed(_exc: BaseException, message: str) -> None:
            self._loading = False
            self._loaded = True
            self.message.show_message(message, "error")
            self._sync_enabled()

        run_job(bo.staff, on_success=done, on_failure=failed, parent=self, name="staff.load")

    # the selection -----------------------------------------------------------------------------------
    def selected(self) -> Any:
        return selected_record(self.table)

    def selected_username(self) -> str | None:
        person = self.selected()
        return person.username if person is not None else None

    def select(self, username: str) -> bool:
        return select_where(self.table, lambda s: s.username == username)

    def _is_me(self, person: Any) -> bool:
        return person is not None and person.username == self.bo.actor.username

    def _selection_changed(self) -> None:
        person = self.selected()
        if person is None:
            self.selected_label.setText(translate("StaffCard", "Pick a person in the list."))
        else:
            me = translate("StaffCard", " (you)") if self._is_me(person) else ""
            self.selected_label.setText(f"{person.display_name or person.username} — {person.username}{me}")
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(str(person.role.value))))
        self.disable_button.setText(
            translate("StaffCard", "Enable")
            if person is not None and not person.active
            else translate("StaffCard", "Disable")
        )
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        person = self.selected()
        idle = not self._busy
        mine = self._is_me(person)
        not_mine_tip = translate(
            "StaffCard", "Nobody changes their own role or disables their own account; ask another administrator."
        )
        for widget in (self.role_combo, self.change_role_button, self.disable_button):
            widget.setEnabled(idle and person is not None and not mine)
            widget.setToolTip(not_mine_tip if mine else "")
        self.reset_button.setEnabled(
            idle and person is not None and bool(self.reset_password.text()) and bool(self.reset_again.text())
        )
        self.add_button.setEnabled(
            idle and bool(self.new_username.text().strip() and self.new_password.text() and self.new_again.text())
        )

    def _update_login_hint(self) -> None:
        name = self.new_username.text().strip()
        if not name:
            self.login_hint.setText(
                translate("StaffCard", "Lower-case letters, digits, '-' and '_', at most 38 characters.")
            )
            return
        self.login_hint.setText(
            translate("StaffCard", "Signs in to the organisation {org} as {name}.").format(
                org=self.bo.tenant.slug, name=name
            )
        )

    # actions -----------------------------------------------------------------------------------------
    def _run(self, name: str, work: Callable[[], Any], done: Callable[[Any], None], *, select: str | None) -> None:
        self._busy = True
        self._sync_enabled()
        self.message.show_message(translate("StaffCard", "One moment…"), "info")

        def succeeded(result: Any) -> None:
            self._busy = False
            done(result)
            self.reload(select=select)

        def failed(_exc: BaseException, message: str) -> None:
            self._busy = False
            self.message.show_message(message, "error")
            self._sync_enabled()

        run_job(work, on_success=succeeded, on_failure=failed, parent=self, name=name)

    def add(self) -> None:
        username = self.new_username.text().strip()
        display = self.new_display_name.text().strip()
        role = str(self.new_role.currentData())
        password, again = self.new_password.text(), self.new_again.text()
        if not username:
            self.message.show_message(translate("StaffCard", "Type the new person's user name."), "error")
            self.new_username.setFocus()
            return
        if password != again:
            self.message.show_message(translate("StaffCard", "The two passwords differ; type them again."), "error")
            self.new_password.clear()
            self.new_again.clear()
            self.new_password.setFocus()
            return
        # The password leaves the fields at once: it lives on only in the job until the service hashes it.
        self.new_password.clear()
        self.new_again.clear()
        bo = self.bo

        def done(person: Any) -> None:
            self.new_username.clear()
            self.new_display_name.clear()
            self.message.show_message(
                translate("StaffCard", "{name} added: they sign in to {org} as {user}.").format(
                    name=person.display_name or person.username, org=bo.tenant.slug, user=person.username
                ),
                "ok",
            )

        self._run(
            "staff.create",
            lambda: bo.create_user(username, role, password, display_name=display),
            done,
            select=username,
        )

    def change_role(self) -> None:
        person = self.selected()
        if person is None:
            return
        role = str(self.role_combo.currentData())
        if role == str(person.role.value):
            self.message.show_message(
                translate("StaffCard", "{user} is a {role} already.").format(
                    user=person.username, role=role_name(role).lower()
                ),
                "info",
            )
            return
        bo = self.bo

        def done(changed: Any) -> None:
            self.message.show_message(
                translate("StaffCard", "{user} is now a {role}; it applies to their next action.").format(
                    user=changed.username, role=role_name(changed.role).lower()
                ),
                "ok",
            )

        self._run("staff.role", lambda: bo.set_role(person.username, role), done, select=person.username)

    def toggle_active(self) -> None:
        person = self.selected()
        if person is None:
            return
        if not person.active:
            self._enable(person)
            return
        box = ask(
            self,
            translate("StaffCard", "Disable a person"),
            translate("StaffCard", "Disable {user}?").format(user=person.username),
            translate(
                "StaffCard",
                "They can no longer sign in, and their open sessions end now. Held seats stay held until they "
                "expire. An administrator can enable the account again.",
            ),
            [
                ("disable", translate("StaffCard", "Disable"), QMessageBox.ButtonRole.DestructiveRole),
                ("keep", translate("StaffCard", "Cancel"), QMessageBox.ButtonRole.RejectRole),
            ],
            lambda key: self._disable(person) if key == "disable" else None,
            default="keep",
            icon=QMessageBox.Icon.Warning,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.dialog = box

    def _disable(self, person: Any) -> None:
        bo = self.bo

        def done(ended: int) -> None:
            if ended == 1:
                text = translate("StaffCard", "{user} can no longer sign in; their open session ended.").format(
                    user=person.username
                )
            elif ended:
                text = translate("StaffCard", "{user} can no longer sign in; {n} open sessions ended.").format(
                    user=person.username, n=ended
                )
            else:
                text = translate("StaffCard", "{user} can no longer sign in.").format(user=person.username)
            self.message.show_message(text, "ok")

        self._run("staff.disable", lambda: bo.disable_user(person.username), done, select=person.username)

    def _enable(self, person: Any) -> None:
        bo = self.bo

        def work() -> None:
            bo.enable_user(person.username)

        def done(_r: Any) -> None:
            self.message.show_message(
                translate("StaffCard", "{user} may sign in again.").format(user=person.username), "ok"
            )

        self._run("staff.enable", work, done, select=person.username)

    def reset(self) -> None:
        person = self.selected()
        if person is None:
            return
        password, again = self.reset_password.text(), self.reset_again.text()
        self.reset_password.clear()
        self.reset_again.clear()
        if password != again:
            self.message.show_message(translate("StaffCard", "The two passwords differ; type them again."), "error")
            self.reset_password.setFocus()
            return
        bo = self.bo

        def done(_r: Any) -> None:
            self.message.show_message(
                translate("StaffCard", "New password set for {user}; tell it to them in person.").format(
                    user=person.username
                ),
                "ok",
            )

        self._run("staff.password", lambda: bo.reset_password(person.username, password), done, select=person.username)

    # -------------------------------------------------------------------------------------------------
    def _table_height(self, rows: int) -> int:
        header = self.table.horizontalHeader().sizeHint().height()
        return header + rows * self.table.verticalHeader().defaultSectionSize() + 6
