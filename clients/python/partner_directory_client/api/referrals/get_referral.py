from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.referral import Referral
from ...types import UNSET, Response, Unset


def _get_kwargs(
    referral_id: str,
    *,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/referrals/{referral_id}".format(
            referral_id=quote(str(referral_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | Referral | None:
    if response.status_code == 200:
        response_200 = Referral.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Problem | Referral]:
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
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | Referral]:
    """One referral, with its ETag, timeline and messages.

     Coordinators any referral, a partner its centre's (not drafts), the intake service its
    own (scope referrals:read); any other is a 404, as one that does not exist. Every read
    is audited. With If-None-Match naming the current version: 304, no body.

    Args:
        referral_id (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | Referral]
    """

    kwargs = _get_kwargs(
        referral_id=referral_id,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | Referral | None:
    """One referral, with its ETag, timeline and messages.

     Coordinators any referral, a partner its centre's (not drafts), the intake service its
    own (scope referrals:read); any other is a 404, as one that does not exist. Every read
    is audited. With If-None-Match naming the current version: 304, no body.

    Args:
        referral_id (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | Referral
    """

    return sync_detailed(
        referral_id=referral_id,
        client=client,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | Referral]:
    """One referral, with its ETag, timeline and messages.

     Coordinators any referral, a partner its centre's (not drafts), the intake service its
    own (scope referrals:read); any other is a 404, as one that does not exist. Every read
    is audited. With If-None-Match naming the current version: 304, no body.

    Args:
        referral_id (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | Referral]
    """

    kwargs = _get_kwargs(
        referral_id=referral_id,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | Referral | None:
    """One referral, with its ETag, timeline and messages.

     Coordinators any referral, a partner its centre's (not drafts), the intake service its
    own (scope referrals:read); any other is a 404, as one that does not exist. Every read
    is audited. With If-None-Match naming the current version: 304, no body.

    Args:
        referral_id (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | Referral
    """

    return (
        await asyncio_detailed(
            referral_id=referral_id,
            client=client,
            if_none_match=if_none_match,
        )
    ).parsed
