"""channels: the persisted inbox (the envelope of each claimed message, retries)

Revision ID: channels_0002
Revises: channels_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "channels_0002"
down_revision = "channels_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channel_processed_messages") as batch:
        batch.add_column(sa.Column("envelope", sa.JSON, nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_channel_processed_messages_status", ["status"])


def downgrade() -> None:
    with op.batch_alter_table("channel_processed_messages") as batch:
        batch.drop_index("ix_channel_processed_messages_status")
        batch.drop_column("retry_at")
        batch.drop_column("attempts")
        batch.drop_column("envelope")
