//! The shortcodes gloss answers itself, and the argument rules of the theme's.
//!
//! The default theme's templates answer `figure`, `youtube`, `vimeo` and `gist`
//! (`themes/default/templates/shortcodes/`); here their positional arguments get their
//! names and their required arguments are checked, whichever template answers them, so
//! `{{< youtube abc >}}`, `{% youtube abc %}` and `{{ youtube(id="abc") }}` are one call.
//!
//! gloss answers these with Markdown, read with the text around them:
//!
//! - `raw` — its body as written, no shortcode inside it run (Jekyll's `{% raw %}`);
//! - `highlight` — its body as a fenced code block in the language given, so the
//!   `highlight` pass colours it as any other;
//! - `ref`, `relref`, `post_url`, `link` — the URL of another page of the site, found by
//!   its source file (Hugo's `ref "posts/b.md"`, Jekyll's `post_url 2010-07-21-b` and
//!   `link _posts/2010-07-21-b.md`); a page that does not exist is an error;
//! - `tweet` (also `x`, `twitter`) and `mastodon` — a social post from its arguments,
//!   without any third-party script: with its text (the body, or `text`) a lead-in
//!   linking to the post, then the text as a block quote, so that it is a quoted passage
//!   with its source, listed in /quotes/; without its text, a link to the post.

use super::parse::{Arg, Args};
use super::{Failure, Shortcodes};

/// The name a shortcode answers to: `x` and `twitter` are `tweet`.
pub(crate) fn canonical(name: &str) -> &str {
    match name {
        "x" | "twitter" => "tweet",
        other => other,
    }
}

/// Whether gloss answers `name` itself (when no template of that name exists).
pub(crate) fn is_builtin(name: &str) -> bool {
    matches!(
        canonical(name),
        "raw" | "highlight" | "ref" | "relref" | "post_url" | "link" | "tweet" | "mastodon"
    )
}

/// Whether a call of `name` must have a body.
pub(crate) fn needs_body(name: &str) -> bool {
    matches!(name, "raw" | "highlight")
}

/// How to call `name`, for messages.
pub(crate) fn usage(name: &str) -> String {
    match name {
        "figure" => "write `{{< figure src=\"a.png\" alt=\"…\" caption=\"…\" >}}` or `{{ figure(src=\"a.png\", alt=\"…\") }}`".into(),
        "youtube" | "vimeo" => format!(
            "write `{{{{< {name} ID >}}}}`, `{{% {name} ID %}}` or `{{{{ {name}(id=\"ID\") }}}}`"
        ),
        "gist" => "write `{{< gist USER ID >}}`, `{% gist USER/ID %}` or `{{ gist(url=\"https://gist.github.com/USER/ID\") }}`".into(),
        "highlight" => "write `{% highlight LANG %}` … `{% endhighlight %}` or `{{< highlight LANG >}}` … `{{< /highlight >}}`".into(),
        "raw" => "write `{% raw %}` … `{% endraw %}`".into(),
        "ref" | "relref" => format!("write `{{{{< {name} \"posts/NAME.md\" >}}}}`"),
        "post_url" => "write `{% post_url YYYY-MM-DD-NAME %}`".into(),
        "link" => "write `{% link _posts/YYYY-MM-DD-NAME.md %}`".into(),
        "tweet" => "write `{{< tweet user=\"NAME\" id=\"ID\" >}}` or `{% tweet(url=\"https://x.com/NAME/status/ID\") %}TEXT{% end %}`".into(),
        "mastodon" => "write `{% mastodon(url=\"https://HOST/@NAME/ID\", date=\"YYYY-MM-DD\") %}TEXT{% end %}`".into(),
        _ => format!("see templates/shortcodes/{name}.html for the arguments it reads"),
    }
}

/// Gives the positional arguments of a built-in their names, reads IDs out of URLs, and
/// checks the required arguments. Other shortcodes' arguments are left as they are.
///
/// Errors: the name of a required argument that is missing.
pub(crate) fn bind(name: &str, args: &mut Args) -> Result<(), String> {
    let names: &[&str] = match name {
        "figure" => &["src"],
        "youtube" | "vimeo" | "mastodon" => &["id"],
        "gist" => &["user", "id", "file"],
        "highlight" => &["lang"],
        "ref" | "relref" | "post_url" | "link" => &["path"],
        "tweet" => &["id"],
        _ => return Ok(()),
    };
    let positional = std::mem::take(&mut args.positional);
    let mut positional = positional.into_iter();
    // Jekyll's `{% gist user/id file %}`.
    if name == "gist"
        && let Some(Arg::Str(first)) = positional.as_slice().first()
        && let Some((user, id)) = first.split_once('/')
    {
        let (user, id) = (user.to_string(), id.to_string());
        positional.next();
        set(args, "user", user);
        set(args, "id", id);
        if let Some(file) = positional.next() {
            set(args, "file", file.text());
        }
    }
    for (key, value) in names.iter().zip(positional.by_ref()) {
        if args.get(key).is_none() {
            args.named.push((key.to_string(), value));
        }
    }
    args.positional = positional.collect();
    // An ID given as the page's URL.
    match name {
        "youtube" | "vimeo" | "tweet" | "mastodon" => {
            if let Some(id) = args.text("id").filter(|id| id.contains("://")) {
                args.named.retain(|(k, _)| k != "id");
                if name == "youtube" {
                    set(args, "id", youtube_id(&id));
                } else if name == "vimeo" {
                    set(args, "id", last_segment(&id).to_string());
                } else if args.get("url").is_none() {
                    set(args, "url", id);
                }
            }
        }
        "gist" => {
            if let Some(url) = args.text("url") {
                let mut parts = url
                    .split("://")
                    .nth(1)
                    .unwrap_or(&url)
                    .split('/')
                    .skip(1)
                    .filter(|p| !p.is_empty());
                if let (Some(user), Some(id)) = (parts.next(), parts.next()) {
                    let (user, id) = (user.to_string(), id.trim_end_matches(".js").to_string());
                    if args.get("user").is_none() {
                        set(args, "user", user);
                    }
                    if args.get("id").is_none() {
                        set(args, "id", id);
                    }
                }
            }
        }
        _ => {}
    }
    let required: &[&str] = match name {
        "figure" => &["src"],
        "youtube" | "vimeo" => &["id"],
        "gist" => &["user", "id"],
        "ref" | "relref" | "post_url" | "link" => &["path"],
        "mastodon" => &["url"],
        "tweet" if args.get("url").is_none() => &["id"],
        _ => &[],
    };
    match required.iter().find(|k| args.get(k).is_none()) {
        Some(missing) => Err(missing.to_string()),
        None => Ok(()),
    }
}

fn set(args: &mut Args, key: &str, value: String) {
    args.named.retain(|(k, _)| k != key);
    args.named.push((key.to_string(), Arg::Str(value)));
}

/// The video ID in a YouTube URL (`watch?v=ID`, `youtu.be/ID`, `/embed/ID`, `/shorts/ID`).
fn youtube_id(url: &str) -> String {
    if let Some(query) = url.split_once('?').map(|(_, q)| q) {
        for pair in query.split('&') {
            if let Some(v) = pair.strip_prefix("v=") {
                return v.to_string();
            }
        }
    }
    last_segment(url).to_string()
}

/// The last non-empty path segment of a URL, without its query.
fn last_segment(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').find(|s| !s.is_empty()).unwrap_or(path)
}

/// Answers a built-in call with Markdown. `block`: the call stands alone on its line.
///
/// Errors: why it was not answered; a link to a page that does not exist is a warning
/// (a blog's posts link to posts it no longer has, and the rest must still build).
pub(crate) fn answer(
    name: &str,
    args: &Args,
    body: Option<&str>,
    block: bool,
    site: &dyn Shortcodes,
) -> Result<String, Failure> {
    let need_body = || {
        Failure::from((
            format!("shortcode `{name}` needs a body"),
            Some(usage(name)),
        ))
    };
    match name {
        "raw" => body.map(str::to_string).ok_or_else(need_body),
        "highlight" => {
            let body = body.ok_or_else(need_body)?;
            let lang = args.text("lang").unwrap_or_default();
            let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat((longest + 1).max(3));
            let lead = if block { "" } else { "\n" };
            let tail = if block { "" } else { "\n" };
            Ok(format!("{lead}{fence}{lang}\n{body}\n{fence}{tail}"))
        }
        "ref" | "relref" | "post_url" | "link" => {
            let path = args.text("path").unwrap_or_default();
            let (target, fragment) = match path.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (path.as_str(), None),
            };
            let url = page_url(target, site).ok_or_else(|| Failure {
                message: format!(
                    "shortcode `{name}` links to `{path}`, which is no page of this site; it is left as text"
                ),
                help: Some("write the path of a page's file under content/ (`posts/2016-07-26-name.md`) or its file name without the extension (`2016-07-26-name`)".to_string()),
                warning: true,
            })?;
            Ok(match fragment {
                Some(f) if !f.is_empty() => format!("{url}#{f}"),
                _ => url,
            })
        }
        "tweet" | "mastodon" => Ok(social(name, args, body, block)),
        _ => Err((
            format!("shortcode `{name}` is not known"),
            Some(usage(name)),
        )
            .into()),
    }
}

/// The URL of the page whose source `target` names, tried as a path under `content/`,
/// without Jekyll's `_posts/`, then as a file name.
fn page_url(target: &str, site: &dyn Shortcodes) -> Option<String> {
    let mut key = target.trim().trim_matches('/');
    for ext in [".md", ".markdown", ".html"] {
        key = key.strip_suffix(ext).unwrap_or(key);
    }
    for index in ["/index", "/_index"] {
        key = key.strip_suffix(index).unwrap_or(key);
    }
    if key.is_empty() || key == "_index" || key == "index" {
        return Some("/".to_string());
    }
    let mut keys = vec![key.to_string()];
    if let Some(post) = key.strip_prefix("_posts/") {
        keys.push(format!("posts/{post}"));
        keys.push(post.to_string());
    }
    keys.push(key.rsplit('/').next().unwrap_or(key).to_string());
    keys.iter().find_map(|k| site.page_url(k))
}

/// A social post (see the module docs).
fn social(name: &str, args: &Args, body: Option<&str>, block: bool) -> String {
    let network = if name == "mastodon" { "Mastodon" } else { "X" };
    // A tweet's author is the first segment of its URL's path (`x.com/NAME/status/ID`).
    let user = args.text("user").or_else(|| {
        let url = args.text("url").filter(|_| name == "tweet")?;
        let rest = url.split("://").nth(1)?;
        let first = rest
            .split('/')
            .nth(1)
            .filter(|u| !u.is_empty() && *u != "i")?;
        Some(first.to_string())
    });
    let url = args.text("url").unwrap_or_else(|| {
        let id = args.text("id").unwrap_or_default();
        match &user {
            Some(u) => format!("https://x.com/{}/status/{id}", u.trim_start_matches('@')),
            None => format!("https://x.com/i/status/{id}"),
        }
    });
    let author = args
        .text("author")
        .or_else(|| args.text("name"))
        .or_else(|| user.map(|u| format!("@{}", u.trim_start_matches('@'))))
        .or_else(|| {
            // https://HOST/@NAME/ID
            let rest = url.split("://").nth(1)?;
            let (host, path) = rest.split_once('/')?;
            let handle = path.split('/').find(|p| p.starts_with('@'))?;
            Some(format!("{handle}@{host}"))
        });
    let date = args.text("date");
    let text = body
        .map(str::to_string)
        .or_else(|| args.text("text"))
        .filter(|t| !t.trim().is_empty());
    let who = author.as_deref().map(escape);
    let when = date
        .as_deref()
        .map(|d| format!(", {}", escape(d)))
        .unwrap_or_default();
    let url = angle_url(&url);
    match text {
        Some(text) if block => {
            let lead = match &who {
                Some(who) => format!("[{who}]({url}) on {network}{when}:"),
                None => format!("[A post on {network}]({url}){when}:"),
            };
            let quoted: String = text
                .trim_matches('\n')
                .lines()
                .map(|l| {
                    if l.trim().is_empty() {
                        ">\n".to_string()
                    } else {
                        format!("> {l}\n")
                    }
                })
                .collect();
            format!("{lead}\n\n{}", quoted.trim_end())
        }
        _ => match &who {
            Some(who) => format!("[A post by {who} on {network}{when}]({url})"),
            None => format!("[A post on {network}{when}]({url})"),
        },
    }
}

/// `text` with the characters Markdown reads as syntax escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '&' | '!' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL as a Markdown link destination in `<…>`, which may hold any character but line
/// breaks and angle brackets.
fn angle_url(url: &str) -> String {
    let clean: String = url
        .chars()
        .map(|c| match c {
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            '\n' | '\r' => "%20".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!("<{clean}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(named: &[(&str, &str)], positional: &[&str]) -> Args {
        Args {
            named: named
                .iter()
                .map(|(k, v)| (k.to_string(), Arg::Str(v.to_string())))
                .collect(),
            positional: positional.iter().map(|v| Arg::Str(v.to_string())).collect(),
        }
    }

    #[test]
    fn positional_arguments_get_their_names() {
        let mut a = args(&[], &["https://www.youtube.com/watch?v=abc&t=3"]);
        bind("youtube", &mut a).unwrap();
        assert_eq!(a.text("id").unwrap(), "abc");
        let mut a = args(&[], &["octo/123", "f.rb"]);
        bind("gist", &mut a).unwrap();
        assert_eq!(
            (
                a.text("user").unwrap(),
                a.text("id").unwrap(),
                a.text("file").unwrap()
            ),
            ("octo".into(), "123".into(), "f.rb".into())
        );
        let mut a = args(&[("url", "https://gist.github.com/octo/456")], &[]);
        bind("gist", &mut a).unwrap();
        assert_eq!(a.text("id").unwrap(), "456");
        let mut a = args(&[("caption", "x")], &[]);
        assert_eq!(bind("figure", &mut a), Err("src".to_string()));
        let mut a = args(&[], &["custom"]);
        bind("note", &mut a).unwrap();
        assert_eq!(a.positional.len(), 1);
    }

    #[test]
    fn social_posts_are_quotes_with_a_lead_in() {
        let a = args(
            &[
                ("url", "https://mastodon.social/@ann/1"),
                ("date", "2026-11-28"),
            ],
            &[],
        );
        assert_eq!(
            social("mastodon", &a, Some("Hello *all*\n\nBye"), true),
            "[@ann@mastodon.social](<https://mastodon.social/@ann/1>) on Mastodon, 2026-11-28:\n\n> Hello *all*\n>\n> Bye"
        );
        let a = args(&[("user", "ann_b"), ("id", "9")], &[]);
        assert_eq!(
            social("tweet", &a, None, true),
            "[A post by @ann\\_b on X](<https://x.com/ann_b/status/9>)"
        );
    }
}
