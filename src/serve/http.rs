//! HTTP: serves the last good build from memory.
//!
//! Takes the request path and the current [`Snapshot`]; answers with the file's bytes, its
//! Content-Type, and — in HTML pages only — the live reload script. A request path maps to
//! a key of the in-memory [`Output`](crate::output::Output) and nothing else, so no path
//! reaches the file system: `..`, `.` and encoded slashes are refused with 400 before any
//! lookup (repeated slashes count as one, as static file servers treat them), and files the output copies from the sources are served only
//! when they really lie inside the site's source folders (no symlink out of the tree).
//! A miss gets the site's `404.html` with status 404. This module never builds.
//!
//! Copied files (video, audio, large images) are served by tower-http's `ServeFile`, with
//! `Range` (Safari plays no mp4 without it), `ETag`, `Last-Modified` and the conditional
//! requests they allow; pages and other files made in memory are sent whole. Redirects
//! (`/posts` → `/posts/`) go to a path built from the cleaned request path, never to
//! one starting with `//`, which a browser reads as another host.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio::sync::watch;

use super::Snapshot;
use super::lazy::Found;
use super::search::SearchFiles;
use crate::cli::Printer;
use crate::diagnostic::Diagnostic;

/// The path of the live reload WebSocket, under a name no site is likely to use (a site
/// file at the same path would be hidden by it while previewing).
pub(crate) const LIVE_PATH: &str = "/__gloss/live";

/// What the request handlers share: the current site and the shutdown signal.
#[derive(Clone)]
pub(crate) struct AppState {
    /// The last good build and the latest rebuild's error, replaced after each rebuild.
    pub site: watch::Receiver<Arc<Snapshot>>,
    /// The search index's files, made in the background after each rebuild.
    pub search: watch::Receiver<Arc<super::search::SearchFiles>>,
    /// Becomes `true` when the server stops, so long-lived connections close.
    pub shutdown: watch::Receiver<bool>,
    /// Where the errors of pages that fail to render are told.
    pub printer: Printer,
}

/// The preview's routes: the live reload socket, and every other path from the site.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route(LIVE_PATH, get(super::reload::live))
        .fallback(serve)
        .with_state(state)
}

/// Why a request path was refused before any lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The path tries to leave the site or hides a separator: 400.
    BadPath,
}

/// Maps a request path (still percent-encoded, as sent) to an output key: `/` →
/// `index.html`, `/posts/a/` → `posts/a/index.html`, `/style.css` → `style.css`.
///
/// Repeated slashes count as one (`//posts/` is `/posts/`): they name no other file, and
/// a link written with one too many should not fail in the preview alone.
///
/// Errors ([`Refused::BadPath`]): a path not starting with `/`; `.` or `..` segments,
/// plain or percent-encoded; encoded `/` or `\`, a raw `\`, or NUL; bytes that are not
/// UTF-8 once decoded.
pub(crate) fn resolve(raw: &str) -> Result<String, Refused> {
    let rest = raw.strip_prefix('/').ok_or(Refused::BadPath)?;
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(Refused::BadPath);
    }
    let decoded = percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| Refused::BadPath)?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refused::BadPath);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Err(Refused::BadPath);
    }
    // Empty segments (repeated slashes) are dropped; a trailing slash is kept.
    let mut key = segments
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    if decoded.ends_with('/') && !key.is_empty() {
        key.push('/');
    }
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Ok(key)
}

/// The Content-Type for an output path, by extension; text types say UTF-8 (gloss
/// writes UTF-8).
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// The fallback handler: every path that is not the live reload socket.
async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let key = match resolve(uri.path()) {
        Ok(key) => key,
        Err(Refused::BadPath) => return plain(StatusCode::BAD_REQUEST, "bad request path"),
    };
    let site = state.site.borrow().clone();
    let head = method == Method::HEAD;
    if SearchFiles::owns(&key)
        && let Some(bytes) = search_file(state.search.clone(), &key).await
    {
        return respond(&site, StatusCode::OK, &key, bytes, head);
    }
    match read(&site, &key, &state.printer).await {
        Some(Ok(Got::Bytes(bytes))) => return respond(&site, StatusCode::OK, &key, bytes, head),
        Some(Ok(Got::File(real))) => return serve_file(request, &key, &real).await,
        Some(Err(error)) => return failed(&site, &error, head),
        None => {}
    }
    // `/posts/a` for the page at `/posts/a/`: send the browser to the folder's URL, so
    // the page's relative links resolve as they will once deployed.
    let folder_index = format!("{key}/index.html");
    if !key.ends_with("index.html") && site.site.contains(&folder_index) {
        let location = folder_location(uri.path(), uri.query());
        return Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, location)
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::empty())
            .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "redirect failed"));
    }
    let page = match read(&site, "404.html", &state.printer).await {
        Some(Ok(Got::Bytes(page))) => page,
        Some(Ok(Got::File(real))) => match tokio::fs::read(&real).await {
            Ok(bytes) => Bytes::from(bytes),
            Err(_) => Bytes::from_static(b"Not found"),
        },
        Some(Err(error)) => return failed(&site, &error, head),
        None => Bytes::from_static(
            b"<!doctype html><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1></body>",
        ),
    };
    respond(&site, StatusCode::NOT_FOUND, "404.html", page, head)
}

/// Where `/posts` (the request path as sent) redirects to: the same path with one `/`
/// between segments and one at the end, and the query kept. Never `//…`: a browser reads
/// `Location: //posts/` as the host `posts`.
pub(crate) fn folder_location(path: &str, query: Option<&str>) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // Browsers read `\` as `/` too ([`resolve`] refuses it already; this stays safe alone).
    let mut location = format!("/{}/", segments.join("/")).replace('\\', "%5C");
    if location == "//" {
        location = "/".to_string();
    }
    if let Some(q) = query {
        location.push('?');
        location.push_str(q);
    }
    location
}

/// What a request finds in the snapshot.
enum Got {
    /// Bytes made in memory (a page, robots.txt, the theme's files).
    Bytes(Bytes),
    /// A copied file, at this real path inside the site's source folders, or a file of
    /// gloss's image cache.
    File(std::path::PathBuf),
}

/// Serves a copied file with tower-http's `ServeFile`: `Range`, `ETag`,
/// `Last-Modified`, `If-None-Match`, `If-Modified-Since`, HEAD. The Content-Type is
/// gloss's own for the output path (as for every other file), and the browser may keep
/// the file but must ask again each time (`no-cache`): a preview never shows a stale
/// file, and an unchanged one costs a `304`.
async fn serve_file(request: Request, key: &str, real: &Path) -> Response {
    let mut service = tower_http::services::ServeFile::new(real);
    match service.try_call(request).await {
        Ok(response) => {
            let mut response = response.map(Body::new);
            let headers = response.headers_mut();
            if headers.contains_key(header::CONTENT_TYPE) {
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type(key)),
                );
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            response
        }
        Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR, "cannot read this file"),
    }
}

/// How long a request for a search file waits for the preview's first index.
const FIRST_INDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// A file of the search index: from the last index made, or, while the first is being
/// made, once it is (the search page asks for it right after the preview starts).
async fn search_file(mut search: watch::Receiver<Arc<SearchFiles>>, key: &str) -> Option<Bytes> {
    let wait = search.wait_for(|files| !matches!(**files, SearchFiles::Making));
    let files = tokio::time::timeout(FIRST_INDEX_WAIT, wait)
        .await
        .ok()?
        .ok()?
        .clone();
    match &*files {
        SearchFiles::Made(files) => files.get(key).map(|b| Bytes::from_owner(Arc::clone(b))),
        _ => None,
    }
}

/// A file from the snapshot: rendered (now, if no request rendered it before), made in
/// memory, or its source's real path when that source lies inside one of the site's
/// source folders (after resolving symlinks). `Some(Err)` when the page's template
/// raised an error while rendering; the error is printed when it is raised.
async fn read(
    site: &Arc<Snapshot>,
    key: &str,
    printer: &Printer,
) -> Option<Result<Got, Arc<Diagnostic>>> {
    // After an edit of posts' text, a path other than the edited posts' pages waits for
    // the whole site's plan: off the async workers, which carry the live reload too.
    if site.site.waits_for(key) {
        let snapshot = Arc::clone(site);
        let _ = tokio::task::spawn_blocking(move || snapshot.site.wait()).await;
    }
    let found = match site.site.find(key)? {
        // Rendering takes a while on a large page: off the async workers.
        Found::Job(i) => {
            let snapshot = Arc::clone(site);
            let rendered = tokio::task::spawn_blocking(move || snapshot.site.render(i)).await;
            return Some(match rendered {
                Ok(None) => return None,
                // Shared with the snapshot, not copied: a large page (`/quotes/`) is
                // copied once, when the live reload script goes in.
                Ok(Some(Ok(bytes))) => Ok(Got::Bytes(Bytes::from_owner(bytes))),
                Ok(Some(Err(error))) => {
                    printer.diagnostic(&error);
                    Err(error)
                }
                Err(panic) => Err(Arc::new(
                    Diagnostic::error(
                        "",
                        format!("gloss crashed while rendering this page: {panic}"),
                    )
                    .with_help(
                        "this is a bug in gloss; please report it with the template you changed",
                    ),
                )),
            });
        }
        found => found,
    };
    match found {
        Found::Bytes(bytes) => Some(Ok(Got::Bytes(Bytes::from_owner(bytes)))),
        Found::Failed(error) => Some(Err(error)),
        Found::Copy(src) => {
            let real = tokio::fs::canonicalize(src).await.ok()?;
            if !site.roots.iter().any(|r| real.starts_with(r)) || !real.is_file() {
                return None;
            }
            Some(Ok(Got::File(real)))
        }
        Found::Cached(cached) => {
            let meta = tokio::fs::metadata(cached).await.ok()?;
            meta.is_file().then(|| Ok(Got::File(cached.to_path_buf())))
        }
        Found::Job(_) => None,
    }
}

/// The answer for a page whose template raised `error`: the error and the live reload
/// script in place of the page, so the open page shows the error and reloads once fixed.
fn failed(site: &Snapshot, error: &Diagnostic, head: bool) -> Response {
    let bytes = super::reload::error_page(&site.build, error);
    let len = bytes.len();
    Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CONTENT_LENGTH, len)
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(if head {
            Body::empty()
        } else {
            Body::from(bytes)
        })
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "response failed"))
}

fn respond(site: &Snapshot, status: StatusCode, key: &str, bytes: Bytes, head: bool) -> Response {
    let kind = content_type(key);
    let bytes = if kind.starts_with("text/html") {
        Bytes::from(super::reload::inject(&bytes, &site.build))
    } else {
        bytes
    };
    let len = bytes.len();
    let body = if head {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CONTENT_LENGTH, len)
        // A preview must never show yesterday's page from the browser's cache.
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(body)
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "response failed"))
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_output_keys() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/posts/a/").unwrap(), "posts/a/index.html");
        assert_eq!(resolve("/style.css").unwrap(), "style.css");
        assert_eq!(resolve("/tags/caf%C3%A9/").unwrap(), "tags/café/index.html");
        assert_eq!(resolve("/a%20b.png").unwrap(), "a b.png");
    }

    #[test]
    fn traversal_is_refused() {
        for p in [
            "/../etc/passwd",
            "/posts/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/x",
            "/posts/..",
            "/./index.html",
            "/..%2fetc%2fpasswd",
            "/..%2Fetc",
            "/..%5cwindows",
            "/..\\windows",
            "/a%00.html",
            "/%ff%fe",
            "etc/passwd",
        ] {
            assert_eq!(resolve(p), Err(Refused::BadPath), "{p}");
        }
    }

    #[test]
    fn a_request_for_double_slash_posts_is_served_not_refused() {
        assert_eq!(resolve("//posts/").unwrap(), "posts/index.html");
        assert_eq!(resolve("/posts//a/").unwrap(), "posts/a/index.html");
        assert_eq!(resolve("//").unwrap(), "index.html");
        assert_eq!(resolve("//style.css").unwrap(), "style.css");
        // Traversal stays refused however many slashes surround it.
        assert_eq!(resolve("//../etc/passwd"), Err(Refused::BadPath));
        assert_eq!(resolve("//..%2f/x"), Err(Refused::BadPath));
    }

    #[test]
    fn get_double_slash_posts_redirects_to_a_path_not_a_host() {
        assert_eq!(folder_location("//posts", None), "/posts/");
        assert_eq!(folder_location("///posts//a", Some("x=1")), "/posts/a/?x=1");
        assert_eq!(folder_location("/posts", None), "/posts/");
        assert_eq!(folder_location("/caf%C3%A9", None), "/caf%C3%A9/");
        for path in ["//posts", "////evil.example/x", "/\\evil"] {
            assert!(!folder_location(path, None).starts_with("//"), "{path}");
        }
    }

    #[test]
    fn double_encoding_stays_a_literal_name() {
        // `%252e%252e` decodes once to the name `%2e%2e`, which is no traversal.
        assert_eq!(resolve("/%252e%252e/x").unwrap(), "%2e%2e/x");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("img/a.svg"), "image/svg+xml");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("blob"), "application/octet-stream");
    }
}
