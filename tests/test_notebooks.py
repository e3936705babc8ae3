"""The notebooks run top to bottom, offline, in a kernel of this environment.

Each notebook is executed in memory with nbclient (the files on disk are not
touched) from the repository root, with the ``python3`` kernel. jupyter_client
starts that kernel with the Python running the tests, so the notebooks import
the editable geomap of this checkout; a cell appended at the end checks it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

from nbclient.exceptions import CellExecutionError  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
EXPECTED = {"01_reference_article.ipynb", "02_acled_table.ipynb"}
TIMEOUT = 300  # seconds per cell (the first cell may build the gazetteer index)

_PROBE = "import json, sys; print(json.dumps({'executable': sys.executable, 'prefix': sys.prefix}))"


def test_notebooks_present() -> None:
    assert EXPECTED <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {i} has outputs: clear them"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(_PROBE))
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=TIMEOUT,
        resources={"metadata": {"path": str(REPO)}},
    )
    failure = None
    try:
        client.execute()
    except CellExecutionError as exc:  # the first failing cell, its source and traceback
        failure = _ANSI.sub("", str(exc))
    if failure is not None:  # outside the except block: no chained nbclient traceback
        pytest.fail(f"{path.name} failed:\n{failure}", pytrace=False)

    probe = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    kernel = json.loads(probe.strip().splitlines()[-1])
    assert Path(kernel["prefix"]).resolve() == Path(sys.prefix).resolve(), (
        f"the notebook kernel runs {kernel['executable']}, not this environment's "
        f"{sys.executable}"
    )
