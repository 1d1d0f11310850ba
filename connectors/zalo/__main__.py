"""`python -m connectors.zalo tokens` shows the stored OA token state;
`python -m connectors.zalo reset-tokens` forgets it, so that the next use seeds the
database again from ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN (after re-authorizing the app)."""
from __future__ import annotations

import sys

from connectors.models import ZaloToken
from connectors.zalo.tokens import ROW_ID
from core.db import Database
from core.settings import get_settings


def main(argv: list[str]) -> int:
    if argv not in (["tokens"], ["reset-tokens"]):
        print(__doc__, file=sys.stderr)
        return 2
    db = Database(get_settings().database_url)
    db.migrate()
    with db.session() as session:
        row = session.get(ZaloToken, ROW_ID)
        if argv == ["reset-tokens"]:
            if row is not None:
                session.delete(row)
            print("stored Zalo tokens forgotten; the next use reads ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN")
        elif row is None:
            print("no Zalo tokens stored yet (the first use reads ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN)")
        else:
            print(f"access token valid until: {row.expires_at or 'unknown (seeded)'}; "
                  f"refreshed {row.refresh_count} times, last at {row.refreshed_at or 'never'}")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
