"""accounts, associations and the agreement

Revision ID: 0001
Revises:
Create Date: 2026-11-21 13:27:20.671042
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The six principles of Helsingborg's local agreement, as the agreement words them.
PRINCIPLES = [
    {
        "code": "AUTONOMY",
        "position": 1,
        "name": "Självständighet och oberoende",
        "description": (
            "Föreningslivets självständighet i förhållande till staden bidrar till att fördjupa och "
            "utveckla det demokratiska samhället. Föreningslivets organisationer och verksamheter "
            "formulerar själva sitt uppdrag utifrån sin identitet och värdegrund. Parterna ska erkänna "
            "och respektera varandras oberoende. Föreningslivet ska kunna inta en kritisk roll som "
            "röstbärare och opinionsbildare, utan att riskera att mista ekonomiskt eller annat stöd."
        ),
    },
    {
        "code": "DIALOGUE",
        "position": 2,
        "name": "Dialog",
        "description": (
            "En öppen, inkluderande och kontinuerlig dialog är en förutsättning för samverkan mellan "
            "föreningslivet och staden samt inom respektive part. Relationen mellan föreningslivet och "
            "staden ska präglas av ansvar, ömsesidighet och tillit. Dialogen utgår från bådadas "
            "förutsättningar och tar till vara varandras perspektiv och kompetens. Dialogen breddar och "
            "fördjupar kunskapen inför beslut och bidrar till ömsesidig förståelse och förtroende. "
            "Ansvar för att dialog och samverkan hålls levande vilar både på staden och på "
            "föreningslivets organisationer."
        ),
    },
    {
        "code": "QUALITY",
        "position": 3,
        "name": "Kvalitet",
        "description": (
            "Staden har ofta lagstadgade krav på kvalitet i utförandet av sin verksamhet. "
            "Föreningslivet, med närheten till medlemmarna och deras perspektiv, är friare att själva "
            "bestämma och säkra kvaliteten i sin egen huvudsakligen ideella verksamhet. I varje form av "
            "samverkan måste parterna enas om vilka kvalitetskrav som skall gälla. För verksamheter som "
            "får ekonomiskt stöd av staden ska de olika politiskt beslutade regelverken följas. "
            "Uppföljning och utvärdering sker med respekt för parternas olika perspektiv och "
            "förutsättningar."
        ),
    },
    {
        "code": "LONG_TERM",
        "position": 4,
        "name": "Långsiktighet",
        "description": (
            "Föreningslivets utveckling och samhällsroll är en angelägenhet för hela samhället. "
            "Samverkan ska bidra till att skapa förutsättningar som gör det möjligt för föreningslivet "
            "att långsiktigt planera och lägga en grund för hållbar utveckling, såväl social som "
            "ekonomisk och miljömässig. Långsiktigheten måste balanseras med utrymme för flexibilitet "
            "och nyskapande.\n\nLångsiktighet är en förutsättning för att kunskap, engagemang och "
            "erfarenhet ska utvecklas och tillvaratas. En bred förankring hos båda parter är viktig när "
            "det gäller beslut som berör grundläggande förutsättningar för föreningslivets långsiktiga "
            "planering och arbete."
        ),
    },
    {
        "code": "OPENNESS",
        "position": 5,
        "name": "Öppenhet och insyn",
        "description": (
            "Det måste vara enkelt för föreningslivets organisationer att komma i kontakt med staden. "
            "Det behöver även vara enkelt för helsingborgare att nå föreningslivet eftersom "
            "föreningsaktivitet är ett bra sätt att komma in i och bli en del av lokalsamhället. Därför "
            "bör aktuell information om föreningslivet vara lättillgänglig.\n\nEtt ömsesidigt "
            "förtroende byggs genom vilja till öppenhet, förståelse för varandras förutsättningar och "
            "respekt för parternas olika synsätt."
        ),
    },
    {
        "code": "DIVERSITY",
        "position": 6,
        "name": "Mångfald och förnyelse",
        "description": (
            "Föreningslivet i Helsingborg utgörs av hundratals olika organisationer, verksamma inom ett "
            "stort antal områden. Mångfalden av människor, aktiviteter och verksamheter bidrar till "
            "öppenhet för olikheter, att olika kompetenser tas till vara och ger stadens invånare "
            "möjlighet att hitta något som väcker intresse och engagemang.\n\nI takt med att samhället "
            "förändras kan organisationsformer, aktiviteter och mötesformer behöva förnyas. Staden ska "
            "stödja föreningslivet, underlätta framväxten av nya aktörer och uppmuntra välkommandet av "
            "alla helsingborgare in i gemenskapen. Föreningslivet är en resurs som när den tillåts växa "
            "skapar utrymme för innovation."
        ),
    },
]


def upgrade() -> None:
    op.create_table(
        "associations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=140), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "sort_key",
            sa.String(length=240).with_variant(sa.String(length=240, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("organisation_number", sa.String(length=11), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=True),
        sa.Column("website", sa.String(length=200), nullable=True),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("member_count", sa.Integer(), nullable=True),
        sa.Column("contact_name", sa.String(length=120), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("contact_public", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_associations")),
        sa.UniqueConstraint(
            "organisation_number", name=op.f("uq_associations_organisation_number")
        ),
        sa.UniqueConstraint("slug", name=op.f("uq_associations_slug")),
    )
    with op.batch_alter_table("associations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_associations_district"), ["district"], unique=False)
        batch_op.create_index("ix_associations_sort", ["sort_key", "id"], unique=False)

    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_attempts_account_key"), ["account_key"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_login_attempts_address"), ["address"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_login_attempts_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "principles",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_principles")),
        sa.UniqueConstraint("position", name=op.f("uq_principles_position")),
    )
    op.bulk_insert(
        sa.table(
            "principles",
            sa.column("code", sa.String),
            sa.column("position", sa.Integer),
            sa.column("name", sa.String),
            sa.column("description", sa.Text),
        ),
        PRINCIPLES,
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("is_coordinator", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "agreement_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("joined_by_id", sa.Integer(), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_agreement_memberships_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["joined_by_id"],
            ["users.id"],
            name=op.f("fk_agreement_memberships_joined_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["left_by_id"],
            ["users.id"],
            name=op.f("fk_agreement_memberships_left_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_memberships")),
    )
    with op.batch_alter_table("agreement_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_memberships_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index(
            "uq_agreement_memberships_open",
            ["association_id"],
            unique=True,
            sqlite_where=sa.text("left_at IS NULL"),
            postgresql_where=sa.text("left_at IS NULL"),
        )

    op.create_table(
        "association_categories",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_association_categories_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "association_id", "category", name=op.f("pk_association_categories")
        ),
    )
    with op.batch_alter_table("association_categories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_categories_category"), ["category"], unique=False
        )

    op.create_table(
        "association_target_groups",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("target_group", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_association_target_groups_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "association_id", "target_group", name=op.f("pk_association_target_groups")
        ),
    )
    op.create_table(
        "association_translations",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_association_translations_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "association_id", "language", name=op.f("pk_association_translations")
        ),
    )
    op.create_table(
        "association_umbrellas",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("umbrella_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "association_id <> umbrella_id", name=op.f("ck_association_umbrellas_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_association_umbrellas_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["umbrella_id"],
            ["associations.id"],
            name=op.f("fk_association_umbrellas_umbrella_id_associations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "association_id", "umbrella_id", name=op.f("pk_association_umbrellas")
        ),
    )
    with op.batch_alter_table("association_umbrellas", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_umbrellas_umbrella_id"), ["umbrella_id"], unique=False
        )

    op.create_table(
        "auth_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_auth_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_tokens_token_hash")),
    )
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "join_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_join_requests_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_join_requests_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_join_requests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_join_requests")),
    )
    with op.batch_alter_table("join_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_join_requests_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_join_requests_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_join_requests_pending",
            ["user_id", "association_id"],
            unique=True,
            sqlite_where=sa.text("status = 'PENDING'"),
            postgresql_where=sa.text("status = 'PENDING'"),
        )

    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_memberships_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint(
            "user_id", "association_id", name=op.f("uq_memberships_user_id_association_id")
        ),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_memberships_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_memberships_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_user_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_association_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("join_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_join_requests_pending",
            sqlite_where=sa.text("status = 'PENDING'"),
            postgresql_where=sa.text("status = 'PENDING'"),
        )
        batch_op.drop_index(batch_op.f("ix_join_requests_user_id"))
        batch_op.drop_index(batch_op.f("ix_join_requests_association_id"))

    op.drop_table("join_requests")
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_tokens_user_id"))

    op.drop_table("auth_tokens")
    with op.batch_alter_table("association_umbrellas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_umbrellas_umbrella_id"))

    op.drop_table("association_umbrellas")
    op.drop_table("association_translations")
    op.drop_table("association_target_groups")
    with op.batch_alter_table("association_categories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_association_categories_category"))

    op.drop_table("association_categories")
    with op.batch_alter_table("agreement_memberships", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_agreement_memberships_open",
            sqlite_where=sa.text("left_at IS NULL"),
            postgresql_where=sa.text("left_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_agreement_memberships_association_id"))

    op.drop_table("agreement_memberships")
    op.drop_table("users")
    op.drop_table("principles")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_created_at"))
        batch_op.drop_index(batch_op.f("ix_login_attempts_address"))
        batch_op.drop_index(batch_op.f("ix_login_attempts_account_key"))

    op.drop_table("login_attempts")
    with op.batch_alter_table("associations", schema=None) as batch_op:
        batch_op.drop_index("ix_associations_sort")
        batch_op.drop_index(batch_op.f("ix_associations_district"))

    op.drop_table("associations")
