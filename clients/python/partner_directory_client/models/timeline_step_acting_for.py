from enum import StrEnum


class TimelineStepActingFor(StrEnum):
    CENTRE = "centre"
    REQUESTER = "requester"

    def __str__(self) -> str:
        return str(self.value)
