"""Contains all the data models used in inputs/outputs"""

from .audit_event import AuditEvent
from .audit_event_changes import AuditEventChanges
from .audit_page import AuditPage
from .budget import Budget
from .capability import Capability
from .capability_code import CapabilityCode
from .capability_input import CapabilityInput
from .capability_input_status import CapabilityInputStatus
from .capability_patch import CapabilityPatch
from .capability_patch_status import CapabilityPatchStatus
from .capability_status import CapabilityStatus
from .capability_type import CapabilityType
from .capability_used import CapabilityUsed
from .capability_view import CapabilityView
from .capability_view_status import CapabilityViewStatus
from .case_profile import CaseProfile
from .case_profile_disease_extent import CaseProfileDiseaseExtent
from .case_profile_view import CaseProfileView
from .case_profile_view_disease_extent import CaseProfileViewDiseaseExtent
from .centre import Centre
from .centre_create import CentreCreate
from .centre_page import CentrePage
from .centre_patch import CentrePatch
from .client_rotation import ClientRotation
from .client_secret import ClientSecret
from .contact import Contact
from .cost import Cost
from .cost_reference import CostReference
from .cost_references import CostReferences
from .delivery import Delivery
from .delivery_page import DeliveryPage
from .delivery_payload import DeliveryPayload
from .delivery_status import DeliveryStatus
from .estimated_cost import EstimatedCost
from .exchange_rate import ExchangeRate
from .exchange_rate_input import ExchangeRateInput
from .exchange_rate_list import ExchangeRateList
from .explanation import Explanation
from .facet import Facet
from .facets import Facets
from .fact import Fact
from .fact_page import FactPage
from .fact_provenance import FactProvenance
from .fact_provenance_status import FactProvenanceStatus
from .field_error import FieldError
from .gap import Gap
from .health import Health
from .health_status import HealthStatus
from .introspection import Introspection
from .lesion_site_code import LesionSiteCode
from .list_audit_events_outcome import ListAuditEventsOutcome
from .list_audit_events_role import ListAuditEventsRole
from .list_centres_vetting_status import ListCentresVettingStatus
from .list_facts_for_review_verification import ListFactsForReviewVerification
from .list_referrals_status_item import ListReferralsStatusItem
from .location import Location
from .match_centre import MatchCentre
from .match_centre_vetting_status import MatchCentreVettingStatus
from .match_input import MatchInput
from .match_input_disease_extent import MatchInputDiseaseExtent
from .match_response import MatchResponse
from .match_result import MatchResult
from .match_snapshot import MatchSnapshot
from .message import Message
from .message_input import MessageInput
from .message_side import MessageSide
from .new_webhook import NewWebhook
from .note import Note
from .o_auth_error import OAuthError
from .pagination_metadata import PaginationMetadata
from .problem import Problem
from .problem_reason import ProblemReason
from .problem_reason_gaps_item import ProblemReasonGapsItem
from .provenance import Provenance
from .rate_view import RateView
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .readiness_status import ReadinessStatus
from .reason import Reason
from .reason_gap import ReasonGap
from .referral import Referral
from .referral_create import ReferralCreate
from .referral_create_status import ReferralCreateStatus
from .referral_page import ReferralPage
from .referral_status import ReferralStatus
from .requester import Requester
from .requirement import Requirement
from .revoke_token_response_200 import RevokeTokenResponse200
from .rule import Rule
from .rule_code import RuleCode
from .score_parts import ScoreParts
from .search_centres_vetting_status import SearchCentresVettingStatus
from .search_hit import SearchHit
from .search_hit_vetting_status import SearchHitVettingStatus
from .search_response import SearchResponse
from .service import Service
from .service_code import ServiceCode
from .service_input import ServiceInput
from .service_patch import ServicePatch
from .service_patch_cost_type_0 import ServicePatchCostType0
from .service_type import ServiceType
from .setting import Setting
from .site import Site
from .suggest_response import SuggestResponse
from .suggestion import Suggestion
from .suggestion_kind import SuggestionKind
from .timeline_step import TimelineStep
from .timeline_step_acting_for import TimelineStepActingFor
from .token_reference import TokenReference
from .token_reference_token_type_hint import TokenReferenceTokenTypeHint
from .token_request import TokenRequest
from .token_request_grant_type import TokenRequestGrantType
from .token_response import TokenResponse
from .token_response_token_type import TokenResponseTokenType
from .transition_input import TransitionInput
from .transition_input_reason_code_type_0 import TransitionInputReasonCodeType0
from .transition_input_to import TransitionInputTo
from .usd_cost import UsdCost
from .verification import Verification
from .verification_input import VerificationInput
from .verification_status import VerificationStatus
from .vetting import Vetting
from .vetting_input import VettingInput
from .vetting_input_status import VettingInputStatus
from .vetting_status import VettingStatus
from .vetting_verification import VettingVerification
from .vetting_verification_status import VettingVerificationStatus
from .vetting_verification_view import VettingVerificationView
from .vetting_verification_view_status import VettingVerificationViewStatus
from .vetting_view import VettingView
from .vetting_view_status import VettingViewStatus
from .vocabulary import Vocabulary
from .vocabulary_ranking import VocabularyRanking
from .waived import Waived
from .waiver_input import WaiverInput
from .webhook import Webhook
from .webhook_attempt import WebhookAttempt
from .webhook_input import WebhookInput
from .webhook_rotation import WebhookRotation

__all__ = (
    "AuditEvent",
    "AuditEventChanges",
    "AuditPage",
    "Budget",
    "Capability",
    "CapabilityCode",
    "CapabilityInput",
    "CapabilityInputStatus",
    "CapabilityPatch",
    "CapabilityPatchStatus",
    "CapabilityStatus",
    "CapabilityType",
    "CapabilityUsed",
    "CapabilityView",
    "CapabilityViewStatus",
    "CaseProfile",
    "CaseProfileDiseaseExtent",
    "CaseProfileView",
    "CaseProfileViewDiseaseExtent",
    "Centre",
    "CentreCreate",
    "CentrePage",
    "CentrePatch",
    "ClientRotation",
    "ClientSecret",
    "Contact",
    "Cost",
    "CostReference",
    "CostReferences",
    "Delivery",
    "DeliveryPage",
    "DeliveryPayload",
    "DeliveryStatus",
    "EstimatedCost",
    "ExchangeRate",
    "ExchangeRateInput",
    "ExchangeRateList",
    "Explanation",
    "Facet",
    "Facets",
    "Fact",
    "FactPage",
    "FactProvenance",
    "FactProvenanceStatus",
    "FieldError",
    "Gap",
    "Health",
    "HealthStatus",
    "Introspection",
    "LesionSiteCode",
    "ListAuditEventsOutcome",
    "ListAuditEventsRole",
    "ListCentresVettingStatus",
    "ListFactsForReviewVerification",
    "ListReferralsStatusItem",
    "Location",
    "MatchCentre",
    "MatchCentreVettingStatus",
    "MatchInput",
    "MatchInputDiseaseExtent",
    "MatchResponse",
    "MatchResult",
    "MatchSnapshot",
    "Message",
    "MessageInput",
    "MessageSide",
    "NewWebhook",
    "Note",
    "OAuthError",
    "PaginationMetadata",
    "Problem",
    "ProblemReason",
    "ProblemReasonGapsItem",
    "Provenance",
    "RateView",
    "Readiness",
    "ReadinessChecks",
    "ReadinessStatus",
    "Reason",
    "ReasonGap",
    "Referral",
    "ReferralCreate",
    "ReferralCreateStatus",
    "ReferralPage",
    "ReferralStatus",
    "Requester",
    "Requirement",
    "RevokeTokenResponse200",
    "Rule",
    "RuleCode",
    "ScoreParts",
    "SearchCentresVettingStatus",
    "SearchHit",
    "SearchHitVettingStatus",
    "SearchResponse",
    "Service",
    "ServiceCode",
    "ServiceInput",
    "ServicePatch",
    "ServicePatchCostType0",
    "ServiceType",
    "Setting",
    "Site",
    "SuggestResponse",
    "Suggestion",
    "SuggestionKind",
    "TimelineStep",
    "TimelineStepActingFor",
    "TokenReference",
    "TokenReferenceTokenTypeHint",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
    "TokenResponseTokenType",
    "TransitionInput",
    "TransitionInputReasonCodeType0",
    "TransitionInputTo",
    "UsdCost",
    "Verification",
    "VerificationInput",
    "VerificationStatus",
    "Vetting",
    "VettingInput",
    "VettingInputStatus",
    "VettingStatus",
    "VettingVerification",
    "VettingVerificationStatus",
    "VettingVerificationView",
    "VettingVerificationViewStatus",
    "VettingView",
    "VettingViewStatus",
    "Vocabulary",
    "VocabularyRanking",
    "Waived",
    "WaiverInput",
    "Webhook",
    "WebhookAttempt",
    "WebhookInput",
    "WebhookRotation",
)
