"""Use cases. Importing this package must stay cheap: no SQLAlchemy, Qt or requests here."""
