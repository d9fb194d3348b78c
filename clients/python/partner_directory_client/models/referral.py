from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.referral_status import ReferralStatus

if TYPE_CHECKING:
    from ..models.case_profile_view import CaseProfileView
    from ..models.match_snapshot import MatchSnapshot
    from ..models.message import Message
    from ..models.requester import Requester
    from ..models.timeline_step import TimelineStep


T = TypeVar("T", bound="Referral")


@_attrs_define
class Referral:
    """
    Attributes:
        allowed_transitions (list[str]): Where this client may move it now.
        centre (str):
        created_at (datetime.datetime):
        external_ref (str):
        id (str):
        match_snapshot (MatchSnapshot):
        messages (list[Message]):
        override_reason (None | str): Why a coordinator referred although the centre does not fit.
        profile (CaseProfileView):
        requester (Requester):
        status (ReferralStatus):
        timeline (list[TimelineStep]):
        updated_at (datetime.datetime):
        version (int):
    """

    allowed_transitions: list[str]
    centre: str
    created_at: datetime.datetime
    external_ref: str
    id: str
    match_snapshot: MatchSnapshot
    messages: list[Message]
    override_reason: None | str
    profile: CaseProfileView
    requester: Requester
    status: ReferralStatus
    timeline: list[TimelineStep]
    updated_at: datetime.datetime
    version: int

    def to_dict(self) -> dict[str, Any]:
        allowed_transitions = self.allowed_transitions

        centre = self.centre

        created_at = self.created_at.isoformat()

        external_ref = self.external_ref

        id = self.id

        match_snapshot = self.match_snapshot.to_dict()

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        override_reason: None | str
        override_reason = self.override_reason

        profile = self.profile.to_dict()

        requester = self.requester.to_dict()

        status = self.status.value

        timeline = []
        for timeline_item_data in self.timeline:
            timeline_item = timeline_item_data.to_dict()
            timeline.append(timeline_item)

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "allowed_transitions": allowed_transitions,
                "centre": centre,
                "created_at": created_at,
                "external_ref": external_ref,
                "id": id,
                "match_snapshot": match_snapshot,
                "messages": messages,
                "override_reason": override_reason,
                "profile": profile,
                "requester": requester,
                "status": status,
                "timeline": timeline,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_profile_view import CaseProfileView
        from ..models.match_snapshot import MatchSnapshot
        from ..models.message import Message
        from ..models.requester import Requester
        from ..models.timeline_step import TimelineStep

        d = dict(src_dict)
        allowed_transitions = cast(list[str], d.pop("allowed_transitions"))

        centre = d.pop("centre")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        external_ref = d.pop("external_ref")

        id = d.pop("id")

        match_snapshot = MatchSnapshot.from_dict(d.pop("match_snapshot"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = Message.from_dict(messages_item_data)

            messages.append(messages_item)

        def _parse_override_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        override_reason = _parse_override_reason(d.pop("override_reason"))

        profile = CaseProfileView.from_dict(d.pop("profile"))

        requester = Requester.from_dict(d.pop("requester"))

        status = ReferralStatus(d.pop("status"))

        timeline = []
        _timeline = d.pop("timeline")
        for timeline_item_data in _timeline:
            timeline_item = TimelineStep.from_dict(timeline_item_data)

            timeline.append(timeline_item)

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        referral = cls(
            allowed_transitions=allowed_transitions,
            centre=centre,
            created_at=created_at,
            external_ref=external_ref,
            id=id,
            match_snapshot=match_snapshot,
            messages=messages,
            override_reason=override_reason,
            profile=profile,
            requester=requester,
            status=status,
            timeline=timeline,
            updated_at=updated_at,
            version=version,
        )

        return referral
