"""The access token: OAuth 2.0 client credentials, renewed before it expires."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator

import httpx
from partner_directory_client.models.token_response import TokenResponse

from partner_directory_intake.problems import Unauthorized, problem_error

#: Renew this many seconds before the token expires, so that no request carries a token that
#: expires in flight (and clocks may differ a little).
RENEW_BEFORE_SECONDS = 60.0


class ClientCredentials(httpx.Auth):
    """An ``httpx.Auth`` that sends a bearer token from ``/oauth/token`` (client credentials,
    HTTP Basic), asks for a new one shortly before it expires, and once more when the service
    answers 401 (a revoked or rotated key). Safe to share between threads."""

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scopes: list[str] | None = None,
        *,
        http: httpx.Client | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token_url = token_url
        self.scopes = scopes
        self._basic = httpx.BasicAuth(client_id, client_secret)
        self._http = http or httpx.Client(timeout=10.0)
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0
        #: How many tokens this has asked for (tests and metrics read it).
        self.issued = 0

    def token(self, *, renew: bool = False) -> str:
        """The current token; a new one when it is about to expire, or when ``renew``."""
        with self._lock:
            if renew or self._token is None or self._clock() >= self._renew_at:
                self._token, lifetime = self._fetch()
                self._renew_at = self._clock() + max(lifetime - RENEW_BEFORE_SECONDS, lifetime / 2)
            return self._token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        sent = self.token()
        request.headers["Authorization"] = f"Bearer {sent}"
        response = yield request
        if response.status_code == 401:
            with self._lock:
                if self._token == sent:
                    self._token = None  # another thread may have renewed it already
            request.headers["Authorization"] = f"Bearer {self.token()}"
            yield request

    def _fetch(self) -> tuple[str, float]:
        form = {"grant_type": "client_credentials"}
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        response = self._http.post(self.token_url, data=form, auth=self._basic)
        if response.status_code in (400, 401):  # RFC 6749 §5.2: the credentials or the scopes
            raise Unauthorized(response.status_code, None, response.text)
        if response.status_code != 200:
            raise problem_error(response.status_code, response.headers, response.content)
        answer = TokenResponse.from_dict(response.json())
        self.issued += 1
        return answer.access_token, float(answer.expires_in)

    def close(self) -> None:
        self._http.close()
