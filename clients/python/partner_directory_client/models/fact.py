from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.verification import Verification


T = TypeVar("T", bound="Fact")


@_attrs_define
class Fact:
    """
    Attributes:
        centre (str):
        centre_name (str):
        centre_version (int): The centre's version: send it as If-Match to verify.
        code (str):
        demo (bool):
        kind (str): capability or service.
        summary (str): What was reported, in a line.
        verification (Verification):
    """

    centre: str
    centre_name: str
    centre_version: int
    code: str
    demo: bool
    kind: str
    summary: str
    verification: Verification

    def to_dict(self) -> dict[str, Any]:
        centre = self.centre

        centre_name = self.centre_name

        centre_version = self.centre_version

        code = self.code

        demo = self.demo

        kind = self.kind

        summary = self.summary

        verification = self.verification.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "centre": centre,
                "centre_name": centre_name,
                "centre_version": centre_version,
                "code": code,
                "demo": demo,
                "kind": kind,
                "summary": summary,
                "verification": verification,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.verification import Verification

        d = dict(src_dict)
        centre = d.pop("centre")

        centre_name = d.pop("centre_name")

        centre_version = d.pop("centre_version")

        code = d.pop("code")

        demo = d.pop("demo")

        kind = d.pop("kind")

        summary = d.pop("summary")

        verification = Verification.from_dict(d.pop("verification"))

        fact = cls(
            centre=centre,
            centre_name=centre_name,
            centre_version=centre_version,
            code=code,
            demo=demo,
            kind=kind,
            summary=summary,
            verification=verification,
        )

        return fact
