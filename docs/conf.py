"""Sphinx configuration of the sclerodx documentation.

Build: ``python -m sphinx -b html docs docs/_build/html`` (needs the ``[docs]`` extra).
The API reference is generated from the docstrings (autodoc, autosummary, numpydoc);
the gallery is generated from the bundled examples (``src/sclerodx/examples``) at each
build, each example with the summary sclerodx gives for it, so it cannot go stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sphinx.application import Sphinx

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "src"))

import sclerodx  # noqa: E402

project = "sclerodx"
author = "sclerodx contributors"
copyright = "sclerodx contributors, Apache-2.0"
release = version = sclerodx.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
autosummary_generate = True
autodoc_typehints = "none"  # numpydoc sections already give the types
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_validation_checks: set[str] = set()
html_theme = "alabaster"
html_title = f"sclerodx {release}"
myst_heading_anchors = 3
# numpydoc "References" sections list their sources rather than cite them inline.
suppress_warnings = ["myst.header", "myst.xref_missing", "ref.citation"]


def _gallery(app: Sphinx) -> None:
    """Write ``gallery/*.rst``: one page per bundled example, with the summary sclerodx gives."""
    from sclerodx.assessment import assess
    from sclerodx.examples import example_text, list_examples, load_example
    from sclerodx.summary import render

    folder = HERE / "gallery"
    folder.mkdir(exist_ok=True)
    names = list_examples()
    index = ["Gallery of bundled examples", "=" * 27, "",
             "Each bundled example (``sclerodx example NAME``) with what ``sclerodx assess`` says about it.",
             "Generated from ``src/sclerodx/examples`` at each build.", "",
             ".. toctree::", "   :maxdepth: 1", ""]
    for name in names:
        case = load_example(name)
        summary = render(case, assess(case), width=100)
        notes = json.loads(example_text(name)).get("notes", "")
        page = [name, "=" * len(name), "", notes, "",
                f"``sclerodx assess --example {name}``:", "", ".. code-block:: text", "",
                *("   " + line for line in summary.splitlines()), "",
                "The case file (``sclerodx example " + name + "``):", "", ".. code-block:: json", "",
                *("   " + line for line in example_text(name).splitlines()), ""]
        (folder / f"{name}.rst").write_text("\n".join(page), encoding="utf-8")
        index.append(f"   {name}")
    (folder / "index.rst").write_text("\n".join(index) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _gallery)
