from enum import StrEnum


class ServiceCode(StrEnum):
    BONE_CRYOABLATION = "bone-cryoablation"

    def __str__(self) -> str:
        return str(self.value)
