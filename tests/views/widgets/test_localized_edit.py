from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.views.dialogs.form_dialog import FormDialog, field_value
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit


def test_one_input_per_language_default_first_and_marked_required(qtbot) -> None:
    edit = LocalizedEdit(["en", "ru"])
    qtbot.addWidget(edit)
    assert edit.languages == ["en", "ru"]
    assert isinstance(edit.input_for("en"), QLineEdit)
    edit.input_for("en").setText("Technical department")
    edit.input_for("ru").setText("Технический отдел")
    assert field_value(edit) == {"en": "Technical department", "ru": "Технический отдел"}


def test_blank_texts_are_left_out(qtbot) -> None:
    edit = LocalizedEdit(["en", "ru"])
    qtbot.addWidget(edit)
    edit.set_value({"en": "Name", "ru": "   "})
    assert edit.value() == {"en": "Name"}


def test_text_of_a_removed_language_is_reported_not_sent(qtbot) -> None:
    edit = LocalizedEdit(["en"])
    qtbot.addWidget(edit)
    edit.set_value({"en": "Name", "de": "Name auf Deutsch"})
    edit.input_for("en").setText("New name")
    assert edit.value() == {"en": "New name"}
    assert edit.removed_texts() == {"de": "Name auf Deutsch"}


def test_multiline_uses_text_pages(qtbot) -> None:
    edit = LocalizedEdit(["en", "ru"], multiline=True)
    qtbot.addWidget(edit)
    assert isinstance(edit.input_for("ru"), QPlainTextEdit)
    edit.set_value({"ru": "**жирный**"})
    assert edit.value() == {"ru": "**жирный**"}


class _Dialog(FormDialog):
    def __init__(self) -> None:
        super().__init__("Test")
        self.names = LocalizedEdit(["en", "ru"])
        self._add_field("name", "Name:", self.names)
        self._mark_clean()

    def _save(self) -> None:
        self._show_error(ValidationError("name.ru", "this field is required"))


def test_error_for_one_language_is_shown_at_the_field(qtbot) -> None:
    dialog = _Dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.is_dirty()
    dialog.names.input_for("en").setText("x")
    assert dialog.is_dirty()
    dialog._on_save_clicked()
    assert dialog.error_text() == "Name: this field is required"
    assert dialog.names.input_for("ru").hasFocus() or not dialog.isActiveWindow()
