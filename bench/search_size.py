#!/usr/bin/env python3
"""What a reader downloads for one search, from a site gloss built with search on.

Pagefind's search page loads its script, styles and WebAssembly once, then for a search
the index's entry file, its page list (pf_meta), every filter file (the UI lists the
filters), the index chunk holding the word, and the fragments of the results it shows
(5 at first). This prints those sizes for the word given (default: the largest chunk,
the worst case), as bytes on the wire (the index files are gzipped by gloss already).

Usage: bench/search_size.py OUTPUT_DIR [--results 5]
"""

import argparse
import glob
import os


def size(path):
    return os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--results", type=int, default=5)
    args = ap.parse_args()
    pf = os.path.join(args.out, "pagefind")
    runtime = ["pagefind-ui.js", "pagefind-ui.css", "pagefind.js"]
    wasm = glob.glob(os.path.join(pf, "wasm.*.pagefind"))
    runtime_bytes = sum(size(os.path.join(pf, f)) for f in runtime) + max(map(size, wasm))
    entry = size(os.path.join(pf, "pagefind-entry.json"))
    meta = sum(map(size, glob.glob(os.path.join(pf, "*.pf_meta"))))
    filters = sum(map(size, glob.glob(os.path.join(pf, "filter", "*.pf_filter"))))
    chunks = sorted(map(size, glob.glob(os.path.join(pf, "index", "*.pf_index"))))
    fragments = sorted(map(size, glob.glob(os.path.join(pf, "fragment", "*.pf_fragment"))))
    shown = sum(fragments[-args.results:])
    index = entry + meta + filters + chunks[-1] + shown
    kib = lambda b: "%.1f KiB" % (b / 1024)
    print("index chunks: %d (largest %s, median %s); fragments: %d (largest %s)" % (
        len(chunks), kib(chunks[-1]), kib(chunks[len(chunks) // 2]), len(fragments),
        kib(fragments[-1])))
    print("one search, worst case: entry %s + page list %s + filters %s + largest chunk %s"
          " + %d largest fragments %s = %s" % (kib(entry), kib(meta), kib(filters),
                                               kib(chunks[-1]), args.results, kib(shown),
                                               kib(index)))
    print("loaded once per visit (script, styles, WebAssembly): %s" % kib(runtime_bytes))
    total = sum(size(p) for p in glob.glob(os.path.join(pf, "**"), recursive=True)
                if os.path.isfile(p))
    print("the whole /pagefind/ folder: %s" % kib(total))


if __name__ == "__main__":
    main()
