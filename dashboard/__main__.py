"""Command line: python -m dashboard {sql,deck}.

python -m dashboard sql "SELECT count(*) FROM facts"       # CSV on stdout; refusal on stderr, exit 1
python -m dashboard deck --districts suzhou-sip,xuzhou-quanshan --charts output,investment --lang zh --out deck.pptx
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from etl.paths import warehouse_dir


def _ensure() -> Path:
    from etl.build import is_stale, run

    if is_stale():
        run(progress=False)
    return warehouse_dir()


def cmd_sql(args) -> int:
    """Read only: a missing warehouse is an error and a stale one a warning, never a rebuild."""
    from dashboard.sandbox import Sandbox, SandboxError
    from etl.build import is_stale

    wh = Path(args.warehouse) if args.warehouse else warehouse_dir()
    if not (wh / "facts.parquet").exists() and not (wh / "facts").is_dir():
        print(f"error: no warehouse at {wh}; build it with python -m etl build", file=sys.stderr)
        return 1
    if not args.warehouse and is_stale():
        print(f"warning: {wh} is older than the raw articles; python -m etl build brings it up to date", file=sys.stderr)
    try:
        box = Sandbox(wh)
        try:
            result = box.run(args.query)
        finally:
            box.close()
    except SandboxError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    from dashboard.exports import neutralized

    neutralized(result.frame).to_csv(sys.stdout, index=False)
    if result.notice:
        print(result.notice, file=sys.stderr)
    return 0


def cmd_deck(args) -> int:
    from dashboard import catalog, exports
    from dashboard import queries as q

    wh = Path(args.warehouse) if args.warehouse else _ensure()
    con = q.connect(wh)

    def fetch(query):
        return q.run(con, query)

    districts = [d for d in args.districts.split(",") if d]
    charts = [c for c in args.charts.split(",") if c]
    unknown = [c for c in charts if c not in catalog.CHARTS]
    if unknown:
        print(f"error: unknown chart(s) {', '.join(unknown)}; choose from {', '.join(catalog.CHARTS)}", file=sys.stderr)
        return 2
    known = set(fetch(q.all_districts())["id"])
    missing = [d for d in districts if d not in known]
    if missing or not districts:
        print(
            f"error: unknown district(s) {', '.join(missing) or '(none given)'}; choose from {', '.join(sorted(known))}",
            file=sys.stderr,
        )
        return 2
    ready = exports.image_readiness()
    if not ready.ok:
        print(f"error: {ready.message}", file=sys.stderr)
        return 1
    f = q.Filters(districts=tuple(districts))
    built = [catalog.CHARTS[c](fetch, f, args.lang) for c in charts]

    def docs_for(ids):
        return fetch(q.documents_by_id(list(ids)))

    out = Path(args.out)
    data = (
        exports.build_zip(built, docs_for, args.lang)
        if out.suffix == ".zip"
        else exports.build_deck(built, docs_for, districts, args.lang, date.today())
    )
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    print(f"wrote {out} ({len(built)} charts, {len(data):,} bytes)", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m dashboard", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sql", help="run one read-only SELECT through the sandbox; CSV on stdout")
    s.add_argument("query")
    s.add_argument("--warehouse")
    s.set_defaults(func=cmd_sql)
    d = sub.add_parser("deck", help="build a PPTX deck (or a ZIP of PNG/SVG/CSV with --out x.zip)")
    d.add_argument("--districts", required=True, help="comma-separated district ids")
    d.add_argument("--charts", default="output,investment,clusters", help="comma-separated chart keys")
    d.add_argument("--lang", choices=["zh", "en"], default="zh")
    d.add_argument("--out", required=True, help="deck.pptx or charts.zip")
    d.add_argument("--warehouse")
    d.set_defaults(func=cmd_deck)
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
