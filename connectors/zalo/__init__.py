"""Zalo Official Account: signed webhook, OA customer-service messages (API v3), token rotation."""
