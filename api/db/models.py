"""Imports every concern's models so that Base.metadata knows all tables.

Each concern adds one line here for its own models module.
"""
import api.dossiers.models  # noqa: F401,E402
import api.drafts.models  # noqa: F401,E402
import api.handoff.models  # noqa: F401,E402
import api.outbox.models  # noqa: F401,E402
import connectors.models  # noqa: F401,E402
