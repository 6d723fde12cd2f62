"""Fixtures of the tariff plan service tests (see `support.py`)."""

from tests.services.tariffs.support import module_offline, plan, provider

__all__ = ["module_offline", "plan", "provider"]
