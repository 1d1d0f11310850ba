"""Telegram through python-telegram-bot 22: webhook or polling, inline keyboards, callback queries."""
