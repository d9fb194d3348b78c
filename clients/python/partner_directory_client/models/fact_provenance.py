from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.fact_provenance_status import FactProvenanceStatus

T = TypeVar("T", bound="FactProvenance")


@_attrs_define
class FactProvenance:
    """
    Attributes:
        evidence (None | str):
        reported_at (str):
        reported_by (str):
        source (None | str):
        status (FactProvenanceStatus): verified, self-reported or unverified.
        verified_at (None | str):
        verified_by (None | str):
    """

    evidence: None | str
    reported_at: str
    reported_by: str
    source: None | str
    status: FactProvenanceStatus
    verified_at: None | str
    verified_by: None | str

    def to_dict(self) -> dict[str, Any]:
        evidence: None | str
        evidence = self.evidence

        reported_at = self.reported_at

        reported_by = self.reported_by

        source: None | str
        source = self.source

        status = self.status.value

        verified_at: None | str
        verified_at = self.verified_at

        verified_by: None | str
        verified_by = self.verified_by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "evidence": evidence,
                "reported_at": reported_at,
                "reported_by": reported_by,
                "source": source,
                "status": status,
                "verified_at": verified_at,
                "verified_by": verified_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_evidence(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        evidence = _parse_evidence(d.pop("evidence"))

        reported_at = d.pop("reported_at")

        reported_by = d.pop("reported_by")

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        status = FactProvenanceStatus(d.pop("status"))

        def _parse_verified_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        verified_at = _parse_verified_at(d.pop("verified_at"))

        def _parse_verified_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        verified_by = _parse_verified_by(d.pop("verified_by"))

        fact_provenance = cls(
            evidence=evidence,
            reported_at=reported_at,
            reported_by=reported_by,
            source=source,
            status=status,
            verified_at=verified_at,
            verified_by=verified_by,
        )

        return fact_provenance
