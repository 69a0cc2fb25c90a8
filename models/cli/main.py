"""The headless command line: the same core functions the window uses, without Qt."""
from __future__ import annotations

import argparse
import logging
import sys

from models.cli.parser import build_parser, load_handler
from models.errors import KendaliError
from models.store.errors import database_error


def run_command(args: argparse.Namespace) -> int:
    """Run one headless subcommand; errors become a message and exit code 2."""
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        try:
            return load_handler(args.handler)(args)
        except Exception as exc:  # another PC first, a full disk: explained, exit code 2
            explained = database_error(exc)
            if explained is None:
                raise
            raise explained from exc
    except KendaliError as exc:
        print(f"Gagal: {exc.message}", file=sys.stderr)
        if exc.detail:
            print(f"Rincian: {exc.detail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nDibatalkan.", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    """Headless entry (python -m models.cli); the installed command also opens the window."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 0
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
