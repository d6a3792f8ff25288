"""Pure analysis on query results: cluster matrices, strategy similarity, benchmarks."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from dashboard.i18n import metric_label, t
from dashboard.units import display


def cluster_matrix(mentions: pd.DataFrame, value: str = "mentions") -> pd.DataFrame:
    """district x cluster matrix of ``value`` (0 where a district never names a cluster)."""
    if mentions.empty:
        return pd.DataFrame()
    m = mentions.pivot_table(index="district", columns="cluster", values=value, aggfunc="sum", fill_value=0)
    order = m.sum().sort_values(ascending=False).index
    return m[order]


def similarity(matrix: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity of districts' cluster profiles (rows of ``matrix``)."""
    if matrix.empty:
        return pd.DataFrame()
    v = matrix.to_numpy(dtype=float)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit = v / norms
    sim = unit @ unit.T
    return pd.DataFrame(np.round(sim, 4), index=matrix.index, columns=matrix.index)


# codes whose figures measure different things from one article to the next: a share of GDP
# beside a share of exports, base stations beside buildings, jobs beside residents, a fund's
# size beside one award, industrial value added beside the service sector's, one cluster's
# output beside a whole district's, 585 brands beside 8 firms newly above the size threshold
# (metrics.csv: enterprises "or brands"), one centre's 3,100 m² beside a park's 70,000. Their
# figures (and growth rates) are shown side by side, never ranked.
MIXED_MEASURES = frozenset(
    {
        "other",
        "share",
        "completion_rate",
        "facilities",
        "people",
        "per_capita",
        "per_mu",
        "production",
        "incentive",
        "value_added",
        "output_value",
        "enterprises",
        "floor_area",
    }
)


STATUS_PREFERENCE = {"actual": 0, "signed": 1, "plan": 2, "target": 3}  # what is reported done before what is hoped
SCOPE_PREFERENCE = {"district": 0, "zone": 0, "project": 1, "town": 1, "city": 2}  # the place's own first

BENCHMARK_COLUMNS = [
    "metric",
    "of_metric",
    "metric_label",
    "district",
    "value",
    "unit",
    "display",
    "rank",
    "ratio",
    "comparable",
    "hover",
    "raw",
    "scope",
    "year",
    "status",
    "quote",
    "is_focal",
    "matched",
]


def _best(rows: pd.DataFrame) -> pd.Series:
    """A place's figure for a metric: actual before signed, planned and target; its own scope
    before a project's or the city's; then the latest year, then the largest value."""
    order = rows.assign(
        _st=rows["status"].map(STATUS_PREFERENCE).fillna(9),
        _sc=rows["scope"].map(SCOPE_PREFERENCE).fillna(9),
        _yr=-rows["year"].fillna(-1),
        _v=-rows["value"],
    ).sort_values(["_st", "_sc", "_yr", "_v"], kind="stable")
    return order.iloc[0]


def _nearest_year(rows: pd.DataFrame, year) -> pd.Series:
    """The row of the year nearest ``year`` (the same year first, then the later of two as near)."""
    if pd.isna(year):
        undated = rows[rows["year"].isna()]
        return (undated if not undated.empty else rows).sort_values("value", ascending=False).iloc[0]
    dated = rows[rows["year"].notna()]
    if dated.empty:
        return rows.sort_values("value", ascending=False).iloc[0]
    key = dated.assign(_d=(dated["year"] - year).abs(), _late=-dated["year"], _v=-dated["value"])
    return key.sort_values(["_d", "_late", "_v"], kind="stable").iloc[0]


def benchmark(candidates: pd.DataFrame, focal: str, peers: list[str], lang: str) -> pd.DataFrame:
    """Metric by metric, like with like. The focal district's figure is its best (actual
    before signed, planned, target; its own scope first; latest year). A peer is compared with
    its figure of the same metric, unit, scope and status, of the same year or the nearest (said
    so); only those are ranked and make the median. A peer with no such figure shows its own
    best, marked not comparable with what differs, unranked. Codes that lump different measures
    are shown, never ranked. ``candidates``: one row per district, metric, unit, scope, status
    and year (queries.benchmark_candidates)."""
    from dashboard.i18n import code_label

    if candidates.empty or focal not in set(candidates["district"]):
        return pd.DataFrame(columns=BENCHMARK_COLUMNS).astype({"rank": "Int64"})
    group = [focal] + [p for p in dict.fromkeys(peers) if p != focal]
    df = candidates[candidates["district"].isin(group)].copy()
    if "of_metric" not in df.columns:
        df["of_metric"] = None
    df["of_metric"] = df["of_metric"].astype(object).where(df["of_metric"].notna(), "")
    sep = "、" if lang == "zh" else ", "
    rows = []
    for (metric, of_metric, unit), g in df.groupby(["metric", "of_metric", "unit"], sort=True):
        mine = g[g["district"] == focal]
        if mine.empty:
            continue
        mixed = metric in MIXED_MEASURES or (metric == "growth" and (not of_metric or of_metric in MIXED_MEASURES))
        f = _best(mine)
        picked = [(f, True, [])]
        for peer in group[1:]:
            theirs = g[g["district"] == peer]
            if theirs.empty:
                continue
            same = theirs[(theirs["scope"] == f["scope"]) & (theirs["status"] == f["status"])]
            if not same.empty:
                r = _nearest_year(same, f["year"])
                same_year = (pd.isna(r["year"]) and pd.isna(f["year"])) or (
                    pd.notna(r["year"]) and pd.notna(f["year"]) and r["year"] == f["year"]
                )
                note = [] if same_year else ["nearest_year"]
                picked.append((r, True, note))
            else:
                r = _best(theirs)
                why = []
                if r["scope"] != f["scope"]:
                    why.append("differs_scope")
                if r["status"] != f["status"]:
                    why.append("differs_status")
                picked.append((r, False, why))
        matched = [r for r, ok, _ in picked[1:] if ok]
        ranked = not mixed and bool(matched)
        values = pd.Series([r["value"] for r, ok, _ in picked if ok])
        ranks = values.rank(ascending=False, method="min").astype(int).tolist() if ranked else []
        median = float(pd.Series([r["value"] for r in matched]).median()) if matched else np.nan
        i_rank = iter(ranks)
        block = []
        for r, ok, why in picked:
            rank = next(i_rank) if ranked and ok else None
            if mixed:
                verdict = t("not_comparable", lang) + " " + t("differs_measure", lang)
            elif not ok:
                verdict = t("not_comparable", lang) + " " + sep.join(t(w, lang) for w in why)
            elif r is f and not matched:
                verdict = t("not_comparable", lang) + " " + t("no_like_peer" if len(picked) > 1 else "no_peer_value", lang)
            elif why:
                verdict = (
                    t("ok", lang)
                    + f" ({t('nearest_year', lang)}: {int(r['year']) if pd.notna(r['year']) else t('undated', lang)})"
                )
            else:
                verdict = t("ok", lang)
            positive = median > 0 and r["value"] > 0 if not np.isnan(median) else False
            ratio = r["value"] / median if ranked and ok and positive else np.nan
            year = int(r["year"]) if pd.notna(r["year"]) else None
            status_l, scope_l = code_label("status", r["status"], lang), code_label("scope", r["scope"], lang)
            block.append(
                {
                    "metric": metric,
                    "of_metric": of_metric or None,
                    "metric_label": metric_label(metric, lang, of_metric),
                    "district": r["district"],
                    "value": r["value"],
                    "unit": unit,
                    "display": display(r["value"], metric, unit, lang),
                    "rank": rank,
                    "ratio": round(ratio, 4) if not np.isnan(ratio) else np.nan,
                    "comparable": verdict,
                    "hover": f"{html.escape(str(r['raw']))} · {scope_l} · {year or t('undated', lang)} · {status_l}"
                    f"<br><i>{html.escape(str(r['quote'])[:120])}</i>",
                    "raw": r["raw"],
                    "scope": r["scope"],
                    "year": year,
                    "status": r["status"],
                    "quote": r["quote"],
                    "is_focal": r["district"] == focal,
                    "matched": bool(ok and not mixed and (matched or r is f)),
                }
            )
        rows += sorted(block, key=lambda b: -b["value"])  # largest first within a metric
    out = pd.DataFrame(rows, columns=BENCHMARK_COLUMNS)
    out["rank"] = out["rank"].astype("Int64")  # blank for figures that are not ranked
    return out
