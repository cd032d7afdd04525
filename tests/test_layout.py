"""The structure rules of DEVELOPERS.md, enforced: small sorted public APIs, one-way stage imports, tests per stage."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "gegenprobe"
# pipeline order; a stage may import only from stages before it (and from the shared base modules)
STAGES = ["text", "ingest", "corpus", "related", "detect", "crosscheck", "report", "pipeline", "api", "cli"]
BASE = {"errors", "types", "settings"}
PRESENT = [stage for stage in STAGES if (PACKAGE / stage).is_dir() or (PACKAGE / f"{stage}.py").is_file()]


@pytest.mark.parametrize("stage", [s for s in PRESENT if (PACKAGE / s).is_dir()])
def test_public_api_is_small_unique_and_complete(stage):
    """ruff (RUF022) keeps each ``__all__`` sorted; here: no duplicates, every name exists, the API stays small."""
    module = importlib.import_module(f"gegenprobe.{stage}")
    assert len(set(module.__all__)) == len(module.__all__)
    assert all(hasattr(module, name) for name in module.__all__)
    assert len(module.__all__) <= 25


def _imported_stages(path: Path) -> set[str]:
    stages = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level >= 2 or (node.level == 1 and path.parent == PACKAGE):
                stages.add(name.split(".")[0])
            elif name.startswith("gegenprobe."):
                stages.add(name.split(".")[1])
    return stages


@pytest.mark.parametrize("stage", PRESENT)
def test_stages_import_only_earlier_stages(stage):
    allowed = BASE | set(STAGES[: STAGES.index(stage) + 1])
    files = (PACKAGE / stage).rglob("*.py") if (PACKAGE / stage).is_dir() else [PACKAGE / f"{stage}.py"]
    for path in files:
        later = _imported_stages(path) - allowed - {""}
        assert not later, f"{path.relative_to(PACKAGE)} imports later stage(s) {sorted(later)}"


@pytest.mark.parametrize("stage", [s for s in PRESENT if (PACKAGE / s).is_dir()])
def test_every_stage_has_tests(stage):
    folder = Path(__file__).parent / stage
    assert folder.is_dir() and any(folder.glob("test_*.py")), f"tests/{stage}/ is missing"
