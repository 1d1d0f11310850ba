"""feedback: citizen feedback, the unanswered-questions desk, reviewed aliases, export batches,
the officers' audit log, officer roles and the statistics' indexes

Revision ID: feedback_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "feedback_0001"
down_revision = None
branch_labels = ("feedback",)
depends_on = ("conversations_0001", "audit_0001")


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="officer"))
    op.create_index(op.f("ix_conversation_messages_created_at"), "conversation_messages", ["created_at"])
    op.create_index(op.f("ix_trace_events_created_at"), "trace_events", ["created_at"])

    op.create_table(
        "feedback_offers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("topic", sa.String(96), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("inbound_id", sa.Integer, nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        _ts("created_at", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_offers")),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE",
                                name=op.f("fk_feedback_offers_conversation_id_conversations")),
    )
    op.create_index("ix_feedback_offers_conversation_topic", "feedback_offers", ["conversation_id", "topic"],
                    unique=True)
    op.create_index(op.f("ix_feedback_offers_created_at"), "feedback_offers", ["created_at"])

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("topic", sa.String(96), nullable=False),
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("awaiting_comment", sa.Boolean, nullable=False),
        sa.Column("inbound_id", sa.Integer, nullable=True),
        sa.Column("answer_id", sa.Integer, nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        _ts("created_at", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE",
                                name=op.f("fk_feedback_conversation_id_conversations")),
    )
    op.create_index("ix_feedback_conversation_topic", "feedback", ["conversation_id", "topic"], unique=True)
    op.create_index(op.f("ix_feedback_created_at"), "feedback", ["created_at"])

    op.create_table(
        "desk_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("message_id", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("label_intent", sa.String(64), nullable=True),
        sa.Column("label_procedure", sa.String(64), nullable=True),
        sa.Column("no_procedure", sa.Boolean, nullable=False),
        sa.Column("labelled_by", sa.Integer, nullable=True),
        _ts("labelled_at"),
        sa.Column("exported_batch", sa.String(64), nullable=True),
        _ts("created_at", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_items")),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE",
                                name=op.f("fk_desk_items_conversation_id_conversations")),
        sa.ForeignKeyConstraint(["labelled_by"], ["officers.id"], name=op.f("fk_desk_items_labelled_by_officers")),
    )
    op.create_index(op.f("ix_desk_items_conversation_id"), "desk_items", ["conversation_id"])
    op.create_index("ix_desk_items_status_created", "desk_items", ["status", "created_at"])
    op.create_index("ix_desk_items_message_reason", "desk_items", ["message_id", "reason"], unique=True)

    op.create_table(
        "reviewed_aliases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("desk_item_id", sa.Integer, nullable=True),
        sa.Column("officer_id", sa.Integer, nullable=True),
        sa.Column("exported_batch", sa.String(64), nullable=True),
        _ts("created_at", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewed_aliases")),
        sa.ForeignKeyConstraint(["desk_item_id"], ["desk_items.id"], ondelete="SET NULL",
                                name=op.f("fk_reviewed_aliases_desk_item_id_desk_items")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], name=op.f("fk_reviewed_aliases_officer_id_officers")),
    )
    op.create_index(op.f("ix_reviewed_aliases_procedure_code"), "reviewed_aliases", ["procedure_code"])

    op.create_table(
        "export_batches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("examples", sa.Integer, nullable=False),
        sa.Column("aliases", sa.Integer, nullable=False),
        sa.Column("officer_id", sa.Integer, nullable=True),
        _ts("created_at", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_batches")),
        sa.UniqueConstraint("name", name=op.f("uq_export_batches_name")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], name=op.f("fk_export_batches_officer_id_officers")),
    )

    op.create_table(
        "officer_actions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("officer_id", sa.Integer, nullable=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(128), nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        _ts("created_at", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_actions")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], name=op.f("fk_officer_actions_officer_id_officers")),
    )
    op.create_index(op.f("ix_officer_actions_officer_id"), "officer_actions", ["officer_id"])
    op.create_index(op.f("ix_officer_actions_created_at"), "officer_actions", ["created_at"])


def downgrade() -> None:
    for table in ("officer_actions", "export_batches", "reviewed_aliases", "desk_items", "feedback",
                  "feedback_offers"):
        op.drop_table(table)
    op.drop_index(op.f("ix_trace_events_created_at"), "trace_events")
    op.drop_index(op.f("ix_conversation_messages_created_at"), "conversation_messages")
    with op.batch_alter_table("officers") as batch:
        batch.drop_column("role")
