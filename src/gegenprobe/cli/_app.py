"""The `gegenprobe` command: one Typer app; errors are reported once, here."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import GegenprobeError
from . import _check, _corpus, _crawl, _demo, _detect, _related
from . import _exit as exit_codes
from ._common import err

app = typer.Typer(
    name="gegenprobe",
    help="Cross-check German news articles for disinformation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(_corpus.app, name="corpus")
app.add_typer(_crawl.sources_app, name="sources")
app.add_typer(_crawl.crawl_app, name="crawl")
app.command("demo")(_demo.demo)
app.command("check")(_check.check)
app.command("related")(_related.related)
app.command("score")(_detect.score)
app.command("train")(_detect.train)
app.command("evaluate")(_detect.evaluate)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors")] = False,
) -> None:
    """Options before the subcommand; ``--debug`` is read by ``main``, which reports the errors."""


def _wants_debug(argv: list[str]) -> bool:
    """``--debug`` among the options before the subcommand."""
    for token in argv:
        if not token.startswith("-"):
            return False
        if token == "--debug":
            return True
    return False


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, print a GegenprobeError as one red line and exit 1."""
    args = sys.argv[1:] if argv is None else argv
    try:
        code = app(args=args, standalone_mode=False)
    except GegenprobeError as exc:
        if _wants_debug(args):
            raise
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(exit_codes.FAILED)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt) as exc:
        if isinstance(exc.__cause__, EOFError):  # click turns an EOFError from our code into Abort, as if Ctrl-C
            err.print("[red]error:[/red] an input ended too early (a truncated file?)", highlight=False)
            sys.exit(exit_codes.FAILED)
        err.print("[yellow]interrupted[/yellow]; everything committed so far is kept")
        sys.exit(exit_codes.INTERRUPTED)
    except typer.TyperException as exc:  # usage errors from Typer's click layer
        exc.show()  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", exit_codes.USAGE))
    except BrokenPipeError:
        sys.exit(exit_codes.OK)
    sys.exit(code if isinstance(code, int) else exit_codes.OK)
