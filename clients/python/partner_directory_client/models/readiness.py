from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.readiness_checks import ReadinessChecks


T = TypeVar("T", bound="Readiness")


@_attrs_define
class Readiness:
    """
    Attributes:
        checks (ReadinessChecks | Unset):
        status (str | Unset): ready, degraded or unavailable.
    """

    checks: ReadinessChecks | Unset = UNSET
    status: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        checks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.checks, Unset):
            checks = self.checks.to_dict()

        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if checks is not UNSET:
            field_dict["checks"] = checks
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.readiness_checks import ReadinessChecks

        d = dict(src_dict)
        _checks = d.pop("checks", UNSET)
        checks: ReadinessChecks | Unset
        if isinstance(_checks, Unset):
            checks = UNSET
        else:
            checks = ReadinessChecks.from_dict(_checks)

        status = d.pop("status", UNSET)

        readiness = cls(
            checks=checks,
            status=status,
        )

        return readiness
