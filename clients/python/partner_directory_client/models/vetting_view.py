from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.vetting_view_status import VettingViewStatus

if TYPE_CHECKING:
    from ..models.vetting_verification_view import VettingVerificationView


T = TypeVar("T", bound="VettingView")


@_attrs_define
class VettingView:
    """
    Attributes:
        next_review_due (None | str): ISO date; after it the vetting lapses.
        status (VettingViewStatus):
        verification (VettingVerificationView):
    """

    next_review_due: None | str
    status: VettingViewStatus
    verification: VettingVerificationView

    def to_dict(self) -> dict[str, Any]:
        next_review_due: None | str
        next_review_due = self.next_review_due

        status = self.status.value

        verification = self.verification.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "next_review_due": next_review_due,
                "status": status,
                "verification": verification,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vetting_verification_view import VettingVerificationView

        d = dict(src_dict)

        def _parse_next_review_due(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_review_due = _parse_next_review_due(d.pop("next_review_due"))

        status = VettingViewStatus(d.pop("status"))

        verification = VettingVerificationView.from_dict(d.pop("verification"))

        vetting_view = cls(
            next_review_due=next_review_due,
            status=status,
            verification=verification,
        )

        return vetting_view
