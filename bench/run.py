#!/usr/bin/env python3
"""Full-build benchmark: gloss beside Hugo on the same generated commentary posts.

For each size N it generates (once, seeded) the corpus with gencorpus.py in its plain format (gloss reads it as is)
and in Hugo's, then times cold full builds of both with hyperfine (output folder removed
before every run) and measures peak memory with /usr/bin/time. Prints a Markdown table of
medians and the gloss/Hugo ratio, and the machine's load before and after (other work on
the machine skews wall times; compare figures taken at a low load).

Needs: python3, hyperfine, GNU time (/usr/bin/time), and for the comparison Hugo
(Debian: `apt-get install hugo hyperfine time`).

Usage:
  bench/run.py                       # 1,000 and 10,000 posts, 3 runs, with Hugo
  bench/run.py --sizes 1 1000 10000 30000 --runs 5
  bench/run.py --no-hugo --gloss target/release/gloss
  bench/run.py --json results.json  # also write the figures as JSON
  bench/run.py --out-root /dev/shm  # outputs in memory (tmpfs): the disk left out
"""

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = "%.0f GiB RAM" % (kib / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        pass
    return "%s, %d cores, %s" % (cpu, os.cpu_count() or 0, mem)


def corpus(workdir, fmt, n, seed):
    """Generates the corpus once; reuses it when the stamp says it is the same one."""
    out = os.path.join(workdir, "%s-%d" % (fmt, n))
    stamp = os.path.join(workdir, "%s-%d.stamp" % (fmt, n))
    with open(os.path.join(HERE, "gencorpus.py"), "rb") as f:
        want = "%d %d %s" % (n, seed, hashlib.sha256(f.read()).hexdigest())
    if os.path.isdir(out) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read() == want:
                return out
    sh([sys.executable, os.path.join(HERE, "gencorpus.py"), "--format", fmt, "-n", str(n),
        "--seed", str(seed), "--out", out, "--force"])
    with open(stamp, "w") as f:
        f.write(want)
    return out


def peak_rss_mib(cmd, prepare, runs):
    """Median of `runs` peak resident set sizes (MiB) of `cmd`, each after `prepare`."""
    peaks = []
    for _ in range(runs):
        sh(prepare, shell=True)
        with tempfile.NamedTemporaryFile("r") as t:
            sh(["/usr/bin/time", "-f", "%M", "-o", t.name, "sh", "-c", cmd],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            peaks.append(int(t.read().split()[-1]) / 1024)
    return statistics.median(peaks)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--gloss", help="gloss binary (default: cargo build --release, then "
                    "target/release/gloss)")
    ap.add_argument("--no-hugo", action="store_true", help="time gloss alone")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "gloss-bench"),
                    help="where corpora and outputs go (default: $TMPDIR/gloss-bench)")
    ap.add_argument("--out-root", help="where the tools write their output (default: "
                    "--workdir); /dev/shm leaves the disk out of the measurement")
    ap.add_argument("--json", help="write the results to this file too")
    args = ap.parse_args()

    for tool in ["hyperfine", "/usr/bin/time"] + ([] if args.no_hugo else ["hugo"]):
        if not shutil.which(tool):
            ap.error("%s is not installed (Debian: apt-get install hyperfine time hugo)" % tool)

    gloss = args.gloss
    if not gloss:
        sh(["cargo", "build", "--release", "--quiet"], cwd=REPO)
        gloss = os.path.join(REPO, "target", "release", "gloss")
    gloss = os.path.abspath(gloss)
    os.makedirs(args.workdir, exist_ok=True)

    results = {"machine": machine(), "load_before": load(), "runs": args.runs, "rows": [],
               "output": args.out_root or args.workdir}
    if not args.no_hugo:
        results["hugo"] = subprocess.run(["hugo", "version"], capture_output=True,
                                         text=True).stdout.strip()
    for n in args.sizes:
        tools = [("gloss", corpus(args.workdir, "plain", n, args.seed))]
        if not args.no_hugo:
            tools.append(("hugo", corpus(args.workdir, "hugo", n, args.seed)))
        for name, site in tools:
            out = os.path.join(args.out_root or args.workdir, "out-%s-%d" % (name, n))
            if name == "gloss":
                cmd = "%s --quiet build --root %s --output-dir %s" % (gloss, site, out)
            else:
                # --noBuildLock and no resources cache: each run starts cold.
                cmd = "hugo --quiet --noBuildLock --source %s --destination %s" % (site, out)
            # sync: the previous run's deleted files reach the disk before the clock starts.
            prepare = "rm -rf %s %s && sync" % (out, os.path.join(site, "resources"))
            with tempfile.NamedTemporaryFile("r", suffix=".json") as t:
                sh(["hyperfine", "--style", "basic", "--runs", str(args.runs), "--prepare",
                    prepare, "--export-json", t.name, "--command-name",
                    "%s %d" % (name, n), cmd], stdout=sys.stderr)
                r = json.load(t)["results"][0]
            rss = peak_rss_mib(cmd, prepare, args.runs)
            files = sum(len(fs) for _, _, fs in os.walk(out))
            results["rows"].append({
                "tool": name, "posts": n, "median_s": r["median"], "min_s": r["min"],
                "max_s": r["max"], "peak_rss_mib": rss, "files": files, "command": cmd,
            })
    results["load_after"] = load()

    print("machine: %s" % results["machine"])
    if "hugo" in results:
        print("hugo: %s" % results["hugo"])
    print("load average (1, 5, 15 min): before %s, after %s" % (results["load_before"],
                                                                results["load_after"]))
    print("output written under: %s" % results["output"])
    print()
    print("| tool | posts | wall, median of %d | min – max | peak RSS, median | files "
          "| gloss / Hugo wall |" % args.runs)
    print("|---|---:|---:|---:|---:|---:|---:|")
    by = {(r["tool"], r["posts"]): r for r in results["rows"]}
    for r in results["rows"]:
        ratio = ""
        hugo = by.get(("hugo", r["posts"]))
        if r["tool"] == "gloss" and hugo:
            ratio = "%.2f" % (r["median_s"] / hugo["median_s"])
        print("| %s | %d | %.3f s | %.3f – %.3f s | %.0f MiB | %d | %s |" % (
            r["tool"], r["posts"], r["median_s"], r["min_s"], r["max_s"],
            r["peak_rss_mib"], r["files"], ratio))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
