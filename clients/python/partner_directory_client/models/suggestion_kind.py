from enum import StrEnum


class SuggestionKind(StrEnum):
    CENTRE = "centre"
    CITY = "city"

    def __str__(self) -> str:
        return str(self.value)
