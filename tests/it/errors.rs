//! Bad input: each case is built with the real binary after a good build, and must fail
//! with a message naming file:line:column (where there is a line) and what to do, exit
//! non-zero, and leave the previous output exactly as it was.

use crate::common;

use common::{fixture, tree};

/// The minimal fixture, built once, so that `public/` holds a good build.
fn built_site() -> common::Site {
    let site = fixture("minimal");
    site.build();
    site
}

/// Builds `site`, expects failure, checks the first error line starts with `location`
/// (`path:line:column: error:`), that a `help:` line follows and that `public/` did not
/// change; returns stderr.
fn fails_at(site: &common::Site, location: &str) -> String {
    let before = site.tree();
    assert!(before.contains_key("index.html"));
    let stderr = site.build_fails();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "expected one error:\n{stderr}");
    assert!(
        errors[0].starts_with(&format!("{location}: error: ")),
        "expected an error at {location}:\n{stderr}"
    );
    let help = stderr
        .lines()
        .skip_while(|l| !l.contains(": error: "))
        .nth(1)
        .unwrap_or_default();
    assert!(
        help.starts_with("  help: "),
        "no help after the error:\n{stderr}"
    );
    assert!(
        stderr.contains("the previous output was left as it was"),
        "{stderr}"
    );
    assert!(
        site.tree() == before,
        "public/ changed after a failed build"
    );
    stderr
}

#[test]
fn a_failed_first_build_says_nothing_was_written_not_that_output_was_kept() {
    let site = fixture("minimal");
    site.write(
        "content/posts/bad.md",
        "+++\ntitle = \"Bad\"\ntemplate = \"none.html\"\n+++\nText.\n",
    );
    let stderr = site.build_fails();
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: build failed with 1 error(s); nothing was written to ")
            && last.ends_with("public"),
        "{stderr}"
    );
    assert!(!site.public().exists());
    // A bad gloss.toml fails before anything is read: the same words.
    site.write("gloss.toml", "title = [\n");
    let last = site.build_fails();
    assert!(last.contains("nothing was written to "), "{last}");
}

#[test]
fn front_matter_that_does_not_parse() {
    let site = built_site();
    site.write(
        "content/notes/bad.md",
        "---\ntitle: Bad\ntags: [a, b\ndate: 2026-01-01\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/notes/bad.md:3:7");
    assert!(stderr.contains("invalid YAML front matter"), "{stderr}");
}

#[test]
fn an_unclosed_yaml_list_before_the_closing_fence_is_located_at_its_bracket_not_the_fence() {
    let site = built_site();
    site.write(
        "content/notes/bad.md",
        "---\ntitle: Bad\ntags: [a, b\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/notes/bad.md:3:7");
    assert!(
        stderr.contains("the list opened with `[` here is not closed: `]` is missing"),
        "{stderr}"
    );
    site.write(
        "content/notes/bad.md",
        "---\ntitle: Bad\nauthor: {name: Ada\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/notes/bad.md:3:9");
    assert!(stderr.contains("`}` is missing"), "{stderr}");
}

#[test]
fn an_unclosed_quote_in_yaml_front_matter_is_located_at_the_quote() {
    let site = built_site();
    site.write(
        "content/notes/bad.md",
        "---\ndate: 2026-01-01\ntitle: \"abc\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/notes/bad.md:3:8");
    assert!(
        stderr.contains("the quote \" opened here is not closed"),
        "{stderr}"
    );
}

#[test]
fn toml_front_matter_that_does_not_parse() {
    let site = built_site();
    site.write(
        "content/notes/bad.md",
        "+++\ntitle = \"Bad\"\ndate = \n+++\nBody.\n",
    );
    fails_at(&site, "content/notes/bad.md:3:8");
}

#[test]
fn an_invalid_date() {
    let site = built_site();
    site.write(
        "content/notes/when.md",
        "---\ntitle: When\ndate: 2026-02-30\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/notes/when.md:3:1");
    assert!(stderr.contains("invalid `date`"), "{stderr}");
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
}

#[test]
fn two_pages_with_the_same_url() {
    let site = built_site();
    site.write(
        "content/notes/copy.md",
        "---\ntitle: Copy\nslug: hello\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/notes/copy.md:3:1");
    assert!(
        stderr.contains("the same URL /notes/hello/ as content/notes/hello.md"),
        "{stderr}"
    );
}

#[test]
fn an_alias_onto_another_page() {
    let site = built_site();
    site.write(
        "content/about.md",
        "---\ntitle: About\naliases: [/notes/hello/]\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/about.md:3:1");
    assert!(stderr.contains("content/notes/hello.md"), "{stderr}");
}

#[test]
fn a_missing_template_named_in_front_matter() {
    let site = built_site();
    site.write(
        "content/notes/special.md",
        "---\ntitle: Special\ntemplate: nope.html\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/notes/special.md:3:1");
    assert!(stderr.contains("\"nope.html\" does not exist"), "{stderr}");
}

#[test]
fn a_template_with_a_syntax_error() {
    let site = built_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title </p>\n{% endblock main %}\n",
    );
    fails_at(&site, "templates/page.html:3:18");
}

#[test]
fn a_template_using_an_undefined_variable() {
    let site = built_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.nothing.deeper }}</p>\n{% endblock main %}\n",
    );
    let stderr = fails_at(&site, "templates/page.html:3:12");
    assert!(
        stderr.contains("content/notes/hello.md"),
        "names the page: {stderr}"
    );
}

#[test]
fn a_template_including_a_missing_one() {
    let site = built_site();
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}\n{% block main %}{% include \"partials/gone.html\" %}{% endblock main %}\n",
    );
    let stderr = fails_at(&site, "templates/section.html:2:28");
    assert!(stderr.contains("partials/gone.html"), "{stderr}");
}

#[test]
fn a_template_extending_a_missing_one() {
    let site = built_site();
    site.write("templates/page.html", "{% extends \"gone.html\" %}\n");
    let stderr = fails_at(&site, "templates/page.html:1:12");
    assert!(
        stderr.contains("\"gone.html\", which does not exist"),
        "{stderr}"
    );
}

/// templates/page.html written to extend the theme's page.html, as one would in an
/// engine whose themes are inherited: the loop is shown at the name, with what to do.
#[test]
fn a_template_extending_the_theme_template_it_replaces() {
    let site = built_site();
    site.write(
        "templates/page.html",
        "{# my page #}\n{% extends \"page.html\" %}\n{% block main %}Mine{% endblock main %}\n",
    );
    let stderr = fails_at(&site, "templates/page.html:2:12");
    assert!(
        stderr.contains("templates extend each other in a loop: page.html → page.html"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "help: templates/page.html replaces the theme's page.html, so it cannot extend it"
        ),
        "{stderr}"
    );
    // A loop of two templates gets the general help.
    site.write("templates/page.html", "{% extends \"one.html\" %}\n");
    site.write("templates/one.html", "{% extends \"page.html\" %}\n");
    let stderr = site.build_fails();
    assert!(stderr.contains("extend each other in a loop"), "{stderr}");
    assert!(
        stderr.contains("help: make one of the templates in the loop extend another template"),
        "{stderr}"
    );
}

#[test]
fn a_non_utf8_content_file() {
    let site = built_site();
    site.write(
        "content/notes/latin.md",
        b"---\ntitle: Latin\n---\ncaf\xe9\n",
    );
    let stderr = fails_at(&site, "content/notes/latin.md:4:4");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
}

#[test]
fn a_non_utf8_template() {
    let site = built_site();
    site.write("templates/page.html", b"<p>caf\xe9</p>\n");
    fails_at(&site, "templates/page.html:1:7");
}

#[test]
fn an_unknown_config_key() {
    let site = built_site();
    site.write("gloss.toml", "title = \"x\"\ncolour = \"red\"\n");
    let stderr = fails_at(&site, "gloss.toml:2:1");
    assert!(stderr.contains("unknown key `colour`"), "{stderr}");
}

#[test]
fn a_theme_that_does_not_exist() {
    let site = built_site();
    site.write("gloss.toml", "theme = \"nowhere\"\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("theme \"nowhere\" does not exist"),
        "{stderr}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let site = built_site();
    site.write("content/notes/a.md", "---\ndate: nope\n---\n");
    site.write("content/notes/b.md", b"\xff\n");
    let stderr = site.build_fails();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(
        errors[0].starts_with("content/notes/a.md:2:1: error: "),
        "{stderr}"
    );
    assert!(
        errors[1].starts_with("content/notes/b.md:1:1: error: "),
        "{stderr}"
    );
    assert!(stderr.contains("build failed with 2 error(s)"), "{stderr}");
}

#[test]
fn a_non_empty_folder_gloss_did_not_create_is_never_replaced() {
    let site = fixture("minimal");
    let out = site.root.join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let before = tree(&out);
    let stderr = site
        .gloss(&["--output-dir", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!stderr.status.success());
    let stderr = String::from_utf8_lossy(&stderr.stderr);
    assert!(stderr.contains("gloss did not write"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(tree(&out) == before, "the folder was changed");
    // With --force it is replaced.
    site.build_with(&["--output-dir", out.to_str().unwrap(), "--force"]);
    assert!(!out.join("notes.txt").exists());
    assert!(out.join("index.html").exists());
}

#[test]
fn an_empty_folder_or_one_gloss_made_is_replaced() {
    let site = fixture("minimal");
    let out = site.root.join("empty");
    std::fs::create_dir_all(&out).unwrap();
    site.build_with(&["--output-dir", out.to_str().unwrap()]);
    assert!(out.join("index.html").exists());
    site.build_with(&["--output-dir", out.to_str().unwrap()]);
    assert!(out.join("notes/hello/index.html").exists());
}

#[test]
fn a_site_without_content_says_what_to_do() {
    let site = common::empty_site();
    let stderr = site.build_fails();
    assert!(
        stderr.contains("\ncontent: error: there is no content folder\n  help: "),
        "{stderr}"
    );
    assert!(stderr.contains("help: "), "{stderr}");
    assert!(!site.public().exists());
}

#[test]
fn a_misspelt_template_variable_is_reported_once_not_once_per_page() {
    let site = built_site();
    for n in 1..=3 {
        site.write(
            &format!("content/notes/more-{n}.md"),
            format!("---\ntitle: More {n}\ndate: 2024-01-0{n}\n---\nBody.\n"),
        );
    }
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.titel.x }}</p>\n{% endblock main %}\n",
    );
    let stderr = fails_at(&site, "templates/page.html:3:12");
    assert!(stderr.contains("and 3 other pages)"), "{stderr}");
    assert_eq!(
        stderr.matches(": error: template error").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn an_unknown_tag_names_the_tag() {
    let site = built_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if page.title %}x{% endiff %}\n{% endblock main %}\n",
    );
    let stderr = site.build_fails();
    let error = stderr
        .lines()
        .find(|l| l.contains(": error: "))
        .unwrap_or_default();
    assert!(
        error.contains("Unknown tag") && error.contains("endiff"),
        "{stderr}"
    );
}

#[test]
fn a_path_leaving_the_output_folder_is_reported_at_its_key() {
    let site = built_site();
    site.write(
        "content/about.md",
        "---\ntitle: About\npath: ../../../../tmp/x\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/about.md:3:1");
    assert!(stderr.contains("could point outside the site"), "{stderr}");
    assert!(!stderr.contains("leading `/`"), "{stderr}");
}

#[test]
fn an_alias_leaving_the_output_folder_is_reported_at_its_key() {
    let site = built_site();
    site.write(
        "content/about.md",
        "---\ntitle: About\naliases: [\"../../../x\"]\n---\nBody.\n",
    );
    let stderr = fails_at(&site, "content/about.md:3:1");
    assert!(stderr.contains("could point outside the site"), "{stderr}");
    assert!(!stderr.contains("leading `/`"), "{stderr}");
}

#[test]
fn a_misspelt_page_field_is_reported_once_though_pages_have_different_fields() {
    // A page in a section has `related`, a page outside one does not: tera's list of
    // the fields there are differs, and the error was printed once for each list.
    let site = fixture("blog");
    site.build();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>{{ page.titel }}</h1>{% endblock main %}\n",
    );
    let stderr = fails_at(&site, "templates/page.html:2:29");
    assert!(stderr.contains("Field `titel` is not defined"), "{stderr}");
    assert!(stderr.contains("and 6 other pages)"), "{stderr}");
}

#[test]
fn a_misspelt_field_or_variable_is_offered_the_nearest_name_once() {
    let site = fixture("blog");
    site.build();
    // `related` is a field of the pages in a section only: offered all the same.
    for (template, near) in [
        ("<h1>{{ page.titel }}</h1>", "title"),
        ("<p>{{ page.relatd }}</p>", "related"),
        ("<p>{{ confg.title }}</p>", "config"),
    ] {
        site.write(
            "templates/page.html",
            format!(
                "{{% extends \"base.html\" %}}\n{{% block main %}}{template}{{% endblock main %}}\n"
            ),
        );
        let stderr = site.build_fails();
        let helps: Vec<&str> = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("  help: "))
            .collect();
        assert_eq!(
            helps,
            [format!(
                "did you mean `{near}`? see docs/templates.md for the variables each template receives"
            )],
            "{stderr}"
        );
    }
    // A name near none of them: no guess.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.headline }}{% endblock main %}\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr
            .contains("\n  help: see docs/templates.md for the variables each template receives\n"),
        "{stderr}"
    );
}

#[test]
fn a_block_the_parent_template_does_not_have_lists_the_blocks_it_has() {
    let site = built_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block body %}<p>{{ page.title }}</p>{% endblock body %}\n",
    );
    let stderr = fails_at(&site, "templates/page.html:2:10");
    assert!(
        stderr.contains("\n  help: base.html defines `title`, `description`, `head`, `main`, `content`: a template that extends another can only fill the blocks it defines; rename the block, or add it to base.html\n"),
        "{stderr}"
    );
    // A near name is offered first; the parents' parents' blocks are listed too.
    site.write(
        "templates/post.html",
        "{% extends \"base.html\" %}\n{% block main %}{% block article %}{% endblock article %}{% endblock main %}\n",
    );
    site.write(
        "templates/page.html",
        "{% extends \"post.html\" %}\n{%- block artcle -%}x{% endblock artcle %}\n",
    );
    let stderr = fails_at(&site, "templates/page.html:2:11");
    assert!(
        stderr.contains("\n  help: did you mean `article`? post.html defines `main`, `article`; base.html defines `title`, `description`, `head`, `main`, `content`: "),
        "{stderr}"
    );
}
