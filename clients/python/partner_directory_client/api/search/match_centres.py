from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.match_input import MatchInput
from ...models.match_response import MatchResponse
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: MatchInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/match",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MatchResponse | Problem | None:
    if response.status_code == 200:
        response_200 = MatchResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[MatchResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: MatchInput,
) -> Response[MatchResponse | Problem]:
    """Centres suitable for a case, best first, each with what it meets and misses.

     The service's clinical rules (see the vocabulary) decide what the case requires, what to
    advise and what to warn of. Only vetted centres that accept referrals and treat the site,
    in a destination country, are considered. A coordinator may waive a required rule for
    the case, with a reason (audited); ``explain`` says why named centres are or are not
    among the results.

    Coordinators and the intake service may call it (scope match); only a coordinator may
    waive (another client: 403). The case carries no name, contact or identity: such a field
    is a 422. Answers the rules that apply, the results with their score and its parts,
    requirements met and missed, estimated cost (in USD when a rate is known) and every
    fact's provenance. A lesion site the service does not treat, guidance that is not an
    imaging code, a rule that is not a required rule of the service, both budget and
    budget_usd, or a budget currency without an exchange rate, is a 422.

    Args:
        body (MatchInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MatchResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: MatchInput,
) -> MatchResponse | Problem | None:
    """Centres suitable for a case, best first, each with what it meets and misses.

     The service's clinical rules (see the vocabulary) decide what the case requires, what to
    advise and what to warn of. Only vetted centres that accept referrals and treat the site,
    in a destination country, are considered. A coordinator may waive a required rule for
    the case, with a reason (audited); ``explain`` says why named centres are or are not
    among the results.

    Coordinators and the intake service may call it (scope match); only a coordinator may
    waive (another client: 403). The case carries no name, contact or identity: such a field
    is a 422. Answers the rules that apply, the results with their score and its parts,
    requirements met and missed, estimated cost (in USD when a rate is known) and every
    fact's provenance. A lesion site the service does not treat, guidance that is not an
    imaging code, a rule that is not a required rule of the service, both budget and
    budget_usd, or a budget currency without an exchange rate, is a 422.

    Args:
        body (MatchInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MatchResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: MatchInput,
) -> Response[MatchResponse | Problem]:
    """Centres suitable for a case, best first, each with what it meets and misses.

     The service's clinical rules (see the vocabulary) decide what the case requires, what to
    advise and what to warn of. Only vetted centres that accept referrals and treat the site,
    in a destination country, are considered. A coordinator may waive a required rule for
    the case, with a reason (audited); ``explain`` says why named centres are or are not
    among the results.

    Coordinators and the intake service may call it (scope match); only a coordinator may
    waive (another client: 403). The case carries no name, contact or identity: such a field
    is a 422. Answers the rules that apply, the results with their score and its parts,
    requirements met and missed, estimated cost (in USD when a rate is known) and every
    fact's provenance. A lesion site the service does not treat, guidance that is not an
    imaging code, a rule that is not a required rule of the service, both budget and
    budget_usd, or a budget currency without an exchange rate, is a 422.

    Args:
        body (MatchInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MatchResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: MatchInput,
) -> MatchResponse | Problem | None:
    """Centres suitable for a case, best first, each with what it meets and misses.

     The service's clinical rules (see the vocabulary) decide what the case requires, what to
    advise and what to warn of. Only vetted centres that accept referrals and treat the site,
    in a destination country, are considered. A coordinator may waive a required rule for
    the case, with a reason (audited); ``explain`` says why named centres are or are not
    among the results.

    Coordinators and the intake service may call it (scope match); only a coordinator may
    waive (another client: 403). The case carries no name, contact or identity: such a field
    is a 422. Answers the rules that apply, the results with their score and its parts,
    requirements met and missed, estimated cost (in USD when a rate is known) and every
    fact's provenance. A lesion site the service does not treat, guidance that is not an
    imaging code, a rule that is not a required rule of the service, both budget and
    budget_usd, or a budget currency without an exchange rate, is a 422.

    Args:
        body (MatchInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MatchResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
