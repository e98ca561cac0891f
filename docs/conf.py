"""Sphinx configuration of the sclerodx documentation.

Build: ``python -m sphinx -b html docs docs/_build/html`` (needs the ``[docs]`` extra).
The API reference is generated from the docstrings (autodoc, autosummary, numpydoc);
the gallery is generated from the bundled examples (``src/sclerodx/examples``) at each
build, each example with the summary sclerodx gives for it, so it cannot go stale.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sphinx.ext.autosummary as autosummary
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


#: A numpydoc citation reference, ``[1]_`` or ``[Shefner2020]_``.
_CITATION_REF = re.compile(r"\s*\[[\w.-]+\]_")
_extract_summary = autosummary.extract_summary


def _summary_without_citations(doc: Sequence[str], settings: Any) -> str:
    """The autosummary one-liner of an object, without its citation references.

    A first sentence that cites its source (``... (Shefner 2020) [1]_.``) is copied into
    the summary table of its module, where the citation's target (the References section)
    is not: each such reference was an "Unknown target name" error. The page of the
    object itself keeps the citation.
    """
    return _CITATION_REF.sub("", _extract_summary(doc, settings))


autosummary.extract_summary = _summary_without_citations


def _no_foreign_docstring(app: Sphinx, what: str, name: str, obj: Any, options: Any,
                          lines: list[str]) -> None:
    """Drop the docstring an instance inherits from a third-party class.

    ``sclerodx.cli.app`` is a ``typer.Typer`` instance: autodoc shows the Typer class's
    own docstring, which is Markdown, not reStructuredText, and says nothing about
    sclerodx (the module docstrings do).
    """
    kind = type(obj)
    if (not inspect.isclass(obj) and not inspect.isroutine(obj) and not inspect.ismodule(obj)
            and kind.__module__.split(".")[0] != "sclerodx" and kind.__doc__
            and inspect.getdoc(obj) == inspect.getdoc(kind)):
        lines[:] = []


def _skip_type_alias(app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any) -> bool | None:
    """Leave out type aliases (``Target = tuple[str, str | None]``) from the module listings.

    Sphinx 9 takes a parametrised generic for a class and fails to format its signature
    ("failed to import object"); an alias is read where it is used, in the annotations.
    """
    if isinstance(obj, types.GenericAlias | types.UnionType) or typing.get_origin(obj) is not None:
        return True
    return None


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _gallery)
    app.connect("autodoc-process-docstring", _no_foreign_docstring)
    app.connect("autodoc-skip-member", _skip_type_alias)
