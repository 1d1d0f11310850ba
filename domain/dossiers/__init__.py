"""Dossier store: dossiers with status history, owners stored only as keyed hashes,
the ownership check of the chat (second factor + lockout), and status notifications.

Dossiers enter through the import command (`python -m domain.dossiers import FILE`), the
admin API (api/routers/dossiers.py) or any OneStopAdapter (adapter.py); all of them go
through service.upsert/create/change_status, which append history and queue
notifications in the same transaction.
"""
