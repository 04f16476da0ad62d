//! `gloss import SOURCE DEST`: fixture sites written in each engine's own conventions
//! (tests/fixtures/import/ENGINE/) are imported with the real binary into temporary
//! folders; the tests check the gloss.toml written (parsed), the posts and static files
//! copied byte for byte, the report of what was not carried, that SOURCE is untouched,
//! and the refusals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common;

/// `tests/fixtures/import/ENGINE`.
fn fixture(engine: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(engine)
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `gloss import ARGS…`.
fn import(args: &[&Path], flags: &[&str]) -> std::process::Output {
    Command::cargo_bin("gloss")
        .unwrap()
        .arg("import")
        .args(args)
        .args(flags)
        .output()
        .unwrap()
}

/// An imported site in a temporary folder, with the old site's files as they were.
struct Imported {
    _dir: tempfile::TempDir,
    source: PathBuf,
    dest: PathBuf,
    stderr: String,
}

impl Imported {
    /// Copies the fixture of `engine` into a temporary folder and imports it with `flags`.
    fn new(engine: &str, flags: &[&str]) -> Imported {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("old");
        copy(&fixture(engine), &source);
        let dest = dir.path().join("new");
        let before = tree(&source);
        let out = import(&[&source, &dest], flags);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "gloss import failed:\n{stderr}");
        assert_eq!(tree(&source), before, "gloss import changed the old site");
        Imported {
            _dir: dir,
            source,
            dest,
            stderr,
        }
    }

    /// The gloss.toml written, parsed.
    fn config(&self) -> toml::Table {
        let text = std::fs::read_to_string(self.dest.join("gloss.toml")).unwrap();
        toml::from_str(&text).unwrap()
    }

    /// The report's items: each "what" line with the files listed under it.
    fn report(&self) -> BTreeMap<String, Vec<String>> {
        let text = std::fs::read_to_string(self.dest.join("IMPORT.md")).unwrap();
        let mut items: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut current = None;
        for line in text.lines() {
            if let Some(item) = line.strip_prefix("- ") {
                let what = item.split_once(": ").map_or(item, |(w, _)| w).to_string();
                items.entry(what.clone()).or_default();
                current = Some(what);
            } else if let Some(file) = line.trim_start().strip_prefix("- `") {
                let file = file.trim_end_matches('`').to_string();
                items.get_mut(current.as_ref().unwrap()).unwrap().push(file);
            }
        }
        items
    }

    /// `gloss build --root DEST`, asserted to succeed; returns the output folder.
    fn build(&self) -> PathBuf {
        let out = Command::cargo_bin("gloss")
            .unwrap()
            .arg("build")
            .arg("--root")
            .arg(&self.dest)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "gloss build failed:\n{stderr}");
        self.dest.join("public")
    }

    /// Asserts the old site's `from` was copied byte for byte to the new site's `to`.
    fn assert_copied(&self, from: &str, to: &str) {
        let old = std::fs::read(self.source.join(from)).unwrap();
        let new = std::fs::read(self.dest.join(to)).unwrap_or_else(|e| panic!("{to}: {e}"));
        assert_eq!(old, new, "{from} → {to}");
    }
}

fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn string<'a>(t: &'a toml::Table, key: &str) -> &'a str {
    t.get(key)
        .and_then(toml::Value::as_str)
        .unwrap_or_else(|| panic!("no {key} in {t:?}"))
}

#[test]
fn jekyll_settings_and_default_permalink_are_written() {
    let site = Imported::new("jekyll", &[]);
    assert!(
        site.stderr.contains("imported a Jekyll site"),
        "{}",
        site.stderr
    );
    let c = site.config();
    assert_eq!(string(&c, "title"), "Tidewater Notes");
    assert_eq!(string(&c, "base_url"), "https://tidewater.example/notes");
    assert_eq!(string(&c, "author"), "Ines Marlow");
    assert_eq!(string(&c, "timezone"), "America/Halifax");
    assert_eq!(string(&c, "language"), "en-CA");
    assert_eq!(string(&c, "heading_ids"), "github");
    assert_eq!(c["paginate_by"].as_integer(), Some(6));
    assert_eq!(
        string(c["permalinks"].as_table().unwrap(), "posts"),
        "/:categories/:year/:month/:day/:title.html"
    );
}

#[test]
fn jekyll_posts_pages_and_static_files_are_copied_byte_for_byte() {
    let site = Imported::new("jekyll", &[]);
    site.assert_copied(
        "_posts/2019-04-02-dredging-schedule.md",
        "content/posts/2019-04-02-dredging-schedule.md",
    );
    site.assert_copied(
        "_posts/2021-11-15-ferry-fares.md",
        "content/posts/2021-11-15-ferry-fares.md",
    );
    site.assert_copied("about.md", "content/about.md");
    site.assert_copied("assets/img/chart.png", "static/assets/img/chart.png");
    site.assert_copied("CNAME", "static/CNAME");
    let written = tree(&site.dest);
    // Jekyll's own folders, excluded files, drafts and templates are not carried.
    for absent in [
        "static/Gemfile",
        "static/scripts/deploy.sh",
        "static/index.html",
        "content/index.html",
        "static/_config.yml",
        "content/posts/unfinished-thoughts.md",
    ] {
        assert!(!written.contains_key(absent), "{absent} was copied");
    }
    assert!(!written.keys().any(|k| k.contains("/_")), "{written:?}");
}

#[test]
fn jekyll_report_names_what_is_left_with_the_files_using_it() {
    let site = Imported::new("jekyll", &[]);
    let report = site.report();
    let files = |what: &str| {
        report
            .get(what)
            .unwrap_or_else(|| panic!("{what} not in the report: {report:#?}"))
            .clone()
    };
    assert_eq!(files("plugin `jekyll-archives`"), ["_config.yml"]);
    assert_eq!(
        files("layout `post`"),
        [
            "_posts/2019-04-02-dredging-schedule.md",
            "_posts/2021-11-15-ferry-fares.md"
        ]
    );
    assert_eq!(
        files("include `signup.html`"),
        [
            "_includes/signup.html",
            "_posts/2019-04-02-dredging-schedule.md"
        ]
    );
    assert_eq!(
        files("data file `_data/fares.yml`"),
        ["_data/fares.yml", "_posts/2021-11-15-ferry-fares.md"]
    );
    assert_eq!(
        files("draft `unfinished-thoughts.md`"),
        ["_drafts/unfinished-thoughts.md"]
    );
    // A built-in shortcode is not reported, nor a tag inside a code block.
    assert!(!report.keys().any(|k| k.contains("youtube")), "{report:#?}");
    assert!(
        !report.keys().any(|k| k.contains("not_a_tag")),
        "{report:#?}"
    );
    // The printed report is the written one.
    assert!(site.stderr.contains("plugin `jekyll-archives`"));
    // about.md keeps its URL through its own `permalink`: no note about page URLs.
    assert!(!report.contains_key("page URLs"), "{report:#?}");
}

#[test]
fn jekyll_in_place_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("new");
    let out = import(&[&fixture("jekyll"), &dest], &["--in-place"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("this Jekyll site's posts are not laid out in the folders gloss reads"),
        "{stderr}"
    );
    assert!(!dest.exists());
}

#[test]
fn hugo_settings_permalinks_and_content_are_carried() {
    let site = Imported::new("hugo", &[]);
    let c = site.config();
    assert_eq!(string(&c, "title"), "Quarry Watch");
    assert_eq!(string(&c, "base_url"), "https://quarrywatch.example/");
    assert_eq!(
        string(&c, "description"),
        "Notes on the county's planning decisions."
    );
    assert_eq!(string(&c, "author"), "Owen Pryce");
    assert_eq!(string(&c, "timezone"), "Europe/London");
    assert_eq!(string(&c, "language"), "en-GB");
    assert_eq!(string(&c, "heading_ids"), "github");
    assert_eq!(c["paginate_by"].as_integer(), Some(8));
    // Hugo's `:slug` falls back to the title, Hugo's `:title` is the title: written in
    // the tokens gloss gives those meanings.
    let permalinks = c["permalinks"].as_table().unwrap();
    assert_eq!(string(permalinks, "posts"), "/:year/:month/:slugortitle/");
    assert_eq!(
        string(permalinks, "notes"),
        "/:sectionslug/:sections[1:]/:slugortitle/"
    );
    // A section of dated file names without a pattern: Hugo kept the date in the URL.
    assert_eq!(string(permalinks, "visits"), "/:sections/:slugorfilename/");
    for f in [
        "_index.md",
        "posts/_index.md",
        "posts/gravel-permit.md",
        "posts/quarry-hearing/index.md",
        "posts/quarry-hearing/hall.jpg",
        "about.md",
    ] {
        site.assert_copied(&format!("content/{f}"), &format!("content/{f}"));
    }
    site.assert_copied("static/images/site-plan.png", "static/images/site-plan.png");
    let report = site.report();
    assert_eq!(
        report["shortcode `{{< planning-ref >}}`"],
        ["content/posts/gravel-permit.md"]
    );
    // `[taxonomies]`: both carried, so neither is reported.
    assert_eq!(
        c["taxonomies"].as_array().unwrap(),
        &[toml::Value::from("series"), toml::Value::from("tags")]
    );
    assert!(!report.keys().any(|k| k.contains("taxonom")), "{report:#?}");
    assert_eq!(report["`theme` in hugo.toml"], ["hugo.toml"]);
    assert_eq!(report["data file `data/sites.yaml`"], ["data/sites.yaml"]);
    assert!(!report.keys().any(|k| k.contains("figure")), "{report:#?}");
}

#[test]
fn zola_site_builds_at_its_old_urls_with_zola_heading_ids() {
    let site = Imported::new("zola", &[]);
    let c = site.config();
    assert_eq!(string(&c, "title"), "The Lock Keeper");
    assert_eq!(string(&c, "author"), "Dilys Fenn");
    assert_eq!(string(&c, "heading_ids"), "zola");
    assert!(!c.contains_key("permalinks"));
    assert_eq!(
        c["taxonomies"].as_array().unwrap(),
        &[toml::Value::from("tags"), toml::Value::from("waterways")]
    );
    let report = site.report();
    assert!(!report.keys().any(|k| k.contains("taxonom")), "{report:#?}");
    assert_eq!(
        report["shortcode `towpath_map`"],
        ["content/blog/2020-07-14-stoppage-notice.md"]
    );
    site.assert_copied(
        "templates/shortcodes/towpath_map.html",
        "templates/shortcodes/towpath_map.html",
    );
    let public = site.build();
    let page =
        scraper::Html::parse_document(&common::read_in(&public, "blog/stoppage-notice/index.html"));
    let h2 = page.select(&common::sel("article h2")).next().unwrap();
    assert_eq!(h2.value().id(), Some("what-s-new"));
    assert!(public.join("notes/winter-works/index.html").is_file());
    assert!(public.join("lock.png").is_file());
    assert_eq!(internal_links(&public, "notes/winter-works/"), WINTER_LINKS);
    assert_eq!(common::texts(&page, "article .map"), ["41-44"]);
}

/// What `[…](@/blog/2020-07-14-stoppage-notice.md#what-s-new)` and `[…][b]` (`[b]:
/// @/blog/_index.md`) in the Zola fixture's winter-works.md become.
const WINTER_LINKS: [&str; 2] = ["/blog/stoppage-notice/#what-s-new", "/blog/"];

/// The targets of the links in the text of the post at `rel` (a folder of `public`).
fn internal_links(public: &Path, rel: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(&common::read_in(public, &format!("{rel}index.html")));
    common::attrs(&page, ".e-content a", "href")
}

#[test]
fn zola_internal_links_resolve_to_each_page_s_url_and_a_missing_one_is_located() {
    let (_dir, dest) = site_of(&[
        (
            "config.toml",
            "base_url = \"https://z.example/sub\"\ntitle = \"Z\"\n",
        ),
        (
            "content/blog/2023-06-01-fares.md",
            "+++\ntitle = \"Fares\"\ndate = 2023-06-01\n+++\nSee [the bundle](@/blog/bundle/index.md) and [notes](@/notes/first.md#section-two).\n\nAnd [gone](@/blog/gone.md).\n",
        ),
        (
            "content/blog/bundle/index.md",
            "+++\ntitle = \"Bundle\"\ndate = 2023-07-01\npath = \"2023/07/01/bundle-path\"\n+++\nText.\n",
        ),
        (
            "content/notes/first.md",
            "+++\ntitle = \"First\"\ndate = 2023-05-01\nslug = \"note-one\"\n+++\n## Section two\n\nText.\n",
        ),
    ]);
    let out = Command::cargo_bin("gloss")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(&dest)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/blog/2023-06-01-fares.md:7:5: warning: internal link `@/blog/gone.md` names no page or section of this site; it is left as written"),
        "{stderr}"
    );
    assert_eq!(
        internal_links(&dest.join("public"), "blog/fares/"),
        [
            "/sub/2023/07/01/bundle-path/",
            "/sub/notes/note-one/#section-two",
            "@/blog/gone.md"
        ]
    );
}

#[test]
fn zola_templates_named_in_front_matter_become_templates_extending_the_theme_s() {
    let (_dir, dest) = site_of(&[
        (
            "config.toml",
            "base_url = \"https://z.example\"\ntitle = \"Z\"\n",
        ),
        ("templates/blog.html", "{% extends \"base.html\" %}\n"),
        (
            "content/blog/_index.md",
            "+++\ntitle = \"Blog\"\nsort_by = \"date\"\ntemplate = \"blog.html\"\npage_template = \"post.html\"\n+++\n",
        ),
        (
            "content/blog/fares.md",
            "+++\ntitle = \"Fares\"\ndate = 2023-06-01\ntemplate = \"wide.html\"\n+++\nThe fares rose.\n",
        ),
        (
            "content/blog/tides.md",
            "+++\ntitle = \"Tides\"\ndate = 2023-06-02\ntemplate = \"page.html\"\n+++\nText.\n",
        ),
    ]);
    let report = std::fs::read_to_string(dest.join("IMPORT.md")).unwrap();
    let item = |what: &str| {
        report
            .split("\n- ")
            .find(|i| i.starts_with(what))
            .unwrap_or_else(|| panic!("no {what} in:\n{report}"))
            .to_string()
    };
    assert!(item("template `blog.html`: ").contains("`content/blog/_index.md`"));
    assert!(item("template `wide.html`: ").contains("`content/blog/fares.md`"));
    assert!(item("page template `post.html`: ").contains("`content/blog/_index.md`"));
    // gloss's theme has page.html: nothing to say of it.
    assert!(!report.contains("`page.html`"), "{report}");
    // The posts are as they were; the build reads the templates written.
    assert_eq!(
        std::fs::read_to_string(dest.join("content/blog/_index.md")).unwrap(),
        "+++\ntitle = \"Blog\"\nsort_by = \"date\"\ntemplate = \"blog.html\"\npage_template = \"post.html\"\n+++\n"
    );
    let public = build_at(&dest);
    let list = scraper::Html::parse_document(&common::read_in(&public, "blog/index.html"));
    assert_eq!(
        common::attrs(&list, ".h-feed article.h-entry a.u-url", "href"),
        ["/blog/tides/", "/blog/fares/"]
    );
    let page = scraper::Html::parse_document(&common::read_in(&public, "blog/fares/index.html"));
    assert_eq!(common::texts(&page, ".e-content p"), ["The fares rose."]);
}

/// A Zola site's own templates, as Zola themes and tutorials write them: each extends
/// base.html and fills its `content` block.
const ZOLA_PAGE: &str = "{% extends \"base.html\" %}\n{% block content %}<article class=\"zola-post\"><h1>{{ page.title }}</h1>{{ page.content | safe }}</article>{% endblock content %}\n";
const ZOLA_BLOG: &str = "{% extends \"base.html\" %}\n{% block content %}<h1 class=\"zola-blog\">{{ section.title }}</h1>{% for page in section.pages %}<a class=\"zola-link\" href=\"{{ page.url }}\">{{ page.title }}</a>{% endfor %}{% endblock content %}\n";

#[test]
fn zola_templates_filling_the_content_block_build_in_the_theme_s_main() {
    let (_dir, dest) = site_of(&[
        (
            "config.toml",
            "base_url = \"https://z.example\"\ntitle = \"Z\"\n",
        ),
        ("templates/page.html", ZOLA_PAGE),
        ("templates/blog.html", ZOLA_BLOG),
        (
            "content/blog/_index.md",
            "+++\ntitle = \"Blog\"\nsort_by = \"date\"\ntemplate = \"blog.html\"\n+++\n",
        ),
        (
            "content/blog/fares.md",
            "+++\ntitle = \"Fares\"\ndate = 2023-06-01\n+++\nThe fares rose.\n",
        ),
    ]);
    // The import builds: it leaves the old templates behind (listed in IMPORT.md) and
    // writes blog.html extending the theme's section.html.
    let public = build_at(&dest);
    assert!(public.join("blog/fares/index.html").is_file());
    assert!(!dest.join("templates/page.html").exists());
    // Brought over by hand, they fill `content`, inside the theme's <main>.
    std::fs::write(dest.join("templates/page.html"), ZOLA_PAGE).unwrap();
    std::fs::write(dest.join("templates/blog.html"), ZOLA_BLOG).unwrap();
    let public = build_at(&dest);
    let page = scraper::Html::parse_document(&common::read_in(&public, "blog/fares/index.html"));
    assert_eq!(
        common::texts(&page, "main > article.zola-post > h1"),
        ["Fares"]
    );
    assert_eq!(
        common::texts(&page, "main > article.zola-post > p"),
        ["The fares rose."]
    );
    // The theme's header and footer are around it, as for its own pages.
    assert_eq!(
        common::texts(&page, "body > header.site-header a.site-title"),
        ["Z"]
    );
    assert_eq!(page.select(&common::sel("body > footer")).count(), 1);
    let list = scraper::Html::parse_document(&common::read_in(&public, "blog/index.html"));
    assert_eq!(common::texts(&list, "main > h1.zola-blog"), ["Blog"]);
    assert_eq!(
        common::attrs(&list, "main > a.zola-link", "href"),
        ["/blog/fares/"]
    );
}

#[test]
fn zola_shortcodes_are_copied_when_gloss_loads_them_and_each_lists_its_posts() {
    let (dir, dest) = site_of(&[
        (
            "config.toml",
            "base_url = \"https://z.example\"\ntitle = \"Z\"\n",
        ),
        (
            "templates/shortcodes/note.html",
            "<div class=\"note note-{{ kind }}\">{{ body | default(value=\"\") | markdown | safe }}</div>\n",
        ),
        ("templates/shortcodes/badge.html", "<b>{% if %}</b>\n"),
        (
            "content/blog/fares.md",
            "+++\ntitle = \"Fares\"\ndate = 2023-06-01\n+++\nIntro.\n\n{% note(kind=\"info\") %}\nA **custom** body.\n{% end %}\n",
        ),
        (
            "content/blog/tides.md",
            "+++\ntitle = \"Tides\"\ndate = 2023-06-02\n+++\nA {{ badge(text=\"new\") }} and {{ note(kind=\"x\") }} and {{ gauge() }}.\n",
        ),
    ]);
    assert_eq!(
        std::fs::read(dest.join("templates/shortcodes/note.html")).unwrap(),
        std::fs::read(dir.path().join("old/templates/shortcodes/note.html")).unwrap()
    );
    // Not loadable by gloss: not copied, so the site builds.
    assert!(!dest.join("templates/shortcodes/badge.html").exists());
    let report = std::fs::read_to_string(dest.join("IMPORT.md")).unwrap();
    let check = report
        .split("## Not carried over")
        .next()
        .unwrap()
        .to_string();
    assert!(check.contains("## Carried over: check these"), "{report}");
    assert!(check.contains("- shortcode `note`: "), "{report}");
    assert_eq!(
        report_files(&dest, "shortcode `note`"),
        ["content/blog/fares.md", "content/blog/tides.md"]
    );
    assert_eq!(
        report_files(&dest, "shortcode `badge`"),
        ["content/blog/tides.md"]
    );
    assert!(
        report.contains("- shortcode `badge`: the site's own (templates/shortcodes/), not copied: gloss cannot load it (templates/shortcodes/badge.html:1:"),
        "{report}"
    );
    assert_eq!(
        report_files(&dest, "shortcode `gauge`"),
        ["content/blog/tides.md"]
    );
    assert!(!report.contains("{% note %}"), "{report}");
    let public = build_at(&dest);
    let page = scraper::Html::parse_document(&common::read_in(&public, "blog/fares/index.html"));
    assert_eq!(
        common::texts(&page, ".e-content .note.note-info strong"),
        ["custom"]
    );
}

#[test]
fn in_place_reads_the_old_content_folder_where_it_is() {
    let site = Imported::new("zola", &["--in-place"]);
    let c = site.config();
    assert_eq!(string(&c, "content_dir"), "../old/content");
    assert!(!site.dest.join("content").exists());
    let public = site.build();
    assert!(public.join("blog/stoppage-notice/index.html").is_file());
    assert_eq!(internal_links(&public, "notes/winter-works/"), WINTER_LINKS);
    // The build wrote nothing into the old site.
    assert!(!site.source.join("public").exists());
    assert_eq!(tree(&site.source), tree(&fixture("zola")));
}

#[test]
fn a_folder_that_is_not_a_site_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("notes");
    std::fs::create_dir_all(&source).unwrap();
    std::fs::write(source.join("post.md"), "# A post\n").unwrap();
    let dest = dir.path().join("new");
    let out = import(&[&source, &dest], &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("this folder holds no site gloss can import"),
        "{stderr}"
    );
    assert!(stderr.contains("notes"), "{stderr}");
    // The help names every engine gloss imports, by its configuration file.
    for file in [
        "_config.yml",
        "hugo.toml",
        "config.toml",
        "eleventy.config.js",
        ".eleventy.js",
        "pelicanconf.py",
    ] {
        assert!(stderr.contains(file), "{file} not in {stderr}");
    }
    assert!(!dest.exists());
}

#[test]
fn a_non_empty_destination_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("taken");
    std::fs::create_dir_all(&dest).unwrap();
    std::fs::write(dest.join("notes.txt"), "mine").unwrap();
    let out = import(&[&fixture("hugo"), &dest], &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("taken"), "{stderr}");
    assert!(stderr.contains("this folder is not empty"), "{stderr}");
    assert_eq!(tree(&dest).len(), 1);
}

#[test]
fn a_destination_inside_the_old_site_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("old");
    copy(&fixture("hugo"), &source);
    let before = tree(&source);
    let out = import(&[&source, &source.join("gloss-site")], &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("inside the site being imported"),
        "{stderr}"
    );
    assert_eq!(tree(&source), before);
}

#[test]
fn jekyll_and_hugo_imports_build_at_the_old_sites_urls() {
    let jekyll = Imported::new("jekyll", &[]);
    let public = jekyll.build();
    // Jekyll's default permalink: categories, date, title, `.html`.
    for url in [
        "harbour/2019/04/02/dredging-schedule.html",
        "2021/11/15/ferry-fares.html",
        "about/index.html",
    ] {
        assert!(public.join(url).is_file(), "no {url}");
    }
    let hugo = Imported::new("hugo", &[]);
    let public = hugo.build();
    // `posts = "/:year/:month/:slug/"`: Hugo's `:slug` is the front matter `slug` (the
    // bundle's), else the title made a URL segment, not the file name.
    for url in [
        "2022/03/the-gravel-permit-decision/index.html",
        // `notes = "/:sectionslug/:sections[1:]/:slug/"`: the section's own `slug`, then
        // the sections below the top one.
        "fieldwork/moorland/peat-depth-a-survey/index.html",
        "visits/2024-01-05-site-visit/index.html",
        "2023/06/quarry-hearing-notes/index.html",
        "about/index.html",
        "images/site-plan.png",
    ] {
        assert!(public.join(url).is_file(), "no {url}");
    }
}

/// A shortcode gloss does not support is left in the imported post exactly as written
/// (straight quotes, no emphasis), so that it can be found and copied; the text around it
/// keeps its smart punctuation.
#[test]
fn an_unsupported_shortcode_in_an_imported_post_is_shown_as_written() {
    let hugo = Imported::new("hugo", &[]);
    let tags = [
        r#"{{< unknownthing "arg" >}}"#,
        r#"{{% gallery dir="/img/trip" caption='The "old" quay -- 1998...' %}}"#,
        r#"{{< param "_draft_" >}}"#,
    ];
    let body: String = tags
        .iter()
        .map(|t| format!("\"Here\" {t} \"there\".\n\n"))
        .collect();
    std::fs::write(
        hugo.dest.join("content/posts/kept.md"),
        format!("---\ntitle: Kept\ndate: 2022-04-01T09:00:00Z\nslug: kept\n---\n{body}"),
    )
    .unwrap();
    let public = hugo.build();
    let doc = scraper::Html::parse_document(&common::read_in(&public, "2022/04/kept/index.html"));
    let paragraphs: Vec<String> = doc
        .select(&common::sel(".e-content > p"))
        .map(|p| p.text().collect())
        .collect();
    let expected: Vec<String> = tags
        .iter()
        .map(|t| format!("“Here” {t} “there”."))
        .collect();
    assert_eq!(paragraphs, expected);
}

#[test]
fn eleventy_metadata_passthrough_and_filename_permalinks_are_carried() {
    let site = Imported::new("eleventy", &[]);
    assert!(
        site.stderr.contains("imported an Eleventy site"),
        "{}",
        site.stderr
    );
    let c = site.config();
    // From src/_data/metadata.js, an `export default` of literals (read, not run).
    assert_eq!(string(&c, "title"), "Hedgerow Dispatch");
    assert_eq!(string(&c, "base_url"), "https://hedgerow.example/");
    assert_eq!(string(&c, "author"), "Tamsin Oakes");
    assert_eq!(string(&c, "language"), "en");
    assert_eq!(string(&c, "heading_ids"), "github");
    assert_eq!(
        string(c["permalinks"].as_table().unwrap(), "posts"),
        "/posts/:filename/"
    );
    site.assert_copied(
        "src/posts/2024-02-11-verge-cutting.md",
        "content/posts/2024-02-11-verge-cutting.md",
    );
    site.assert_copied("src/posts/bus-shelter.md", "content/posts/bus-shelter.md");
    site.assert_copied("src/about.md", "content/about.md");
    // addPassthroughCopy("src/img") and ({ "src/favicon.ico": "favicon.ico" }).
    site.assert_copied("src/img/gate.png", "static/img/gate.png");
    site.assert_copied("src/favicon.ico", "static/favicon.ico");
    let written = tree(&site.dest);
    assert!(
        !written
            .keys()
            .any(|k| k.contains("posts.json") || k.ends_with(".njk") || k.contains("_data")),
        "{written:?}"
    );
    let report = site.report();
    assert_eq!(report["plugin `pluginRss`"], ["eleventy.config.js"]);
    assert_eq!(
        report["template tag `{% sidenote %}`"],
        [
            "eleventy.config.js",
            "src/posts/2024-02-11-verge-cutting.md"
        ]
    );
    assert_eq!(report["filter `readableDate`"], ["eleventy.config.js"]);
    assert_eq!(
        report["data file `src/posts/posts.json`"],
        ["src/posts/posts.json"]
    );
    assert_eq!(
        report["data file `src/_data/footer.json`"],
        ["src/_data/footer.json"]
    );
    assert_eq!(report["templates Eleventy renders"], ["src/index.njk"]);
    assert_eq!(
        report["layout `layouts/post.njk`"],
        ["src/posts/2024-02-11-verge-cutting.md"]
    );
    // The metadata file was read, so it is not reported.
    assert!(
        !report.keys().any(|k| k.contains("metadata")),
        "{report:#?}"
    );
}

#[test]
fn eleventy_import_builds_at_the_old_sites_urls() {
    let site = Imported::new("eleventy", &[]);
    let public = site.build();
    // Eleventy's default: the input path without its extension, date prefix kept;
    // `permalink: /about/` in front matter wins.
    for url in [
        "posts/2024-02-11-verge-cutting/index.html",
        "posts/bus-shelter/index.html",
        "about/index.html",
        "img/gate.png",
        "favicon.ico",
    ] {
        assert!(public.join(url).is_file(), "no {url}");
    }
    let page =
        scraper::Html::parse_document(&common::read_in(&public, "posts/bus-shelter/index.html"));
    let h2 = page.select(&common::sel("article h2")).next().unwrap();
    assert_eq!(h2.value().id(), Some("who-pays"));
}

#[test]
fn eleventy_dot_config_and_json_metadata_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("old");
    let write = |rel: &str, text: &str| {
        let path = source.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        ".eleventy.js",
        "module.exports = function (eleventyConfig) {\n  eleventyConfig.addPassthroughCopy(\"css\");\n  return { dir: { input: \"site\" } };\n};\n",
    );
    write(
        "site/_data/metadata.json",
        r#"{ "title": "Kerbside", "url": "https://kerbside.example/", "language": "cy" }"#,
    );
    write(
        "site/notes/first-note.md",
        "---\ntitle: First\ndate: 2021-03-04\n---\nHello.\n",
    );
    write("css/site.css", "body {}\n");
    let dest = dir.path().join("new");
    let out = import(&[&source, &dest], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: toml::Table =
        toml::from_str(&std::fs::read_to_string(dest.join("gloss.toml")).unwrap()).unwrap();
    assert_eq!(string(&c, "title"), "Kerbside");
    assert_eq!(string(&c, "base_url"), "https://kerbside.example/");
    // gloss ships no Welsh strings: the tag is left out (reported), so the site builds.
    assert!(!c.contains_key("language"), "{c:?}");
    assert_eq!(
        string(c["permalinks"].as_table().unwrap(), "notes"),
        "/notes/:filename/"
    );
    assert_eq!(
        std::fs::read(dest.join("static/css/site.css")).unwrap(),
        b"body {}\n"
    );
    assert!(dest.join("content/notes/first-note.md").is_file());
}

#[test]
fn pelican_assignments_are_read_without_running_the_file() {
    let site = Imported::new("pelican", &[]);
    assert!(
        site.stderr.contains("imported a Pelican site"),
        "{}",
        site.stderr
    );
    let c = site.config();
    assert_eq!(string(&c, "title"), "Estuary Ledger");
    // publishconf.py's SITEURL: pelicanconf.py's is empty (the local preview).
    assert_eq!(string(&c, "base_url"), "https://ledger.example");
    assert_eq!(string(&c, "author"), "Rhiannon Vale");
    assert_eq!(string(&c, "timezone"), "Europe/London");
    assert_eq!(string(&c, "language"), "en");
    assert_eq!(
        string(&c, "description"),
        "Port statements, with the small print enlarged."
    );
    assert_eq!(string(&c, "heading_ids"), "github");
    assert_eq!(c["paginate_by"].as_integer(), Some(7));
    let permalinks = c["permalinks"].as_table().unwrap();
    // ARTICLE_SAVE_AS = '{date:%Y}/{date:%m}/{slug}.html'; PAGE_SAVE_AS by default.
    assert_eq!(string(permalinks, "posts"), "/:year/:month/:slug.html");
    assert_eq!(string(permalinks, "pages"), "/pages/:slug.html");
    site.assert_copied("content/tide-gauge.md", "content/posts/tide-gauge.md");
    // No `Slug:`: Pelican made the slug from the title, so the file takes that name.
    site.assert_copied(
        "content/reviews/dredger-contract.md",
        "content/posts/who-won-the-dredger-contract.md",
    );
    site.assert_copied("content/pages/about.md", "content/pages/about.md");
    site.assert_copied("content/images/estuary.png", "static/images/estuary.png");
    // EXTRA_PATH_METADATA's `path` puts the file where Pelican put it.
    site.assert_copied("content/extra/CNAME", "static/CNAME");
    let report = site.report();
    assert_eq!(report["plugin `sitemap`"], ["pelicanconf.py"]);
    assert_eq!(report["plugin `neighbors`"], ["pelicanconf.py"]);
    assert_eq!(report["`THEME` in pelicanconf.py"], ["pelicanconf.py"]);
    // `os.path.join(…)` is code: named, not run.
    assert_eq!(report["setting `OUTPUT_PATH`"], ["pelicanconf.py"]);
    // Every other assignment is a literal and was read.
    assert!(
        !report
            .keys()
            .any(|k| k.starts_with("setting `") && k != "setting `OUTPUT_PATH`"),
        "{report:#?}"
    );
}

#[test]
fn pelican_import_builds_at_the_old_sites_urls() {
    let site = Imported::new("pelican", &[]);
    let public = site.build();
    for url in [
        "2023/09/tide-gauge.html",
        "2024/01/who-won-the-dredger-contract.html",
        "pages/about.html",
        "images/estuary.png",
        "CNAME",
    ] {
        assert!(public.join(url).is_file(), "no {url}");
    }
    // The `Title:` header is the title, not a paragraph of the post.
    let page = scraper::Html::parse_document(&common::read_in(
        &public,
        "2024/01/who-won-the-dredger-contract.html",
    ));
    let h1 = page.select(&common::sel("h1")).next().unwrap();
    assert_eq!(
        h1.text().collect::<String>().trim(),
        "Who Won the Dredger Contract?"
    );
    assert!(
        !page
            .select(&common::sel("article p"))
            .any(|p| p.text().collect::<String>().contains("Title:")),
    );
}

#[test]
fn pelican_default_urls_and_folder_save_as() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("old");
    std::fs::create_dir_all(source.join("content")).unwrap();
    std::fs::write(
        source.join("pelicanconf.py"),
        "SITENAME = 'Plain'\nPAGE_URL = 'pages/{slug}/'\nPAGE_SAVE_AS = 'pages/{slug}/index.html'\n",
    )
    .unwrap();
    std::fs::write(
        source.join("content/2020-05-06-spring.md"),
        "Title: Spring\nDate: 2020-05-06\n\nBuds.\n",
    )
    .unwrap();
    let dest = dir.path().join("new");
    let out = import(&[&source, &dest], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: toml::Table =
        toml::from_str(&std::fs::read_to_string(dest.join("gloss.toml")).unwrap()).unwrap();
    let permalinks = c["permalinks"].as_table().unwrap();
    assert_eq!(string(permalinks, "posts"), "/:slug.html");
    assert_eq!(string(permalinks, "pages"), "/pages/:slug/");
    // The title's slug is the file name's without its date: the name is kept.
    assert!(dest.join("content/posts/2020-05-06-spring.md").is_file());
}

#[test]
fn eleventy_and_pelican_in_place_is_refused_with_nothing_written() {
    for (engine, name) in [("eleventy", "Eleventy"), ("pelican", "Pelican")] {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("new");
        let out = import(&[&fixture(engine), &dest], &["--in-place"]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("this {name} site's posts are not laid out")),
            "{stderr}"
        );
        assert!(!dest.exists());
    }
}

#[test]
fn pelican_categories_from_folders_are_reported_when_urls_hold_them() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("old");
    std::fs::create_dir_all(source.join("content/harbour")).unwrap();
    std::fs::write(
        source.join("pelicanconf.py"),
        "ARTICLE_SAVE_AS = '{category}/{slug}.html'  # by topic\n",
    )
    .unwrap();
    std::fs::write(
        source.join("content/harbour/moorings.md"),
        "Title: Moorings\nDate: 2020-05-06\n\nFees.\n",
    )
    .unwrap();
    std::fs::write(
        source.join("content/harbour/slipway.md"),
        "Title: Slipway\nDate: 2020-05-07\nCategory: harbour\n\nRepairs.\n",
    )
    .unwrap();
    let dest = dir.path().join("new");
    let out = import(&[&source, &dest], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: toml::Table =
        toml::from_str(&std::fs::read_to_string(dest.join("gloss.toml")).unwrap()).unwrap();
    assert_eq!(
        string(c["permalinks"].as_table().unwrap(), "posts"),
        "/:categories/:slug.html"
    );
    let report = std::fs::read_to_string(dest.join("IMPORT.md")).unwrap();
    assert!(
        report.contains("categories taken from folders")
            && report.contains("`content/harbour/moorings.md`")
            && !report.contains("slipway"),
        "{report}"
    );
}

#[test]
fn eleventy_code_and_template_permalinks_are_reported_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("old");
    let write = |rel: &str, text: &str| {
        let path = source.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("eleventy.config.mjs", "export default function () {}\n");
    // A value computed by code: gloss runs none of it.
    write(
        "_data/metadata.js",
        "module.exports = { title: \"Sluice\", url: process.env.URL };\n",
    );
    write(
        "posts/plain.md",
        "---\ntitle: Plain\ndate: 2022-01-02\n---\nText.\n",
    );
    write(
        "posts/templated.md",
        "---\ntitle: Templated\ndate: 2022-01-03\npermalink: \"/{{ page.fileSlug }}/\"\n---\nText.\n",
    );
    write(
        "posts/hidden.md",
        "---\ntitle: Hidden\npermalink: false\n---\nText.\n",
    );
    let dest = dir.path().join("new");
    let out = import(&[&source, &dest], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: toml::Table =
        toml::from_str(&std::fs::read_to_string(dest.join("gloss.toml")).unwrap()).unwrap();
    assert!(
        !c.contains_key("title") && !c.contains_key("base_url"),
        "{c:?}"
    );
    let report = std::fs::read_to_string(dest.join("IMPORT.md")).unwrap();
    for expected in [
        "- `_data/metadata.js`: not an object of plain values",
        "- permalinks written as templates: ",
        "  - `posts/templated.md`",
        "- pages with `permalink: false`: ",
        "  - `posts/hidden.md`",
    ] {
        assert!(report.contains(expected), "{expected} not in {report}");
    }
    assert!(dest.join("content/posts/plain.md").is_file());
    assert!(dest.join("content/posts/templated.md").is_file());
    assert!(!dest.join("content/posts/hidden.md").exists());
}

/// The `[redirects]` table of an imported site's gloss.toml: old path → target.
fn redirects(site: &Imported) -> BTreeMap<String, String> {
    site.config()
        .get("redirects")
        .and_then(toml::Value::as_table)
        .map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The canonical target of the redirect page at `rel` in `public`.
fn redirect_target(public: &Path, rel: &str) -> String {
    let page = scraper::Html::parse_document(&common::read_in(public, rel));
    common::attr(&page, "link[rel=canonical]", "href")
}

/// The lines of the report item `what` (its files), from IMPORT.md in `dest`.
fn report_files(dest: &Path, what: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dest.join("IMPORT.md")).unwrap();
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with(&format!("- {what}: ")));
    assert!(lines.next().is_some(), "no {what} in:\n{text}");
    lines
        .map_while(|l| l.strip_prefix("  - `"))
        .map(|l| l.trim_end_matches('`').to_string())
        .collect()
}

/// The `[redirects]` table and `redirects_file` of the gloss.toml in `dest`.
fn redirects_in(dest: &Path) -> (BTreeMap<String, String>, Option<bool>) {
    let c: toml::Table =
        toml::from_str(&std::fs::read_to_string(dest.join("gloss.toml")).unwrap()).unwrap();
    let table = c
        .get("redirects")
        .and_then(toml::Value::as_table)
        .map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    (
        table,
        c.get("redirects_file").and_then(toml::Value::as_bool),
    )
}

#[test]
fn hugo_feeds_redirect_to_gloss_s_feeds_of_the_same_lists() {
    let (_dir, dest) = site_of(&[
        (
            "hugo.toml",
            "title = \"H\"\nbaseURL = \"https://h.example/\"\n[permalinks]\nposts = \"/:year/:slug/\"\n",
        ),
        (
            "content/posts/fares.md",
            "---\ntitle: Fares\ndate: 2024-02-03\ntags: [\"Fares & Prices\", ferries]\n---\nText.\n",
        ),
        (
            "content/posts/pier.md",
            "---\ntitle: Pier\ndate: 2024-02-04\ndraft: true\ntags: [piers]\n---\nText.\n",
        ),
        (
            "content/notes/tide.md",
            "---\ntitle: Tide\ndate: 2024-01-01\n---\nText.\n",
        ),
    ]);
    let (table, redirects_file) = redirects_in(&dest);
    let expected = [
        ("/index.xml", "/rss.xml"),
        ("/notes/index.xml", "/notes/rss.xml"),
        ("/posts/index.xml", "/posts/rss.xml"),
        ("/tags/fares-prices/index.xml", "/tags/fares-prices/rss.xml"),
        ("/tags/ferries/index.xml", "/tags/ferries/rss.xml"),
    ];
    // A draft's term has no page, nor a feed, in a build: no redirect to it.
    assert_eq!(
        table,
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<BTreeMap<_, _>>()
    );
    assert_eq!(redirects_file, Some(true));
    assert_eq!(
        report_files(&dest, "old feed URLs"),
        expected
            .iter()
            .map(|(a, b)| format!("{a} → {b}"))
            .collect::<Vec<_>>()
    );
    let public = build_at(&dest);
    assert!(public.join("index.xml").is_file());
    assert_eq!(
        redirect_target(&public, "tags/fares-prices/index.xml"),
        "https://h.example/tags/fares-prices/rss.xml"
    );
    assert!(public.join("tags/fares-prices/rss.xml").is_file());
    let lines = common::read_in(&public, "_redirects");
    for (from, to) in expected {
        assert!(
            lines.lines().any(|l| l == format!("{from} {to} 301")),
            "{lines}"
        );
    }
}

#[test]
fn jekyll_feed_s_feed_xml_redirects_to_the_atom_feed() {
    let (_dir, dest) = site_of(&[
        (
            "_config.yml",
            "title: J\nurl: https://j.example\nplugins:\n  - jekyll-feed\n",
        ),
        (
            "_posts/2024-02-03-fares.md",
            "---\ntitle: Fares\n---\nText.\n",
        ),
    ]);
    let (table, redirects_file) = redirects_in(&dest);
    assert_eq!(
        table,
        BTreeMap::from([("/feed.xml".to_string(), "/atom.xml".to_string())])
    );
    assert_eq!(redirects_file, Some(true));
    assert_eq!(
        report_files(&dest, "old feed URLs"),
        ["/feed.xml → /atom.xml"]
    );
    let public = build_at(&dest);
    assert_eq!(
        redirect_target(&public, "feed.xml"),
        "https://j.example/atom.xml"
    );
    assert_eq!(
        common::read_in(&public, "_redirects"),
        "/feed.xml /atom.xml 301\n"
    );
}

#[test]
fn a_jekyll_page_served_at_name_html_gets_a_redirect_from_it() {
    let site = Imported::new("jekyll", &[]);
    // `permalink: date` gave pages `NAME.html`; gloss gives `/NAME/`. about.md has its
    // own `permalink: /about/`, kept, so it needs none.
    // jekyll-feed's feed redirects too, to gloss's Atom feed.
    assert_eq!(
        redirects(&site),
        BTreeMap::from([
            ("/contact.html".to_string(), "contact.md".to_string()),
            ("/feed.xml".to_string(), "/atom.xml".to_string())
        ])
    );
    site.assert_copied("contact.md", "content/contact.md");
    assert!(
        site.stderr.contains("2 old URLs redirected"),
        "{}",
        site.stderr
    );
    // `_redirects` asked for, as the old feed needs a real 301.
    assert_eq!(site.config()["redirects_file"].as_bool(), Some(true));
    let public = site.build();
    assert!(public.join("contact/index.html").is_file());
    assert_eq!(
        redirect_target(&public, "contact.html"),
        "https://tidewater.example/notes/contact/"
    );
    assert_eq!(
        common::read_in(&public, "_redirects"),
        "/notes/contact.html /notes/contact/ 301\n/notes/feed.xml /notes/atom.xml 301\n"
    );
}

#[test]
fn eleventy_urls_gloss_cannot_give_redirect_and_folder_named_files_keep_theirs() {
    let site = Imported::new("eleventy", &[]);
    // Upper case and spaces in a file name: Eleventy kept them in the URL; gloss's slug
    // is lowercase with hyphens, so the old URL redirects. The others keep their URLs.
    assert_eq!(
        redirects(&site),
        BTreeMap::from([(
            "/posts/Verge Survey Results/".to_string(),
            "posts/Verge Survey Results.md".to_string()
        )])
    );
    // `notes/hedge-laying/hedge-laying.md` is copied as the folder's page bundle.
    site.assert_copied(
        "src/notes/hedge-laying/hedge-laying.md",
        "content/notes/hedge-laying/index.md",
    );
    let public = site.build();
    assert!(public.join("notes/hedge-laying/index.html").is_file());
    assert!(
        public
            .join("posts/verge-survey-results/index.html")
            .is_file()
    );
    assert_eq!(
        redirect_target(&public, "posts/Verge Survey Results/index.html"),
        "https://hedgerow.example/posts/verge-survey-results/"
    );
}

#[test]
fn eleventy_exclude_from_collections_builds_the_page_but_lists_it_nowhere() {
    let site = Imported::new("eleventy", &[]);
    let public = site.build();
    let page =
        scraper::Html::parse_document(&common::read_in(&public, "posts/feed-test/index.html"));
    assert_eq!(
        common::texts(&page, "article h1"),
        ["A page kept out of the lists"]
    );
    let list = scraper::Html::parse_document(&common::read_in(&public, "posts/index.html"));
    let links = common::attrs(&list, "article h2 a", "href");
    assert!(
        links.iter().any(|l| l == "/posts/bus-shelter/"),
        "{links:?}"
    );
    let home = scraper::Html::parse_document(&common::read_in(&public, "index.html"));
    for doc in [&list, &home] {
        assert!(
            !common::attrs(doc, "a", "href")
                .iter()
                .any(|l| l.contains("feed-test")),
            "an excluded page is linked from a list"
        );
    }
    // Neither a neighbour's link, the feed nor the sitemap names it.
    let neighbour = scraper::Html::parse_document(&common::read_in(
        &public,
        "posts/verge-survey-results/index.html",
    ));
    assert!(
        !common::attrs(&neighbour, "a", "href")
            .iter()
            .any(|l| l.contains("feed-test"))
    );
    for xml in ["atom.xml", "sitemap.xml"] {
        let text = common::read_in(&public, xml);
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert!(
            !doc.descendants()
                .any(|n| n.text().is_some_and(|t| t.contains("feed-test"))
                    || n.attribute("href").is_some_and(|h| h.contains("feed-test"))),
            "{xml} names the excluded page"
        );
    }
}

/// A Pelican site in a temporary folder: `pelicanconf.py` and posts by name.
fn pelican_site(conf: &str, posts: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("old");
    std::fs::create_dir_all(source.join("content")).unwrap();
    std::fs::write(source.join("pelicanconf.py"), conf).unwrap();
    for (name, text) in posts {
        std::fs::write(source.join("content").join(name), text).unwrap();
    }
    let dest = dir.path().join("new");
    let out = import(&[&source, &dest], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, source, dest)
}

/// `gloss build --root DEST`, asserted to succeed.
fn build_at(dest: &Path) -> PathBuf {
    let out = Command::cargo_bin("gloss")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(dest)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dest.join("public")
}

#[test]
fn pelican_slug_substitutions_are_followed_and_a_case_kept_slug_redirects() {
    // SLUG_REGEX_SUBSTITUTIONS with a substitution of the site's own before the defaults.
    let (_dir, _source, dest) = pelican_site(
        concat!(
            "SITENAME = 'Subs'\n",
            "SLUG_REGEX_SUBSTITUTIONS = [\n",
            "    (r'C\\+\\+', 'cpp'),\n",
            "    (r'[^\\w\\s-]', ''),\n",
            "    (r'(?u)\\A\\s*', ''),\n",
            "    (r'(?u)\\s*\\Z', ''),\n",
            "    (r'[-\\s]+', '-'),\n",
            "]\n",
        ),
        &[(
            "langs.md",
            "Title: Why C++ Won\nDate: 2024-01-02\n\nText.\n",
        )],
    );
    // Copied under Pelican's slug, so gloss's slug is the same.
    assert!(dest.join("content/posts/why-cpp-won.md").is_file());
    let public = build_at(&dest);
    assert!(public.join("why-cpp-won.html").is_file());

    // SLUGIFY_PRESERVE_CASE: no file name gives gloss `Harbour-Dues`, so the old URL
    // redirects to the post's.
    let (_dir, _source, dest) = pelican_site(
        "SITENAME = 'Case'\nSLUGIFY_PRESERVE_CASE = True\n",
        &[(
            "harbour.md",
            "Title: Harbour Dues\nDate: 2024-01-02\n\nText.\n",
        )],
    );
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(dest.join("gloss.toml")).unwrap()).unwrap();
    assert_eq!(
        config["redirects"].as_table().unwrap()["/Harbour-Dues.html"].as_str(),
        Some("posts/harbour.md")
    );
    let public = build_at(&dest);
    assert!(public.join("harbour.html").is_file());
    assert_eq!(
        redirect_target(&public, "Harbour-Dues.html"),
        "http://127.0.0.1:1111/harbour.html"
    );
}

#[test]
fn a_language_gloss_does_not_ship_is_reported_and_the_imported_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("old");
    let write = |rel: &str, text: &str| {
        let path = source.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "eleventy.config.js",
        "export default function (eleventyConfig) {\n  return { dir: { input: \"src\" } };\n}\n",
    );
    write(
        "src/_data/metadata.json",
        r#"{ "title": "Y Porth", "url": "https://porth.example/", "language": "cy" }"#,
    );
    write(
        "src/posts/harbour-wall.md",
        "---\ntitle: The harbour wall\ndate: 2022-09-14\n---\nThe council's notice, read closely.\n",
    );
    let dest = dir.path().join("new");
    let out = import(&[&source, &dest], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("language `cy`"), "{stderr}");
    let report = std::fs::read_to_string(dest.join("IMPORT.md")).unwrap();
    let item = report
        .lines()
        .find(|l| l.starts_with("- language `cy`"))
        .unwrap_or_else(|| panic!("no language item in:\n{report}"));
    assert!(item.contains("no strings"), "{item}");
    assert!(report.contains("  - `src/_data/metadata.json`"), "{report}");
    // Before: `language = "cy"` was written, and the build stopped at "unknown language".
    let public = build_at(&dest);
    let page =
        scraper::Html::parse_document(&common::read_in(&public, "posts/harbour-wall/index.html"));
    let html = page.select(&common::sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("en"));
}

#[test]
fn a_regional_language_code_is_written_as_the_tag_gloss_reads() {
    for (written, tag, lang) in [("de_DE", "de-DE", "de-DE"), ("pt-BR", "pt-BR", "pt-BR")] {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("old");
        std::fs::create_dir_all(source.join("_posts")).unwrap();
        std::fs::write(
            source.join("_config.yml"),
            format!(
                "title: Hafen\nurl: https://hafen.example\nlang: {written}\npermalink: pretty\n"
            ),
        )
        .unwrap();
        std::fs::write(
            source.join("_posts/2020-02-03-kaimauer.md"),
            "---\ntitle: Die Kaimauer\n---\nText.\n",
        )
        .unwrap();
        let dest = dir.path().join("new");
        let out = import(&[&source, &dest], &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let c: toml::Table =
            toml::from_str(&std::fs::read_to_string(dest.join("gloss.toml")).unwrap()).unwrap();
        assert_eq!(string(&c, "language"), tag);
        let report = std::fs::read_to_string(dest.join("IMPORT.md")).unwrap();
        assert!(!report.contains("language `"), "{report}");
        let public = build_at(&dest);
        let page = scraper::Html::parse_document(&common::read_in(
            &public,
            "2020/02/03/kaimauer/index.html",
        ));
        let html = page.select(&common::sel("html")).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some(lang));
    }
}

/// The term page `NAME/TERM/` of a built site, parsed: its title and the URLs of the
/// posts it lists.
fn term_page(public: &Path, rel: &str) -> (Vec<String>, Vec<String>) {
    let page = scraper::Html::parse_document(&common::read_in(public, &format!("{rel}index.html")));
    (
        common::texts(&page, "h1"),
        common::attrs(&page, ".post-item-title a", "href"),
    )
}

#[test]
fn taxonomies_are_carried_and_their_term_pages_built() {
    // Hugo: `[taxonomies] tag = "tags", series = "series"`; Hugo's term URLs are
    // /PLURAL/TERM/, as gloss's are.
    let hugo = Imported::new("hugo", &[]);
    let public = hugo.build();
    let (h1, posts) = term_page(&public, "tags/permits/");
    assert_eq!(h1, ["Tagged “permits”"]);
    assert_eq!(posts, ["/2022/03/the-gravel-permit-decision/"]);
    let (_, posts) = term_page(&public, "series/hearings/");
    assert_eq!(posts, ["/2022/03/the-gravel-permit-decision/"]);
    // Zola: `taxonomies = [{ name = "tags" }, { name = "waterways" }]`; the term made a
    // slug as Zola makes it.
    let zola = Imported::new("zola", &[]);
    let public = zola.build();
    let (h1, posts) = term_page(&public, "waterways/grand-union/");
    assert_eq!(h1, ["Waterways: Grand Union"]);
    assert_eq!(posts, ["/blog/stoppage-notice/"]);
    let (_, posts) = term_page(&public, "tags/stoppages/");
    assert_eq!(posts, ["/blog/stoppage-notice/"]);
    // Jekyll: a post with `categories: harbour` makes categories a taxonomy of its own,
    // apart from the tags (Jekyll keeps them apart too).
    let jekyll = Imported::new("jekyll", &[]);
    let c = jekyll.config();
    assert_eq!(
        c["taxonomies"].as_array().unwrap(),
        &[toml::Value::from("tags"), toml::Value::from("categories")]
    );
    let public = jekyll.build();
    let (h1, posts) = term_page(&public, "categories/harbour/");
    assert_eq!(h1, ["Categories: harbour"]);
    assert_eq!(posts, ["/notes/harbour/2019/04/02/dredging-schedule.html"]);
    let (_, posts) = term_page(&public, "tags/dredging/");
    assert_eq!(posts, ["/notes/harbour/2019/04/02/dredging-schedule.html"]);
    assert!(!public.join("tags/harbour").exists());
}

/// Writes `files` (relative path, text) into a new folder `old` and imports it.
fn site_of(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("old");
    for (rel, text) in files {
        let path = source.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let dest = dir.path().join("new");
    let out = import(&[&source, &dest], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, dest)
}

fn taxonomies_of(dest: &Path) -> Option<Vec<String>> {
    let c: toml::Table =
        toml::from_str(&std::fs::read_to_string(dest.join("gloss.toml")).unwrap()).unwrap();
    c.get("taxonomies").map(|t| {
        t.as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    })
}

#[test]
fn hugo_default_and_yaml_taxonomies_and_zola_translations() {
    // No `taxonomies`: Hugo's defaults, tags and categories.
    let post = "---\ntitle: Fares\ndate: 2024-02-03\ntags: [ferries]\ncategories: [Harbour]\ngenres: [folk]\n---\nText.\n";
    let (_dir, dest) = site_of(&[
        (
            "hugo.toml",
            "title = \"H\"\nbaseURL = \"https://h.example/\"\n",
        ),
        ("content/posts/fares.md", post),
    ]);
    assert_eq!(
        taxonomies_of(&dest),
        Some(vec!["tags".into(), "categories".into()])
    );
    let public = build_at(&dest);
    assert_eq!(
        term_page(&public, "categories/harbour/").1,
        ["/posts/fares/"]
    );
    assert_eq!(term_page(&public, "tags/ferries/").1, ["/posts/fares/"]);
    // YAML, a taxonomy of the site's own, and a name gloss cannot use (reported).
    let (_dir, dest) = site_of(&[
        (
            "hugo.yaml",
            "title: H\nbaseURL: https://h.example/\ntaxonomies:\n  tag: tags\n  genre: genres\n  Mood: Moods\n",
        ),
        ("content/posts/fares.md", post),
    ]);
    assert_eq!(
        taxonomies_of(&dest),
        Some(vec!["tags".into(), "genres".into()])
    );
    let report = std::fs::read_to_string(dest.join("IMPORT.md")).unwrap();
    assert!(
        report.lines().any(|l| l.starts_with(
            "- taxonomy `Moods`: the taxonomy name \"Moods\" is not usable as a URL segment"
        )),
        "{report}"
    );
    let public = build_at(&dest);
    assert_eq!(term_page(&public, "genres/folk/").1, ["/posts/fares/"]);
    // An empty table: Hugo has no taxonomies.
    let (_dir, dest) = site_of(&[
        (
            "hugo.toml",
            "title = \"H\"\nbaseURL = \"https://h.example/\"\n[taxonomies]\n",
        ),
        (
            "content/posts/fares.md",
            "---\ntitle: Fares\ndate: 2024-02-03\n---\nText.\n",
        ),
    ]);
    assert_eq!(taxonomies_of(&dest), Some(vec![]));
    build_at(&dest);
    // Zola: a taxonomy of a translation (`lang = "fr"`) is not the site's; none declared
    // leaves gloss's default.
    let (_dir, dest) = site_of(&[
        (
            "config.toml",
            "base_url = \"https://z.example\"\ntitle = \"Z\"\ntaxonomies = [{ name = \"categories\" }, { name = \"etiquettes\", lang = \"fr\" }]\n",
        ),
        (
            "content/blog/fares.md",
            "+++\ntitle = \"Fares\"\ndate = 2024-02-03\n[taxonomies]\ncategories = [\"Harbour dues\"]\n+++\nText.\n",
        ),
    ]);
    assert_eq!(taxonomies_of(&dest), Some(vec!["categories".into()]));
    let public = build_at(&dest);
    assert_eq!(
        term_page(&public, "categories/harbour-dues/").1,
        ["/blog/fares/"]
    );
    let (_dir, dest) = site_of(&[
        (
            "config.toml",
            "base_url = \"https://z.example\"\ntitle = \"Z\"\n",
        ),
        (
            "content/blog/fares.md",
            "+++\ntitle = \"Fares\"\n+++\nText.\n",
        ),
    ]);
    assert_eq!(taxonomies_of(&dest), None);
}

#[test]
fn jekyll_and_pelican_categories_become_a_taxonomy_only_when_posts_have_them() {
    let (_dir, dest) = site_of(&[
        (
            "_config.yml",
            "title: J\nurl: https://j.example\npermalink: pretty\n",
        ),
        (
            "_posts/2020-01-02-plain.md",
            "---\ntitle: Plain\ntags: [a]\n---\nText.\n",
        ),
    ]);
    assert_eq!(taxonomies_of(&dest), None);
    // Jekyll's space-separated string of categories.
    let (_dir, dest) = site_of(&[
        (
            "_config.yml",
            "title: J\nurl: https://j.example\npermalink: pretty\n",
        ),
        (
            "_posts/2020-01-02-dues.md",
            "---\ntitle: Dues\ncategories: harbour money\n---\nText.\n",
        ),
    ]);
    assert_eq!(
        taxonomies_of(&dest),
        Some(vec!["tags".into(), "categories".into()])
    );
    let public = build_at(&dest);
    assert_eq!(
        term_page(&public, "categories/money/").1,
        ["/harbour/money/2020/01/02/dues/"]
    );
    // Pelican's `Category:` header.
    let (_dir, _source, dest) = pelican_site(
        "SITENAME = 'P'\n",
        &[(
            "dues.md",
            "Title: Dues\nDate: 2024-01-02\nCategory: Harbour\n\nText.\n",
        )],
    );
    assert_eq!(
        taxonomies_of(&dest),
        Some(vec!["tags".into(), "categories".into()])
    );
    let public = build_at(&dest);
    assert_eq!(term_page(&public, "categories/harbour/").1, ["/dues.html"]);
}
