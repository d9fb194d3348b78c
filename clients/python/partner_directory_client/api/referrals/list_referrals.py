import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_referrals_status_item import ListReferralsStatusItem
from ...models.problem import Problem
from ...models.referral_page import ReferralPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: list[ListReferralsStatusItem] | Unset = UNSET,
    centre: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    params["centre"] = centre

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updated_since"] = json_updated_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/referrals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReferralPage | None:
    if response.status_code == 200:
        response_200 = ReferralPage.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | ReferralPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: list[ListReferralsStatusItem] | Unset = UNSET,
    centre: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Response[Problem | ReferralPage]:
    """The referrals this client may see, least recently changed first (poll with updated_since).

     Coordinators see every referral, a partner its centre's (not drafts), the intake
    service its own (scope referrals:read). Answers a page of referrals, each with its case,
    timeline, messages and the steps this client may take now (allowed_transitions). An
    admin is refused (403).

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        status (list[ListReferralsStatusItem] | Unset):  Example: ['requested', 'received'].
        centre (str | Unset):  Example: pumch.
        updated_since (datetime.datetime | Unset):  Example: 2026-12-01T09:30:00Z.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReferralPage]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        status=status,
        centre=centre,
        updated_since=updated_since,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: list[ListReferralsStatusItem] | Unset = UNSET,
    centre: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Problem | ReferralPage | None:
    """The referrals this client may see, least recently changed first (poll with updated_since).

     Coordinators see every referral, a partner its centre's (not drafts), the intake
    service its own (scope referrals:read). Answers a page of referrals, each with its case,
    timeline, messages and the steps this client may take now (allowed_transitions). An
    admin is refused (403).

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        status (list[ListReferralsStatusItem] | Unset):  Example: ['requested', 'received'].
        centre (str | Unset):  Example: pumch.
        updated_since (datetime.datetime | Unset):  Example: 2026-12-01T09:30:00Z.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReferralPage
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        status=status,
        centre=centre,
        updated_since=updated_since,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: list[ListReferralsStatusItem] | Unset = UNSET,
    centre: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Response[Problem | ReferralPage]:
    """The referrals this client may see, least recently changed first (poll with updated_since).

     Coordinators see every referral, a partner its centre's (not drafts), the intake
    service its own (scope referrals:read). Answers a page of referrals, each with its case,
    timeline, messages and the steps this client may take now (allowed_transitions). An
    admin is refused (403).

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        status (list[ListReferralsStatusItem] | Unset):  Example: ['requested', 'received'].
        centre (str | Unset):  Example: pumch.
        updated_since (datetime.datetime | Unset):  Example: 2026-12-01T09:30:00Z.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReferralPage]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        status=status,
        centre=centre,
        updated_since=updated_since,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    status: list[ListReferralsStatusItem] | Unset = UNSET,
    centre: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Problem | ReferralPage | None:
    """The referrals this client may see, least recently changed first (poll with updated_since).

     Coordinators see every referral, a partner its centre's (not drafts), the intake
    service its own (scope referrals:read). Answers a page of referrals, each with its case,
    timeline, messages and the steps this client may take now (allowed_transitions). An
    admin is refused (403).

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        status (list[ListReferralsStatusItem] | Unset):  Example: ['requested', 'received'].
        centre (str | Unset):  Example: pumch.
        updated_since (datetime.datetime | Unset):  Example: 2026-12-01T09:30:00Z.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReferralPage
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            status=status,
            centre=centre,
            updated_since=updated_since,
        )
    ).parsed
