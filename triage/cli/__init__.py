"""The ``triage`` command: a thin dispatcher over one module per command group.

Each module in :data:`COMMANDS` exposes ``register(subparsers)`` which adds its
sub-command(s) and sets ``func`` on the parser; ``func(args) -> int`` returns
the exit code. Exit codes: 0 done, 2 unusable arguments or input paths,
3 ``--strict`` and some record failed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import sys

from triage import __version__
from triage.errors import ConfigError, UsageError

COMMANDS = (
    "score",
    "demo",
    "redact",
    "train",
    "evaluate",
    "rules",
    "serve",
    "db",
    "users",
    "review",
    "kpi",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available command group registered."""
    parser = argparse.ArgumentParser(
        prog="triage",
        description="Chinese financial customer-service triage and QA.",
    )
    parser.add_argument("--version", action="version", version=f"triage {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging (ids only)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module_name = f"triage.cli.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``triage`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except (UsageError, ConfigError) as exc:
        print(f"triage: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
