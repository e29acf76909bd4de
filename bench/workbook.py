"""Workbook timings for `npm run bench`, through the real tslab kernel.

Prints progress to stderr and one JSON line to stdout:
kernel start-up, a trivial cell and a gradCheck cell on a warm kernel (medians),
and each notebook's time run headless through nbclient.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
QUICK = "--quick" in sys.argv


def log(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


def run_cell(client, code: str) -> float:
    start = time.perf_counter()
    reply = client.execute(code, reply=True, timeout=120)
    elapsed = time.perf_counter() - start
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {code!r}: {reply['content']}")
    return elapsed


def kernel_timings() -> dict:
    starts, trivial, check = [], [], []
    for k in range(2 if QUICK else 3):
        log(f"kernel start {k + 1}")
        km = KernelManager(kernel_name="tslab")
        t0 = time.perf_counter()
        km.start_kernel(cwd=str(NOTEBOOKS))
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=120)
        starts.append(time.perf_counter() - t0)
        if k == 0:
            log("warm-kernel cells")
            run_cell(client, 'import { articleProblem, gradCheck, cost, gradient } from "ngc-workbook-lib";')
            run_cell(client, "const P = await articleProblem();")
            for i in range(5 if QUICK else 15):
                trivial.append(run_cell(client, f"{i} + 1"))
            for i in range(5 if QUICK else 15):
                check.append(run_cell(client,
                    "gradCheck({ f: (w) => cost(P.X, P.y, w), gradient: (w) => gradient(P.X, P.y, w), w: P.INIT }).passed"))
        client.stop_channels()
        km.shutdown_kernel(now=True)
    return {
        "kernelStartSeconds": statistics.median(starts),
        "trivialCellMs": statistics.median(trivial) * 1000,
        "gradCheckCellMs": statistics.median(check) * 1000,
    }


def notebook_timings() -> dict:
    out = []
    total0 = time.perf_counter()
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    for i, path in enumerate(paths, start=1):
        log(f"notebook {i}/{len(paths)} {path.name}")
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name="tslab", timeout=300, resources={"metadata": {"path": str(NOTEBOOKS)}})
        t0 = time.perf_counter()
        client.execute()
        out.append({
            "name": path.name,
            "cells": sum(1 for c in nb.cells if c.cell_type == "code"),
            "seconds": time.perf_counter() - t0,
        })
    return {"notebooks": out, "totalSeconds": time.perf_counter() - total0}


if __name__ == "__main__":
    result = kernel_timings()
    result.update(notebook_timings())
    print(json.dumps(result))
