"""Validation of raw registry rows against the layout, with polars expressions.

Every cell is parsed to its column's type and checked against the allowed values, the
range and the case model's consistency rules (dates not after the assessment, a lesion
count only on a study that imaged the area, an enhancing count only with gadolinium, a
unit with every concentration, ...). A row with any bad value is refused as a whole and
each bad value becomes one error record (row, identifier, column, reason); the value
itself is never repeated, so an errors file can leave the secure environment of the
registry. Good rows are never dropped, and absent columns become typed nulls (unknown).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sclerodx.anatomy import REGIONS
from sclerodx.case import _MIRNA_NAME  # the case model's own pattern, defined once
from sclerodx.cohort.layout import (
    ATTACK_SLOTS,
    LESION_AREAS,
    LESION_FLAGS,
    MIRNA_SLOTS,
    MRI_SLOTS,
    RAW_COLUMNS,
    RAW_LAYOUT,
    RawColumn,
)

ROW_COLUMN = "__row"
_WHY = "__why_"
#: Columns of an errors table.
ERROR_COLUMNS = ("file", "row", "case_id", "column", "reason")
ERROR_SCHEMA = {
    "file": pl.String,
    "row": pl.Int64,
    "case_id": pl.String,
    "column": pl.String,
    "reason": pl.String,
}

_DTYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "boolean": pl.Boolean(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "date": pl.Date(),
}


def dtype_of(spec: RawColumn) -> pl.DataType:
    """The polars type of a validated column (categories as enums)."""
    return pl.Enum(list(spec.allowed)) if spec.kind == "category" else _DTYPES[spec.kind]


def layout_schema() -> dict[str, pl.DataType]:
    """Column name -> polars type of validated raw rows."""
    return {spec.name: dtype_of(spec) for spec in RAW_LAYOUT}


@dataclass(frozen=True, slots=True)
class Validated:
    """The outcome of validating one batch."""

    rows: pl.DataFrame
    errors: pl.DataFrame
    refused: int


def _text(expr: pl.Expr) -> pl.Expr:
    text = expr.cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _parse(spec: RawColumn, dtype: pl.DataType) -> pl.Expr:
    """The cell parsed to the column's type; null where it cannot be read."""
    raw = pl.col(spec.name)
    if dtype == dtype_of(spec) and spec.kind != "number":  # already typed (Parquet written in the layout)
        return raw
    is_text = dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)
    none = pl.lit(None, dtype=dtype_of(spec))
    if spec.kind == "boolean":
        if dtype == pl.Boolean:
            return raw
        if is_text:
            word = _text(raw).str.to_lowercase()
            return pl.when(word == "true").then(True).when(word == "false").then(False)
        return none
    if spec.kind == "integer":
        if dtype.is_integer():
            return raw.cast(pl.Int64)
        if dtype.is_float():
            return pl.when(raw.is_finite() & (raw == raw.round())).then(raw.cast(pl.Int64, strict=False))
        return _text(raw).cast(pl.Int64, strict=False) if is_text else none
    if spec.kind == "number":
        if dtype.is_numeric():
            value = raw.cast(pl.Float64)
        elif is_text:
            value = _text(raw).cast(pl.Float64, strict=False)
        else:
            return none
        return pl.when(value.is_finite()).then(value)
    if spec.kind == "date":
        if dtype == pl.Date:
            return raw
        if isinstance(dtype, pl.Datetime):
            return raw.dt.date()
        return _text(raw).str.to_date("%Y-%m-%d", strict=False) if is_text else none
    if spec.kind == "category":
        text = _text(raw) if is_text or dtype == pl.Boolean else pl.lit(None, dtype=pl.String)
        return pl.when(text.is_in(list(spec.allowed))).then(text).cast(dtype_of(spec))
    return _text(raw)


_EXPECTED = {
    "boolean": "expected true or false",
    "integer": "expected a whole number",
    "number": "expected a finite number",
    "date": "expected an ISO date YYYY-MM-DD",
    "string": "expected text",
}


def _type_reason(spec: RawColumn) -> str:
    if spec.kind == "category":
        return f"expected one of {', '.join(spec.allowed)}"
    return _EXPECTED[spec.kind]


def _range_check(spec: RawColumn) -> pl.Expr | None:
    """True where a parsed value lies outside the column's range."""
    value = pl.col(spec.name)
    if spec.kind == "string":
        return value.str.len_chars() > spec.maximum if spec.maximum is not None else None
    if spec.kind not in ("integer", "number") or (spec.minimum is None and spec.maximum is None):
        return None
    bad = pl.lit(False)
    if spec.minimum is not None:
        bad = bad | ((value <= spec.minimum) if spec.minimum_exclusive else (value < spec.minimum))
    if spec.maximum is not None:
        bad = bad | (value > spec.maximum)
    return bad


def _range_reason(spec: RawColumn) -> str:
    if spec.kind == "string":
        return f"longer than {spec.maximum:g} characters"
    unit = f" {spec.unit}" if spec.unit and not spec.unit.endswith("_unit") else ""
    return f"must lie in {spec.values_text}{unit}"


def _rules() -> list[tuple[str, pl.Expr, str]]:
    """The layout's consistency rules: (column blamed, True where violated, reason)."""
    c = pl.col
    rules: list[tuple[str, pl.Expr, str]] = []
    dated = [
        "symptom_onset",
        "progression_onset",
        *(f"attack_{k}_date" for k in range(1, ATTACK_SLOTS + 1)),
        *(f"mri_{k}_date" for k in range(1, MRI_SLOTS + 1)),
    ]
    rules += [
        (name, c(name) > c("assessment_date"), "is after assessment_date: dates cannot lie in the future")
        for name in dated
    ]
    for k in range(1, ATTACK_SLOTS + 1):
        date = f"attack_{k}_date"
        for part in ("system", "side", "evidence", "fever"):
            rules.append(
                (
                    f"attack_{k}_{part}",
                    c(f"attack_{k}_{part}").is_not_null() & c(date).is_null(),
                    f"needs {date}",
                )
            )
        rules.append(
            (
                f"attack_{k}_system",
                c(date).is_not_null() & c(f"attack_{k}_system").is_null(),
                f"required when {date} is given",
            )
        )
    for k in range(1, MRI_SLOTS + 1):
        p, date = f"mri_{k}_", f"mri_{k}_date"
        for spec in RAW_LAYOUT:
            if spec.name.startswith(p) and spec.name != date:
                rules.append((spec.name, c(spec.name).is_not_null() & c(date).is_null(), f"needs {date}"))
        flags = [c(p + f).fill_null(False) for f in ("imaged_brain", "imaged_cord", "imaged_optic_nerves")]
        rules.append(
            (
                p + "imaged_brain",
                c(date).is_not_null() & ~pl.any_horizontal(flags),
                f"study {k} must image the brain, the cord or the optic nerves ({p}imaged_*)",
            )
        )
        for area, (_, needs) in LESION_AREAS.items():
            rules.append(
                (
                    f"{p}lesions_{area}",
                    (c(f"{p}lesions_{area}") > 0) & ~c(p + needs).fill_null(False),
                    f"needs {p}{needs} = true",
                )
            )
        rules += [
            (
                p + flag,
                c(p + flag).is_not_null() & ~c(p + "imaged_cord").fill_null(False),
                f"needs {p}imaged_cord = true",
            )
            for flag in ("cord_compression", "flexion_forward_shift")
        ]
        rules.append(
            (
                p + "thin_corpus_callosum",
                c(p + "thin_corpus_callosum").is_not_null() & ~c(p + "imaged_brain").fill_null(False),
                f"needs {p}imaged_brain = true",
            )
        )
        rules.append(
            (
                p + "enhancing",
                c(p + "enhancing").is_not_null() & ~c(p + "gadolinium").fill_null(False),
                f"needs {p}gadolinium = true",
            )
        )
        total = pl.sum_horizontal([c(f"{p}lesions_{a}").fill_null(0) for a in LESION_AREAS])
        rules += [
            (p + flag, c(p + flag) > total, f"exceeds the lesion total of study {k} ({p}lesions_*)")
            for flag in LESION_FLAGS
        ]
        rules.append(
            (
                p + "cord_lesion_segments",
                c(p + "cord_lesion_segments").is_not_null()
                & ~(c(p + "lesions_spinal_cord").fill_null(0) >= 1),
                f"needs {p}lesions_spinal_cord >= 1",
            )
        )
    for k in range(1, MIRNA_SLOTS + 1):
        name = f"mirna_{k}_name"
        rules.append(
            (
                name,
                c(name).is_not_null() & ~c(name).str.strip_chars().str.contains(_MIRNA_NAME.pattern),
                "expected a microRNA name such as miR-181a-5p",
            )
        )
        for part in ("fluid", "fold_change"):
            column = f"mirna_{k}_{part}"
            rules += [
                (column, c(column).is_not_null() & c(name).is_null(), f"needs {name}"),
                (column, c(name).is_not_null() & c(column).is_null(), f"required when {name} is given"),
            ]
    regions = [s.name for s in RAW_LAYOUT if s.name.startswith("emg_") and s.name != "emg_myopathic"]
    rules.append(
        (
            "emg_myopathic",
            c("emg_myopathic").is_not_null() & pl.all_horizontal([c(r).is_null() for r in regions]),
            "needs an emg_<region> summary",
        )
    )
    rules += [
        (
            f"weakness_origin_{r.value}",
            c(f"weakness_origin_{r.value}").is_not_null() & c(f"weakness_{r.value}").eq_missing(False),
            f"given but weakness_{r.value} is recorded absent",
        )
        for r in REGIONS
    ]
    for fluid in ("csf_nfl", "serum_nfl"):
        rules.append(
            (
                f"{fluid}_unit",
                c(fluid).is_not_null() & c(f"{fluid}_unit").is_null(),
                f"required when {fluid} is given",
            )
        )
    rules.append(
        ("aqp4_igg_assay", c("aqp4_igg_assay").is_not_null() & c("aqp4_igg").is_null(), "needs aqp4_igg")
    )
    rules += [
        (f"mog_igg_{extra}", c(f"mog_igg_{extra}").is_not_null() & c("mog_igg").is_null(), "needs mog_igg")
        for extra in ("titer", "assay")
    ]
    return rules


_RULES = _rules()


def unknown_columns(columns: list[str]) -> list[str]:
    """Input columns that are not in the layout (ignored; usually a misspelt name)."""
    return [name for name in columns if name not in RAW_COLUMNS and name != ROW_COLUMN]


def _checks() -> dict[str, list[tuple[pl.Expr, str]]]:
    """Column -> its (violated-where, reason) checks on parsed values, in the order they are reported."""
    checks: dict[str, list[tuple[pl.Expr, str]]] = {}
    for spec in RAW_LAYOUT:
        bad = _range_check(spec)
        if bad is not None:
            checks.setdefault(spec.name, []).append((bad, _range_reason(spec)))
    for column, bad, reason in _RULES:
        checks.setdefault(column, []).append((bad, reason))
    return checks


_CHECKS = _checks()
_TYPE = "__type_"


def validate(batch: pl.DataFrame, source: str) -> Validated:
    """Split a batch into typed good rows and error records.

    The checks run as boolean expressions over the whole batch; reasons (text) are only
    built for the rows that fail, so a clean batch costs little more than its parsing.

    Parameters
    ----------
    batch
        Raw rows as read (any subset of the layout's columns, any types) with the
        1-based data-row number of each row in ``__row``.
    source
        The file the rows came from, for the error records.
    """
    schema = batch.schema
    parsed, type_failed = [], []
    for spec in RAW_LAYOUT:
        if spec.name in schema:
            dtype = schema[spec.name]
            value = _parse(spec, dtype)
            if dtype != dtype_of(spec):  # a cell can only fail to parse when the type differs
                type_failed.append(
                    (pl.col(spec.name).is_not_null() & value.is_null()).alias(_TYPE + spec.name)
                )
        else:
            value = pl.lit(None, dtype=dtype_of(spec))
        parsed.append(value.alias(spec.name))
    typed = {e.meta.output_name().removeprefix(_TYPE) for e in type_failed}
    conditions = [pl.col(_TYPE + n) for n in typed]
    conditions += [bad.fill_null(False) for checks in _CHECKS.values() for bad, _ in checks]
    table = (
        batch.lazy()
        .select([pl.col(ROW_COLUMN), *type_failed, *parsed])
        .with_columns(pl.any_horizontal(conditions).alias("__bad"))
        .collect()
    )
    columns = [ROW_COLUMN, *(s.name for s in RAW_LAYOUT)]
    if not table["__bad"].any():
        return Validated(table.select(columns), pl.DataFrame(schema=ERROR_SCHEMA), 0)
    rows = table.filter(~pl.col("__bad")).select(columns)
    judged = [spec.name for spec in RAW_LAYOUT if spec.name in typed or spec.name in _CHECKS]
    reasons = []
    for name in judged:
        options = (
            [pl.when(pl.col(_TYPE + name)).then(pl.lit(_type_reason(RAW_COLUMNS[name])))]
            if name in typed
            else []
        )
        options += [pl.when(bad).then(pl.lit(reason)) for bad, reason in _CHECKS.get(name, [])]
        reasons.append(pl.coalesce(options).alias(_WHY + name))
    why = [_WHY + name for name in judged]
    refused = table.filter(pl.col("__bad"))
    errors = (
        refused.lazy()
        .select([ROW_COLUMN, "case_id", *reasons])
        .unpivot(index=[ROW_COLUMN, "case_id"], on=why, variable_name="column", value_name="reason")
        .drop_nulls("reason")
        .select(
            pl.lit(source).alias("file"),
            pl.col(ROW_COLUMN).cast(pl.Int64).alias("row"),
            pl.col("case_id"),
            pl.col("column").str.strip_prefix(_WHY),
            pl.col("reason"),
        )
        .sort("row", maintain_order=True)
        .collect()
    )
    return Validated(rows, errors, refused.height)
