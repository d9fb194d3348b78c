from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.referral import Referral
from ...models.referral_create import ReferralCreate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ReferralCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/referrals",
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

    if response.status_code == 201:
        response_201 = Referral.from_dict(response.json())

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
) -> Response[Problem | Referral]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReferralCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Referral]:
    """Refer a case to a centre (draft, or requested at once). Idempotent.

     Coordinators and the intake service may call it (scope referrals:write). The centre
    must fit the case as a match would judge it: else 422 with the reasons (a coordinator
    may refer anyway with override_reason; the intake service may not: 403). Requested
    needs a centre that is vetted and accepts referrals, else 409. The same external_ref or
    Idempotency-Key from the same client answers the referral it made (200, not 201); the
    same one for a different request is a 409. Answers the referral with its ETag and its
    Location, and a snapshot of how the centre answered the case.

    Args:
        idempotency_key (str | Unset):
        body (ReferralCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Referral]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ReferralCreate,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Referral | None:
    """Refer a case to a centre (draft, or requested at once). Idempotent.

     Coordinators and the intake service may call it (scope referrals:write). The centre
    must fit the case as a match would judge it: else 422 with the reasons (a coordinator
    may refer anyway with override_reason; the intake service may not: 403). Requested
    needs a centre that is vetted and accepts referrals, else 409. The same external_ref or
    Idempotency-Key from the same client answers the referral it made (200, not 201); the
    same one for a different request is a 409. Answers the referral with its ETag and its
    Location, and a snapshot of how the centre answered the case.

    Args:
        idempotency_key (str | Unset):
        body (ReferralCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Referral
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReferralCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Referral]:
    """Refer a case to a centre (draft, or requested at once). Idempotent.

     Coordinators and the intake service may call it (scope referrals:write). The centre
    must fit the case as a match would judge it: else 422 with the reasons (a coordinator
    may refer anyway with override_reason; the intake service may not: 403). Requested
    needs a centre that is vetted and accepts referrals, else 409. The same external_ref or
    Idempotency-Key from the same client answers the referral it made (200, not 201); the
    same one for a different request is a 409. Answers the referral with its ETag and its
    Location, and a snapshot of how the centre answered the case.

    Args:
        idempotency_key (str | Unset):
        body (ReferralCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Referral]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ReferralCreate,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Referral | None:
    """Refer a case to a centre (draft, or requested at once). Idempotent.

     Coordinators and the intake service may call it (scope referrals:write). The centre
    must fit the case as a match would judge it: else 422 with the reasons (a coordinator
    may refer anyway with override_reason; the intake service may not: 403). Requested
    needs a centre that is vetted and accepts referrals, else 409. The same external_ref or
    Idempotency-Key from the same client answers the referral it made (200, not 201); the
    same one for a different request is a 409. Answers the referral with its ETag and its
    Location, and a snapshot of how the centre answered the case.

    Args:
        idempotency_key (str | Unset):
        body (ReferralCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Referral
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
