from enum import StrEnum


class VettingStatus(StrEnum):
    LAPSED = "lapsed"
    PENDING = "pending"
    SUSPENDED = "suspended"
    VETTED = "vetted"

    def __str__(self) -> str:
        return str(self.value)
