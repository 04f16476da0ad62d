//! Languages: `language` in gloss.toml translates the default theme's words and every
//! date gloss writes (ICU4X, CLDR data), sets `<html lang>` and `dir`, and a site's
//! `i18n/LANG.toml` overrides strings.

use crate::common::{Site, attr, attrs, empty_site, texts};

/// A small blog in `language`: two posts in `posts/` (one updated, with an update
/// notice, a quoted passage and tags), and an alert.
fn blog(language: &str) -> Site {
    let site = empty_site();
    site.write(
        "gloss.toml",
        format!("title = \"Blog\"\nbase_url = \"https://example.org/\"\nlanguage = \"{language}\"\npaginate_by = 1\n"),
    );
    site.write(
        "content/posts/first.md",
        "---\ntitle: First\ndate: 2026-03-05\ntags: [energy]\n---\nThe [utility](https://utility.example/pr) said:\n\n> We will build the plant.\n\nMore.\n",
    );
    site.write(
        "content/posts/second.md",
        "---\ntitle: Second\ndate: 2026-05-01T09:30:00Z\ntags: [energy]\nupdated: 2026-05-02\n---\nText.\n\n> [!UPDATE] 2026-05-02 14:05\n> A correction.\n\n> [!WARNING]\n> Careful.\n",
    );
    site.build();
    site
}

#[test]
fn german_pages_speak_german_with_cldr_dates() {
    let site = blog("de");
    let post = site.html("posts/second/index.html");
    assert_eq!(attr(&post, "html", "lang"), "de");
    assert_eq!(attr(&post, "html", "dir"), "ltr");
    assert_eq!(texts(&post, ".skip-link"), ["Zum Inhalt springen"]);
    assert_eq!(texts(&post, "time.dt-published"), ["01.05.2026"]);
    assert_eq!(
        texts(&post, ".updated-line"),
        ["Aktualisiert am 02.05.2026 — A correction."]
    );
    assert_eq!(texts(&post, ".alert-kind"), ["Warnung"]);
    assert_eq!(texts(&post, ".update-label strong"), ["Aktualisierung"]);
    assert_eq!(texts(&post, ".update-label time"), ["02.05.2026, 14:05"]);
    assert_eq!(texts(&post, ".update-history h2"), ["Änderungsverlauf"]);
    assert!(
        texts(&post, "p.meta")[0].ends_with("1 Minute Lesezeit"),
        "{:?}",
        texts(&post, "p.meta")
    );
    assert_eq!(texts(&post, ".post-nav-label"), ["← Vorheriger Beitrag"]);
    assert_eq!(
        texts(&post, ".related-reason"),
        ["Ebenfalls verschlagwortet mit „energy“"]
    );
    // The navigation gloss derives, and a quoted passage's links.
    let nav = texts(&post, ".site-nav a");
    assert!(nav.contains(&"Schlagwörter".to_string()), "{nav:?}");
    assert!(nav.contains(&"Zitate".to_string()), "{nav:?}");
    assert!(nav.contains(&"Aktualisierungen".to_string()), "{nav:?}");
    let first = site.html("posts/first/index.html");
    assert_eq!(texts(&first, ".quote-permalink"), ["Zitat 1"]);
    assert_eq!(
        attrs(&first, ".quote-permalink", "title"),
        ["Link zu dieser Passage"]
    );
    // Lists: pagination, counts with plural forms.
    let page2 = site.html("posts/page/2/index.html");
    assert_eq!(texts(&page2, ".pagination-position"), ["Seite 2 von 2"]);
    let tag = site.html("tags/energy/index.html");
    assert_eq!(texts(&tag, "h1"), ["Verschlagwortet mit „energy“"]);
    assert!(texts(&tag, ".list-header .meta")[0].starts_with("2 Beiträge"));
    // /updates/ and the archive's month headings.
    let updates = site.html("updates/index.html");
    assert_eq!(texts(&updates, "h1"), ["Aktualisierungen"]);
    assert_eq!(texts(&updates, ".update-meta time"), ["02.05.2026"]);
    let archive = site.html("posts/archive/index.html");
    assert_eq!(texts(&archive, "h3"), ["Mai", "März"]);
    // The updates feed's title.
    let feed = site.read("updates.xml");
    let feed = feed_rs::parser::parse(feed.as_bytes()).unwrap();
    assert_eq!(feed.title.unwrap().content, "Blog – Aktualisierungen");
}

#[test]
fn japanese_dates_and_words() {
    let site = blog("ja");
    let post = site.html("posts/second/index.html");
    assert_eq!(attr(&post, "html", "lang"), "ja");
    assert_eq!(texts(&post, "time.dt-published"), ["2026/05/01"]);
    assert_eq!(texts(&post, ".toc-title, .update-history h2"), ["更新履歴"]);
    assert_eq!(texts(&post, ".alert-kind"), ["警告"]);
    let archive = site.html("posts/archive/index.html");
    assert_eq!(texts(&archive, "h3"), ["5月", "3月"]);
}

#[test]
fn arabic_is_right_to_left_with_arabic_words_and_dates() {
    let site = blog("ar");
    let post = site.html("posts/second/index.html");
    assert_eq!(attr(&post, "html", "lang"), "ar");
    assert_eq!(attr(&post, "html", "dir"), "rtl");
    assert_eq!(texts(&post, ".skip-link"), ["انتقل إلى المحتوى"]);
    // CLDR's Arabic date: day first, the separators marked right-to-left (U+200F).
    assert_eq!(
        texts(&post, "time.dt-published"),
        ["01\u{200f}/05\u{200f}/2026"]
    );
    let archive = site.html("posts/archive/index.html");
    assert_eq!(texts(&archive, "h3"), ["مايو", "مارس"]);
    let tag = site.html("tags/energy/index.html");
    // Two posts: Arabic's dual form.
    assert!(texts(&tag, ".list-header .meta")[0].starts_with("مقالان"));
}

#[test]
fn a_sites_strings_file_overrides_and_warns_about_unknown_keys() {
    let site = empty_site();
    site.write("gloss.toml", "language = \"de\"\n");
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-03-05\nupdated: 2026-03-07\n---\nText.\n",
    );
    site.write(
        "i18n/de.toml",
        "updated_on = \"Zuletzt geändert: {date}\"\nskip_to_contnet = \"x\"\n",
    );
    let stderr = site.build();
    let post = site.html("posts/a/index.html");
    assert_eq!(
        texts(&post, ".updated-line"),
        ["Zuletzt geändert: 07.03.2026"]
    );
    // The shipped German strings are kept for every other key.
    assert_eq!(texts(&post, ".skip-link"), ["Zum Inhalt springen"]);
    assert!(
        stderr.contains("i18n/de.toml:2:1: warning: unknown string key `skip_to_contnet`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `skip_to_content`?"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_language_is_an_error_listing_the_shipped_ones() {
    let site = empty_site();
    site.write("gloss.toml", "title = \"x\"\nlanguage = \"sv\"\n");
    site.write("content/a.md", "---\ntitle: A\n---\nA.\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "gloss.toml:2:12: error: unknown language \"sv\": gloss has no strings for it"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("ar, de, en, es, fr, he, it, ja, nl, pt"),
        "{stderr}"
    );
}

#[test]
fn english_stays_as_it_was() {
    let site = blog("en");
    let post = site.html("posts/second/index.html");
    assert_eq!(attr(&post, "html", "lang"), "en");
    assert_eq!(texts(&post, "time.dt-published"), ["May 1, 2026"]);
    assert_eq!(
        texts(&post, ".updated-line"),
        ["Updated May 2, 2026 — A correction."]
    );
}

#[test]
fn templates_look_strings_up_and_format_dates() {
    let site = empty_site();
    site.write("gloss.toml", "language = \"fr\"\n");
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-03-05\n---\nText.\n",
    );
    site.write(
        "templates/page.html",
        "<p id=\"t\">{{ t(key=\"posts\", n=2) }}|{{ t(key=\"quoted_in\", title=\"<b>\") }}</p><p id=\"d\">{{ format_date(date=page.date, style=\"full\") }}</p>",
    );
    site.build();
    let page = site.html("posts/a/index.html");
    assert_eq!(texts(&page, "#t"), ["2 articles|Cité dans « <b> »"]);
    assert_eq!(texts(&page, "#d"), ["jeudi 5 mars 2026"]);
}

/// An English blog with one post written in German (front matter `language`) and one in
/// Arabic (`lang`, as Jekyll themes and Pelican write it).
fn bilingual() -> Site {
    let site = empty_site();
    site.write(
        "gloss.toml",
        "title = \"Blog\"\nbase_url = \"https://example.org/\"\nfeeds = [\"atom\", \"json\"]\n",
    );
    site.write(
        "content/posts/english.md",
        "---\ntitle: English\ndate: 2026-05-03\n---\nText.\n\n> [!WARNING]\n> Careful.\n",
    );
    site.write(
        "content/posts/deutsch.md",
        "---\ntitle: Deutsch\ndate: 2026-05-01T09:30:00Z\nlanguage: de\ntags: [energie]\nupdated: 2026-05-02\n---\nDer Text.[^1]\n\n> [!UPDATE] 2026-05-02 14:05\n> Eine Korrektur.\n\n> [!WARNING]\n> Vorsicht.\n\n[^1]: Eine Fußnote.\n",
    );
    site.write(
        "content/posts/arabi.md",
        "---\ntitle: عربي\ndate: 2026-04-01\nlang: ar\n---\nنص.\n",
    );
    site.build();
    site
}

#[test]
fn a_post_in_another_language_speaks_it_on_its_own_page() {
    let site = bilingual();
    let post = site.html("posts/deutsch/index.html");
    assert_eq!(attr(&post, "html", "lang"), "de");
    assert_eq!(attr(&post, "html", "dir"), "ltr");
    // The theme's words, the dates, the Markdown stage's words (alerts, notices).
    assert_eq!(texts(&post, ".skip-link"), ["Zum Inhalt springen"]);
    assert_eq!(texts(&post, "time.dt-published"), ["01.05.2026"]);
    assert_eq!(
        texts(&post, ".updated-line"),
        ["Aktualisiert am 02.05.2026 — Eine Korrektur."]
    );
    assert_eq!(texts(&post, ".alert-kind"), ["Warnung"]);
    assert_eq!(texts(&post, ".update-label strong"), ["Aktualisierung"]);
    assert_eq!(texts(&post, ".update-label time"), ["02.05.2026, 14:05"]);
    // Its JSON-LD says so too.
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&post, "script[type=\"application/ld+json\"]")[0]).unwrap();
    assert_eq!(ld["inLanguage"], "de");
    // The navigation's words gloss gives (a section's title is the site's own).
    let nav = texts(&post, ".site-nav a");
    assert_eq!(nav, ["Posts", "Schlagwörter", "Aktualisierungen", "Feed"]);
    let arabic = site.html("posts/arabi/index.html");
    assert_eq!(attr(&arabic, "html", "lang"), "ar");
    assert_eq!(attr(&arabic, "html", "dir"), "rtl");
    assert_eq!(texts(&arabic, ".skip-link"), ["انتقل إلى المحتوى"]);
    // The site's other pages stay in the site's language.
    let english = site.html("posts/english/index.html");
    assert_eq!(attr(&english, "html", "lang"), "en");
    assert_eq!(texts(&english, ".skip-link"), ["Skip to content"]);
    assert_eq!(texts(&english, ".alert-kind"), ["Warning"]);
    assert_eq!(texts(&english, "time.dt-published"), ["May 3, 2026"]);
    let nav = texts(&english, ".site-nav a");
    assert_eq!(nav, ["Posts", "Tags", "Updates", "Feed"]);
}

#[test]
fn lists_and_feeds_mark_a_post_in_another_language() {
    let site = bilingual();
    let home = site.html("index.html");
    assert_eq!(attr(&home, "html", "lang"), "en");
    // The list's words and dates are the site's; the post's own title says its language.
    assert_eq!(attrs(&home, ".post-item-title[lang]", "lang"), ["de", "ar"]);
    let dates = texts(&home, ".post-item time.dt-published");
    assert_eq!(dates, ["May 3, 2026", "May 1, 2026", "Apr 1, 2026"]);
    // Atom: `xml:lang` on the entry (inherited by its title and content).
    let atom = site.read("atom.xml");
    let feed = feed_rs::parser::parse(atom.as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), 3);
    let entries = scraper::Html::parse_document(&atom);
    let langs: Vec<Option<&str>> = entries
        .select(&crate::common::sel("entry"))
        .map(|e| e.value().attr("xml:lang"))
        .collect();
    assert_eq!(langs, [None, Some("de"), Some("ar")]);
    let json: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    let langs: Vec<Option<&str>> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["language"].as_str())
        .collect();
    assert_eq!(langs, [None, Some("de"), Some("ar")]);
}

/// An English blog quoting and updating in English, Spanish and Arabic posts.
fn commentary_in_three_languages() -> Site {
    let site = empty_site();
    site.write(
        "gloss.toml",
        "title = \"Blog\"\nbase_url = \"https://example.org/\"\nfeeds = [\"atom\", \"json\"]\n",
    );
    let post = |title: &str,
                date: &str,
                language: &str,
                lead_in: &str,
                passage: &str,
                note: &str| {
        format!(
            "---\ntitle: {title}\ndate: {date}\n{language}---\n{lead_in} [la fuente](https://example.com/{date}/):\n\n> {passage}\n>\n> — Ana\n\n> [!UPDATE] {date}T18:00:00Z\n> {note}\n"
        )
    };
    site.write(
        "content/posts/english.md",
        post(
            "English",
            "2026-05-03",
            "",
            "The office said",
            "The bridge opens.",
            "A fix.",
        ),
    );
    site.write(
        "content/posts/espanol.md",
        post(
            "Español",
            "2026-05-02",
            "language: es\n",
            "La oficina dijo",
            "El puente abre.",
            "Una corrección.",
        ),
    );
    site.write(
        "content/posts/arabi.md",
        post(
            "عربي",
            "2026-05-01",
            "lang: ar\n",
            "قال المكتب",
            "الجسر يفتح.",
            "تصحيح.",
        ),
    );
    site.build();
    site
}

/// `lang` and `dir` of every element matching `selector`, in order.
fn marks(doc: &scraper::Html, selector: &str) -> Vec<(Option<String>, Option<String>)> {
    doc.select(&crate::common::sel(selector))
        .map(|e| {
            let a = |name: &str| e.value().attr(name).map(str::to_string);
            (a("lang"), a("dir"))
        })
        .collect()
}

fn mark(lang: &str, dir: &str) -> (Option<String>, Option<String>) {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    (some(lang), some(dir))
}

/// `/quotes/` and `/updates/` (and the updates feeds) mark the words of a post in another
/// language than the site's with it, and with its direction when that is not the site's:
/// the passage, its lead-in and attribution, the post's title; the update's note.
#[test]
fn quotes_and_updates_mark_the_words_of_a_post_in_another_language() {
    let site = commentary_in_three_languages();
    let english = mark("", "");
    let spanish = mark("es", "");
    let arabic = mark("ar", "rtl");
    let all = [english.clone(), spanish.clone(), arabic.clone()];

    let quotes = site.html("quotes/index.html");
    assert_eq!(attr(&quotes, "html", "lang"), "en");
    assert_eq!(marks(&quotes, "figure.quote blockquote"), all);
    assert_eq!(marks(&quotes, "figure.quote figcaption.lead-in"), all);
    assert_eq!(marks(&quotes, "figure.quote cite.attribution"), all);
    assert_eq!(
        marks(&quotes, "figure.quote .quote-in-post span[lang]"),
        [spanish.clone(), arabic.clone()]
    );
    assert_eq!(
        texts(&quotes, "figure.quote .quote-in-post span[lang]"),
        ["Español", "عربي"]
    );
    // The site's own words around them are not marked.
    assert!(
        marks(&quotes, "figure.quote, .quote-meta, .quote-in-post")
            .iter()
            .all(|m| *m == english)
    );

    let updates = site.html("updates/index.html");
    assert_eq!(marks(&updates, ".update-item .update-note"), all);
    assert_eq!(
        marks(&updates, ".update-meta a[lang]"),
        [spanish.clone(), arabic.clone()]
    );
    assert_eq!(texts(&updates, ".update-meta a[lang]"), ["Español", "عربي"]);
    assert!(
        marks(&updates, ".update-item, .update-meta")
            .iter()
            .all(|m| *m == english)
    );

    // The updates feeds: the note in the post's language, the rest of the entry the site's.
    let atom = feed_rs::parser::parse(site.read("updates.xml").as_bytes()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&site.read("updates.json")).unwrap();
    let json_items = json["items"].as_array().unwrap();
    assert_eq!(atom.entries.len(), 3);
    assert_eq!(json_items.len(), 3);
    for (i, expected) in all.iter().enumerate() {
        let atom_html = atom.entries[i]
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap();
        let json_html = json_items[i]["content_html"].as_str().unwrap().to_string();
        for html in [atom_html, json_html] {
            let doc = scraper::Html::parse_fragment(&html);
            let marked = marks(&doc, "[lang]");
            match expected.0 {
                Some(_) => assert_eq!(marked, std::slice::from_ref(expected), "{html}"),
                None => assert!(marked.is_empty(), "{html}"),
            }
            let note = ["A fix.", "Una corrección.", "تصحيح."][i];
            let in_note = texts(&doc, "[lang] p");
            if expected.0.is_some() {
                assert_eq!(in_note, [note], "{html}");
            }
        }
    }
}

#[test]
fn templates_speak_the_pages_language() {
    let site = empty_site();
    site.write("gloss.toml", "language = \"fr\"\n");
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-03-05\nlanguage: de\n---\nText.\n",
    );
    site.write(
        "templates/page.html",
        "<p id=\"t\">{{ lang }}|{{ t(key=\"posts\", n=2) }}</p><p id=\"d\">{{ format_date(date=page.date, style=\"full\") }}|{{ page.date | date(format=\"%B\") }}|{{ page.date_display }}</p>",
    );
    site.build();
    let page = site.html("posts/a/index.html");
    assert_eq!(texts(&page, "#t"), ["de|2 Beiträge"]);
    assert_eq!(
        texts(&page, "#d"),
        ["Donnerstag, 5. März 2026|März|05.03.2026"]
    );
}

#[test]
fn an_unknown_language_in_front_matter_is_an_error_at_the_key() {
    let site = empty_site();
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\nlanguage: cy\n---\nText.\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "content/posts/a.md:3:1: error: unknown language \"cy\": gloss has no strings for it"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("ar, de, en, es, fr, he, it, ja, nl, pt"),
        "{stderr}"
    );
}
