"""Dialogs: one file per dialog, most built on `form_dialog.FormDialog`."""
