from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.transition_input_reason_code_type_0 import TransitionInputReasonCodeType0
from ..models.transition_input_to import TransitionInputTo
from ..types import UNSET, Unset

T = TypeVar("T", bound="TransitionInput")


@_attrs_define
class TransitionInput:
    """
    Attributes:
        to (TransitionInputTo): The status to move the referral to: one of its allowed_transitions (else 409). Example:
            rejected.
        reason (None | str | Unset): Why, up to 2000 characters: required when a coordinator takes the centre's step, or
            a requester's step on a referral another client made, and with reason_code other; null or absent: none. Example:
            Please send the latest MRI of the pelvis..
        reason_code (None | TransitionInputReasonCodeType0 | Unset): A rejection's reason, required with to rejected and
            refused otherwise: at-capacity, not-suitable, needs-more-information, or other (with a reason). Example: needs-
            more-information.
    """

    to: TransitionInputTo
    reason: None | str | Unset = UNSET
    reason_code: None | TransitionInputReasonCodeType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to = self.to.value

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        reason_code: None | str | Unset
        if isinstance(self.reason_code, Unset):
            reason_code = UNSET
        elif isinstance(self.reason_code, TransitionInputReasonCodeType0):
            reason_code = self.reason_code.value
        else:
            reason_code = self.reason_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if reason_code is not UNSET:
            field_dict["reason_code"] = reason_code

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        to = TransitionInputTo(d.pop("to"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_reason_code(
            data: object,
        ) -> None | TransitionInputReasonCodeType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_code_type_0 = TransitionInputReasonCodeType0(data)

                return reason_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransitionInputReasonCodeType0 | Unset, data)

        reason_code = _parse_reason_code(d.pop("reason_code", UNSET))

        transition_input = cls(
            to=to,
            reason=reason,
            reason_code=reason_code,
        )

        return transition_input
