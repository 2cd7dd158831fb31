"""Re-execute notebooks top to bottom in a fresh kernel and store their outputs in place.

Usage: python tools/execute_notebooks.py notebooks/*.ipynb   (or: make execute)

Metadata that changes on every run (timings, widget state, kernel details) is dropped so that a
re-run leaves a near-empty diff; cell tags and slideshow settings are kept.
"""

import pathlib
import sys
import time

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor, ExecutePreprocessor

KEEP_CELL = ["tags", "slideshow", "jupyter", "editable", "deletable"]
KEEP_NOTEBOOK = ["kernelspec", "language_info", "rise", "celltoolbar"]


def execute(path):
    path = pathlib.Path(path)
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    ExecutePreprocessor(timeout=600, kernel_name="python3", record_timing=False).preprocess(
        notebook, {"metadata": {"path": str(path.parent)}})
    seconds = time.perf_counter() - start
    ClearMetadataPreprocessor(preserve_cell_metadata_mask=KEEP_CELL,
                              preserve_nb_metadata_mask=KEEP_NOTEBOOK).preprocess(notebook, {})
    nbformat.write(notebook, path)
    print(f"{path}: executed in {seconds:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name in sys.argv[1:]:
        execute(name)
