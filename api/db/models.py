"""Imports every concern's models so that Base.metadata knows all tables.

Each concern adds one line here for its own models module.
"""
import api.outbox.models  # noqa: F401,E402
import api.handoff.models  # noqa: F401,E402
