#!/usr/bin/env python3
"""Image benchmark: a generated site of N posts with M images, built cold and warm,
beside the same site without images.

Generates (once, seeded) the plain corpus of gencorpus.py, then two copies of it:

  noimg   the posts as generated
  img     the same posts, with M PNG screenshots under static/img/ (1,200 to 2,400 px
          wide, text-like stripes, as screenshots of press releases are), each shown by
          one post (`![Screenshot N of the statement](/img/shot-N.png)`)

and times with hyperfine (output folder removed before every run):

  img cold    the image cache (.gloss-cache/) removed too: every resized version and
              every sharing card is made
  img warm    the cache kept from the run before: what an ordinary rebuild costs
  noimg warm  the same posts without images (sharing cards cached), the reference

The issue's target: `img warm` no more than 10% over `noimg warm`.

Python 3 standard library only (PNG written with zlib). Needs hyperfine.

Usage:
  bench/images.py --gloss target/release/gloss            # 1,000 posts, 500 images
  bench/images.py --gloss target/release/gloss -n 1000 --images 500 --runs 5 --cold-runs 2
"""

import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png(width, height, rng):
    """A PNG of text-like stripes on a light page, `width`×`height`."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    paper = bytes([250, 249, 245]) * width
    rows = []
    ink = (30, 31, 34)
    for y in range(height):
        line = y // 28
        in_text = 8 <= y % 28 <= 20 and line % 7 != 6
        if not in_text:
            rows.append(b"\x00" + paper)
            continue
        rr = random.Random(line * 7919 + rng)
        row = bytearray(paper)
        x = 40
        while x < width - 60:
            word = rr.randint(20, 120)
            shade = rr.randint(0, 40)
            colour = bytes(c + shade for c in ink)
            end = min(x + word, width - 60)
            row[x * 3:end * 3] = colour * (end - x)
            x = end + rr.randint(10, 18)
        rows.append(b"\x00" + bytes(row))
    raw = b"".join(rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6))
            + chunk(b"IEND", b""))


def sites(workdir, n, images, seed):
    base = os.path.join(workdir, "plain-%d" % n)
    stamp = "%d %d %d" % (n, images, seed)
    noimg = os.path.join(workdir, "noimg-%d" % n)
    img = os.path.join(workdir, "img-%d-%d" % (n, images))
    stamp_file = os.path.join(workdir, "images-%d-%d.stamp" % (n, images))
    if os.path.isdir(img) and os.path.exists(stamp_file) and open(stamp_file).read() == stamp:
        return noimg, img
    subprocess.run([sys.executable, os.path.join(HERE, "gencorpus.py"), "--format", "plain",
                    "-n", str(n), "--seed", str(seed), "--out", base, "--force"], check=True)
    for d in (noimg, img):
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(base, d)
    rng = random.Random(seed)
    posts = sorted(os.listdir(os.path.join(img, "content", "posts")))
    posts = [p for p in posts if p.endswith(".md") and not p.startswith("_")]
    os.makedirs(os.path.join(img, "static", "img"))
    for i in range(images):
        w = rng.randrange(1200, 2401, 8)
        h = rng.randrange(600, 1201, 8)
        with open(os.path.join(img, "static", "img", "shot-%03d.png" % i), "wb") as f:
            f.write(png(w, h, i))
        post = os.path.join(img, "content", "posts", posts[(i * 2) % len(posts)])
        with open(post, "a") as f:
            f.write("\n![Screenshot %d of the statement](/img/shot-%03d.png)\n" % (i, i))
    with open(stamp_file, "w") as f:
        f.write(stamp)
    return noimg, img


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gloss", required=True, help="the gloss binary")
    ap.add_argument("-n", type=int, default=1000, help="posts (default 1000)")
    ap.add_argument("--images", type=int, default=500, help="images (default 500)")
    ap.add_argument("--runs", type=int, default=5, help="runs of each warm build")
    ap.add_argument("--cold-runs", type=int, default=2, help="runs of the cold build")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "gloss-bench-images"))
    args = ap.parse_args()
    gloss = os.path.abspath(args.gloss)
    os.makedirs(args.workdir, exist_ok=True)
    noimg, img = sites(args.workdir, args.n, args.images, args.seed)
    rows = []
    for name, site, cold in [("img cold", img, True), ("img warm", img, False),
                             ("noimg warm", noimg, False)]:
        out = os.path.join(args.workdir, "out")
        cmd = "%s --quiet build --root %s --output-dir %s" % (gloss, site, out)
        prepare = "rm -rf %s%s && sync" % (
            out, " " + os.path.join(site, ".gloss-cache") if cold else "")
        # A warm run needs a filled cache: one build first.
        if not cold:
            subprocess.run(cmd, shell=True, check=True)
        with tempfile.NamedTemporaryFile("r", suffix=".json") as t:
            runs = args.cold_runs if cold else args.runs
            subprocess.run(["hyperfine", "--style", "basic", "--runs", str(runs),
                            "--prepare", prepare, "--export-json", t.name,
                            "--command-name", name, cmd], check=True, stdout=sys.stderr)
            r = json.load(t)["results"][0]
        rows.append((name, r["median"], r["min"], r["max"]))
    print("| build | median | min | max |")
    print("|---|---:|---:|---:|")
    for name, med, lo, hi in rows:
        print("| %s | %.3f s | %.3f s | %.3f s |" % (name, med, lo, hi))
    warm, ref = rows[1][1], rows[2][1]
    print("\nwarm with images / without: %.3f (%+.1f%%)" % (warm / ref, (warm / ref - 1) * 100))


if __name__ == "__main__":
    main()
