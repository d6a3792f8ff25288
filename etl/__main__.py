"""Command line: python -m etl {build,extract,add,validate,golden,evaluate}."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from datetime import date
from pathlib import Path

from etl import reference
from etl.manifest import Entry, ManifestError, check_districts, parse_date, read_manifest, write_manifest
from etl.paths import raw_dir, warehouse_dir
from etl.read import ArticleError, read_article


def _err(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    from etl.extract import extract_text

    published: date | None = None
    if args.published:
        try:
            published, _ = parse_date(args.published)
        except ManifestError as exc:
            _err(f"--published: {exc}")
            return 2
    try:
        raw = read_article(args.file)
    except ArticleError as exc:
        _err(str(exc))
        return 1
    districts: tuple[str, ...] = ()
    if args.district:
        try:
            districts = check_districts(args.district)
        except ManifestError as exc:
            _err(f"--district: {exc}")
            return 2
    doc_id = args.doc_id or Path(args.file).stem
    ex = extract_text(raw.text, doc_id, published, districts)
    try:
        for f in ex.facts:
            sys.stdout.write(json.dumps(f.explained() if args.explain else f.contract_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader left, which is fine
        sys.stderr.close()
        return 0
    print(f"{args.file}: {len(ex.facts)} facts ({raw.encoding}, {ex.cleaned.script})", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from etl.build import BuildRefused, run
    from etl.lock import BuildLocked

    try:
        report = run(
            raw=args.raw,
            out=args.out,
            jobs=args.jobs,
            progress=not args.quiet,
            resume=not args.no_resume,
            engine=args.engine,
            partition=args.partition,
            strict=args.strict,
            allow_shrink=args.allow_shrink,
        )
    except BuildRefused as exc:
        print(exc.report.summary(), file=sys.stderr)
        _err(f"build not swapped in, previous warehouse kept: {exc}")
        return 1
    except BuildLocked as exc:
        _err(str(exc))
        return 1
    except (ManifestError, ValueError) as exc:
        _err(f"build failed, previous warehouse kept: {exc}")
        return 1
    print(report.summary(), file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from etl.validate import run

    wh = Path(args.warehouse) if args.warehouse else warehouse_dir()
    problems = run(wh)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems in {wh}", file=sys.stderr)
        return 1
    print(f"{wh}: ok", file=sys.stderr)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    raw = Path(args.raw) if args.raw else raw_dir()
    src = Path(args.file)
    try:
        article = read_article(src)
        districts = check_districts(args.district)
        published, precision = parse_date(args.published)
        entries, errors = read_manifest(raw)
    except (ArticleError, ManifestError) as exc:
        _err(str(exc))
        return 1
    for e in entries:
        if e.sha256 == article.sha256:
            _err(f"{src}: already in the manifest as {e.doc_id} (same sha256)")
            return 1
    n = len(entries) + len(errors)
    doc_id = f"{n:03d}_{article.sha256[:16]}"
    name = f"{doc_id}{src.suffix or '.txt'}"
    dest = raw / name
    if dest.exists():
        _err(f"{dest}: exists already")
        return 1
    tmp = raw / f".{name}.tmp"
    shutil.copyfile(src, tmp)
    tmp.replace(dest)
    from etl.clean import clean

    script = clean(article.text).script
    title = next((ln.strip() for ln in article.text.splitlines() if ln.strip()), "")[:80]
    entry = Entry(
        doc_id=doc_id,
        file=name,
        districts=districts,
        published=published,
        published_precision=precision,
        published_basis="given to etl add",
        script=script,
        source=args.source or "",
        url=args.source or "",
        title_zh=title,
        sha256=article.sha256,
    )
    try:
        write_manifest(raw, entries + [entry])
    except OSError:
        dest.unlink(missing_ok=True)
        raise
    print(f"added {name} as {doc_id} ({article.encoding}); run `python -m etl build`", file=sys.stderr)
    return 0


def cmd_golden(args: argparse.Namespace) -> int:
    from etl.golden import run

    changed, report = run(update=args.update, names=tuple(args.name or ()))
    for line in report:
        print(line)
    if not changed:
        print("golden corpus: no differences", file=sys.stderr)
        return 0
    if args.update:
        print(f"golden corpus: {changed} files rewritten; review them with git diff tests/corpus", file=sys.stderr)
        return 0
    print(
        f"golden corpus: {changed} files differ; if every change is intended, run python -m etl golden --update", file=sys.stderr
    )
    return 1


def cmd_evaluate(args: argparse.Namespace) -> int:
    from etl.evaluate import EvaluationError, evaluate, report, summary

    try:
        scores = evaluate(args.gold, args.articles, args.manifest)
    except EvaluationError as exc:
        _err(str(exc))
        return 1
    if args.json:
        print(json.dumps(summary(scores), ensure_ascii=False))
    else:
        print("\n".join(report(scores)))
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from etl import rules

    try:
        catalogue = rules.rules()
    except rules.RuleError as exc:
        _err(str(exc))
        return 1
    if args.docs:
        text = rules.docs_markdown()
        tmp = rules.DOCS_FILE.with_name(rules.DOCS_FILE.name + ".tmp")
        rules.DOCS_FILE.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(rules.DOCS_FILE)
        print(f"wrote {rules.DOCS_FILE} ({len(catalogue)} rules)", file=sys.stderr)
        return 0
    for r in catalogue:
        print(f"{r.id:32} {r.field:9} {r.doc}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)

    e = sub.add_parser("extract", help="print one JSON object per fact of one article")
    e.add_argument("file")
    e.add_argument("--published", help="YYYY-MM-DD (or YYYY-MM, YYYY)")
    e.add_argument("--district", help="gazetteer id(s) the article is about, ';'-separated")
    e.add_argument("--doc-id", help="document id (default: file stem)")
    e.add_argument(
        "--explain", action="store_true", help="add each fact's rules: for each field the rule that decided it and its cue"
    )
    e.set_defaults(func=cmd_extract)

    b = sub.add_parser("build", help="raw articles -> Parquet warehouse (atomic)")
    b.add_argument("--raw", type=Path, help="raw folder with manifest.csv (default data/raw)")
    b.add_argument("--out", type=Path, help="warehouse location (default data/warehouse)")
    b.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    b.add_argument("--quiet", action="store_true")
    b.add_argument("--strict", action="store_true", help="exit 1 and keep the previous warehouse when any article or row failed")
    b.add_argument(
        "--allow-shrink",
        action="store_true",
        help="replace the warehouse even when this build has fewer than half its documents",
    )
    b.add_argument(
        "--partition",
        action="store_true",
        default=None,
        help="write facts hive-partitioned by (province, year); automatic above 100,000 articles",
    )
    b.add_argument("--no-resume", action="store_true", help="extract every article again (ignore the extraction cache)")
    b.add_argument("--engine", choices=["local", "dask"], default="local", help="local process pool (default) or a Dask cluster")
    b.set_defaults(func=cmd_build)

    a = sub.add_parser("add", help="add an article to data/raw and the manifest")
    a.add_argument("file")
    a.add_argument("--district", required=True, help=f"gazetteer id: {', '.join(sorted(reference.district_ids()))}")
    a.add_argument("--published", required=True, help="YYYY-MM-DD")
    a.add_argument("--source", help="URL of the article")
    a.add_argument("--raw", type=Path, help="raw folder (default data/raw)")
    a.set_defaults(func=cmd_add)

    v = sub.add_parser("validate", help="schema and sanity checks")
    v.add_argument("--warehouse", type=Path)
    v.set_defaults(func=cmd_validate)

    g = sub.add_parser("golden", help="compare the extractor's output with the golden corpus (tests/corpus)")
    g.add_argument("--update", action="store_true", help="rewrite the golden files from today's output")
    g.add_argument("name", nargs="*", help="only these cases (default: all)")
    g.set_defaults(func=cmd_golden)

    ev = sub.add_parser("evaluate", help="score the extractor against hand-read gold (precision, recall, agreement)")
    ev.add_argument("gold", type=Path, help="gold facts, one JSON object per line (contract columns + file, core)")
    ev.add_argument("articles", type=Path, help="folder of the articles the gold names")
    ev.add_argument("--manifest", type=Path, help="CSV with columns file and published (YYYY-MM-DD or YYYY-MM)")
    ev.add_argument("--json", action="store_true", help="print the figures only, as one JSON object")
    ev.set_defaults(func=cmd_evaluate)

    r = sub.add_parser("rules", help="list the reading rules (data/rules/zh); --docs writes docs/rules.md")
    r.add_argument("--docs", action="store_true", help="write docs/rules.md from the rule files")
    r.set_defaults(func=cmd_rules)

    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
