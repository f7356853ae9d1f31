"""feed removals name who removed the feed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:40:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('feed') as batch:
        batch.add_column(sa.Column('removed_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('feed') as batch:
        batch.drop_column('removed_by')
