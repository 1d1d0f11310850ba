"""Kernel shared by every layer: settings, database, message types, outbox, Vietnamese text kit."""
