"""Warehouse tables: Arrow schemas and column metadata (title, unit, description), side by side."""

from __future__ import annotations

import pyarrow as pa

STATUSES = ("actual", "target", "plan", "signed")
SCOPES = ("city", "district", "zone", "project", "national", "province", "town")
QUALIFIERS = ("exact", "approx", "over", "under")
PHYSICAL_UNITS = ("t", "kW", "kWh", "km", "m3", "TEU")  # tonnes, kW, kWh, km, m3, containers: never summed across
CURRENCY_UNITS = ("CNY", "USD", "EUR", "HKD", "JPY", "GBP", "SGD", "TWD", "AUD", "CAD", "KRW")  # never converted or summed across
UNITS = (
    *CURRENCY_UNITS,
    "m2",
    "count",
    "person",
    "percent",
    *PHYSICAL_UNITS,
)
SIGNED_METRICS = frozenset({"growth"})  # the only figures that may be negative: 同比下降3.2% is -3.2

# table -> [(column, arrow type, title, unit, description)]
TABLES: dict[str, list[tuple[str, pa.DataType, str, str, str]]] = {
    "facts": [
        ("fact_id", pa.string(), "Fact id", "", "Stable id: hash of doc_id and character span"),
        ("doc_id", pa.string(), "Document", "", "The source article (documents.doc_id)"),
        ("district", pa.string(), "District", "", "Gazetteer id of the place, unknown:<name> outside the gazetteer, or null"),
        ("scope", pa.string(), "Scope", "", "city, district, zone, project, national, province or town (镇, 乡, 街道)"),
        ("entity", pa.string(), "Entity", "", "The named subject as written (simplified Chinese)"),
        ("metric", pa.string(), "Metric", "", "Metric code (metrics.code)"),
        ("value", pa.float64(), "Value", "base unit", "The figure in the metric's base unit; lower bound of a range"),
        ("value_high", pa.float64(), "Upper value", "base unit", "Upper bound of a range, else null"),
        ("unit", pa.string(), "Unit", "", "CNY (or other ISO currency), m2, count, person, percent; t, kW, kWh, km, m3, TEU"),
        ("qualifier", pa.string(), "Qualifier", "", "exact, approx, over or under"),
        ("status", pa.string(), "Status", "", "actual, target, plan or signed"),
        ("year", pa.int32(), "Year", "year", "Year the figure is for (due year of a goal); null when the text gives none"),
        ("cluster", pa.string(), "Cluster", "", "Industry cluster code, or null"),
        ("raw", pa.string(), "As written", "", "The figure as written in the article (simplified)"),
        ("quote", pa.string(), "Quote", "", "The sentence the figure came from (simplified)"),
        ("start", pa.int32(), "Start", "characters", "Offset of raw in the cleaned article text"),
        ("end", pa.int32(), "End", "characters", "End offset of raw in the cleaned article text"),
        # added to the contract's columns (after them, so theirs keep their order)
        (
            "of_metric",
            pa.string(),
            "Growth of",
            "",
            "For a growth rate: the metric that grew (gdp for 地区生产总值增长6.1%), or null when the text does not say",
        ),
        (
            "rules",
            pa.string(),
            "Why",
            "",
            'JSON: for each field the reading rule that decided it and the cue in the text, {"status": ["status.cue_before", "力争"]}'
            " (rules in data/rules/zh/, listed in docs/rules.md)",
        ),
        (
            "checked_by",
            pa.string(),
            "Checked by",
            "",
            "Reviewers who read the figure against its article and found it right or corrected it (data/curated/overrides.csv), "
            "'; '-separated; null when nobody has",
        ),
    ],
    "documents": [
        ("doc_id", pa.string(), "Document", "", "Article id from the manifest"),
        ("file", pa.string(), "File", "", "Raw file name in data/raw"),
        ("districts", pa.string(), "Districts", "", "Gazetteer ids the article is about, ';'-separated"),
        (
            "published",
            pa.date32(),
            "Published",
            "date",
            "Publication date (first day of the month/year when only those are known)",
        ),
        ("published_precision", pa.string(), "Date precision", "", "day, month or year"),
        ("script", pa.string(), "Script", "", "Hans or Hant as detected in the raw text"),
        ("encoding", pa.string(), "Encoding", "", "Encoding the raw bytes were decoded with"),
        ("source", pa.string(), "Source", "", "Where the article was found"),
        ("url", pa.string(), "URL", "", "Source URL when known"),
        ("title_zh", pa.string(), "Title", "", "Article title (Chinese)"),
        ("sha256", pa.string(), "SHA-256", "", "Checksum of the raw bytes"),
        ("n_chars", pa.int32(), "Characters", "characters", "Length of the cleaned text"),
        ("n_facts", pa.int32(), "Facts", "count", "Facts extracted from the article"),
        ("text", pa.string(), "Cleaned text", "", "Cleaned simplified text; fact offsets point into it"),
    ],
    "districts": [
        ("id", pa.string(), "District id", "", "Gazetteer id or unknown:<name>"),
        ("name_zh", pa.string(), "Name (zh)", "", "Chinese name"),
        ("name_en", pa.string(), "Name (en)", "", "English name"),
        ("city_zh", pa.string(), "City (zh)", "", "City, Chinese"),
        ("city_en", pa.string(), "City (en)", "", "City, English"),
        ("province_zh", pa.string(), "Province (zh)", "", "Province, Chinese"),
        ("province_en", pa.string(), "Province (en)", "", "Province, English"),
        ("lat", pa.float64(), "Latitude", "degrees", "Latitude of the district"),
        ("lon", pa.float64(), "Longitude", "degrees", "Longitude of the district"),
        ("in_gazetteer", pa.bool_(), "In gazetteer", "", "True for the reference districts"),
        ("n_docs", pa.int32(), "Articles", "count", "Articles about the district"),
        ("n_facts", pa.int32(), "Facts", "count", "Facts attributed to the district"),
    ],
    "clusters": [
        ("doc_id", pa.string(), "Document", "", "Article the mention is in"),
        ("district", pa.string(), "District", "", "Place the mention is about"),
        ("cluster", pa.string(), "Cluster", "", "Industry cluster code"),
        ("cue", pa.string(), "Cue", "", "The words that named the cluster"),
        ("start", pa.int32(), "Start", "characters", "Offset of the cue in the cleaned text"),
        ("end", pa.int32(), "End", "characters", "End offset of the cue"),
        ("quote", pa.string(), "Quote", "", "Sentence the cue is in"),
    ],
    "entities": [
        ("doc_id", pa.string(), "Document", "", "Article the name is in"),
        ("district", pa.string(), "District", "", "Place the named project or zone belongs to"),
        ("entity", pa.string(), "Entity", "", "Project, park or zone as named (simplified Chinese)"),
        ("scope", pa.string(), "Scope", "", "project or zone"),
        ("start", pa.int32(), "Start", "characters", "Offset of the first mention in the cleaned text"),
        ("end", pa.int32(), "End", "characters", "End offset of the first mention"),
        ("quote", pa.string(), "Quote", "", "Sentence of the first mention"),
    ],
    "metrics": [
        ("code", pa.string(), "Metric code", "", "Code used in facts.metric"),
        ("label_zh", pa.string(), "Label (zh)", "", "Chinese label"),
        ("label_en", pa.string(), "Label (en)", "", "English label"),
        ("unit", pa.string(), "Unit", "", "Base unit of the metric"),
        ("description", pa.string(), "Description", "", "What the metric measures"),
    ],
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(name, typ) for name, typ, *_ in TABLES[table]])


def column_metadata() -> dict[str, dict[str, dict[str, str]]]:
    return {
        table: {name: {"title": title, "unit": unit, "description": desc} for name, _, title, unit, desc in cols}
        for table, cols in TABLES.items()
    }
