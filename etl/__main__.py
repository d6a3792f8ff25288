"""Command line: python -m etl {build,extract,add,validate,golden,evaluate}."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from etl import reference
from etl.manifest import ManifestError, check_districts, parse_date
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
    """Articles (files, or folders of .txt/.html) into the raw folder and its manifest, about one
    place: --district for the gazetteer's six, --place for any place of China (cpca's table)."""
    from etl import intake

    raw = Path(args.raw) if args.raw else raw_dir()
    try:
        if args.district:
            districts = check_districts(args.district)
            place = intake.resolve_place(districts[0])
        elif args.place:
            place = intake.resolve_place(args.place)
        else:
            raise intake.IntakeError("give the place: --place NAME (any place of China) or --district ID")
        published, precision = intake.check_date(args.published)
        files = intake.files_in([Path(f) for f in args.file])
        if not files:
            raise intake.IntakeError("no .txt or .html file found in " + ", ".join(args.file))
        drafts = []
        for i, f in enumerate(files, start=1):
            try:
                data = f.read_bytes()
            except FileNotFoundError:
                raise intake.IntakeError(f"{f}: no such file") from None
            except IsADirectoryError:
                raise intake.IntakeError(f"{f}: is a directory, not an article") from None
            drafts.append(intake.read_upload(f.name, data))
            if len(files) > 1 and sys.stderr.isatty():
                print(f"\rreading {i}/{len(files)}", end="", file=sys.stderr)
        saved = intake.save(raw, drafts, place, published, precision, source=args.source or "")
    except (intake.IntakeError, ManifestError) as exc:
        _err(str(exc))
        return 1
    for note in saved.flagged:
        print(f"note: {note}", file=sys.stderr)
    for e, d in zip(saved.entries, drafts):
        print(f"added {e.file} as {e.doc_id} ({d.encoding}) about {place.label()}", file=sys.stderr)
    if args.no_build:
        print("run `python -m etl build` (only the new articles are read)", file=sys.stderr)
        return 0
    from etl.build import AppendRefused, append

    try:
        report = append(saved.entries, raw=raw)
    except AppendRefused as exc:
        print(f"warehouse not updated ({exc}); run `python -m etl build` (only the new articles are read)", file=sys.stderr)
        return 0
    print(f"warehouse updated in {report.seconds:.1f} s: {report.documents} documents, {report.facts} facts", file=sys.stderr)
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
    a.add_argument("file", nargs="+", help="article files, or folders of .txt/.html articles")
    where = a.add_mutually_exclusive_group()
    where.add_argument("--district", help=f"gazetteer id: {', '.join(sorted(reference.district_ids()))}")
    where.add_argument("--place", help="any county, district, city or zone of China, in Chinese (绿春县, 济南市市中区)")
    a.add_argument("--published", required=True, help="YYYY-MM-DD, YYYY-MM or YYYY (not in the future)")
    a.add_argument("--source", help="URL of the article")
    a.add_argument("--no-build", action="store_true", help="only write raw and the manifest; leave the warehouse as it is")
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
