import pytest

from tests.services.clients.helpers import add_client, add_provider


@pytest.fixture
def provider(database) -> int:
    return add_provider(database)


@pytest.fixture
def client(database, sales, provider):
    """A client of the USD provider, made by the sales user."""
    return add_client(database, sales, provider)


@pytest.fixture
def account(client) -> int:
    return client.accounts[0].id
