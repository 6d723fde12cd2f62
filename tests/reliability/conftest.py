"""Fixtures of the reliability suites: the order tests' world (a provider, plans on the simulator,
clients with money) is reused as it is."""

from tests.services.orders.support import world

__all__ = ["world"]
