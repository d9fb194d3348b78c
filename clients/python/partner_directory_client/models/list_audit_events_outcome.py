from enum import StrEnum


class ListAuditEventsOutcome(StrEnum):
    DENIED = "denied"
    SUCCESS = "success"

    def __str__(self) -> str:
        return str(self.value)
