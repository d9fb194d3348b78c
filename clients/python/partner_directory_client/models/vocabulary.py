from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.capability_type import CapabilityType
    from ..models.rule import Rule
    from ..models.service_type import ServiceType
    from ..models.setting import Setting
    from ..models.site import Site
    from ..models.vocabulary_ranking import VocabularyRanking


T = TypeVar("T", bound="Vocabulary")


@_attrs_define
class Vocabulary:
    """
    Attributes:
        capabilities (list[CapabilityType]):
        name (str):
        ranking (VocabularyRanking):
        rules (list[Rule]):
        services (list[ServiceType]):
        settings (list[Setting]): Thresholds of the medical team that rules read.
        sites (list[Site]):
        source (str):
        version (str):
    """

    capabilities: list[CapabilityType]
    name: str
    ranking: VocabularyRanking
    rules: list[Rule]
    services: list[ServiceType]
    settings: list[Setting]
    sites: list[Site]
    source: str
    version: str

    def to_dict(self) -> dict[str, Any]:
        capabilities = []
        for capabilities_item_data in self.capabilities:
            capabilities_item = capabilities_item_data.to_dict()
            capabilities.append(capabilities_item)

        name = self.name

        ranking = self.ranking.to_dict()

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)

        settings = []
        for settings_item_data in self.settings:
            settings_item = settings_item_data.to_dict()
            settings.append(settings_item)

        sites = []
        for sites_item_data in self.sites:
            sites_item = sites_item_data.to_dict()
            sites.append(sites_item)

        source = self.source

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "capabilities": capabilities,
                "name": name,
                "ranking": ranking,
                "rules": rules,
                "services": services,
                "settings": settings,
                "sites": sites,
                "source": source,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.capability_type import CapabilityType
        from ..models.rule import Rule
        from ..models.service_type import ServiceType
        from ..models.setting import Setting
        from ..models.site import Site
        from ..models.vocabulary_ranking import VocabularyRanking

        d = dict(src_dict)
        capabilities = []
        _capabilities = d.pop("capabilities")
        for capabilities_item_data in _capabilities:
            capabilities_item = CapabilityType.from_dict(capabilities_item_data)

            capabilities.append(capabilities_item)

        name = d.pop("name")

        ranking = VocabularyRanking.from_dict(d.pop("ranking"))

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = Rule.from_dict(rules_item_data)

            rules.append(rules_item)

        services = []
        _services = d.pop("services")
        for services_item_data in _services:
            services_item = ServiceType.from_dict(services_item_data)

            services.append(services_item)

        settings = []
        _settings = d.pop("settings")
        for settings_item_data in _settings:
            settings_item = Setting.from_dict(settings_item_data)

            settings.append(settings_item)

        sites = []
        _sites = d.pop("sites")
        for sites_item_data in _sites:
            sites_item = Site.from_dict(sites_item_data)

            sites.append(sites_item)

        source = d.pop("source")

        version = d.pop("version")

        vocabulary = cls(
            capabilities=capabilities,
            name=name,
            ranking=ranking,
            rules=rules,
            services=services,
            settings=settings,
            sites=sites,
            source=source,
            version=version,
        )

        return vocabulary
