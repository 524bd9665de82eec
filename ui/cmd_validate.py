"""`tunewise validate`: check a fine-tuning file; exit 0 when ok, 1 on data errors, 2 on usage."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import get_args

from tunewise.agent.runtime.app import App
from tunewise.core.errors import InputFileError
from tunewise.tools.validate import validate_data
from tunewise.tools.validate.codes import describe_codes
from tunewise.tools.validate.models import FileFailure, FormatName, Issue, ValidateInput
from tunewise.tools.validate.targets import describe_formats
from tunewise.ui.flags import default_of
from tunewise.ui.output import EXIT_DATA, EXIT_OK, EXIT_USAGE, emit_json, fail, info

SHOWN = 20


def register(sub: argparse._SubParsersAction) -> None:
    def d(field: str):  # noqa: ANN202 - the model's own default
        return default_of(ValidateInput, field)

    formats = list(get_args(FormatName))
    v = sub.add_parser("validate", help="validate fine-tuning data (JSONL) for a target")
    v.add_argument("file", nargs="?", type=Path, help="the .jsonl file")
    v.add_argument(
        "--format", choices=formats, default=d("format"), help="target (default: detect)"
    )
    v.add_argument("--model", help="OpenAI base model, for its example limit and price")
    v.add_argument(
        "--max-length", type=int, default=d("max_length"), help="TRL targets: tokens an example"
    )
    v.add_argument("--workers", type=int, help="processes (default: all CPUs for big files)")
    v.add_argument("--fix", type=Path, metavar="OUT", help="write a cleaned copy to OUT")
    v.add_argument("--to", choices=formats[1:], help="with --fix: convert to this format")
    v.add_argument("--prices", type=Path, metavar="FILE", help="your own price file (YAML)")
    v.add_argument("--codes", action="store_true", help="list the issue codes and exit")
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    v.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace, app: App) -> int:
    if args.codes:
        if args.json:
            emit_json({"codes": describe_codes(), "formats": describe_formats()})
        else:
            for c in describe_codes():
                print(f"{c['code']:<20} {c['severity']:<8} {c['meaning']}")
            print("\nFormats, their limits and where the rules come from:")
            for f in describe_formats():
                limits = f" ({f['limits']})" if f["limits"] else ""
                print(f"{f['format']:<22} {f['label']}{limits}\n{'':<22} source: {f['source']}")
        return EXIT_OK
    if args.file is None:
        return fail("give the file to validate: tunewise validate data.jsonl", EXIT_USAGE)
    if args.to and not args.fix:
        return fail("--to converts the cleaned copy; add --fix OUT", EXIT_USAGE)

    if args.file.is_file():
        info(f"validating {args.file} ({args.file.stat().st_size / 2**20:,.1f} MB)...")
    try:
        inp = ValidateInput(
            path=args.file,
            format=args.format,
            model=args.model,
            max_length=args.max_length,
            workers=args.workers,
            fix_out=args.fix,
            fix_format=args.to,
        )
        report = validate_data(
            inp, app.catalogue_with(args.prices), progress=lambda f: info(f"  scanned {f:.0%}")
        )
    except InputFileError as exc:
        if args.json:  # the report is promised on stdout, failure or not
            issue = Issue(line=0, code="unreadable_file", message=str(exc))
            emit_json(FileFailure(file=str(args.file), errors=[issue]))
        raise
    info(f"done in {report.stats.seconds:.2f} s with {report.stats.workers} worker(s)")
    if args.json:
        emit_json(report)
    else:
        _print(report)
    return EXIT_OK if report.ok else EXIT_DATA


def _print(report) -> None:  # noqa: ANN001 - ValidationReport, imported lazily
    s, e = report.stats, report.estimate
    verdict = "OK" if report.ok else f"{s.n_errors:,} error(s)"
    print(f"{verdict}: {report.n_examples:,} valid of {s.n_lines:,} lines, format {report.format}")
    totals = {"errors": s.n_errors, "warnings": s.n_warnings}
    for title, items in (("errors", report.errors), ("warnings", report.warnings)):
        if items:
            more = f" of {totals[title]:,}" if totals[title] > len(items) else ""
            print(f"\n{title} ({len(items):,} listed{more}):")
            for i in items[:SHOWN]:
                where = f"line {i.line}" if i.line else "file"
                print(f"  {where}: [{i.code}] {i.message}")
            if len(items) > SHOWN:
                print(f"  ... {len(items) - SHOWN:,} more (use --json for all)")
    if s.by_code:
        print("\ncounts: " + ", ".join(f"{k} {v:,}" for k, v in sorted(s.by_code.items())))
    print(
        f"\ntokens an example: mean {s.tokens.mean:,.0f}, p95 {s.tokens.p95:,}, max "
        f"{s.tokens.max:,} ({s.tokenizer})"
    )
    print(
        f"size: {s.size_guidance}; split {s.split['train']:,} train / "
        f"{s.split['validation']:,} validation"
    )
    cost = (
        f"${e.cost:,.2f} at ${e.training_per_mtok:g}/1M ({e.price_model}, as of {e.as_of})"
        if e.cost is not None
        else "no training price for this target"
    )
    print(
        f"training: {e.n_epochs} epochs x {e.billing_tokens:,} tokens = "
        f"{e.trained_tokens:,} trained tokens; {cost}"
    )
    if s.images:
        uncosted = (
            f", {s.images_uncosted:,} of them not in the token counts" if s.images_uncosted else ""
        )
        print(f"images: {s.images:,}{uncosted}")
    if report.fix:
        f = report.fix
        why = ", ".join(f"{n:,} {code}" for code, n in sorted(f.dropped_by_code.items()))
        print(
            f"\nwrote {f.path}: {f.written:,} rows ({f.format}); repaired {f.repaired:,}; "
            f"dropped {f.dropped_invalid:,} invalid"
            + (f" ({why})" if why else "")
            + f", {f.dropped_duplicates:,} duplicate, {f.not_convertible:,} not convertible"
        )
