from enum import StrEnum


class ReferralStatus(StrEnum):
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    DRAFT = "draft"
    FAILED = "failed"
    IN_PROGRESS = "in-progress"
    ON_HOLD = "on-hold"
    RECEIVED = "received"
    REJECTED = "rejected"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
