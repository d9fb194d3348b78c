from enum import StrEnum


class TokenReferenceTokenTypeHint(StrEnum):
    ACCESS_TOKEN = "access_token"

    def __str__(self) -> str:
        return str(self.value)
