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
        "quotes.html",
        include_str!("../themes/default/templates/quotes.html"),
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
        "sitemap.xml",
        include_str!("../themes/default/templates/sitemap.xml"),
    ),
    (
        "partials/post_item.html",
        include_str!("../themes/default/templates/partials/post_item.html"),
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
        "commentary.css",
        include_bytes!("../themes/default/static/commentary.css"),
    ),
];
