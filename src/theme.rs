//! The default theme, embedded in the binary so that a folder holding only `content/`
//! builds. A site's `templates/` or `themes/NAME/templates/` file of the same name
//! replaces an embedded template; `static/` files likewise replace embedded assets.

/// Embedded templates: (file name, text).
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "section.html",
        include_str!("../themes/default/templates/section.html"),
    ),
    (
        "taxonomy_list.html",
        include_str!("../themes/default/templates/taxonomy_list.html"),
    ),
    (
        "taxonomy_term.html",
        include_str!("../themes/default/templates/taxonomy_term.html"),
    ),
    (
        "archive.html",
        include_str!("../themes/default/templates/archive.html"),
    ),
    (
        "quotes.html",
        include_str!("../themes/default/templates/quotes.html"),
    ),
    (
        "quotes_source.html",
        include_str!("../themes/default/templates/quotes_source.html"),
    ),
    (
        "updates.html",
        include_str!("../themes/default/templates/updates.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "alias.html",
        include_str!("../themes/default/templates/alias.html"),
    ),
    (
        "atom.xml",
        include_str!("../themes/default/templates/atom.xml"),
    ),
    (
        "updates.xml",
        include_str!("../themes/default/templates/updates.xml"),
    ),
    (
        "rss.xml",
        include_str!("../themes/default/templates/rss.xml"),
    ),
    (
        "updates.rss",
        include_str!("../themes/default/templates/updates.rss"),
    ),
    (
        "feed.json",
        include_str!("../themes/default/templates/feed.json"),
    ),
    (
        "updates.json",
        include_str!("../themes/default/templates/updates.json"),
    ),
    (
        "section.json",
        include_str!("../themes/default/templates/section.json"),
    ),
    (
        "index.json",
        include_str!("../themes/default/templates/index.json"),
    ),
    (
        "sitemap.xml",
        include_str!("../themes/default/templates/sitemap.xml"),
    ),
    (
        "partials/post_item.html",
        include_str!("../themes/default/templates/partials/post_item.html"),
    ),
    (
        "partials/quote_item.html",
        include_str!("../themes/default/templates/partials/quote_item.html"),
    ),
    (
        "partials/sharing.html",
        include_str!("../themes/default/templates/partials/sharing.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../themes/default/templates/partials/pagination.html"),
    ),
    (
        "partials/updated_line.html",
        include_str!("../themes/default/templates/partials/updated_line.html"),
    ),
    (
        "partials/update_history.html",
        include_str!("../themes/default/templates/partials/update_history.html"),
    ),
    (
        "partials/search_box.html",
        include_str!("../themes/default/templates/partials/search_box.html"),
    ),
    (
        "partials/search_data.html",
        include_str!("../themes/default/templates/partials/search_data.html"),
    ),
    (
        "shortcodes/figure.md",
        include_str!("../themes/default/templates/shortcodes/figure.md"),
    ),
    (
        "shortcodes/gist.html",
        include_str!("../themes/default/templates/shortcodes/gist.html"),
    ),
    (
        "shortcodes/vimeo.html",
        include_str!("../themes/default/templates/shortcodes/vimeo.html"),
    ),
    (
        "shortcodes/youtube.html",
        include_str!("../themes/default/templates/shortcodes/youtube.html"),
    ),
];

/// Embedded static files: (output path, bytes).
pub(crate) const STATIC_FILES: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
    (
        "commentary.css",
        include_bytes!("../themes/default/static/commentary.css"),
    ),
    (
        "highlight.css",
        include_bytes!("../themes/default/static/highlight.css"),
    ),
    (
        "search.css",
        include_bytes!("../themes/default/static/search.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
];

/// Embedded strings files of the shipped languages: (language code, TOML text). English
/// first: it has every key, and the others are laid over it (see `crate::i18n`).
pub(crate) const I18N: &[(&str, &str)] = &[
    ("en", include_str!("../themes/default/i18n/en.toml")),
    ("ar", include_str!("../themes/default/i18n/ar.toml")),
    ("de", include_str!("../themes/default/i18n/de.toml")),
    ("es", include_str!("../themes/default/i18n/es.toml")),
    ("fr", include_str!("../themes/default/i18n/fr.toml")),
    ("he", include_str!("../themes/default/i18n/he.toml")),
    ("it", include_str!("../themes/default/i18n/it.toml")),
    ("ja", include_str!("../themes/default/i18n/ja.toml")),
    ("nl", include_str!("../themes/default/i18n/nl.toml")),
    ("pt", include_str!("../themes/default/i18n/pt.toml")),
];
