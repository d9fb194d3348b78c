from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.verification_status import VerificationStatus

T = TypeVar("T", bound="Verification")


@_attrs_define
class Verification:
    """
    Attributes:
        evidence (None | str): What the coordinator checked.
        reported_at (datetime.datetime):
        reported_by (str):
        source (None | str): The data file's words, or who reported or verified it.
        status (VerificationStatus): verified (by a coordinator), self-reported (by the partner) or unverified (a data
            file).
        verified_at (datetime.datetime | None):
        verified_by (None | str):
    """

    evidence: None | str
    reported_at: datetime.datetime
    reported_by: str
    source: None | str
    status: VerificationStatus
    verified_at: datetime.datetime | None
    verified_by: None | str

    def to_dict(self) -> dict[str, Any]:
        evidence: None | str
        evidence = self.evidence

        reported_at = self.reported_at.isoformat()

        reported_by = self.reported_by

        source: None | str
        source = self.source

        status = self.status.value

        verified_at: None | str
        if isinstance(self.verified_at, datetime.datetime):
            verified_at = self.verified_at.isoformat()
        else:
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

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))

        reported_by = d.pop("reported_by")

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))

        status = VerificationStatus(d.pop("status"))

        def _parse_verified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                verified_at_type_0 = datetime.datetime.fromisoformat(data)

                return verified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        verified_at = _parse_verified_at(d.pop("verified_at"))

        def _parse_verified_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        verified_by = _parse_verified_by(d.pop("verified_by"))

        verification = cls(
            evidence=evidence,
            reported_at=reported_at,
            reported_by=reported_by,
            source=source,
            status=status,
            verified_at=verified_at,
            verified_by=verified_by,
        )

        return verification
