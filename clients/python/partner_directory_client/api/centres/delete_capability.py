from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.centre import Centre
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    slug: str,
    code: str,
    *,
    if_match: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/centres/{slug}/capabilities/{code}".format(
            slug=quote(str(slug), safe=""),
            code=quote(str(code), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Centre | Problem | None:
    if response.status_code == 200:
        response_200 = Centre.from_dict(response.json())

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

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
) -> Response[Centre | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    code: str,
    *,
    client: AuthenticatedClient,
    if_match: str,
) -> Response[Centre | Problem]:
    """Withdraw a capability.

     Coordinators for any centre, partners for their own (scope capabilities:write). A
    capability the centre does not report is a 404; without If-Match 428, with a stale one
    412. Answers the centre without it, with its new ETag.

    Args:
        slug (str):
        code (str):
        if_match (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Centre | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        code=code,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    code: str,
    *,
    client: AuthenticatedClient,
    if_match: str,
) -> Centre | Problem | None:
    """Withdraw a capability.

     Coordinators for any centre, partners for their own (scope capabilities:write). A
    capability the centre does not report is a 404; without If-Match 428, with a stale one
    412. Answers the centre without it, with its new ETag.

    Args:
        slug (str):
        code (str):
        if_match (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Centre | Problem
    """

    return sync_detailed(
        slug=slug,
        code=code,
        client=client,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    slug: str,
    code: str,
    *,
    client: AuthenticatedClient,
    if_match: str,
) -> Response[Centre | Problem]:
    """Withdraw a capability.

     Coordinators for any centre, partners for their own (scope capabilities:write). A
    capability the centre does not report is a 404; without If-Match 428, with a stale one
    412. Answers the centre without it, with its new ETag.

    Args:
        slug (str):
        code (str):
        if_match (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Centre | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        code=code,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    code: str,
    *,
    client: AuthenticatedClient,
    if_match: str,
) -> Centre | Problem | None:
    """Withdraw a capability.

     Coordinators for any centre, partners for their own (scope capabilities:write). A
    capability the centre does not report is a 404; without If-Match 428, with a stale one
    412. Answers the centre without it, with its new ETag.

    Args:
        slug (str):
        code (str):
        if_match (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Centre | Problem
    """

    return (
        await asyncio_detailed(
            slug=slug,
            code=code,
            client=client,
            if_match=if_match,
        )
    ).parsed
