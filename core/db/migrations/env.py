"""Alembic environment: uses the connection handed over by Database.migrate()."""
from alembic import context
from sqlalchemy import create_engine

# tables are registered on Base.metadata by the importer of each concern (main.py imports them all)
from core.db.base import Base

config = context.config
connection = config.attributes.get("connection")


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:  # plain `alembic` CLI use
    with create_engine(config.get_main_option("sqlalchemy.url")).begin() as conn:
        run(conn)
