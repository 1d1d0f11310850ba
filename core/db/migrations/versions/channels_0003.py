"""channels: long button payloads remember the conversation they were shown to (erasure reaches them)

Revision ID: channels_0003
Revises: channels_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "channels_0003"
down_revision = "channels_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channel_button_payloads") as batch:
        batch.add_column(sa.Column("sender_id", sa.String(128), nullable=True))
        batch.create_index("ix_channel_button_payloads_sender_id", ["sender_id"])


def downgrade() -> None:
    with op.batch_alter_table("channel_button_payloads") as batch:
        batch.drop_index("ix_channel_button_payloads_sender_id")
        batch.drop_column("sender_id")
