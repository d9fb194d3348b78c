from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Rule")


@_attrs_define
class Rule:
    """
    Attributes:
        applies (str): The condition in words; local settings are named as such.
        code (str):
        condition (Any): null (always), or {field, op, value | setting}, or {all: [...]} / {any: [...]}.
        if_unstated (str): apply or skip, when the case does not state a field it reads.
        kind (str): required (a filter), advisory (a note on every result) or case-warning.
        local_settings (list[str]): The local settings the condition reads.
        requires (list[str]): Required rules: any one of these capabilities.
        requires_field (None | str): Required rules: or the capability the case names in this field.
        service (str):
        sites (list[str]): The sites the rule is about; empty: every site.
        source (str): The clinical source's own words that the rule encodes.
        text (str): What the rule tells a coordinator.
    """

    applies: str
    code: str
    condition: Any
    if_unstated: str
    kind: str
    local_settings: list[str]
    requires: list[str]
    requires_field: None | str
    service: str
    sites: list[str]
    source: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        applies = self.applies

        code = self.code

        condition = self.condition

        if_unstated = self.if_unstated

        kind = self.kind

        local_settings = self.local_settings

        requires = self.requires

        requires_field: None | str
        requires_field = self.requires_field

        service = self.service

        sites = self.sites

        source = self.source

        text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "applies": applies,
                "code": code,
                "condition": condition,
                "if_unstated": if_unstated,
                "kind": kind,
                "local_settings": local_settings,
                "requires": requires,
                "requires_field": requires_field,
                "service": service,
                "sites": sites,
                "source": source,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        applies = d.pop("applies")

        code = d.pop("code")

        condition = d.pop("condition")

        if_unstated = d.pop("if_unstated")

        kind = d.pop("kind")

        local_settings = cast(list[str], d.pop("local_settings"))

        requires = cast(list[str], d.pop("requires"))

        def _parse_requires_field(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        requires_field = _parse_requires_field(d.pop("requires_field"))

        service = d.pop("service")

        sites = cast(list[str], d.pop("sites"))

        source = d.pop("source")

        text = d.pop("text")

        rule = cls(
            applies=applies,
            code=code,
            condition=condition,
            if_unstated=if_unstated,
            kind=kind,
            local_settings=local_settings,
            requires=requires,
            requires_field=requires_field,
            service=service,
            sites=sites,
            source=source,
            text=text,
        )

        return rule
