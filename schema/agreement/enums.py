"""The agreement's enums."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.agreement.principles import PrincipleCode

strawberry.enum(
    PrincipleCode, name="PrincipleCode", description="The six principles of the local agreement."
)
PrincipleCodeEnum: TypeAlias = PrincipleCode
