from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.message import Message
from ...models.message_input import MessageInput
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    referral_id: str,
    *,
    body: MessageInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/referrals/{referral_id}/messages".format(
            referral_id=quote(str(referral_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Message | Problem | None:
    if response.status_code == 201:
        response_201 = Message.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[Message | Problem]:
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
    body: MessageInput,
) -> Response[Message | Problem]:
    """Write to the thread between the coordinators and the centre.

     Coordinators, and the partner of the referral's centre (scopes referrals:write or
    referrals:respond); the intake service reads the thread but may not write to it (403).
    Answers the message (201); webhooks and e-mail notifications announce it, without its
    text.

    Args:
        referral_id (str):
        body (MessageInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Message | Problem]
    """

    kwargs = _get_kwargs(
        referral_id=referral_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    body: MessageInput,
) -> Message | Problem | None:
    """Write to the thread between the coordinators and the centre.

     Coordinators, and the partner of the referral's centre (scopes referrals:write or
    referrals:respond); the intake service reads the thread but may not write to it (403).
    Answers the message (201); webhooks and e-mail notifications announce it, without its
    text.

    Args:
        referral_id (str):
        body (MessageInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Message | Problem
    """

    return sync_detailed(
        referral_id=referral_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    body: MessageInput,
) -> Response[Message | Problem]:
    """Write to the thread between the coordinators and the centre.

     Coordinators, and the partner of the referral's centre (scopes referrals:write or
    referrals:respond); the intake service reads the thread but may not write to it (403).
    Answers the message (201); webhooks and e-mail notifications announce it, without its
    text.

    Args:
        referral_id (str):
        body (MessageInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Message | Problem]
    """

    kwargs = _get_kwargs(
        referral_id=referral_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    referral_id: str,
    *,
    client: AuthenticatedClient,
    body: MessageInput,
) -> Message | Problem | None:
    """Write to the thread between the coordinators and the centre.

     Coordinators, and the partner of the referral's centre (scopes referrals:write or
    referrals:respond); the intake service reads the thread but may not write to it (403).
    Answers the message (201); webhooks and e-mail notifications announce it, without its
    text.

    Args:
        referral_id (str):
        body (MessageInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Message | Problem
    """

    return (
        await asyncio_detailed(
            referral_id=referral_id,
            client=client,
            body=body,
        )
    ).parsed
