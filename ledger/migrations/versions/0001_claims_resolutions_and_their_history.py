"""claims, resolutions and their history

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 11:56:08.567060
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('published_precision', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['publication_id'], ['publication.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash')
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_url'), ['url'], unique=False)

    op.create_table('claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('precision', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('deadline_expression', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('condition', sa.Text(), nullable=True),
    sa.Column('probability', sa.Float(), nullable=True),
    sa.Column('hedge', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('attributed_to', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'span_start', 'span_end', 'kind', name='uq_claim_span')
    )
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_attributed_to'), ['attributed_to'], unique=False)
        batch_op.create_index('ix_claim_status_deadline', ['status', 'deadline'], unique=False)

    op.create_table('resolution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('evidence_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('resolver', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ),
    sa.ForeignKeyConstraint(['supersedes_id'], ['resolution.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('supersedes_id')
    )
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolution_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index('uq_resolution_first', ['claim_id'], unique=True, sqlite_where=sa.text('supersedes_id IS NULL'), postgresql_where=sa.text('supersedes_id IS NULL'))

    op.create_table('claim_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('old_value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('new_value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('resolution_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], ),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolution.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claim_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_event_claim_id'), ['claim_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('claim_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_event_claim_id'))

    op.drop_table('claim_event')
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.drop_index('uq_resolution_first', sqlite_where=sa.text('supersedes_id IS NULL'), postgresql_where=sa.text('supersedes_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_resolution_claim_id'))

    op.drop_table('resolution')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_status_deadline')
        batch_op.drop_index(batch_op.f('ix_claim_attributed_to'))
        batch_op.drop_index(batch_op.f('ix_claim_article_id'))

    op.drop_table('claim')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_url'))
        batch_op.drop_index(batch_op.f('ix_article_publication_id'))

    op.drop_table('article')
    op.drop_table('publication')
