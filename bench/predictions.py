"""Per-item predictions of the evaluations, kept so bench/eval_gate.py can recompute and bootstrap their figures.

Written to bench/out/predictions/<eval>.jsonl (git-ignored). The rows hold ids and numbers only: the evaluation data
is research-only, so no text may end up in them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

PREDICTIONS = Path(__file__).resolve().parent / "out" / "predictions"
# ids are short; a long string in a row is article text written by mistake
MAX_STRING = 120


def _check(row: dict) -> dict:
    for key, value in row.items():
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise ValueError(f"predictions row field {key!r} holds {len(value)} characters: ids and numbers only")
    return row


def save_predictions(name: str, rows: Iterable[dict]) -> Path:
    """Replace bench/out/predictions/<name>.jsonl with ``rows`` (written whole, then renamed: no half files)."""
    PREDICTIONS.mkdir(parents=True, exist_ok=True)
    path = PREDICTIONS / f"{name}.jsonl"
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(_check(row)) + "\n" for row in rows), "utf-8")
    tmp.replace(path)
    # stderr: the evaluations' own output on stdout stays as it was
    print(f"predictions: {path}", file=sys.stderr)
    return path


def load_predictions(name: str) -> list[dict] | None:
    """The saved rows of one evaluation, or None when it has not been run (with predictions) here."""
    path = PREDICTIONS / f"{name}.jsonl"
    if not path.exists():
        return None
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
