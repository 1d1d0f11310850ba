"""Typed settings read from the environment (documented in .env.example)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_host: str = "127.0.0.1"
    app_port: int = 8000
    # Rasa server (REST channel + HTTP API); started by `make run` next to the app
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_model: Path = ROOT / "models" / "current.tar.gz"
    rasa_timeout_seconds: float = 30.0
    # Rasa calls the app's /webhook for custom actions; the URL Rasa should use
    action_endpoint_url: str = ""
    database_url: str = f"sqlite:///{ROOT / 'var' / 'app.db'}"
    # empty = Rasa's in-memory lock store; redis://host:port/db for several Rasa workers
    lock_store_url: str = ""
    embedding_model: str = str(ROOT / "models" / "e5-small")
    knowledge_dir: Path = ROOT / "knowledge"
    cache_dir: Path = ROOT / "var" / "cache"
    portal_url: str = "https://dichvucong.gov.vn"
    max_message_chars: int = Field(2000, description="longer chat messages are refused politely")
    log_level: str = "INFO"

    @property
    def webhook_url(self) -> str:
        return self.action_endpoint_url or f"http://127.0.0.1:{self.app_port}/webhook"


@lru_cache
def get_settings() -> Settings:
    return Settings()
