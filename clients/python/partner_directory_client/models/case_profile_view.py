from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.case_profile_view_disease_extent import CaseProfileViewDiseaseExtent
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.budget import Budget


T = TypeVar("T", bound="CaseProfileView")


@_attrs_define
class CaseProfileView:
    """
    Attributes:
        antiangiogenic_therapy (bool | Unset): The patient receives antiangiogenic therapy, such as bevacizumab.
            Example: False.
        budget (Budget | Unset):
        budget_max (int | Unset): A hard maximum, in the budget's currency (USD without one): centres whose lowest price
            is above it, or unknown, are left out. Example: 6000.
        budget_usd (int | Unset): Budget in USD, whole dollars; not with budget. Example: 6000.
        cortical_involvement_pct (float | Unset): Share of the cortex involved, %. Example: 30.
        destination_countries (list[str] | Unset): Where the patient may travel: ISO 3166-1 alpha-2 codes, each once, up
            to 50; empty or absent: anywhere. Example: ['CN', 'IN'].
        disease_extent (CaseProfileViewDiseaseExtent | Unset): oligometastatic, or diffuse (polyosseous) bone disease.
            Example: oligometastatic.
        guidance (str | Unset): The image guidance asked for (a capability code).
        languages (list[str] | Unset): Languages the patient speaks (BCP 47), up to 10. Example: ['en'].
        lesion_site (str | Unset): The lesion site (a site code).
        lesion_size_cm (float | Unset): Largest diameter of the lesion, in centimetres. Example: 3.5.
        lytic (bool | Unset): Whether the lesion is lytic. Example: True.
        needs_tissue_diagnosis (bool | Unset): A tissue diagnosis (histology) is needed alongside the treatment.
            Example: False.
        prior_radiotherapy (bool | Unset): Radiotherapy given before to the same site. Example: False.
        service (str | Unset): The procedure (a service code).
        spinal_canal_distance_mm (float | None | Unset): Distance from the lesion to the spinal canal, in millimetres;
            null or absent: not known. Example: 12.
    """

    antiangiogenic_therapy: bool | Unset = UNSET
    budget: Budget | Unset = UNSET
    budget_max: int | Unset = UNSET
    budget_usd: int | Unset = UNSET
    cortical_involvement_pct: float | Unset = UNSET
    destination_countries: list[str] | Unset = UNSET
    disease_extent: CaseProfileViewDiseaseExtent | Unset = UNSET
    guidance: str | Unset = UNSET
    languages: list[str] | Unset = UNSET
    lesion_site: str | Unset = UNSET
    lesion_size_cm: float | Unset = UNSET
    lytic: bool | Unset = UNSET
    needs_tissue_diagnosis: bool | Unset = UNSET
    prior_radiotherapy: bool | Unset = UNSET
    service: str | Unset = UNSET
    spinal_canal_distance_mm: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        guidance = self.guidance

        languages: list[str] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = self.languages

        lesion_site = self.lesion_site

        lesion_size_cm = self.lesion_size_cm

        lytic = self.lytic

        needs_tissue_diagnosis = self.needs_tissue_diagnosis

        prior_radiotherapy = self.prior_radiotherapy

        service = self.service

        spinal_canal_distance_mm: float | None | Unset
        if isinstance(self.spinal_canal_distance_mm, Unset):
            spinal_canal_distance_mm = UNSET
        else:
            spinal_canal_distance_mm = self.spinal_canal_distance_mm

        field_dict: dict[str, Any] = {}

        field_dict.update({})
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
        if guidance is not UNSET:
            field_dict["guidance"] = guidance
        if languages is not UNSET:
            field_dict["languages"] = languages
        if lesion_site is not UNSET:
            field_dict["lesion_site"] = lesion_site
        if lesion_size_cm is not UNSET:
            field_dict["lesion_size_cm"] = lesion_size_cm
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.budget import Budget

        d = dict(src_dict)
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
        disease_extent: CaseProfileViewDiseaseExtent | Unset
        if isinstance(_disease_extent, Unset):
            disease_extent = UNSET
        else:
            disease_extent = CaseProfileViewDiseaseExtent(_disease_extent)

        guidance = d.pop("guidance", UNSET)

        languages = cast(list[str], d.pop("languages", UNSET))

        lesion_site = d.pop("lesion_site", UNSET)

        lesion_size_cm = d.pop("lesion_size_cm", UNSET)

        lytic = d.pop("lytic", UNSET)

        needs_tissue_diagnosis = d.pop("needs_tissue_diagnosis", UNSET)

        prior_radiotherapy = d.pop("prior_radiotherapy", UNSET)

        service = d.pop("service", UNSET)

        def _parse_spinal_canal_distance_mm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        spinal_canal_distance_mm = _parse_spinal_canal_distance_mm(
            d.pop("spinal_canal_distance_mm", UNSET)
        )

        case_profile_view = cls(
            antiangiogenic_therapy=antiangiogenic_therapy,
            budget=budget,
            budget_max=budget_max,
            budget_usd=budget_usd,
            cortical_involvement_pct=cortical_involvement_pct,
            destination_countries=destination_countries,
            disease_extent=disease_extent,
            guidance=guidance,
            languages=languages,
            lesion_site=lesion_site,
            lesion_size_cm=lesion_size_cm,
            lytic=lytic,
            needs_tissue_diagnosis=needs_tissue_diagnosis,
            prior_radiotherapy=prior_radiotherapy,
            service=service,
            spinal_canal_distance_mm=spinal_canal_distance_mm,
        )

        return case_profile_view
