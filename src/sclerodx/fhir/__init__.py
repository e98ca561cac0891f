"""FHIR R4B adapters: read a Bundle into a case, write a case or an assessment as a Bundle.

Decision support, not a diagnosis: written reports say so in their text.
"""

from sclerodx.fhir.outcome import FhirError, error_outcome, operation_outcome
from sclerodx.fhir.read import FhirImport, ImportIssue, parse_bundle, read_bundle
from sclerodx.fhir.write import assessment_to_bundle, case_to_bundle, omitted_fields, qualitative_risk

__all__ = [
    "FhirError",
    "FhirImport",
    "ImportIssue",
    "assessment_to_bundle",
    "case_to_bundle",
    "error_outcome",
    "omitted_fields",
    "operation_outcome",
    "parse_bundle",
    "qualitative_risk",
    "read_bundle",
]
