//! Search: the Pagefind index `gloss build` writes, the search page and box of the
//! default theme, and search in a real browser (headless Chromium, as in
//! `serve_browser`): on a built site served as a static host would, at the root and
//! under a sub-path, and in `gloss serve` after an edit.

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::Browser;
use crate::common::{self, attr, empty_site, sel};
use crate::serve_support::{self, Server, WAIT};

/// A word that only the second quote of the bridge post holds (and two pages that are
/// not indexed: a draft and a page with `search: false`).
const WORD: &str = "zeppelinfield";

fn site() -> common::Site {
    let site = empty_site();
    site.write("gloss.toml", "title = \"Search test\"\n");
    site.write(
        "content/posts/2026-03-02-bridge.md",
        format!(
            "---\ntitle: The bridge vote\ntags: [bridges]\n---\nThe council voted.\n\n\
             The [Riverside Ledger](https://ledger.example/bridge) has the numbers:\n\n\
             > Six to three, with one absent.\n\nThat much is settled.\n\n\
             The clerk added, in a note to the [Riverside Ledger](https://ledger.example/note):\n\n\
             > The old span closes in May; the {WORD} detour opens the same week.\n\n\
             Nobody asked about the detour.\n\n\
             > [!UPDATE] 2026-03-04\n> The count was corrected to six to two.\n"
        ),
    );
    site.write(
        "content/posts/2026-03-03-library.md",
        "---\ntitle: Library hours\ntags: [library]\n---\nThe library opens at ten.\n",
    );
    site.write(
        "content/posts/2026-03-04-unlisted.md",
        format!("---\ntitle: Unlisted\nsearch: false\n---\nThe {WORD} again, unlisted.\n"),
    );
    site.write(
        "content/posts/2026-03-05-draft.md",
        format!("---\ntitle: Draft\ndraft: true\n---\nThe {WORD} in a draft.\n"),
    );
    site
}

/// Serves `dir` under `prefix` (`/` or `/blog/`) on a free port, as a static host does;
/// the server lives as long as the test.
fn static_host(dir: &Path, prefix: &str, listener: TcpListener) {
    let dir = dir.to_path_buf();
    let prefix = prefix.trim_end_matches('/').to_string();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            listener.set_nonblocking(true).unwrap();
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let files = tower_http::services::ServeDir::new(dir);
            let app = if prefix.is_empty() {
                axum::Router::new().fallback_service(files)
            } else {
                axum::Router::new().nest_service(&prefix, files)
            };
            axum::serve(listener, app).await.unwrap();
        });
    });
}

/// Builds the test site for `base_path` and serves it; gives the site and its URL.
fn built_and_served(base_path: &str) -> (common::Site, String) {
    let site = site();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}{base_path}",
        listener.local_addr().unwrap().port()
    );
    site.build_with(&["--base-url", &url]);
    static_host(&site.public(), base_path, listener);
    (site, url)
}

/// Polls `probe` in the tab until it gives a value `ok` accepts; panics after [`WAIT`].
fn wait_until(
    what: &str,
    mut probe: impl FnMut() -> Option<Value>,
    ok: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + WAIT;
    let mut last = Value::Null;
    loop {
        if let Some(v) = probe() {
            if ok(&v) {
                return v;
            }
            last = v;
        }
        assert!(
            Instant::now() < deadline,
            "no {what} within {WAIT:?}; last seen: {last}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The results the search page shows: each result's title, link and sub-results.
const RESULTS: &str = r#"[...document.querySelectorAll(".pagefind-ui__result")].map(r => ({
    title: (r.querySelector(".pagefind-ui__result-title") || {}).textContent.trim(),
    href: (r.querySelector(".pagefind-ui__result-link") || {}).getAttribute("href"),
    subs: [...r.querySelectorAll(".pagefind-ui__result-nested .pagefind-ui__result-link")]
        .map(a => ({ title: a.textContent.trim(), href: a.getAttribute("href") })),
}))"#;

/// Opens the search page, types [`WORD`] (or gives it in `?q=`, as the header's box
/// does), checks the results, and follows the quote's result to its anchor.
fn search_and_follow(url: &str, base_path: &str, typed: bool) {
    let mut browser = Browser::launch();
    let page = if typed {
        format!("{url}search/")
    } else {
        format!("{url}search/?q={WORD}")
    };
    let mut tab = browser.open(&page);
    wait_until(
        "search box",
        || tab.eval("!!document.querySelector('.pagefind-ui__search-input')"),
        |v| v == true,
    );
    // With JavaScript on, the page's explanation for readers without it is hidden.
    assert_eq!(
        tab.eval("document.getElementById('search-without-script').hidden"),
        Some(Value::Bool(true))
    );
    if typed {
        tab.eval("document.querySelector('.pagefind-ui__search-input').focus()");
        tab.type_text(WORD);
    }
    let results = wait_until(
        "results",
        || tab.eval(RESULTS),
        |v| v.as_array().is_some_and(|a| !a.is_empty()),
    );
    let results = results.as_array().unwrap();
    // The draft and the page with `search: false` hold the word too, but are not indexed.
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["title"], "The bridge vote");
    let post = format!("{base_path}posts/bridge/");
    assert_eq!(results[0]["href"], post.as_str());
    let quote = format!("{post}#quote-2");
    let sub = results[0]["subs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["href"] == quote.as_str())
        .unwrap_or_else(|| panic!("no result links to {quote}: {results:?}"));
    assert_eq!(sub["title"], "Quoted from Riverside Ledger");

    tab.eval(&format!(
        "document.querySelector('.pagefind-ui__result-nested a[href=\"{quote}\"]').click()"
    ));
    let landed = wait_until(
        "the quote's anchor",
        || {
            tab.eval(
                "document.readyState === 'complete' ? { path: location.pathname, hash: location.hash, \
                 quote: (document.getElementById('quote-2') || {}).textContent || '' } : null",
            )
        },
        |v| v["hash"] == "#quote-2",
    );
    assert_eq!(landed["path"], post.as_str());
    assert!(landed["quote"].as_str().unwrap().contains(WORD), "{landed}");

    // The filters: tag, year, and the quoted source.
    let filters = tab
        .try_eval_async(&format!(
            "import('{base_path}pagefind/pagefind.js').then(pf => pf.filters())"
        ))
        .expect("pagefind.js loads and gives its filters");
    assert_eq!(filters["source"]["Riverside Ledger"], 1, "{filters}");
    assert_eq!(filters["tag"]["bridges"], 1, "{filters}");
    assert_eq!(filters["tag"]["library"], 1, "{filters}");
    assert_eq!(filters["year"]["2026"], 2, "{filters}");
}

#[test]
fn a_word_from_a_quote_finds_its_post_and_the_result_opens_the_quote() {
    let (_site, url) = built_and_served("/");
    search_and_follow(&url, "/", true);
}

#[test]
fn search_works_under_a_sub_path() {
    let (site, url) = built_and_served("/blog/");
    // Without JavaScript, the header's box is a form that opens the search page.
    let doc = site.html("posts/library/index.html");
    assert_eq!(attr(&doc, "form.site-search", "action"), "/blog/search/");
    assert_eq!(
        attr(&doc, "form.site-search input[type=search]", "name"),
        "q"
    );
    search_and_follow(&url, "/blog/", false);
}

#[test]
fn the_search_page_explains_itself_without_javascript() {
    let site = site();
    site.build();
    let doc = site.html("search/index.html");
    let text = doc
        .select(&sel("#search-without-script"))
        .next()
        .expect("the explanation")
        .text()
        .collect::<String>();
    assert!(text.contains("needs JavaScript"), "{text}");
    // The scripts and styles come from the site itself: no third-party request.
    for (selector, name) in [("script[src]", "src"), ("link[rel=stylesheet]", "href")] {
        for url in common::attrs(&doc, selector, name) {
            assert!(url.starts_with('/') && !url.starts_with("//"), "{url}");
        }
    }
    for file in [
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind.js",
        "pagefind-entry.json",
    ] {
        assert!(
            site.public().join("pagefind").join(file).is_file(),
            "{file}"
        );
    }
}

#[test]
fn search_off_writes_no_index_no_page_and_no_box() {
    let site = site();
    site.write("gloss.toml", "title = \"Search test\"\nsearch = false\n");
    site.build();
    assert!(!site.public().join("pagefind").exists());
    assert!(!site.public().join("search").exists());
    let doc = site.html("posts/bridge/index.html");
    assert!(doc.select(&sel("form.site-search")).next().is_none());
    assert!(doc.select(&sel("[data-pagefind-body]")).next().is_none());
    assert!(doc.select(&sel("[data-pagefind-title]")).next().is_none());
}

/// Pages go to Pagefind in batches: a site of several batches, the last one part full,
/// has each of its pages in the index once, and no draft.
#[test]
fn every_page_of_a_site_of_several_batches_is_indexed_once() {
    let site = empty_site();
    site.write("gloss.toml", "title = \"Many\"\n");
    for i in 0..150 {
        site.write(
            &format!("content/posts/2026-01-01-p{i:03}.md"),
            format!("---\ntitle: Post {i}\n---\nThe word{i} is here.\n"),
        );
    }
    site.write(
        "content/posts/2026-01-02-draft.md",
        "---\ntitle: Draft\ndraft: true\n---\nNot here.\n",
    );
    site.build();
    let pagefind = site.public().join("pagefind");
    let entry: Value = serde_json::from_str(
        &std::fs::read_to_string(pagefind.join("pagefind-entry.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 150);
    let fragments = std::fs::read_dir(pagefind.join("fragment"))
        .unwrap()
        .count();
    assert_eq!(fragments, 150);
}

#[test]
fn the_same_site_gives_the_same_index() {
    let site = site();
    site.build();
    let first = common::tree(&site.public().join("pagefind"));
    site.build();
    assert!(first == common::tree(&site.public().join("pagefind")));
}

/// `gloss serve`: the search page finds a post, and after an edit the new word too,
/// with the index made again in the background.
#[test]
fn the_preview_index_follows_an_edit() {
    let site = serve_support::Site::new();
    let server = Server::start(&site.root, &[]);
    let mut browser = Browser::launch();
    let mut tab = browser.open(&format!("{}search/", server.url));
    let search = |word: &str| {
        format!(
            "import('/pagefind/pagefind.js?' + Math.random()).then(async pf => {{ \
               const r = await pf.search('{word}'); \
               return Promise.all(r.results.map(x => x.data())).then(d => d.map(p => p.url)); }})"
        )
    };
    wait_until(
        "the first index",
        || tab.try_eval_async(&search("hello")),
        |v| {
            v.as_array()
                .is_some_and(|a| a.iter().any(|u| u == "/posts/hello/"))
        },
    );
    site.save_like_vim(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nNow about a wombatfield.\n",
    );
    wait_until(
        "the edited post in the index",
        || tab.try_eval_async(&search("wombatfield")),
        |v| {
            v.as_array()
                .is_some_and(|a| a.iter().any(|u| u == "/posts/hello/"))
        },
    );
    drop(browser);
    assert!(server.interrupt().success());
}

/// Each page's Pagefind fragment in the built index, by its URL.
fn fragments(public: &Path) -> std::collections::BTreeMap<String, Value> {
    use std::io::Read;
    std::fs::read_dir(public.join("pagefind/fragment"))
        .unwrap()
        .map(|e| {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
            // Pagefind's files open with a signature before the JSON.
            let fragment: Value =
                serde_json::from_str(text.strip_prefix("pagefind_dcd").unwrap()).unwrap();
            (fragment["url"].as_str().unwrap().to_string(), fragment)
        })
        .collect()
}

/// The title of the sub-result Pagefind's script files `word` under in `fragment`, as
/// its `calculate_sub_results` does: the last anchor before the word that has a title, or
/// is a heading with text; before any, the page's title.
fn sub_result_of(fragment: &Value, word: &str) -> String {
    let at = fragment["content"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .position(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == word)
        .unwrap_or_else(|| panic!("{word} is not in {fragment}"));
    let mut anchors: Vec<&Value> = fragment["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            let has = |k: &str| a[k].as_str().is_some_and(|t| !t.trim().is_empty());
            has("title") || (a["element"].as_str().unwrap().starts_with('h') && has("text"))
        })
        .collect();
    anchors.sort_by_key(|a| a["location"].as_u64().unwrap());
    match anchors
        .iter()
        .rev()
        .find(|a| a["location"].as_u64().unwrap() as usize <= at)
    {
        Some(a) => a["title"]
            .as_str()
            .filter(|t| !t.is_empty())
            .or(a["text"].as_str())
            .unwrap()
            .to_string(),
        None => fragment["meta"]["title"].as_str().unwrap().to_string(),
    }
}

#[test]
fn words_after_a_passage_or_a_notice_are_filed_under_their_heading_not_the_passage() {
    let site = empty_site();
    site.write("gloss.toml", "title = \"Search test\"\n");
    site.write(
        "content/posts/2026-03-02-sections.md",
        "---\ntitle: Sections\n---\nOpening alpha.\n\n## Code\n\nBefore bravo.\n\n\
         The [Ledger](https://ledger.example/a) says:\n\n> Passage charlie.\n\n\
         After delta.\n\n> [!UPDATE] 2026-03-04\n> A notice. It says echo.\n\nThen foxtrot.\n\n\
         ## Later *on*\n\n> Second golf.\n\nLast hotel.\n",
    );
    site.write(
        "content/posts/2026-03-03-flat.md",
        "---\ntitle: Flat post\n---\nFirst india.\n\n> Quoted juliett.\n\nMine kilo.\n\n\
         > [!UPDATE] 2026-03-05\n> The [Gazette](https://gazette.example/b) adds:\n\n\
         > Gazette lima.\n\nOwn mike.\n",
    );
    site.build();
    let fragments = fragments(&site.public());
    let sections = &fragments["/posts/sections/"];
    let filed: Vec<(&str, String)> = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    ]
    .into_iter()
    .map(|w| (w, sub_result_of(sections, w)))
    .collect();
    let expected = [
        ("alpha", "Sections"),
        ("bravo", "Code"),
        ("charlie", "Quoted from Ledger"),
        ("delta", "Code"),
        ("echo", "Update, Mar 4, 2026"),
        ("foxtrot", "Code"),
        ("golf", "Quoted passage 2"),
        ("hotel", "Later on"),
    ];
    assert_eq!(
        filed,
        expected.map(|(w, t)| (w, t.to_string())).to_vec(),
        "{sections}"
    );
    // A heading's result is titled with its text alone, without its `#` self-link.
    let headings: Vec<&str> = sections["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["element"] == "h2")
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    assert_eq!(headings, ["Code", "Later on", "Update history"]);
    // Without a heading before it, the author's words after a passage are the page's.
    let flat = &fragments["/posts/flat/"];
    assert_eq!(sub_result_of(flat, "india"), "Flat post");
    assert_eq!(sub_result_of(flat, "juliett"), "Quoted passage 1");
    assert_eq!(sub_result_of(flat, "kilo"), "Flat post");
    // A notice's note ending with `:` is still the lead-in of the passage right after it.
    assert_eq!(sub_result_of(flat, "lima"), "Quoted from Gazette");
    assert_eq!(sub_result_of(flat, "mike"), "Flat post");
}
