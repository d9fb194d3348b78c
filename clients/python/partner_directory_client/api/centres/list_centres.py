import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.capability_code import CapabilityCode
from ...models.centre_page import CentrePage
from ...models.lesion_site_code import LesionSiteCode
from ...models.list_centres_vetting_status import ListCentresVettingStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    country: str | Unset = UNSET,
    city: str | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    vetting_status: ListCentresVettingStatus | Unset = UNSET,
    accepting_referrals: bool | Unset = UNSET,
    demo: bool | Unset = UNSET,
    review_due_before: datetime.date | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    q: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["country"] = country

    params["city"] = city

    json_site: list[str] | Unset = UNSET
    if not isinstance(site, Unset):
        json_site = []
        for site_item_data in site:
            site_item = site_item_data.value
            json_site.append(site_item)

    params["site"] = json_site

    json_capability: list[str] | Unset = UNSET
    if not isinstance(capability, Unset):
        json_capability = []
        for capability_item_data in capability:
            capability_item = capability_item_data.value
            json_capability.append(capability_item)

    params["capability"] = json_capability

    json_vetting_status: str | Unset = UNSET
    if not isinstance(vetting_status, Unset):
        json_vetting_status = vetting_status.value

    params["vetting_status"] = json_vetting_status

    params["accepting_referrals"] = accepting_referrals

    params["demo"] = demo

    json_review_due_before: str | Unset = UNSET
    if not isinstance(review_due_before, Unset):
        json_review_due_before = review_due_before.isoformat()
    params["review_due_before"] = json_review_due_before

    json_language: list[str] | Unset = UNSET
    if not isinstance(language, Unset):
        json_language = language

    params["language"] = json_language

    params["q"] = q

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/centres",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CentrePage | Problem | None:
    if response.status_code == 200:
        response_200 = CentrePage.from_dict(response.json())

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
) -> Response[CentrePage | Problem]:
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
    country: str | Unset = UNSET,
    city: str | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    vetting_status: ListCentresVettingStatus | Unset = UNSET,
    accepting_referrals: bool | Unset = UNSET,
    demo: bool | Unset = UNSET,
    review_due_before: datetime.date | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    q: str | Unset = UNSET,
) -> Response[CentrePage | Problem]:
    """List centres, filtered; all filters must hold. Ordered by slug. With
    review_due_before: the vettings falling due (the coordinators' review queue).

     Every role may call it (scope centres:read). Answers a page of centres, each as
    ``GET /v1/centres/{slug}`` shows it: details, capabilities and service offerings with
    their provenance, vetting and version. A site or capability code that is not the
    vocabulary's, an unknown parameter, or one that takes a single value given twice, is a
    400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        country (str | Unset):  Example: IN.
        city (str | Unset):  Example: Chennai.
        site (list[LesionSiteCode] | Unset):  Example: ['spine'].
        capability (list[CapabilityCode] | Unset):  Example: ['hydrodissection'].
        vetting_status (ListCentresVettingStatus | Unset):  Example: vetted.
        accepting_referrals (bool | Unset):  Example: True.
        demo (bool | Unset):  Example: False.
        review_due_before (datetime.date | Unset):  Example: 2027-01-31.
        language (list[str] | Unset):  Example: ['en'].
        q (str | Unset):  Example: Apollo.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CentrePage | Problem]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        country=country,
        city=city,
        site=site,
        capability=capability,
        vetting_status=vetting_status,
        accepting_referrals=accepting_referrals,
        demo=demo,
        review_due_before=review_due_before,
        language=language,
        q=q,
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
    country: str | Unset = UNSET,
    city: str | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    vetting_status: ListCentresVettingStatus | Unset = UNSET,
    accepting_referrals: bool | Unset = UNSET,
    demo: bool | Unset = UNSET,
    review_due_before: datetime.date | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    q: str | Unset = UNSET,
) -> CentrePage | Problem | None:
    """List centres, filtered; all filters must hold. Ordered by slug. With
    review_due_before: the vettings falling due (the coordinators' review queue).

     Every role may call it (scope centres:read). Answers a page of centres, each as
    ``GET /v1/centres/{slug}`` shows it: details, capabilities and service offerings with
    their provenance, vetting and version. A site or capability code that is not the
    vocabulary's, an unknown parameter, or one that takes a single value given twice, is a
    400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        country (str | Unset):  Example: IN.
        city (str | Unset):  Example: Chennai.
        site (list[LesionSiteCode] | Unset):  Example: ['spine'].
        capability (list[CapabilityCode] | Unset):  Example: ['hydrodissection'].
        vetting_status (ListCentresVettingStatus | Unset):  Example: vetted.
        accepting_referrals (bool | Unset):  Example: True.
        demo (bool | Unset):  Example: False.
        review_due_before (datetime.date | Unset):  Example: 2027-01-31.
        language (list[str] | Unset):  Example: ['en'].
        q (str | Unset):  Example: Apollo.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CentrePage | Problem
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        country=country,
        city=city,
        site=site,
        capability=capability,
        vetting_status=vetting_status,
        accepting_referrals=accepting_referrals,
        demo=demo,
        review_due_before=review_due_before,
        language=language,
        q=q,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    country: str | Unset = UNSET,
    city: str | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    vetting_status: ListCentresVettingStatus | Unset = UNSET,
    accepting_referrals: bool | Unset = UNSET,
    demo: bool | Unset = UNSET,
    review_due_before: datetime.date | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    q: str | Unset = UNSET,
) -> Response[CentrePage | Problem]:
    """List centres, filtered; all filters must hold. Ordered by slug. With
    review_due_before: the vettings falling due (the coordinators' review queue).

     Every role may call it (scope centres:read). Answers a page of centres, each as
    ``GET /v1/centres/{slug}`` shows it: details, capabilities and service offerings with
    their provenance, vetting and version. A site or capability code that is not the
    vocabulary's, an unknown parameter, or one that takes a single value given twice, is a
    400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        country (str | Unset):  Example: IN.
        city (str | Unset):  Example: Chennai.
        site (list[LesionSiteCode] | Unset):  Example: ['spine'].
        capability (list[CapabilityCode] | Unset):  Example: ['hydrodissection'].
        vetting_status (ListCentresVettingStatus | Unset):  Example: vetted.
        accepting_referrals (bool | Unset):  Example: True.
        demo (bool | Unset):  Example: False.
        review_due_before (datetime.date | Unset):  Example: 2027-01-31.
        language (list[str] | Unset):  Example: ['en'].
        q (str | Unset):  Example: Apollo.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CentrePage | Problem]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        country=country,
        city=city,
        site=site,
        capability=capability,
        vetting_status=vetting_status,
        accepting_referrals=accepting_referrals,
        demo=demo,
        review_due_before=review_due_before,
        language=language,
        q=q,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    country: str | Unset = UNSET,
    city: str | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    vetting_status: ListCentresVettingStatus | Unset = UNSET,
    accepting_referrals: bool | Unset = UNSET,
    demo: bool | Unset = UNSET,
    review_due_before: datetime.date | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    q: str | Unset = UNSET,
) -> CentrePage | Problem | None:
    """List centres, filtered; all filters must hold. Ordered by slug. With
    review_due_before: the vettings falling due (the coordinators' review queue).

     Every role may call it (scope centres:read). Answers a page of centres, each as
    ``GET /v1/centres/{slug}`` shows it: details, capabilities and service offerings with
    their provenance, vetting and version. A site or capability code that is not the
    vocabulary's, an unknown parameter, or one that takes a single value given twice, is a
    400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        country (str | Unset):  Example: IN.
        city (str | Unset):  Example: Chennai.
        site (list[LesionSiteCode] | Unset):  Example: ['spine'].
        capability (list[CapabilityCode] | Unset):  Example: ['hydrodissection'].
        vetting_status (ListCentresVettingStatus | Unset):  Example: vetted.
        accepting_referrals (bool | Unset):  Example: True.
        demo (bool | Unset):  Example: False.
        review_due_before (datetime.date | Unset):  Example: 2027-01-31.
        language (list[str] | Unset):  Example: ['en'].
        q (str | Unset):  Example: Apollo.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CentrePage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            country=country,
            city=city,
            site=site,
            capability=capability,
            vetting_status=vetting_status,
            accepting_referrals=accepting_referrals,
            demo=demo,
            review_due_before=review_due_before,
            language=language,
            q=q,
        )
    ).parsed
