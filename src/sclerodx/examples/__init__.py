"""Bundled example cases: realistic vignettes for trying sclerodx without data of one's own.

Each is a JSON case file in this folder; its ``notes`` say what it illustrates.
"""

from __future__ import annotations

from importlib import resources

from sclerodx.case import Case
from sclerodx.casefile import parse_case


def list_examples() -> list[str]:
    """Names of the bundled examples."""
    return sorted(
        entry.name.removesuffix(".json")
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".json")
    )


def example_text(name: str) -> str:
    """The JSON text of a bundled example."""
    if name not in list_examples():
        raise KeyError(f"unknown example {name!r}: expected one of {', '.join(list_examples())}")
    return resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")


def load_example(name: str) -> Case:
    """A bundled example as a validated case."""
    return parse_case(example_text(name), source=f"example {name}")
