"""The ``capillary-conformance`` command: serve the sandbox, run the suite, build reports."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from capillary_conformance.harness.settings import ConfigError, Settings, from_env
from capillary_conformance.sandbox import serve
from capillary_conformance.sandbox.faults import CATALOGUE

# Exit statuses: 0 conforms, 1 contract violation; anything else means the suite could not judge.
EXIT_CONFIG = 4


def _describe(settings: Settings, port: int, fault: str | None) -> str:
    password = "documented default" if "CAPILLARY_PASSWORD" not in settings.explicit else "from CAPILLARY_PASSWORD"
    offset = settings.utc_offset.tzname(None) if settings.utc_offset else "UTC"
    return (
        f"Capillary reference sandbox on http://127.0.0.1:{port}"
        f"{f' with fault {fault!r}' if fault else ''}\n"
        f"  user {settings.credentials.username!r} (password: {password}), "
        f"target group {settings.target_group_id}, target {settings.target_id}, "
        f"time zone {offset}, upsert key {','.join(settings.upsert_key)}\n"
        "  Ctrl-C stops it."
    )


def _sandbox(args: argparse.Namespace) -> int:
    settings = from_env()
    print(_describe(settings, args.port, args.fault), flush=True)
    serve(settings, args.port, args.fault)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="capillary-conformance", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    sandbox = commands.add_parser("sandbox", help="serve the embedded reference sandbox in the foreground")
    sandbox.add_argument("--port", type=int, default=8765, help="loopback port (default 8765)")
    sandbox.add_argument("--fault", choices=sorted(CATALOGUE), help="serve a faulty variant instead")
    sandbox.set_defaults(handler=_sandbox)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ConfigError as error:
        print(f"capillary-conformance: configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
