//! The catalogue of invalid and awkward inputs.
//!
//! Each case is a folder under `tests/fixtures/invalid/` laid over a small good site that
//! has already been built with the real binary. The test builds again and checks the
//! whole of every diagnostic gloss printed (file:line:column, severity, message and
//! help) and, when the build fails, that the previous output is byte for byte as it was.
//! Inputs that cannot be committed (symbolic links, permissions, a 10 MB post, files
//! that change during the build) are made by the tests themselves.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

/// A site in a temporary folder: the base site (`content/posts/2024-01-02-good.md`,
/// `content/about.md`), built once, and whatever a case lays over it.
struct Site {
    dir: tempfile::TempDir,
}

/// What one run of `gloss build` printed.
struct Run {
    success: bool,
    /// Every diagnostic, as printed (`path:line:column: severity: message` and its
    /// indented `help:` line), in order.
    diagnostics: Vec<String>,
    stderr: String,
}

impl Site {
    /// The base site, built with the real binary so that `public/` holds a good build.
    fn built() -> Site {
        let site = Site {
            dir: tempfile::tempdir().unwrap(),
        };
        site.write(
            "content/posts/2024-01-02-good.md",
            "---\ntitle: Good\n---\nHello.\n",
        );
        site.write("content/about.md", "---\ntitle: About\n---\nAbout.\n");
        site.write("gloss.toml", "base_url = \"https://example.org/\"\n");
        let run = site.build();
        assert!(run.success && run.diagnostics.is_empty(), "{}", run.stderr);
        site
    }

    /// The base site, built, with the case `name` laid over it.
    fn with_case(name: &str) -> Site {
        let site = Site::built();
        let case = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/invalid")
            .join(name);
        assert!(case.is_dir(), "no case {name}");
        copy_tree(&case, site.root());
        site
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gloss"));
        cmd.arg("build").arg("--root").arg(self.root());
        cmd
    }

    fn build(&self) -> Run {
        run(self.command())
    }

    /// Every file of `public/` with its bytes.
    fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        let public = self.root().join("public");
        walkdir::WalkDir::new(&public)
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&public).unwrap();
                (
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    fn public(&self, rel: &str) -> String {
        let path = self.root().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.public(rel))
    }
}

fn run(mut cmd: Command) -> Run {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    Run {
        success: out.status.success(),
        diagnostics: diagnostics(&stderr),
        stderr,
    }
}

/// The diagnostics in gloss's output: a line `…: error: …` or `…: warning: …` and the
/// indented lines after it. Progress and summary lines are left out.
fn diagnostics(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in stderr.lines() {
        let starts = !line.starts_with("error:")
            && (line.contains(": error: ") || line.contains(": warning: "));
        if starts {
            out.push(line.to_string());
            open = true;
        } else if open && line.starts_with("  ") {
            let last = out.last_mut().unwrap();
            last.push('\n');
            last.push_str(line);
        } else {
            open = false;
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_name() != ".gitattributes" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds `site` and expects it to fail printing exactly `expected`, leaving `public/`
/// as the previous build wrote it.
fn fails(site: &Site, expected: &[&str]) {
    let before = site.tree();
    assert!(before.contains_key("index.html"));
    let run = site.build();
    assert!(!run.success, "the build succeeded:\n{}", run.stderr);
    assert_eq!(run.diagnostics, expected, "\nstderr:\n{}", run.stderr);
    assert!(
        site.tree() == before,
        "public/ changed after a failed build"
    );
}

/// Builds `site` and expects it to succeed printing exactly `expected`.
fn builds(site: &Site, expected: &[&str]) {
    let run = site.build();
    assert!(run.success, "the build failed:\n{}", run.stderr);
    assert_eq!(run.diagnostics, expected, "\nstderr:\n{}", run.stderr);
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|e| e.attr(attr))
        .map(str::to_string)
        .collect()
}

const DATE_HELP: &str = "  help: write YYYY-MM-DD, YYYY-MM-DD HH:MM, or an RFC 3339 date-time such as 2026-11-28T14:05:00-06:00";

fn with_date_help(line: &str) -> String {
    format!("{line}\n{DATE_HELP}")
}

// ---------------------------------------------------------------------------------------
// Front matter

#[test]
fn front_matter_unterminated() {
    fails(
        &Site::with_case("front-matter-unterminated"),
        &[
            "content/posts/never-closed.md:1:1: error: the front matter opened with `---` on line 1 is never closed\n  help: add a line holding only `---` after the last front matter key",
        ],
    );
}

#[test]
fn front_matter_invalid_yaml() {
    // The list opened on line 3 is never closed; YAML notices at the `:` of line 4, gloss
    // points at the `[`.
    fails(
        &Site::with_case("front-matter-invalid-yaml"),
        &[
            "content/posts/bad-yaml.md:3:7: error: invalid YAML front matter: the list opened with `[` here is not closed: `]` is missing\n  help: end the list with `]` after its last item, e.g. tags: [one, two]; a value that starts with `[` as text needs quotes",
        ],
    );
}

#[test]
fn front_matter_invalid_toml() {
    fails(
        &Site::with_case("front-matter-invalid-toml"),
        &[
            "content/posts/bad-toml.md:2:9: error: invalid TOML front matter: string values must be quoted, expected literal string\n  help: TOML strings need quotes: title = \"My post\"",
        ],
    );
}

#[test]
fn front_matter_wrong_types() {
    fails(
        &Site::with_case("front-matter-wrong-types"),
        &[
            "content/posts/wrong-types.md:2:1: error: `title` must be text, not a map\n  help: write title: \"My post\"",
            "content/posts/wrong-types.md:3:1: error: `tags` must be a list or text, not a number\n  help: write tags: [one, two]",
        ],
    );
}

#[test]
fn front_matter_impossible_date() {
    fails(
        &Site::with_case("front-matter-impossible-date"),
        &[&with_date_help(
            "content/posts/leap.md:3:1: error: invalid `date`: \"2024-02-30\" is not a calendar date: February 2024 has 29 days",
        )],
    );
}

#[test]
fn front_matter_malformed_time_is_a_warning_and_keeps_the_day() {
    let site = Site::with_case("front-matter-malformed-time");
    builds(
        &site,
        &[&with_date_help(
            "content/posts/typo-time.md:3:1: warning: `date` is only partly readable: \"1925:00\" is not a time: write HH:MM or HH:MM:SS; the time was left out and 2024-05-10 (midnight) used",
        )],
    );
    let page = site.html("posts/typo-time/index.html");
    assert_eq!(
        attrs(&page, "time.dt-published", "datetime"),
        ["2024-05-10T00:00:00+00:00"]
    );
}

#[test]
fn front_matter_date_only_is_the_same_day_whatever_the_machine_time_zone() {
    // A date without a time is midnight in the site's time zone (UTC by default, or
    // `timezone`), never in the machine's: the day shown must not move with `TZ`.
    for site_tz in [None, Some("America/Chicago"), Some("Pacific/Kiritimati")] {
        let site = Site::built();
        if let Some(tz) = site_tz {
            site.write("gloss.toml", format!("timezone = \"{tz}\"\n"));
        }
        site.write(
            "content/posts/day.md",
            "---\ntitle: Day\ndate: 2024-03-01\n---\nBody.\n",
        );
        let mut pages = Vec::new();
        for machine_tz in [
            "UTC",
            "Pacific/Kiritimati",
            "America/Los_Angeles",
            "Asia/Kolkata",
        ] {
            let mut cmd = site.command();
            cmd.env("TZ", machine_tz);
            let run = run(cmd);
            assert!(run.success, "{}", run.stderr);
            let page = site.public("posts/day/index.html");
            let html = Html::parse_document(&page);
            let datetime = attrs(&html, "time.dt-published", "datetime");
            assert_eq!(datetime.len(), 1, "{site_tz:?} {machine_tz}");
            assert!(
                datetime[0].starts_with("2024-03-01T00:00:00"),
                "{site_tz:?} {machine_tz}: {datetime:?}"
            );
            pages.push(page);
        }
        assert!(
            pages.windows(2).all(|w| w[0] == w[1]),
            "the page changed with the machine's TZ ({site_tz:?})"
        );
        let sitemap = site.public("sitemap.xml");
        assert!(
            sitemap.contains("<lastmod>2024-03-01</lastmod>"),
            "{sitemap}"
        );
    }
}

#[test]
fn front_matter_duplicate_keys() {
    fails(
        &Site::with_case("front-matter-duplicate-keys"),
        &[
            "content/posts/twice.md:4:1: error: invalid YAML front matter: the key `title` is given twice in one map\n  help: keep one of the two `title` lines",
        ],
    );
    fails(
        &Site::with_case("front-matter-duplicate-keys-toml"),
        &[
            "content/posts/twice.md:4:1: error: invalid TOML front matter: the key `title` is given twice\n  help: each key may be given once: remove or rename one of them",
        ],
    );
}

#[test]
fn front_matter_unknown_keys_warn_once_per_key() {
    // `mood` is in two files and warned about once; `layout` is a key other generators
    // write, kept without a warning; `colour` is warned about once.
    let site = Site::with_case("front-matter-unknown-keys");
    builds(
        &site,
        &[
            "content/posts/mood-one.md:3:1: warning: unknown front matter key `mood` (kept in `extra` for templates)\n  help: this warning is given once per key for the whole site",
            "content/posts/mood-two.md:4:1: warning: unknown front matter key `colour` (kept in `extra` for templates)\n  help: this warning is given once per key for the whole site",
        ],
    );
    assert!(site.tree().contains_key("posts/mood-two/index.html"));
}

#[test]
fn front_matter_misspelt_keys_get_the_nearest_known_key() {
    // `math` is a key of one's own: no far-fetched `path`.
    const ONCE: &str = "this warning is given once per key for the whole site";
    builds(
        &Site::with_case("front-matter-misspelt-keys"),
        &[
            "content/posts/misspelt.md: warning: this post has no date, so it is left out of the feeds\n  help: add a `date` to its front matter or start its file name with one (2024-03-01-title.md)",
            &format!(
                "content/posts/misspelt.md:2:1: warning: unknown front matter key `tilte` (kept in `extra` for templates)\n  help: did you mean `title`? If not, {ONCE}"
            ),
            &format!(
                "content/posts/misspelt.md:3:1: warning: unknown front matter key `dat` (kept in `extra` for templates)\n  help: did you mean `date`? If not, {ONCE}"
            ),
            &format!(
                "content/posts/misspelt.md:4:1: warning: unknown front matter key `tagz` (kept in `extra` for templates)\n  help: did you mean `tags`? If not, {ONCE}"
            ),
            &format!(
                "content/posts/misspelt.md:5:1: warning: unknown front matter key `math` (kept in `extra` for templates)\n  help: {ONCE}"
            ),
        ],
    );
}

#[test]
fn front_matter_after_a_byte_order_mark() {
    let site = Site::with_case("front-matter-bom");
    builds(&site, &[]);
    let page = site.html("posts/bom/index.html");
    assert_eq!(texts(&page, "h1.p-name"), ["Byte order mark"]);
    assert_eq!(texts(&page, ".e-content p"), ["Body after a BOM."]);
}

#[test]
fn front_matter_with_crlf_line_endings() {
    let site = Site::with_case("front-matter-crlf");
    builds(&site, &[]);
    let page = site.html("posts/windows/index.html");
    assert_eq!(texts(&page, "h1.p-name"), ["Windows line endings"]);
    assert_eq!(
        texts(&page, ".e-content p"),
        ["First paragraph.", "Second paragraph."]
    );
    assert_eq!(
        attrs(&page, "time.dt-published", "datetime"),
        ["2024-03-01T00:00:00+00:00"]
    );
    assert!(!site.public("posts/windows/index.html").contains('\r'));
    assert!(site.tree().contains_key("tags/a/index.html"));
}

#[test]
fn front_matter_errors_are_located_the_same_with_crlf_and_a_bom() {
    fails(
        &Site::with_case("front-matter-crlf-error"),
        &[&with_date_help(
            "content/posts/windows.md:3:1: error: invalid `date`: \"2024-02-30\" is not a calendar date: February 2024 has 29 days",
        )],
    );
    fails(
        &Site::with_case("front-matter-bom-crlf-error"),
        &[
            "content/posts/both.md:3:1: warning: unknown front matter key `mood` (kept in `extra` for templates)\n  help: this warning is given once per key for the whole site",
            &with_date_help(
                "content/posts/both.md:4:1: error: invalid `date`: \"2024-13-01\" is not a calendar date: there is no month 13",
            ),
        ],
    );
}

#[test]
fn front_matter_tabs() {
    // A tab after `key:` reads as a space (as Jekyll's and Hugo's YAML readers do); a tab
    // inside a value is text; a tab before body text is Markdown's (indented code).
    let site = Site::with_case("front-matter-tabs");
    builds(&site, &[]);
    let page = site.html("posts/tabs/index.html");
    assert_eq!(texts(&page, "h1.p-name"), ["Tabbed title"]);
    assert_eq!(texts(&page, ".e-content pre code"), ["Indented code."]);
    assert_eq!(
        attrs(&page, "time.dt-published", "datetime"),
        ["2024-03-01T00:00:00+00:00"]
    );
    // A tab that indents YAML is an error, at the tab.
    fails(
        &Site::with_case("front-matter-tab-indent"),
        &[
            "content/posts/tab-indent.md:4:2: error: invalid YAML front matter: a tab indents this line, and YAML indents with spaces only\n  help: replace the tabs at the start of this line with spaces",
        ],
    );
}

#[test]
fn front_matter_without_a_final_newline() {
    let site = Site::with_case("front-matter-no-final-newline");
    builds(&site, &[]);
    let page = site.html("posts/no-newline/index.html");
    assert_eq!(
        texts(&page, ".e-content p"),
        ["The last line has no newline."]
    );
}

#[test]
fn an_empty_file_is_a_page_with_a_warning() {
    let site = Site::with_case("front-matter-empty-file");
    builds(
        &site,
        &[
            "content/posts/empty.md: warning: this file is empty, so its page has no title and no text\n  help: write front matter and text in it, or delete it",
            "content/posts/empty.md: warning: this post has no date, so it is left out of the feeds\n  help: add a `date` to its front matter or start its file name with one (2024-03-01-title.md)",
        ],
    );
    let page = site.html("posts/empty/index.html");
    assert_eq!(texts(&page, "h1.p-name"), ["Empty"]);
}

#[test]
fn a_file_that_is_only_front_matter() {
    let site = Site::with_case("front-matter-only");
    builds(&site, &[]);
    let page = site.html("posts/only/index.html");
    assert_eq!(texts(&page, "h1.p-name"), ["Only front matter"]);
    assert_eq!(texts(&page, ".e-content"), [""]);
}

// ---------------------------------------------------------------------------------------
// Content

#[test]
fn content_invalid_utf8() {
    fails(
        &Site::with_case("content-invalid-utf8"),
        &[
            "content/posts/latin1.md:4:4: error: this file is not UTF-8 text (first invalid byte here)\n  help: save the file as UTF-8, or move it out of content/ if it is not a post",
        ],
    );
}

#[test]
fn content_binary_file_named_md() {
    fails(
        &Site::with_case("content-binary"),
        &[
            "content/posts/image.md:1:1: error: this file is binary, not text (first invalid byte here)\n  help: save the file as UTF-8, or move it out of content/ if it is not a post",
        ],
    );
    fails(
        &Site::with_case("content-utf16"),
        &[
            "content/posts/utf16.md:1:1: error: this file is UTF-16 text; gloss reads UTF-8\n  help: save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
        ],
    );
}

/// Builds a post of `size` bytes of ordinary Markdown and checks it all came through.
fn builds_a_post_of(size: usize) {
    let site = Site::built();
    let mut body = String::from("---\ntitle: Long\ndate: 2024-03-01\n---\n");
    let paragraph = "The council met again, and *again* the **budget** was the only \
                     [item](https://example.org/) worth `reading` about.\n\n";
    while body.len() < size {
        body.push_str(paragraph);
    }
    site.write("content/posts/long.md", &body);
    builds(&site, &[]);
    let page = site.public("posts/long/index.html");
    assert!(page.len() > size);
    assert_eq!(
        page.matches("<strong>budget</strong>").count(),
        body.matches("**budget**").count()
    );
}

/// A large post in a debug build: catches work that grows faster than the input (a
/// line number found by scanning from the start for every link took 14 s for 1 MB).
#[test]
fn content_a_1_mb_post_builds() {
    builds_a_post_of(1024 * 1024);
}

/// The same at 10 MB (a few seconds in a debug build).
#[test]
fn content_a_10_mb_post_builds() {
    builds_a_post_of(10 * 1024 * 1024);
}

/// Controls and `]]>` in titles and bodies: pages, feeds and the sitemap stay well-formed.
#[test]
fn content_control_characters_and_cdata_ends() {
    let site = Site::with_case("content-control-characters");
    builds(
        &site,
        &[
            "content/posts/bell.md:6:8: warning: this file holds 2 control character(s), the first U+0007 here; each was replaced with U+FFFD\n  help: delete the invisible characters (a text editor's \"show invisibles\" finds them)",
        ],
    );
    for xml in ["atom.xml", "sitemap.xml"] {
        let text = site.public(xml);
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{xml} is not well-formed XML: {e}\n{text}");
        }
    }
    let feed = site.public("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title") && n.parent().is_some_and(|p| p.has_tag_name("entry")))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.contains(&"Bell \u{FFFD} and ]]> in the title"),
        "{titles:?}"
    );
    let page = site.html("posts/bell/index.html");
    assert_eq!(
        texts(&page, "h1.p-name"),
        ["Bell \u{FFFD} and ]]> in the title"]
    );
    let body = texts(&page, ".e-content p").join("\n");
    assert!(
        body.contains("A bell \u{FFFD} and ]]> and a NUL \u{FFFD} and \u{FFFD} in the body."),
        "{body}"
    );
}

#[test]
fn content_emoji_right_to_left_and_cjk_titles_and_slugs() {
    let site = Site::with_case("content-unicode-slugs");
    builds(&site, &[]);
    let tree = site.tree();
    for (path, title) in [
        ("posts/日本語の投稿/index.html", "日本語の投稿"),
        ("posts/שלום-עולם/index.html", "שלום עולם"),
        ("posts/party-time/index.html", "🎉 Party time 🎉"),
    ] {
        assert!(tree.contains_key(path), "no {path}: {:?}", tree.keys());
        assert_eq!(texts(&site.html(path), "h1.p-name"), [title]);
    }
    for tag in ["tags/東京/index.html", "tags/עברית/index.html"] {
        assert!(tree.contains_key(tag), "no {tag}: {:?}", tree.keys());
    }
    // An emoji-only tag has no letters: its slug is its code point, not an empty path
    // (nor `untitled`, which every such tag would share).
    assert!(
        tree.contains_key("tags/~1f389/index.html"),
        "{:?}",
        tree.keys()
    );
    // Every link on the home page to a post reaches a file that exists.
    let home = site.html("index.html");
    for href in attrs(&home, "a", "href") {
        let Some(path) = href
            .strip_prefix("http://127.0.0.1:1111/")
            .or(href.strip_prefix('/'))
        else {
            continue;
        };
        let path = percent_decode(path);
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        };
        assert!(tree.contains_key(&file), "{href} -> {file} does not exist");
    }
    let feed = site.public("atom.xml");
    roxmltree::Document::parse(&feed).unwrap();
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

#[test]
fn content_url_paths_that_would_leave_the_output_folder() {
    let site = Site::with_case("content-url-traversal");
    fails(
        &site,
        &[
            "content/posts/alias.md:3:1: error: the alias \"../../outside-alias/\" has a `.` or `..` segment, which could point outside the site\n  help: write each alias as the old URL path, such as /2019/05/old-name/",
            "content/posts/dots.md:3:1: error: this page's URL /posts/../ has a `.` or `..` segment, which could point outside the site\n  help: write `slug` as one plain URL segment, such as my-post",
            "content/posts/escape.md:3:1: error: this page's URL /../../outside/ has a `.` or `..` segment, which could point outside the site\n  help: write `path` as plain URL segments, such as 2026/11/my-post",
        ],
    );
    let parent = site.root().parent().unwrap();
    assert!(!parent.join("outside").exists());
    assert!(!parent.join("outside-alias").exists());
}

/// Two posts at one URL on one date: neither can take its date into its slug.
#[test]
fn content_two_sources_at_one_url() {
    fails(
        &Site::with_case("content-same-url"),
        &[
            "content/posts/council-vote.md: error: this page has the same URL /posts/council-vote/ as content/posts/2024-03-02-council-vote.md\n  help: give one of them another `slug` or `path` in its front matter",
        ],
    );
}

#[test]
fn content_a_url_gloss_generates() {
    fails(
        &Site::with_case("content-generated-url"),
        &[
            "content/changes.md:3:1: error: this page's URL /updates/ is one gloss generates itself\n  help: give the page another `slug` or `path` in its front matter",
            "content/reading.md:3:1: error: this page's URL /quotes/ is one gloss generates itself\n  help: give the page another `slug` or `path` in its front matter",
            "content/tags.md: error: this page's URL /tags/ is one gloss generates itself\n  help: give the page another `slug` or `path` in its front matter",
        ],
    );
}

#[cfg(unix)]
#[test]
fn content_symlink_loop() {
    let site = Site::built();
    std::fs::create_dir_all(site.root().join("content/posts/loop")).unwrap();
    std::os::unix::fs::symlink("..", site.root().join("content/posts/loop/up")).unwrap();
    builds(
        &site,
        &[
            "content/posts/loop/up: warning: this symbolic link points back to a folder that contains it (a loop), so it was skipped\n  help: remove the link, or point it at a folder outside content/",
        ],
    );
}

#[cfg(unix)]
#[test]
fn content_dangling_symlink() {
    let site = Site::built();
    std::os::unix::fs::symlink("nowhere.md", site.root().join("content/posts/gone.md")).unwrap();
    fails(
        &site,
        &[
            "content/posts/gone.md: error: this symbolic link points to nowhere.md, which does not exist\n  help: remove the link or make it point at an existing file",
        ],
    );
}

/// Runs `site`'s build as a user without rights on `chmod 000` files: root reads them
/// anyway, so as root the binary is copied out and run as `nobody` through `setpriv`.
#[cfg(unix)]
fn build_as_unprivileged(site: &Site) -> Run {
    use std::os::unix::fs::PermissionsExt;
    let probe = site.root().join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    if !privileged {
        return site.build();
    }
    // `nobody` must reach the site and the binary.
    let bin = site.root().join("gloss-bin");
    std::fs::copy(env!("CARGO_BIN_EXE_gloss"), &bin).unwrap();
    for entry in walkdir::WalkDir::new(site.root()) {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode();
        if mode & 0o777 != 0 {
            let open = if entry.file_type().is_dir() || entry.path() == bin {
                0o755
            } else {
                0o644
            };
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(open)).unwrap();
        }
    }
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .arg("build")
        .arg("--root")
        .arg(site.root());
    run(cmd)
}

#[cfg(unix)]
#[test]
fn content_unreadable_file_and_folder() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::built();
    site.write(
        "content/posts/secret.md",
        "---\ntitle: Secret\n---\nBody.\n",
    );
    site.write(
        "content/locked/inside.md",
        "---\ntitle: Inside\n---\nBody.\n",
    );
    let before = site.tree();
    std::fs::set_permissions(
        site.root().join("content/posts/secret.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(
        site.root().join("content/locked"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let run = build_as_unprivileged(&site);
    assert!(!run.success, "{}", run.stderr);
    assert_eq!(
        run.diagnostics,
        [
            "content/locked: error: cannot read this folder: Permission denied (os error 13)\n  help: check that the folder's permissions let you read it",
            "content/posts/secret.md: error: cannot read this file: Permission denied (os error 13)\n  help: check that the file exists and that its permissions let you read it",
        ],
        "{}",
        run.stderr
    );
    assert!(
        site.tree() == before,
        "public/ changed after a failed build"
    );
}

/// Files appear and vanish while builds run: every build either succeeds or reports
/// the vanished file; none panics or fails for another reason.
#[test]
fn content_files_deleted_while_the_build_runs() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let site = Site::built();
    for i in 0..40 {
        site.write(
            &format!("content/posts/churn-{i}.md"),
            format!("---\ntitle: Churn {i}\ndate: 2024-01-01\n---\nBody {i}.\n"),
        );
    }
    let config = gloss::config::Config::load(site.root()).unwrap();
    let stop = AtomicBool::new(false);
    let mut unexpected = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let i = n % 40;
                let path = site.root().join(format!("content/posts/churn-{i}.md"));
                if n % 80 < 40 {
                    let _ = std::fs::remove_file(&path);
                } else {
                    // As editors save: a hidden file renamed over the old one.
                    let tmp = site.root().join(format!("content/posts/.churn-{i}.tmp"));
                    let _ = std::fs::write(
                        &tmp,
                        format!("---\ntitle: Churn {i}\ndate: 2024-01-01\n---\nBody.\n"),
                    );
                    let _ = std::fs::rename(&tmp, &path);
                }
                n += 1;
            }
        });
        // No assertion in here: a failure must not leave the churning thread running.
        for _ in 0..15 {
            let diags = match gloss::site::build(&config, &gloss::site::BuildOptions::default()) {
                Ok(built) => built.warnings,
                Err(diags) => diags,
            };
            unexpected.extend(diags.into_iter().filter(|d| {
                !(d.path.starts_with("content/posts")
                    && d.path.to_string_lossy().contains("churn-")
                    && d.message.contains("deleted or moved"))
            }));
        }
        stop.store(true, Ordering::Relaxed);
    });
    let unexpected: Vec<String> = unexpected.iter().map(ToString::to_string).collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
}

#[test]
fn content_footnote_labels_with_quotes_angle_brackets_spaces_and_unicode() {
    let site = Site::built();
    site.write(
        "content/posts/labels.md",
        "---\ntitle: Labels\ndate: 2024-01-01\n---\n\
         One[^\"q\"], two[^<b>], three[^a b], four[^日本], five[^\"q\"].\n\n\
         [^\"q\"]: Quoted.\n[^<b>]: Angled.\n[^a b]: Spaced.\n[^日本]: Unicode.\n",
    );
    builds(&site, &[]);
    let page = site.html("posts/labels/index.html");
    let notes = attrs(&page, "section.footnotes li", "id");
    assert_eq!(notes, ["fn-1", "fn-2", "fn-3", "fn-4"]);
    assert_ids_unique_and_fragments_resolve(&page);
}

#[test]
fn content_footnote_label_equal_to_a_heading_id() {
    let site = Site::built();
    site.write(
        "content/posts/same-id.md",
        "---\ntitle: Same id\ndate: 2024-01-01\n---\n## fn-1\n\n## Notes\n\nA claim[^notes] and another[^fn-1].\n\n\
         [^notes]: The note called notes.\n[^fn-1]: The note called fn-1.\n",
    );
    builds(&site, &[]);
    let page = site.html("posts/same-id/index.html");
    assert_eq!(attrs(&page, "section.footnotes li", "id").len(), 2);
    assert_eq!(attrs(&page, ".e-content > h2[id]", "id").len(), 2);
    assert_ids_unique_and_fragments_resolve(&page);
}

#[test]
fn content_10000_footnotes() {
    let site = Site::built();
    let mut body = String::from("---\ntitle: Notes\ndate: 2024-01-01\n---\n");
    for i in 0..10_000 {
        body.push_str(&format!("Claim {i}.[^n{i}] "));
    }
    body.push_str("\n\n");
    for i in 0..10_000 {
        body.push_str(&format!("[^n{i}]: Note {i}.\n"));
    }
    site.write("content/posts/notes.md", &body);
    builds(&site, &[]);
    let page = site.html("posts/notes/index.html");
    assert_eq!(attrs(&page, "section.footnotes li", "id").len(), 10_000);
    assert_ids_unique_and_fragments_resolve(&page);
}

/// Every id on the page is unique and every `href="#…"` has its target.
fn assert_ids_unique_and_fragments_resolve(page: &Html) {
    let ids = attrs(page, "[id]", "id");
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        assert!(
            !id.is_empty() && !id.contains(char::is_whitespace),
            "bad id {id:?}"
        );
        assert!(seen.insert(id.as_str()), "id {id:?} is used twice");
    }
    for href in attrs(page, "a[href^='#']", "href") {
        let target = percent_decode(&href[1..]);
        assert!(seen.contains(target.as_str()), "{href} has no target");
    }
}

// ---------------------------------------------------------------------------------------
// Templates

#[test]
fn templates_syntax_error() {
    fails(
        &Site::with_case("templates-syntax-error"),
        &[
            "templates/page.html:3:19: error: template syntax error: Found `}` but expected }}.\n  help: see docs/templates.md for the variables each template receives",
        ],
    );
}

#[test]
fn templates_undefined_variable() {
    // One error for the template, not one per page rendered with it.
    fails(
        &Site::with_case("templates-undefined-variable"),
        &[
            "templates/page.html:3:8: error: template error: Variable `headline` is not defined. Available variables: config, dir, here, lang, page, site (while rendering content/about.md and 1 other page)\n  help: see docs/templates.md for the variables each template receives",
        ],
    );
}

#[test]
fn templates_include_loop() {
    fails(
        &Site::with_case("templates-include-loop"),
        &[
            "templates/partials/a.html: error: templates include each other in a loop: page.html → partials/a.html → partials/b.html → partials/a.html",
        ],
    );
}

#[test]
fn templates_missing_template() {
    fails(
        &Site::with_case("templates-missing-template"),
        &[
            "content/posts/special.md:3:1: error: the template \"special.html\" does not exist\n  help: add templates/special.html, or fix the `template` key of this file's front matter",
        ],
    );
    fails(
        &Site::with_case("templates-missing-include"),
        &[
            "templates/page.html:3:12: error: template error: Unknown template `partials/nowhere.html`\n  help: add the missing template under templates/, or fix the name",
        ],
    );
}

#[test]
fn templates_theme_that_does_not_exist() {
    fails(
        &Site::with_case("templates-missing-theme"),
        &[
            "gloss.toml: error: theme \"nowhere\" does not exist (no folder themes/nowhere/)\n  help: put the theme in themes/NAME/, or remove `theme` from gloss.toml to use the default theme",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// Config

#[test]
fn config_unknown_keys() {
    fails(
        &Site::with_case("config-unknown-key"),
        &[
            "gloss.toml:2:1: error: unknown key `colour` in gloss.toml\n  help: the keys here are `title`, `base_url`, `description`, `author`, `language`, `timezone`, `theme`, `icon`, `content_dir`, `paginate_by`, `toc_min_headings`, `related_posts`, `taxonomies`, `feed_limit`, `feeds`, `feed_content`, `markdown`, `heading_ids`, `redirects_file`, `redirects`, `search`, `link_checker`, `images`, `permalinks`, `quotes`, `sharing`, `extra`; put your own values under [extra]",
        ],
    );
    fails(
        &Site::with_case("config-unknown-nested-key"),
        &[
            "gloss.toml:4:1: error: unknown key `smart_quotes` in gloss.toml\n  help: the keys here are `smart_punctuation` or `highlight_code`; put your own values under [extra]",
        ],
    );
}

#[test]
fn config_misspelt_key_gets_the_nearest_known_key() {
    let run = Site::with_case("config-misspelt-key").build();
    assert!(!run.success, "{}", run.stderr);
    assert_eq!(run.diagnostics.len(), 1, "{}", run.stderr);
    assert!(
        run.diagnostics[0].starts_with("gloss.toml:2:1: error: unknown key `base_ulr` in gloss.toml\n  help: did you mean `base_url`? The keys here are `title`, `base_url`,"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_malformed_base_url() {
    const HELP: &str = "  help: write an absolute URL such as \"https://example.org/\" or \"https://user.github.io/blog/\"";
    fails(
        &Site::with_case("config-malformed-base-url"),
        &[&format!(
            "gloss.toml:2:1: error: base_url \"example.org/blog\" is not usable: it must start with http:// or https://\n{HELP}"
        )],
    );
    fails(
        &Site::with_case("config-base-url-port"),
        &[&format!(
            "gloss.toml:2:1: error: base_url \"https://example.org:99999/\" is not usable: its port is not a number from 0 to 65535\n{HELP}"
        )],
    );
}

// ---------------------------------------------------------------------------------------
// Output folder

/// Every file under the site root with its bytes (sources and output alike).
fn whole_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn output_folders_that_hold_the_sources_are_refused_before_anything_is_touched() {
    const HELP: &str = "  help: choose an output folder of its own, such as public/ (the default)";
    let site = Site::built();
    site.write("static/robots-extra.txt", "x");
    for (dir, why) in [
        (
            ".",
            "this is the site's own folder, and writing would replace its sources",
        ),
        (
            "..",
            "this folder holds the site's sources, and writing would replace them",
        ),
        (
            "content",
            "it is inside content/, so its files would be read as posts on the next build",
        ),
        (
            "content/posts",
            "it is inside content/, so its files would be read as posts on the next build",
        ),
        (
            "static",
            "it is inside static/, so its files would be copied into the next build",
        ),
    ] {
        let before = whole_tree(site.root());
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gloss"));
        cmd.current_dir(site.root())
            .args(["build", "--output-dir", dir]);
        let run = run(cmd);
        assert!(!run.success, "{dir}: {}", run.stderr);
        assert_eq!(
            run.diagnostics,
            [format!(
                "{dir}: error: gloss will not write the site here: {why}\n{HELP}"
            )],
            "{dir}"
        );
        assert!(whole_tree(site.root()) == before, "{dir}: files changed");
    }
}

#[test]
fn an_output_folders_git_and_dotfiles_survive_every_build() {
    let site = Site::built();
    site.write("public/.git/HEAD", "ref: refs/heads/gh-pages\n");
    site.write("public/.git/objects/ab/cdef", "object");
    site.write("public/.nojekyll", "");
    site.write("public/.well-known/security.txt", "Contact: x");
    for round in 0..2 {
        site.write(
            "content/posts/2024-01-02-good.md",
            format!("---\ntitle: Good {round}\n---\nHello.\n"),
        );
        builds(&site, &[]);
        let tree = site.tree();
        assert_eq!(tree[".git/HEAD"], b"ref: refs/heads/gh-pages\n");
        assert_eq!(tree[".git/objects/ab/cdef"], b"object");
        assert!(tree.contains_key(".nojekyll"));
        assert_eq!(tree[".well-known/security.txt"], b"Contact: x");
        assert!(
            site.public("posts/good/index.html")
                .contains(&format!("Good {round}"))
        );
    }
    // A failed build leaves them too.
    site.write("content/posts/bad.md", "---\ntitle: [\n---\n");
    assert!(!site.build().success);
    assert!(site.tree().contains_key(".git/HEAD"));
}
