"""Neurofilament light (NfL) and phosphorylated heavy chain (pNfH): cut-offs and age reference.

Neurofilaments rise with any neuro-axonal damage, so they are raised in **both** ALS
and active MS (Bridel et al. 2019). They help to tell ALS from its mimics (neuropathies,
myopathies, spinal disease), where the published cut-offs below apply; no validated
cut-off separates ALS from MS, and none is offered.

Cut-offs (value compared in pg/mL; sensitivity / specificity as published)

=====  =====  ==========  ==================================  =========  ============
fluid  NfL/H  threshold   separates                           Se / Sp    source
=====  =====  ==========  ==================================  =========  ============
serum  NfL    > 62        ALS vs all other patients           86 / 82%   Verde 2019
serum  NfL    ≥ 44.15     MND vs MMN (Ella)                   94 / 94%   Wohnrade 2024
CSF    NfL    > 1431      ALS vs neurological controls        79 / 86%   Oeckl 2016
CSF    NfL    > 2453      ALS vs disease mimics               85 / 78%   Poesen 2017
CSF    pNfH   > 568.5     ALS vs neurological controls        79 / 93%   Oeckl 2016
CSF    pNfH   > 768       ALS vs disease mimics (LR+ 7.6)     91 / 88%   Poesen 2017
CSF    pNfH   ≥ 715.5     MND vs MMN                          90 / 100%  Wohnrade 2024
=====  =====  ==========  ==================================  =========  ============

Whether each threshold is inclusive is not stated in every abstract; ">" is used unless
the abstract says "≥".

References
----------
Verde F, et al. J Neurol Neurosurg Psychiatry 2019;90:157-164.
Oeckl P, et al. Amyotroph Lateral Scler Frontotemporal Degener 2016;17:404-413.
Poesen K, et al. Neurology 2017;88:2302-2309.
Wohnrade C, et al. J Neurol 2024;271:4441-4452.
Bridel C, et al. JAMA Neurol 2019;76:1035-1048.
Benkert P, et al. Lancet Neurol 2022;21:246-257.
"""

from __future__ import annotations

from typing import Literal

from sclerodx.biomarkers.cutoffs import NEUROFILAMENT_CUTOFFS, read_against
from sclerodx.biomarkers.nfl_reference import in_model_age_range, nfl_percentile, nfl_zscore
from sclerodx.biomarkers.references import BENKERT_2022, BRIDEL_2019
from sclerodx.biomarkers.report import BiomarkerInterpretation
from sclerodx.case import NeurofilamentLevel

__all__ = ["NEUROFILAMENT_CUTOFFS", "interpret_neurofilament"]

NeurofilamentFluid = Literal["serum", "csf"]
Analyte = Literal["NfL", "pNfH"]

_REFERENCE_ASSAY = "simoa"


def _als_versus_ms(fluid: NeurofilamentFluid, level: NeurofilamentLevel) -> BiomarkerInterpretation:
    return BiomarkerInterpretation(
        analyte="NfL",
        fluid=fluid,
        value=level.pg_per_ml,
        unit="pg/mL",
        comparison="ALS vs MS",
        interpretation=(
            "NfL is raised in both ALS and active MS; no validated cut-off separates them, so "
            "this value is not read as evidence for either against the other."
        ),
        source=BRIDEL_2019,
    )


def _percent(percentile: float) -> str:
    if percentile > 99.9:
        return ">99.9"
    if percentile < 0.1:
        return "<0.1"
    return f"{percentile:.1f}"


def _age_reference(level: NeurofilamentLevel, age: float, bmi: float | None) -> BiomarkerInterpretation:
    value = level.pg_per_ml
    caveats = ["Approximation of the Benkert 2022 reference, within about 0.4 Z of published "
               "anchors; prefer the laboratory's or the Benkert app's percentile when available."]
    if not in_model_age_range(age):
        caveats.append("Age outside 18-90 years: evaluated at the nearest bound; not valid for children.")
    if bmi is None:
        caveats.append("BMI unknown: reference not adjusted for BMI.")
    if level.assay not in (None, _REFERENCE_ASSAY):
        return BiomarkerInterpretation(
            analyte="NfL", fluid="serum", value=value, unit="pg/mL", source=BENKERT_2022,
            approximate=True,
            interpretation=(
                f"No age-adjusted percentile: the reference is for Simoa and this value was "
                f"measured on {level.assay}."
            ),
        )
    if value <= 0:
        return BiomarkerInterpretation(
            analyte="NfL", fluid="serum", value=value, unit="pg/mL", source=BENKERT_2022,
            approximate=True, caveats=caveats,
            interpretation=f"Serum NfL below the assay's detection limit at age {age:g}: within the "
            "reference range for age (no percentile can be computed for an undetectable value).",
        )
    percentile = nfl_percentile(value, age, bmi)
    z = nfl_zscore(value, age, bmi)
    if percentile > 97.5:
        reading = "raised for age (above the 97.5th reference percentile): neuro-axonal damage of any cause."
    elif percentile > 90:
        reading = "high-normal for age (90th-97.5th reference percentile)."
    else:
        reading = "within the reference range for age."
    return BiomarkerInterpretation(
        analyte="NfL",
        fluid="serum",
        value=value,
        unit="pg/mL",
        percentile=percentile,
        z=z,
        interpretation=f"Serum NfL {value:g} pg/mL at age {age:g}: percentile {_percent(percentile)}, "
        f"Z {z:+.2f}; {reading}",
        source=BENKERT_2022,
        approximate=True,
        caveats=caveats,
    )


def interpret_neurofilament(
    analyte: Analyte,
    fluid: NeurofilamentFluid,
    level: NeurofilamentLevel,
    age: float | None = None,
    bmi: float | None = None,
) -> list[BiomarkerInterpretation]:
    """Read a neurofilament value against every published cut-off for it.

    Parameters
    ----------
    analyte
        ``"NfL"`` or ``"pNfH"``.
    fluid
        ``"serum"`` or ``"csf"``.
    level
        The measured level (unit and assay as in the case model).
    age, bmi
        For serum NfL only: age in years and BMI in kg/m², for the age(-and-BMI)
        reference percentile. Without an age no percentile is given.

    Returns
    -------
    list of BiomarkerInterpretation
        One item per applicable cut-off, the ALS-versus-MS note for NfL, and for serum
        NfL with a known age the approximate reference percentile and Z score.
    """
    if analyte not in ("NfL", "pNfH"):
        raise ValueError(f"analyte must be 'NfL' or 'pNfH', got {analyte!r}")
    if fluid not in ("serum", "csf"):
        raise ValueError(f"fluid must be 'serum' or 'csf', got {fluid!r}")
    items: list[BiomarkerInterpretation] = []
    if analyte == "NfL" and fluid == "serum" and age is not None:
        items.append(_age_reference(level, age, bmi))
    items += [
        read_against(cutoff, level.pg_per_ml, level.assay)
        for cutoff in NEUROFILAMENT_CUTOFFS
        if cutoff.analyte == analyte and cutoff.fluid == fluid
    ]
    if analyte == "NfL":
        items.append(_als_versus_ms(fluid, level))
    return items
