from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.exchange_rate import ExchangeRate
from ...models.exchange_rate_input import ExchangeRateInput
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    currency: str,
    *,
    body: ExchangeRateInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/exchange-rates/{currency}".format(
            currency=quote(str(currency), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ExchangeRate | Problem | None:
    if response.status_code == 200:
        response_200 = ExchangeRate.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ExchangeRate.from_dict(response.json())

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
    body: ExchangeRateInput,
) -> Response[ExchangeRate | Problem]:
    """Set a currency's rate (admin). Matching uses it at once: costs and budgets in the
    currency are converted with it, and every result shows the rate and its date.

     Admins only (scope rates:write). Answers the rate: 201 for a currency that had none, 200
    when it replaces one. A rate for USD, or dated in the future, is a 422.

    Args:
        currency (str):  Example: CNY.
        body (ExchangeRateInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExchangeRate | Problem]
    """

    kwargs = _get_kwargs(
        currency=currency,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    currency: str,
    *,
    client: AuthenticatedClient,
    body: ExchangeRateInput,
) -> ExchangeRate | Problem | None:
    """Set a currency's rate (admin). Matching uses it at once: costs and budgets in the
    currency are converted with it, and every result shows the rate and its date.

     Admins only (scope rates:write). Answers the rate: 201 for a currency that had none, 200
    when it replaces one. A rate for USD, or dated in the future, is a 422.

    Args:
        currency (str):  Example: CNY.
        body (ExchangeRateInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExchangeRate | Problem
    """

    return sync_detailed(
        currency=currency,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    currency: str,
    *,
    client: AuthenticatedClient,
    body: ExchangeRateInput,
) -> Response[ExchangeRate | Problem]:
    """Set a currency's rate (admin). Matching uses it at once: costs and budgets in the
    currency are converted with it, and every result shows the rate and its date.

     Admins only (scope rates:write). Answers the rate: 201 for a currency that had none, 200
    when it replaces one. A rate for USD, or dated in the future, is a 422.

    Args:
        currency (str):  Example: CNY.
        body (ExchangeRateInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExchangeRate | Problem]
    """

    kwargs = _get_kwargs(
        currency=currency,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    currency: str,
    *,
    client: AuthenticatedClient,
    body: ExchangeRateInput,
) -> ExchangeRate | Problem | None:
    """Set a currency's rate (admin). Matching uses it at once: costs and budgets in the
    currency are converted with it, and every result shows the rate and its date.

     Admins only (scope rates:write). Answers the rate: 201 for a currency that had none, 200
    when it replaces one. A rate for USD, or dated in the future, is a 422.

    Args:
        currency (str):  Example: CNY.
        body (ExchangeRateInput):

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
            body=body,
        )
    ).parsed
