from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReasonGap")


@_attrs_define
class ReasonGap:
    """
    Attributes:
        code (str):
        notes (None | str):
        status (str):
    """

    code: str
    notes: None | str
    status: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        notes: None | str
        notes = self.notes

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "notes": notes,
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

        status = d.pop("status")

        reason_gap = cls(
            code=code,
            notes=notes,
            status=status,
        )

        return reason_gap
