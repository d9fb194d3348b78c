from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.vetting_status import VettingStatus

if TYPE_CHECKING:
    from ..models.vetting_verification import VettingVerification


T = TypeVar("T", bound="Vetting")


@_attrs_define
class Vetting:
    """
    Attributes:
        next_review_due (datetime.date | None): After this date the vetting lapses.
        reason (None | str):
        status (VettingStatus):
        verification (VettingVerification):
        vetted_at (datetime.datetime | None): When it was last vetted.
        vetted_by (None | str):
    """

    next_review_due: datetime.date | None
    reason: None | str
    status: VettingStatus
    verification: VettingVerification
    vetted_at: datetime.datetime | None
    vetted_by: None | str

    def to_dict(self) -> dict[str, Any]:
        next_review_due: None | str
        if isinstance(self.next_review_due, datetime.date):
            next_review_due = self.next_review_due.isoformat()
        else:
            next_review_due = self.next_review_due

        reason: None | str
        reason = self.reason

        status = self.status.value

        verification = self.verification.to_dict()

        vetted_at: None | str
        if isinstance(self.vetted_at, datetime.datetime):
            vetted_at = self.vetted_at.isoformat()
        else:
            vetted_at = self.vetted_at

        vetted_by: None | str
        vetted_by = self.vetted_by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "next_review_due": next_review_due,
                "reason": reason,
                "status": status,
                "verification": verification,
                "vetted_at": vetted_at,
                "vetted_by": vetted_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vetting_verification import VettingVerification

        d = dict(src_dict)

        def _parse_next_review_due(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_review_due_type_0 = datetime.date.fromisoformat(data)

                return next_review_due_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        next_review_due = _parse_next_review_due(d.pop("next_review_due"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        status = VettingStatus(d.pop("status"))

        verification = VettingVerification.from_dict(d.pop("verification"))

        def _parse_vetted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                vetted_at_type_0 = datetime.datetime.fromisoformat(data)

                return vetted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        vetted_at = _parse_vetted_at(d.pop("vetted_at"))

        def _parse_vetted_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        vetted_by = _parse_vetted_by(d.pop("vetted_by"))

        vetting = cls(
            next_review_due=next_review_due,
            reason=reason,
            status=status,
            verification=verification,
            vetted_at=vetted_at,
            vetted_by=vetted_by,
        )

        return vetting
