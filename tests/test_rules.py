"""Every reading rule's examples and counterexamples (data/rules/zh/*.yaml) run as tests, the
rule ids the resolvers record are all in the catalogue, and docs/rules.md is the catalogue's."""

import re
from datetime import date

import pytest

from etl import rules
from etl.extract import extract_text
from etl.paths import ROOT

RULES = rules.rules()
DEFAULT_PUBLISHED = date(2024, 6, 15)


def _fact(example):
    published = date.fromisoformat(example.published) if example.published else DEFAULT_PUBLISHED
    facts = [f for f in extract_text(example.text, "rule-example", published).facts if f.raw == example.raw]
    assert facts, f"no figure {example.raw!r} in {example.text!r}"
    return facts[0]


def _value(fact, field):
    return getattr(fact, field)


@pytest.mark.parametrize(
    "rule,example",
    [(r, e) for r in RULES for e in r.examples],
    ids=[f"{r.id}-{i}" for r in RULES for i, _ in enumerate(r.examples)],
)
def test_example(rule, example):
    fact = _fact(example)
    assert _value(fact, rule.field) == example.expect, (rule.id, example.text)
    assert fact.rules.get(rule.field, (None,))[0] == rule.id, (fact.rules, example.text)


COUNTER = [(r, e) for r in RULES for e in r.counterexamples]


@pytest.mark.parametrize("rule,example", COUNTER, ids=[f"{r.id}-not-{i}" for i, (r, _) in enumerate(COUNTER)])
def test_counterexample(rule, example):
    fact = _fact(example)
    assert _value(fact, rule.field) == example.expect, (rule.id, example.text)
    assert fact.rules.get(rule.field, (None,))[0] != rule.id, (fact.rules, example.text)


def _ids_in_code() -> set[str]:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "etl" / "resolve").glob("*.py"))
    found = set(re.findall(r'"((?:metric|status|year|place|scope|entity|cluster|value)\.[a-z_]+)"', code))
    # ids made from a code: "scope.named_" + project/zone, "scope.whole_" + national/province/city
    found -= {"scope.named_", "scope.whole_"}
    found |= {"scope.named_project", "scope.named_zone", "scope.whole_national", "scope.whole_province", "scope.whole_city"}
    return found


def test_every_rule_the_resolvers_record_is_in_the_catalogue_and_back():
    catalogue = {r.id for r in RULES}
    assert _ids_in_code() - catalogue == set(), "rules recorded in code but not in data/rules/zh"
    assert catalogue - _ids_in_code() == set(), "rules in data/rules/zh that no resolver records"


def test_docs_rules_md_is_generated_from_the_rules():
    assert rules.DOCS_FILE.read_text(encoding="utf-8") == rules.docs_markdown(), "run python -m etl rules --docs"


def test_a_rule_without_examples_is_refused(tmp_path):
    (tmp_path / "x.yaml").write_text('- id: metric.x\n  field: metric\n  where: "clause"\n  doc: "a rule"\n', encoding="utf-8")
    with pytest.raises(rules.RuleError, match=r"^x.yaml: rule metric.x: at least one example is required$"):
        rules.rules.__wrapped__(tmp_path)


def test_every_word_list_is_used_and_every_list_used_is_there():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "etl").rglob("*.py"))
    used = set(re.findall(r'(?:word_list|word_map|alternation|pattern)\("([a-z_]+)"\)', code))
    assert used == set(rules.words()), used ^ set(rules.words())
    assert all(str(entry["doc"]).strip() for entry in rules.words().values())
