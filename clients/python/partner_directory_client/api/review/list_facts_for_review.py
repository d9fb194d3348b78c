from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fact_page import FactPage
from ...models.list_facts_for_review_verification import ListFactsForReviewVerification
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    verification: ListFactsForReviewVerification
    | Unset = ListFactsForReviewVerification.SELF_REPORTED,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    json_verification: str | Unset = UNSET
    if not isinstance(verification, Unset):
        json_verification = verification.value

    params["verification"] = json_verification

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/review/facts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FactPage | Problem | None:
    if response.status_code == 200:
        response_200 = FactPage.from_dict(response.json())

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
) -> Response[FactPage | Problem]:
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
    verification: ListFactsForReviewVerification
    | Unset = ListFactsForReviewVerification.SELF_REPORTED,
) -> Response[FactPage | Problem]:
    """Capabilities and service offerings in one verification state (self-reported by
    default), oldest report first, each with the centre version to verify it against.

     Coordinators only (scope capabilities:verify). Answers a page of facts, each with its
    centre, what was reported and by whom, and centre_version: send it as If-Match to
    ``POST .../verification`` (if the centre changed since, that is a 412). Vettings falling
    due are ``GET /v1/centres?review_due_before=...``.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        verification (ListFactsForReviewVerification | Unset):  Default:
            ListFactsForReviewVerification.SELF_REPORTED. Example: self-reported.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FactPage | Problem]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        verification=verification,
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
    verification: ListFactsForReviewVerification
    | Unset = ListFactsForReviewVerification.SELF_REPORTED,
) -> FactPage | Problem | None:
    """Capabilities and service offerings in one verification state (self-reported by
    default), oldest report first, each with the centre version to verify it against.

     Coordinators only (scope capabilities:verify). Answers a page of facts, each with its
    centre, what was reported and by whom, and centre_version: send it as If-Match to
    ``POST .../verification`` (if the centre changed since, that is a 412). Vettings falling
    due are ``GET /v1/centres?review_due_before=...``.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        verification (ListFactsForReviewVerification | Unset):  Default:
            ListFactsForReviewVerification.SELF_REPORTED. Example: self-reported.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FactPage | Problem
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        verification=verification,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    verification: ListFactsForReviewVerification
    | Unset = ListFactsForReviewVerification.SELF_REPORTED,
) -> Response[FactPage | Problem]:
    """Capabilities and service offerings in one verification state (self-reported by
    default), oldest report first, each with the centre version to verify it against.

     Coordinators only (scope capabilities:verify). Answers a page of facts, each with its
    centre, what was reported and by whom, and centre_version: send it as If-Match to
    ``POST .../verification`` (if the centre changed since, that is a 412). Vettings falling
    due are ``GET /v1/centres?review_due_before=...``.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        verification (ListFactsForReviewVerification | Unset):  Default:
            ListFactsForReviewVerification.SELF_REPORTED. Example: self-reported.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FactPage | Problem]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        verification=verification,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    verification: ListFactsForReviewVerification
    | Unset = ListFactsForReviewVerification.SELF_REPORTED,
) -> FactPage | Problem | None:
    """Capabilities and service offerings in one verification state (self-reported by
    default), oldest report first, each with the centre version to verify it against.

     Coordinators only (scope capabilities:verify). Answers a page of facts, each with its
    centre, what was reported and by whom, and centre_version: send it as If-Match to
    ``POST .../verification`` (if the centre changed since, that is a 412). Vettings falling
    due are ``GET /v1/centres?review_due_before=...``.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        verification (ListFactsForReviewVerification | Unset):  Default:
            ListFactsForReviewVerification.SELF_REPORTED. Example: self-reported.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FactPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            verification=verification,
        )
    ).parsed
