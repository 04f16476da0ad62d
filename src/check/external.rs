//! External links: requests each outside URL once (`gloss check --external`).
//!
//! Takes the links gathered by [`super::internal`] and the `[link_checker]` settings, and
//! returns diagnostics located where each link was written. URLs are checked concurrently
//! by a small pool of threads (blocking `ureq`), at most `per_host` at a time to one host,
//! each request bounded by `timeout` (redirects included) and tried again after a timeout,
//! a failed connection, 429 or a 5xx, with a growing pause. A `HEAD` answered with an
//! error is asked again with `GET`, since many servers answer `HEAD` badly. Hosts in
//! `skip_hosts` (and their subdomains) are never requested.
//!
//! 404, 410 and other errors are errors; 401, 403 and 429 (the server refused a robot)
//! are warnings, to check by hand. Nothing is cached between runs.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::config::LinkCheckerConfig;
use crate::diagnostic::Diagnostic;

/// A link that leaves the site, with every place it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExternalLink {
    /// The absolute URL, without its fragment.
    pub url: String,
    /// Where it was written.
    pub found: Vec<Found>,
}

/// Where a link was written: a Markdown file and line, or a generated page's output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

/// What one URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A 2xx, after any redirects.
    Fine,
    /// The server refused the checker (401, 403, 429): the page may well exist.
    Refused(u16),
    /// Any other error status (404, 410, 500, …).
    Broken(u16),
    /// No answer: timeout, unknown host, refused connection, TLS failure, redirect loop.
    Failed(String),
}

/// Whether `host` is `skip` or one of its subdomains.
pub(crate) fn is_skipped(host: &str, skip: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    skip.iter()
        .any(|s| host == *s || host.ends_with(&format!(".{s}")))
}

/// Checks `links` and returns one diagnostic per place a failing link was written.
/// `progress(done, total)` is called after each URL, from the checking threads.
pub(crate) fn check(
    settings: &LinkCheckerConfig,
    links: &[ExternalLink],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Diagnostic> {
    let todo: Vec<&ExternalLink> = links
        .iter()
        .filter(|l| {
            url::Url::parse(&l.url)
                .ok()
                .and_then(|u| u.host_str().map(|h| !is_skipped(h, &settings.skip_hosts)))
                .unwrap_or(true)
        })
        .collect();
    let urls: Vec<&str> = todo.iter().map(|l| l.url.as_str()).collect();
    let outcomes = fetch_all(settings, &urls, progress);
    let mut out = Vec::new();
    for (link, outcome) in todo.iter().zip(outcomes) {
        let (error, what, help) = match &outcome {
            Outcome::Fine => continue,
            Outcome::Refused(code) => (
                false,
                format!("the server refused the link checker ({code})"),
                "open the link in a browser; if it works, add its host to [link_checker] skip_hosts",
            ),
            Outcome::Broken(code) => (
                true,
                format!("the server answered {code}{}", status_words(*code)),
                "fix or remove the link; an archived copy (web.archive.org) can replace a page that is gone",
            ),
            Outcome::Failed(why) => (
                true,
                why.clone(),
                "check the link in a browser; if the host is only unreachable from here, add it to [link_checker] skip_hosts",
            ),
        };
        for f in &link.found {
            let message = format!("external link {}: {what}", link.url);
            let mut d = if error {
                Diagnostic::error(&f.path, message)
            } else {
                Diagnostic::warning(&f.path, message)
            }
            .with_help(help);
            d.line = f.line;
            d.column = f.column;
            out.push(d);
        }
    }
    out.sort();
    out
}

fn status_words(code: u16) -> &'static str {
    match code {
        404 => " (not found)",
        410 => " (gone)",
        500 => " (server error)",
        502 => " (bad gateway)",
        503 => " (unavailable)",
        _ => "",
    }
}

/// The host part a per-host limit counts against.
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// Checks every URL with a pool of threads, at most `per_host` in flight per host.
/// Returns the outcomes in the order of `urls`.
pub(crate) fn fetch_all(
    settings: &LinkCheckerConfig,
    urls: &[&str],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Outcome> {
    struct Queue {
        pending: VecDeque<usize>,
        in_flight: HashMap<String, usize>,
        done: usize,
    }
    let total = urls.len();
    let hosts: Vec<String> = urls.iter().map(|u| host_of(u)).collect();
    let queue = Mutex::new(Queue {
        pending: (0..total).collect(),
        in_flight: HashMap::new(),
        done: 0,
    });
    let wake = Condvar::new();
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; total]);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!(
            "Mozilla/5.0 (compatible; gloss-link-checker/",
            env!("CARGO_PKG_VERSION"),
            ")"
        ))
        .build()
        .into();
    let per_host = settings.per_host.max(1);
    let workers = total.min(8);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let job = {
                        let Ok(mut q) = queue.lock() else { return };
                        loop {
                            if q.pending.is_empty() {
                                return;
                            }
                            let free = q.pending.iter().position(|&i| {
                                q.in_flight.get(&hosts[i]).copied().unwrap_or(0) < per_host
                            });
                            if let Some(pos) = free
                                && let Some(i) = q.pending.remove(pos)
                            {
                                *q.in_flight.entry(hosts[i].clone()).or_insert(0) += 1;
                                break i;
                            }
                            q = match wake.wait(q) {
                                Ok(q) => q,
                                Err(_) => return,
                            };
                        }
                    };
                    let outcome = fetch(&agent, urls[job], settings);
                    if let Ok(mut r) = results.lock() {
                        r[job] = Some(outcome);
                    }
                    let done = {
                        let Ok(mut q) = queue.lock() else { return };
                        if let Some(n) = q.in_flight.get_mut(&hosts[job]) {
                            *n = n.saturating_sub(1);
                        }
                        q.done += 1;
                        q.done
                    };
                    wake.notify_all();
                    progress(done, total);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Failed("not checked".to_string())))
        .collect()
}

/// Checks one URL, trying again after failures that may pass.
fn fetch(agent: &ureq::Agent, url: &str, settings: &LinkCheckerConfig) -> Outcome {
    let mut outcome = Outcome::Failed("not checked".to_string());
    for attempt in 0..=settings.retries {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(250) * 2u32.pow((attempt - 1).min(4)));
        }
        outcome = request(agent.head(url).call(), settings);
        if matches!(outcome, Outcome::Broken(_) | Outcome::Refused(_)) {
            // Many servers answer HEAD with 403, 404 or 405 for pages that exist.
            outcome = request(agent.get(url).call(), settings);
        }
        let again = match &outcome {
            Outcome::Fine => false,
            Outcome::Refused(code) => *code == 429,
            Outcome::Broken(code) => *code >= 500,
            Outcome::Failed(why) => !why.starts_with("unknown host"),
        };
        if !again {
            break;
        }
    }
    outcome
}

fn request(
    result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    settings: &LinkCheckerConfig,
) -> Outcome {
    match result {
        Ok(response) => match response.status().as_u16() {
            200..=399 => Outcome::Fine,
            code @ (401 | 403 | 429) => Outcome::Refused(code),
            code => Outcome::Broken(code),
        },
        Err(ureq::Error::Timeout(_)) => Outcome::Failed(format!(
            "no answer within {} s (timed out)",
            settings.timeout.as_secs()
        )),
        Err(ureq::Error::HostNotFound) => Outcome::Failed("unknown host".to_string()),
        Err(ureq::Error::TooManyRedirects) => {
            Outcome::Failed("too many redirects (a redirect loop?)".to_string())
        }
        Err(ureq::Error::Io(e)) => Outcome::Failed(format!("cannot connect: {e}")),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_hosts_cover_subdomains() {
        let skip = vec!["example.com".to_string()];
        assert!(is_skipped("example.com", &skip));
        assert!(is_skipped("www.Example.com.", &skip));
        assert!(!is_skipped("notexample.com", &skip));
    }
}
