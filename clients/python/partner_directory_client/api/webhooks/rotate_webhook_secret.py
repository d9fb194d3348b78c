from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.new_webhook import NewWebhook
from ...models.problem import Problem
from ...models.webhook_rotation import WebhookRotation
from ...types import Response


def _get_kwargs(
    hook_id: str,
    *,
    body: WebhookRotation,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/{hook_id}/secret".format(
            hook_id=quote(str(hook_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> NewWebhook | Problem | None:
    if response.status_code == 200:
        response_200 = NewWebhook.from_dict(response.json())

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
) -> Response[NewWebhook | Problem]:
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
    body: WebhookRotation,
) -> Response[NewWebhook | Problem]:
    """Give the webhook a new secret (shown once); the old one keeps signing for a while.

     Partners and the intake service, for their own webhooks only (scope webhooks:manage):
    another client's, or a removed one, is a 404. For `overlap_seconds` (a day unless said;
    0 for a leaked secret) every delivery carries two signatures, `v1=` with the new secret
    first and then with the old one, so the receiver can switch at its own pace. Answers the
    webhook with its new secret and the end of the overlap.

    Args:
        hook_id (str):
        body (WebhookRotation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NewWebhook | Problem]
    """

    kwargs = _get_kwargs(
        hook_id=hook_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    hook_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookRotation,
) -> NewWebhook | Problem | None:
    """Give the webhook a new secret (shown once); the old one keeps signing for a while.

     Partners and the intake service, for their own webhooks only (scope webhooks:manage):
    another client's, or a removed one, is a 404. For `overlap_seconds` (a day unless said;
    0 for a leaked secret) every delivery carries two signatures, `v1=` with the new secret
    first and then with the old one, so the receiver can switch at its own pace. Answers the
    webhook with its new secret and the end of the overlap.

    Args:
        hook_id (str):
        body (WebhookRotation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NewWebhook | Problem
    """

    return sync_detailed(
        hook_id=hook_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    hook_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookRotation,
) -> Response[NewWebhook | Problem]:
    """Give the webhook a new secret (shown once); the old one keeps signing for a while.

     Partners and the intake service, for their own webhooks only (scope webhooks:manage):
    another client's, or a removed one, is a 404. For `overlap_seconds` (a day unless said;
    0 for a leaked secret) every delivery carries two signatures, `v1=` with the new secret
    first and then with the old one, so the receiver can switch at its own pace. Answers the
    webhook with its new secret and the end of the overlap.

    Args:
        hook_id (str):
        body (WebhookRotation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NewWebhook | Problem]
    """

    kwargs = _get_kwargs(
        hook_id=hook_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    hook_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookRotation,
) -> NewWebhook | Problem | None:
    """Give the webhook a new secret (shown once); the old one keeps signing for a while.

     Partners and the intake service, for their own webhooks only (scope webhooks:manage):
    another client's, or a removed one, is a 404. For `overlap_seconds` (a day unless said;
    0 for a leaked secret) every delivery carries two signatures, `v1=` with the new secret
    first and then with the old one, so the receiver can switch at its own pace. Answers the
    webhook with its new secret and the end of the overlap.

    Args:
        hook_id (str):
        body (WebhookRotation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NewWebhook | Problem
    """

    return (
        await asyncio_detailed(
            hook_id=hook_id,
            client=client,
            body=body,
        )
    ).parsed
