"""The ``docproc`` command: one entry point, one place that maps errors to exit codes.

Subcommands call the same pipeline functions as the web service and the workers. Commands of
the service layer (serve, worker, users, tokens, intake-*) are registered by
``docproc.service.commands.register`` when that package is installed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from docproc.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, DocprocError, UsageError

Handler = Callable[[argparse.Namespace], int]

DOCUMENT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def _print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_extract(args: argparse.Namespace) -> int:
    """Read one document and print its canonical fields."""
    from docproc.pipeline import extract_path
    from docproc.report import render_document

    result = extract_path(Path(args.file))
    if args.json:
        _print_json(result)
    else:
        sys.stdout.write(render_document(result))
    return EXIT_OK


def _case_files(args: argparse.Namespace) -> list[Path]:
    if args.dir:
        folder = Path(args.dir)
        if not folder.is_dir():
            raise UsageError(f"{folder}: not a directory")
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
    if not args.files:
        raise UsageError("check needs FILE... or --dir DIR")
    return [Path(f) for f in args.files]


def cmd_check(args: argparse.Namespace) -> int:
    """Extract every file of a case and print the cross-check report."""
    from docproc.pipeline import check_paths
    from docproc.report import render_case

    as_of = None
    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError as exc:
            raise UsageError(f"--as-of {args.as_of!r}: expected YYYY-MM-DD") from exc
    files = _case_files(args)
    if args.group:
        from docproc.pipeline import check_grouped

        reports = check_grouped(files, as_of=as_of)
        if args.json:
            _print_json(reports)
        else:
            for case in reports["cases"]:
                sys.stdout.write(render_case(case) + "\n")
            for loose in reports["unplaced"]:
                sys.stdout.write(f"not placed in any case: {loose}\n")
        return EXIT_OK
    report = check_paths(files, as_of=as_of)
    if args.json:
        _print_json(report)
    else:
        sys.stdout.write(render_case(report))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with service commands added when available."""
    parser = argparse.ArgumentParser(prog="docproc", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="read one document into canonical fields")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the JSON of FIELDS.md")
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser("check", help="cross-check the documents of one shipment")
    p.add_argument("files", nargs="*")
    p.add_argument("--dir", help="take every document file in DIR")
    p.add_argument("--group", action="store_true", help="assemble loose files into cases")
    p.add_argument("--as-of", help="reference date YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    try:
        commands = importlib.import_module("docproc.service.commands")
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith("docproc.service"):
            raise
    else:
        commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; every expected failure is one line on stderr and an exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage line
        return EXIT_BAD_INPUT if exc.code else EXIT_OK
    handler: Handler = args.handler
    try:
        return handler(args)
    except DocprocError as exc:
        print(f"docproc: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("docproc: interrupted", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - the one place internal failures become exit 3
        print(f"docproc: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
