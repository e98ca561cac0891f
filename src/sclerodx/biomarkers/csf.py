"""CSF markers of intrathecal immunoglobulin synthesis: oligoclonal bands, IgG index, κ-FLC index.

Intrathecal IgG synthesis is the CSF hallmark of MS and is rare in ALS, which makes
these markers useful on the MS side of the differential. Neurofilaments are read in
:mod:`sclerodx.biomarkers.neurofilament`.

* **Oligoclonal bands** (isoelectric focusing; Freedman et al. 2005 consensus types):
  type 1 no bands; type 2 CSF-restricted bands (intrathecal synthesis); type 3
  CSF-restricted plus identical bands (intrathecal synthesis with a systemic
  response); type 4 identical "mirror" bands (systemic, not intrathecal); type 5
  monoclonal bands in both (a paraprotein). CSF-specific bands are found in 87.7% of
  12,253 people with MS and 68.6% of 2,685 with CIS (Dobson et al. 2013), and in 3.5%
  (9/259) of people with ALS, more often in mutation carriers (J Neurol 2013).
* **IgG index** = (IgG CSF / IgG serum) / (albumin CSF / albumin serum), raised above
  0.7 (laboratory-specific); raised in 76.7% of 842 people with MS; above 0.7 it
  predicts CSF-specific bands with PPV 99.4%, but a normal index has NPV only 26.5%
  (Simonsen et al. 2020).
* **κ-FLC index** = (κFLC CSF / κFLC serum) / albumin quotient. Cut-off ≥ 6.1 adopted by
  the 2024 McDonald CSF working group (Deisenhammer et al. 2025); 6.6 from a 745-patient
  multicentre study, sensitivity 0.88, specificity 0.83 for CIS/MS (Leurs et al. 2020).
  Across 32 studies pooled sensitivity 88% and specificity 89%, not different from
  OCB (Hegen et al. 2023). Published cut-offs range from 4.25 to 12.3 and depend on
  the assay.

References
----------
Freedman MS, et al. Arch Neurol 2005;62:865-870.
Dobson R, et al. J Neurol Neurosurg Psychiatry 2013;84:909-914.
Ticozzi N, et al. J Neurol 2013;260:85-92 (doi:10.1007/s00415-012-6589-0).
Simonsen CS, et al. Mult Scler J Exp Transl Clin 2020;6:2055217319901291.
Leurs CE, et al. Mult Scler 2020;26:912-923.
Hegen H, et al. Mult Scler 2023;29:169-181.
Deisenhammer F, et al. EBioMedicine 2025;120:105905.
"""

from __future__ import annotations

import math
import numbers

from sclerodx.biomarkers.cutoffs import (
    IGG_INDEX_CUTOFF,
    INTRATHECAL_READING,
    KFLC_LEURS_2020,
    KFLC_MCDONALD_2024,
    NO_INTRATHECAL_READING,
    Cutoff,
    read_against,
)
from sclerodx.biomarkers.references import (
    DOBSON_2013,
    FREEDMAN_2005,
    HEGEN_2023,
    OCB_IN_ALS_2013,
)
from sclerodx.biomarkers.report import BiomarkerInterpretation
from sclerodx.case import OCBPattern

__all__ = ["IGG_INDEX_CUTOFF", "KFLC_CUTOFFS", "interpret_igg_index", "interpret_kflc_index", "interpret_ocb"]

#: κ-FLC index cut-offs, the 2024 McDonald working-group value (≥ 6.1) first.
KFLC_CUTOFFS: tuple[Cutoff, ...] = (KFLC_MCDONALD_2024, KFLC_LEURS_2020)
#: Pooled accuracy of the κ-FLC index across 32 studies (Hegen 2023), shown with every reading.
KFLC_POOLED_SENSITIVITY = 0.88
KFLC_POOLED_SPECIFICITY = 0.89

_OCB_READING: dict[OCBPattern, str] = {
    OCBPattern.NEGATIVE: "Type 1, no bands: " + NO_INTRATHECAL_READING,
    OCBPattern.CSF_SPECIFIC: "Type 2, CSF-restricted bands: " + INTRATHECAL_READING,
    OCBPattern.CSF_SPECIFIC_AND_IDENTICAL: (
        "Type 3, CSF-restricted plus identical bands: " + INTRATHECAL_READING
    ),
    OCBPattern.IDENTICAL: (
        "Type 4, identical (mirror) bands in CSF and serum: a systemic immune response, "
        "not intrathecal synthesis; does not count as CSF-specific bands."
    ),
    OCBPattern.MONOCLONAL: (
        "Type 5, monoclonal bands in CSF and serum: a paraprotein, not intrathecal synthesis; "
        "consider a plasma-cell dyscrasia."
    ),
}


def _check_index(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    number = float(value)
    if number < 0:
        raise ValueError(f"{name} must be >= 0 (it is a ratio of concentrations), got {number:g}")
    return number


def interpret_ocb(pattern: OCBPattern) -> list[BiomarkerInterpretation]:
    """Read an oligoclonal band pattern (Freedman 2005 types 1-5).

    Returns the pattern's meaning (source: Freedman 2005), then, for CSF-specific
    bands (types 2 and 3) or their absence (type 1), how often they are present in MS
    (Dobson 2013) and in ALS (J Neurol 2013).
    """
    items = [
        BiomarkerInterpretation(
            analyte="OCB", fluid="csf", value=pattern.value, interpretation=_OCB_READING[pattern],
            source=FREEDMAN_2005,
        )
    ]
    if pattern in (OCBPattern.IDENTICAL, OCBPattern.MONOCLONAL):
        return items
    items.append(
        BiomarkerInterpretation(
            analyte="OCB", fluid="csf", value=pattern.value, comparison="frequency in MS",
            sensitivity=0.877,
            interpretation="CSF-specific bands are present in 87.7% of people with MS and 68.6% "
            "with CIS; about 12% of people with MS have none.",
            source=DOBSON_2013,
        )
    )
    items.append(
        BiomarkerInterpretation(
            analyte="OCB", fluid="csf", value=pattern.value, comparison="frequency in ALS",
            interpretation="Oligoclonal bands are found in 3.5% of people with ALS (9/259), more "
            "often in carriers of ALS gene mutations; bands in suspected ALS call for a search "
            "for an inflammatory cause.",
            source=OCB_IN_ALS_2013,
        )
    )
    return items


def interpret_igg_index(value: float) -> BiomarkerInterpretation:
    """Read an IgG index against the usual 0.7 upper limit (laboratory-specific).

    Raises
    ------
    ValueError
        If ``value`` is negative or not a finite number.
    """
    item = read_against(IGG_INDEX_CUTOFF, _check_index(value, "igg_index"))
    return item.model_copy(
        update={"caveats": [*item.caveats, "Normal IgG index has NPV of only 26.5% for absent "
                            "CSF-specific bands: test OCB when the index is normal."]}
    )


def interpret_kflc_index(value: float) -> list[BiomarkerInterpretation]:
    """Read a κ-FLC index against each published cut-off (6.1, then 6.6).

    Raises
    ------
    ValueError
        If ``value`` is negative or not a finite number.
    """
    value = _check_index(value, "kflc_index")
    pooled = (
        f"Pooled across 32 studies: sensitivity {KFLC_POOLED_SENSITIVITY:.0%}, specificity "
        f"{KFLC_POOLED_SPECIFICITY:.0%} ({HEGEN_2023.short}); published cut-offs range 4.25-12.3 "
        "and are assay-dependent."
    )
    return [
        item.model_copy(update={"caveats": [*item.caveats, pooled]})
        for item in (read_against(cutoff, value) for cutoff in KFLC_CUTOFFS)
    ]
