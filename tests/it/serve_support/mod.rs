//! Helpers for the `gloss serve` tests: a fixture site in a temp folder, the real server
//! on a free port, a raw HTTP client (raw, so that traversal paths reach the server as
//! written), and a live reload client. Every wait is bounded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long any single wait in these tests may take.
pub const WAIT: Duration = Duration::from_secs(20);

/// A site in a temp folder (`dir/site`; `dir` itself holds files outside the site).
pub struct Site {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    /// A small site: two posts in `posts`, an about page, a stylesheet.
    pub fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let site = Site { dir, root };
        site.write(
            "gloss.toml",
            "title = \"Serve test\"\nbase_url = \"https://example.org/blog/\"\n",
        );
        site.write(
            "content/posts/2026-01-02-hello.md",
            "---\ntitle: Hello\ntags: [news]\n---\nFirst version of hello.\n",
        );
        site.write(
            "content/posts/2026-01-03-second.md",
            "---\ntitle: Second\n---\nThe second post.\n",
        );
        site.write(
            "content/about.md",
            "---\ntitle: About\n---\nAbout this site.\n",
        );
        site.write("static/extra.css", "body { color: black; }\n");
        site
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file in place (truncate and write, as most editors do by default).
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Saves as Vim does with `backupcopy=no`: probe file `4913`, the original renamed to
    /// a `~` backup, the new text written, the backup deleted.
    pub fn save_like_vim(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let dir = path.parent().unwrap();
        let probe = dir.join("4913");
        std::fs::write(&probe, "").unwrap();
        std::fs::remove_file(&probe).unwrap();
        let backup = PathBuf::from(format!("{}~", path.display()));
        std::fs::rename(&path, &backup).unwrap();
        std::fs::write(&path, text).unwrap();
        std::fs::remove_file(&backup).unwrap();
    }

    /// Saves as JetBrains IDEs do: write a temporary file, move the original aside, move
    /// the temporary file into place, delete the original.
    pub fn save_like_jetbrains(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let tmp = PathBuf::from(format!("{}___jb_tmp___", path.display()));
        let old = PathBuf::from(format!("{}___jb_old___", path.display()));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&path, &old).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        std::fs::remove_file(&old).unwrap();
    }

    /// Saves atomically as VS Code and many tools do: a temporary file renamed over the original.
    pub fn save_by_rename(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }

    pub fn rename(&self, from: &str, to: &str) {
        let to = self.path(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(self.path(from), to).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        let path = self.path(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }

    /// Every path under the site root, for checking that serving wrote nothing.
    /// (The image cache, `.gloss-cache/`, which builds and the preview share, is left out.)
    pub fn listing(&self) -> Vec<PathBuf> {
        let cache = self.root.join(".gloss-cache");
        let mut all: Vec<PathBuf> = walk(&self.root)
            .into_iter()
            .filter(|p| !p.starts_with(&cache))
            .collect();
        all.sort();
        all
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() && !p.is_symlink() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

/// The real `gloss serve`, killed on drop if a test did not stop it.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    pub port: u16,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `gloss serve --root ROOT --port 0 ARGS…` and waits until it prints its URL.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        Server::serve(root, args, &[])
    }

    /// Starts `gloss serve --root ROOT --port 0` with these environment variables set.
    pub fn start_with_env(root: &Path, env: &[(&str, &Path)]) -> Server {
        Server::serve(root, &[], env)
    }

    fn serve(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Server {
        let mut all = vec!["serve", "--root", root.to_str().unwrap()];
        if !args.contains(&"--port") {
            all.extend(["--port", "0"]);
        }
        all.extend(args);
        Server::start_env(&all, env).unwrap_or_else(|(status, log)| {
            panic!("gloss serve exited ({status:?}) before serving:\n{log}")
        })
    }

    /// Starts `gloss ARGS…`; Err(exit status, stderr) when it exits before serving.
    pub fn start_raw(args: &[&str]) -> Result<Server, (Option<ExitStatus>, String)> {
        Server::start_env(args, &[])
    }

    fn start_env(
        args: &[&str],
        env: &[(&str, &Path)],
    ) -> Result<Server, (Option<ExitStatus>, String)> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        let lines = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if let Some(i) = line.find("serving at http://") {
                    let url = line[i + "serving at ".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap()
                        .to_string();
                    let _ = tx.send(url);
                }
                lines.lock().unwrap().push(line);
            }
        });
        let Ok(url) = rx.recv_timeout(WAIT) else {
            let _ = child.kill();
            let status = child.wait().ok();
            std::thread::sleep(Duration::from_millis(100));
            let log = stderr.lock().unwrap().join("\n");
            return Err((status, log));
        };
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Ok(Server {
            child,
            url,
            port,
            stderr,
        })
    }

    /// What the server printed so far.
    pub fn log(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// Whether it is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Sends SIGINT (Ctrl-C) and waits for the exit.
    pub fn interrupt(mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -INT failed");
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "gloss serve did not stop within {WAIT:?} of Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// GET a path, sent exactly as written.
    pub fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    /// A live reload client connected to this server.
    pub fn live(&self) -> Live {
        Live::connect(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// The text of the first element matching `selector`, trimmed.
    pub fn text(&self, selector: &str) -> Option<String> {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html()
            .select(&sel)
            .next()
            .map(|e| e.text().collect::<String>().trim().to_string())
    }

    pub fn count(&self, selector: &str) -> usize {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html().select(&sel).count()
    }
}

/// One HTTP/1.0 request over a fresh connection, the request target sent verbatim.
pub fn request(port: u16, method: &str, target: &str) -> Response {
    request_with(port, method, target, &[])
}

/// Like [`request`], with extra request headers (`Range`, `If-None-Match`…).
pub fn request_with(port: u16, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{extra}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// A live reload client: what an open page hears.
pub struct Live {
    socket: tungstenite::WebSocket<TcpStream>,
    /// The latest state received.
    pub last: Value,
}

impl Live {
    pub fn connect(port: u16) -> Live {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let (socket, _) =
            tungstenite::client::client(format!("ws://127.0.0.1:{port}/__gloss/live"), stream)
                .unwrap();
        let mut live = Live {
            socket,
            last: Value::Null,
        };
        live.last = live.next();
        live
    }

    /// The next state message, or None when none comes within `within`.
    pub fn next_within(&mut self, within: Duration) -> Option<Value> {
        let within = within.max(Duration::from_millis(1));
        self.socket
            .get_mut()
            .set_read_timeout(Some(within))
            .unwrap();
        loop {
            match self.socket.read() {
                Ok(tungstenite::Message::Text(t)) => {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    self.last = v.clone();
                    return Some(v);
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None;
                }
                Err(e) => panic!("live reload socket: {e}"),
            }
        }
    }

    /// The next state message; panics after [`WAIT`].
    pub fn next(&mut self) -> Value {
        self.next_within(WAIT)
            .unwrap_or_else(|| panic!("no live reload message within {WAIT:?}"))
    }

    /// The build the server shows now.
    pub fn build(&self) -> String {
        self.last["build"].as_str().unwrap().to_string()
    }

    /// Receives messages until one satisfies `ok` (which may also fetch pages: the
    /// served site has changed by the time a message arrives). At least one message is
    /// received, so this proves that open pages were told. Panics after [`WAIT`],
    /// naming `what`.
    pub fn until(&mut self, what: &str, mut ok: impl FnMut(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(v) = self.next_within(left) else {
                panic!("timed out waiting for {what}; last message: {}", self.last);
            };
            if ok(&v) {
                return v;
            }
        }
    }

    /// Whether no message arrives within `within`.
    pub fn quiet_for(&mut self, within: Duration) -> bool {
        self.next_within(within).is_none()
    }
}

/// The generation number at the end of a build id (`RUN-N`).
pub fn generation(build: &Value) -> u64 {
    build["build"]
        .as_str()
        .unwrap()
        .rsplit('-')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
