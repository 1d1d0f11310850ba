"""The product's shared secrets, each the configured value or a random key kept in var/.

- the action secret: Rasa sends it in ``X-Action-Token`` with every call to the app's
  action endpoint (endpoints.yml ``action_endpoint.headers``); /webhook refuses the rest;
- Rasa's HTTP API token (``rasa run --auth-token``), sent by core.rasa_client;
- the key signing web chat session tokens.
"""
from __future__ import annotations

from core.local_secrets import configured_or_local
from core.settings import Settings

ACTION_HEADER = "X-Action-Token"


def action_secret(settings: Settings) -> str:
    return configured_or_local(settings.action_secret.get_secret_value(), "action_secret")


def rasa_api_token(settings: Settings) -> str:
    return configured_or_local(settings.rasa_auth_token.get_secret_value(), "rasa_api_token")


def web_session_key(settings: Settings) -> bytes:
    return configured_or_local(settings.web_session_secret.get_secret_value(), "web_session").encode()
