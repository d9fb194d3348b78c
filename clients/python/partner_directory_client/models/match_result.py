from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.capability_used import CapabilityUsed
    from ..models.estimated_cost import EstimatedCost
    from ..models.fact_provenance import FactProvenance
    from ..models.gap import Gap
    from ..models.match_centre import MatchCentre
    from ..models.note import Note
    from ..models.score_parts import ScoreParts
    from ..models.waived import Waived


T = TypeVar("T", bound="MatchResult")


@_attrs_define
class MatchResult:
    """
    Attributes:
        advisories (list[Note]): Notes for the case, on every result.
        annual_volume (int | None):
        capabilities_used (list[CapabilityUsed]):
        centre (MatchCentre):
        estimated_cost (EstimatedCost | None):
        gaps (list[Gap]):
        met (list[str]):
        missing (list[str]):
        offering_provenance (FactProvenance):
        score (float):
        score_parts (ScoreParts):
        unknown (list[str]): Score parts that could not be known (cost: no USD figure); they count 0.
        wait_days (int | None):
        waived (list[Waived]):
    """

    advisories: list[Note]
    annual_volume: int | None
    capabilities_used: list[CapabilityUsed]
    centre: MatchCentre
    estimated_cost: EstimatedCost | None
    gaps: list[Gap]
    met: list[str]
    missing: list[str]
    offering_provenance: FactProvenance
    score: float
    score_parts: ScoreParts
    unknown: list[str]
    wait_days: int | None
    waived: list[Waived]

    def to_dict(self) -> dict[str, Any]:
        from ..models.estimated_cost import EstimatedCost

        advisories = []
        for advisories_item_data in self.advisories:
            advisories_item = advisories_item_data.to_dict()
            advisories.append(advisories_item)

        annual_volume: int | None
        annual_volume = self.annual_volume

        capabilities_used = []
        for capabilities_used_item_data in self.capabilities_used:
            capabilities_used_item = capabilities_used_item_data.to_dict()
            capabilities_used.append(capabilities_used_item)

        centre = self.centre.to_dict()

        estimated_cost: dict[str, Any] | None
        if isinstance(self.estimated_cost, EstimatedCost):
            estimated_cost = self.estimated_cost.to_dict()
        else:
            estimated_cost = self.estimated_cost

        gaps = []
        for gaps_item_data in self.gaps:
            gaps_item = gaps_item_data.to_dict()
            gaps.append(gaps_item)

        met = self.met

        missing = self.missing

        offering_provenance = self.offering_provenance.to_dict()

        score = self.score

        score_parts = self.score_parts.to_dict()

        unknown = self.unknown

        wait_days: int | None
        wait_days = self.wait_days

        waived = []
        for waived_item_data in self.waived:
            waived_item = waived_item_data.to_dict()
            waived.append(waived_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "advisories": advisories,
                "annual_volume": annual_volume,
                "capabilities_used": capabilities_used,
                "centre": centre,
                "estimated_cost": estimated_cost,
                "gaps": gaps,
                "met": met,
                "missing": missing,
                "offering_provenance": offering_provenance,
                "score": score,
                "score_parts": score_parts,
                "unknown": unknown,
                "wait_days": wait_days,
                "waived": waived,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.capability_used import CapabilityUsed
        from ..models.estimated_cost import EstimatedCost
        from ..models.fact_provenance import FactProvenance
        from ..models.gap import Gap
        from ..models.match_centre import MatchCentre
        from ..models.note import Note
        from ..models.score_parts import ScoreParts
        from ..models.waived import Waived

        d = dict(src_dict)
        advisories = []
        _advisories = d.pop("advisories")
        for advisories_item_data in _advisories:
            advisories_item = Note.from_dict(advisories_item_data)

            advisories.append(advisories_item)

        def _parse_annual_volume(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        annual_volume = _parse_annual_volume(d.pop("annual_volume"))

        capabilities_used = []
        _capabilities_used = d.pop("capabilities_used")
        for capabilities_used_item_data in _capabilities_used:
            capabilities_used_item = CapabilityUsed.from_dict(
                capabilities_used_item_data
            )

            capabilities_used.append(capabilities_used_item)

        centre = MatchCentre.from_dict(d.pop("centre"))

        def _parse_estimated_cost(data: object) -> EstimatedCost | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                estimated_cost_type_0 = EstimatedCost.from_dict(data)

                return estimated_cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EstimatedCost | None, data)

        estimated_cost = _parse_estimated_cost(d.pop("estimated_cost"))

        gaps = []
        _gaps = d.pop("gaps")
        for gaps_item_data in _gaps:
            gaps_item = Gap.from_dict(gaps_item_data)

            gaps.append(gaps_item)

        met = cast(list[str], d.pop("met"))

        missing = cast(list[str], d.pop("missing"))

        offering_provenance = FactProvenance.from_dict(d.pop("offering_provenance"))

        score = d.pop("score")

        score_parts = ScoreParts.from_dict(d.pop("score_parts"))

        unknown = cast(list[str], d.pop("unknown"))

        def _parse_wait_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        wait_days = _parse_wait_days(d.pop("wait_days"))

        waived = []
        _waived = d.pop("waived")
        for waived_item_data in _waived:
            waived_item = Waived.from_dict(waived_item_data)

            waived.append(waived_item)

        match_result = cls(
            advisories=advisories,
            annual_volume=annual_volume,
            capabilities_used=capabilities_used,
            centre=centre,
            estimated_cost=estimated_cost,
            gaps=gaps,
            met=met,
            missing=missing,
            offering_provenance=offering_provenance,
            score=score,
            score_parts=score_parts,
            unknown=unknown,
            wait_days=wait_days,
            waived=waived,
        )

        return match_result
