from enum import StrEnum


class MatchInputDiseaseExtent(StrEnum):
    DIFFUSE = "diffuse"
    OLIGOMETASTATIC = "oligometastatic"

    def __str__(self) -> str:
        return str(self.value)
