from enum import StrEnum


class TransitionInputReasonCodeType0(StrEnum):
    AT_CAPACITY = "at-capacity"
    NEEDS_MORE_INFORMATION = "needs-more-information"
    NOT_SUITABLE = "not-suitable"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
