//! The same input gives byte-identical output (DESIGN §6), whatever the number of threads
//! the build runs on, run after run, in memory and on disk, written at the end or page by
//! page as `gloss build` does.
//!
//! Guards the parallel stages (Markdown per page, templates per page, writing): an
//! optimisation that lets thread scheduling decide an order, an id or a list shows up here
//! as a differing file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gloss::config::Config;
use gloss::output::{self, Overwrite};
use gloss::site::{self, BuildOptions, Built, NoProgress};

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

#[test]
fn pages_written_while_building_are_the_built_files() {
    for root in sites() {
        let in_memory = files(&build_with_threads(&root, 2));
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let config = Config::load(&root).unwrap();
        let (built, staging) = site::build_into(
            &config,
            &BuildOptions::default(),
            &NoProgress,
            &out,
            Overwrite::OnlyOwn,
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
        staging.finish(&built.output).unwrap();
        let on_disk = read_tree(&out);
        assert_same(&format!("{}: staged", root.display()), &in_memory, &on_disk);
        // Only the output folder is left: the staging folder was moved into place.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["public"]);
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_and_no_staging_folder() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content/posts")).unwrap();
    std::fs::write(
        site.path().join("content/posts/a.md"),
        "---\ntitle: A\n---\nText.\n",
    )
    .unwrap();
    let out = site.path().join("public");
    let config = Config::load(site.path()).unwrap();
    let (built, staging) = site::build_into(
        &config,
        &BuildOptions::default(),
        &NoProgress,
        &out,
        Overwrite::OnlyOwn,
    )
    .unwrap();
    staging.finish(&built.output).unwrap();
    let before = read_tree(&out);

    // A template that fails on every page, after some pages may have been staged.
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/page.html"),
        "{{ page.no_such_field.x }}",
    )
    .unwrap();
    let config = Config::load(site.path()).unwrap();
    assert!(
        site::build_into(
            &config,
            &BuildOptions::default(),
            &NoProgress,
            &out,
            Overwrite::OnlyOwn
        )
        .is_err()
    );
    assert_same("previous output", &before, &read_tree(&out));
    let mut left: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["content", "public", "templates"]);
}

#[test]
fn the_site_value_is_the_site_view_converted() {
    use gloss::site::commentary;
    for root in sites() {
        let config = Config::load(&root).unwrap();
        let built = build_with_threads(&root, 2);
        let mut posts: Vec<_> = built
            .rendered
            .iter()
            .filter(|rp| !rp.page.section.is_empty())
            .collect();
        site::sort_newest_first(&mut posts);
        let view = site::to_value(&commentary::site_view(&config, &posts));
        let value = commentary::site_value(&config, &posts);
        assert!(value == view, "{}", root.display());
        let quotes = view.get_from_path("quotes").and_then(|q| q.len());
        assert!(
            quotes.is_some_and(|n| n > 5),
            "{}: {quotes:?}",
            root.display()
        );
    }
}

/// Every file under `dir` but the marker, by path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .into_iter()
        .filter_map(|entry| {
            let rel = entry
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel != output::MARKER).then(|| (rel, std::fs::read(&entry).unwrap()))
        })
        .collect()
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
