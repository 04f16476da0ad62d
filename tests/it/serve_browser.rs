//! `gloss serve` in a real browser: headless Chromium, driven over the DevTools protocol.
//!
//! The page records nothing itself; the test sets a marker on `window` before each change.
//! A full reload makes a new `window` (the marker is gone and the navigation type is
//! `reload`); a stylesheet swap or an error overlay keeps it. So the test fails if live
//! reload breaks, reloads when it should not, or shows stale text.
//!
//! Chromium must be installed (`scripts/test.sh` installs Debian's `chromium`); without
//! it this test fails and says so. Set `GLOSS_CHROMIUM` to use another binary.

use crate::serve_support;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use serve_support::{Server, Site, WAIT};

/// Headless Chromium with a throwaway profile, killed on drop.
pub struct Browser {
    child: Child,
    cdp: Cdp,
    _profile: tempfile::TempDir,
}

fn chromium_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("GLOSS_CHROMIUM") {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "Chromium is not installed, and the live reload browser test needs it: \
         run scripts/test.sh (it installs Debian's `chromium`), or `apt-get install chromium`, \
         or set GLOSS_CHROMIUM to a Chromium binary"
    );
}

impl Browser {
    pub fn launch() -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(chromium_binary())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                // Nothing but the preview server is reachable.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Chromium: {e}"));
        let endpoint = devtools_endpoint(profile.path());
        Browser {
            child,
            cdp: Cdp::connect(&endpoint),
            _profile: profile,
        }
    }

    /// Opens `url` in a new tab and returns the tab.
    pub fn open(&mut self, url: &str) -> Tab<'_> {
        let target = self
            .cdp
            .call(None, "Target.createTarget", json!({ "url": url }));
        let target_id = target["targetId"].as_str().unwrap().to_string();
        let attached = self.cdp.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        let session = attached["sessionId"].as_str().unwrap().to_string();
        Tab {
            cdp: &mut self.cdp,
            session,
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.cdp.send(None, "Browser.close", json!({}));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Chromium writes its DevTools port and path into the profile once it listens.
fn devtools_endpoint(profile: &Path) -> String {
    let file = profile.join("DevToolsActivePort");
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(text) = std::fs::read_to_string(&file) {
            let mut lines = text.lines();
            if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                return format!("ws://127.0.0.1:{port}{path}");
            }
        }
        assert!(
            Instant::now() < deadline,
            "Chromium did not open its DevTools port within {WAIT:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A minimal DevTools protocol client: numbered calls, events skipped.
struct Cdp {
    socket: tungstenite::WebSocket<TcpStream>,
    next_id: u64,
}

impl Cdp {
    fn connect(endpoint: &str) -> Cdp {
        let addr = endpoint
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let (socket, _) = tungstenite::client::client(endpoint, stream).unwrap();
        Cdp { socket, next_id: 0 }
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> u64 {
        self.next_id += 1;
        let mut msg = json!({ "id": self.next_id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.socket
            .send(tungstenite::Message::Text(msg.to_string().into()))
            .unwrap();
        self.next_id
    }

    /// Calls `method` and returns its result, or the protocol error as `{"error": …}`.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        let id = self.send(session, method, params);
        let deadline = Instant::now() + WAIT;
        loop {
            assert!(Instant::now() < deadline, "no answer to {method}");
            let msg = match self.socket.read().unwrap() {
                tungstenite::Message::Text(t) => serde_json::from_str::<Value>(&t).unwrap(),
                _ => continue,
            };
            if msg["id"] == id {
                if msg.get("error").is_some() {
                    return json!({ "error": msg["error"] });
                }
                return msg["result"].clone();
            }
        }
    }
}

/// One open tab.
pub struct Tab<'a> {
    cdp: &'a mut Cdp,
    session: String,
}

impl Tab<'_> {
    /// Evaluates a JavaScript expression in the page; None while the page is between
    /// documents or when it throws.
    pub fn eval(&mut self, expression: &str) -> Option<Value> {
        let r = self.cdp.call(
            Some(&self.session.clone()),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        if r.get("error").is_some() || r.get("exceptionDetails").is_some() {
            return None;
        }
        r["result"].get("value").cloned()
    }

    /// Evaluates a JavaScript expression whose value is a promise, and gives what the
    /// promise resolves to; None when it rejects or throws.
    pub fn eval_async(&mut self, expression: &str) -> Option<Value> {
        let r = self.cdp.call(
            Some(&self.session.clone()),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        if r.get("error").is_some() || r.get("exceptionDetails").is_some() {
            return None;
        }
        r["result"].get("value").cloned()
    }

    /// Types `text` into the focused element, as a keyboard would.
    pub fn type_text(&mut self, text: &str) {
        self.cdp.call(
            Some(&self.session.clone()),
            "Input.insertText",
            json!({ "text": text }),
        );
    }

    /// The page's state as the test sees it.
    fn state(&mut self) -> Option<Value> {
        self.eval(
            r#"document.readyState === "complete" ? {
                marker: window.glossTestMarker || null,
                title: (document.querySelector("h1.p-name") || {}).textContent || null,
                text: ((document.querySelector(".e-content") || {}).textContent || "").trim(),
                overlay: (document.getElementById("gloss-error-overlay") || {}).innerText || null,
                navigation: performance.getEntriesByType("navigation")[0].type,
                color: getComputedStyle(document.body).color,
            } : null"#,
        )
        .filter(|v| !v.is_null())
    }

    /// Polls the page until `ok` holds; panics after [`WAIT`] with the last state seen.
    fn wait_for(&mut self, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        let mut last = Value::Null;
        loop {
            if let Some(state) = self.state() {
                if ok(&state) {
                    return state;
                }
                last = state;
            }
            assert!(
                Instant::now() < deadline,
                "the page did not show {what} within {WAIT:?}; last state: {last}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Resizes the tab's viewport to `width` × 900 CSS pixels and waits for the layout.
    fn set_width(&mut self, width: u32) {
        self.cdp.call(
            Some(&self.session.clone()),
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
        );
        let deadline = Instant::now() + WAIT;
        while self.eval("window.innerWidth") != Some(json!(width)) {
            assert!(
                Instant::now() < deadline,
                "the tab did not resize to {width}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn mark(&mut self, marker: &str) {
        self.eval(&format!("window.glossTestMarker = {marker:?}"))
            .unwrap();
    }
}

#[test]
fn the_open_page_reloads_by_itself_and_shows_errors_over_the_last_good_page() {
    let site = Site::new();
    site.write("static/style.css", "body { color: rgb(0, 0, 0); }\n");
    let server = Server::start(&site.root, &[]);
    let port = server.port.to_string();
    let mut browser = Browser::launch();
    let mut tab = browser.open(&format!("{}posts/hello/", server.url));

    tab.wait_for("the post", |s| s["text"] == "First version of hello.");

    // A save reloads the page by itself, showing the new text.
    tab.mark("before-edit");
    site.save_like_vim(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nEdited while open.\n",
    );
    let s = tab.wait_for("the edited text", |s| s["text"] == "Edited while open.");
    assert!(
        s["marker"].is_null(),
        "the page changed without a reload: {s}"
    );
    assert_eq!(s["navigation"], "reload");

    // A broken front matter: an overlay over the last good page, no reload.
    tab.mark("before-error");
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\ndate: 2026-02-30\n---\nBroken.\n",
    );
    let s = tab.wait_for("the error overlay", |s| s["overlay"].is_string());
    let overlay = s["overlay"].as_str().unwrap();
    assert!(
        overlay.contains("content/posts/2026-01-02-hello.md:3:1: error: invalid `date`"),
        "the overlay does not name file:line: {overlay}"
    );
    assert_eq!(s["marker"], "before-error", "the page reloaded on an error");
    assert_eq!(s["text"], "Edited while open.");

    // Fixing the file clears the overlay and shows the fix.
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nFixed.\n",
    );
    let s = tab.wait_for("the fix", |s| {
        s["text"] == "Fixed." && s["overlay"].is_null()
    });
    assert!(s["marker"].is_null());

    // A stylesheet change is swapped in without a reload.
    tab.mark("before-css");
    site.write("static/style.css", "body { color: rgb(0, 0, 128); }\n");
    let s = tab.wait_for("the new stylesheet", |s| s["color"] == "rgb(0, 0, 128)");
    assert_eq!(
        s["marker"], "before-css",
        "a stylesheet change reloaded the page"
    );

    // The server restarts: the page reconnects and reloads by itself.
    tab.mark("before-restart");
    assert!(server.interrupt().success());
    site.write(
        "content/posts/2026-01-02-hello.md",
        "---\ntitle: Hello\n---\nAfter the restart.\n",
    );
    let server = Server::start(&site.root, &["--port", &port]);
    let s = tab.wait_for("the page after the restart", |s| {
        s["text"] == "After the restart."
    });
    assert!(s["marker"].is_null());
    drop(browser);
    assert!(server.interrupt().success());
}

#[test]
fn a_page_whose_template_fails_shows_the_error_and_reloads_once_fixed() {
    let site = Site::new();
    site.write(
        "content/posts/2026-01-04-boom.md",
        "---\ntitle: Boom\nboom: true\n---\nBoom body.\n",
    );
    // `page.html` raising an error on line 4 for pages whose front matter sets `boom`.
    let template = "{% extends \"base.html\" %}\n{% block main %}\n<h1 class=\"p-name\">{{ page.title }}</h1>\n{% if page.extra.boom %}{{ page.extra.boom.missing }}{% endif %}\n<div class=\"e-content\">{{ page.content | safe }}</div>\n{% endblock main %}\n";
    site.write("templates/page.html", template);
    let server = Server::start(&site.root, &[]);
    let mut browser = Browser::launch();
    let mut tab = browser.open(&format!("{}posts/boom/", server.url));

    let s = tab.wait_for("the error overlay", |s| s["overlay"].is_string());
    let overlay = s["overlay"].as_str().unwrap();
    assert!(
        overlay.contains("templates/page.html:4:")
            && overlay.contains("while rendering content/posts/2026-01-04-boom.md"),
        "the overlay does not name the template's line: {overlay}"
    );
    // It stays: the page's build is the server's, so no message hides it.
    tab.mark("with-error");
    std::thread::sleep(Duration::from_millis(500));
    let s = tab.wait_for("the overlay still there", |s| s["overlay"].is_string());
    assert_eq!(s["marker"], "with-error");

    site.write(
        "templates/page.html",
        &template.replace("{{ page.extra.boom.missing }}", "Boom!"),
    );
    let s = tab.wait_for("the fixed page", |s| {
        s["text"] == "Boom body." && s["overlay"].is_null()
    });
    assert!(s["marker"].is_null(), "the page did not reload: {s}");
    assert_eq!(s["title"], "Boom");
    drop(browser);
    assert!(server.interrupt().success());
}

/// Sidenotes sit in the right margin only when the window has room for them: at a
/// laptop's 1280 pixels they used to run off the page (the margin began at 1216).
#[test]
fn sidenotes_fit_the_window_or_move_to_the_end() {
    let site = Site::new();
    let long = "A sentence of the post that runs on for a while. ".repeat(12);
    site.write(
        "content/posts/2026-01-05-noted.md",
        &format!(
            "---\ntitle: Noted\n---\n{long}Here is a claim.[^1] {long}\n\n[^1]: A note long enough to wrap over several lines of the margin, as real notes do.\n"
        ),
    );
    let server = Server::start(&site.root, &[]);
    let mut browser = Browser::launch();
    let mut tab = browser.open(&format!("{}posts/noted/", server.url));
    tab.wait_for("the post", |s| s["title"] == "Noted");
    let layout = r#"(() => {
        const note = document.querySelector(".sidenote");
        const box = note.getBoundingClientRect();
        return {
            shown: getComputedStyle(note).display !== "none",
            right: box.right,
            width: document.documentElement.clientWidth,
            scroll: document.documentElement.scrollWidth,
        };
    })()"#;
    for width in [1024, 1216, 1280, 1366, 1440, 1920] {
        tab.set_width(width);
        let l = tab.eval(layout).unwrap();
        assert!(
            l["scroll"].as_f64() <= l["width"].as_f64(),
            "at {width} px the page scrolls sideways: {l}"
        );
        if l["shown"] == true {
            assert!(
                l["right"].as_f64() <= l["width"].as_f64(),
                "at {width} px the sidenote runs off the page: {l}"
            );
        }
        // Wide windows do show the note in the margin.
        if width >= 1440 {
            assert_eq!(l["shown"], true, "at {width} px: {l}");
        }
    }
    drop(browser);
    assert!(server.interrupt().success());
}
