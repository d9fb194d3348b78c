from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.referral import Referral
from ...models.transition_input import TransitionInput
from ...types import Response


def _get_kwargs(
    referral_id: str,
    *,
    body: TransitionInput,
    if_match: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/referrals/{referral_id}/transitions".format(
            referral_id=quote(str(referral_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Referral | None:
    if response.status_code == 200:
        response_200 = Referral.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 428:
        response_428 = Problem.from_dict(response.json())

        return response_428

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | Referral]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    body: TransitionInput,
    if_match: str,
) -> Response[Problem | Referral]:
    """Move a referral on: the requester requests and cancels, the centre answers.

     The requester (scope referrals:write) takes the requester's steps, the centre's partner
    (scope referrals:respond) the centre's; a coordinator may take either, saying why. A
    step this client may not take now is a 409 that lists those it may (allowed). A
    rejection needs a reason_code (other: with a reason), and only a rejection takes one:
    else 422. Without If-Match 428, with a stale one 412. Answers the referral with its new
    ETag; the step is in its timeline and the audit log, and webhooks hear of it.

    Args:
        referral_id (str):
        if_match (str):
        body (TransitionInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Referral]
    """

    kwargs = _get_kwargs(
        referral_id=referral_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    body: TransitionInput,
    if_match: str,
) -> Problem | Referral | None:
    """Move a referral on: the requester requests and cancels, the centre answers.

     The requester (scope referrals:write) takes the requester's steps, the centre's partner
    (scope referrals:respond) the centre's; a coordinator may take either, saying why. A
    step this client may not take now is a 409 that lists those it may (allowed). A
    rejection needs a reason_code (other: with a reason), and only a rejection takes one:
    else 422. Without If-Match 428, with a stale one 412. Answers the referral with its new
    ETag; the step is in its timeline and the audit log, and webhooks hear of it.

    Args:
        referral_id (str):
        if_match (str):
        body (TransitionInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Referral
    """

    return sync_detailed(
        referral_id=referral_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    body: TransitionInput,
    if_match: str,
) -> Response[Problem | Referral]:
    """Move a referral on: the requester requests and cancels, the centre answers.

     The requester (scope referrals:write) takes the requester's steps, the centre's partner
    (scope referrals:respond) the centre's; a coordinator may take either, saying why. A
    step this client may not take now is a 409 that lists those it may (allowed). A
    rejection needs a reason_code (other: with a reason), and only a rejection takes one:
    else 422. Without If-Match 428, with a stale one 412. Answers the referral with its new
    ETag; the step is in its timeline and the audit log, and webhooks hear of it.

    Args:
        referral_id (str):
        if_match (str):
        body (TransitionInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Referral]
    """

    kwargs = _get_kwargs(
        referral_id=referral_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    body: TransitionInput,
    if_match: str,
) -> Problem | Referral | None:
    """Move a referral on: the requester requests and cancels, the centre answers.

     The requester (scope referrals:write) takes the requester's steps, the centre's partner
    (scope referrals:respond) the centre's; a coordinator may take either, saying why. A
    step this client may not take now is a 409 that lists those it may (allowed). A
    rejection needs a reason_code (other: with a reason), and only a rejection takes one:
    else 422. Without If-Match 428, with a stale one 412. Answers the referral with its new
    ETag; the step is in its timeline and the audit log, and webhooks hear of it.

    Args:
        referral_id (str):
        if_match (str):
        body (TransitionInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Referral
    """

    return (
        await asyncio_detailed(
            referral_id=referral_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
