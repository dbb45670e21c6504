"""notebooks/analyst-tour.ipynb runs from top to bottom in a real Jupyter kernel (this venv's Python)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "analyst-tour.ipynb"
KERNEL = "python3"


def test_the_kernel_is_this_python() -> None:
    """jupyter_client runs a spec whose argv[0] is a bare `python`/`python3` with sys.executable, i.e. the venv."""
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.fail(f"no {KERNEL} kernelspec: pip install ipykernel in {sys.prefix}")
    command = spec.argv[0]
    bare = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}
    assert command in bare or Path(command) == Path(sys.executable), spec.argv
    assert "ipykernel" in " ".join(spec.argv), spec.argv


@pytest.mark.slow
def test_the_notebook_runs_without_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert any(c.cell_type == "markdown" for c in nb.cells) and any(c.cell_type == "code" for c in nb.cells)
    monkeypatch.setenv("KG_TOUR_WORK", str(tmp_path))  # the kernel inherits it: outputs go to tmp_path
    client = nbclient.NotebookClient(
        nb, kernel_name=KERNEL, timeout=180, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"a cell of {NOTEBOOK.name} raised:\n{exc}")

    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert all(c.execution_count for c in code_cells), "a code cell did not run"

    printed = "".join(o.get("text", "") for o in code_cells[0].outputs if o.output_type == "stream")
    assert f"python: {sys.executable}" in printed  # the kernel runs the venv's interpreter

    # It built its own graph and drew the network in the folder it was given, and the page is displayed.
    assert (tmp_path / "store" / "CURRENT").is_file()
    assert (tmp_path / "graph.html").stat().st_size > 0
    last = [o for o in code_cells[-1].outputs if o.output_type == "execute_result"]
    assert last and "<iframe srcdoc=" in last[0]["data"]["text/html"]
    # Three saved queries were shown as tables.
    tables = [c for c in code_cells if "saved(" in c.source and "def saved" not in c.source]
    assert len(tables) >= 3
    for cell in tables:
        assert any("text/html" in o.get("data", {}) for o in cell.outputs), cell.source
    # The chain section: the saved query's gaps are kg chain's, and the chain map is shown.
    printed = "".join(o.get("text", "") for c in code_cells for o in c.outputs if o.output_type == "stream")
    assert "the same missing and weak links as kg chain: True" in printed
    assert any("kgChainDrawn" in o.get("data", {}).get("text/html", "") for c in code_cells for o in c.outputs)
