//! The Markdown stage per post: `markdown::render` on commentary posts, beside
//! pulldown-cmark's own parse + HTML (the floor gloss's passes add to).
//!
//! Run with `cargo bench --bench markdown`. The posts in `benches/fixtures/` are bodies
//! from `bench/gencorpus.py` (seed 42): block quotes with lead-ins, nested quotes,
//! footnotes, links, an update paragraph, and (in `commentary-code.md`) fenced Rust.
//! The demo blog's posts under `content/posts/` are measured too.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gloss::markdown::{self, Options};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The demo blog's posts, front matter dropped: (file name, body).
fn demo_posts() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/posts");
    let mut posts: Vec<(String, String)> = walk(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "_index"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
            (name, body_of(&text).to_string())
        })
        .collect();
    posts.sort();
    posts
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The text after a `---` or `+++` front matter block.
fn body_of(text: &str) -> &str {
    for fence in ["---\n", "+++\n"] {
        if let Some(rest) = text.strip_prefix(fence)
            && let Some(end) = rest.find(&format!("\n{fence}"))
        {
            return &rest[end + fence.len() + 1..];
        }
    }
    text
}

fn render(c: &mut Criterion) {
    let options = Options::default();
    // Load the grammars outside the measurement: a build loads them once per process.
    black_box(markdown::render("```rust\nfn main() {}\n```\n", &options));

    let mut group = c.benchmark_group("render");
    for name in ["commentary-update.md", "commentary-code.md"] {
        let body = fixture(name);
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(name.trim_end_matches(".md"), |b| {
            b.iter(|| markdown::render(black_box(&body), &options));
        });
        group.bench_function(
            format!("{}/pulldown-cmark", name.trim_end_matches(".md")),
            |b| {
                let cmark = markdown::cmark_options(&options);
                b.iter(|| {
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(
                        &mut html,
                        pulldown_cmark::Parser::new_ext(black_box(&body), cmark),
                    );
                    html
                });
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("render-demo");
    for (name, body) in demo_posts() {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| markdown::render(black_box(&body), &options));
        });
    }
    group.finish();

    let body = fixture("commentary-update.md");
    let rendered = markdown::render(&body, &options);
    let mut group = c.benchmark_group("marks");
    group.bench_function("page_html", |b| b.iter(|| black_box(&rendered).page_html()));
    group.bench_function("embedded_html", |b| {
        b.iter(|| black_box(&rendered).embedded_html("a-post-"));
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
