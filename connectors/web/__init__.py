"""The web chat channel: its push WebSocket and outbox delivery."""
