from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Waived")


@_attrs_define
class Waived:
    """
    Attributes:
        by (str): Who waived it.
        reason (str):
        rule (str):
    """

    by: str
    reason: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        by = self.by

        reason = self.reason

        rule = self.rule

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "by": by,
                "reason": reason,
                "rule": rule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        by = d.pop("by")

        reason = d.pop("reason")

        rule = d.pop("rule")

        waived = cls(
            by=by,
            reason=reason,
            rule=rule,
        )

        return waived
