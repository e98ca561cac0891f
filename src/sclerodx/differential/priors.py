"""Prior probabilities of each diagnosis from age- and sex-specific incidence and referral.

From incidence to a referral prior
----------------------------------
sclerodx is used on patients *referred* for progressive weakness or a suspected
demyelinating event, not on the general population. For such a patient of age ``a``
and sex ``s``,

    P(d | referred, a, s) ∝ incidence_d(a, s) × P(referred | d, a, s).

Where no referral series measures it, we assume the referral probability is the same for
every named diagnosis (each of them produces a neurological deficit that ends in a
specialist clinic), so the prior is the incidence normalised over the diagnoses.

Where a referral series does measure it, the series replaces the assumption
(:data:`REFERRAL_WEIGHT`). Of 437 patients referred to the population-based Irish ALS
register as ALS, 32 had another disease: multifocal motor neuropathy in 7 and Kennedy
disease in 4 (Traynor 2000). Among the patients who reach a motor neuron disease
clinic, MMN is therefore 7/405 = 1.7% and Kennedy disease 4/405 = 1.0% of MND — about
twice what the incidence table gives (0.9% and 0.6% of MND, the rates summed over the
adult bands and both sexes): prevalence-derived incidences of chronic, slowly
progressive diseases undercount them, and a slow pure LMN syndrome is referred as MND.
Each of the two is weighted by the ratio of the referral share to the incidence share,
keeping its own age and sex shape. The register counts only the mimics recognised
*after* registration (those recognised at the first consultation never reach it), so
the weights are lower bounds. The other mimics keep the equal-referral assumption: the
series' abstract does not break them down, and no referral series we found gives the
MS-clinic share of NMOSD/MOGAD with its denominator (Kaisey 2019 and Solomon 2016 list
the diagnoses of the misdiagnosed, not of all referrals). A flat power of the prior
(tempering) was rejected: it has no source and would also lift diagnoses that are
rare in clinic.

The catch-all ``other`` (neuropathies, myasthenia, functional and vascular disorders,
small-vessel disease...) has no incidence of its own. It is modelled as the share of
patients *suspected* of one of the named diagnoses who turn out to have something else,
so it follows the age and sex of the diagnoses it is mistaken for instead of a flat
share (:data:`OTHER_PER_SUSPECTED`):

* suspected motor neuron disease: 7.3% of patients entered in a population ALS register
  had another disease (Traynor 2000: 32 mimics beside 405 MND). 7 of the 32 had MMN and
  4 Kennedy disease, which are named diagnoses here (:data:`REFERRAL_WEIGHT`), so the
  unnamed remainder is 21/405 = 0.052 "other" per MND case;
* suspected MS: 18% of patients referred to two academic MS centres with an MS diagnosis
  did not have MS (Kaisey 2019), i.e. 0.22 per MS (and NMOSD/MOGAD) case;
* the other named mimics (CSM, MMN, SBMA, IBM, HSP): 0.10 per case (expert estimate: a
  suspected neuromuscular or myelopathic diagnosis is less often revised than MS).

So "other" is about 18% of the prior in young women (where MS dominates) and 5-8% in
older men (where MND and CSM dominate).

Inside "other" the prior is split among its named causes (Hirayama disease, myasthenia,
CIDP, syringomyelia, B12 and copper deficiency, HTLV-1 myelopathy) and an unnamed
remainder by the sourced shares of the evidence table's ``[[cause]]`` blocks
(:mod:`sclerodx.differential.other`); the total share of "other" is the one set here.
The causes are diseases of particular ages and sexes — Hirayama disease of adolescent and
young men, myasthenia of young women and older men, CIDP and B12 deficiency of older
people, copper deficiency and HTLV-1 myelopathy of middle-aged women — so a cause's share
follows its age and sex shape (the ``age_female`` / ``age_male`` relative rates of its
``[[cause]]`` block, with their source there): :func:`cause_share_table`,

    w_k(a, s) ∝ w_k · shape_k(a, s) / mean shape_k,    the remainder's shape flat,

normalised over the causes and the remainder in every age band and sex. The mean is over
the adult bands 20-79 and both sexes, the definition of "age and sex unknown" below, so
at unknown age and sex the shares are exactly the table's.

The incidence table (per 100,000 person-years; female / male; age bands <20, 20-29,
30-39, 40-49, 50-59, 60-69, 70-79, ≥80) takes its figures from these sources:

==============  ============================================================================
diagnosis       source (the age shape is an expert estimate unless the source gives it)
==============  ============================================================================
ALS             Logroscino 2010 (EURALS, 1,028 incident cases): crude 3.0 men, 2.4 women;
                peak at 70-79 years, falling after 80. Age shape: expert estimate.
PLS             4% of adult motor neuron disease (Norris 1993) applied to the ALS rates.
PMA             9.5% (91 of 962) of an ALS-centre series, more often male (Kim 2009);
                2% in a population series (Norris 1993): 10% of the ALS rates in men, the
                referral-centre figure since sclerodx sees referrals; male:female 3:1 to
                7.5:1 in the series reviewed by Liewluck & Saperstein 2015, so 4% in women
                (3.2:1 with the ALS sex ratio).
MS (all)        Koch-Henriksen 2018 (Danish register, 2000-2009): 12.33 women, 6.08 men,
                age-standardised. Age shape (onset peak 20-40 years): expert estimate.
progressive MS  primary progressive MS is 10-15% of MS (Miller & Leary 2007), with later
                onset and a sex ratio near 1: the progressive share rises with age band
                (expert estimate) and is 1.4× higher in men (capped at 0.8).
CSM             degenerative cervical myelopathy ≥4.1 per 100,000 in North America
                (Nouri 2015), the level of the adult bands. Sex ratio 1.3:1 (2,919
                against 2,216 admissions a year for men and women in England's Hospital
                Episode Statistics, Goacher 2022); age shape rising to the sixties with
                53.6% of the admissions at working age, 18-64 (Goacher 2022; the shape's
                band values are an expert fit to that share, with hospital-diagnosed
                prevalence peaking at 50-54 years, Grodzinski 2023). Equal referral:
                no series gives CSM's share of neuromuscular or MS clinic referrals (most
                patients reach spinal surgery from primary care; Hilton 2019), so the
                hospital rate may overstate the clinic share of older patients.
MMN             prevalence 0.65/100,000, mean onset 44 y (Löscher 2018); male:female 2.3:1
                (Aotsuka 2024); incidence = prevalence / 20 years (expert conversion).
SBMA            Park 2023 (Korean claims database) reports 0.36 "incidence" and 0.46
                prevalence per 100,000 males: a new-code rate close to the prevalence is
                a rate of prevalent cases entering the database, not of onset. Onset
                incidence = prevalence / disease duration: about 1.5 per 100,000 males
                (between Park's 0.46 and European estimates near 1 in 40,000 men;
                Grunseich & Fischbeck 2015) over a course of about 30 years gives 0.05
                per 100,000 males per year (expert conversion, as for MMN and HSP);
                onset 30-60 y. X-linked: women get a floor of 0.001 (symptomatic female
                carriers are exceptional).
NMOSD/MOGAD     NMOSD < 0.1 per 100,000 in White populations; MOGAD 0.16 per 100,000
                (Hor 2020 review, Dutch nationwide MOGAD data); AQP4 disease up to 9:1
                female, mean onset ~40; MOGAD 1:1.
IBM             2.5 per million per year, prevalence 45 (men) vs 19 (women) per million,
                mean onset 64 y (Lindgren 2022).
HSP             prevalence 3.6 per 100,000 (AD 1.8 + AR 1.8; Ruano 2014); incidence =
                prevalence / 40 years (expert conversion), onset spread over life.
==============  ============================================================================

Unknown sex averages the female and male rates; unknown age averages the adult bands
20-79 with equal weights.

The prior is uncertain: incidences differ between registers and countries by up to about
a factor of two, and the equal-referral assumption is coarse. :data:`PRIOR_LOG_SD` is the
standard deviation of the multiplicative (log-normal) error that
:mod:`sclerodx.differential.uncertainty` puts on each diagnosis's prior weight: 95% of
draws within a factor of 2 either way (expert estimate).

References
----------
.. [1] Logroscino G et al. Incidence of amyotrophic lateral sclerosis in Europe. J Neurol
   Neurosurg Psychiatry. 2010;81(4):385-390.
.. [2] Norris F et al. Onset, natural history and outcome in idiopathic adult motor neuron
   disease. J Neurol Sci. 1993;118(1):48-55.
.. [3] Kim WK et al. Study of 962 patients indicates progressive muscular atrophy is a form
   of ALS. Neurology. 2009;73(20):1686-1692.
.. [4] Koch-Henriksen N et al. Incidence of MS has increased markedly over six decades in
   Denmark particularly with late onset and in women. Neurology. 2018;90(22):e1954-e1963.
.. [5] Miller DH, Leary SM. Primary-progressive multiple sclerosis. Lancet Neurol.
   2007;6(10):903-912.
.. [6] Nouri A et al. Degenerative cervical myelopathy: epidemiology, genetics, and
   pathogenesis. Spine. 2015;40(12):E675-E693.
.. [7] Löscher WN et al. Multifocal motor neuropathy in Austria: a nationwide survey. J
   Neurol. 2018;265(12):2834-2840.
.. [8] Aotsuka Y et al. Multifocal motor neuropathy in Japan: a nationwide survey. Muscle
   Nerve. 2024;70(5):1027-1033.
.. [9] Park JM, Kang M, Park JS. Incidence and prevalence of spinal and bulbar muscular
   atrophy in South Korea. J Neurol. 2023.
.. [10] Hor JY et al. Epidemiology of neuromyelitis optica spectrum disorder and its
   prevalence and incidence worldwide. Front Neurol. 2020;11:501.
.. [11] Lindgren U et al. Epidemiology, survival, and clinical characteristics of inclusion
   body myositis. Ann Neurol. 2022;92(2):201-212.
.. [12] Ruano L et al. The global epidemiology of hereditary ataxia and spastic paraplegia:
   a systematic review of prevalence studies. Neuroepidemiology. 2014;42(3):174-183.
.. [13] Traynor BJ et al. Amyotrophic lateral sclerosis mimic syndromes: a population-based
   study. Arch Neurol. 2000;57(1):109-113.
.. [14] Kaisey M et al. Incidence of multiple sclerosis misdiagnosis in referrals to two
   academic centers. Mult Scler Relat Disord. 2019;30:51-56.
.. [15] Grunseich C, Fischbeck KH. Spinal and bulbar muscular atrophy. Neurol Clin.
   2015;33(4):847-854.
.. [16] Solomon AJ et al. The contemporary spectrum of multiple sclerosis misdiagnosis: a
   multicenter study. Neurology. 2016;87(13):1393-1399.
.. [17] Liewluck T, Saperstein DS. Progressive muscular atrophy. Neurol Clin.
   2015;33(4):761-773.
.. [18] Goacher E et al. Hospitalisation for degenerative cervical myelopathy in England:
   insights from the National Health Service Hospital Episode Statistics 2012 to 2019. Acta
   Neurochir (Wien). 2022;164(6):1535-1541.
.. [19] Grodzinski B, Stubbs DJ, Davies BM. Most degenerative cervical myelopathy remains
   undiagnosed, particularly amongst the elderly: modelling the prevalence of degenerative
   cervical myelopathy in the United Kingdom. J Neurol. 2023;270(1):311-319.
.. [20] Hilton B et al. Route to diagnosis of degenerative cervical myelopathy in a UK
   healthcare system: a retrospective cohort study. BMJ Open. 2019;9(5):e027000.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
from numpy.typing import NDArray

from sclerodx.case import Sex
from sclerodx.differential.diagnoses import DIAGNOSES, Diagnosis

#: Lower edges (years) of the age bands after the first (<20).
AGE_BAND_EDGES: tuple[float, ...] = (20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0)
N_AGE_BANDS = len(AGE_BAND_EDGES) + 1
#: Index of the "age unknown" row of the prior table.
AGE_UNKNOWN = N_AGE_BANDS
#: Sex codes of the vectorised path.
FEMALE, MALE, SEX_UNKNOWN = 0, 1, -1
#: "Other" cases per case of each suspected named diagnosis (Traynor 2000; Kaisey 2019;
#: 0.10 for the remaining mimics is an expert estimate).
OTHER_PER_SUSPECTED: dict[Diagnosis, float] = {
    Diagnosis.ALS: 0.052, Diagnosis.PLS: 0.052, Diagnosis.PMA: 0.052,
    Diagnosis.RELAPSING_MS: 0.22, Diagnosis.PROGRESSIVE_MS: 0.22, Diagnosis.NMOSD_MOGAD: 0.22,
    Diagnosis.CSM: 0.10, Diagnosis.MMN: 0.10, Diagnosis.SBMA: 0.10, Diagnosis.IBM: 0.10,
    Diagnosis.HSP: 0.10,
}
#: Traynor 2000: referrals to the Irish ALS register who had the named mimic, and the
#: referrals who had motor neuron disease (437 referred, 32 with another disease).
TRAYNOR_2000_MIMICS: dict[Diagnosis, int] = {Diagnosis.MMN: 7, Diagnosis.SBMA: 4}
TRAYNOR_2000_MND = 437 - 32
#: The motor neuron diseases the register's denominator holds.
MND: tuple[Diagnosis, ...] = (Diagnosis.ALS, Diagnosis.PLS, Diagnosis.PMA)
#: SD of the log prior weight (95% within a factor of 2; expert estimate).
PRIOR_LOG_SD = float(np.log(2.0) / 1.96)

Band = tuple[float, float, float, float, float, float, float, float]

_ALS_F: Band = (0.04, 0.15, 0.4, 1.1, 3.0, 5.8, 7.0, 4.0)
_ALS_M: Band = (0.05, 0.2, 0.5, 1.5, 4.0, 7.5, 9.0, 5.0)
_MS_TOTAL_F, _MS_TOTAL_M = 12.33, 6.08
_MS_AGE_SHAPE: Band = (0.25, 1.6, 1.8, 1.3, 0.6, 0.2, 0.05, 0.02)
_PROGRESSIVE_SHARE: Band = (0.02, 0.05, 0.09, 0.18, 0.35, 0.5, 0.6, 0.6)
_PROGRESSIVE_MALE_FACTOR = 1.4


def _band(values: list[float]) -> Band:
    a, b, c, d, e, f, g, h = values
    return (a, b, c, d, e, f, g, h)


def _scaled(band: Band, factor: float) -> Band:
    return _band([x * factor for x in band])


def _ms(total: float, male: bool) -> tuple[Band, Band]:
    """Relapsing and progressive MS incidence by age band from the all-MS incidence."""
    factor = _PROGRESSIVE_MALE_FACTOR if male else 1.0
    shares = [min(0.8, s * factor) for s in _PROGRESSIVE_SHARE]
    all_ms = [total * w for w in _MS_AGE_SHAPE]
    relapsing = [m * (1 - s) for m, s in zip(all_ms, shares, strict=True)]
    progressive = [m * s for m, s in zip(all_ms, shares, strict=True)]
    return _band(relapsing), _band(progressive)


_RMS_F, _PMS_F = _ms(_MS_TOTAL_F, male=False)
_RMS_M, _PMS_M = _ms(_MS_TOTAL_M, male=True)

#: Incidence per 100,000 person-years by age band: (female, male).
INCIDENCE: dict[Diagnosis, tuple[Band, Band]] = {
    Diagnosis.RELAPSING_MS: (_RMS_F, _RMS_M),
    Diagnosis.PROGRESSIVE_MS: (_PMS_F, _PMS_M),
    Diagnosis.ALS: (_ALS_F, _ALS_M),
    Diagnosis.PLS: (_scaled(_ALS_F, 0.04), _scaled(_ALS_M, 0.04)),
    Diagnosis.PMA: (_scaled(_ALS_F, 0.04), _scaled(_ALS_M, 0.10)),
    Diagnosis.CSM: ((0.007, 0.07, 0.36, 1.8, 5.0, 7.9, 7.0, 5.9),
                    (0.009, 0.09, 0.47, 2.35, 6.6, 10.4, 9.2, 7.8)),
    Diagnosis.MMN: ((0.003, 0.018, 0.03, 0.036, 0.03, 0.018, 0.009, 0.003),
                    (0.007, 0.042, 0.07, 0.084, 0.07, 0.042, 0.021, 0.007)),
    Diagnosis.SBMA: ((0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001),
                     (0.002, 0.02, 0.07, 0.09, 0.07, 0.04, 0.02, 0.005)),
    Diagnosis.NMOSD_MOGAD: ((0.25, 0.2, 0.25, 0.3, 0.25, 0.15, 0.08, 0.04),
                            (0.2, 0.12, 0.1, 0.1, 0.08, 0.06, 0.04, 0.02)),
    Diagnosis.IBM: ((0.0005, 0.0005, 0.0005, 0.02, 0.16, 0.4, 0.5, 0.32),
                    (0.001, 0.001, 0.001, 0.05, 0.35, 0.9, 1.1, 0.7)),
    Diagnosis.HSP: ((0.12, 0.1, 0.1, 0.1, 0.08, 0.05, 0.02, 0.01),
                    (0.12, 0.1, 0.1, 0.1, 0.08, 0.05, 0.02, 0.01)),
}


def _adult_rate(diagnosis: Diagnosis) -> float:
    """Incidence summed over the adult bands (20 years and over) and both sexes."""
    return float(sum(sum(band[1:]) for band in INCIDENCE[diagnosis]))


def _referral_weights() -> dict[Diagnosis, float]:
    """P(referred | d) relative to motor neuron disease, from the referral series; 1 elsewhere."""
    mnd = sum(_adult_rate(d) for d in MND)
    return {d: (count / TRAYNOR_2000_MND) / (_adult_rate(d) / mnd)
            for d, count in TRAYNOR_2000_MIMICS.items()}


#: Referral weight per diagnosis (Traynor 2000 where measured; see the module docstring).
REFERRAL_WEIGHT: dict[Diagnosis, float] = _referral_weights()


def _normalised_with_other(rates: NDArray[np.float64], named: Sequence[Diagnosis]) -> NDArray[np.float64]:
    """Named-diagnosis rates (last axis) -> probabilities including ``other``."""
    per_case = np.array([OTHER_PER_SUSPECTED[d] for d in named])
    other = (rates * per_case).sum(axis=-1, keepdims=True)
    total = np.concatenate([rates, other], axis=-1)
    probabilities: NDArray[np.float64] = total / total.sum(axis=-1, keepdims=True)
    return probabilities


@cache
def prior_table() -> NDArray[np.float64]:
    """Prior probabilities, shape (age band incl. unknown, sex: female/male/unknown, diagnosis).

    Indexed as ``prior_table()[age_index, sex_index]``; sex index 2 is "unknown", age
    index :data:`AGE_UNKNOWN` is "unknown". Rows sum to 1.
    """
    named = [d for d in DIAGNOSES if d is not Diagnosis.OTHER]
    rates = np.empty((N_AGE_BANDS + 1, 3, len(named)))
    for j, diagnosis in enumerate(named):
        female, male = (np.asarray(band, dtype=float) for band in INCIDENCE[diagnosis])
        for s, band in enumerate((female, male, (female + male) / 2)):
            weighted = band * REFERRAL_WEIGHT.get(diagnosis, 1.0)
            rates[:N_AGE_BANDS, s, j] = weighted
            rates[AGE_UNKNOWN, s, j] = weighted[1:N_AGE_BANDS - 1].mean()
    table = _normalised_with_other(rates, named)
    table.setflags(write=False)
    return table


def _with_unknown(band: NDArray[np.float64]) -> NDArray[np.float64]:
    """Rates by age band -> by age band plus the "unknown" row (mean of the adult bands 20-79)."""
    return np.append(band, band[1:N_AGE_BANDS - 1].mean())


def cause_share_table(
    shares: Sequence[float],
    shapes: Sequence[tuple[Sequence[float], Sequence[float]] | None],
) -> NDArray[np.float64]:
    """Shares of ``other``'s causes and remainder by age band and sex (see the module docstring).

    Parameters
    ----------
    shares
        Each cause's share of ``other`` at unknown age and sex (the remainder takes the rest).
    shapes
        Each cause's relative rate by age band, (female, male), or None for a flat shape.

    Returns
    -------
    numpy.ndarray
        Shape (age band incl. unknown, sex: female/male/unknown, cause ... remainder), indexed
        as :func:`prior_table`; every (age, sex) row sums to 1.
    """
    remainder = 1.0 - float(sum(shares))
    columns = []
    for share, shape in zip(shares, shapes, strict=True):
        if shape is None:
            columns.append(np.full((N_AGE_BANDS + 1, 3), share))
            continue
        female, male = (_with_unknown(np.asarray(band, dtype=float)) for band in shape)
        by_sex = np.stack([female, male, (female + male) / 2], axis=1)
        columns.append(share * by_sex / by_sex[AGE_UNKNOWN, 2])
    columns.append(np.full((N_AGE_BANDS + 1, 3), remainder))
    weights = np.stack(columns, axis=-1)
    table: NDArray[np.float64] = weights / weights.sum(axis=-1, keepdims=True)
    table.setflags(write=False)
    return table


def age_index(age: NDArray[np.float64]) -> NDArray[np.intp]:
    """Age band index per case; NaN (unknown) maps to :data:`AGE_UNKNOWN`."""
    index = np.searchsorted(np.asarray(AGE_BAND_EDGES), np.nan_to_num(age, nan=0.0), side="right")
    return np.where(np.isnan(age), AGE_UNKNOWN, index).astype(np.intp)


def sex_index(sex: NDArray[np.integer]) -> NDArray[np.intp]:
    """Row of the prior table per case: 0 female, 1 male, 2 unknown (code -1)."""
    return np.where(sex == SEX_UNKNOWN, 2, sex).astype(np.intp)


def prior_matrix(age: NDArray[np.float64], sex: NDArray[np.integer]) -> NDArray[np.float64]:
    """Prior probabilities per case, shape (n_cases, n_diagnoses)."""
    return prior_table()[age_index(age), sex_index(sex)]


def sex_code(sex: Sex | None) -> int:
    """The vectorised path's sex code for a case's sex."""
    if sex is None:
        return SEX_UNKNOWN
    return MALE if sex is Sex.MALE else FEMALE


def prior(age: float | None, sex: Sex | None) -> dict[Diagnosis, float]:
    """Prior probability of each diagnosis for one patient (age in years, sex)."""
    row = prior_matrix(
        np.array([np.nan if age is None else age]), np.array([sex_code(sex)])
    )[0]
    return {d: float(p) for d, p in zip(DIAGNOSES, row, strict=True)}
