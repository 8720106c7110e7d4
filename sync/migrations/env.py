"""Alembic environment. The connection comes from the caller (sync.migrate), never from a config file."""

from __future__ import annotations

from alembic import context

from sync.schema import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("sync.migrate passes a connection; run migrations through boxoffice-admin db upgrade")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported")
run_migrations_online()
