"""The exit codes of every command, in one place (documented in the README).

0 everything done; 1 nothing done, or an error stopped the command; 2 bad command line; 3 some items failed and
the others were done; 130 interrupted (what was committed is kept).
"""

from __future__ import annotations

OK, FAILED, USAGE, SOME_FAILED, INTERRUPTED = 0, 1, 2, 3, 130


def for_counts(done: int, failed: int) -> int:
    """The code of a run over many items: all done, some failed, or nothing done."""
    if done and not failed:
        return OK
    return SOME_FAILED if done else FAILED
