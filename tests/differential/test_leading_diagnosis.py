"""On the bundled examples and the clinical vignettes the leading diagnosis is the expected one."""

from __future__ import annotations

import pytest
from tests.differential.vignettes import VIGNETTES, vignette

from sclerodx.differential import Diagnosis, differential
from sclerodx.examples import list_examples, load_example

#: The diagnosis each bundled example illustrates (from its ``notes``).
EXAMPLE_DIAGNOSIS: dict[str, Diagnosis] = {
    "als-with-white-matter-lesions": Diagnosis.ALS,
    "bulbar-onset-als": Diagnosis.ALS,
    "cervical-spondylotic-myelopathy": Diagnosis.CSM,
    "cis-with-dit": Diagnosis.RELAPSING_MS,
    "cis-without-dit": Diagnosis.RELAPSING_MS,
    "kennedy-disease": Diagnosis.SBMA,
    "multifocal-motor-neuropathy": Diagnosis.MMN,
    "nmosd-aqp4": Diagnosis.NMOSD_MOGAD,
    "pls-like": Diagnosis.PLS,
    "pma-like": Diagnosis.PMA,
    "primary-progressive-ms": Diagnosis.PROGRESSIVE_MS,
    "relapsing-remitting-ms": Diagnosis.RELAPSING_MS,
    "typical-als": Diagnosis.ALS,
}


def test_every_bundled_example_has_an_expected_diagnosis():
    assert set(list_examples()) <= set(EXAMPLE_DIAGNOSIS), "add the new example to EXAMPLE_DIAGNOSIS"


@pytest.mark.parametrize("name", sorted(EXAMPLE_DIAGNOSIS))
def test_bundled_example_leads_with_its_diagnosis(name):
    if name not in list_examples():
        pytest.skip(f"example {name} is no longer bundled")
    assert differential(load_example(name)).leading.diagnosis is EXAMPLE_DIAGNOSIS[name]


@pytest.mark.parametrize("name", sorted(VIGNETTES))
def test_vignette_leads_with_its_diagnosis(name):
    expected = VIGNETTES[name][0]
    result = differential(vignette(name))
    assert result.leading.diagnosis is expected
    assert result.leading.probability > 0.5


def test_kennedy_vignette_without_genetics_still_suspects_a_motor_neuron_disorder():
    case = vignette("kennedy_cag45").model_copy(update={"genetics": None})
    top3 = [p.diagnosis for p in differential(case).posteriors[:3]]
    assert Diagnosis.SBMA in top3
