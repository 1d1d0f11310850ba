"""drafts: declarations filled in the chat, remembered citizen profiles

Revision ID: drafts_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "drafts_0001"
down_revision = None
branch_labels = ("drafts",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("procedure_code", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("lines", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("code", name=op.f("uq_drafts_code")),
    )
    op.create_index(op.f("ix_drafts_sender_id"), "drafts", ["sender_id"])
    op.create_table(
        "citizen_profiles",
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sender_id", name=op.f("pk_citizen_profiles")),
    )


def downgrade() -> None:
    op.drop_table("citizen_profiles")
    op.drop_table("drafts")
