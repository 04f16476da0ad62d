//! Shared by the integration tests: copy a fixture site into a temporary
//! folder, run the real `gloss` binary on it, and read or parse what it wrote.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scraper::{Html, Selector};

/// A fixture site copied into a temporary folder.
pub struct Site {
    _dir: tempfile::TempDir,
    /// The site root (holds `content/`).
    pub root: PathBuf,
}

/// Where fixture sites live.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites")
}

/// Copies `tests/fixtures/sites/NAME` into a new temporary folder.
pub fn fixture(name: &str) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixtures().join(name), &root);
    Site { _dir: dir, root }
}

/// An empty site (no files at all) in a temporary folder.
pub fn empty_site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    Site { _dir: dir, root }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Site {
    /// The default output folder, `ROOT/public`.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// `gloss` with the site as its root and output in `public/`, plus `args`.
    pub fn gloss(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("gloss").unwrap();
        cmd.arg("build").arg("--root").arg(&self.root);
        cmd.args(args);
        cmd
    }

    /// Builds into `public/` and asserts success; returns stderr.
    pub fn build(&self) -> String {
        self.build_with(&[])
    }

    /// Builds with extra arguments and asserts success; returns stderr.
    pub fn build_with(&self, args: &[&str]) -> String {
        let out = self.gloss(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "gloss build failed:\n{stderr}");
        stderr
    }

    /// Builds and expects failure; returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self.gloss(&[]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !out.status.success(),
            "gloss build succeeded but should have failed:\n{stderr}"
        );
        stderr
    }

    /// Runs `gloss check` on the site and expects it to fail; returns its error lines
    /// (`path:line:column: error: …`) and the whole stderr, for messages.
    pub fn check_errors(&self) -> (Vec<String>, String) {
        let out = Command::cargo_bin("gloss")
            .unwrap()
            .arg("check")
            .arg("--root")
            .arg(&self.root)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!out.status.success(), "gloss check passed:\n{stderr}");
        let errors = stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .map(str::to_string)
            .collect();
        (errors, stderr)
    }

    /// Writes a file under the site root (creating folders).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Reads an output file of `public/` as text.
    pub fn read(&self, rel: &str) -> String {
        read_in(&self.public(), rel)
    }

    /// Parses an output HTML file of `public/`.
    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every output file of `public/` with its bytes, by relative path.
    pub fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.public())
    }
}

/// Reads `dir/rel` as text, naming the file when it is missing.
pub fn read_in(dir: &Path, rel: &str) -> String {
    let path = dir.join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(base, &path, into);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                into.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// A CSS selector (panics on a typo in a test).
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s:?}: {e:?}"))
}

/// The texts of every element matching `selector`, whitespace collapsed.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The values of `attr` on every element matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The value of `attr` on the one element matching `selector`.
pub fn attr(doc: &Html, selector: &str, attr_name: &str) -> String {
    let found = attrs(doc, selector, attr_name);
    assert_eq!(
        found.len(),
        1,
        "expected one {selector} with {attr_name}, found {found:?}"
    );
    found.into_iter().next().unwrap_or_default()
}
