from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Gap")


@_attrs_define
class Gap:
    """
    Attributes:
        code (str):
        notes (None | str): The centre's own note on the capability.
        rule (str): The requirement it was asked for.
        status (str): limited, unavailable or not reported.
    """

    code: str
    notes: None | str
    rule: str
    status: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        notes: None | str
        notes = self.notes

        rule = self.rule

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "notes": notes,
                "rule": rule,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        rule = d.pop("rule")

        status = d.pop("status")

        gap = cls(
            code=code,
            notes=notes,
            rule=rule,
            status=status,
        )

        return gap
