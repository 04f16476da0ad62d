#!/usr/bin/env python3
"""`gloss serve` under load while the site changes.

Generates a site with bench/gencorpus.py (--format plain, seed 42; 1,000 posts by default)
in a temporary folder, starts `gloss serve --port 0` on it, and then, at the same time:

- runs `wrk` (Debian: `apt-get install wrk`) with 100 connections for 30 s over a mix of
  the site's pages: every URL of its sitemap, the home page, the stylesheet and the feed,
  each checked to answer 200 before the load starts;
- edits posts, as an editor saves them (a temporary file renamed over the post), every
  0.25 s, and every tenth edit adds or removes a post, so rebuilds run during the load;
- keeps a few live reload connections open, as open pages do.

It reports the requests made, the non-2xx answers and socket errors (connect, read, write,
timeout), latency p50/p99/max, the rebuilds done during the load and the reload messages
the open pages got, and the server's resident memory (VmRSS from /proc/PID/status) when
the load starts, halfway, at the end, and once the edits have stopped and the last
rebuild is done, so that growth over the run shows.

    python3 bench/serve_load.py                        # builds target/release/gloss first
    python3 bench/serve_load.py --gloss target/release/gloss --posts 1000 --duration 30
    python3 bench/serve_load.py --connections 100 --edit-interval 0.25 --json

Linux only (/proc). Python 3 standard library and wrk. A benchmark, not a test: it
asserts nothing, but exits with status 1 when a request failed.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ left in bench/
from serve_latency import LiveReload, Server, posts_of, single_updated  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# wrk's script: requests go round the list of paths (each thread from its own place), and
# every answer that is not 2xx is counted (wrk itself counts only 4xx and 5xx), with the
# first statuses kept as examples. The counts of all threads are summed in done() and
# printed as one JSON line.
WRK_SCRIPT = r"""
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  non2xx = 0
  statuses = ""
  at = (id * 7919) % #paths
end

function request()
  at = at % #paths + 1
  return wrk.format("GET", paths[at])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    -- The path is not known here (a thread's connections share `at`): the status only.
    if #statuses < 200 then statuses = statuses .. status .. " " end
  end
end

function done(summary, latency, requests)
  local bad = 0
  local seen = ""
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    seen = seen .. t:get("statuses")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non2xx": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status_4xx_5xx": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, "examples": "%s"}\n',
    summary.requests, summary.duration, summary.bytes, bad,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, seen:gsub('"', "'")))
end
"""


def rss_kib(pid):
    """The process's resident memory in KiB (VmRSS), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def fetch(base, path):
    """The status of GET base+path (redirects not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(base.rstrip("/") + path, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def page_mix(base):
    """The paths the load goes round: the sitemap's URLs, and the home page, its
    stylesheets and the feed several times over (as a browser asks for them most)."""
    status, body = fetch(base, "/sitemap.xml")
    if status != 200:
        raise RuntimeError(f"/sitemap.xml answered {status}")
    paths = []
    for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8")):
        path = urllib.parse.urlsplit(loc.replace("&amp;", "&")).path
        paths.append(urllib.parse.quote(path, safe="/%"))
    status, home = fetch(base, "/")
    assets = re.findall(r'href="(/[^"]+\.(?:css|xml))"', home.decode("utf-8"))
    hot = ["/"] + sorted(set(assets))
    mix = []
    for i, p in enumerate(paths):
        mix.append(p)
        if i % 10 == 0:
            mix.append(hot[(i // 10) % len(hot)])
    return mix


class Editor(threading.Thread):
    """Saves posts until stopped: a paragraph appended, written to a hidden temporary
    file and renamed over the post; every tenth save adds or removes an extra post."""

    def __init__(self, root, interval):
        super().__init__(daemon=True)
        self.posts = posts_of(root)
        self.folder = os.path.dirname(self.posts[0])
        self.interval = interval
        self.stop = threading.Event()
        self.saves = 0
        self.added = 0
        self.removed = 0
        self.originals = {}

    def save(self, path, text):
        tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)

    def run(self):
        extra = None
        while not self.stop.is_set():
            k = self.saves
            if k % 10 == 9:
                if extra is None:
                    extra = os.path.join(self.folder, f"load-extra-{k}.md")
                    self.save(
                        extra,
                        f"---\ntitle: Extra post {k}\ndate: 2024-01-01\ntags: [load]\n---\n\n"
                        f"Added while the server is under load ({k}).[^n]\n\n[^n]: A note.\n",
                    )
                    self.added += 1
                else:
                    os.remove(extra)
                    extra = None
                    self.removed += 1
            else:
                path = self.posts[(k * 7919) % len(self.posts)]
                if path not in self.originals:
                    with open(path, encoding="utf-8") as f:
                        self.originals[path] = f.read()
                text = self.originals[path].rstrip("\n") + f"\n\nEdit number {k} under load.\n"
                self.save(path, text)
            self.saves += 1
            self.stop.wait(self.interval)


class Listener(threading.Thread):
    """An open page: a live reload connection that counts the messages it gets."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.live = LiveReload(port)
        self.messages = 0
        self.errors = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                msg = self.live.message(0.5)
            except Exception as e:  # the connection broke: that is what is counted
                self.errors.append(str(e))
                return
            if msg is not None:
                self.messages += 1


def sample_rss(pid, samples, stop):
    t0 = time.monotonic()
    while not stop.is_set():
        kib = rss_kib(pid)
        if kib is not None:
            samples.append((time.monotonic() - t0, kib))
        stop.wait(0.5)


def rebuilds(server):
    return sum(1 for l in server.lines if l.startswith("rebuilt "))


def settle(server, quiet=3.0, limit=300):
    """Waits until no rebuild has finished for `quiet` seconds."""
    deadline = time.monotonic() + limit
    seen, since = rebuilds(server), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = rebuilds(server)
        if now != seen:
            seen, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def run(args, gloss, root):
    server = Server(gloss, root)
    base = server.url
    work = os.path.dirname(root)
    try:
        mix = page_mix(base)
        bad = []
        for p in sorted(set(mix)):
            status, _ = fetch(base, p)
            if status != 200:
                bad.append(f"{status} {p}")
        if bad:
            raise RuntimeError("pages of the mix do not answer 200 before the load:\n" + "\n".join(bad[:20]))
        paths_file = os.path.join(work, "paths.txt")
        with open(paths_file, "w") as f:
            f.write("\n".join(mix) + "\n")
        script = os.path.join(work, "mix.lua")
        with open(script, "w") as f:
            f.write(WRK_SCRIPT)

        # One rebuild before measuring, so the start figure includes the render cache and
        # a second build's worth of allocations, as any later moment does.
        editor = Editor(root, args.edit_interval)
        first = editor.posts[0]
        with open(first, encoding="utf-8") as f:
            text = f.read()
        editor.save(first, text)
        time.sleep(0.5)
        settle(server)

        listeners = [Listener(server.port) for _ in range(args.pages)]
        for l in listeners:
            l.start()
        samples = []
        stop_sampling = threading.Event()
        sampler = threading.Thread(
            target=sample_rss, args=(server.proc.pid, samples, stop_sampling), daemon=True
        )
        rss_start = rss_kib(server.proc.pid)
        rebuilds_before = rebuilds(server)
        sampler.start()
        editor.start()
        command = [
            "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
            f"--timeout={args.timeout}s", "-s", script, base.rstrip("/"), "--", paths_file,
        ]
        t0 = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.monotonic() - t0
        rss_end = rss_kib(server.proc.pid)
        editor.stop.set()
        editor.join()
        stop_sampling.set()
        sampler.join()
        rebuilds_during = rebuilds(server) - rebuilds_before
        settle(server)
        for l in listeners:
            l.stop.set()
        for l in listeners:
            l.join()
        time.sleep(1)
        rss_after = rss_kib(server.proc.pid)
        alive = server.proc.poll() is None
    finally:
        server.stop()

    line = next((l for l in done.stdout.splitlines() if l.startswith("WRK-JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{done.stdout}\n{done.stderr}")
    w = json.loads(line[len("WRK-JSON "):])
    middle = min(samples, key=lambda s: abs(s[0] - elapsed / 2))[1] if samples else None
    rebuild_ms = [int(m.group(1)) for l in server.lines if (m := re.search(r"rebuilt .* in (\d+) ms", l))]
    return {
        "posts": args.posts,
        "paths": len(set(mix)),
        "command": " ".join(
            "mix.lua" if c == script else "paths.txt" if c == paths_file else "URL" if c == base.rstrip("/") else c
            for c in command
        ),
        "requests": w["requests"],
        "requests_per_s": w["requests"] / (w["duration_us"] / 1e6),
        "non2xx": w["non2xx"],
        "non2xx_examples": w["examples"],
        "socket_errors": {k: w[k] for k in ("connect", "read", "write", "timeout")},
        "p50_ms": w["p50_us"] / 1000,
        "p90_ms": w["p90_us"] / 1000,
        "p99_ms": w["p99_us"] / 1000,
        "max_ms": w["max_us"] / 1000,
        "saves": editor.saves,
        "posts_added": editor.added,
        "posts_removed": editor.removed,
        "rebuilds_during_load": rebuilds_during,
        "rebuild_ms_p50": statistics.median(rebuild_ms) if rebuild_ms else None,
        "reload_messages_per_page": [l.messages for l in listeners],
        "live_reload_errors": [e for l in listeners for e in l.errors],
        "rss_kib": {
            "start": rss_start,
            "middle": middle,
            "end": rss_end,
            "after": rss_after,
            "max": max((s[1] for s in samples), default=None),
            # Every tenth of the run, for a look at the trend.
            "trace": [
                min(samples, key=lambda s: abs(s[0] - elapsed * i / 10))[1] for i in range(11)
            ] if samples else [],
        },
        "server_alive": alive,
        "server_errors": [l for l in server.lines if "error" in l.lower()][:10],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gloss", help="the gloss binary (default: build target/release/gloss)")
    ap.add_argument("--posts", type=int, default=1000, help="posts in the generated site (default 1000)")
    ap.add_argument("--connections", type=int, default=100, help="wrk connections (default 100)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--duration", type=int, default=30, help="seconds of load (default 30)")
    ap.add_argument("--timeout", type=int, default=5, help="wrk's per-request timeout in s (default 5)")
    ap.add_argument("--edit-interval", type=float, default=0.25, help="seconds between saves (default 0.25)")
    ap.add_argument("--pages", type=int, default=5, help="open live reload connections (default 5)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")

    gloss = args.gloss
    if not gloss:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        gloss = os.path.join(REPO, "target", "release", "gloss")

    work = tempfile.mkdtemp(prefix="gloss-load-")
    try:
        root = os.path.join(work, "site")
        subprocess.run(
            [sys.executable, os.path.join(REPO, "bench", "gencorpus.py"), "--format", "plain",
             "-n", str(args.posts), "--seed", "42", "--out", root],
            check=True, stdout=subprocess.DEVNULL,
        )
        single_updated(root)
        r = run(args, gloss, root)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.json:
        print(json.dumps(r, indent=2))
    else:
        try:
            load = "%.1f" % os.getloadavg()[0]
        except OSError:
            load = "?"
        mib = lambda k: "-" if k is None else f"{k / 1024:.1f} MiB"  # noqa: E731
        s = r["socket_errors"]
        print(f"gloss serve under load: {r['posts']} posts, {r['paths']} distinct paths, "
              f"{os.cpu_count()} CPUs, load average {load} at the end")
        print(f"  {r['command']}")
        print(f"  requests       {r['requests']} ({r['requests_per_s']:.0f}/s)")
        print(f"  non-2xx        {r['non2xx']}" + (f" ({r['non2xx_examples']})" if r["non2xx"] else ""))
        print(f"  socket errors  connect {s['connect']}, read {s['read']}, write {s['write']}, "
              f"timeout {s['timeout']}")
        print(f"  latency        p50 {r['p50_ms']:.1f} ms, p90 {r['p90_ms']:.1f} ms, "
              f"p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms")
        print(f"  changes        {r['saves']} saves ({r['posts_added']} posts added, "
              f"{r['posts_removed']} removed), {r['rebuilds_during_load']} rebuilds, "
              f"rebuild p50 {r['rebuild_ms_p50']} ms")
        print(f"  open pages     reload messages {r['reload_messages_per_page']}, "
              f"errors {len(r['live_reload_errors'])}")
        m = r["rss_kib"]
        print(f"  RSS            start {mib(m['start'])}, middle {mib(m['middle'])}, "
              f"end {mib(m['end'])}, after {mib(m['after'])} (max {mib(m['max'])})")
        print("  RSS trace      " + " ".join(f"{k / 1024:.0f}" for k in m["trace"]) + " MiB (every tenth of the run)")
        if not r["server_alive"]:
            print("  the server died during the run")
        for l in r["server_errors"]:
            print(f"  server: {l}")
    failed = r["non2xx"] + sum(r["socket_errors"].values()) + len(r["live_reload_errors"])
    sys.exit(1 if failed or not r["server_alive"] else 0)


if __name__ == "__main__":
    main()
