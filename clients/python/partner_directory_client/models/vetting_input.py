from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.vetting_input_status import VettingInputStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="VettingInput")


@_attrs_define
class VettingInput:
    """
    Attributes:
        status (VettingInputStatus): vetted, pending, suspended or lapsed. Only a vetted centre is matched and takes
            referrals. Example: vetted.
        next_review_due (datetime.date | Unset): With status vetted: when the vetting must be reviewed (default: a year
            on); an ISO date after today. Example: 2027-12-01.
        reason (None | str | Unset): The evidence: why, up to 2000 characters. Required with suspended or lapsed.
            Example: Programme, volumes and international desk checked on a site visit..
    """

    status: VettingInputStatus
    next_review_due: datetime.date | Unset = UNSET
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        next_review_due: str | Unset = UNSET
        if not isinstance(self.next_review_due, Unset):
            next_review_due = self.next_review_due.isoformat()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if next_review_due is not UNSET:
            field_dict["next_review_due"] = next_review_due
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = VettingInputStatus(d.pop("status"))

        _next_review_due = d.pop("next_review_due", UNSET)
        next_review_due: datetime.date | Unset
        if isinstance(_next_review_due, Unset):
            next_review_due = UNSET
        else:
            next_review_due = datetime.date.fromisoformat(_next_review_due)

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        vetting_input = cls(
            status=status,
            next_review_due=next_review_due,
            reason=reason,
        )

        return vetting_input
