from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_page import DeliveryPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    hook_id: str,
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/webhooks/{hook_id}/deliveries".format(
            hook_id=quote(str(hook_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeliveryPage | Problem | None:
    if response.status_code == 200:
        response_200 = DeliveryPage.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeliveryPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    hook_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> Response[DeliveryPage | Problem]:
    """What was sent to this webhook, newest first, with every attempt and its answer.

     Partners and the intake service, for their own webhooks only (scope webhooks:manage);
    another client's is a 404. Answers a page of deliveries: the event, its payload, its
    status (pending, delivered or failed), and each attempt with the receiver's status code
    or error.

    Args:
        hook_id (str):
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryPage | Problem]
    """

    kwargs = _get_kwargs(
        hook_id=hook_id,
        page=page,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    hook_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> DeliveryPage | Problem | None:
    """What was sent to this webhook, newest first, with every attempt and its answer.

     Partners and the intake service, for their own webhooks only (scope webhooks:manage);
    another client's is a 404. Answers a page of deliveries: the event, its payload, its
    status (pending, delivered or failed), and each attempt with the receiver's status code
    or error.

    Args:
        hook_id (str):
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryPage | Problem
    """

    return sync_detailed(
        hook_id=hook_id,
        client=client,
        page=page,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    hook_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> Response[DeliveryPage | Problem]:
    """What was sent to this webhook, newest first, with every attempt and its answer.

     Partners and the intake service, for their own webhooks only (scope webhooks:manage);
    another client's is a 404. Answers a page of deliveries: the event, its payload, its
    status (pending, delivered or failed), and each attempt with the receiver's status code
    or error.

    Args:
        hook_id (str):
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryPage | Problem]
    """

    kwargs = _get_kwargs(
        hook_id=hook_id,
        page=page,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    hook_id: str,
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> DeliveryPage | Problem | None:
    """What was sent to this webhook, newest first, with every attempt and its answer.

     Partners and the intake service, for their own webhooks only (scope webhooks:manage);
    another client's is a 404. Answers a page of deliveries: the event, its payload, its
    status (pending, delivered or failed), and each attempt with the receiver's status code
    or error.

    Args:
        hook_id (str):
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryPage | Problem
    """

    return (
        await asyncio_detailed(
            hook_id=hook_id,
            client=client,
            page=page,
            page_size=page_size,
        )
    ).parsed
