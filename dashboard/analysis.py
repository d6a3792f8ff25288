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
# output beside a whole district's. Their figures (and growth rates) are shown side by side,
# never ranked.
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
    }
)


def benchmark(headline: pd.DataFrame, focal: str, peers: list[str], lang: str) -> pd.DataFrame:
    """Metric by metric: each district's headline value, its rank, its ratio to the peer
    median, and why the figures may not be comparable (scope, year or status differ; or the
    code lumps different measures, which are then shown but not ranked). Growth rates are
    compared metric by metric (GDP's with GDP's), never one of GDP with one of exports."""
    cols = [
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
    ]
    if headline.empty or focal not in set(headline["district"]):
        return pd.DataFrame(columns=cols).astype({"rank": "Int64"})
    group = [focal] + [p for p in peers if p != focal]
    df = headline[headline["district"].isin(group)].copy()
    if "of_metric" not in df.columns:
        df["of_metric"] = None
    df["of_metric"] = df["of_metric"].astype(object).where(df["of_metric"].notna(), "")
    rows = []
    for (metric, of_metric, unit), g in df.groupby(["metric", "of_metric", "unit"], sort=True):
        if focal not in set(g["district"]):
            continue
        mixed = metric in MIXED_MEASURES or (metric == "growth" and (not of_metric or of_metric in MIXED_MEASURES))
        g = g.sort_values("value", ascending=False).reset_index(drop=True)
        g["rank"] = g["value"].rank(ascending=False, method="min").astype(int)
        peer_vals = g.loc[g["district"] != focal, "value"]
        median = float(peer_vals.median()) if len(peer_vals) else np.nan
        f = g[g["district"] == focal].iloc[0]
        issues = []
        others = g[g["district"] != focal]
        if mixed:
            issues.append(t("differs_measure", lang))
        elif others.empty:
            issues.append(t("no_peer_value", lang))
        else:
            if (others["scope"] != f["scope"]).any():
                issues.append(t("differs_scope", lang))
            if (others["year"].fillna(-1) != (f["year"] if pd.notna(f["year"]) else -1)).any():
                issues.append(t("differs_year", lang))
            if (others["status"] != f["status"]).any():
                issues.append(t("differs_status", lang))
        verdict = (
            t("ok", lang)
            if not issues
            else t("not_comparable", lang) + " " + "、".join(issues)
            if lang == "zh"
            else (t("ok", lang) if not issues else t("not_comparable", lang) + " " + ", ".join(issues))
        )
        for r in g.itertuples():
            # a ratio to the median says nothing for a fall (a negative growth rate): left blank
            # (and none for figures that measure different things: no rank either)
            ratio = r.value / median if not mixed and median and not np.isnan(median) and median > 0 and r.value > 0 else np.nan
            year = int(r.year) if pd.notna(r.year) else None
            rows.append(
                {
                    "metric": metric,
                    "of_metric": of_metric or None,
                    "metric_label": metric_label(metric, lang, of_metric),
                    "district": r.district,
                    "value": r.value,
                    "unit": unit,
                    "display": display(r.value, metric, unit, lang),
                    "rank": None if mixed else int(r.rank),
                    "ratio": round(ratio, 4) if not np.isnan(ratio) else np.nan,
                    "comparable": verdict,
                    "hover": f"{html.escape(r.raw)} · {r.scope} · {year or ''} · {r.status}<br><i>{html.escape(r.quote[:120])}</i>",
                    "raw": r.raw,
                    "scope": r.scope,
                    "year": year,
                    "status": r.status,
                    "quote": r.quote,
                }
            )
    out = pd.DataFrame(rows, columns=cols)
    out["rank"] = out["rank"].astype("Int64")  # blank for figures that are not ranked
    return out
