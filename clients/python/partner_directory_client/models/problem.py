from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error import FieldError
    from ..models.problem_reason import ProblemReason


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """
    Attributes:
        instance (str): The path of the request. Example: /v1/referrals/r-1/transitions.
        status (int):  Example: 409.
        title (str):  Example: Conflict.
        type_ (str):  Example: about:blank.
        allowed (list[str] | Unset): 409 on a transition: the steps this client may take.
        code (str | Unset): A stable, machine-readable problem code.
        current_version (int | Unset): 412: the version the resource is at now.
        detail (str | Unset):
        errors (list[FieldError] | Unset): Each field at fault, and why.
        reasons (list[ProblemReason] | Unset): 422 on a referral: why the centre does not fit the case.
        request_id (str | Unset): The request's id, as in the logs.
    """

    instance: str
    status: int
    title: str
    type_: str
    allowed: list[str] | Unset = UNSET
    code: str | Unset = UNSET
    current_version: int | Unset = UNSET
    detail: str | Unset = UNSET
    errors: list[FieldError] | Unset = UNSET
    reasons: list[ProblemReason] | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance = self.instance

        status = self.status

        title = self.title

        type_ = self.type_

        allowed: list[str] | Unset = UNSET
        if not isinstance(self.allowed, Unset):
            allowed = self.allowed

        code = self.code

        current_version = self.current_version

        detail = self.detail

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        reasons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reasons, Unset):
            reasons = []
            for reasons_item_data in self.reasons:
                reasons_item = reasons_item_data.to_dict()
                reasons.append(reasons_item)

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "instance": instance,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if allowed is not UNSET:
            field_dict["allowed"] = allowed
        if code is not UNSET:
            field_dict["code"] = code
        if current_version is not UNSET:
            field_dict["current_version"] = current_version
        if detail is not UNSET:
            field_dict["detail"] = detail
        if errors is not UNSET:
            field_dict["errors"] = errors
        if reasons is not UNSET:
            field_dict["reasons"] = reasons
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.field_error import FieldError
        from ..models.problem_reason import ProblemReason

        d = dict(src_dict)
        instance = d.pop("instance")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        allowed = cast(list[str], d.pop("allowed", UNSET))

        code = d.pop("code", UNSET)

        current_version = d.pop("current_version", UNSET)

        detail = d.pop("detail", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[FieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldError.from_dict(errors_item_data)

                errors.append(errors_item)

        _reasons = d.pop("reasons", UNSET)
        reasons: list[ProblemReason] | Unset = UNSET
        if _reasons is not UNSET:
            reasons = []
            for reasons_item_data in _reasons:
                reasons_item = ProblemReason.from_dict(reasons_item_data)

                reasons.append(reasons_item)

        request_id = d.pop("request_id", UNSET)

        problem = cls(
            instance=instance,
            status=status,
            title=title,
            type_=type_,
            allowed=allowed,
            code=code,
            current_version=current_version,
            detail=detail,
            errors=errors,
            reasons=reasons,
            request_id=request_id,
        )

        problem.additional_properties = d
        return problem

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
