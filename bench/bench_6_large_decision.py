"""Building one very large decision: the work per decision grows linearly (issue 19, point 7).

    python bench/bench_6_large_decision.py [--baseline REF] [--sizes 5500,22000]

Times what a build worker does with one file (read, parse, map, validate:
``kg.build.worker.process_file``) for decisions of 5,500 and 22,000 numbered
paragraphs, in two forms: every paragraph a finding of fault, and every
paragraph a finding that also cites a statute (the form whose citations once
made parsing grow with the square of the text).  "Before" is the code of
``--baseline`` (default: main when the session began), unpacked with ``git
archive`` under ``out/bench/`` and run in a child process, as
``bench_4_validate.py`` does; "after" is this checkout.  Prints seconds, the
ratio of 22,000 to 5,500 paragraphs (the target: at most 6 for 4x the size)
and after/before.  Each figure is the best of two runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from code_at import code_at

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench"
BASELINE = "9a715aa"  # main before the house reshaping, the hardening and the real-page parser
FORMS = {
    "findings": "The Council was at fault because it delayed the assessment of case {i}.",
    "findings citing a statute": "The Council was at fault because it did not follow section 17 of the Children Act "
    "1989 in case {i}.",
}

_CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
try:
    from kg.build.worker import process_file, Settings
    settings = Settings()
    run = lambda path: process_file(path, None, settings)
except ImportError:  # the layout before the house reshaping
    from kg.build_worker import process_file
    run = lambda path: process_file(path, None)
path = sys.argv[2]
run(path)  # the shapes read and compiled before the clock starts: on a small file first
started = time.perf_counter()
item = run(sys.argv[3])
print(json.dumps({"s": time.perf_counter() - started, "status": item.status, "triples": item.triples}))
"""


def text(form: str, paragraphs: int) -> str:
    """The seed decision's header and opening, then ``paragraphs`` numbered findings, then an action."""
    head = (ROOT / "data" / "decisions" / "lgsco-20-007-812.txt").read_text(encoding="utf-8")
    body = [head[: head.index("What I found")], "What I found\n\n"]
    body += [f"  {i + 1}. {FORMS[form].format(i=i)}\n" for i in range(paragraphs)]
    body.append("\nAgreed action\n\n  1. Within one month the Council will apologise to Ms X.\n")
    return "".join(body)


def timed(tree: Path, path: Path) -> dict:
    small = ROOT / "data" / "decisions" / "lgsco-20-007-812.txt"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tree), str(small), str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tree,
    )
    if done.returncode != 0:
        return {"s": float("nan"), "status": f"crashed: {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", default=BASELINE, help="the commit whose code is 'before'")
    ap.add_argument("--sizes", default="5500,22000", help="paragraphs, comma-separated (the first is the base)")
    a = ap.parse_args()
    sizes = [int(n) for n in a.sizes.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    before, after = code_at(a.baseline), ROOT
    print(
        f"bench_6_large_decision: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"before = {a.baseline}; one decision through a build worker (read, parse, map, validate), seconds"
    )
    print(f"  {'form':28} {'paragraphs':>10} {'before':>8} {'after':>8} {'after/before':>12}")
    for form in FORMS:
        seconds: dict[str, dict[int, float]] = {"before": {}, "after": {}}
        for n in sizes:
            path = OUT / f"large-{form.replace(' ', '-')}-{n}.txt"
            path.write_text(text(form, n), encoding="utf-8")
            for side, tree in (("before", before), ("after", after)):
                runs = [timed(tree, path) for _ in range(2)]
                seconds[side][n] = min(r["s"] for r in runs)
            b, f = seconds["before"][n], seconds["after"][n]
            print(f"  {form:28} {n:>10,} {b:>8.2f} {f:>8.2f} {f / b:>12.2f}")
        low, high = sizes[0], sizes[-1]
        for side in ("before", "after"):
            ratio = seconds[side][high] / seconds[side][low]
            print(f"  {form}, {side}: {high:,} / {low:,} paragraphs ({high // low}x the size): {ratio:.1f}x the time")
        ratio = seconds["after"][high] / seconds["after"][low]
        verdict = "met" if ratio <= 6 else "NOT met"
        print(f"  target (issue 19.7): at most 6x the time for 4x the size: [{verdict}] {ratio:.1f}x")


if __name__ == "__main__":
    main()
