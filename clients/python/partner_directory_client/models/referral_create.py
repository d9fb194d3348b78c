from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.referral_create_status import ReferralCreateStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.case_profile import CaseProfile


T = TypeVar("T", bound="ReferralCreate")


@_attrs_define
class ReferralCreate:
    """
    Attributes:
        centre (str): The centre's slug. Example: pumch.
        external_ref (str): The intake service's own id for the case, up to 100 characters: the same one again returns
            the same referral. Never a patient identifier. Example: case-2026-0418.
        profile (CaseProfile):
        override_reason (str | Unset): Coordinators only: refer although the centre does not fit the case (the reasons
            are in the 422 that refused it), and say why. Recorded in the referral, its timeline and the audit log. Example:
            Discussed with the centre's team: a partner surgeon will perform the cementoplasty..
        status (ReferralCreateStatus | Unset): draft (kept back; the centre does not see it), or requested (sent to the
            centre now: the default). Requested needs a vetted centre that accepts referrals (else 409). Default:
            ReferralCreateStatus.REQUESTED. Example: requested.
    """

    centre: str
    external_ref: str
    profile: CaseProfile
    override_reason: str | Unset = UNSET
    status: ReferralCreateStatus | Unset = ReferralCreateStatus.REQUESTED

    def to_dict(self) -> dict[str, Any]:
        centre = self.centre

        external_ref = self.external_ref

        profile = self.profile.to_dict()

        override_reason = self.override_reason

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "centre": centre,
                "external_ref": external_ref,
                "profile": profile,
            }
        )
        if override_reason is not UNSET:
            field_dict["override_reason"] = override_reason
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_profile import CaseProfile

        d = dict(src_dict)
        centre = d.pop("centre")

        external_ref = d.pop("external_ref")

        profile = CaseProfile.from_dict(d.pop("profile"))

        override_reason = d.pop("override_reason", UNSET)

        _status = d.pop("status", UNSET)
        status: ReferralCreateStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = ReferralCreateStatus(_status)

        referral_create = cls(
            centre=centre,
            external_ref=external_ref,
            profile=profile,
            override_reason=override_reason,
            status=status,
        )

        return referral_create
