//! Live reload: tells open pages that the site changed, over a WebSocket.
//!
//! Takes the stream of [`Snapshot`]s; sends each connected page the current build as one
//! JSON message on connect and after every rebuild (see `live_reload.js` for what the page
//! does with it). [`inject`] puts the page's script into served HTML; the built output
//! never holds it. A WebSocket, not server-sent events, because browsers allow only six
//! HTTP/1.1 connections per host: a seventh preview tab would hang behind six open
//! event streams.

use std::sync::Arc;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use serde_json::json;

use super::Snapshot;
use super::http::AppState;
use crate::diagnostic::Diagnostic;

/// The page's script, with `__GLOSS_BUILD__` standing for the build it was served from.
const SCRIPT: &str = include_str!("live_reload.js");

/// Adds the live reload script to an HTML page, after everything the page holds; `build`
/// is the build the page comes from. The page is not searched for its `</body>`: only
/// the Markdown stage takes HTML apart (DESIGN §4, §7). Browsers run a script that
/// follows `</html>` as the body's last child (the HTML parser's "after after body" mode
/// hands a start tag back to the body), which is all the script needs.
pub(crate) fn inject(html: &[u8], build: &str) -> Vec<u8> {
    let script = script(build, None);
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(html);
    out.extend_from_slice(script.as_bytes());
    out
}

/// The script tag, for a page of `build`; `page_error` is the JSON of the page's own
/// error (see [`error_page`]).
fn script(build: &str, page_error: Option<&str>) -> String {
    // Inside a script, `</script>` or `<!--` in a message would end it early: `<` only
    // occurs inside JSON strings, where `\u003c` stands for it.
    let page_error = page_error.map_or_else(|| "null".to_string(), |e| e.replace('<', "\\u003c"));
    format!(
        "<script data-gloss-live-reload>\n{}</script>\n",
        SCRIPT
            .replace("__GLOSS_BUILD__", build)
            .replace("__GLOSS_PAGE_ERROR__", &page_error)
    )
}

/// The page served in place of a page whose template raised `error` while rendering: the
/// error as text (file:line:column, message, help) and the live reload script, which
/// shows it in the overlay and reloads the page once a new build is made.
pub(crate) fn error_page(build: &str, error: &Diagnostic) -> Vec<u8> {
    let diagnostics = std::slice::from_ref(error);
    let json = error_json(
        "gloss could not render this page",
        Some("This page's template failed. Fix it and save: the page reloads by itself."),
        diagnostics,
    )
    .to_string();
    let text = crate::html::escape(&error.to_string());
    let mut page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>gloss could not render this page</title></head>\n<body>\n<h1>gloss could not render this page</h1>\n<pre class=\"gloss-diagnostic\">{text}</pre>\n"
    );
    page.push_str(&script(build, Some(&json)));
    page.push_str("</body>\n</html>\n");
    page.into_bytes()
}

/// An error as the page's script reads it: `title`, `note` (what to do; the script has a
/// default) and each diagnostic with its whole text.
fn error_json(title: &str, note: Option<&str>, diags: &[Diagnostic]) -> serde_json::Value {
    json!({
        "title": title,
        "note": note,
        "diagnostics": diags.iter().map(|d| json!({
            "file": d.path.to_string_lossy(),
            "line": d.line,
            "column": d.column,
            "message": d.message,
            "help": d.help,
            "text": d.to_string(),
        })).collect::<Vec<_>>(),
    })
}

/// The message a page gets: the build it should show, the build it may swap stylesheets
/// from, and the latest rebuild's error with each diagnostic as text (`file:line:column:
/// error: message`).
pub(crate) fn message(site: &Snapshot) -> String {
    // Before any build has succeeded there is no last good page under the overlay: say so,
    // rather than the script's default note about the last good build.
    let unbuilt = site.site.is_unbuilt();
    let (title, note) = if unbuilt {
        (
            "gloss could not build the site",
            Some("Nothing has built yet. Fix the file and save: the site appears by itself."),
        )
    } else {
        ("gloss could not rebuild the site", None)
    };
    let error = site
        .error
        .as_ref()
        .map(|diags| error_json(title, note, diags));
    json!({ "build": site.build, "css_from": site.css_from, "error": error }).to_string()
}

/// `GET /__gloss/live`: upgrades to a WebSocket that follows the builds.
pub(crate) async fn live(ws: WebSocketUpgrade, State(state): State<AppState>) -> Response {
    ws.on_upgrade(move |socket| follow(socket, state))
}

async fn follow(mut socket: WebSocket, state: AppState) {
    let AppState {
        mut site,
        mut shutdown,
        ..
    } = state;
    let first = message(&Arc::clone(&site.borrow_and_update()));
    if socket.send(Message::Text(first.into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            changed = site.changed() => {
                if changed.is_err() {
                    break;
                }
                let text = message(&Arc::clone(&site.borrow_and_update()));
                if socket.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_) | Ok(Message::Close(_))) => break,
                Some(Ok(_)) => {}
            },
            _ = shutdown.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_follows_the_page() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, "b1")).unwrap();
        assert!(
            out.starts_with("<html><body><p>x</p></BODY></html><script data-gloss-live-reload>")
        );
        assert!(out.contains("var shown = \"b1\";"));
        assert!(out.ends_with("</script>\n"));
        let out = String::from_utf8(inject(b"<p>x", "b2")).unwrap();
        assert!(out.starts_with("<p>x<script"));
    }

    #[test]
    fn script_talks_to_the_live_path() {
        assert!(SCRIPT.contains(&format!("\"{}\"", super::super::http::LIVE_PATH)));
    }
}
