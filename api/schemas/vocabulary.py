"""The vocabulary: sites, capability types, services, settings and rules."""

from __future__ import annotations

from marshmallow import fields

from api.schemas.common import Out, String

# --- vocabulary -------------------------------------------------------------------------------


class SiteSchema(Out):
    code = String()
    label = String()
    approach = String()
    key_consideration = String()
    adjunct_note = String()
    source = String()


class CapabilityTypeSchema(Out):
    code = String()
    label = String()
    category = String()
    description = String()


class CostReferenceSchema(Out):
    code = String()
    label = String()
    currency = String()
    min = fields.Integer()
    max = fields.Integer()
    per = String(metadata={"description": "What the amount is for, e.g. a single-lesion session or a course."})
    note = String()
    source = String(metadata={"description": "The clinical source's own words."})


class ServiceTypeSchema(Out):
    code = String()
    label = String()
    description = String()
    sites = fields.List(String(), metadata={"description": "The lesion sites the service treats."})
    cost_basis = String(metadata={"description": "What a centre's cost for the service is per."})
    context = fields.List(fields.Nested(CostReferenceSchema), metadata={"description": "The source's cost references."})


class SettingSchema(Out):
    code = String()
    value = fields.Float()
    unit = String()
    label = String()
    description = String()
    local = fields.Boolean(metadata={"description": "Always true: a setting of the medical team, not the source's."})
    note = String()


class RuleSchema(Out):
    code = String()
    service = String()
    kind = String(metadata={"description": "required (a filter), advisory (a note on every result) or case-warning."})
    sites = fields.List(String(), metadata={"description": "The sites the rule is about; empty: every site."})
    requires = fields.List(String(), metadata={"description": "Required rules: any one of these capabilities."})
    requires_field = String(
        allow_none=True, metadata={"description": "Required rules: or the capability the case names in this field."}
    )
    condition = fields.Raw(
        allow_none=True,
        metadata={"description": "null (always), or {field, op, value | setting}, or {all: [...]} / {any: [...]}."},
    )
    applies = String(metadata={"description": "The condition in words; local settings are named as such."})
    if_unstated = String(metadata={"description": "apply or skip, when the case does not state a field it reads."})
    local_settings = fields.List(String(), metadata={"description": "The local settings the condition reads."})
    text = String(metadata={"description": "What the rule tells a coordinator."})
    source = String(metadata={"description": "The clinical source's own words that the rule encodes."})


class VocabularySchema(Out):
    version = String()
    name = String()
    source = String()
    sites = fields.List(fields.Nested(SiteSchema))
    capabilities = fields.List(fields.Nested(CapabilityTypeSchema))
    services = fields.List(fields.Nested(ServiceTypeSchema))
    rules = fields.List(fields.Nested(RuleSchema))
    settings = fields.List(
        fields.Nested(SettingSchema), metadata={"description": "Thresholds of the medical team that rules read."}
    )
    ranking = fields.Dict()
