from enum import StrEnum


class CaseProfileDiseaseExtent(StrEnum):
    DIFFUSE = "diffuse"
    OLIGOMETASTATIC = "oligometastatic"

    def __str__(self) -> str:
        return str(self.value)
