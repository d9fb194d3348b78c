from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.capability_code import CapabilityCode
from ...models.lesion_site_code import LesionSiteCode
from ...models.problem import Problem
from ...models.search_centres_vetting_status import SearchCentresVettingStatus
from ...models.search_response import SearchResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    q: str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    vetting_status: SearchCentresVettingStatus | Unset = UNSET,
    near: str | Unset = UNSET,
    radius_km: float | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["q"] = q

    json_country: list[str] | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country

    params["country"] = json_country

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

    json_language: list[str] | Unset = UNSET
    if not isinstance(language, Unset):
        json_language = language

    params["language"] = json_language

    json_vetting_status: str | Unset = UNSET
    if not isinstance(vetting_status, Unset):
        json_vetting_status = vetting_status.value

    params["vetting_status"] = json_vetting_status

    params["near"] = near

    params["radius_km"] = radius_km

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/centres/search",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SearchResponse | None:
    if response.status_code == 200:
        response_200 = SearchResponse.from_dict(response.json())

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
) -> Response[Problem | SearchResponse]:
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
    q: str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    vetting_status: SearchCentresVettingStatus | Unset = UNSET,
    near: str | Unset = UNSET,
    radius_km: float | Unset = UNSET,
) -> Response[Problem | SearchResponse]:
    """Search centres: free text (names in any script, romanised, places, offers), filters, facets.

     Every role may call it (scope centres:read). Answers a page of hits, best first with q
    (by distance with near, else by slug), each with its vetting, capabilities and their
    provenance, and the facets (countries, sites, capabilities, vetting statuses) of
    everything that matches. backend says which search backend answered (degraded says why
    the preferred one did not). A code that is not the vocabulary's, radius_km without near,
    or a parameter given twice that takes one value, is a 400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        q (str | Unset):  Example: Tata Memorial.
        country (list[str] | Unset):  Example: ['CN', 'IN'].
        site (list[LesionSiteCode] | Unset):  Example: ['spine'].
        capability (list[CapabilityCode] | Unset):  Example: ['hydrodissection'].
        language (list[str] | Unset):  Example: ['en'].
        vetting_status (SearchCentresVettingStatus | Unset):  Example: vetted.
        near (str | Unset):  Example: 19.076,72.878.
        radius_km (float | Unset):  Example: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SearchResponse]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        q=q,
        country=country,
        site=site,
        capability=capability,
        language=language,
        vetting_status=vetting_status,
        near=near,
        radius_km=radius_km,
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
    q: str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    vetting_status: SearchCentresVettingStatus | Unset = UNSET,
    near: str | Unset = UNSET,
    radius_km: float | Unset = UNSET,
) -> Problem | SearchResponse | None:
    """Search centres: free text (names in any script, romanised, places, offers), filters, facets.

     Every role may call it (scope centres:read). Answers a page of hits, best first with q
    (by distance with near, else by slug), each with its vetting, capabilities and their
    provenance, and the facets (countries, sites, capabilities, vetting statuses) of
    everything that matches. backend says which search backend answered (degraded says why
    the preferred one did not). A code that is not the vocabulary's, radius_km without near,
    or a parameter given twice that takes one value, is a 400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        q (str | Unset):  Example: Tata Memorial.
        country (list[str] | Unset):  Example: ['CN', 'IN'].
        site (list[LesionSiteCode] | Unset):  Example: ['spine'].
        capability (list[CapabilityCode] | Unset):  Example: ['hydrodissection'].
        language (list[str] | Unset):  Example: ['en'].
        vetting_status (SearchCentresVettingStatus | Unset):  Example: vetted.
        near (str | Unset):  Example: 19.076,72.878.
        radius_km (float | Unset):  Example: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SearchResponse
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        q=q,
        country=country,
        site=site,
        capability=capability,
        language=language,
        vetting_status=vetting_status,
        near=near,
        radius_km=radius_km,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    q: str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    vetting_status: SearchCentresVettingStatus | Unset = UNSET,
    near: str | Unset = UNSET,
    radius_km: float | Unset = UNSET,
) -> Response[Problem | SearchResponse]:
    """Search centres: free text (names in any script, romanised, places, offers), filters, facets.

     Every role may call it (scope centres:read). Answers a page of hits, best first with q
    (by distance with near, else by slug), each with its vetting, capabilities and their
    provenance, and the facets (countries, sites, capabilities, vetting statuses) of
    everything that matches. backend says which search backend answered (degraded says why
    the preferred one did not). A code that is not the vocabulary's, radius_km without near,
    or a parameter given twice that takes one value, is a 400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        q (str | Unset):  Example: Tata Memorial.
        country (list[str] | Unset):  Example: ['CN', 'IN'].
        site (list[LesionSiteCode] | Unset):  Example: ['spine'].
        capability (list[CapabilityCode] | Unset):  Example: ['hydrodissection'].
        language (list[str] | Unset):  Example: ['en'].
        vetting_status (SearchCentresVettingStatus | Unset):  Example: vetted.
        near (str | Unset):  Example: 19.076,72.878.
        radius_km (float | Unset):  Example: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SearchResponse]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        q=q,
        country=country,
        site=site,
        capability=capability,
        language=language,
        vetting_status=vetting_status,
        near=near,
        radius_km=radius_km,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    q: str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    site: list[LesionSiteCode] | Unset = UNSET,
    capability: list[CapabilityCode] | Unset = UNSET,
    language: list[str] | Unset = UNSET,
    vetting_status: SearchCentresVettingStatus | Unset = UNSET,
    near: str | Unset = UNSET,
    radius_km: float | Unset = UNSET,
) -> Problem | SearchResponse | None:
    """Search centres: free text (names in any script, romanised, places, offers), filters, facets.

     Every role may call it (scope centres:read). Answers a page of hits, best first with q
    (by distance with near, else by slug), each with its vetting, capabilities and their
    provenance, and the facets (countries, sites, capabilities, vetting statuses) of
    everything that matches. backend says which search backend answered (degraded says why
    the preferred one did not). A code that is not the vocabulary's, radius_km without near,
    or a parameter given twice that takes one value, is a 400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        q (str | Unset):  Example: Tata Memorial.
        country (list[str] | Unset):  Example: ['CN', 'IN'].
        site (list[LesionSiteCode] | Unset):  Example: ['spine'].
        capability (list[CapabilityCode] | Unset):  Example: ['hydrodissection'].
        language (list[str] | Unset):  Example: ['en'].
        vetting_status (SearchCentresVettingStatus | Unset):  Example: vetted.
        near (str | Unset):  Example: 19.076,72.878.
        radius_km (float | Unset):  Example: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SearchResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            q=q,
            country=country,
            site=site,
            capability=capability,
            language=language,
            vetting_status=vetting_status,
            near=near,
            radius_km=radius_km,
        )
    ).parsed
