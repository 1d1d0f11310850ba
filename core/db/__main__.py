"""`python -m core.db upgrade`: migrate the configured database (DATABASE_URL)."""
import sys

from core.db.engine import Database
from core.settings import get_settings

if __name__ == "__main__":
    if sys.argv[1:] != ["upgrade"]:
        raise SystemExit("usage: python -m core.db upgrade")
    Database(get_settings().database_url).migrate()
    print("database is up to date")
