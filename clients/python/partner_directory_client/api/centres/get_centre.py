from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.centre import Centre
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/centres/{slug}".format(
            slug=quote(str(slug), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Centre | Problem | None:
    if response.status_code == 200:
        response_200 = Centre.from_dict(response.json())

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
) -> Response[Any | Centre | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Centre | Problem]:
    """One centre, with its ETag.

     Every role may call it (scope centres:read). Answers the centre with its capabilities,
    service offerings, vetting and the provenance of each fact; the ETag names its version,
    for If-Match on a write. With If-None-Match naming the current version: 304, no body. No
    such centre: 404.

    Args:
        slug (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Centre | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | Centre | Problem | None:
    """One centre, with its ETag.

     Every role may call it (scope centres:read). Answers the centre with its capabilities,
    service offerings, vetting and the provenance of each fact; the ETag names its version,
    for If-Match on a write. With If-None-Match naming the current version: 304, no body. No
    such centre: 404.

    Args:
        slug (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Centre | Problem
    """

    return sync_detailed(
        slug=slug,
        client=client,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Centre | Problem]:
    """One centre, with its ETag.

     Every role may call it (scope centres:read). Answers the centre with its capabilities,
    service offerings, vetting and the provenance of each fact; the ETag names its version,
    for If-Match on a write. With If-None-Match naming the current version: 304, no body. No
    such centre: 404.

    Args:
        slug (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Centre | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | Centre | Problem | None:
    """One centre, with its ETag.

     Every role may call it (scope centres:read). Answers the centre with its capabilities,
    service offerings, vetting and the provenance of each fact; the ETag names its version,
    for If-Match on a write. With If-None-Match naming the current version: 304, no body. No
    such centre: 404.

    Args:
        slug (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Centre | Problem
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
            if_none_match=if_none_match,
        )
    ).parsed
