"""The café's background work: the timekeeper that ends rounds on time."""

from __future__ import annotations

from app.services.cafe.rounds import end_expired_rounds
from app.services.cafe.settings import CafeSettings
from app.services.jobs import Job


def cafe_jobs(settings: CafeSettings) -> list[Job]:
    return [Job("cafe-timekeeper", settings.timekeeper_seconds, end_expired_rounds)]
