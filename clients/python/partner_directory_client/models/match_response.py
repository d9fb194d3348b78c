from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cost_references import CostReferences
    from ..models.explanation import Explanation
    from ..models.match_result import MatchResult
    from ..models.note import Note
    from ..models.requirement import Requirement


T = TypeVar("T", bound="MatchResponse")


@_attrs_define
class MatchResponse:
    """
    Attributes:
        backend (str): elasticsearch or local: which backend answered.
        case_warnings (list[Note]): About the case, shown once.
        context (CostReferences):
        degraded (None | str): Why the preferred backend did not answer, if it did not.
        requirements (list[Requirement]):
        results (list[MatchResult]):
        service (str):
        vocabulary_version (str):
        explanations (list[Explanation] | Unset): When explain was given.
    """

    backend: str
    case_warnings: list[Note]
    context: CostReferences
    degraded: None | str
    requirements: list[Requirement]
    results: list[MatchResult]
    service: str
    vocabulary_version: str
    explanations: list[Explanation] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        backend = self.backend

        case_warnings = []
        for case_warnings_item_data in self.case_warnings:
            case_warnings_item = case_warnings_item_data.to_dict()
            case_warnings.append(case_warnings_item)

        context = self.context.to_dict()

        degraded: None | str
        degraded = self.degraded

        requirements = []
        for requirements_item_data in self.requirements:
            requirements_item = requirements_item_data.to_dict()
            requirements.append(requirements_item)

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        service = self.service

        vocabulary_version = self.vocabulary_version

        explanations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.explanations, Unset):
            explanations = []
            for explanations_item_data in self.explanations:
                explanations_item = explanations_item_data.to_dict()
                explanations.append(explanations_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "backend": backend,
                "case_warnings": case_warnings,
                "context": context,
                "degraded": degraded,
                "requirements": requirements,
                "results": results,
                "service": service,
                "vocabulary_version": vocabulary_version,
            }
        )
        if explanations is not UNSET:
            field_dict["explanations"] = explanations

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cost_references import CostReferences
        from ..models.explanation import Explanation
        from ..models.match_result import MatchResult
        from ..models.note import Note
        from ..models.requirement import Requirement

        d = dict(src_dict)
        backend = d.pop("backend")

        case_warnings = []
        _case_warnings = d.pop("case_warnings")
        for case_warnings_item_data in _case_warnings:
            case_warnings_item = Note.from_dict(case_warnings_item_data)

            case_warnings.append(case_warnings_item)

        context = CostReferences.from_dict(d.pop("context"))

        def _parse_degraded(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        degraded = _parse_degraded(d.pop("degraded"))

        requirements = []
        _requirements = d.pop("requirements")
        for requirements_item_data in _requirements:
            requirements_item = Requirement.from_dict(requirements_item_data)

            requirements.append(requirements_item)

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = MatchResult.from_dict(results_item_data)

            results.append(results_item)

        service = d.pop("service")

        vocabulary_version = d.pop("vocabulary_version")

        _explanations = d.pop("explanations", UNSET)
        explanations: list[Explanation] | Unset = UNSET
        if _explanations is not UNSET:
            explanations = []
            for explanations_item_data in _explanations:
                explanations_item = Explanation.from_dict(explanations_item_data)

                explanations.append(explanations_item)

        match_response = cls(
            backend=backend,
            case_warnings=case_warnings,
            context=context,
            degraded=degraded,
            requirements=requirements,
            results=results,
            service=service,
            vocabulary_version=vocabulary_version,
            explanations=explanations,
        )

        return match_response
