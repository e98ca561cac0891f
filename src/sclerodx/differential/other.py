"""The catch-all ``other``: a mixture of named mimic causes and an unnamed remainder.

Why a mixture
-------------
A single flat row per finding made ``other`` a diagnosis that explains everything a
little and nothing well: a young man with distal arm wasting and a forward dural shift
on flexion MRI scored no better for ``other`` than a woman with migraine. The mimic
literature names the causes that are actually mistaken for MND and MS (Turner & Talbot
2013; Traynor 2000; Solomon 2016), and each has a picture of its own. ``other`` is
therefore a latent cause K below the diagnosis:

    P(F | other) = Σ_k w_k Π_f P(f | k),

with the causes Hirayama disease, myasthenia gravis, CIDP, syringomyelia, vitamin B12
and copper deficiency myelopathy and HTLV-1-associated myelopathy, each with its own
rows in ``evidence_table.toml`` (``causes = [...]``; a cause without a row for a finding
takes the remainder's row) and its share w_k of ``other`` (``[[cause]]`` blocks, sourced),
plus the unnamed remainder (``other``'s own, deliberately broad rows) with the rest of
the share. The causes are internal hypotheses: the posterior of ``other`` is the sum of
theirs, so the twelve diagnoses, their labels and the benchmarks stay unchanged, and the
most probable causes are named with their defining test (:func:`other_causes`,
``Differential.other_causes``).

The shares follow age and sex: each cause's ``[[cause]]`` block gives its relative rate by
age band and sex from the epidemiology literature (Hirayama disease of adolescent and young
men, myasthenia of young women and older men, CIDP and B12 deficiency of older people,
copper deficiency and HTLV-1 myelopathy of women), and
:func:`sclerodx.differential.priors.cause_share_table` moves the share with them, so that
w_k = w_k(age, sex) in the mixture above.

Limitations: the shares at unknown age and sex are expert estimates informed by mimic
series, not measured proportions; syringomyelia keeps a flat share (no age- and
sex-specific series was found); geography enters only as origin in an HTLV-1 endemic area
(``History.htlv1_endemic_origin``), whose background row assumes a European or North American
referral population; Hirayama disease's excess in Asia is not an input.

References
----------
.. [1] Turner MR, Talbot K. Mimics and chameleons in motor neurone disease. Pract Neurol.
   2013;13(3):153-164.
.. [2] Traynor BJ et al. Amyotrophic lateral sclerosis mimic syndromes: a population-based
   study. Arch Neurol. 2000;57(1):109-113.
.. [3] Solomon AJ et al. The contemporary spectrum of multiple sclerosis misdiagnosis: a
   multicenter study. Neurology. 2016;87(13):1393-1399.
"""

from __future__ import annotations

import numpy as np

from sclerodx.differential.batch import N_NAMED, CompiledTable, FloatArray
from sclerodx.differential.model import OtherCause
from sclerodx.differential.next_test import TEST_LABELS

#: Causes of ``other`` at least this probable (of the whole posterior) are named; the most
#: probable one is always named while ``other`` itself is at least this probable.
OTHER_CAUSE_MIN_PROBABILITY = 0.01


def other_causes(hypotheses: FloatArray, table: CompiledTable) -> list[OtherCause]:
    """The named causes inside ``other``, most probable first (the unnamed remainder is not
    listed).

    Parameters
    ----------
    hypotheses
        Posterior over hypotheses, shape (n_hypotheses,): the named diagnoses, the causes of
        other, its remainder.
    table
        The compiled evidence table the posterior came from.
    """
    total = float(hypotheses[N_NAMED:].sum())
    causes = hypotheses[N_NAMED:N_NAMED + len(table.cause_ids)]
    out = []
    for rank, k in enumerate(int(k) for k in np.argsort(-causes, kind="stable")):
        p = float(causes[k])
        if p < OTHER_CAUSE_MIN_PROBABILITY and not (rank == 0 and total >= OTHER_CAUSE_MIN_PROBABILITY):
            continue
        test = table.cause_tests[k]
        out.append(OtherCause(cause=table.cause_ids[k], label=table.cause_labels[k], probability=p,
                              probability_within_other=p / total if total > 0 else 0.0,
                              test=test, test_label=TEST_LABELS.get(test, test)))
    return out
