"""The register of associations (föreningsregistret)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime, binary_string

SORT_KEY_LENGTH = 240


class Association(Base):
    __tablename__ = "associations"
    __table_args__ = (Index("ix_associations_sort", "sort_key", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Swedish collation as a byte-ordered key, so SQLite and PostgreSQL sort alike
    sort_key: Mapped[str] = mapped_column(binary_string(SORT_KEY_LENGTH))
    # folded words of name, descriptions and categories, for prefix search
    search_text: Mapped[str] = mapped_column(Text)
    organisation_number: Mapped[str] = mapped_column(String(11), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    district: Mapped[str | None] = mapped_column(String(32), index=True)
    website: Mapped[str | None] = mapped_column(String(200))
    founded_year: Mapped[int | None] = mapped_column(Integer)
    member_count: Mapped[int | None] = mapped_column(Integer)
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_public: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AssociationTranslation(Base):
    __tablename__ = "association_translations"

    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    description: Mapped[str] = mapped_column(Text)


class AssociationCategory(Base):
    __tablename__ = "association_categories"

    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class AssociationTargetGroup(Base):
    __tablename__ = "association_target_groups"

    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True
    )
    target_group: Mapped[str] = mapped_column(String(32), primary_key=True)


class UmbrellaLink(Base):
    """An association's membership of an umbrella organisation (paraplyorganisation)."""

    __tablename__ = "association_umbrellas"
    __table_args__ = (CheckConstraint("association_id <> umbrella_id", name="not_self"),)

    association_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True
    )
    umbrella_id: Mapped[int] = mapped_column(
        ForeignKey("associations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
