from enum import StrEnum


class CapabilityCode(StrEnum):
    CEMENTOPLASTY = "cementoplasty"
    CHEST_RADIOGRAPHY = "chest-radiography"
    CO2_DISSECTION = "co2-dissection"
    CONE_BEAM_CT = "cone-beam-ct"
    CONSCIOUS_SEDATION = "conscious-sedation"
    CORE_NEEDLE_BIOPSY = "core-needle-biopsy"
    CT_FLUOROSCOPY = "ct-fluoroscopy"
    CT_GUIDANCE = "ct-guidance"
    GENERAL_ANAESTHESIA = "general-anaesthesia"
    HYDRODISSECTION = "hydrodissection"
    INTERNATIONAL_PATIENT_DESK = "international-patient-desk"
    INTERPRETER_SERVICES = "interpreter-services"
    MRI_GUIDANCE = "mri-guidance"
    NEUROMONITORING = "neuromonitoring"
    PROPHYLACTIC_FIXATION = "prophylactic-fixation"
    SAME_DAY_DISCHARGE = "same-day-discharge"
    SPINAL_THERMOSENSOR_MONITORING = "spinal-thermosensor-monitoring"

    def __str__(self) -> str:
        return str(self.value)
