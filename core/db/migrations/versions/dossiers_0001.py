"""dossiers: dossier store, status history, notification opt-ins, status-check attempts

Revision ID: dossiers_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "dossiers_0001"
down_revision = None
branch_labels = ("dossiers",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("receipt_code", sa.String(64), nullable=False),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("agency", sa.String(255), nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("status_note", sa.Text, nullable=True),
        sa.Column("missing_items", sa.JSON, nullable=False),
        sa.Column("appointment_date", sa.Date, nullable=True),
        sa.Column("delivery_method", sa.String(16), nullable=True),
        sa.Column("owner_id_hash", sa.String(64), nullable=True),
        sa.Column("owner_phone_hash", sa.String(64), nullable=True),
        sa.Column("owner_id_last4_hash", sa.String(64), nullable=True),
        sa.Column("owner_phone_last4_hash", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("receipt_code", name=op.f("uq_dossiers_receipt_code")),
    )
    op.create_index(op.f("ix_dossiers_owner_id_hash"), "dossiers", ["owner_id_hash"])
    op.create_index(op.f("ix_dossiers_owner_phone_hash"), "dossiers", ["owner_phone_hash"])

    op.create_table(
        "dossier_status_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dossier_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("missing_items", sa.JSON, nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_status_history")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], ondelete="CASCADE",
                                name=op.f("fk_dossier_status_history_dossier_id_dossiers")),
    )
    op.create_index(op.f("ix_dossier_status_history_dossier_id"), "dossier_status_history", ["dossier_id"])

    op.create_table(
        "dossier_subscriptions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dossier_id", sa.Integer, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient_id", sa.String(128), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_subscriptions")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], ondelete="CASCADE",
                                name=op.f("fk_dossier_subscriptions_dossier_id_dossiers")),
        sa.UniqueConstraint("dossier_id", "channel", "recipient_id", name="uq_dossier_subscriptions_recipient"),
    )
    op.create_index(op.f("ix_dossier_subscriptions_dossier_id"), "dossier_subscriptions", ["dossier_id"])

    op.create_table(
        "status_check_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("receipt_code", sa.String(64), nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_check_attempts")),
    )
    op.create_index(op.f("ix_status_check_attempts_sender_id"), "status_check_attempts", ["sender_id"])
    op.create_index(op.f("ix_status_check_attempts_receipt_code"), "status_check_attempts", ["receipt_code"])
    op.create_index(op.f("ix_status_check_attempts_created_at"), "status_check_attempts", ["created_at"])


def downgrade() -> None:
    op.drop_table("status_check_attempts")
    op.drop_table("dossier_subscriptions")
    op.drop_table("dossier_status_history")
    op.drop_table("dossiers")
