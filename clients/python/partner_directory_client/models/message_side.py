from enum import StrEnum


class MessageSide(StrEnum):
    CENTRE = "centre"
    COORDINATOR = "coordinator"

    def __str__(self) -> str:
        return str(self.value)
