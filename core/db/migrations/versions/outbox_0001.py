"""outbox: messages sent on the product's initiative

Revision ID: outbox_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "outbox_0001"
down_revision = None
branch_labels = ("outbox",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient_id", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index(op.f("ix_outbox_messages_channel"), "outbox_messages", ["channel"])
    op.create_index(op.f("ix_outbox_messages_recipient_id"), "outbox_messages", ["recipient_id"])
    op.create_index(op.f("ix_outbox_messages_delivered_at"), "outbox_messages", ["delivered_at"])


def downgrade() -> None:
    op.drop_table("outbox_messages")
