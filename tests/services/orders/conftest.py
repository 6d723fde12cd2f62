from tests.services.orders.support import world

__all__ = ["world"]
