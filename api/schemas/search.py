"""Search, suggestions and the case match: queries, hits, the case profile, and the match's
answer with its reasons (also what a referral keeps of the match that led to it)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from api.schemas.centres import (
    LANGUAGE_FILTER,
    VETTING_FILTER,
    VettingVerificationSchema,
    capability_filter,
    site_filter,
)
from api.schemas.common import (
    CODE,
    COUNTRY,
    CURRENCY,
    LANGUAGE,
    SLUG,
    Bool,
    CostSchema,
    LocationSchema,
    Out,
    PageSchema,
    PaginationQuerySchema,
    String,
    text,
    unique_items,
    vocabulary,
)
from api.schemas.vocabulary import CostReferenceSchema
from directory import models, rules

# --- search and match -------------------------------------------------------------------------

NEAR = r"^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$"


class SearchQuerySchema(PaginationQuerySchema):
    q = text(
        200,
        metadata={
            "description": "Free text: names and aliases in any script (Chinese by bigrams), romanised names "
            "(pinyin, Latin transliterations of Devanagari), city, country, what the centre offers "
            "(services and capabilities, by label or code) and accreditations; typo-tolerant; a name "
            "match ranks first.",
            "example": "Tata Memorial",
        },
    )
    country = fields.List(
        String(validate=validate.Regexp(COUNTRY)),
        validate=validate.Length(max=20),
        metadata={
            "description": "Only centres in one of these countries: ISO 3166-1 alpha-2, in capitals (repeat the "
            "parameter; up to 20).",
            "example": ["CN", "IN"],
        },
    )
    site = site_filter()
    capability = capability_filter()
    language = fields.List(
        String(validate=validate.Regexp(LANGUAGE)), validate=validate.Length(max=10), metadata=LANGUAGE_FILTER
    )
    vetting_status = String(validate=validate.OneOf(models.VETTING_STATUSES), metadata=VETTING_FILTER)
    near = String(
        validate=validate.Regexp(NEAR),
        metadata={
            "description": "`lat,lon` in decimal degrees: sort by distance from here.",
            "example": "19.076,72.878",
        },
    )
    radius_km = fields.Float(
        validate=validate.Range(min=0, max=20_000, min_inclusive=False),
        allow_nan=False,
        metadata={"description": "With `near`: only centres within this distance, in km.", "example": 500},
    )

    @validates_schema
    def _near(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "radius_km" in data and "near" not in data:
            raise ValidationError("radius_km needs near.", field_name="radius_km")
        if "near" in data:
            lat, lon = (float(x) for x in data["near"].split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValidationError("Latitude must be within ±90 and longitude within ±180.", field_name="near")

    @post_load
    def _point(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "near" in data:
            lat, lon = (float(x) for x in data["near"].split(","))
            data["near"] = (lat, lon)
        return data


class FacetSchema(Out):
    value = String()
    count = fields.Integer()


class FacetsSchema(Out):
    country = fields.List(fields.Nested(FacetSchema))
    site = fields.List(fields.Nested(FacetSchema))
    capability = fields.List(fields.Nested(FacetSchema))
    vetting_status = fields.List(fields.Nested(FacetSchema))


class FactProvenanceSchema(Out):
    """A fact's provenance as search and match show it (times as ISO 8601 strings)."""

    status = String(
        validate=validate.OneOf(rules.VERIFICATION_STATES),
        metadata={"description": "verified, self-reported or unverified."},
    )
    reported_by = String()
    reported_at = String()
    verified_by = String(allow_none=True)
    verified_at = String(allow_none=True)
    evidence = String(allow_none=True)
    source = String(allow_none=True)


class VettingVerificationViewSchema(VettingVerificationSchema):
    decided_at = String(allow_none=True, metadata={"description": "ISO 8601."})


class VettingViewSchema(Out):
    status = String(validate=validate.OneOf(models.VETTING_STATUSES))
    next_review_due = String(allow_none=True, metadata={"description": "ISO date; after it the vetting lapses."})
    verification = fields.Nested(VettingVerificationViewSchema)


class CapabilityViewSchema(Out):
    code = String()
    status = String(validate=validate.OneOf(models.CAPABILITY_STATUSES))
    notes = String(allow_none=True)
    provenance = fields.Nested(FactProvenanceSchema)


class SearchHitSchema(Out):
    slug = String()
    name = String()
    aliases = fields.List(String())
    country = String()
    city = String()
    location = fields.Nested(LocationSchema, allow_none=True)
    languages = fields.List(String())
    demo = fields.Boolean(metadata={"description": "A fictional centre of the demo data set."})
    vetting_status = String(validate=validate.OneOf(models.VETTING_STATUSES))
    vetting = fields.Nested(VettingViewSchema)
    accepting_referrals = fields.Boolean()
    sites = fields.List(String())
    capabilities_available = fields.List(String())
    capabilities = fields.List(fields.Nested(CapabilityViewSchema))
    version = fields.Integer()
    score = fields.Float(allow_none=True, metadata={"description": "Text relevance (with q)."})
    distance_km = fields.Float(allow_none=True, metadata={"description": "From `near`."})


class AnsweredBySchema(Out):
    backend = String(metadata={"description": "elasticsearch or local: which backend answered."})
    degraded = String(
        allow_none=True, metadata={"description": "Why the preferred backend did not answer, if it did not."}
    )


class SuggestQuerySchema(Schema):
    q = text(100, required=True, metadata={"description": "What has been typed so far.", "example": "xieh"})
    limit = fields.Integer(
        load_default=8,
        validate=validate.Range(min=1, max=20),
        metadata={"description": "At most this many centres, and this many cities (1 to 20).", "example": 8},
    )


class SuggestionSchema(Out):
    kind = String(
        required=True, validate=validate.OneOf(["centre", "city"]), metadata={"description": "centre or city."}
    )
    text = String(required=True, metadata={"description": "What to show: the centre's name, or the city."})
    matched = String(
        required=True,
        metadata={"description": "The name, alias, romanised name or city that completes what was typed."},
    )
    country = String(required=True)
    slug = String(allow_none=True, metadata={"description": "The centre (centres only)."})
    city = String(allow_none=True, metadata={"description": "The centre's city (centres only)."})


class SuggestResponseSchema(AnsweredBySchema):
    items = fields.List(fields.Nested(SuggestionSchema), required=True)


class SearchResponseSchema(AnsweredBySchema, PageSchema):
    order = String(metadata={"description": "relevance, distance or slug."})
    items = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Nested(FacetsSchema)


class CaseProfileSchema(Schema):
    """A case, as the clinical rules read it. No name, contact or identity field: none is accepted."""

    service = String(
        validate=validate.Regexp(CODE),
        metadata=vocabulary(
            "services", "The procedure (a service code); bone-cryoablation when absent.", "bone-cryoablation"
        ),
    )
    lesion_site = String(
        required=True,
        validate=validate.Regexp(CODE),
        metadata=vocabulary("sites", "A lesion site the service treats.", "spine"),
    )
    lesion_size_cm = fields.Float(
        validate=validate.Range(min=0, max=50, min_inclusive=False),
        allow_nan=False,
        metadata={"description": "Largest diameter of the lesion, in centimetres.", "example": 3.5},
    )
    lytic = Bool(metadata={"description": "Whether the lesion is lytic.", "example": True})
    cortical_involvement_pct = fields.Float(
        validate=validate.Range(0, 100),
        allow_nan=False,
        metadata={"description": "Share of the cortex involved, %.", "example": 30},
    )
    spinal_canal_distance_mm = fields.Float(
        validate=validate.Range(0, 1000),
        allow_nan=False,
        allow_none=True,
        metadata={
            "description": "Distance from the lesion to the spinal canal, in millimetres; null or absent: not known.",
            "example": 12,
        },
    )
    prior_radiotherapy = Bool(metadata={"description": "Radiotherapy given before to the same site.", "example": False})
    needs_tissue_diagnosis = Bool(
        metadata={"description": "A tissue diagnosis (histology) is needed alongside the treatment.", "example": False}
    )
    disease_extent = String(
        validate=validate.OneOf(rules.DISEASE_EXTENTS),
        metadata={
            "description": "oligometastatic, or diffuse (polyosseous) bone disease.",
            "example": "oligometastatic",
        },
    )
    antiangiogenic_therapy = Bool(
        metadata={"description": "The patient receives antiangiogenic therapy, such as bevacizumab.", "example": False}
    )
    guidance = String(
        validate=validate.Regexp(CODE),
        metadata=vocabulary(
            "capabilities", "Image guidance the case asks for: an imaging capability code.", "mri-guidance"
        ),
    )
    destination_countries = fields.List(
        String(validate=validate.Regexp(COUNTRY)),
        validate=[validate.Length(max=50), unique_items],
        metadata={
            "description": "Where the patient may travel: ISO 3166-1 alpha-2 codes, each once, up to 50; empty or "
            "absent: anywhere.",
            "example": ["CN", "IN"],
        },
    )
    languages = fields.List(
        String(validate=validate.Regexp(LANGUAGE)),
        validate=validate.Length(max=10),
        metadata={"description": "Languages the patient speaks (BCP 47), up to 10.", "example": ["en"]},
    )
    budget_usd = fields.Integer(
        validate=validate.Range(min=1, max=10_000_000),
        strict=True,
        metadata={"description": "Budget in USD, whole dollars; not with budget.", "example": 6000},
    )
    budget = fields.Nested(
        lambda: BudgetSchema(),
        metadata={
            "description": "The budget in any currency with an exchange rate; not with budget_usd.",
            "example": {"amount": 40000, "currency": "CNY"},
        },
    )
    budget_max = fields.Integer(
        validate=validate.Range(min=1, max=100_000_000),
        strict=True,
        metadata={
            "description": "A hard maximum, in the budget's currency (USD without one): centres whose lowest "
            "price is above it, or unknown, are left out.",
            "example": 6000,
        },
    )

    @validates_schema
    def _one_budget(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "budget" in data and "budget_usd" in data:
            raise ValidationError("Give budget or budget_usd, not both.", field_name="budget")


class CaseProfileViewSchema(CaseProfileSchema):
    """A case as a referral shows it: codes as plain strings (new vocabulary never breaks a
    client that reads them)."""

    service = String(metadata={"description": "The procedure (a service code)."})
    lesion_site = String(metadata={"description": "The lesion site (a site code)."})
    guidance = String(metadata={"description": "The image guidance asked for (a capability code)."})


class BudgetSchema(Schema):
    amount = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=100_000_000),
        strict=True,
        metadata={"description": "The amount, in whole units of the currency.", "example": 40000},
    )
    currency = String(
        required=True,
        validate=validate.Regexp(CURRENCY),
        metadata={
            "description": "ISO 4217. A currency without an exchange rate (GET /v1/exchange-rates) is a 422.",
            "example": "CNY",
        },
    )


class WaiverInputSchema(Schema):
    rule = String(
        required=True,
        validate=validate.Regexp(CODE),
        metadata=vocabulary("rules", "A required rule's code.", "spine-thermosensor"),
    )
    reason = text(
        2000,
        required=True,
        metadata={
            "description": "Why the rule does not apply to this case, up to 2000 characters (audited).",
            "example": "The treating team will monitor the cord by other means for this case.",
        },
    )


#: A case as the clinical rules read it: no name, contact or identity, by design.
CASE_EXAMPLE = {
    "service": "bone-cryoablation",
    "lesion_site": "pelvis-sacrum",
    "lesion_size_cm": 3.5,
    "lytic": True,
    "destination_countries": ["CN", "IN"],
    "languages": ["en"],
    "budget_usd": 6000,
}


class MatchInputSchema(CaseProfileSchema):
    include_near_misses = Bool(
        load_default=False,
        metadata={"description": "Also return centres that miss requirements, after full matches.", "example": True},
    )
    limit = fields.Integer(
        load_default=10,
        validate=validate.Range(1, 50),
        strict=True,
        metadata={"description": "At most this many results, 1 to 50.", "example": 10},
    )
    waive = fields.List(
        fields.Nested(WaiverInputSchema),
        load_default=list,
        validate=[validate.Length(max=10), lambda items: unique_items([w["rule"] for w in items])],
        metadata={
            "description": "Required rules set aside for this case, each with a reason (coordinators only; each "
            "rule once, up to 10).",
            "example": [
                {
                    "rule": "spine-thermosensor",
                    "reason": "The treating team will monitor the cord by other means for this case.",
                }
            ],
        },
    )
    explain = fields.List(
        String(validate=validate.Regexp(SLUG)),
        load_default=list,
        validate=[validate.Length(max=20), unique_items],
        metadata={
            "description": "Centre slugs: say why each is or is not among the results (each once, up to 20).",
            "example": ["pumch", "tmc-mumbai"],
        },
    )


class RequirementSchema(Out):
    rule = String()
    kind = String()
    code = String(allow_none=True, metadata={"description": "The capability, when only one meets the requirement."})
    any_of = fields.List(String(), metadata={"description": "A centre meets the requirement with any one of these."})
    label = String()
    reason = String()
    unstated = fields.List(String(), metadata={"description": "Applied because the case does not state these fields."})
    waived = fields.Boolean(metadata={"description": "Set aside for this case by a coordinator (see results' waived)."})


class NoteSchema(Out):
    rule = String()
    text = String()


class WaivedSchema(Out):
    rule = String()
    reason = String()
    by = String(metadata={"description": "Who waived it."})


class CostReferencesSchema(Out):
    service = String()
    cost_basis = String(metadata={"description": "What a centre's cost is per (e.g. single-lesion session)."})
    note = String()
    references = fields.List(fields.Nested(CostReferenceSchema))


class MatchCentreSchema(Out):
    slug = String()
    name = String()
    country = String()
    city = String()
    languages = fields.List(String())
    demo = fields.Boolean(metadata={"description": "A fictional centre of the demo data set."})
    vetting_status = String(validate=validate.OneOf(models.VETTING_STATUSES))
    vetting = fields.Nested(VettingViewSchema)
    accepting_referrals = fields.Boolean()


class ScorePartsSchema(Out):
    evidence = fields.Float()
    experience = fields.Float()
    cost = fields.Float()
    access = fields.Float()
    language = fields.Float()


class GapSchema(Out):
    code = String()
    status = String(metadata={"description": "limited, unavailable or not reported."})
    notes = String(allow_none=True, metadata={"description": "The centre's own note on the capability."})
    rule = String(metadata={"description": "The requirement it was asked for."})


class CapabilityUsedSchema(Out):
    code = String()
    rule = String()
    status = String()
    verification = String()
    reported_as = String(metadata={"description": "capability, or imaging (listed with the service offering)."})
    provenance = fields.Nested(FactProvenanceSchema)


class RateViewSchema(Out):
    currency = String()
    usd_per_unit = fields.Float()
    as_of = String(metadata={"description": "ISO date of the rate."})
    source = String()


class UsdCostSchema(Out):
    min = fields.Float()
    max = fields.Float()
    rate = fields.Nested(RateViewSchema, allow_none=True, metadata={"description": "null for a cost in USD."})


class EstimatedCostSchema(Out, CostSchema):
    per = String(allow_none=True, metadata={"description": "What the range is for, e.g. a single-lesion session."})
    usd = fields.Nested(
        UsdCostSchema, allow_none=True, metadata={"description": "In USD with the rate used; null when unknown."}
    )
    usd_unknown_because = String(allow_none=True)


class MatchResultSchema(Out):
    centre = fields.Nested(MatchCentreSchema)
    score = fields.Float()
    score_parts = fields.Nested(ScorePartsSchema)
    met = fields.List(String())
    missing = fields.List(String())
    gaps = fields.List(fields.Nested(GapSchema))
    capabilities_used = fields.List(fields.Nested(CapabilityUsedSchema))
    advisories = fields.List(
        fields.Nested(NoteSchema), metadata={"description": "Notes for the case, on every result."}
    )
    waived = fields.List(fields.Nested(WaivedSchema))
    estimated_cost = fields.Nested(EstimatedCostSchema, allow_none=True)
    unknown = fields.List(
        String(), metadata={"description": "Score parts that could not be known (cost: no USD figure); they count 0."}
    )
    wait_days = fields.Integer(allow_none=True)
    annual_volume = fields.Integer(allow_none=True)
    offering_provenance = fields.Nested(
        FactProvenanceSchema, metadata={"description": "Where the cost, wait, volume and sites come from."}
    )


class MatchSnapshotSchema(MatchResultSchema):
    """How a centre answered a case when it was referred, kept with the referral as it was
    then: whether the centre was eligible and fitted, the reasons, and (when eligible) the
    result as a match would have shown it. Snapshots taken by earlier releases may lack the
    fields marked optional."""

    class Meta:
        optional = (
            *MatchResultSchema._declared_fields.keys() - {"centre"},
            "fits",
            "reasons",
            "case_warnings",
            "why_not",
        )

    vocabulary_version = String()
    service = String()
    requirements = fields.List(fields.Nested(RequirementSchema))
    taken_at = String(metadata={"description": "When it was taken (ISO 8601)."})
    eligible = fields.Boolean(metadata={"description": "Whether the centre passed every filter."})
    fits = fields.Boolean(metadata={"description": "Eligible and meeting every requirement."})
    reasons = fields.List(fields.Nested(lambda: ReasonSchema()), metadata={"description": "Why it does not fit."})
    case_warnings = fields.List(fields.Nested(NoteSchema))
    why_not = fields.List(String(), metadata={"description": "When not eligible: the filters it failed, in words."})


class ReasonGapSchema(Out):
    code = String()
    status = String()
    notes = String(allow_none=True)


class ReasonSchema(Out):
    code = String(metadata={"description": "e.g. not-vetted, not-in-destination, requirement-missing, below-limit."})
    text = String()
    rule = String(metadata={"description": "The requirement missed (requirement reasons only).", "optional": True})
    gaps = fields.List(
        fields.Nested(ReasonGapSchema),
        metadata={"description": "What the centre reports instead (requirement reasons only).", "optional": True},
    )


class ExplanationSchema(Out):
    centre = String()
    name = String(allow_none=True)
    demo = fields.Boolean(allow_none=True)
    included = fields.Boolean()
    position = fields.Integer(allow_none=True, metadata={"description": "Its place in the results, from 1."})
    reasons = fields.List(fields.Nested(ReasonSchema))


class MatchResponseSchema(AnsweredBySchema):
    vocabulary_version = String()
    service = String()
    requirements = fields.List(fields.Nested(RequirementSchema))
    case_warnings = fields.List(fields.Nested(NoteSchema), metadata={"description": "About the case, shown once."})
    context = fields.Nested(CostReferencesSchema)
    results = fields.List(fields.Nested(MatchResultSchema))
    explanations = fields.List(
        fields.Nested(ExplanationSchema), metadata={"description": "When explain was given.", "optional": True}
    )
