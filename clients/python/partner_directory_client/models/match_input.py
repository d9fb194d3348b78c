from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.capability_code import CapabilityCode
from ..models.lesion_site_code import LesionSiteCode
from ..models.match_input_disease_extent import MatchInputDiseaseExtent
from ..models.service_code import ServiceCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.budget import Budget
    from ..models.waiver_input import WaiverInput


T = TypeVar("T", bound="MatchInput")


@_attrs_define
class MatchInput:
    """
    Attributes:
        lesion_site (LesionSiteCode): A lesion site of the vocabulary in force (GET /v1/vocabulary).
        antiangiogenic_therapy (bool | Unset): The patient receives antiangiogenic therapy, such as bevacizumab.
            Example: False.
        budget (Budget | Unset):
        budget_max (int | Unset): A hard maximum, in the budget's currency (USD without one): centres whose lowest price
            is above it, or unknown, are left out. Example: 6000.
        budget_usd (int | Unset): Budget in USD, whole dollars; not with budget. Example: 6000.
        cortical_involvement_pct (float | Unset): Share of the cortex involved, %. Example: 30.
        destination_countries (list[str] | Unset): Where the patient may travel: ISO 3166-1 alpha-2 codes, each once, up
            to 50; empty or absent: anywhere. Example: ['CN', 'IN'].
        disease_extent (MatchInputDiseaseExtent | Unset): oligometastatic, or diffuse (polyosseous) bone disease.
            Example: oligometastatic.
        explain (list[str] | Unset): Centre slugs: say why each is or is not among the results (each once, up to 20).
            Example: ['pumch', 'tmc-mumbai'].
        guidance (CapabilityCode | Unset): A capability of the vocabulary in force (GET /v1/vocabulary).
        include_near_misses (bool | Unset): Also return centres that miss requirements, after full matches. Default:
            False. Example: True.
        languages (list[str] | Unset): Languages the patient speaks (BCP 47), up to 10. Example: ['en'].
        lesion_size_cm (float | Unset): Largest diameter of the lesion, in centimetres. Example: 3.5.
        limit (int | Unset): At most this many results, 1 to 50. Default: 10. Example: 10.
        lytic (bool | Unset): Whether the lesion is lytic. Example: True.
        needs_tissue_diagnosis (bool | Unset): A tissue diagnosis (histology) is needed alongside the treatment.
            Example: False.
        prior_radiotherapy (bool | Unset): Radiotherapy given before to the same site. Example: False.
        service (ServiceCode | Unset): A service (procedure) of the vocabulary in force (GET /v1/vocabulary).
        spinal_canal_distance_mm (float | None | Unset): Distance from the lesion to the spinal canal, in millimetres;
            null or absent: not known. Example: 12.
        waive (list[WaiverInput] | Unset): Required rules set aside for this case, each with a reason (coordinators
            only; each rule once, up to 10). Example: [{'reason': 'The treating team will monitor the cord by other means
            for this case.', 'rule': 'spine-thermosensor'}].
    """

    lesion_site: LesionSiteCode
    antiangiogenic_therapy: bool | Unset = UNSET
    budget: Budget | Unset = UNSET
    budget_max: int | Unset = UNSET
    budget_usd: int | Unset = UNSET
    cortical_involvement_pct: float | Unset = UNSET
    destination_countries: list[str] | Unset = UNSET
    disease_extent: MatchInputDiseaseExtent | Unset = UNSET
    explain: list[str] | Unset = UNSET
    guidance: CapabilityCode | Unset = UNSET
    include_near_misses: bool | Unset = False
    languages: list[str] | Unset = UNSET
    lesion_size_cm: float | Unset = UNSET
    limit: int | Unset = 10
    lytic: bool | Unset = UNSET
    needs_tissue_diagnosis: bool | Unset = UNSET
    prior_radiotherapy: bool | Unset = UNSET
    service: ServiceCode | Unset = UNSET
    spinal_canal_distance_mm: float | None | Unset = UNSET
    waive: list[WaiverInput] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        lesion_site = self.lesion_site.value

        antiangiogenic_therapy = self.antiangiogenic_therapy

        budget: dict[str, Any] | Unset = UNSET
        if not isinstance(self.budget, Unset):
            budget = self.budget.to_dict()

        budget_max = self.budget_max

        budget_usd = self.budget_usd

        cortical_involvement_pct = self.cortical_involvement_pct

        destination_countries: list[str] | Unset = UNSET
        if not isinstance(self.destination_countries, Unset):
            destination_countries = self.destination_countries

        disease_extent: str | Unset = UNSET
        if not isinstance(self.disease_extent, Unset):
            disease_extent = self.disease_extent.value

        explain: list[str] | Unset = UNSET
        if not isinstance(self.explain, Unset):
            explain = self.explain

        guidance: str | Unset = UNSET
        if not isinstance(self.guidance, Unset):
            guidance = self.guidance.value

        include_near_misses = self.include_near_misses

        languages: list[str] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = self.languages

        lesion_size_cm = self.lesion_size_cm

        limit = self.limit

        lytic = self.lytic

        needs_tissue_diagnosis = self.needs_tissue_diagnosis

        prior_radiotherapy = self.prior_radiotherapy

        service: str | Unset = UNSET
        if not isinstance(self.service, Unset):
            service = self.service.value

        spinal_canal_distance_mm: float | None | Unset
        if isinstance(self.spinal_canal_distance_mm, Unset):
            spinal_canal_distance_mm = UNSET
        else:
            spinal_canal_distance_mm = self.spinal_canal_distance_mm

        waive: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.waive, Unset):
            waive = []
            for waive_item_data in self.waive:
                waive_item = waive_item_data.to_dict()
                waive.append(waive_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lesion_site": lesion_site,
            }
        )
        if antiangiogenic_therapy is not UNSET:
            field_dict["antiangiogenic_therapy"] = antiangiogenic_therapy
        if budget is not UNSET:
            field_dict["budget"] = budget
        if budget_max is not UNSET:
            field_dict["budget_max"] = budget_max
        if budget_usd is not UNSET:
            field_dict["budget_usd"] = budget_usd
        if cortical_involvement_pct is not UNSET:
            field_dict["cortical_involvement_pct"] = cortical_involvement_pct
        if destination_countries is not UNSET:
            field_dict["destination_countries"] = destination_countries
        if disease_extent is not UNSET:
            field_dict["disease_extent"] = disease_extent
        if explain is not UNSET:
            field_dict["explain"] = explain
        if guidance is not UNSET:
            field_dict["guidance"] = guidance
        if include_near_misses is not UNSET:
            field_dict["include_near_misses"] = include_near_misses
        if languages is not UNSET:
            field_dict["languages"] = languages
        if lesion_size_cm is not UNSET:
            field_dict["lesion_size_cm"] = lesion_size_cm
        if limit is not UNSET:
            field_dict["limit"] = limit
        if lytic is not UNSET:
            field_dict["lytic"] = lytic
        if needs_tissue_diagnosis is not UNSET:
            field_dict["needs_tissue_diagnosis"] = needs_tissue_diagnosis
        if prior_radiotherapy is not UNSET:
            field_dict["prior_radiotherapy"] = prior_radiotherapy
        if service is not UNSET:
            field_dict["service"] = service
        if spinal_canal_distance_mm is not UNSET:
            field_dict["spinal_canal_distance_mm"] = spinal_canal_distance_mm
        if waive is not UNSET:
            field_dict["waive"] = waive

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.budget import Budget
        from ..models.waiver_input import WaiverInput

        d = dict(src_dict)
        lesion_site = LesionSiteCode(d.pop("lesion_site"))

        antiangiogenic_therapy = d.pop("antiangiogenic_therapy", UNSET)

        _budget = d.pop("budget", UNSET)
        budget: Budget | Unset
        if isinstance(_budget, Unset):
            budget = UNSET
        else:
            budget = Budget.from_dict(_budget)

        budget_max = d.pop("budget_max", UNSET)

        budget_usd = d.pop("budget_usd", UNSET)

        cortical_involvement_pct = d.pop("cortical_involvement_pct", UNSET)

        destination_countries = cast(list[str], d.pop("destination_countries", UNSET))

        _disease_extent = d.pop("disease_extent", UNSET)
        disease_extent: MatchInputDiseaseExtent | Unset
        if isinstance(_disease_extent, Unset):
            disease_extent = UNSET
        else:
            disease_extent = MatchInputDiseaseExtent(_disease_extent)

        explain = cast(list[str], d.pop("explain", UNSET))

        _guidance = d.pop("guidance", UNSET)
        guidance: CapabilityCode | Unset
        if isinstance(_guidance, Unset):
            guidance = UNSET
        else:
            guidance = CapabilityCode(_guidance)

        include_near_misses = d.pop("include_near_misses", UNSET)

        languages = cast(list[str], d.pop("languages", UNSET))

        lesion_size_cm = d.pop("lesion_size_cm", UNSET)

        limit = d.pop("limit", UNSET)

        lytic = d.pop("lytic", UNSET)

        needs_tissue_diagnosis = d.pop("needs_tissue_diagnosis", UNSET)

        prior_radiotherapy = d.pop("prior_radiotherapy", UNSET)

        _service = d.pop("service", UNSET)
        service: ServiceCode | Unset
        if isinstance(_service, Unset):
            service = UNSET
        else:
            service = ServiceCode(_service)

        def _parse_spinal_canal_distance_mm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        spinal_canal_distance_mm = _parse_spinal_canal_distance_mm(
            d.pop("spinal_canal_distance_mm", UNSET)
        )

        _waive = d.pop("waive", UNSET)
        waive: list[WaiverInput] | Unset = UNSET
        if _waive is not UNSET:
            waive = []
            for waive_item_data in _waive:
                waive_item = WaiverInput.from_dict(waive_item_data)

                waive.append(waive_item)

        match_input = cls(
            lesion_site=lesion_site,
            antiangiogenic_therapy=antiangiogenic_therapy,
            budget=budget,
            budget_max=budget_max,
            budget_usd=budget_usd,
            cortical_involvement_pct=cortical_involvement_pct,
            destination_countries=destination_countries,
            disease_extent=disease_extent,
            explain=explain,
            guidance=guidance,
            include_near_misses=include_near_misses,
            languages=languages,
            lesion_size_cm=lesion_size_cm,
            limit=limit,
            lytic=lytic,
            needs_tissue_diagnosis=needs_tissue_diagnosis,
            prior_radiotherapy=prior_radiotherapy,
            service=service,
            spinal_canal_distance_mm=spinal_canal_distance_mm,
            waive=waive,
        )

        return match_input
