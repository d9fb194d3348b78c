from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.vetting_verification_view_status import VettingVerificationViewStatus

T = TypeVar("T", bound="VettingVerificationView")


@_attrs_define
class VettingVerificationView:
    """
    Attributes:
        decided_at (None | str): ISO 8601.
        decided_by (None | str):
        evidence (None | str):
        source (None | str):
        status (VettingVerificationViewStatus): verified (a person decided) or unverified (a data file, or a lapse).
    """

    decided_at: None | str
    decided_by: None | str
    evidence: None | str
    source: None | str
    status: VettingVerificationViewStatus

    def to_dict(self) -> dict[str, Any]:
        decided_at: None | str
        decided_at = self.decided_at

        decided_by: None | str
        decided_by = self.decided_by

        evidence: None | str
        evidence = self.evidence

        source: None | str
        source = self.source

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decided_at": decided_at,
                "decided_by": decided_by,
                "evidence": evidence,
                "source": source,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_decided_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        def _parse_evidence(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        evidence = _parse_evidence(d.pop("evidence"))

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        status = VettingVerificationViewStatus(d.pop("status"))

        vetting_verification_view = cls(
            decided_at=decided_at,
            decided_by=decided_by,
            evidence=evidence,
            source=source,
            status=status,
        )

        return vetting_verification_view
