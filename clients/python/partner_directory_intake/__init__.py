"""The intake service's client for Partner Directory: match, refer, follow.

    with Intake("https://directory.example.org", client_id, client_secret) as intake:
        found = intake.match(MatchInput(lesion_site=LesionSiteCode.SPINE, destination_countries=["CN"]))
        referral = intake.refer(found.results[0].centre.slug, "case-2291", found_case)

The typed models and every operation come from the generated ``partner_directory_client``
(``make client`` regenerates it from clients/openapi.json); this package is the thin layer by
hand: tokens, retries, ETags, paging and problems as exceptions.
"""

from partner_directory_intake.auth import ClientCredentials
from partner_directory_intake.intake import Intake, case_profile
from partner_directory_intake.problems import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ProblemError,
    RateLimited,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
)

__all__ = [
    "BadRequest",
    "ClientCredentials",
    "Conflict",
    "Forbidden",
    "Intake",
    "NotFound",
    "PreconditionFailed",
    "PreconditionRequired",
    "ProblemError",
    "RateLimited",
    "ServiceUnavailable",
    "Unauthorized",
    "Unprocessable",
    "case_profile",
]
