"""A fitted detector in a form any numpy/scikit-learn version in our ranges can load: parameters and vocabularies in
JSON, weights in ``.npz`` (written by ``_export``). Scoring is numpy alone: the n-gram analysers below reproduce
scikit-learn's ``word`` and ``char_wb`` analysers, so checking an article does not import scikit-learn (1 s of
every start); tests compare the probabilities with the fitted estimator's."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ._prepare import prepare, split_headline
from ._signals import signal_matrix

FORMAT = "gegenprobe.detector/1"
SPEC_FILE, WEIGHTS_FILE = "model.spec.json.gz", "model.weights.npz"
# the vectoriser options that decide which n-grams a text yields
TOKEN_OPTIONS = ("analyzer", "ngram_range", "lowercase", "token_pattern", "strip_accents")
_WHITE_SPACES = re.compile(r"\s\s+")


def _word_analyzer(options: dict[str, Any]) -> Callable[[str], list[str]]:
    """scikit-learn's ``word`` analyser: lower-case, the token pattern, then n-grams joined by spaces."""
    pattern = re.compile(options["token_pattern"])
    low, high = options["ngram_range"]

    def analyse(text: str) -> list[str]:
        tokens = pattern.findall(text.lower() if options["lowercase"] else text)
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high, len(tokens)) + 1):
            grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return grams

    return analyse


def _char_wb_analyzer(options: dict[str, Any]) -> Callable[[str], list[str]]:
    """scikit-learn's ``char_wb`` analyser: character n-grams inside space-padded words."""
    low, high = options["ngram_range"]

    def analyse(text: str) -> list[str]:
        grams: list[str] = []
        for word in _WHITE_SPACES.sub(" ", text.lower() if options["lowercase"] else text).split():
            padded = f" {word} "
            for n in range(low, high + 1):
                grams.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
                if len(padded) <= n:  # a short word is counted once
                    break
        return grams

    return analyse


_ANALYZERS = {"word": _word_analyzer, "char_wb": _char_wb_analyzer}


@dataclass(frozen=True, slots=True)
class _TextBlock:
    """One TF-IDF block: which part of the text it reads, its fixed vocabulary, idf and weights."""

    part: str  # "body" (the whole prepared text), "head" (first 2,000 characters) or "headline"
    analyse: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    sublinear_tf: bool
    norm: str | None
    idf: np.ndarray
    weights: np.ndarray
    members: np.ndarray | None = None  # features x members, or none

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self._one(_part(text, self.part)) for text in texts], dtype=np.float64)

    def member_decisions(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The detector's and each member's decision share of this block, in one pass over the texts."""
        width = 0 if self.members is None else self.members.shape[1]
        main, members = np.zeros(len(texts)), np.zeros((len(texts), width))
        for row, text in enumerate(texts):
            present, values = self._values(_part(text, self.part))
            if len(present):
                main[row] = values @ self.weights[present]
                if self.members is not None:
                    members[row] = values @ self.members[present]
        return main, members

    def _one(self, text: str) -> float:
        present, values = self._values(text)
        return float(values @ self.weights[present]) if len(present) else 0.0

    def _values(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's columns in the vocabulary and their TF-IDF values."""
        vocabulary = self.vocabulary
        columns = [column for gram in self.analyse(text) if (column := vocabulary.get(gram)) is not None]
        if not columns:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        present, counts = np.unique(np.asarray(columns), return_counts=True)
        values = counts.astype(np.float64)
        if self.sublinear_tf:
            values = np.log(values) + 1.0
        values *= self.idf[present]
        if self.norm == "l2":
            values /= np.sqrt(values @ values)
        elif self.norm == "l1":
            values /= np.abs(values).sum()
        return present, values


@dataclass(frozen=True, slots=True)
class _SignalBlock:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        standardised = np.clip((signal_matrix(list(texts)) - self.mean) / self.scale, -5, 5)
        return np.asarray(standardised @ self.weights).ravel()


@dataclass(frozen=True, slots=True)
class PortableDetector:
    """What scoring needs of a detector: ``predict_proba`` over raw ``title + text`` inputs."""

    blocks: tuple[_TextBlock | _SignalBlock, ...]
    intercept: float
    calibration: dict[str, Any]
    members: dict[str, Any] | None = None  # intercepts and the decision threshold of the members, if fitted

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        texts = prepare(X)
        decision = np.full(len(texts), self.intercept)
        for block in self.blocks:
            decision += block.decision(texts)
        p_fake = self._calibrated(decision)
        return np.column_stack([1.0 - p_fake, p_fake])

    def assess(self, X: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities of disinformation and, per text, whether the members disagree on its side of 0.5."""
        texts = prepare(X)
        if self.members is None or any(isinstance(b, _SignalBlock) or b.members is None for b in self.blocks):
            return self.predict_proba(X)[:, 1], np.zeros(len(texts), dtype=bool)
        decision = np.full(len(texts), self.intercept)
        member_decision = np.tile(np.asarray(self.members["intercepts"]), (len(texts), 1))
        for block in self.blocks:
            if not isinstance(block, _TextBlock):
                continue
            main, members = block.member_decisions(texts)
            decision += main
            member_decision += members
        sides = member_decision >= self.members["threshold"]
        return self._calibrated(decision), sides.any(axis=1) & ~sides.all(axis=1)

    def _calibrated(self, decision: np.ndarray) -> np.ndarray:
        if self.calibration["method"] == "sigmoid":
            return np.asarray(1.0 / (1.0 + np.exp(self.calibration["a"] * decision + self.calibration["b"])))
        return np.interp(decision, self.calibration["x"], self.calibration["y"])


def _part(text: str, part: str) -> str:
    if part == "headline":
        return split_headline(text)[0]
    return text[:2000] if part == "head" else text


def has_portable(folder: Path) -> bool:
    return (folder / SPEC_FILE).exists() and (folder / WEIGHTS_FILE).exists()


def load_portable(folder: Path) -> PortableDetector:
    with gzip.open(folder / SPEC_FILE, "rt", encoding="utf-8") as stream:
        spec = json.load(stream)
    if spec.get("format") != FORMAT:
        raise ValueError(f"unknown detector format {spec.get('format')!r} (this version reads {FORMAT})")
    with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as arrays:
        blocks = tuple(block for index, block_spec in enumerate(spec["blocks"])
                       if (block := _load_block(block_spec, arrays, index)) is not None)
    return PortableDetector(blocks, float(spec["intercept"]), spec["calibration"], spec.get("members"))


def _load_block(spec: dict[str, Any], arrays: Any, index: int) -> _TextBlock | _SignalBlock | None:
    if spec["kind"] == "empty":
        return None
    weights = arrays[f"{index}_weights"].astype(np.float64)
    if spec["kind"] == "signals":
        return _SignalBlock(arrays[f"{index}_mean"], arrays[f"{index}_scale"], weights)
    options = spec["options"]
    if options["analyzer"] not in _ANALYZERS or options.get("strip_accents"):
        raise ValueError(f"unsupported analyser {options['analyzer']!r} (strip_accents {options.get('strip_accents')})")
    vocabulary = {term: column for column, term in enumerate(spec["terms"])}
    members = None
    if f"{index}_member_deltas" in arrays:
        members = weights[:, None] + arrays[f"{index}_member_deltas"] * arrays[f"{index}_member_step"]
    return _TextBlock(spec["part"], _ANALYZERS[options["analyzer"]](options), vocabulary, spec["sublinear_tf"],
                      spec["norm"], arrays[f"{index}_idf"].astype(np.float64), weights, members)
