"""DataLoaders of the exchange, one per relation and direction."""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from db.models import (
    Association,
    Conversation,
    Exchange,
    Listing,
    ListingTranslation,
    Loan,
    Message,
    VolunteerSignup,
)
from schema.context import Context
from schema.loading import children, rows_by, rows_grouped_by


def listings_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Listing.id)


def conversations_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Conversation.id)


def messages_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Message.id)


def exchanges_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Exchange.id)


def loans_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Loan.id)


def signups_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, VolunteerSignup.id)


def translations_by_listing_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, ListingTranslation.listing_id, ListingTranslation.language)


conversation_messages = children(Message.conversation_id, (Message.id,))
listing_loans = children(Loan.listing_id, (Loan.id,))
listing_signups = children(VolunteerSignup.listing_id, (VolunteerSignup.id,))

# a listing's association (the one it points to), as the compiled reads join it
listing_association = children(
    Listing.id,
    (Association.id,),
    model=Association,
    through=(Listing, Listing.association_id == Association.id),
    default_size=1,
)
