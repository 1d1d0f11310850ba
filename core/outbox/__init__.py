"""Outbox: messages the product sends on its own initiative (officer replies, status
notifications), stored in the database and delivered by each channel's sender.

Rows are never deleted on delivery, only marked, so nothing is lost when a channel is
down; a sender claims pending rows of its channel, delivers them, and marks them.
"""
from core.outbox.models import OutboxMessage
from core.outbox.store import claim, enqueue, mark_delivered, mark_failed, pending

__all__ = ["OutboxMessage", "claim", "enqueue", "mark_delivered", "mark_failed", "pending"]
