"""`--out` files: replaced only when a run ends well, with the mode, link and device behaviour of a plain open()."""

from __future__ import annotations

import os
import stat

import pytest

from gegenprobe.cli._common import NothingWritten, atomic_output
from gegenprobe.errors import ConfigError


def test_the_output_appears_only_at_the_end_and_with_the_usual_mode(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", "utf-8")
    with atomic_output(target) as stream:
        stream.write("new\n")
        assert target.read_text("utf-8") == "old\n"
    assert target.read_text("utf-8") == "new\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_nothing_written_or_an_error_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", "utf-8")
    with atomic_output(target) as stream:
        stream.write("half")
        raise NothingWritten
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as stream:
        stream.write("half")
        raise KeyboardInterrupt
    assert target.read_text("utf-8") == "old\n" and len(list(tmp_path.iterdir())) == 1


def test_a_link_is_followed_and_a_device_written_directly(tmp_path):
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", "utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with atomic_output(link) as stream:
        stream.write("new\n")
    assert link.is_symlink() and real.read_text("utf-8") == "new\n"
    with atomic_output(type(tmp_path)("/dev/null")) as stream:
        stream.write("gone\n")


def test_a_directory_or_missing_folder_is_a_clear_error(tmp_path):
    for path in (tmp_path, tmp_path / "missing" / "out.jsonl"):
        with pytest.raises(ConfigError, match="cannot write"), atomic_output(path) as stream:
            stream.write("x")
