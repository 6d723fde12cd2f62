"""Fixtures for widget tests (filled in by the GUI work)."""
