from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.rule_code import RuleCode

T = TypeVar("T", bound="WaiverInput")


@_attrs_define
class WaiverInput:
    """
    Attributes:
        reason (str): Why the rule does not apply to this case, up to 2000 characters (audited). Example: The treating
            team will monitor the cord by other means for this case..
        rule (RuleCode): A clinical rule of the vocabulary in force (GET /v1/vocabulary).
    """

    reason: str
    rule: RuleCode

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        rule = self.rule.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
                "rule": rule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reason = d.pop("reason")

        rule = RuleCode(d.pop("rule"))

        waiver_input = cls(
            reason=reason,
            rule=rule,
        )

        return waiver_input
