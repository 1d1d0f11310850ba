"""GET /metrics: Prometheus text format (messages, latencies, queue, outbox, lockouts).

Open on the app port like /health; counts only, no personal data. Put it behind the
reverse proxy's allow-list in production if the numbers themselves are sensitive.
"""
from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from core import metrics
from core.db.base import utcnow
from core.outbox import OutboxMessage
from domain.dossiers.models import StatusCheckAttempt
from domain.handoff.models import Conversation, Officer

router = APIRouter(tags=["health"])
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def database_gauges(session: Session) -> list[str]:
    now = utcnow()
    queued = session.scalar(select(func.count(Conversation.id)).where(Conversation.owner == "queued")) or 0
    by_owner = dict(session.execute(select(Conversation.owner, func.count(Conversation.id))
                                    .group_by(Conversation.owner)).all())
    backlog = dict(session.execute(select(OutboxMessage.channel, func.count(OutboxMessage.id))
                                   .where(OutboxMessage.delivered_at.is_(None))
                                   .group_by(OutboxMessage.channel)).all())
    failures = session.scalar(select(func.count(StatusCheckAttempt.id))
                              .where(StatusCheckAttempt.succeeded.is_(False),
                                     StatusCheckAttempt.created_at >= now - timedelta(hours=1))) or 0
    officers_locked = session.scalar(select(func.count(Officer.id)).where(Officer.locked_until > now)) or 0
    return (
        metrics.gauge_lines("chatbot_queue_length", "Conversations waiting for an officer.", float(queued))
        + metrics.gauge_lines("chatbot_conversations", "Conversations by current owner.",
                              {(("owner", owner),): float(n) for owner, n in by_owner.items()})
        + metrics.gauge_lines("chatbot_outbox_backlog", "Outbox messages not delivered yet, by channel.",
                              {(("channel", ch),): float(n) for ch, n in backlog.items()})
        + metrics.gauge_lines("chatbot_status_check_failures_last_hour",
                              "Failed dossier owner checks in the last hour (lockouts follow from them).",
                              float(failures))
        + metrics.gauge_lines("chatbot_officers_locked", "Officer accounts locked after failed logins.",
                              float(officers_locked))
    )


@router.get("/metrics", response_class=PlainTextResponse)
async def prometheus_metrics(services: ServicesDep) -> PlainTextResponse:
    def read() -> list[str]:
        with services.db.session() as session:
            return database_gauges(session)

    lines = metrics.render_recorded() + await run_in_threadpool(read)
    return PlainTextResponse("\n".join(lines) + "\n", media_type=CONTENT_TYPE)
