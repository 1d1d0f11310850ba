"""Rasa input channels of the product (loaded by Rasa from credentials.yml)."""
