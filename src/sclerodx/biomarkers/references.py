"""The one table of sources behind every biomarker number in :mod:`sclerodx.biomarkers`.

Every cut-off, sensitivity, specificity, reference percentile and effect size used by
this package points at one of these entries, so a reader can check each number
against its publication. Entries were checked against the published abstract (or,
where stated in ``note``, a secondary table) when this module was written.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """A published source.

    Parameters
    ----------
    authors
        First author(s), "et al." when longer.
    year
        Year of the journal issue.
    title
        Article title.
    journal
        Journal abbreviation with volume and pages when known.
    doi_or_pmid
        ``doi:...`` or ``PMID:...``.
    note
        How the numbers were checked, when it is not the abstract.
    """

    authors: str
    year: int
    title: str
    journal: str
    doi_or_pmid: str
    note: str = ""

    @property
    def short(self) -> str:
        """Author-year label for display, e.g. ``"Leurs CE et al. 2020"``."""
        first, _, rest = self.authors.partition(",")
        return f"{first}{' et al.' if rest else ''} {self.year}"

    def __str__(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. {self.journal}. {self.doi_or_pmid}"


# --------------------------------------------------------------------------- serum NfL reference

BENKERT_2022 = Source(
    authors="Benkert P, Meier S, Schaedelin S, et al.",
    year=2022,
    title="Serum neurofilament light chain for individual prognostication of disease activity in "
    "people with multiple sclerosis: a retrospective modelling and validation study",
    journal="Lancet Neurol 21(3):246-257",
    doi_or_pmid="doi:10.1016/S1474-4422(22)00009-6",
    note="Design only (GAMLSS on 10,133 samples of 5,390 CNS-healthy controls, age and BMI); "
    "the model coefficients are not published in the abstract.",
)
SIMREN_2022 = Source(
    authors="Simrén J, Andreasson U, Gobom J, et al.",
    year=2022,
    title="Establishment of reference values for plasma neurofilament light based on healthy "
    "individuals aged 5-90 years",
    journal="Brain Commun 4(4):fcac174",
    doi_or_pmid="doi:10.1093/braincomms/fcac174",
)
BORNHORST_2022 = Source(
    authors="Bornhorst JA, Figdore D, Campbell MR, et al.",
    year=2022,
    title="Plasma neurofilament light chain (NfL) reference interval determination in an "
    "age-stratified cognitively unimpaired cohort",
    journal="Clin Chim Acta 535:153-156",
    doi_or_pmid="doi:10.1016/j.cca.2022.08.017",
)
SOLIS_TARAZONA_2023 = Source(
    authors="Solís-Tarazona LR, Reddam S, Gil-Perotín S",
    year=2023,
    title="Use of individual measure and Z-scores to monitor disease course in relapsing multiple "
    "sclerosis: a 1-year prospective study in a single center",
    journal="Neurology 100(17 Suppl 2), AAN 2023 abstract",
    doi_or_pmid="AAN 2023 abstract 003332",
    note="Paired cohort medians of sNfL and Benkert-app Z scores, used only to estimate the "
    "log-scale spread of the reference.",
)
MANOUCHEHRINIA_2020 = Source(
    authors="Manouchehrinia A, Piehl F, Hillert J, et al.",
    year=2020,
    title="Confounding effect of blood volume and body mass index on blood neurofilament light "
    "chain levels",
    journal="Ann Clin Transl Neurol 7(1):139-143",
    doi_or_pmid="doi:10.1002/acn3.50972",
    note="Plasma NfL -0.02 per kg/m² of BMI in 662 controls (read as the slope of ln NfL).",
)
MAYO_PLASMA_SERUM = Source(
    authors="Mayo Clinic Laboratories",
    year=2024,
    title="Test NFLC: Neurofilament Light Chain, Plasma (clinical information)",
    journal="Mayo Clinic Laboratories test catalogue",
    doi_or_pmid="test ID NFLC",
    note="States that plasma NfL is about 5% to 10% lower than serum NfL.",
)

# --------------------------------------------------------------------------- neurofilament cut-offs

VERDE_2019 = Source(
    authors="Verde F, Steinacker P, Weishaupt JH, et al.",
    year=2019,
    title="Neurofilament light chain in serum for the diagnosis of amyotrophic lateral sclerosis",
    journal="J Neurol Neurosurg Psychiatry 90(2):157-164",
    doi_or_pmid="doi:10.1136/jnnp-2018-318704",
)
OECKL_2016 = Source(
    authors="Oeckl P, Jardel C, Salachas F, et al.",
    year=2016,
    title="Multicenter validation of CSF neurofilaments as diagnostic biomarkers for ALS",
    journal="Amyotroph Lateral Scler Frontotemporal Degener 17(5-6):404-413",
    doi_or_pmid="doi:10.3109/21678421.2016.1167913",
)
POESEN_2017 = Source(
    authors="Poesen K, De Schaepdryver M, Stubendorff B, et al.",
    year=2017,
    title="Neurofilament markers for ALS correlate with extent of upper and lower motor neuron "
    "disease",
    journal="Neurology 88(24):2302-2309",
    doi_or_pmid="doi:10.1212/WNL.0000000000004029",
    note="pNfH figures from the abstract; the CSF NfL cut-off versus mimics (2453 pg/mL) was read "
    "from Table 1 of a 2020 review in Mol Neurodegener (doi:10.1186/s13024-020-00406-3).",
)
WOHNRADE_2024 = Source(
    authors="Wohnrade C, Seeliger T, Gingele S, et al.",
    year=2024,
    title="Diagnostic value of neurofilaments in differentiating motor neuron disease from "
    "multifocal motor neuropathy",
    journal="J Neurol 271(7):4441-4452",
    doi_or_pmid="doi:10.1007/s00415-024-12355-8",
)
BRIDEL_2019 = Source(
    authors="Bridel C, van Wieringen WN, Zetterberg H, et al.",
    year=2019,
    title="Diagnostic value of cerebrospinal fluid neurofilament light protein in neurology: a "
    "systematic review and meta-analysis",
    journal="JAMA Neurol 76(9):1035-1048",
    doi_or_pmid="doi:10.1001/jamaneurol.2019.1534",
)

# --------------------------------------------------------------------------- CSF immunoglobulins

FREEDMAN_2005 = Source(
    authors="Freedman MS, Thompson EJ, Deisenhammer F, et al.",
    year=2005,
    title="Recommended standard of cerebrospinal fluid analysis in the diagnosis of multiple "
    "sclerosis: a consensus statement",
    journal="Arch Neurol 62(6):865-870",
    doi_or_pmid="doi:10.1001/archneur.62.6.865",
)
DOBSON_2013 = Source(
    authors="Dobson R, Ramagopalan S, Davis A, Giovannoni G",
    year=2013,
    title="Cerebrospinal fluid oligoclonal bands in multiple sclerosis and clinically isolated "
    "syndromes: a geo-epidemiological meta-analysis",
    journal="J Neurol Neurosurg Psychiatry 84(8):909-914",
    doi_or_pmid="doi:10.1136/jnnp-2012-304695",
)
OCB_IN_ALS_2013 = Source(
    authors="Ticozzi N, et al.",
    year=2013,
    title="Oligoclonal bands in the cerebrospinal fluid of amyotrophic lateral sclerosis patients "
    "with disease-associated mutations",
    journal="J Neurol 260(1):85-92",
    doi_or_pmid="doi:10.1007/s00415-012-6589-0",
    note="Result (OCB in 9/259 = 3.5%) checked in the abstract; author list recalled, not checked.",
)
SIMONSEN_2020 = Source(
    authors="Simonsen CS, Flemmen HØ, Lauritzen T, et al.",
    year=2020,
    title="The diagnostic value of IgG index versus oligoclonal bands in cerebrospinal fluid of "
    "patients with multiple sclerosis",
    journal="Mult Scler J Exp Transl Clin 6(1):2055217319901291",
    doi_or_pmid="doi:10.1177/2055217319901291",
)
LEURS_2020 = Source(
    authors="Leurs CE, Twaalfhoven HAM, Lissenberg-Witte BI, et al.",
    year=2020,
    title="Kappa free light chains is a valid tool in the diagnostics of MS: a large multicenter "
    "study",
    journal="Mult Scler 26(8):912-923",
    doi_or_pmid="doi:10.1177/1352458519845844",
)
HEGEN_2023 = Source(
    authors="Hegen H, Walde J, Berek K, et al.",
    year=2023,
    title="Cerebrospinal fluid kappa free light chains for the diagnosis of multiple sclerosis: a "
    "systematic review and meta-analysis",
    journal="Mult Scler 29(2):169-181",
    doi_or_pmid="doi:10.1177/13524585221134213",
)
DEISENHAMMER_2025 = Source(
    authors="Deisenhammer F, et al.",
    year=2025,
    title="Cerebrospinal fluid in the 2024 McDonald criteria (CSF working group)",
    journal="EBioMedicine 120:105905",
    doi_or_pmid="EBioMedicine 120:105905",
)

# --------------------------------------------------------------------------- imaging and genetics cut-offs

MONTALBAN_2025 = Source(
    authors="Montalban X, Lebrun-Frénay C, Oh J, et al.",
    year=2025,
    title="Diagnosis of multiple sclerosis: 2024 revisions of the McDonald criteria",
    journal="Lancet Neurol 24(10):850-865",
    doi_or_pmid="Lancet Neurol 2025;24:850-865",
    note="Select-6: at least six lesions with a central vein sign support MS in the 2024 "
    "revision (derived in Cagol A, et al. JAMA Neurol 2024;81:143-153).",
)
GRUNSEICH_2015 = Source(
    authors="Grunseich C, Fischbeck KH",
    year=2015,
    title="Spinal and bulbar muscular atrophy",
    journal="Neurol Clin 33(4):847-854",
    doi_or_pmid="Neurol Clin 2015;33:847-854",
    note="Patients carry 38-68 androgen-receptor CAG repeats, healthy people 11-34 "
    "(La Spada AR, et al. Nature 1991;352:77-79).",
)

# --------------------------------------------------------------------------- microRNA (investigational)

MAGEN_2021 = Source(
    authors="Magen I, Yacovzada NS, Yanowski E, et al.",
    year=2021,
    title="Circulating miR-181 is a prognostic biomarker for amyotrophic lateral sclerosis",
    journal="Nat Neurosci 24(11):1534-1541",
    doi_or_pmid="doi:10.1038/s41593-021-00936-z",
)
ZHOU_2020 = Source(
    authors="Zhou Z, Xiong H, Xie F, Wu Z, Feng Y",
    year=2020,
    title="A meta-analytic review of the value of miRNA for multiple sclerosis diagnosis",
    journal="Front Neurol 11:132",
    doi_or_pmid="doi:10.3389/fneur.2020.00132",
)
