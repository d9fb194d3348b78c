import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_page import AuditPage
from ...models.list_audit_events_outcome import ListAuditEventsOutcome
from ...models.list_audit_events_role import ListAuditEventsRole
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    entity_type: str | Unset = UNSET,
    entity_id: str | Unset = UNSET,
    issuer: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    role: ListAuditEventsRole | Unset = UNSET,
    actor_centre: str | Unset = UNSET,
    action: str | Unset = UNSET,
    outcome: ListAuditEventsOutcome | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["entity_type"] = entity_type

    params["entity_id"] = entity_id

    params["issuer"] = issuer

    params["client_id"] = client_id

    json_role: str | Unset = UNSET
    if not isinstance(role, Unset):
        json_role = role.value

    params["role"] = json_role

    params["actor_centre"] = actor_centre

    params["action"] = action

    json_outcome: str | Unset = UNSET
    if not isinstance(outcome, Unset):
        json_outcome = outcome.value

    params["outcome"] = json_outcome

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditPage | Problem | None:
    if response.status_code == 200:
        response_200 = AuditPage.from_dict(response.json())

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
) -> Response[AuditPage | Problem]:
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
    entity_type: str | Unset = UNSET,
    entity_id: str | Unset = UNSET,
    issuer: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    role: ListAuditEventsRole | Unset = UNSET,
    actor_centre: str | Unset = UNSET,
    action: str | Unset = UNSET,
    outcome: ListAuditEventsOutcome | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[AuditPage | Problem]:
    """Audit events, newest first, filtered by entity, actor, action, outcome and time.

     Admins only (scope audit:read). Every change, every read of a referral and every
    refusal is recorded, with the principal (issuer, client, subject, role, centre), the
    token id (never the token), the entity and its version, the changes and the outcome.
    All filters given must hold; since is inclusive, until exclusive. A time without a time
    zone, or any other invalid filter, is a 400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        entity_type (str | Unset):  Example: referral.
        entity_id (str | Unset):  Example: pumch.
        issuer (str | Unset):  Example: local.
        client_id (str | Unset):  Example: intake-5f0c2a9e81d4b7c3.
        role (ListAuditEventsRole | Unset):  Example: partner.
        actor_centre (str | Unset):  Example: pumch.
        action (str | Unset):  Example: referral.transition.
        outcome (ListAuditEventsOutcome | Unset):  Example: denied.
        since (datetime.datetime | Unset):  Example: 2026-11-01T00:00:00Z.
        until (datetime.datetime | Unset):  Example: 2026-12-01T00:00:00Z.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        entity_type=entity_type,
        entity_id=entity_id,
        issuer=issuer,
        client_id=client_id,
        role=role,
        actor_centre=actor_centre,
        action=action,
        outcome=outcome,
        since=since,
        until=until,
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
    entity_type: str | Unset = UNSET,
    entity_id: str | Unset = UNSET,
    issuer: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    role: ListAuditEventsRole | Unset = UNSET,
    actor_centre: str | Unset = UNSET,
    action: str | Unset = UNSET,
    outcome: ListAuditEventsOutcome | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> AuditPage | Problem | None:
    """Audit events, newest first, filtered by entity, actor, action, outcome and time.

     Admins only (scope audit:read). Every change, every read of a referral and every
    refusal is recorded, with the principal (issuer, client, subject, role, centre), the
    token id (never the token), the entity and its version, the changes and the outcome.
    All filters given must hold; since is inclusive, until exclusive. A time without a time
    zone, or any other invalid filter, is a 400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        entity_type (str | Unset):  Example: referral.
        entity_id (str | Unset):  Example: pumch.
        issuer (str | Unset):  Example: local.
        client_id (str | Unset):  Example: intake-5f0c2a9e81d4b7c3.
        role (ListAuditEventsRole | Unset):  Example: partner.
        actor_centre (str | Unset):  Example: pumch.
        action (str | Unset):  Example: referral.transition.
        outcome (ListAuditEventsOutcome | Unset):  Example: denied.
        since (datetime.datetime | Unset):  Example: 2026-11-01T00:00:00Z.
        until (datetime.datetime | Unset):  Example: 2026-12-01T00:00:00Z.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        entity_type=entity_type,
        entity_id=entity_id,
        issuer=issuer,
        client_id=client_id,
        role=role,
        actor_centre=actor_centre,
        action=action,
        outcome=outcome,
        since=since,
        until=until,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    entity_type: str | Unset = UNSET,
    entity_id: str | Unset = UNSET,
    issuer: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    role: ListAuditEventsRole | Unset = UNSET,
    actor_centre: str | Unset = UNSET,
    action: str | Unset = UNSET,
    outcome: ListAuditEventsOutcome | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[AuditPage | Problem]:
    """Audit events, newest first, filtered by entity, actor, action, outcome and time.

     Admins only (scope audit:read). Every change, every read of a referral and every
    refusal is recorded, with the principal (issuer, client, subject, role, centre), the
    token id (never the token), the entity and its version, the changes and the outcome.
    All filters given must hold; since is inclusive, until exclusive. A time without a time
    zone, or any other invalid filter, is a 400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        entity_type (str | Unset):  Example: referral.
        entity_id (str | Unset):  Example: pumch.
        issuer (str | Unset):  Example: local.
        client_id (str | Unset):  Example: intake-5f0c2a9e81d4b7c3.
        role (ListAuditEventsRole | Unset):  Example: partner.
        actor_centre (str | Unset):  Example: pumch.
        action (str | Unset):  Example: referral.transition.
        outcome (ListAuditEventsOutcome | Unset):  Example: denied.
        since (datetime.datetime | Unset):  Example: 2026-11-01T00:00:00Z.
        until (datetime.datetime | Unset):  Example: 2026-12-01T00:00:00Z.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        entity_type=entity_type,
        entity_id=entity_id,
        issuer=issuer,
        client_id=client_id,
        role=role,
        actor_centre=actor_centre,
        action=action,
        outcome=outcome,
        since=since,
        until=until,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    entity_type: str | Unset = UNSET,
    entity_id: str | Unset = UNSET,
    issuer: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    role: ListAuditEventsRole | Unset = UNSET,
    actor_centre: str | Unset = UNSET,
    action: str | Unset = UNSET,
    outcome: ListAuditEventsOutcome | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> AuditPage | Problem | None:
    """Audit events, newest first, filtered by entity, actor, action, outcome and time.

     Admins only (scope audit:read). Every change, every read of a referral and every
    refusal is recorded, with the principal (issuer, client, subject, role, centre), the
    token id (never the token), the entity and its version, the changes and the outcome.
    All filters given must hold; since is inclusive, until exclusive. A time without a time
    zone, or any other invalid filter, is a 400.

    Args:
        page (int | Unset):  Default: 1. Example: 1.
        page_size (int | Unset):  Default: 20. Example: 20.
        entity_type (str | Unset):  Example: referral.
        entity_id (str | Unset):  Example: pumch.
        issuer (str | Unset):  Example: local.
        client_id (str | Unset):  Example: intake-5f0c2a9e81d4b7c3.
        role (ListAuditEventsRole | Unset):  Example: partner.
        actor_centre (str | Unset):  Example: pumch.
        action (str | Unset):  Example: referral.transition.
        outcome (ListAuditEventsOutcome | Unset):  Example: denied.
        since (datetime.datetime | Unset):  Example: 2026-11-01T00:00:00Z.
        until (datetime.datetime | Unset):  Example: 2026-12-01T00:00:00Z.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            entity_type=entity_type,
            entity_id=entity_id,
            issuer=issuer,
            client_id=client_id,
            role=role,
            actor_centre=actor_centre,
            action=action,
            outcome=outcome,
            since=since,
            until=until,
        )
    ).parsed
