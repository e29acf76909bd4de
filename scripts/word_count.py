"""Words a learner reads before the first real comparison: the markdown of every
notebook before 04, and of 04 up to its first secant by hand (the cell that
computes slope0). Usage: python3 scripts/word_count.py [notebooks/]"""
import json, re, sys
from pathlib import Path

def words(text: str) -> int:
    text = re.sub(r"\$\$.*?\$\$", " formula ", text, flags=re.S)  # a display formula counts as one word
    return len(re.findall(r"\S+", text))

def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "notebooks")
    total = 0
    for path in sorted(folder.glob("*.ipynb")):
        if path.name >= "05":
            break
        count = 0
        for cell in json.loads(path.read_text())["cells"]:
            src = "".join(cell["source"])
            if path.name.startswith("04") and cell["cell_type"] == "code" and "slope0 =" in src:
                break
            if cell["cell_type"] == "markdown":
                count += words(src)
        print(f"{path.name:32s} {count:6d}")
        total += count
    print(f"{'before 04s first secant':32s} {total:6d}")

if __name__ == "__main__":
    main()
