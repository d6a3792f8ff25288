"""Schema and sanity checks on a built warehouse."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from etl import reference
from etl.schema import CURRENCY_UNITS, QUALIFIERS, SCOPES, SIGNED_METRICS, STATUSES, TABLES, UNITS

MONEY_UNITS = frozenset(CURRENCY_UNITS)


def run(warehouse: Path) -> list[str]:
    """Every problem found, as a message; an empty list means the warehouse is sound."""
    problems: list[str] = []
    tables = {}
    for name, cols in TABLES.items():
        path = Path(warehouse) / f"{name}.parquet"
        expected = [c[0] for c in cols]
        if path.exists():
            t = pq.read_table(path)
        elif (Path(warehouse) / name).is_dir() and any((Path(warehouse) / name).glob("part-*.parquet")):
            t = pq.read_table(Path(warehouse) / name)  # part files: a warehouse that was appended to
        elif (Path(warehouse) / name).is_dir():  # hive-partitioned (province, year)
            t = pq.read_table(Path(warehouse) / name, partitioning="hive")
            t = t.drop_columns(["province"]).set_column(
                t.schema.get_field_index("year") - 1, "year", t.column("year").cast(pa.string()).cast(pa.int32())
            )
            t = t.select(expected)
        else:
            problems.append(f"{name}: missing table {path}")
            continue
        if t.column_names != expected:
            problems.append(f"{name}: columns {t.column_names} != {expected}")
        for col, typ, *_ in cols:
            if col in t.column_names and t.schema.field(col).type != typ:
                problems.append(f"{name}.{col}: type {t.schema.field(col).type} != {typ}")
        tables[name] = t.to_pylist()
    if "facts" not in tables or "documents" not in tables:
        return problems
    texts = {d["doc_id"]: d["text"] for d in tables["documents"]}
    metric_units = {m.code: m.unit for m in reference.metrics()}
    seen = set()
    for f in tables["facts"]:
        fid = f["fact_id"]
        if fid in seen:
            problems.append(f"fact {fid}: duplicate id")
        seen.add(fid)
        if f["value"] is None or (f["value"] < 0 and f["metric"] not in SIGNED_METRICS):
            problems.append(f"fact {fid}: negative or missing value {f['value']}")
        if f["value_high"] is not None and f["value_high"] < f["value"]:
            problems.append(f"fact {fid}: value_high {f['value_high']} below value {f['value']}")
        if f["status"] not in STATUSES:
            problems.append(f"fact {fid}: unknown status {f['status']!r}")
        if f["scope"] not in SCOPES:
            problems.append(f"fact {fid}: unknown scope {f['scope']!r}")
        if f["qualifier"] not in QUALIFIERS:
            problems.append(f"fact {fid}: unknown qualifier {f['qualifier']!r}")
        if f["unit"] not in UNITS:
            problems.append(f"fact {fid}: unknown unit {f['unit']!r}")
        expected = metric_units.get(f["metric"])
        if f["metric"] not in metric_units:
            problems.append(f"fact {fid}: unknown metric {f['metric']!r}")
        elif expected == "CNY" and f["unit"] not in MONEY_UNITS:
            problems.append(f"fact {fid}: metric {f['metric']} needs a currency, has {f['unit']}")
        elif expected and expected != "CNY" and f["unit"] != expected:
            problems.append(f"fact {fid}: metric {f['metric']} needs {expected}, has {f['unit']}")
        text = texts.get(f["doc_id"])
        if text is None:
            problems.append(f"fact {fid}: document {f['doc_id']} not in documents")
        elif text[f["start"] : f["end"]] != f["raw"]:
            problems.append(f"fact {fid}: raw {f['raw']!r} not found at {f['start']}:{f['end']} in {f['doc_id']}")
        if f["district"] and not (f["district"] in reference.district_ids() or f["district"].startswith("unknown:")):
            problems.append(f"fact {fid}: district {f['district']!r} is neither a gazetteer id nor unknown:<name>")
    return problems
