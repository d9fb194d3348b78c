from enum import StrEnum


class CapabilityStatus(StrEnum):
    AVAILABLE = "available"
    LIMITED = "limited"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
