//! The same input gives byte-identical output (DESIGN §6), whatever the number of threads
//! the build runs on, run after run, in memory and on disk, written at the end or page by
//! page as `gloss build` does.
//!
//! Guards the parallel stages (Markdown per page, templates per page, writing): an
//! optimisation that lets thread scheduling decide an order, an id or a list shows up here
//! as a differing file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gloss::config::Config;
use gloss::output::{self, Overwrite};
use gloss::render::Value;
use gloss::serve::lazy::{Found, LazySite};
use gloss::site::{self, BuildCache, BuildOptions, Built, NoProgress};

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
        // Each page's Markdown HTML was let go once its page was written.
        assert!(!built.rendered.is_empty());
        for rp in &built.rendered {
            assert_eq!(rp.rendered.html, "", "{} kept", rp.page.source.display());
        }
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
    // The image cache (sharing cards) is kept at the site root by design.
    assert_eq!(left, [".gloss-cache", "content", "public", "templates"]);
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
        let view = commentary::site_view(&config, &posts);
        let value = commentary::site_value(&config, &posts);
        assert!(value.value == Value::of(&view), "{}", root.display());
        assert!(
            view.quotes.len() > 5,
            "{}: {}",
            root.display(),
            view.quotes.len()
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

/// A copy of the site at `root` (its `gloss.toml` and `content/`) in a temp folder.
fn copy_site(root: &Path) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("gloss.toml"), dir.path().join("gloss.toml")).unwrap();
    copy(&root.join("content"), &dir.path().join("content"));
    dir
}

/// Builds `root` afresh and reusing `cache` (as `gloss serve` does), and checks that
/// every output file is the same.
fn assert_cache_gives_the_fresh_build(root: &Path, cache: &Arc<BuildCache>, what: &str) {
    let config = Config::load(root).unwrap();
    let fresh = files(&site::build(&config, &BuildOptions::default()).unwrap());
    let options = BuildOptions {
        cache: Some(Arc::clone(cache)),
        ..BuildOptions::default()
    };
    let cached = files(&site::build(&config, &options).unwrap());
    assert_same(what, &fresh, &cached);
}

/// The posts of a copied site, sorted.
fn posts(root: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(root.join("content/posts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    all.sort();
    all
}

#[test]
fn a_build_reusing_the_preview_cache_is_the_fresh_build() {
    let dir = copy_site(&sites()[1]);
    let root = dir.path();
    let cache = Arc::new(BuildCache::default());
    assert_cache_gives_the_fresh_build(root, &cache, "first build");
    assert_cache_gives_the_fresh_build(root, &cache, "nothing changed");
    assert_eq!(cache.len(), 30);
    let posts = posts(root);

    // A paragraph of prose: the post, its summary in lists and feeds.
    let mut text = std::fs::read_to_string(&posts[5]).unwrap();
    text.push_str("\nOne more paragraph of prose.\n");
    std::fs::write(&posts[5], text).unwrap();
    assert_cache_gives_the_fresh_build(root, &cache, "a paragraph added");

    // A paragraph with an update notice: the post, its lists, feeds and /updates/.
    let mut text = std::fs::read_to_string(&posts[0]).unwrap();
    text.push_str("\n**Update (2031-05-06):** A correction came in.\n");
    std::fs::write(&posts[0], text).unwrap();
    assert_cache_gives_the_fresh_build(root, &cache, "a notice added");

    // A title and the tags in the front matter: lists, tag pages, feeds, /quotes/.
    let text = std::fs::read_to_string(&posts[1]).unwrap();
    let text = text.replacen("title: ", "title: Renamed ", 1);
    let text = text.replacen("tags: [", "tags: [\"brand new\", ", 1);
    assert!(text.contains("Renamed") && text.contains("brand new"));
    std::fs::write(&posts[1], &text).unwrap();
    assert_cache_gives_the_fresh_build(root, &cache, "title and tags changed");
    // At once, and as long as before: a change a file system's clock can hide.
    std::fs::write(&posts[1], text.replacen("Renamed", "Retitle", 1)).unwrap();
    assert_cache_gives_the_fresh_build(root, &cache, "same size, same moment");

    // A post gone, one new, one moved into a folder of its own.
    std::fs::remove_file(&posts[2]).unwrap();
    std::fs::write(
        root.join("content/posts/2031-05-07-new.md"),
        "---\ntitle: New\ntags: [news]\n---\nAs [the Gazette](https://gazette.example/x) wrote:\n\n> New words.\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/posts/moved")).unwrap();
    std::fs::rename(&posts[3], root.join("content/posts/moved/index.md")).unwrap();
    assert_cache_gives_the_fresh_build(root, &cache, "posts added, removed, moved");
    assert_eq!(cache.len(), 30);

    // The config: every page is made again.
    let config = std::fs::read_to_string(root.join("gloss.toml")).unwrap();
    let config = config
        .replace("feed_limit = 8", "feed_limit = 3")
        .replace("https://example.org/notes/", "https://example.net/");
    std::fs::write(root.join("gloss.toml"), config).unwrap();
    assert_cache_gives_the_fresh_build(root, &cache, "the config changed");
}

#[test]
fn a_settled_file_changed_in_place_is_read_again() {
    let dir = copy_site(&sites()[1]);
    let root = dir.path();
    // Files written just now are read at every build; once older than the settling
    // time, only their `stat` is looked at.
    std::thread::sleep(gloss::site::cache::SETTLED + std::time::Duration::from_millis(200));
    let cache = Arc::new(BuildCache::default());
    assert_cache_gives_the_fresh_build(root, &cache, "first build");
    assert_cache_gives_the_fresh_build(root, &cache, "nothing changed");
    let post = &posts(root)[4];
    let text = std::fs::read_to_string(post).unwrap();
    // The same length, written in place (same inode): only the times tell.
    let changed = text
        .replacen("title: ", "title: X", 1)
        .replacen("\n\n", "\n", 1);
    assert_eq!(changed.len(), text.len());
    std::fs::write(post, &changed).unwrap();
    assert_cache_gives_the_fresh_build(root, &cache, "changed in place");
    // Written again with the same bytes: nothing to make again, and still the same.
    std::fs::write(post, &changed).unwrap();
    assert_cache_gives_the_fresh_build(root, &cache, "the same bytes saved");
}

#[test]
fn pages_rendered_on_request_are_the_built_pages() {
    for root in sites() {
        let config = Config::load(&root).unwrap();
        let mut built = files(&site::build(&config, &BuildOptions::default()).unwrap());
        // The preview makes the search index apart, in the background (tests/it/search.rs).
        built.retain(|path, _| !path.starts_with("pagefind/"));
        let plan = site::plan_site(&config, &BuildOptions::default()).unwrap();
        let lazy = LazySite::new(plan);
        assert_eq!(lazy.len(), built.len(), "{}", root.display());
        let mut served = BTreeMap::new();
        for path in built.keys() {
            let bytes = match lazy.find(path) {
                Some(Found::Job(i)) => match lazy.render(i) {
                    Some(Ok(bytes)) => bytes.to_vec(),
                    other => panic!("{path}: {other:?}"),
                },
                Some(Found::Bytes(bytes)) => bytes.to_vec(),
                Some(Found::Copy(src) | Found::Cached(src)) => std::fs::read(src).unwrap(),
                other => panic!("{path}: {other:?}"),
            };
            served.insert(path.clone(), bytes);
        }
        assert_same(&format!("{}: served", root.display()), &built, &served);
    }
}
