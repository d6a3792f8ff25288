"""The reading rules' catalogue: ``data/rules/zh/*.yaml``, one file per field group.

Each rule is a record: ``id`` (what a fact records in ``rules``), ``field`` (the fact field it
decides), ``where`` (where in the text it looks), ``doc`` (one line), ``examples`` (a short
article, optionally its ``published`` date, the figure as written ``raw`` and the value the
field must take ``expect``) and optional ``counterexamples`` (the same, where the rule must not
decide). The examples are the rules' test suite (tests/test_rules.py) and the source of
docs/rules.md (``python -m etl rules --docs``). This module imports no resolver.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from etl.paths import DATA

RULES_DIR = DATA / "rules" / "zh"
FIELDS = ("metric", "status", "year", "district", "scope", "entity", "cluster", "value")
DOCS_FILE = DATA.parent / "docs" / "rules.md"


def _load_yaml(text: str):
    """The rule files, parsed by libyaml where PyYAML has it (several times faster at start-up
    than the pure-Python parser; the same documents)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


class RuleError(ValueError):
    """A rule file that does not follow the schema; the message names the file and rule."""


@dataclass(frozen=True)
class Example:
    text: str
    raw: str
    expect: object
    published: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    field: str
    where: str
    doc: str
    examples: tuple[Example, ...]
    counterexamples: tuple[Example, ...]
    file: str


def _examples(items, where: str) -> tuple[Example, ...]:
    out = []
    for i, item in enumerate(items or ()):
        if not isinstance(item, dict) or not {"text", "raw", "expect"} <= item.keys():
            raise RuleError(f"{where}: example {i + 1} needs text, raw and expect")
        published = item.get("published")
        out.append(Example(str(item["text"]), str(item["raw"]), item["expect"], str(published) if published else None))
    return tuple(out)


@functools.cache
def rules(folder: Path = RULES_DIR) -> tuple[Rule, ...]:

    out: list[Rule] = []
    seen: set[str] = set()
    for path in sorted(Path(folder).glob("*.yaml")):
        data = _load_yaml(path.read_text(encoding="utf-8"))
        if path.name in ("words.yaml", "notes.yaml"):
            continue
        if not isinstance(data, list):
            raise RuleError(f"{path.name}: a list of rules expected")
        for entry in data:
            rid = entry.get("id") if isinstance(entry, dict) else None
            where = f"{path.name}: rule {rid or '?'}"
            if not rid or rid in seen:
                raise RuleError(f"{where}: every rule needs an id of its own")
            if entry.get("field") not in FIELDS:
                raise RuleError(f"{where}: field must be one of {', '.join(FIELDS)}")
            if not str(entry.get("doc") or "").strip() or not str(entry.get("where") or "").strip():
                raise RuleError(f"{where}: doc and where are required")
            examples = _examples(entry.get("examples"), where)
            if not examples:
                raise RuleError(f"{where}: at least one example is required")
            seen.add(rid)
            out.append(
                Rule(
                    rid,
                    entry["field"],
                    entry["where"],
                    entry["doc"].strip(),
                    examples,
                    _examples(entry.get("counterexamples"), where),
                    path.name,
                )
            )
    return tuple(out)


@functools.cache
def words(folder: Path = RULES_DIR) -> dict[str, dict]:
    """The word lists of ``words.yaml``: name -> {doc, words (list or mapping)}."""

    data = _load_yaml((Path(folder) / "words.yaml").read_text(encoding="utf-8"))
    for name, entry in data.items():
        if not isinstance(entry, dict) or "words" not in entry or not str(entry.get("doc") or "").strip():
            raise RuleError(f"words.yaml: {name} needs doc and words")
    return data


def word_list(name: str) -> tuple[str, ...]:
    """One of words.yaml's lists, in its order."""
    return tuple(words()[name]["words"])


def word_map(name: str) -> dict:
    """One of words.yaml's mappings (status -> cues, noun -> metric), in its order."""
    return dict(words()[name]["words"])


def alternation(name: str) -> str:
    """A regex alternation of one of words.yaml's lists, in its order, every word escaped."""
    return "|".join(re.escape(w) for w in word_list(name))


def pattern(name: str) -> str:
    """A regex alternation of one of words.yaml's lists whose items are regex fragments (\\d+)."""
    return "|".join(word_list(name))


def by_id() -> dict[str, Rule]:
    return {r.id: r for r in rules()}


def docs_markdown() -> str:
    """docs/rules.md: every rule with its doc and examples, by field, from the rule files."""
    lines = [
        "# Reading rules",
        "",
        "Generated from `data/rules/zh/*.yaml` by `python -m etl rules --docs`; do not edit by hand",
        "(tests/test_rules.py fails when this file and the rules drift apart). Every fact records, for",
        "each field, the id of the rule that decided it and the cue it found (`rules` in the warehouse,",
        "`python -m etl extract FILE --explain`, the Sources page).",
        "",
        "To add a rule: add an entry to the field's file with its id, where it looks, a one-line doc and",
        "at least one example (a short article you write, the figure as written, the value expected);",
        "make the resolver in `etl/resolve/` record the id (`d.why(field, id, cue)`); run",
        "`python -m etl rules --docs` and `python -m etl golden`, and review the diff.",
        "",
    ]
    for fld in FIELDS:
        group = [r for r in rules() if r.field == fld]
        if not group:
            continue
        lines += [f"## {fld}", ""]
        for r in group:
            lines.append(f"- **`{r.id}`** ({r.where}): {r.doc}")
            for ex in r.examples:
                lines.append(f"  - `{_one_line(ex.text)}` → {ex.raw}: {fld} = `{ex.expect}`")
            for ex in r.counterexamples:
                lines.append(f"  - not: `{_one_line(ex.text)}` → {ex.raw}: {fld} = `{ex.expect}`")
        lines.append("")
    lines += ["## Readings in prose", "", "What a figure takes from around it, topic by topic (`data/rules/zh/notes.yaml`).", ""]
    for note in notes():
        lines.append(f"- **{note['topic']}**: {note['text']}")
    lines.append("")
    return "\n".join(lines)


@functools.cache
def notes(folder: Path = RULES_DIR) -> tuple[dict, ...]:
    """The readings in prose (notes.yaml): topic and text, in order."""

    data = _load_yaml((Path(folder) / "notes.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(n, dict) and n.get("topic") and n.get("text") for n in data):
        raise RuleError("notes.yaml: a list of {topic, text} expected")
    return tuple(data)


def _one_line(text: str) -> str:
    return text.strip().replace("\n", " ⏎ ")
