#!/usr/bin/env python3
"""Benchmark: `awaitify lint` against `ruff check --select ASYNC --no-cache`.

Runs both on the same large trees, interleaved, several rounds, and prints the median
wall time, CPU time and peak RSS of each with the ratio to ruff. Trees: the CPython
standard library of the python3 running this script, and Django's source from its PyPI
sdist. Peers and downloads go to a cache outside the repository
($AWAITIFY_BENCH_CACHE, default ~/.cache/awaitify-bench). Needs GNU time (/usr/bin/time).

    python3 bench/lint_vs_ruff.py [--rounds 5] [--threads N]

awaitify parses every file and builds the whole-repository call graph; ruff's ASYNC rules
are per file. Output is not compared (the rules differ); exit codes 0/1 are both success.
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tarfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = pathlib.Path(os.environ.get("AWAITIFY_BENCH_CACHE", pathlib.Path.home() / ".cache/awaitify-bench"))
RUFF = "ruff==0.8.4"
DJANGO = "Django==5.2.19"


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def setup():
    CACHE.mkdir(parents=True, exist_ok=True)
    venv = CACHE / "venv"
    if not (venv / "bin/ruff").exists():
        sh(sys.executable, "-m", "venv", str(venv))
        sh(str(venv / "bin/pip"), "install", "--quiet", RUFF)
    django = CACHE / "django"
    if not django.exists():
        dl = CACHE / "dl"
        dl.mkdir(exist_ok=True)
        sh(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", "-d", str(dl), DJANGO)
        sdist = next(dl.glob("[dD]jango-*.tar.gz"))
        with tarfile.open(sdist) as t:
            t.extractall(CACHE / "django-src", filter="data")
        src = next((CACHE / "django-src").glob("*/django"))
        shutil.copytree(src, django)
    stdlib = CACHE / "stdlib"
    if not stdlib.exists():
        shutil.copytree(sysconfig.get_paths()["stdlib"], stdlib, ignore=shutil.ignore_patterns("site-packages", "__pycache__"))
    sh("cargo", "build", "--release", "--quiet", cwd=ROOT)
    return venv / "bin/ruff", ROOT / "target/release/awaitify", {"cpython-stdlib": stdlib, "django": django}


def measure(cmd, cwd):
    out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *cmd], cwd=cwd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({out.returncode}): {out.stderr[-2000:]}")
    wall, user, sys_, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(sys_), int(rss) / 1024


def count_lines(tree):
    n = files = 0
    for p in tree.rglob("*.py"):
        files += 1
        with open(p, "rb") as f:
            n += sum(1 for _ in f)
    return files, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    ruff, awaitify, trees = setup()
    threads = ["--threads", str(args.threads)] if args.threads else []
    tools = {
        "awaitify lint": lambda t: [str(awaitify), *threads, "lint", "--project", str(t), "--format", "json", str(t)],
        "ruff --select ASYNC": lambda t: [str(ruff), "check", "--select", "ASYNC", "--no-cache", "--quiet", "--exit-zero", str(t)],
    }
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; {RUFF}; rounds: {args.rounds}")
    print(f"{'tree':<16} {'tool':<22} {'wall s':>8} {'±':>6} {'cpu s':>8} {'peak MB':>8} {'kLOC/s':>8} {'wall/ruff':>9}")
    for name, tree in trees.items():
        files, lines = count_lines(tree)
        results = {k: [] for k in tools}
        for cmd in tools.values():  # warm-up: page cache, first exec of a new binary
            measure(cmd(tree), tree)
        for _ in range(args.rounds):
            for k, cmd in tools.items():  # interleaved
                results[k].append(measure(cmd(tree), tree))
        base = statistics.median(r[0] for r in results["ruff --select ASYNC"])
        for k, rs in results.items():
            wall = statistics.median(r[0] for r in rs)
            spread = (max(r[0] for r in rs) - min(r[0] for r in rs)) / 2
            cpu = statistics.median(r[1] for r in rs)
            rss = max(r[2] for r in rs)
            print(f"{name:<16} {k:<22} {wall:>8.2f} {spread:>6.2f} {cpu:>8.2f} {rss:>8.0f} {lines / 1000 / wall:>8.0f} {wall / base:>9.2f}")
        print(f"{'':<16} ({files} files, {lines} lines)")


if __name__ == "__main__":
    main()
