"""search keys for every script

The search words and sort keys now count letters and digits of every script (and fold
compatibility forms such as "ﬁ"); associations stored before are keyed again by the same
rules the app applies on every write.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.services.associations.vocabulary import CATEGORY_NAMES, Category
from app.services.swedish import collation_key, search_document
from db.models.associations import SORT_KEY_LENGTH

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    texts: dict[int, list[str]] = defaultdict(list)
    for association_id, description in bind.execute(
        sa.text("SELECT association_id, description FROM association_translations")
    ):
        texts[association_id].append(description)
    for association_id, category in bind.execute(
        sa.text("SELECT association_id, category FROM association_categories")
    ):
        texts[association_id].append(CATEGORY_NAMES[Category(category)])
    rows = bind.execute(sa.text("SELECT id, name, description FROM associations")).all()
    for association_id, name, description in rows:
        bind.execute(
            sa.text("UPDATE associations SET sort_key = :key, search_text = :text WHERE id = :id"),
            {
                "id": association_id,
                "key": collation_key(name)[:SORT_KEY_LENGTH],
                "text": search_document(name, description, *texts[association_id]),
            },
        )


def downgrade() -> None:
    """The keys made by the newer rules still order and find every Latin name as before."""
