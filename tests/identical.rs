//! The same input gives byte-identical output (DESIGN §6), whatever the number of threads
//! the build runs on, run after run, in memory and on disk.
//!
//! Guards the parallel stages (Markdown per page, templates per page, writing): an
//! optimisation that lets thread scheduling decide an order, an id or a list shows up here
//! as a differing file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gloss::config::Config;
use gloss::output::{self, Overwrite};
use gloss::site::{self, BuildOptions, Built};

/// The sites checked: the demo blog (every feature) and thirty generated commentary posts
/// (quotes, footnotes, code, updates, tags, several list pages).
fn sites() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        root.to_path_buf(),
        root.join("tests/fixtures/sites/commentary"),
    ]
}

fn build_with_threads(root: &Path, threads: usize) -> Built {
    let config = Config::load(root).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| site::build(&config, &BuildOptions::default()))
        .unwrap_or_else(|diags| {
            panic!(
                "{} did not build:\n{}",
                root.display(),
                diags
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
}

/// Every file's bytes, by output path.
fn files(built: &Built) -> BTreeMap<String, Vec<u8>> {
    built
        .output
        .iter()
        .map(|(path, _)| {
            (
                path.to_string(),
                built.output.read(path).unwrap().into_owned(),
            )
        })
        .collect()
}

fn assert_same(what: &str, a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let paths_a: Vec<_> = a.keys().collect();
    let paths_b: Vec<_> = b.keys().collect();
    assert_eq!(paths_a, paths_b, "{what}: different files");
    for (path, bytes) in a {
        assert!(
            bytes == &b[path],
            "{what}: {path} differs ({} vs {} bytes)",
            bytes.len(),
            b[path].len()
        );
    }
}

#[test]
fn output_is_the_same_on_one_and_on_several_threads() {
    for root in sites() {
        let one = files(&build_with_threads(&root, 1));
        let four = files(&build_with_threads(&root, 4));
        assert!(
            one.len() > 20,
            "{}: only {} files",
            root.display(),
            one.len()
        );
        assert_same(&format!("{}: 1 vs 4 threads", root.display()), &one, &four);
    }
}

#[test]
fn output_is_the_same_on_every_run() {
    for root in sites() {
        let first = files(&build_with_threads(&root, 2));
        let second = files(&build_with_threads(&root, 2));
        assert_same(&format!("{}: two runs", root.display()), &first, &second);
    }
}

#[test]
fn written_files_are_the_built_files() {
    let root = &sites()[1];
    let built = build_with_threads(root, 2);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    output::write(&built.output, &out, Overwrite::OnlyOwn).unwrap();
    let mut on_disk = BTreeMap::new();
    for entry in walk(&out) {
        let rel = entry
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel != output::MARKER {
            on_disk.insert(rel, std::fs::read(&entry).unwrap());
        }
    }
    assert_same("written vs built", &files(&built), &on_disk);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
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
