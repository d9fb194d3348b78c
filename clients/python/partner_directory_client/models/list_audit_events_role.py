from enum import StrEnum


class ListAuditEventsRole(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    INTAKE = "intake"
    PARTNER = "partner"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
