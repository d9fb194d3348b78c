from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.suggest_response import SuggestResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str,
    limit: int | Unset = 8,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/centres/suggest",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SuggestResponse | None:
    if response.status_code == 200:
        response_200 = SuggestResponse.from_dict(response.json())

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
) -> Response[Problem | SuggestResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str,
    limit: int | Unset = 8,
) -> Response[Problem | SuggestResponse]:
    """Completions as someone types: centres whose name, alias or romanised name (pinyin,
    transliterated Devanagari) has a word starting with what was typed, then cities.

     Words are compared without the spaces between them, so ``xie he`` and ``xiehe`` both
    complete 北京协和医院; a centre's name counts before an alias, an alias before a
    romanised name, and the start of each before a later word.

    Every role may call it (scope centres:read). Answers up to limit centres (with their
    slug), then up to limit cities, each with the name or alias it matched. q is required:
    without it, a 400.

    Args:
        q (str):  Example: xieh.
        limit (int | Unset):  Default: 8. Example: 8.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SuggestResponse]
    """

    kwargs = _get_kwargs(
        q=q,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: str,
    limit: int | Unset = 8,
) -> Problem | SuggestResponse | None:
    """Completions as someone types: centres whose name, alias or romanised name (pinyin,
    transliterated Devanagari) has a word starting with what was typed, then cities.

     Words are compared without the spaces between them, so ``xie he`` and ``xiehe`` both
    complete 北京协和医院; a centre's name counts before an alias, an alias before a
    romanised name, and the start of each before a later word.

    Every role may call it (scope centres:read). Answers up to limit centres (with their
    slug), then up to limit cities, each with the name or alias it matched. q is required:
    without it, a 400.

    Args:
        q (str):  Example: xieh.
        limit (int | Unset):  Default: 8. Example: 8.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SuggestResponse
    """

    return sync_detailed(
        client=client,
        q=q,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str,
    limit: int | Unset = 8,
) -> Response[Problem | SuggestResponse]:
    """Completions as someone types: centres whose name, alias or romanised name (pinyin,
    transliterated Devanagari) has a word starting with what was typed, then cities.

     Words are compared without the spaces between them, so ``xie he`` and ``xiehe`` both
    complete 北京协和医院; a centre's name counts before an alias, an alias before a
    romanised name, and the start of each before a later word.

    Every role may call it (scope centres:read). Answers up to limit centres (with their
    slug), then up to limit cities, each with the name or alias it matched. q is required:
    without it, a 400.

    Args:
        q (str):  Example: xieh.
        limit (int | Unset):  Default: 8. Example: 8.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SuggestResponse]
    """

    kwargs = _get_kwargs(
        q=q,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str,
    limit: int | Unset = 8,
) -> Problem | SuggestResponse | None:
    """Completions as someone types: centres whose name, alias or romanised name (pinyin,
    transliterated Devanagari) has a word starting with what was typed, then cities.

     Words are compared without the spaces between them, so ``xie he`` and ``xiehe`` both
    complete 北京协和医院; a centre's name counts before an alias, an alias before a
    romanised name, and the start of each before a later word.

    Every role may call it (scope centres:read). Answers up to limit centres (with their
    slug), then up to limit cities, each with the name or alias it matched. q is required:
    without it, a 400.

    Args:
        q (str):  Example: xieh.
        limit (int | Unset):  Default: 8. Example: 8.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SuggestResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            limit=limit,
        )
    ).parsed
