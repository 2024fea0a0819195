"""The demo accounts `make run` prints (all with the same password)."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "samverka-demo"  # noqa: S105  (printed by make run, on purpose)


@dataclass(frozen=True)
class DemoUser:
    email: str
    display_name: str
    role: str
    coordinator: bool = False
    admin_of: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    asks_to_join: tuple[str, ...] = ()


COORDINATOR_EMAIL = "samordnare@samverka.example"
FACILITATOR_EMAIL = "facilitator@samverka.example"

DEMO_USERS = [
    DemoUser(
        COORDINATOR_EMAIL,
        "Johanna Berg",
        "city coordinator (föreningssamordnare)",
        coordinator=True,
    ),
    DemoUser(
        "admin.hif@samverka.example",
        "Karin Nilsson",
        "admin of Helsingborgs IF",
        admin_of=("Helsingborgs IF",),
    ),
    DemoUser(
        FACILITATOR_EMAIL,
        "Maja Holm",
        "café facilitator (table host), member of Röda Korset Helsingborgskretsen",
        member_of=("Röda Korset Helsingborgskretsen",),
        asks_to_join=("Helsingborgs IF",),
    ),
    DemoUser(
        "admin.raa@samverka.example",
        "Per Möller",
        "admin of Råå IF",
        admin_of=("Råå IF",),
    ),
]
