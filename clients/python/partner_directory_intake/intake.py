"""What an intake service does with Partner Directory, over the generated client: match a case,
refer it, and follow the referral. This layer adds what generated code does badly:

- the token (client credentials), renewed before it expires (:mod:`.auth`);
- retries: reads and matches on a dropped connection, 429 (after Retry-After) and 502-504;
  a referral's creation too, with the same ``Idempotency-Key`` on every attempt, so that a
  retry never makes a second referral; a transition only when it surely was not applied
  (the connection was refused, or 429);
- ETags: each referral read is kept with its ETag; reading it again sends If-None-Match (a 304
  costs no body), and a transition sends If-Match with the version last read;
- pages as an iterator (following ``next`` until there is none);
- problems as exceptions (:mod:`.problems`), with their extension members.

Every other operation is the generated client's: ``intake.api`` is its ``AuthenticatedClient``.
"""

from __future__ import annotations

import datetime
import functools
import random
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any, TypeVar

import httpx
from partner_directory_client import AuthenticatedClient
from partner_directory_client.api.referrals import (
    create_referral,
    get_referral,
    list_referrals,
    transition_referral,
)
from partner_directory_client.api.search import match_centres
from partner_directory_client.models.case_profile import CaseProfile
from partner_directory_client.models.list_referrals_status_item import ListReferralsStatusItem
from partner_directory_client.models.match_input import MatchInput
from partner_directory_client.models.match_response import MatchResponse
from partner_directory_client.models.referral import Referral
from partner_directory_client.models.referral_create import ReferralCreate
from partner_directory_client.models.referral_page import ReferralPage
from partner_directory_client.models.transition_input import TransitionInput
from partner_directory_client.models.transition_input_reason_code_type_0 import TransitionInputReasonCodeType0
from partner_directory_client.models.transition_input_to import TransitionInputTo
from partner_directory_client.types import UNSET, Response, Unset

from partner_directory_intake.auth import ClientCredentials
from partner_directory_intake.problems import problem_error, retry_after

T = TypeVar("T")
#: Answers worth another try: the request was not served, and may be once the service recovers.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Only the match's own fields belong to a referral's case profile.
MATCH_ONLY_FIELDS = ("include_near_misses", "limit", "waive", "explain")
#: How many referrals' last reads (with their ETags) are kept.
KEPT_READS = 1000


class Intake:
    """The intake service's client. Use it as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        scopes: list[str] | None = None,
        timeout: float = 10.0,
        attempts: int = 4,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        base_url = base_url.rstrip("/")
        self.auth = ClientCredentials(
            f"{base_url}/oauth/token",
            client_id,
            client_secret,
            scopes,
            http=httpx.Client(timeout=timeout, transport=transport),
        )
        http = httpx.Client(base_url=base_url, auth=self.auth, timeout=timeout, transport=transport)
        #: The generated client, for every operation this layer does not wrap.
        self.api = AuthenticatedClient(base_url=base_url, token="").set_httpx_client(http)
        self.attempts = attempts
        self.backoff = backoff
        self._sleep = sleep
        self._reads: OrderedDict[str, tuple[str, Referral]] = OrderedDict()

    # --- the intake flow ---------------------------------------------------------------------

    def match(self, case: MatchInput) -> MatchResponse:
        """The centres that suit a case, best first, each with what it meets and misses."""
        return _parsed(self._send(lambda: match_centres.sync_detailed(client=self.api, body=case)), MatchResponse)

    def refer(
        self,
        centre: str,
        external_ref: str,
        case: MatchInput | CaseProfile,
        *,
        idempotency_key: str | None = None,
    ) -> Referral:
        """Refer a case to a centre (requested at once). ``external_ref`` is your own id for the
        case: sending the same one again returns the same referral. Every retry carries the same
        ``Idempotency-Key`` (a new one unless you give it)."""
        key = idempotency_key or str(uuid.uuid4())
        body = ReferralCreate(centre=centre, external_ref=external_ref, profile=case_profile(case))
        response = self._send(
            lambda: create_referral.sync_detailed(client=self.api, body=body, idempotency_key=key), retry="all"
        )
        return self._keep(_parsed(response, Referral), response)

    def referral(self, referral_id: str) -> Referral:
        """A referral as it is now. When it is unchanged since this client last read it, the
        service answers 304 and the kept copy is returned."""
        held = self._reads.get(referral_id)
        tag: str | Unset = held[0] if held else UNSET
        response = self._send(lambda: get_referral.sync_detailed(referral_id, client=self.api, if_none_match=tag))
        if response.status_code == HTTPStatus.NOT_MODIFIED and held:
            self._reads.move_to_end(referral_id)
            return held[1]
        return self._keep(_parsed(response, Referral), response)

    def transition(
        self,
        referral_id: str,
        to: TransitionInputTo | str,
        *,
        reason: str | None = None,
        reason_code: TransitionInputReasonCodeType0 | None = None,
    ) -> Referral:
        """Move a referral on (the requester requests or cancels), as of the version this client
        last read (read first if it has none). Raises :class:`~.problems.PreconditionFailed`
        when it changed since: read it again and decide again; :class:`~.problems.Conflict`
        when the step is not allowed now (``allowed`` lists those that are)."""
        if referral_id not in self._reads:
            self.referral(referral_id)
        tag = self._reads[referral_id][0]
        body = TransitionInput(to=TransitionInputTo(to), reason=reason, reason_code=reason_code)
        response = self._send(
            lambda: transition_referral.sync_detailed(referral_id, client=self.api, body=body, if_match=tag),
            retry="unsent",
        )
        return self._keep(_parsed(response, Referral), response)

    def referrals(
        self,
        *,
        updated_since: datetime.datetime | None = None,
        status: list[ListReferralsStatusItem] | None = None,
        centre: str | None = None,
        page_size: int = 100,
    ) -> Iterator[Referral]:
        """Every referral this client may see, least recently changed first, page after page.
        Poll with ``updated_since`` (the ``updated_at`` of the last one you saw)."""
        page = 1
        while True:
            call = functools.partial(
                list_referrals.sync_detailed,
                client=self.api,
                page=page,
                page_size=page_size,
                status=status if status is not None else UNSET,
                centre=centre if centre is not None else UNSET,
                updated_since=updated_since if updated_since is not None else UNSET,
            )
            found = _parsed(self._send(call), ReferralPage)
            yield from found.items
            if found.next_ is None:
                return
            page += 1

    def etag(self, referral_id: str) -> str | None:
        """The ETag of the version of a referral this client last read, if any."""
        held = self._reads.get(referral_id)
        return held[0] if held else None

    # --- plumbing --------------------------------------------------------------------------------

    def _send(self, call: Callable[[], Response[T]], retry: str = "all") -> Response[T]:
        """Call, retrying as ``retry`` allows: ``all`` (a read, a match, a creation with its
        idempotency key) on any dropped connection or a retryable status; ``unsent`` only when
        the request surely was not applied (the connection was never made, or 429)."""
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                response = call()
            except (httpx.ConnectError, httpx.ConnectTimeout):
                if last:
                    raise
            except httpx.TransportError:
                if last or retry != "all":
                    raise
            else:
                retryable = response.status_code == 429 or (retry == "all" and response.status_code in RETRY_STATUSES)
                if last or not retryable:
                    return response
                wait = retry_after(response.headers)
                self._sleep(wait if wait is not None else self._delay(attempt))
                continue
            self._sleep(self._delay(attempt))
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _delay(self, attempt: int) -> float:
        """Exponential backoff with full jitter."""
        return random.uniform(0, self.backoff * 2 ** (attempt - 1))

    def _keep(self, referral: Referral, response: Response[Any]) -> Referral:
        tag = response.headers.get("etag")
        if tag:
            self._reads[referral.id] = (tag, referral)
            self._reads.move_to_end(referral.id)
            while len(self._reads) > KEPT_READS:
                self._reads.popitem(last=False)
        return referral

    def close(self) -> None:
        self.api.get_httpx_client().close()
        self.auth.close()

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def case_profile(case: MatchInput | CaseProfile) -> CaseProfile:
    """The case a referral carries: the matched case without the match's own fields."""
    if isinstance(case, CaseProfile):
        return case
    fields = {k: v for k, v in case.to_dict().items() if k not in MATCH_ONLY_FIELDS}
    return CaseProfile.from_dict(fields)


def _parsed(response: Response[Any], kind: type[T]) -> T:
    """The answer as ``kind``, or the problem raised as its exception."""
    if response.status_code >= 400:
        raise problem_error(response.status_code, response.headers, response.content)
    if not isinstance(response.parsed, kind):
        raise TypeError(f"{response.status_code}: expected {kind.__name__}, got {type(response.parsed).__name__}")
    return response.parsed
