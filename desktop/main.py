"""The `kendali-sensus` command: a subcommand runs headless, none opens the window."""
from __future__ import annotations

import sys

from models.cli.main import run_command
from models.cli.parser import build_parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        return run_command(args)
    if args.self_test:
        from desktop.self_test import run_self_test

        return run_self_test(args)
    from desktop.app import run_gui  # Qt is imported only when a window is wanted

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
