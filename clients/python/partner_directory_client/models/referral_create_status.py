from enum import StrEnum


class ReferralCreateStatus(StrEnum):
    DRAFT = "draft"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
