"""Remove outputs and execution counts from notebooks, in place (`npm run strip`).

Usage (through scripts/jupyter.mjs, so that .venv/ is used):

    python scripts/strip_outputs.py [PATH ...] [--check]

PATH is a notebook or a folder searched recursively (default: notebooks/). Committed
notebooks carry no outputs: a chart's output holds the 10 MB plotly bundle, and
outputs make diffs unreadable. Also removed: the per-cell execution timing that
JupyterLab and nbclient can record (`metadata.execution`).

A notebook that is already clean is not rewritten, so running this twice changes
nothing the second time. --check changes nothing and exits 1 if a notebook would be
changed (for CI).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat


def find_notebooks(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(
                sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts and not q.name.startswith("."))
            )
        elif p.suffix == ".ipynb" and p.exists():
            found.append(p)
        else:
            raise SystemExit(f"error: {p} is neither a notebook nor a folder")
    return found


def strip(nb) -> list[str]:
    """Strips nb in memory; returns what was removed, one phrase per kind."""
    outputs = counts = timings = 0
    for cell in nb.cells:
        if "execution" in cell.get("metadata", {}):
            del cell.metadata["execution"]
            timings += 1
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            cell.outputs = []
            outputs += 1
        if cell.get("execution_count") is not None:
            cell.execution_count = None
            counts += 1
    changes = []
    if outputs:
        changes.append(f"outputs of {outputs} cell(s)")
    if counts:
        changes.append(f"{counts} execution count(s)")
    if timings:
        changes.append(f"timing metadata of {timings} cell(s)")
    return changes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=["notebooks"])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook has outputs")
    args = ap.parse_args()

    notebooks = find_notebooks(args.paths)
    changed = 0
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        changes = strip(nb)
        if not changes:
            continue
        changed += 1
        if args.check:
            print(f"{path}: has {', '.join(changes)} (run 'npm run strip')")
        else:
            nbformat.write(nb, path)
            print(f"{path}: removed {', '.join(changes)}")
    verb = "would change" if args.check else "changed"
    print(f"{changed} of {len(notebooks)} notebook(s) {verb}; the others were already clean.")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
