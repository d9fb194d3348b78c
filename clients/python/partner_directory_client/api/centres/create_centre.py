from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.centre import Centre
from ...models.centre_create import CentreCreate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: CentreCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/centres",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Centre | Problem | None:
    if response.status_code == 201:
        response_201 = Centre.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[Centre | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CentreCreate,
) -> Response[Centre | Problem]:
    """Add a centre (admin, coordinator). It starts pending vetting.

     Admins and coordinators may call it (scope centres:write); a partner is refused (403).
    Answers the new centre (201) with its ETag and its Location. A slug that is taken
    already is a 409; a field that breaks its rules is a 422.

    Args:
        body (CentreCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Centre | Problem]
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
    body: CentreCreate,
) -> Centre | Problem | None:
    """Add a centre (admin, coordinator). It starts pending vetting.

     Admins and coordinators may call it (scope centres:write); a partner is refused (403).
    Answers the new centre (201) with its ETag and its Location. A slug that is taken
    already is a 409; a field that breaks its rules is a 422.

    Args:
        body (CentreCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Centre | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CentreCreate,
) -> Response[Centre | Problem]:
    """Add a centre (admin, coordinator). It starts pending vetting.

     Admins and coordinators may call it (scope centres:write); a partner is refused (403).
    Answers the new centre (201) with its ETag and its Location. A slug that is taken
    already is a 409; a field that breaks its rules is a 422.

    Args:
        body (CentreCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Centre | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CentreCreate,
) -> Centre | Problem | None:
    """Add a centre (admin, coordinator). It starts pending vetting.

     Admins and coordinators may call it (scope centres:write); a partner is refused (403).
    Answers the new centre (201) with its ETag and its Location. A slug that is taken
    already is a 409; a field that breaks its rules is a 422.

    Args:
        body (CentreCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Centre | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
