from enum import StrEnum


class LesionSiteCode(StrEnum):
    ACETABULUM = "acetabulum"
    LONG_BONE = "long-bone"
    PELVIS_SACRUM = "pelvis-sacrum"
    RIB = "rib"
    SPINE = "spine"

    def __str__(self) -> str:
        return str(self.value)
