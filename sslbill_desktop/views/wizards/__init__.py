"""Wizards: thin QWizard pages over a Qt-free flow in `services/`."""
