"""Facts of single mimics that published cases rely on (issue 11, pattern 10).

A thin corpus callosum (complicated hereditary spastic paraplegia), the symmetry of limb
weakness (the EFNS/PNS exclusion of multifocal motor neuropathy) and origin in an HTLV-1
endemic area. The vignettes are written from the cited literature, not from running the code:

* SPG11, the commonest complicated recessive HSP: progressive spastic paraparesis from the
  second or third decade, cognitive decline and a thin corpus callosum (Stevanin et al., Nat
  Genet 2007; GeneReviews "Spastic paraplegia 11").
* Multifocal motor neuropathy: asymmetric weakness in the motor territory of two or more
  nerves (here one median and one ulnar), no UMN signs, no sensory loss (EFNS/PNS guideline,
  J Peripher Nerv Syst 2010, core criteria 1-2); conduction block must be sought.
* HTLV-1-associated myelopathy: a slowly progressive spastic paraparesis with bladder
  symptoms in a person from an endemic area (Bangham et al., Nat Rev Dis Primers 2015;
  Gessain & Cassar, Front Microbiol 2012); HTLV-1 serology is the test that makes it.
"""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from sclerodx.case import Case
from sclerodx.differential import DIAGNOSES, Diagnosis, differential
from sclerodx.differential.batch import cases_to_arrays, packaged_table
from sclerodx.differential.findings import observe
from sclerodx.differential.indications import indicated_tests
from sclerodx.differential.priors import FEMALE, MALE

SPG11 = {
    "age": 30, "sex": "male", "assessment_date": "2025-01-01", "symptom_onset": "2012-01-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "history": {"cognitive_or_behavioural_impairment": True},
    "exam": {"motor": {"lumbosacral": {"spasticity": True, "hyperreflexia": True, "babinski": True,
                                       "weakness": True, "atrophy": False, "fasciculations": False},
                       "cervical": {"atrophy": False, "fasciculations": False}},
             "sensory_loss": False, "weakness_symmetry": "symmetric"},
    "mri": [{"date": "2025-01-01", "regions_imaged": ["brain", "cervical_cord", "thoracic_cord"],
             "thin_corpus_callosum": True, "cord_compression": False, "lesions": []}],
}
#: Weakness of one median-nerve territory (thenar) and one ulnar-nerve territory (finger
#: abduction) on opposite sides, reflexes reduced there, no UMN signs, no sensory loss.
MMN = {
    "age": 40, "sex": "male", "assessment_date": "2025-01-01", "symptom_onset": "2023-06-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "exam": {"motor": {"cervical": {"weakness": True, "weakness_origin": "lmn", "reflexes_reduced": True,
                                    "hyperreflexia": False, "hoffmann": False, "spasticity": False},
                       "lumbosacral": {"weakness": False, "hyperreflexia": False, "babinski": False},
                       "bulbar": {"weakness": False, "atrophy": False, "fasciculations": False}},
             "sensory_loss": False, "weakness_symmetry": "asymmetric"},
}
#: A woman of 52 born in Jamaica: six years of slowly progressive spastic paraparesis with
#: urinary urgency.
JAMAICA = {
    "age": 52, "sex": "female", "assessment_date": "2025-01-01", "symptom_onset": "2019-01-01",
    "course": {"pattern": "progressive_from_onset", "progressive_motor_impairment": True},
    "history": {"htlv1_endemic_origin": True},
    "exam": {"motor": {"lumbosacral": {"spasticity": True, "hyperreflexia": True, "babinski": True,
                                       "weakness": True}},
             "bladder_dysfunction": True},
}


def _ranked(data: dict) -> list[str]:
    result = differential(Case.model_validate(data))
    return [p.diagnosis for p in sorted(result.posteriors, key=lambda p: -p.probability)]


def _indicated(data: dict, test: str, sex: int) -> bool:
    row = cases_to_arrays([Case.model_validate(data)], packaged_table())[0][0]
    open_posterior = np.full(len(DIAGNOSES), 1.0 / len(DIAGNOSES))
    return test in indicated_tests(row, packaged_table(), sex, open_posterior)


# ----------------------------------------------------------------------------- the case model


def test_a_thin_corpus_callosum_needs_a_brain_study():
    with pytest.raises(ValidationError, match="thin_corpus_callosum needs regions_imaged to include brain"):
        Case.model_validate({"mri": [{"date": "2025-01-01", "regions_imaged": ["cervical_cord"],
                                      "thin_corpus_callosum": True}]})


def test_weakness_symmetry_accepts_only_its_two_readings():
    with pytest.raises(ValidationError, match="weakness_symmetry"):
        Case.model_validate({"exam": {"weakness_symmetry": "patchy"}})


def test_the_new_facts_stay_unknown_until_recorded():
    findings = observe(Case())
    for finding in ("thin_corpus_callosum", "weakness_symmetry", "htlv1_endemic_origin"):
        assert findings[finding].state is None


def test_a_symmetry_reading_without_limb_weakness_says_nothing():
    case = Case.model_validate({"exam": {"weakness_symmetry": "symmetric", "motor": {
        "cervical": {"weakness": False}, "lumbosacral": {"weakness": False}}}})
    assert observe(case)["weakness_symmetry"].state is None


def test_the_findings_read_the_recorded_facts():
    findings = observe(Case.model_validate(SPG11))
    assert findings["thin_corpus_callosum"].state == "present"
    assert findings["thin_corpus_callosum"].evidence == ("mri[0].thin_corpus_callosum",)
    assert findings["weakness_symmetry"].state == "symmetric"
    assert observe(Case.model_validate(JAMAICA))["htlv1_endemic_origin"].state == "present"


# ----------------------------------------------------------------------------- vignettes


def test_spastic_paraparesis_with_cognitive_decline_and_thin_corpus_callosum_reads_hsp():
    assert _ranked(SPG11)[0] == Diagnosis.HSP


def test_a_thin_corpus_callosum_moves_towards_hsp():
    without = {**SPG11, "mri": [{**SPG11["mri"][0], "thin_corpus_callosum": False}]}
    p = {d: differential(Case.model_validate(v)).probability(Diagnosis.HSP) for d, v in
         (("with", SPG11), ("without", without))}
    assert p["with"] > p["without"]


def test_asymmetric_weakness_in_two_nerve_territories_asks_for_nerve_conduction_first():
    result = differential(Case.model_validate(MMN))
    assert result.next_tests[0].test == "nerve_conduction"
    assert Diagnosis.MMN in _ranked(MMN)[:3]


def test_diffuse_symmetric_weakness_takes_away_the_mmn_indication():
    assert _indicated(MMN, "nerve_conduction", MALE)
    symmetric = {**MMN, "exam": {**MMN["exam"], "weakness_symmetry": "symmetric"}}
    # Symmetric weakness excludes MMN (criterion 11), but with the reduced reflexes it is the
    # CIDP pattern, for which nerve conduction stays the first test (Van den Bergh 2021): the
    # MMN indication goes, the CIDP one remains.
    row = cases_to_arrays([Case.model_validate(symmetric)], packaged_table())[0][0]
    why = indicated_tests(row, packaged_table(), MALE, np.full(len(DIAGNOSES), 1.0 / len(DIAGNOSES)))
    assert [("MMN" in i.words, "CIDP" in i.words) for i in why["nerve_conduction"]] == [(False, True)]
    p = {name: differential(Case.model_validate(v)).probability(Diagnosis.MMN)
         for name, v in (("asymmetric", MMN), ("symmetric", symmetric))}
    assert p["symmetric"] < p["asymmetric"]


def test_a_woman_from_jamaica_with_progressive_spastic_paraparesis_is_offered_htlv1_serology():
    assert _indicated(JAMAICA, "htlv1_serology", FEMALE)
    tests = {t.test: t for t in differential(Case.model_validate(JAMAICA)).next_tests}
    assert "htlv1_serology" in tests
    assert "HTLV-1 endemic area" in tests["htlv1_serology"].reason


def test_htlv1_serology_is_not_indicated_without_an_endemic_origin():
    assert not _indicated({**JAMAICA, "history": {"htlv1_endemic_origin": False}}, "htlv1_serology", FEMALE)
    assert not _indicated({**JAMAICA, "history": {}}, "htlv1_serology", FEMALE)


def test_endemic_origin_raises_htlv1_myelopathy_inside_other():
    result = differential(Case.model_validate(JAMAICA))
    local = differential(Case.model_validate({**JAMAICA, "history": {"htlv1_endemic_origin": False}}))

    def htlv1(r: object) -> float:
        return next((c.probability for c in r.other_causes if c.cause == "htlv1_myelopathy"), 0.0)

    assert htlv1(result) > htlv1(local)
