"""`kg queries` lists the saved queries (ontology/queries/*.rq) and `kg query --saved NAME` runs one, on a real
built store, through the installed `kg` command (tests/test_packaging.py runs both from a wheel)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from helpers import kg_script

import kg

ROOT = Path(__file__).resolve().parents[2]
QUERY_FILES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([kg_script(), *map(str, args)], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=120)


def header_line(path: Path, field: str) -> str:
    """The first `# field: …` comment of a query file, read here without kg's reader."""
    prefix = f"# {field}:"
    return next(line[len(prefix):].strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith(prefix))


def test_queries_lists_each_saved_query_with_its_chinese_and_english_title(tmp_path: Path) -> None:
    proc = run("queries", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [p.stem for p in QUERY_FILES]
    for path, line in zip(QUERY_FILES, lines, strict=True):
        assert header_line(path, "title-zh") in line and header_line(path, "title-en") in line, line


def test_queries_as_json_gives_names_titles_and_descriptions(tmp_path: Path) -> None:
    proc = run("queries", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [row["name"] for row in rows] == [p.stem for p in QUERY_FILES]
    by_name = {row["name"]: row for row in rows}
    assert by_name["policies"]["title_zh"] == header_line(ROOT / "ontology/queries/policies.rq", "title-zh")
    assert all(row["description"] for row in rows)


def test_query_saved_runs_the_named_query_on_the_built_store(seed_build: kg.BuildReport, tmp_path: Path) -> None:
    # A file called like the query in the current folder: --saved never reads it (a bare QUERY would).
    (tmp_path / "chain-leaders").write_text("SELECT nonsense", encoding="utf-8")
    out = Path(seed_build.out)
    saved = run("query", "--saved", "chain-leaders", "--out", out, "-f", "csv", cwd=tmp_path)
    assert saved.returncode == 0, saved.stderr
    by_file = run("query", ROOT / "ontology" / "queries" / "chain-leaders.rq", "--out", out, "-f", "csv",
                  cwd=tmp_path)
    assert saved.stdout == by_file.stdout
    rows = saved.stdout.splitlines()
    assert rows[0] == "firm,industry,park" and len(rows) > 1, rows
    assert any(row.startswith("比亚迪,") for row in rows[1:]), rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--saved", "no-such-query"], "--saved no-such-query: no such saved query"),
        (["--saved", "../kg/cli"], "no such saved query"),
        ([], "give one query"),
        (["chain-leaders", "--saved", "policies"], "give one query"),
    ],
)
def test_query_saved_refuses_unknown_names_and_two_queries(seed_build: kg.BuildReport, tmp_path: Path,
                                                           args: list[str], message: str) -> None:
    proc = run("query", *args, "--out", Path(seed_build.out), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == "", (proc.returncode, proc.stdout)
    assert proc.stderr.startswith("kg: error: ") and message in proc.stderr and "Traceback" not in proc.stderr
    if "no such saved query" in message:
        assert all(p.stem in proc.stderr for p in QUERY_FILES), proc.stderr
