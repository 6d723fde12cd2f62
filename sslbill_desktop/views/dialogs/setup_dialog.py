"""The base of the set-up dialogs (data centers, departments, business hours, employees).

On top of `CheckedFormDialog` (input checked as it is typed, Save disabled with the reason shown,
required fields marked, read-only mode): the read-only reason comes from the signed-in staff
member's role (sales staff look, the services refuse their saves anyway), a `saved(record)`
signal (the processing module wizard's "Create…" buttons select what was created), and fields
registered inside titled group boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from sslbill_desktop.services.auth import ROLE_LABELS, Permission
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views.dialogs.checked_form import CheckedFormDialog, required_label_html, watch

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def read_only_reason(workspace: Workspace) -> str | None:
    """Why the signed-in staff member may not change the configuration (None: they may)."""
    actor = workspace.actor
    if actor.can(Permission.CHANGE_CONFIGURATION):
        return None
    return _("Your role ({role}) can look at this record but not change it.").format(
        role=_(ROLE_LABELS[actor.role])
    )


class SetupDialog(CheckedFormDialog):
    """See the module documentation. Subclasses set `entity` (announced after a save) and call
    `_finish_init()` at the end of their constructor."""

    #: Emitted with the saved record (on the GUI thread, before the dialog closes).
    saved = Signal(object)
    entity = ""

    def __init__(self, title: str, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(title, parent, save_text=_("OK"), read_only_reason=read_only_reason(workspace))
        self._workspace = workspace

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        """A titled group of fields, added to the dialog's form."""
        group = QGroupBox(title)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.addRow(group)
        return group, form

    def _add_group_field(
        self, form: QFormLayout, name: str, label: str, widget: QWidget, *, required: bool = False
    ) -> QWidget:
        """Like `_add_field`, in a group's form."""
        if label:
            caption = QLabel(required_label_html(label) if required else label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        else:  # a check box carries its own text
            form.addRow(widget)
        self._fields[name] = (label, widget)
        watch(widget, self._refresh_check)
        return widget

    def _submit_record(self, fn: Callable[[], Any]) -> None:
        """Run the service call; on success emit `saved(record)`, announce the entity, close."""
        self._submit(fn, on_saved=self.saved.emit, changes=(self.entity,))

    @property
    def save_button(self) -> Any:
        return self._save_button
