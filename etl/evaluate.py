"""Score the extractor against hand-read gold (``python -m etl evaluate GOLD.jsonl ARTICLES_DIR``).

The gold is one JSON object per figure in the data contract's columns plus ``file``, ``core``
and ``start``/``end`` (offsets in the file as stored). How it is read and matched, as the
development set's CONVENTIONS.md says:

- Predictions of metric ``growth`` or ``completion_rate``, and in units outside the contract's
  (physical units: t, kW, kWh, km, m3, TEU), are set aside before scoring.
- A prediction matches a gold figure of the same unit and value (within 0.5%), one to one,
  preferring the same raw, then the same metric, then the same quote.
- A missed figure of the title line is excused when its value and unit were matched elsewhere
  in the article (a headline the body repeats may be extracted once).
- Places agree when one name contains the other (``光明区`` ~ ``深圳市光明区``); a gazetteer id
  with scope ``city`` is its city (``suzhou-sip`` ~ ``unknown:苏州``).
- Metrics are compared in the contract's codes: a code added here maps to the contract's code
  named in ``data/reference/metrics.csv`` (column ``contract``).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from etl import reference
from etl.schema import CURRENCY_UNITS

FIELDS = ("metric", "status", "year", "district", "scope")
SET_ASIDE_METRICS = frozenset(("growth", "completion_rate"))
CONTRACT_UNITS = frozenset(("m2", "count", "person", "percent", *CURRENCY_UNITS))  # not the physical units
TOLERANCE = 0.005
TITLE_MAX = 100  # a first line longer than this is the body: the article has no title line


class EvaluationError(ValueError):
    """Bad gold, manifest or articles folder: the message names the file and line."""


@dataclass
class Pair:
    gold: dict
    pred: dict
    agree: dict[str, bool]


@dataclass
class FileScore:
    file: str
    gold: list[dict]
    preds: list[dict]
    set_aside: int = 0
    pairs: list[Pair] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    excused: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- reading the inputs


def read_gold(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read the gold ({exc})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
            out.setdefault(g["file"], []).append(g)
            float(g["value"]), g["unit"]  # noqa: B018 - the fields every match needs
        except (ValueError, KeyError, TypeError) as exc:
            raise EvaluationError(f"{path}:{n}: not a gold fact ({exc})") from exc
    return out


def read_dates(manifest: Path | None) -> dict[str, date | None]:
    """file -> publication date, from a manifest with columns ``file`` and ``published``."""
    from etl.manifest import ManifestError, parse_date

    if manifest is None:
        return {}
    out: dict[str, date | None] = {}
    try:
        with open(manifest, encoding="utf-8-sig", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), 2):
                if not row.get("file"):
                    raise EvaluationError(f"{manifest}:{n}: no file named")
                value = (row.get("published") or "").strip()
                try:
                    out[row["file"]] = parse_date(value)[0] if value else None
                except ManifestError as exc:
                    raise EvaluationError(f"{manifest}:{n}: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{manifest}: cannot read the manifest ({exc})") from exc
    return out


# --------------------------------------------------------------------------- normalising


def _norm(text: str) -> str:
    from etl.clean import to_simplified

    return to_simplified(unicodedata.normalize("NFKC", text or "")).replace(" ", "").replace("\u3000", "")


@dataclass(frozen=True)
class _Places:
    names: dict[str, str]  # gazetteer id -> its name
    cities: dict[str, tuple[str, ...]]  # gazetteer id -> its city's names


def _places() -> _Places:
    ds = reference.districts()
    return _Places({d.id: d.name_zh for d in ds}, {d.id: (d.city_zh, *d.city_aliases) for d in ds})


def same_place(pred: str | None, scope: str | None, gold: str | None, places: _Places | None = None) -> bool:
    """Whether a predicted district is the gold's (the scorer's containment rule)."""
    if gold is None or pred is None:
        return gold is pred
    places = places or _places()
    want = gold.removeprefix("unknown:")
    if pred in places.names:
        names = places.cities[pred] if scope == "city" else (places.names[pred],)
    else:
        names = (pred.removeprefix("unknown:"),)
    return any(n and (n in want or want in n) for n in names)


def _contract_metric() -> dict[str, str]:
    return {m.code: m.contract or m.code for m in reference.metrics()}


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9)


# --------------------------------------------------------------------------- matching


def _title_end(text: str) -> int:
    end = text.find("\n")
    return end if 0 < end <= TITLE_MAX else -1


def match(gold: list[dict], preds: list[dict], text_len_gold: int, text_len_pred: int) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index): same unit and value, preferring the same raw,
    then the same metric, then the same quote, then the nearer place in the article."""
    metric_of = _contract_metric()
    cands = []
    for gi, g in enumerate(gold):
        graw, gquote = _norm(g["raw"]), _norm(g.get("quote", ""))
        for pi, p in enumerate(preds):
            if p["unit"] != g["unit"] or not _close(float(p["value"]), float(g["value"])):
                continue
            praw, pquote = _norm(p["raw"]), _norm(p["quote"])
            quote = 2 if pquote == gquote else 1 if (gquote and (gquote in pquote or pquote in gquote)) else 0
            where = abs(g.get("start", 0) / max(text_len_gold, 1) - p["start"] / max(text_len_pred, 1))
            key = (praw != graw, metric_of.get(p["metric"], p["metric"]) != g["metric"], -quote, where)
            cands.append((key, gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def agreement(g: dict, p: dict, metric_of: dict[str, str], places: _Places) -> dict[str, bool]:
    return {
        "metric": metric_of.get(p["metric"], p["metric"]) == g["metric"],
        "status": p["status"] == g["status"],
        "year": p["year"] == g["year"],
        "district": same_place(p["district"], p["scope"], g["district"], places),
        "scope": p["scope"] == g["scope"],
    }


def score_file(name: str, stored_text: str, gold: list[dict], facts: list[dict], cleaned_len: int) -> FileScore:
    preds = [f for f in facts if f["metric"] not in SET_ASIDE_METRICS and f["unit"] in CONTRACT_UNITS]
    fs = FileScore(name, gold, preds, set_aside=len(facts) - len(preds))
    metric_of, places = _contract_metric(), _places()
    pairs = match(gold, preds, len(stored_text), cleaned_len)
    for gi, pi in pairs:
        fs.pairs.append(Pair(gold[gi], preds[pi], agreement(gold[gi], preds[pi], metric_of, places)))
    got_g = {gi for gi, _ in pairs}
    got_p = {pi for _, pi in pairs}
    title_end = _title_end(stored_text)
    matched = [gold[gi] for gi in got_g]
    for gi, g in enumerate(gold):
        if gi in got_g:
            continue
        in_title = 0 <= g.get("start", 10**9) < title_end
        if in_title and any(m["unit"] == g["unit"] and _close(float(m["value"]), float(g["value"])) for m in matched):
            fs.excused.append(g)
        else:
            fs.missed.append(g)
    fs.extra = [p for pi, p in enumerate(preds) if pi not in got_p]
    return fs


def evaluate(gold_path: Path, articles: Path, manifest: Path | None = None) -> list[FileScore]:
    from etl.extract import extract_text
    from etl.read import ArticleError, read_article

    gold = read_gold(gold_path)
    dates = read_dates(manifest)
    scores = []
    for name in sorted(gold):
        path = Path(articles) / name
        try:
            raw = read_article(path)
        except ArticleError as exc:
            raise EvaluationError(str(exc)) from exc
        ex = extract_text(raw.text, Path(name).stem, dates.get(name), ())
        facts = [f.contract_dict() for f in ex.facts]
        scores.append(score_file(name, raw.text, gold[name], facts, len(ex.cleaned.text)))
    return scores


# --------------------------------------------------------------------------- figures and report


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def summary(scores: Iterable[FileScore]) -> dict:
    scores = list(scores)
    n_pred = sum(len(s.preds) for s in scores)
    n_pairs = sum(len(s.pairs) for s in scores)
    n_gold = sum(len(s.gold) - len(s.excused) for s in scores)
    core_gold = sum(1 for s in scores for g in s.gold if g.get("core") and g not in s.excused)
    core_got = sum(1 for s in scores for p in s.pairs if p.gold.get("core"))
    agree = Counter(f for s in scores for p in s.pairs for f in FIELDS if p.agree[f])
    out = {
        "files": len(scores),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": n_pairs,
        "precision": _ratio(n_pairs, n_pred),
        "recall": _ratio(n_pairs, n_gold),
        "core_recall": _ratio(core_got, core_gold),
    }
    out.update({f"{f}_agreement": _ratio(agree[f], n_pairs) for f in FIELDS})
    return out


def _short(f: dict) -> str:
    quote = f.get("quote", "").replace("\n", " ")
    return f"{f['raw']} [{f['metric']} {f['status']} {f['year']} {f['district']} {f['scope']}] «{quote[:60]}»"


def report(scores: list[FileScore]) -> list[str]:
    s = summary(scores)
    lines = [
        f"files {s['files']}, gold {s['gold']}, predicted {s['predicted']}, matched {s['matched']}",
        f"precision {s['precision']}  recall {s['recall']}  core recall {s['core_recall']}",
        "agreement  " + "  ".join(f"{f} {s[f + '_agreement']}" for f in FIELDS),
        "",
        "per file: gold matched missed extra | metric status year district scope",
    ]
    for fs in scores:
        n = len(fs.pairs)
        ag = "  ".join(f"{sum(p.agree[f] for p in fs.pairs)}/{n}" for f in FIELDS)
        lines.append(f"  {fs.file}: {len(fs.gold)} {n} {len(fs.missed)} {len(fs.extra)} | {ag}")
    for fs in scores:
        lines.append("")
        lines.append(f"== {fs.file}")
        lines += [f"  missed  {_short(g)}" for g in fs.missed]
        lines += [f"  extra   {_short(p)}" for p in fs.extra]
        for p in fs.pairs:
            for f in FIELDS:
                if not p.agree[f]:
                    lines.append(
                        f"  {f:<8} {p.pred['raw']}: got {p.pred[f]!r}, gold {p.gold[f]!r} «{p.gold.get('quote', '')[:60]}»"
                    )
    return lines
