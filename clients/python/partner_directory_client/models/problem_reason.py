from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_reason_gaps_item import ProblemReasonGapsItem


T = TypeVar("T", bound="ProblemReason")


@_attrs_define
class ProblemReason:
    """
    Attributes:
        code (str): e.g. not-vetted, requirement-missing.
        text (str):
        gaps (list[ProblemReasonGapsItem] | Unset): What the centre reports instead.
        rule (str | Unset): The requirement missed (requirement reasons only).
    """

    code: str
    text: str
    gaps: list[ProblemReasonGapsItem] | Unset = UNSET
    rule: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        text = self.text

        gaps: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.gaps, Unset):
            gaps = []
            for gaps_item_data in self.gaps:
                gaps_item = gaps_item_data.to_dict()
                gaps.append(gaps_item)

        rule = self.rule

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "text": text,
            }
        )
        if gaps is not UNSET:
            field_dict["gaps"] = gaps
        if rule is not UNSET:
            field_dict["rule"] = rule

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.problem_reason_gaps_item import ProblemReasonGapsItem

        d = dict(src_dict)
        code = d.pop("code")

        text = d.pop("text")

        _gaps = d.pop("gaps", UNSET)
        gaps: list[ProblemReasonGapsItem] | Unset = UNSET
        if _gaps is not UNSET:
            gaps = []
            for gaps_item_data in _gaps:
                gaps_item = ProblemReasonGapsItem.from_dict(gaps_item_data)

                gaps.append(gaps_item)

        rule = d.pop("rule", UNSET)

        problem_reason = cls(
            code=code,
            text=text,
            gaps=gaps,
            rule=rule,
        )

        return problem_reason
