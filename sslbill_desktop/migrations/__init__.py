"""Alembic migrations. `HEAD_REVISION` lets start-up see "nothing to do" without importing Alembic;
a test checks it against Alembic's own head."""

HEAD_REVISION = "0011"
