from enum import StrEnum


class RuleCode(StrEnum):
    ABUTTING_CANAL_HYDRODISSECTION = "abutting-canal-hydrodissection"
    ABUTTING_CANAL_NEUROMONITORING = "abutting-canal-neuromonitoring"
    ACETABULUM_APPROACH = "acetabulum-approach"
    ACETABULUM_CEMENTOPLASTY = "acetabulum-cementoplasty"
    ANTIANGIOGENIC_THERAPY_PAUSE = "antiangiogenic-therapy-pause"
    DIFFUSE_DISEASE_SYSTEMIC_THERAPY = "diffuse-disease-systemic-therapy"
    LARGE_LYTIC_WEIGHT_BEARING_STABILISATION = (
        "large-lytic-weight-bearing-stabilisation"
    )
    LONG_BONE_APPROACH = "long-bone-approach"
    LONG_BONE_FIXATION_IF_CORTEX_OVER_50 = "long-bone-fixation-if-cortex-over-50"
    PELVIS_SACRUM_APPROACH = "pelvis-sacrum-approach"
    PELVIS_SACRUM_CEMENTOPLASTY_IF_LYTIC = "pelvis-sacrum-cementoplasty-if-lytic"
    PRIOR_RADIOTHERAPY_NO_ADDED_DOSE = "prior-radiotherapy-no-added-dose"
    REQUESTED_GUIDANCE = "requested-guidance"
    RIB_APPROACH = "rib-approach"
    RIB_CHEST_RADIOGRAPHY = "rib-chest-radiography"
    SIZE_ABOVE_SINGLE_CYCLE_RANGE = "size-above-single-cycle-range"
    SPINE_ABUTTING_CANAL_NEUROMONITORING = "spine-abutting-canal-neuromonitoring"
    SPINE_APPROACH = "spine-approach"
    SPINE_HYDRODISSECTION = "spine-hydrodissection"
    SPINE_THERMOSENSOR = "spine-thermosensor"
    SPINE_TRAINED_OPERATORS = "spine-trained-operators"
    TISSUE_DIAGNOSIS_BIOPSY = "tissue-diagnosis-biopsy"

    def __str__(self) -> str:
        return str(self.value)
