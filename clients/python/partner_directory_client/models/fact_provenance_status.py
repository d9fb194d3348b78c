from enum import StrEnum


class FactProvenanceStatus(StrEnum):
    SELF_REPORTED = "self-reported"
    UNVERIFIED = "unverified"
    VERIFIED = "verified"

    def __str__(self) -> str:
        return str(self.value)
