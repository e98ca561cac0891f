"""microRNA readings are always investigational and cite their source."""

from __future__ import annotations

import pytest

from sclerodx.biomarkers.microrna import interpret_microrna, microrna_effect
from sclerodx.biomarkers.references import MAGEN_2021, ZHOU_2020
from sclerodx.case import MicroRNA


def test_mir_181_family_uses_the_als_prognosis_effect() -> None:
    item = interpret_microrna(MicroRNA(name="hsa-miR-181b-5p", fluid="plasma", fold_change=2.0))
    assert item.investigational is True
    assert item.source == MAGEN_2021
    assert item.interpretation.startswith("Investigational")


def test_other_microrna_falls_back_to_the_ms_panel_summary() -> None:
    item = interpret_microrna(MicroRNA(name="miR-145", fluid="serum", fold_change=0.5))
    assert item.investigational is True
    assert item.source == ZHOU_2020
    assert (item.sensitivity, item.specificity) == (0.81, 0.75)


def test_family_lookup_rejects_non_microrna_names() -> None:
    with pytest.raises(ValueError, match="name"):
        microrna_effect("GFAP")
