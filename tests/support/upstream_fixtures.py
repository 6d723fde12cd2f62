"""Fixtures for the ispmanager simulator (filled in by the upstream work)."""
