"""kg installed from a wheel, outside the repository: a real non-editable `pip install` into a fresh venv must bring
the saved queries, the chain models and the templates, and the installed `kg` must find them (not the checkout's).

Offline: the venv sees the test venv's packages through a .pth line (kg's dependencies, pip, setuptools, wheel) and
pip installs with --no-deps --no-build-isolation --no-index. The checkout is copied first, so the build writes
nothing into it and the package cannot lean on a file outside what it ships.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest
from helpers import first_line

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SAVED = sorted(p.stem for p in (ROOT / "ontology" / "queries").glob("*.rq"))
CHAINS = sorted(p.name for p in (ROOT / "ontology" / "chains").glob("*.ttl"))
# The installed kg must not see the checkout: no PYTHONPATH (the test run may set it to the worktree).
ENV = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}


class Installed:
    """A venv with kg installed from the wheel; `work` is a folder outside the checkout to run it in."""

    def __init__(self, venv: Path, work: Path) -> None:
        self.venv, self.work = venv, work
        self.kg = venv / "bin" / "kg"
        self.python = venv / "bin" / "python"

    def run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([str(a) for a in args], cwd=self.work, env=ENV, capture_output=True, text=True,
                              encoding="utf-8", timeout=300)
        if check and proc.returncode != 0:
            pytest.fail(f"{args} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
        return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("kg", "ontology"):  # (without the checkout's own build of the compiled part: the wheel makes its own)
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = subprocess.run([str(venv / "bin" / "python"), "-c", where], check=True, capture_output=True, text=True,
                          env=ENV).stdout.strip()
    Path(site, "_test_venv.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    work = base / "work"
    work.mkdir()
    env = Installed(venv, work)
    env.run(env.python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
            source)
    return env


def test_the_installed_package_is_the_wheel_and_declares_what_it_imports(installed: Installed) -> None:
    probe = (
        "import json, importlib.metadata as m, kg, kg.vocab as v, kg.text.segment as s\n"
        "print(json.dumps({'kg': kg.__file__, 'ontology': str(v.ONTOLOGY_DIR), 'requires': m.requires('kg'),\n"
        "                  'compiled': s._segfast is not None}))"
    )
    found = json.loads(installed.run(installed.python, "-c", probe).stdout)
    # setup.py's C part is built into the wheel wherever the checkout's own install could build it (a compiler).
    from kg.text import segment

    assert found["compiled"] == (segment._segfast is not None), found
    package = installed.venv.resolve()
    assert Path(found["kg"]).resolve().is_relative_to(package), found["kg"]
    assert Path(found["ontology"]).resolve().is_relative_to(package), found["ontology"]
    assert sorted(p.stem for p in Path(found["ontology"], "queries").glob("*.rq")) == SAVED
    assert sorted(p.name for p in Path(found["ontology"], "chains").glob("*.ttl")) == CHAINS
    package_dir = Path(found["kg"]).parent
    assert (package_dir / "chains" / "templates" / "chain.html").is_file()
    # Every page template of the checkout (kg/templates, kg/viz/templates, kg/serve/templates, …) is in the wheel.
    templates = {p.relative_to(ROOT / "kg").as_posix() for p in (ROOT / "kg").rglob("templates/*.*")}
    assert templates >= {"templates/offline_meta.html", "templates/text_element.js", "viz/templates/network.html",
                         "serve/templates/query.html"}
    assert templates == {p.relative_to(package_dir).as_posix() for p in package_dir.rglob("templates/*.*")}
    assert (package_dir / "extraction" / "models" / "relation_confidence.json").is_file()
    lexicons = ROOT / "kg" / "extraction" / "lexicons"
    assert {p.name for p in (package_dir / "extraction" / "lexicons").iterdir()} == \
        {p.name for p in lexicons.iterdir() if p.suffix in (".txt", ".tsv")}
    # Every module of the checkout is in the wheel (pyproject lists the packages: a new subpackage goes there too).
    shipped = {p.relative_to(Path(found["kg"]).parent).as_posix() for p in Path(found["kg"]).parent.rglob("*.py")}
    assert shipped == {p.relative_to(ROOT / "kg").as_posix() for p in (ROOT / "kg").rglob("*.py")}
    requires = {r.split(">")[0].split("=")[0].split(";")[0].strip() for r in found["requires"]}
    assert {"jinja2", "markupsafe", "rdflib", "pyoxigraph"} <= requires


@pytest.fixture(scope="module")
def built(installed: Installed) -> Path:
    out = installed.work / "out"
    installed.run(installed.kg, "build", SEEDS, "--out", out)
    return out


def test_the_installed_kg_builds_the_seeds_as_the_checkout_does(installed: Installed, built: Path) -> None:
    # The chain layer reads the chain models the wheel ships: firms are placed on links.
    rows = installed.run(installed.kg, "query", "--out", built, "-f", "csv",
                         "SELECT (COUNT(*) AS ?n) WHERE { ?p a kgch:Placement }").stdout.splitlines()
    assert rows[0] == "n" and int(rows[1]) > 0, rows
    # The network page is drawn from the template the wheel ships.
    assert (built / "graph.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_installed_kg_runs_a_saved_query_by_name_and_lists_them(installed: Installed, built: Path) -> None:
    by_name = installed.run(installed.kg, "query", "chain-leaders", "--out", built, "-f", "csv").stdout
    by_file = installed.run(installed.kg, "query", ROOT / "ontology" / "queries" / "chain-leaders.rq", "--out",
                            built, "-f", "csv").stdout
    assert by_name == by_file and by_name.startswith("firm,industry,park\n") and len(by_name.splitlines()) > 1
    unknown = installed.run(installed.kg, "query", "no-such-query", "--out", built, check=False)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert "no-such-query is neither a query file nor a saved query" in unknown.stderr
    assert all(name in unknown.stderr for name in SAVED), unknown.stderr
    assert str(installed.venv) in unknown.stderr  # the listed folder is the installed one


def test_the_installed_kg_lists_its_saved_queries_and_runs_one_with_saved(installed: Installed, built: Path) -> None:
    listed = installed.run(installed.kg, "queries").stdout.splitlines()
    assert [line.split()[0] for line in listed] == SAVED, listed
    assert any(line.startswith("chain-leaders ") and "链主企业" in line for line in listed), listed
    saved = installed.run(installed.kg, "query", "--saved", "chain-leaders", "--out", built, "-f", "csv").stdout
    by_file = installed.run(installed.kg, "query", ROOT / "ontology" / "queries" / "chain-leaders.rq", "--out",
                            built, "-f", "csv").stdout
    assert saved == by_file and saved.startswith("firm,industry,park\n") and len(saved.splitlines()) > 1
    unknown = installed.run(installed.kg, "query", "--saved", "no-such-query", "--out", built, check=False)
    assert unknown.returncode == 2 and str(installed.venv) in unknown.stderr, unknown.stderr


def test_the_installed_kg_draws_a_chain_page_from_its_template(installed: Installed, built: Path) -> None:
    page = installed.run(installed.kg, "chain", "抚州高新区", "-f", "html", "--out", built).stdout
    assert page.startswith("<!DOCTYPE html>") and "抚州高新区" in page


def test_the_installed_query_page_lists_the_saved_queries(installed: Installed, built: Path) -> None:
    log = (installed.work / "serve.log").open("w", encoding="utf-8")
    proc = subprocess.Popen([str(installed.kg), "serve", "--out", str(built), "--port", "0", "--workers", "1"],
                            cwd=installed.work, env=ENV, stdout=subprocess.PIPE, stderr=log, text=True,
                            encoding="utf-8")
    try:
        line = first_line(proc)
        assert line.startswith("kg serve: http://127.0.0.1:"), line
        with urllib.request.urlopen(line.split()[2], timeout=30) as response:
            page = response.read().decode("utf-8")
        assert all(f"{name}.rq" in page for name in SAVED)
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
