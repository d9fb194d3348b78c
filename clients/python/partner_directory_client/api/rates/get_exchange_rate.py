from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.exchange_rate import ExchangeRate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    currency: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/exchange-rates/{currency}".format(
            currency=quote(str(currency), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ExchangeRate | Problem | None:
    if response.status_code == 200:
        response_200 = ExchangeRate.from_dict(response.json())

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
) -> Response[ExchangeRate | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    currency: str,
    *,
    client: AuthenticatedClient,
) -> Response[ExchangeRate | Problem]:
    """One currency's rate.

     Every role may call it (scope centres:read). Answers the rate with its date and source;
    a currency without a rate (USD included) is a 404.

    Args:
        currency (str):  Example: CNY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExchangeRate | Problem]
    """

    kwargs = _get_kwargs(
        currency=currency,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    currency: str,
    *,
    client: AuthenticatedClient,
) -> ExchangeRate | Problem | None:
    """One currency's rate.

     Every role may call it (scope centres:read). Answers the rate with its date and source;
    a currency without a rate (USD included) is a 404.

    Args:
        currency (str):  Example: CNY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExchangeRate | Problem
    """

    return sync_detailed(
        currency=currency,
        client=client,
    ).parsed


async def asyncio_detailed(
    currency: str,
    *,
    client: AuthenticatedClient,
) -> Response[ExchangeRate | Problem]:
    """One currency's rate.

     Every role may call it (scope centres:read). Answers the rate with its date and source;
    a currency without a rate (USD included) is a 404.

    Args:
        currency (str):  Example: CNY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExchangeRate | Problem]
    """

    kwargs = _get_kwargs(
        currency=currency,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    currency: str,
    *,
    client: AuthenticatedClient,
) -> ExchangeRate | Problem | None:
    """One currency's rate.

     Every role may call it (scope centres:read). Answers the rate with its date and source;
    a currency without a rate (USD included) is a 404.

    Args:
        currency (str):  Example: CNY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExchangeRate | Problem
    """

    return (
        await asyncio_detailed(
            currency=currency,
            client=client,
        )
    ).parsed
