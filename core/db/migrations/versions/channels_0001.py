"""channels: processed message ids, button payload map, contacts, attachments, Zalo tokens

Revision ID: channels_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "channels_0001"
down_revision = None
branch_labels = ("channels",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_processed_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("platform_message_id", sa.String(128), nullable=False),
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_processed_messages")),
        sa.UniqueConstraint("channel", "platform_message_id", name="uq_channel_processed_message"),
    )
    op.create_index(op.f("ix_channel_processed_messages_sender_id"), "channel_processed_messages", ["sender_id"])
    op.create_index(op.f("ix_channel_processed_messages_received_at"), "channel_processed_messages", ["received_at"])
    op.create_table(
        "channel_button_payloads",
        sa.Column("short_id", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("short_id", name=op.f("pk_channel_button_payloads")),
    )
    op.create_table(
        "channel_contacts",
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("last_inbound_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offered_buttons", sa.JSON, nullable=True),
        sa.Column("followed", sa.Boolean, nullable=True),
        sa.PrimaryKeyConstraint("sender_id", name=op.f("pk_channel_contacts")),
    )
    op.create_table(
        "channel_attachments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("download_key", sa.String(64), nullable=False),
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("file_id", sa.Text, nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("mime_type", sa.String(128), nullable=True),
        sa.Column("caption", sa.Text, nullable=True),
        sa.Column("platform_message_id", sa.String(128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_attachments")),
        sa.UniqueConstraint("download_key", name=op.f("uq_channel_attachments_download_key")),
    )
    op.create_index(op.f("ix_channel_attachments_sender_id"), "channel_attachments", ["sender_id"])
    op.create_table(
        "channel_zalo_tokens",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("access_token", sa.Text, nullable=False),
        sa.Column("refresh_token", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refresh_count", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_zalo_tokens")),
    )


def downgrade() -> None:
    op.drop_table("channel_zalo_tokens")
    op.drop_table("channel_attachments")
    op.drop_table("channel_contacts")
    op.drop_table("channel_button_payloads")
    op.drop_table("channel_processed_messages")
