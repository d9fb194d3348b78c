from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Requirement")


@_attrs_define
class Requirement:
    """
    Attributes:
        any_of (list[str]): A centre meets the requirement with any one of these.
        code (None | str): The capability, when only one meets the requirement.
        kind (str):
        label (str):
        reason (str):
        rule (str):
        unstated (list[str]): Applied because the case does not state these fields.
        waived (bool): Set aside for this case by a coordinator (see results' waived).
    """

    any_of: list[str]
    code: None | str
    kind: str
    label: str
    reason: str
    rule: str
    unstated: list[str]
    waived: bool

    def to_dict(self) -> dict[str, Any]:
        any_of = self.any_of

        code: None | str
        code = self.code

        kind = self.kind

        label = self.label

        reason = self.reason

        rule = self.rule

        unstated = self.unstated

        waived = self.waived

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "any_of": any_of,
                "code": code,
                "kind": kind,
                "label": label,
                "reason": reason,
                "rule": rule,
                "unstated": unstated,
                "waived": waived,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        any_of = cast(list[str], d.pop("any_of"))

        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))

        kind = d.pop("kind")

        label = d.pop("label")

        reason = d.pop("reason")

        rule = d.pop("rule")

        unstated = cast(list[str], d.pop("unstated"))

        waived = d.pop("waived")

        requirement = cls(
            any_of=any_of,
            code=code,
            kind=kind,
            label=label,
            reason=reason,
            rule=rule,
            unstated=unstated,
            waived=waived,
        )

        return requirement
