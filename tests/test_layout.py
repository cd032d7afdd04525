"""The structure rules of DEVELOPERS.md, enforced: small sorted public APIs, the stage dependency graph, no reaching
into another package's private modules, tests per stage."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "gegenprobe"
# what each stage may import (besides the shared base modules): detect and related are siblings over text, and
# neither knows the other; crosscheck needs only text; report shows what the three produce
DEPENDS = {
    "text": set(),
    "ingest": {"text"},
    "corpus": {"text", "ingest"},
    "related": {"text", "ingest", "corpus"},
    "detect": {"text"},
    "crosscheck": {"text"},
    "crawl": {"text", "ingest", "corpus", "related"},
    "report": {"text", "detect", "related", "crosscheck"},
    "pipeline": {"text", "ingest", "corpus", "related", "detect", "crosscheck", "report", "crawl"},
    "api": {"text", "ingest", "corpus", "related", "detect", "crosscheck", "report", "pipeline", "crawl"},
    "cli": {"text", "ingest", "corpus", "related", "detect", "crosscheck", "report", "pipeline", "api", "crawl"},
}
STAGES = list(DEPENDS)
BASE = {"errors", "types", "settings", "sqlite"}
PRESENT = [stage for stage in STAGES if (PACKAGE / stage).is_dir() or (PACKAGE / f"{stage}.py").is_file()]


@pytest.mark.parametrize("stage", [s for s in PRESENT if (PACKAGE / s).is_dir()])
def test_public_api_is_small_unique_and_complete(stage):
    """ruff (RUF022) keeps each ``__all__`` sorted; here: no duplicates, every name exists, the API stays small."""
    module = importlib.import_module(f"gegenprobe.{stage}")
    assert len(set(module.__all__)) == len(module.__all__)
    assert all(hasattr(module, name) for name in module.__all__)
    assert len(module.__all__) <= 25


def _imported_modules(path: Path) -> set[tuple[str, ...]]:
    """Dotted paths (below ``gegenprobe``) of the modules ``path`` imports from other stages or base modules."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level >= 2 or (node.level == 1 and path.parent == PACKAGE):
                found.add(tuple(name.split(".")))
            elif name.startswith("gegenprobe."):
                found.add(tuple(name.split(".")[1:]))
    return {parts for parts in found if parts and parts[0]}


def _files(stage: str) -> list[Path]:
    return sorted((PACKAGE / stage).rglob("*.py")) if (PACKAGE / stage).is_dir() else [PACKAGE / f"{stage}.py"]


@pytest.mark.parametrize("stage", PRESENT)
def test_stages_import_only_what_the_graph_allows(stage):
    allowed = BASE | DEPENDS[stage] | {stage}
    for path in _files(stage):
        stages = {parts[0] for parts in _imported_modules(path)}
        assert stages <= allowed, f"{path.relative_to(PACKAGE)} imports {sorted(stages - allowed)}"


@pytest.mark.parametrize("stage", PRESENT)
def test_no_stage_reaches_into_another_packages_private_modules(stage):
    for path in _files(stage):
        private = [".".join(p) for p in _imported_modules(path) if p[0] != stage and any(x.startswith("_") for x in p)]
        assert not private, f"{path.relative_to(PACKAGE)} imports private module(s) {private}"


def test_importing_detect_does_not_load_the_retrieval_stack():
    code = ("import sys, gegenprobe.detect; "
            "print(sorted(m for m in ('faiss', 'tantivy', 'gegenprobe.related') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_command_line_starts_without_the_training_libraries():
    """scikit-learn (1 s), datasketch (0.5 s) and YAKE (0.3 s) load only where they are used: training,
    adding to the corpus, building a query."""
    heavy = ("sklearn", "datasketch", "yake", "split_words", "simplemma")
    code = f"import sys, gegenprobe.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("stage", [s for s in PRESENT if (PACKAGE / s).is_dir()])
def test_every_stage_has_tests(stage):
    folder = Path(__file__).parent / stage
    assert folder.is_dir() and any(folder.glob("test_*.py")), f"tests/{stage}/ is missing"
