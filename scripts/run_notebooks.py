"""Execute the workbook's notebooks through the real tslab kernel (nbclient).

Usage (run through scripts/jupyter.mjs so that .venv/ and its kernelspec are used):

    python scripts/run_notebooks.py [PATH ...] [--write DIR] [--repeat] [--allow-outputs]

PATH is a notebook or a folder of notebooks (default: notebooks/); folders run in
file-name order. Each notebook runs in a fresh kernel whose working directory is
the notebook's folder, as in JupyterLab.

A notebook fails if any cell errors or writes to stderr. tslab reports a type
error as a bare "<Error>:" and puts the real message in the cell's stderr, so the
report prints that stream along with the notebook name and the cell number.

Before running, committed notebooks must carry no outputs (see `npm run strip`);
--allow-outputs skips that check. --write DIR saves the executed notebooks there.
--repeat runs each notebook twice and fails if the text outputs differ: the
workbook promises the same numbers on every run.
--solutions puts each exercise's hidden solution (the code in the <details>
block after a "Your turn" cell) in place of its `const name ... = undefined;`
answer line, runs the notebook, and fails unless every checkAnswer prints ✓:
the exercises must stay solvable as the workbook changes. A solution may also list
classic mistakes, each in a fenced block whose info string names what the
self-check must print for it:

    ```typescript mistake: regularizing the bias
    const myGradient: GradientFunction | undefined = (w) => ...;
    ```

For each such block --solutions also runs the notebook up to the exercise's cell
with the mistake in place of the answer (the other answers hold their solutions),
and fails unless that cell prints a ✗ line containing the named words.
"""

from __future__ import annotations

import argparse
import copy as copy_module
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

KERNEL = "tslab"
CELL_TIMEOUT_S = 300
STARTUP_TIMEOUT_S = 120


def find_notebooks(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(q for q in p.glob("*.ipynb") if not q.name.startswith(".")))
        elif p.suffix == ".ipynb" and p.exists():
            found.append(p)
        else:
            raise SystemExit(f"error: {p} is neither a notebook nor a folder of notebooks")
    if not found:
        raise SystemExit(f"error: no notebooks found under {', '.join(paths)}")
    return found


def committed_outputs(nb) -> list[int]:
    """1-based numbers of code cells that carry outputs or an execution count."""
    return [
        i
        for i, cell in enumerate(nb.cells, start=1)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]


def first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:100]
    return "(empty cell)"


def cell_failures(nb) -> list[tuple[int, str, str]]:
    """(cell number, first source line, what went wrong) for every failing cell."""
    failures = []
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        problems = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr":
                problems.append("stderr:\n" + out.text.rstrip())
            elif out.output_type == "error":
                tb = "\n".join(out.get("traceback", [])) or f"{out.ename}: {out.evalue}"
                problems.append(f"error {out.ename}: {out.evalue}\n{strip_ansi(tb)}".rstrip())
        if problems:
            failures.append((i, first_line(cell.source), "\n".join(problems)))
    return failures


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def text_outputs(nb) -> list[tuple[int, str]]:
    """The text a learner reads in each code cell (streams, plain text), for --repeat."""
    texts = []
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                texts.append((i, out.text))
            elif "data" in out and "text/plain" in out.data:
                texts.append((i, out.data["text/plain"]))
    return texts


ANSWER_LINE = re.compile(r"^const (\w+)\b[^=]*= undefined;.*$", re.M)
SOLUTION_CODE = re.compile(r"```typescript\n(.*?)```", re.S)
MISTAKE_CODE = re.compile(r"```typescript mistake: *([^\n]+)\n(.*?)```", re.S)


def fill_in_solutions(nb) -> int:
    """Replaces each answer line with the solution that follows it; returns how many."""
    filled = 0
    for i, cell in enumerate(nb.cells[:-1]):
        if cell.cell_type != "code":
            continue
        nxt = nb.cells[i + 1]
        if nxt.cell_type != "markdown" or "<details>" not in nxt.source:
            continue
        for match in ANSWER_LINE.finditer(cell.source):
            code = "\n".join(SOLUTION_CODE.findall(nxt.source))
            if re.search(rf"\bconst {match.group(1)}\b", code) is None:
                raise RuntimeError(f"cell {i + 1}: the solution after it does not define {match.group(1)}")
            # The answer cell keeps its own checkAnswer call.
            code = "\n".join(line for line in code.splitlines() if "checkAnswer(" not in line)
            cell.source = cell.source.replace(match.group(0), code.strip(), 1)
            filled += 1
    return filled


def without_check_calls(code: str) -> str:
    return "\n".join(line for line in code.splitlines() if "checkAnswer(" not in line).strip()


def injected_mistakes(nb) -> list[tuple[str, int, object]]:
    """(the words expected, the 0-based answer cell, a notebook that ends with that cell
    holding the mistake) for every mistake block in a hidden solution."""
    variants = []
    for i, cell in enumerate(nb.cells[:-1]):
        nxt = nb.cells[i + 1]
        if cell.cell_type != "code" or nxt.cell_type != "markdown" or "<details>" not in nxt.source:
            continue
        for name, code in MISTAKE_CODE.findall(nxt.source):
            matches = [m for m in ANSWER_LINE.finditer(cell.source) if re.search(rf"\bconst {m.group(1)}\b", code)]
            if not matches:
                raise RuntimeError(f"cell {i + 1}: the mistake \"{name.strip()}\" defines no answer of this cell")
            copy = nbformat.from_dict(copy_module.deepcopy(nb))
            copy.cells = copy.cells[: i + 1]
            copy.cells[i].source = copy.cells[i].source.replace(matches[0].group(0), without_check_calls(code), 1)
            fill_in_solutions(copy)
            variants.append((name.strip(), i, copy))
    return variants


def check_injected_mistakes(nb, path: Path) -> tuple[int, list[tuple[int, str, str]]]:
    """Runs every injected mistake; each must make its cell print ✗ with the mistake's name."""
    failures = []
    variants = injected_mistakes(nb)
    for name, i, variant in variants:
        ran, _ = execute_notebook(variant, path)
        problems = cell_failures(ran)
        if problems:
            failures.extend((c, line, f"with the mistake \"{name}\" injected: {what}") for c, line, what in problems)
            continue
        lines = [line for out in ran.cells[i].get("outputs", []) if out.output_type == "stream" for line in out.text.splitlines()]
        if not any(line.startswith("✗") and name in line for line in lines):
            shown = "\n".join(lines) or "(nothing)"
            failures.append((i + 1, first_line(nb.cells[i].source),
                             f"the injected mistake \"{name}\" was not named; the cell printed:\n{shown}"))
    return len(variants), failures


def exercise_results(nb) -> tuple[list[str], list[str]]:
    """The ✓ and ✗ lines printed by checkAnswer."""
    ok, bad = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.output_type == "stream":
                for line in out.text.splitlines():
                    if line.startswith("✓") and ": correct" in line:  # checkAnswer's ✓, not other ticks
                        ok.append(line)
                    elif line.startswith("✗"):
                        bad.append(line)
    return ok, bad


def execute(path: Path, solutions: bool = False) -> tuple[object, float]:
    nb = nbformat.read(path, as_version=4)
    if solutions and fill_in_solutions(nb) == 0:
        raise RuntimeError(f"{path}: --solutions found no exercise with a hidden solution")
    return execute_notebook(nb, path)


def execute_notebook(nb, path: Path) -> tuple[object, float]:
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT_S,
        startup_timeout=STARTUP_TIMEOUT_S,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    start = time.perf_counter()
    try:
        client.execute()
    except (CellTimeoutError, DeadKernelError) as e:
        raise RuntimeError(f"{path}: the kernel stopped or a cell timed out: {e}") from e
    except CellExecutionError as e:  # only with allow_errors=False; kept for safety
        raise RuntimeError(f"{path}: {e}") from e
    return nb, time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=["notebooks"])
    ap.add_argument("--write", metavar="DIR", help="save the executed notebooks in DIR")
    ap.add_argument("--repeat", action="store_true", help="run twice and compare the text outputs")
    ap.add_argument("--allow-outputs", action="store_true", help="do not require output-free notebooks")
    ap.add_argument("--solutions", action="store_true", help="fill in the hidden solutions; every exercise must pass")
    args = ap.parse_args()

    notebooks = find_notebooks(args.paths)
    failed: list[str] = []
    if not args.allow_outputs:
        for path in notebooks:
            cells = committed_outputs(nbformat.read(path, as_version=4))
            if cells:
                failed.append(path.name)
                print(
                    f"FAIL {path}: committed with outputs in code cell(s) {', '.join(map(str, cells))}. "
                    "Run 'npm run strip' to remove them.",
                    file=sys.stderr,
                )
        if failed:
            return 1

    total_start = time.perf_counter()
    for n, path in enumerate(notebooks, start=1):
        label = f"[{n}/{len(notebooks)}] {path}"
        print(f"{label} ...", flush=True)
        try:
            nb, seconds = execute(path, args.solutions)
        except RuntimeError as e:
            print(f"FAIL {e}", file=sys.stderr)
            failed.append(path.name)
            continue
        n_code = sum(1 for c in nb.cells if c.cell_type == "code")
        n_mistakes = 0
        failures = cell_failures(nb)
        if args.solutions and not failures:
            ok, bad = exercise_results(nb)
            for line in bad:
                failures.append((0, "exercise", f"a hidden solution does not pass its check: {line}"))
            if not ok:
                failures.append((0, "exercise", "no checkAnswer printed ✓ with the solutions filled in"))
            if not failures:
                try:
                    n_mistakes, mistake_failures = check_injected_mistakes(nbformat.read(path, as_version=4), path)
                except RuntimeError as e:
                    n_mistakes, mistake_failures = 0, [(0, "exercise", str(e))]
                failures.extend(mistake_failures)
        if args.repeat and not failures:
            again, seconds2 = execute(path)
            seconds += seconds2
            a, b = text_outputs(nb), text_outputs(again)
            for (cell, x), (_, y) in zip(a, b):
                if x != y:
                    failures.append((cell, first_line(nb.cells[cell - 1].source),
                                     f"a second run printed different text:\n--- first run\n{x}\n--- second run\n{y}"))
                    break
            else:
                if len(a) != len(b):
                    failures.append((0, "", "a second run printed a different number of outputs"))
        if args.write:
            out = Path(args.write) / path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out)
        if failures:
            failed.append(path.name)
            for cell, line, what in failures:
                print(f"FAIL {path}, cell {cell} ({line}):\n{what}\n", file=sys.stderr)
        else:
            named = f", {n_mistakes} injected mistakes named" if args.solutions and n_mistakes else ""
            solved = f", {len(exercise_results(nb)[0])} exercise checks ✓{named}" if args.solutions else ""
            print(f"ok   {path}: {n_code} code cells in {seconds:.1f} s{solved}", flush=True)

    print(f"{len(notebooks) - len(failed)} of {len(notebooks)} notebooks passed "
          f"in {time.perf_counter() - total_start:.1f} s")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
