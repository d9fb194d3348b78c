from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.capability_used import CapabilityUsed
    from ..models.estimated_cost import EstimatedCost
    from ..models.fact_provenance import FactProvenance
    from ..models.gap import Gap
    from ..models.match_centre import MatchCentre
    from ..models.note import Note
    from ..models.reason import Reason
    from ..models.requirement import Requirement
    from ..models.score_parts import ScoreParts
    from ..models.waived import Waived


T = TypeVar("T", bound="MatchSnapshot")


@_attrs_define
class MatchSnapshot:
    """
    Attributes:
        centre (MatchCentre):
        eligible (bool): Whether the centre passed every filter.
        requirements (list[Requirement]):
        service (str):
        taken_at (str): When it was taken (ISO 8601).
        vocabulary_version (str):
        advisories (list[Note] | Unset): Notes for the case, on every result.
        annual_volume (int | None | Unset):
        capabilities_used (list[CapabilityUsed] | Unset):
        case_warnings (list[Note] | Unset):
        estimated_cost (EstimatedCost | None | Unset):
        fits (bool | Unset): Eligible and meeting every requirement.
        gaps (list[Gap] | Unset):
        met (list[str] | Unset):
        missing (list[str] | Unset):
        offering_provenance (FactProvenance | Unset):
        reasons (list[Reason] | Unset): Why it does not fit.
        score (float | Unset):
        score_parts (ScoreParts | Unset):
        unknown (list[str] | Unset): Score parts that could not be known (cost: no USD figure); they count 0.
        wait_days (int | None | Unset):
        waived (list[Waived] | Unset):
        why_not (list[str] | Unset): When not eligible: the filters it failed, in words.
    """

    centre: MatchCentre
    eligible: bool
    requirements: list[Requirement]
    service: str
    taken_at: str
    vocabulary_version: str
    advisories: list[Note] | Unset = UNSET
    annual_volume: int | None | Unset = UNSET
    capabilities_used: list[CapabilityUsed] | Unset = UNSET
    case_warnings: list[Note] | Unset = UNSET
    estimated_cost: EstimatedCost | None | Unset = UNSET
    fits: bool | Unset = UNSET
    gaps: list[Gap] | Unset = UNSET
    met: list[str] | Unset = UNSET
    missing: list[str] | Unset = UNSET
    offering_provenance: FactProvenance | Unset = UNSET
    reasons: list[Reason] | Unset = UNSET
    score: float | Unset = UNSET
    score_parts: ScoreParts | Unset = UNSET
    unknown: list[str] | Unset = UNSET
    wait_days: int | None | Unset = UNSET
    waived: list[Waived] | Unset = UNSET
    why_not: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.estimated_cost import EstimatedCost

        centre = self.centre.to_dict()

        eligible = self.eligible

        requirements = []
        for requirements_item_data in self.requirements:
            requirements_item = requirements_item_data.to_dict()
            requirements.append(requirements_item)

        service = self.service

        taken_at = self.taken_at

        vocabulary_version = self.vocabulary_version

        advisories: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.advisories, Unset):
            advisories = []
            for advisories_item_data in self.advisories:
                advisories_item = advisories_item_data.to_dict()
                advisories.append(advisories_item)

        annual_volume: int | None | Unset
        if isinstance(self.annual_volume, Unset):
            annual_volume = UNSET
        else:
            annual_volume = self.annual_volume

        capabilities_used: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.capabilities_used, Unset):
            capabilities_used = []
            for capabilities_used_item_data in self.capabilities_used:
                capabilities_used_item = capabilities_used_item_data.to_dict()
                capabilities_used.append(capabilities_used_item)

        case_warnings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.case_warnings, Unset):
            case_warnings = []
            for case_warnings_item_data in self.case_warnings:
                case_warnings_item = case_warnings_item_data.to_dict()
                case_warnings.append(case_warnings_item)

        estimated_cost: dict[str, Any] | None | Unset
        if isinstance(self.estimated_cost, Unset):
            estimated_cost = UNSET
        elif isinstance(self.estimated_cost, EstimatedCost):
            estimated_cost = self.estimated_cost.to_dict()
        else:
            estimated_cost = self.estimated_cost

        fits = self.fits

        gaps: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.gaps, Unset):
            gaps = []
            for gaps_item_data in self.gaps:
                gaps_item = gaps_item_data.to_dict()
                gaps.append(gaps_item)

        met: list[str] | Unset = UNSET
        if not isinstance(self.met, Unset):
            met = self.met

        missing: list[str] | Unset = UNSET
        if not isinstance(self.missing, Unset):
            missing = self.missing

        offering_provenance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.offering_provenance, Unset):
            offering_provenance = self.offering_provenance.to_dict()

        reasons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reasons, Unset):
            reasons = []
            for reasons_item_data in self.reasons:
                reasons_item = reasons_item_data.to_dict()
                reasons.append(reasons_item)

        score = self.score

        score_parts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.score_parts, Unset):
            score_parts = self.score_parts.to_dict()

        unknown: list[str] | Unset = UNSET
        if not isinstance(self.unknown, Unset):
            unknown = self.unknown

        wait_days: int | None | Unset
        if isinstance(self.wait_days, Unset):
            wait_days = UNSET
        else:
            wait_days = self.wait_days

        waived: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.waived, Unset):
            waived = []
            for waived_item_data in self.waived:
                waived_item = waived_item_data.to_dict()
                waived.append(waived_item)

        why_not: list[str] | Unset = UNSET
        if not isinstance(self.why_not, Unset):
            why_not = self.why_not

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "centre": centre,
                "eligible": eligible,
                "requirements": requirements,
                "service": service,
                "taken_at": taken_at,
                "vocabulary_version": vocabulary_version,
            }
        )
        if advisories is not UNSET:
            field_dict["advisories"] = advisories
        if annual_volume is not UNSET:
            field_dict["annual_volume"] = annual_volume
        if capabilities_used is not UNSET:
            field_dict["capabilities_used"] = capabilities_used
        if case_warnings is not UNSET:
            field_dict["case_warnings"] = case_warnings
        if estimated_cost is not UNSET:
            field_dict["estimated_cost"] = estimated_cost
        if fits is not UNSET:
            field_dict["fits"] = fits
        if gaps is not UNSET:
            field_dict["gaps"] = gaps
        if met is not UNSET:
            field_dict["met"] = met
        if missing is not UNSET:
            field_dict["missing"] = missing
        if offering_provenance is not UNSET:
            field_dict["offering_provenance"] = offering_provenance
        if reasons is not UNSET:
            field_dict["reasons"] = reasons
        if score is not UNSET:
            field_dict["score"] = score
        if score_parts is not UNSET:
            field_dict["score_parts"] = score_parts
        if unknown is not UNSET:
            field_dict["unknown"] = unknown
        if wait_days is not UNSET:
            field_dict["wait_days"] = wait_days
        if waived is not UNSET:
            field_dict["waived"] = waived
        if why_not is not UNSET:
            field_dict["why_not"] = why_not

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.capability_used import CapabilityUsed
        from ..models.estimated_cost import EstimatedCost
        from ..models.fact_provenance import FactProvenance
        from ..models.gap import Gap
        from ..models.match_centre import MatchCentre
        from ..models.note import Note
        from ..models.reason import Reason
        from ..models.requirement import Requirement
        from ..models.score_parts import ScoreParts
        from ..models.waived import Waived

        d = dict(src_dict)
        centre = MatchCentre.from_dict(d.pop("centre"))

        eligible = d.pop("eligible")

        requirements = []
        _requirements = d.pop("requirements")
        for requirements_item_data in _requirements:
            requirements_item = Requirement.from_dict(requirements_item_data)

            requirements.append(requirements_item)

        service = d.pop("service")

        taken_at = d.pop("taken_at")

        vocabulary_version = d.pop("vocabulary_version")

        _advisories = d.pop("advisories", UNSET)
        advisories: list[Note] | Unset = UNSET
        if _advisories is not UNSET:
            advisories = []
            for advisories_item_data in _advisories:
                advisories_item = Note.from_dict(advisories_item_data)

                advisories.append(advisories_item)

        def _parse_annual_volume(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        annual_volume = _parse_annual_volume(d.pop("annual_volume", UNSET))

        _capabilities_used = d.pop("capabilities_used", UNSET)
        capabilities_used: list[CapabilityUsed] | Unset = UNSET
        if _capabilities_used is not UNSET:
            capabilities_used = []
            for capabilities_used_item_data in _capabilities_used:
                capabilities_used_item = CapabilityUsed.from_dict(
                    capabilities_used_item_data
                )

                capabilities_used.append(capabilities_used_item)

        _case_warnings = d.pop("case_warnings", UNSET)
        case_warnings: list[Note] | Unset = UNSET
        if _case_warnings is not UNSET:
            case_warnings = []
            for case_warnings_item_data in _case_warnings:
                case_warnings_item = Note.from_dict(case_warnings_item_data)

                case_warnings.append(case_warnings_item)

        def _parse_estimated_cost(data: object) -> EstimatedCost | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                estimated_cost_type_0 = EstimatedCost.from_dict(data)

                return estimated_cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EstimatedCost | None | Unset, data)

        estimated_cost = _parse_estimated_cost(d.pop("estimated_cost", UNSET))

        fits = d.pop("fits", UNSET)

        _gaps = d.pop("gaps", UNSET)
        gaps: list[Gap] | Unset = UNSET
        if _gaps is not UNSET:
            gaps = []
            for gaps_item_data in _gaps:
                gaps_item = Gap.from_dict(gaps_item_data)

                gaps.append(gaps_item)

        met = cast(list[str], d.pop("met", UNSET))

        missing = cast(list[str], d.pop("missing", UNSET))

        _offering_provenance = d.pop("offering_provenance", UNSET)
        offering_provenance: FactProvenance | Unset
        if isinstance(_offering_provenance, Unset):
            offering_provenance = UNSET
        else:
            offering_provenance = FactProvenance.from_dict(_offering_provenance)

        _reasons = d.pop("reasons", UNSET)
        reasons: list[Reason] | Unset = UNSET
        if _reasons is not UNSET:
            reasons = []
            for reasons_item_data in _reasons:
                reasons_item = Reason.from_dict(reasons_item_data)

                reasons.append(reasons_item)

        score = d.pop("score", UNSET)

        _score_parts = d.pop("score_parts", UNSET)
        score_parts: ScoreParts | Unset
        if isinstance(_score_parts, Unset):
            score_parts = UNSET
        else:
            score_parts = ScoreParts.from_dict(_score_parts)

        unknown = cast(list[str], d.pop("unknown", UNSET))

        def _parse_wait_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        wait_days = _parse_wait_days(d.pop("wait_days", UNSET))

        _waived = d.pop("waived", UNSET)
        waived: list[Waived] | Unset = UNSET
        if _waived is not UNSET:
            waived = []
            for waived_item_data in _waived:
                waived_item = Waived.from_dict(waived_item_data)

                waived.append(waived_item)

        why_not = cast(list[str], d.pop("why_not", UNSET))

        match_snapshot = cls(
            centre=centre,
            eligible=eligible,
            requirements=requirements,
            service=service,
            taken_at=taken_at,
            vocabulary_version=vocabulary_version,
            advisories=advisories,
            annual_volume=annual_volume,
            capabilities_used=capabilities_used,
            case_warnings=case_warnings,
            estimated_cost=estimated_cost,
            fits=fits,
            gaps=gaps,
            met=met,
            missing=missing,
            offering_provenance=offering_provenance,
            reasons=reasons,
            score=score,
            score_parts=score_parts,
            unknown=unknown,
            wait_days=wait_days,
            waived=waived,
            why_not=why_not,
        )

        return match_snapshot
