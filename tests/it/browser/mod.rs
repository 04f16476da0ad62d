//! Headless Chromium for the browser tests, driven over the DevTools protocol (a small
//! client over a WebSocket: numbered calls, events skipped), and a static file server
//! for built sites.
//!
//! Chromium must be installed (`scripts/test.sh` installs Debian's `chromium`); without
//! it these tests fail and say so. Set `GLOSS_CHROMIUM` to use another binary.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long to wait for Chromium, a page or an answer.
pub const WAIT: Duration = Duration::from_secs(20);

/// Headless Chromium with a throwaway profile, killed on drop.
pub struct Browser {
    child: Child,
    cdp: Cdp,
    _profile: tempfile::TempDir,
}

pub fn chromium_binary() -> PathBuf {
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
pub struct Cdp {
    socket: tungstenite::WebSocket<TcpStream>,
    next_id: u64,
}

impl Cdp {
    pub fn connect(endpoint: &str) -> Cdp {
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

    pub fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> u64 {
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
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
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

    /// The page's state as the test sees it.
    pub fn state(&mut self) -> Option<Value> {
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
    pub fn wait_for(&mut self, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
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
    pub fn set_width(&mut self, width: u32) {
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

    pub fn mark(&mut self, marker: &str) {
        self.eval(&format!("window.glossTestMarker = {marker:?}"))
            .unwrap();
    }
}

impl Tab<'_> {
    /// Evaluates an expression whose value is a promise and returns what it resolves to,
    /// or panics with the exception.
    pub fn eval_async(&mut self, expression: &str) -> Value {
        let r = self.cdp.call(
            Some(&self.session.clone()),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            r.get("error").is_none() && r.get("exceptionDetails").is_none(),
            "{expression:.80} failed: {r}"
        );
        r["result"].get("value").cloned().unwrap_or(Value::Null)
    }

    /// Evaluates an expression whose value is a promise and returns what it resolves to;
    /// None when it rejects or throws (for polling until a page is ready).
    pub fn try_eval_async(&mut self, expression: &str) -> Option<Value> {
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

    /// Opens `url` in this tab and waits until it has loaded.
    pub fn navigate(&mut self, url: &str) {
        self.cdp.call(
            Some(&self.session.clone()),
            "Page.navigate",
            json!({ "url": url }),
        );
        let deadline = Instant::now() + WAIT;
        let check = format!("document.readyState === 'complete' && location.href === {url:?}");
        while self.eval(&check) != Some(json!(true)) {
            assert!(
                Instant::now() < deadline,
                "{url} did not load within {WAIT:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Shows the page as in a window `width` × `height` CSS pixels, in the dark or the
    /// light scheme (`prefers-color-scheme`).
    pub fn emulate(&mut self, width: u32, height: u32, dark: bool) {
        let session = self.session.clone();
        self.cdp.call(
            Some(&session),
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
        self.cdp.call(
            Some(&session),
            "Emulation.setEmulatedMedia",
            // Reduced motion: focus and anchors scroll at once, as the tests expect.
            json!({ "features": [
                { "name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" } },
                { "name": "prefers-reduced-motion", "value": "reduce" },
            ] }),
        );
        let deadline = Instant::now() + WAIT;
        let check = format!(
            "window.innerWidth === {width} && matchMedia('(prefers-color-scheme: dark)').matches === {dark}"
        );
        while self.eval(&check) != Some(json!(true)) {
            assert!(
                Instant::now() < deadline,
                "the tab did not change to {width} px"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Presses a key as a person would: `key` is the DOM key name (`Tab`, `Enter`), `code`
    /// its Windows virtual key code.
    pub fn press(&mut self, key: &str, code: u32) {
        let session = self.session.clone();
        for kind in ["rawKeyDown", "keyUp"] {
            self.cdp.call(
                Some(&session),
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key, "code": key,
                        "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code }),
            );
        }
    }
}

/// Serves a folder over HTTP on 127.0.0.1 as a static host would: `/dir/` is
/// `dir/index.html`, anything missing is a 404. Runs until the test process ends.
pub struct StaticServer {
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                std::thread::spawn(move || serve_one(&dir, stream));
            }
        });
        StaticServer { url }
    }
}

fn serve_one(dir: &Path, mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Headers are read and ignored; one request per connection.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut file: PathBuf = dir.join(path.trim_start_matches('/'));
    if path.contains("..") {
        file = dir.join("404.html");
    } else if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(body) => ("200 OK", body),
        Err(_) => (
            "404 Not Found",
            std::fs::read(dir.join("404.html")).unwrap_or_default(),
        ),
    };
    let kind = match file.extension().and_then(|e| e.to_str()).unwrap_or("html") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
