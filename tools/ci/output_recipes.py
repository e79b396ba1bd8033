"""Runs every ```python block of docs/OUTPUTS.md's "Loading recipes" section from the package
root, each in a fresh namespace, so the documented pandas and polars recipes cannot rot.
A block whose first line is `# after: bonesim ARGS` gets that run first (release binary).
Exit 1 with the failing block's heading on the first error."""

import re
import subprocess
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BONESIM = ROOT / ".build-release" / "release" / "bonesim"


def main() -> int:
    text = (ROOT / "docs" / "OUTPUTS.md").read_text(encoding="utf-8")
    section = text[text.index("## Loading recipes"):]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    if not blocks:
        print("output_recipes: no python blocks found in docs/OUTPUTS.md", file=sys.stderr)
        return 1
    for k, code in enumerate(blocks, 1):
        first = code.splitlines()[0]
        if first.startswith("# after: bonesim "):
            args = first[len("# after: bonesim "):].split() + ["--quiet"]
            subprocess.run([str(BONESIM), *args], cwd=ROOT, check=True)
        try:
            exec(compile(code, f"docs/OUTPUTS.md python block {k}", "exec"), {"__name__": "__recipe__"})
        except Exception:
            traceback.print_exc()
            print(f"output_recipes: python block {k} of docs/OUTPUTS.md failed", file=sys.stderr)
            return 1
    print(f"output_recipes: {len(blocks)} python recipes of docs/OUTPUTS.md ran")
    return 0


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    sys.exit(main())
