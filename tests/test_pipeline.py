"""The extractor's shape: resolvers run in an order that sets every field before it is read,
each field decided by one step, and functions short enough to read."""

import ast
import inspect

from etl import facts
from etl.paths import ROOT
from etl.resolve.base import Draft


def test_every_field_is_set_once_and_before_it_is_read():
    set_by: dict[str, str] = {}
    for name, _step, sets, needs in facts.PIPELINE:
        for field in needs:
            assert field in set_by, f"{name} reads {field} before any step sets it"
        for field in sets:
            assert field not in set_by, f"{field} is set by both {set_by[field]} and {name}"
            set_by[field] = name
    fact_fields = {f for f in Draft.__dataclass_fields__} - {"q", "si", "sent", "clause", "prev_sents", "resp", "rules"}
    assert fact_fields == set(set_by), fact_fields ^ set(set_by)


def test_the_pipeline_is_short_and_no_extractor_function_is_long():
    assert len(inspect.getsource(facts.extract_facts).splitlines()) <= 40
    long = []
    reading = ("read.py", "clean.py", "quantities.py", "places.py", "context.py", "cues.py", "rules.py", "facts.py")
    for path in [*(ROOT / "etl" / name for name in reading), *(ROOT / "etl" / "resolve").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 60:
                long.append(f"{path.name}:{node.name}")
    assert long == []


def test_the_rules_of_a_fact_say_why():
    from etl.extract import extract_text

    f = next(f for f in extract_text("泉山区力争到2027年引进项目30个,总投资120亿元。\n", "t").facts if f.raw == "120亿元")
    assert (f.metric, f.status, f.year) == ("investment", "target", 2027)
    assert f.rules["metric"] == ("metric.cue_before", "总投资")
    assert f.rules["status"] == ("status.cue_before", "力争")
    assert f.rules["year"] == ("year.before_in_sentence", "2027年")
    assert f.rules["district"] == ("place.named_before", "泉山区")


def test_extract_explain_prints_the_rules_and_plain_extract_does_not(tmp_path):
    import json
    import subprocess
    import sys

    art = tmp_path / "a.txt"
    art.write_text("锦江区招商\n锦江区今年签约项目10个,总投资52亿元。\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "etl", "extract", str(art), "--published", "2024-05-01"]
    plain = [json.loads(x) for x in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()]
    explained = [
        json.loads(x) for x in subprocess.run([*cmd, "--explain"], capture_output=True, text=True, check=True).stdout.splitlines()
    ]
    assert all("rules" not in f for f in plain)
    money = next(f for f in explained if f["raw"] == "52亿元")
    assert {k: v for k, v in money.items() if k != "rules"} == next(f for f in plain if f["raw"] == "52亿元")
    assert money["rules"]["status"] == {"rule": "status.cue_before", "cue": "签约"}
    assert money["rules"]["metric"] == {"rule": "metric.cue_before", "cue": "总投资"}
    assert money["rules"]["year"] == {"rule": "year.before_in_sentence", "cue": "今年"}
