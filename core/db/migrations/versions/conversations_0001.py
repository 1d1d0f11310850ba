"""conversations: ownership (bot / queue / officer), message log, handoffs, notes, officers

Revision ID: conversations_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "conversations_0001"
down_revision = None
branch_labels = ("conversations",)
depends_on = None


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        _ts("created_at", False),
        _ts("last_login_at"),
        _ts("last_seen_at"),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        _ts("locked_until"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officers")),
        sa.UniqueConstraint("username", name=op.f("uq_officers_username")),
    )
    op.create_table(
        "officer_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _ts("created_at", False),
        _ts("expires_at", False),
        _ts("last_used_at", False),
        _ts("revoked_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_officer_sessions_token_hash")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], ondelete="CASCADE",
                                name=op.f("fk_officer_sessions_officer_id_officers")),
    )
    op.create_index(op.f("ix_officer_sessions_officer_id"), "officer_sessions", ["officer_id"])
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(16), nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=True),
        sa.Column("handoff_reason", sa.String(32), nullable=True),
        _ts("queued_at"),
        _ts("taken_at"),
        _ts("acknowledged_at"),
        sa.Column("failed_understandings", sa.Integer, nullable=False),
        sa.Column("offer_reason", sa.String(32), nullable=True),
        sa.Column("callback_stage", sa.String(16), nullable=True),
        sa.Column("callback_phone", sa.String(32), nullable=True),
        sa.Column("callback_message", sa.Text, nullable=True),
        _ts("callback_requested_at"),
        sa.Column("bot_state", sa.JSON, nullable=True),
        _ts("created_at", False),
        _ts("last_activity_at", False),
        _ts("closed_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint("sender_id", name=op.f("uq_conversations_sender_id")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], name=op.f("fk_conversations_officer_id_officers")),
    )
    op.create_index(op.f("ix_conversations_owner"), "conversations", ["owner"])
    op.create_table(
        "conversation_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("author", sa.String(16), nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("buttons", sa.JSON, nullable=True),
        _ts("created_at", False),
        sa.Column("intent", sa.String(64), nullable=True),
        sa.Column("intent_confidence", sa.Float, nullable=True),
        sa.Column("entities", sa.JSON, nullable=True),
        sa.Column("procedure_code", sa.String(64), nullable=True),
        sa.Column("filled_fields", sa.JSON, nullable=True),
        sa.Column("owner", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_messages")),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE",
                                name=op.f("fk_conversation_messages_conversation_id_conversations")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"],
                                name=op.f("fk_conversation_messages_officer_id_officers")),
    )
    op.create_index(op.f("ix_conversation_messages_conversation_id"), "conversation_messages", ["conversation_id"])
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        _ts("requested_at", False),
        sa.Column("officer_id", sa.Integer, nullable=True),
        _ts("taken_at"),
        _ts("ended_at"),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE",
                                name=op.f("fk_handoffs_conversation_id_conversations")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], name=op.f("fk_handoffs_officer_id_officers")),
    )
    op.create_index(op.f("ix_handoffs_conversation_id"), "handoffs", ["conversation_id"])
    op.create_table(
        "conversation_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        _ts("created_at", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_notes")),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE",
                                name=op.f("fk_conversation_notes_conversation_id_conversations")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], name=op.f("fk_conversation_notes_officer_id_officers")),
    )
    op.create_index(op.f("ix_conversation_notes_conversation_id"), "conversation_notes", ["conversation_id"])


def downgrade() -> None:
    for table in ("conversation_notes", "handoffs", "conversation_messages", "conversations",
                  "officer_sessions", "officers"):
        op.drop_table(table)
