"""The analyst's notebook (examples/analysis.ipynb) runs from a fresh kernel and its committed
outputs are real: it builds the demo output itself, reads it with pandas, polars and DuckDB
and plots figures over time and top organizations.

Budget: about 15 s (kernel start, one demo crawl, the imports).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOK = EXAMPLES / "analysis.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"


def _images(nb) -> list[bytes]:  # type: ignore[no-untyped-def]
    return [
        base64.b64decode(out["data"]["image/png"])
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    ]


def test_committed_notebook_carries_its_outputs_and_the_readme_plot() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs for c in code), "commit the notebook executed"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    images = _images(nb)
    assert len(images) == 2  # figures over time, top organizations
    assert all(img.startswith(PNG) for img in images)
    readme_plot = (EXAMPLES / "figures_over_time.png").read_bytes()
    assert readme_plot.startswith(PNG)


def test_notebook_executes_cleanly(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell (asserts included)
    images = _images(nb)
    assert len(images) == 2
    assert all(img.startswith(PNG) and len(img) > 5000 for img in images)
    text = "".join(
        out.get("text", "") + out.get("data", {}).get("text/plain", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )
    assert "written 8" in text  # the demo crawl it ran
    assert "datetime64[us, UTC]" in text
