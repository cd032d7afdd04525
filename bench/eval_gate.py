"""Quality floors of the evaluations, run by hand before closing an issue.

    python bench/eval_gate.py pin [EVAL ...]     # bootstrap every figure, write bench/data/quality_floors.json
    python bench/eval_gate.py [check] [EVAL ...] [--run]

The figures are recomputed from the per-item predictions each evaluation saves in bench/out/predictions/<eval>.jsonl
(git-ignored, ids and numbers only), so a slow evaluation is checked against its last run; ``--run`` reruns the fast
ones first (the slow ones are listed with their command when their predictions are missing).

``pin`` stores per figure its value, the half-width of its bootstrap 95 % CI (1,000 resamples, seed 13) and
floor = value - half-width; where lower is better (ECE, false alarms, label flips) the limit is a ceiling, value +
half-width. Items are resampled whole where they are not independent: the pairs or ranks of one query, the sentences
of one article. Without EVAL names every evaluation with predictions is pinned and the others keep their old floors.

Exit codes of ``check``: 0 every figure within its limit; 1 a figure beyond its limit or a rerun that failed;
2 none beyond, but predictions, a figure in them or a pinned floor is missing (which script to run is printed).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from predictions import PREDICTIONS, load_predictions
from rich.console import Console
from rich.table import Table
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score, precision_score, recall_score, roc_auc_score

from gegenprobe.detect._metrics import expected_calibration_error

BENCH = Path(__file__).resolve().parent
FLOORS = BENCH / "data" / "quality_floors.json"
RESAMPLES = 1000
SEED = 13
FAST_SECONDS = 120  # --run reruns the evaluations that take up to about two minutes (2 cores)

Columns = dict[str, np.ndarray]


@dataclass(frozen=True)
class Evaluation:
    name: str  # bench/<name>.py, bench/out/predictions/<name>.jsonl
    seconds: int  # measured run time on 2 cores
    command: str = ""  # what to run when not the plain script
    note: str = ""

    @property
    def run_command(self) -> str:
        return self.command or f"python bench/{self.name}.py"

    @property
    def fast(self) -> bool:
        return self.seconds <= FAST_SECONDS


@dataclass(frozen=True)
class Metric:
    name: str
    evaluation: str
    data: str
    compute: Callable[[Columns], float]
    where: dict[str, object] = field(default_factory=dict)  # the rows it is measured on: field -> value
    unit: str = ""  # the row field whose items are resampled together; "" resamples rows
    higher_is_better: bool = True


# --- metrics on columns (sklearn where it has them; the same definitions the evaluations report) ---


def kappa(c: Columns) -> float:
    return float(cohen_kappa_score(c["y"].astype(int), (c["p"] >= 0.5).astype(int)))


def roc_auc(c: Columns) -> float:
    return float(roc_auc_score(c["y"].astype(int), c["p"]))


def ece(c: Columns) -> float:
    return expected_calibration_error(c["y"].astype(int), c["p"])


def precision(truth: np.ndarray, flagged: np.ndarray) -> float:
    return float(precision_score(truth.astype(int), flagged.astype(int), zero_division=0))


def recall(truth: np.ndarray, flagged: np.ndarray) -> float:
    return float(recall_score(truth.astype(int), flagged.astype(int), zero_division=0))


def macro_f1(c: Columns, verdict: str) -> float:
    # over the three gold classes: an `unclear` verdict counts as an error, as in crosscheck_eval.py
    return float(f1_score(c["gold"], c[verdict], labels=["supported", "contradicted", "no_coverage"],
                          average="macro", zero_division=0))


def reciprocal_rank_at_10(c: Columns) -> float:
    rank = c["rank"]  # 0-based, NaN when the right document is not in the top ten
    return float(np.mean(np.where(rank < 10, 1 / (np.nan_to_num(rank, nan=0) + 1), 0.0)))


def topic_flag(c: Columns) -> np.ndarray:
    return c["p"] >= c["threshold"]


def flips(c: Columns) -> float:
    return float(np.sum((c["p_title"] >= 0.5) != (c["p_untitled"] >= 0.5)))


def mean_abs_diff(c: Columns) -> float:
    return float(np.mean(np.abs(c["p_title"] - c["p_untitled"])))


# --- the evaluations and their headline figures ---

# run times measured on 2 cores (untitled_eval and related_eval estimated: three detector fits; 10,000 embeddings)
EVALUATIONS = {e.name: e for e in (
    Evaluation("checkworthy_eval", 2),
    Evaluation("entities_eval", 2),
    Evaluation("crosscheck_eval", 46),
    Evaluation("same_story_eval", 20),
    Evaluation("topic_eval", 30, note="needs the pool of bench/topic_pairs.py (~6 min once)"),
    Evaluation("detect_eval", 580, "python bench/detect_eval.py --models model",
               "the gate reads only the shipped configuration's rows; ~10 min"),
    Evaluation("sentence_eval", 300, note="~5 min"),
    Evaluation("untitled_eval", 600, note="three detector fits, ~10 min"),
    Evaluation("detector_matrix", 300, note="fits the baseline on FANG-COVID, ~5 min"),
    Evaluation("verifier_fit", 60, note="needs bench/claim_pairs.py --rebuild once"),
    Evaluation("checkworthy_fit", 60, note="needs bench/checkworthy_sentences.py --rebuild once"),
    Evaluation("related_eval", 1800, note="embeds 10,000 bodies (~20 min); --keep DIR reuses the index later"),
)}

FANG = "FANG-COVID 2020 (cleaned), shipped detector configuration trained on the split's training part"
SPLIT_DATA = {"publisher": "publisher split: 5 unseen outlets", "temporal": "temporal split: Oct-Dec 2020",
              "random": "random 80/20 split (seed 13)"}
UNTITLED = "publisher-split model (shipped configuration), p_fake with vs. without the title"
TOPIC = "840 hand-labelled FANG-COVID Nov 2020 pairs, held-out half (42 queries, 420 pairs)"


def detect_metrics() -> list[Metric]:
    metrics = []
    for split, words in SPLIT_DATA.items():
        where = {"split": split, "model": "model"}
        data = f"{FANG}; {words}"
        metrics += [Metric(f"detect.{split}.kappa", "detect_eval", data, kappa, where),
                    Metric(f"detect.{split}.roc_auc", "detect_eval", data, roc_auc, where),
                    Metric(f"detect.{split}.ece", "detect_eval", data, ece, where, higher_is_better=False)]
    return metrics


def untitled_metrics() -> list[Metric]:
    fang = {"data": "fang_held_out", "model": "current"}
    fundus = {"data": "fundus", "model": "current"}
    fang_data = f"{UNTITLED}; 600 held-out FANG-COVID articles (300 real, 300 fake)"
    fundus_data = f"{UNTITLED}; 97 real Fundus articles of 61 DE/AT/CH outlets"
    return [
        Metric("untitled.fang.mean_abs_diff", "untitled_eval", fang_data, mean_abs_diff, fang, higher_is_better=False),
        Metric("untitled.fang.label_flips", "untitled_eval", fang_data, flips, fang, higher_is_better=False),
        Metric("untitled.fundus.mean_abs_diff", "untitled_eval", fundus_data, mean_abs_diff, fundus,
               higher_is_better=False),
        Metric("untitled.fundus.label_flips", "untitled_eval", fundus_data, flips, fundus, higher_is_better=False),
        # every Fundus article is real news: each one called fake is a false alarm
        Metric("untitled.fundus.false_alarms", "untitled_eval", fundus_data,
               lambda c: float(np.sum(c["p_title"] >= 0.5)), fundus, higher_is_better=False),
    ]


def related_metrics() -> list[Metric]:
    data = "FANG-COVID Oct-Dec 2020 bodies indexed, 2,000 titles as queries (seed 13), fused ranking, e5"
    where = {"method": "fused", "encoder": "e5"}
    return [Metric("related.mrr@10", "related_eval", data, reciprocal_rank_at_10, where, "query"),
            Metric("related.r@1", "related_eval", data, lambda c: float(np.mean(c["rank"] == 0)), where, "query"),
            Metric("related.r@10", "related_eval", data, lambda c: float(np.mean(c["rank"] < 10)), where, "query")]


def topic_metrics() -> list[Metric]:
    story = f"{TOPIC}; same_story shown (flag and topic-related) vs. the same_story label"
    return [
        Metric("topic.precision", "topic_eval", TOPIC, lambda c: precision(c["y"], topic_flag(c)), unit="query_id"),
        Metric("topic.recall", "topic_eval", TOPIC, lambda c: recall(c["y"], topic_flag(c)), unit="query_id"),
        Metric("topic.roc_auc", "topic_eval", TOPIC, roc_auc, unit="query_id"),
        Metric("topic.ece", "topic_eval", TOPIC, ece, unit="query_id", higher_is_better=False),
        Metric("topic.same_story_shown.precision", "topic_eval", story,
               lambda c: precision(c["same_story"], (c["story_flag"] == 1) & topic_flag(c)), unit="query_id"),
        Metric("topic.same_story_shown.recall", "topic_eval", story,
               lambda c: recall(c["same_story"], (c["story_flag"] == 1) & topic_flag(c)), unit="query_id"),
    ]


def small_set_metrics() -> list[Metric]:
    claims = "tests/fixtures/claims.jsonl, test half (76 pairs, even ids), e5"
    tuned = {"half": "test", "encoder": "e5"}
    story = "own same-story set: 44 articles (demo + tests/fixtures/same_story.jsonl), every other article per query"
    worthy = "tests/fixtures/checkworthy.jsonl, held-out half (32 sentences)"
    names = "tests/fixtures/entities.jsonl (30 sentences, 65 names), exact match"
    sentences = "FANG-COVID publisher split, <=5 sentences of 1,500 held-out articles, labels from the article"
    publisher = {"detector": "publisher_train"}
    return [
        Metric("crosscheck.test.accuracy", "crosscheck_eval", f"{claims}, thresholds tuned on the dev half",
               lambda c: float(accuracy_score(c["gold"], c["tuned"])), tuned),
        Metric("crosscheck.test.macro_f1", "crosscheck_eval", f"{claims}, thresholds tuned on the dev half",
               lambda c: macro_f1(c, "tuned"), tuned),
        Metric("crosscheck.test.shipped.macro_f1", "crosscheck_eval", f"{claims}, shipped thresholds",
               lambda c: macro_f1(c, "shipped"), tuned),
        Metric("same_story.precision", "same_story_eval", story, lambda c: precision(c["y"], c["flagged"]),
               unit="query"),
        Metric("same_story.recall", "same_story_eval", story, lambda c: recall(c["y"], c["flagged"]), unit="query"),
        Metric("checkworthy.precision", "checkworthy_eval", worthy, lambda c: precision(c["y"], c["predicted"]),
               {"half": "held_out"}),
        Metric("checkworthy.recall", "checkworthy_eval", worthy, lambda c: recall(c["y"], c["predicted"]),
               {"half": "held_out"}),
        Metric("entities.precision", "entities_eval", names, lambda c: float(c["exact"].sum() / c["found"].sum())),
        Metric("entities.recall", "entities_eval", names, lambda c: float(c["exact"].sum() / c["gold"].sum())),
        Metric("sentence.roc_auc", "sentence_eval", sentences, roc_auc, publisher, "article"),
        Metric("sentence.roc_auc_with_signals", "sentence_eval", sentences,
               lambda c: float(roc_auc_score(c["y"].astype(int), np.minimum(1, c["p"] + c["bump"]))), publisher,
               "article"),
    ]


def real_claim_metrics() -> list[Metric]:
    pairs = "held-out half of the real FANG-COVID claim/evidence pairs (bench/data/claim_labels.jsonl), verifier"
    sentences = "held-out half (344) of 1,438 real FANG-COVID sentences (bench/data/checkworthy_labels.jsonl), e5 model"
    supported = lambda c: c["predicted"] == "supported"  # noqa: E731
    return [
        Metric("verifier.supported.precision", "verifier_fit", pairs,
               lambda c: precision(c["gold"] == "supported", supported(c)), unit="group"),
        Metric("verifier.supported.recall", "verifier_fit", pairs,
               lambda c: recall(c["gold"] == "supported", supported(c)), unit="group"),
        Metric("checkworthy_real.f1", "checkworthy_fit", sentences,
               lambda c: float(f1_score(c["y"], c["p"] >= c["threshold"])), unit="article"),
        Metric("checkworthy_real.share_flagged", "checkworthy_fit", sentences,
               lambda c: float(np.mean(c["p"] >= c["threshold"])), unit="article", higher_is_better=False),
    ]


def outside_metrics() -> list[Metric]:
    """False alarms of the shipped detector on real news of outlets it was never trained on (issue 13)."""
    sets = {"wikinews": "German Wikinews", "fundus": "Fundus news pages (DE/AT/CH, not FANG outlets)",
            "nemig_b": "NeMig center/left outlets, half B (headline + lead)"}
    alarms = [Metric(f"outside.{key}.false_alarm_rate", "detector_matrix", f"{name}: every article real news",
                     lambda c: float(np.mean((c["p"] >= 0.5) & (c["uncertain"] == 0))), {"set": name, "model": "model"},
                     higher_is_better=False) for key, name in sets.items()]
    # abstentions are counted apart, and must stay rare (issue 13: <= 15 % on real news)
    abstentions = [Metric(f"outside.{key}.abstain_rate", "detector_matrix", f"{name}: every article real news",
                          lambda c: float(np.mean(c["uncertain"] == 1)), {"set": name, "model": "model"},
                          higher_is_better=False) for key, name in sets.items()]
    return alarms + abstentions


METRICS = (detect_metrics() + untitled_metrics() + related_metrics() + topic_metrics() + small_set_metrics()
           + real_claim_metrics() + outside_metrics())


# --- predictions to columns, bootstrap ---


def column(values: list) -> np.ndarray:
    """Numbers as floats (a missing rank is NaN), anything else as it is."""
    if all(v is None or isinstance(v, int | float) for v in values):
        return np.asarray([np.nan if v is None else v for v in values], dtype=float)
    return np.asarray(values)


def select(rows: list[dict], metric: Metric) -> Columns:
    chosen = [r for r in rows if all(r.get(k) == v for k, v in metric.where.items())]
    return {key: column([r.get(key) for r in chosen]) for key in (chosen[0] if chosen else {})}


def size(columns: Columns) -> int:
    return len(next(iter(columns.values()))) if columns else 0


def resample_index(columns: Columns, unit: str) -> Callable[[np.random.Generator], np.ndarray]:
    """Draws row indices of a bootstrap sample: whole units (all rows of a query) with replacement."""
    keys = columns[unit] if unit else np.arange(size(columns))
    _, inverse = np.unique(keys, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    sizes = np.bincount(inverse)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])

    def draw(rng: np.random.Generator) -> np.ndarray:
        picked = rng.integers(0, len(sizes), len(sizes))
        counts = sizes[picked]
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return order[np.repeat(starts[picked], counts) + offsets]

    return draw


def bootstrap_half_width(columns: Columns, metric: Metric) -> float:
    """Half the width of the percentile 95 % CI; resamples without a defined value (one class only) are skipped."""
    draw = resample_index(columns, metric.unit)
    rng = np.random.default_rng(SEED)
    values = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(RESAMPLES):
            index = draw(rng)
            try:
                value = metric.compute({key: col[index] for key, col in columns.items()})
            except ValueError:
                continue
            if math.isfinite(value):
                values.append(value)
    if not values:
        raise ValueError(f"{metric.name}: no resample has a defined value")
    low, high = np.percentile(values, [2.5, 97.5])
    return float(high - low) / 2


UNIT_WORDS = {"query": "queries", "query_id": "queries", "article": "articles", "": "items"}


def units(columns: Columns, metric: Metric) -> str:
    """What the bootstrap resampled, e.g. '42 queries'."""
    count = len(np.unique(columns[metric.unit])) if metric.unit else size(columns)
    return f"{count} {UNIT_WORDS.get(metric.unit, metric.unit)}"


# --- pin and check ---


def predictions_date(name: str) -> str:
    path = PREDICTIONS / f"{name}.jsonl"
    return datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="minutes") if path.exists() else ""


def git_version() -> str:
    done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=BENCH, capture_output=True, text=True)
    return done.stdout.strip()


def pin_entry(metric: Metric, columns: Columns, version: str) -> dict:
    value = metric.compute(columns)
    half = bootstrap_half_width(columns, metric)
    # the limit is rounded outwards, so an unchanged figure never fails on the fourth decimal
    if metric.higher_is_better:
        limit = {"direction": "higher is better", "floor": math.floor((value - half) * 1e4) / 1e4}
    else:
        limit = {"direction": "lower is better", "ceiling": math.ceil((value + half) * 1e4) / 1e4}
    return {"evaluation": metric.evaluation, "data": metric.data, "value": round(value, 4),
            "ci95_half_width": round(half, 4), **limit, "n": size(columns),
            "resampled": units(columns, metric),
            "date": datetime.now().date().isoformat(),
            "predictions_from": predictions_date(metric.evaluation), "version": version}


def load_floors() -> dict:
    return json.loads(FLOORS.read_text("utf-8")) if FLOORS.exists() else {}


def pin(names: list[str]) -> int:
    floors = load_floors().get("metrics", {})
    version = git_version()
    for name in names:
        rows = load_predictions(name)
        if rows is None:
            kept = [m.name for m in METRICS if m.evaluation == name and m.name in floors]
            print(f"{name}: no predictions (run: {EVALUATIONS[name].run_command}); "
                  + (f"keeping {len(kept)} earlier floors" if kept else "not pinned"))
            continue
        for metric in (m for m in METRICS if m.evaluation == name):
            columns = select(rows, metric)
            if not size(columns):
                print(f"{metric.name}: no rows {metric.where} in its predictions; "
                      + ("keeping its earlier floor" if metric.name in floors else "not pinned"))
                continue
            floors[metric.name] = entry = pin_entry(metric, columns, version)
            limit = entry.get("floor", entry.get("ceiling"))
            print(f"{metric.name:36} {entry['value']:.4f} ± {entry['ci95_half_width']:.4f} -> "
                  f"{'floor' if 'floor' in entry else 'ceiling'} {limit:.4f}  (n {entry['n']}, {entry['resampled']})")
    document = {"about": "Quality floors of the evaluations; written by `python bench/eval_gate.py pin`, checked by "
                         "`python bench/eval_gate.py`. Limit = value -/+ half-width of the bootstrap 95 % CI.",
                "resamples": RESAMPLES, "seed": SEED,
                "metrics": {m.name: floors[m.name] for m in METRICS if m.name in floors}}
    FLOORS.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {FLOORS.relative_to(BENCH.parent)}")
    return 0


def run_fast(names: list[str]) -> set[str]:
    """Reruns the fast evaluations (their own output hidden unless they fail); returns those that failed."""
    failed = set()
    for name in (n for n in names if EVALUATIONS[n].fast):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(BENCH / f"{name}.py")], cwd=BENCH.parent, capture_output=True,
                              text=True)
        print(f"ran {name}.py in {time.perf_counter() - started:.0f} s" + ("" if done.returncode == 0 else " FAILED"))
        if done.returncode != 0:
            print("\n".join(done.stderr.splitlines()[-15:]))
            failed.add(name)
    return failed


def check_one(metric: Metric, rows: list[dict] | None, pinned: dict | None) -> tuple[str, str, str]:
    """(status, figure now, note) of one metric."""
    evaluation = EVALUATIONS[metric.evaluation]
    if rows is None:
        return "missing", "", f"no predictions: run {evaluation.run_command}"
    columns = select(rows, metric)
    if not size(columns):
        return "missing", "", f"no rows {metric.where} in the predictions: run {evaluation.run_command}"
    now = metric.compute(columns)
    if pinned is None:
        return "no floor", f"{now:.4f}", f"not pinned: run python bench/eval_gate.py pin {metric.evaluation}"
    note = f"n {pinned['n']} -> {size(columns)}" if pinned["n"] != size(columns) else ""
    if metric.higher_is_better:
        return ("pass" if now >= pinned["floor"] else "FAIL"), f"{now:.4f}", note
    return ("pass" if now <= pinned["ceiling"] else "FAIL"), f"{now:.4f}", note


STYLE = {"pass": "green", "FAIL": "bold red", "missing": "yellow", "no floor": "yellow", "error": "bold red"}


def check(names: list[str], failed_runs: set[str]) -> int:
    floors = load_floors().get("metrics", {})
    table = Table(title="quality floors (bench/data/quality_floors.json)")
    for heading, justify in (("metric", "left"), ("limit", "right"), ("now", "right"), ("pinned", "right"),
                             ("status", "left"), ("predictions / note", "left")):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    statuses: list[tuple[str, str]] = []  # (evaluation, status)
    for name in names:
        rows = None if name in failed_runs else load_predictions(name)
        table.add_section()
        for i, metric in enumerate(m for m in METRICS if m.evaluation == name):
            pinned = floors.get(metric.name)
            status, now, note = ("error", "", f"{name}.py failed") if name in failed_runs else \
                check_one(metric, rows, pinned)
            statuses.append((name, status))
            limit = "" if pinned is None else (f">= {pinned['floor']:.4f}" if "floor" in pinned
                                               else f"<= {pinned['ceiling']:.4f}")
            was = "" if pinned is None else f"{pinned['value']:.4f} ± {pinned['ci95_half_width']:.4f}"
            if not note and i == 0:
                note = f"from {predictions_date(name)}"
            table.add_row(metric.name, limit, now, was, f"[{STYLE[status]}]{status}[/]", note)
    Console(width=max(150, Console().width)).print(table)
    for name in dict.fromkeys(n for n, status in statuses if status == "missing"):
        evaluation = EVALUATIONS[name]
        print(f"missing predictions of {name}: run: {evaluation.run_command}"
              + (f"  ({evaluation.note})" if evaluation.note else ""))
    seen = {status for _, status in statuses}
    if seen & {"FAIL", "error"}:
        return 1
    return 2 if seen & {"missing", "no floor"} else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("evaluations", nargs="*", metavar="[check|pin] EVAL", help=", ".join(EVALUATIONS))
    parser.add_argument("--run", action="store_true", help="rerun the fast evaluations first")
    args = parser.parse_args()
    # the mode is an optional first word (argparse would read any evaluation name as a wrong mode)
    mode = args.evaluations.pop(0) if args.evaluations[:1] in (["check"], ["pin"]) else "check"
    unknown = [n for n in args.evaluations if n not in EVALUATIONS]
    if unknown:
        parser.error(f"unknown evaluation {', '.join(unknown)}; choose from {', '.join(EVALUATIONS)}")
    names = args.evaluations or list(EVALUATIONS)
    failed = run_fast(names) if args.run else set()
    if mode == "pin":
        sys.exit(1 if failed else pin([n for n in names if n not in failed]))
    sys.exit(check(names, failed))


if __name__ == "__main__":
    main()
