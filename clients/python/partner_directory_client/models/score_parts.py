from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ScoreParts")


@_attrs_define
class ScoreParts:
    """
    Attributes:
        access (float):
        cost (float):
        evidence (float):
        experience (float):
        language (float):
    """

    access: float
    cost: float
    evidence: float
    experience: float
    language: float

    def to_dict(self) -> dict[str, Any]:
        access = self.access

        cost = self.cost

        evidence = self.evidence

        experience = self.experience

        language = self.language

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "access": access,
                "cost": cost,
                "evidence": evidence,
                "experience": experience,
                "language": language,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        access = d.pop("access")

        cost = d.pop("cost")

        evidence = d.pop("evidence")

        experience = d.pop("experience")

        language = d.pop("language")

        score_parts = cls(
            access=access,
            cost=cost,
            evidence=evidence,
            experience=experience,
            language=language,
        )

        return score_parts
