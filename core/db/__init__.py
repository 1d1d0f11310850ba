"""Database: SQLAlchemy 2 models and sessions, Alembic migrations (SQLite or PostgreSQL).

Each concern owns its tables and an independent Alembic branch (branch_labels), so
concerns can be migrated independently; `upgrade heads` applies them all.
"""
from core.db.base import Base
from core.db.engine import Database

__all__ = ["Base", "Database"]
