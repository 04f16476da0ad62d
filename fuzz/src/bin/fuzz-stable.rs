//! Runs gloss's fuzz targets on a stable compiler, without libFuzzer.
//!
//! ```text
//! fuzz-stable TARGET CORPUS_DIR [--seconds N] [--seed N]
//! ```
//!
//! First every file of CORPUS_DIR goes through TARGET (a regression run: crashes found
//! before are kept there). Then, for N seconds (default 0), random mutations of those
//! files do: bytes flipped, inserted or deleted, Markdown and YAML tokens inserted, parts
//! repeated (deep nesting), two inputs spliced. There is no coverage feedback, so this
//! finds less than `cargo fuzz`; it needs no nightly compiler. Inputs run on a thread with
//! a 2 MiB stack, as gloss's rendering threads have.
//!
//! An input that panics is written to `artifacts/TARGET/crash-HASH`; one slower than
//! a second, to `artifacts/TARGET/slow-HASH` (work that grows faster than the input).
//! Before each run the input is written to `artifacts/TARGET/last-input`, so that an
//! input that aborts the process (a stack overflow) is kept too. Exit status 1 when
//! anything was found.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TOKENS: &[&[u8]] = &[
    b"\n",
    b"\n\n",
    b"> ",
    b"- ",
    b"1. ",
    b"# ",
    b"```\n",
    b"    ",
    b"\t",
    b"*",
    b"**",
    b"_",
    b"`",
    b"~~",
    b"[",
    b"]",
    b"(",
    b")",
    b"[^a]",
    b"[^a]: ",
    b"> [!NOTE]\n",
    b"> [!UPDATE] ",
    b"**Update:** ",
    b" {#fn-1}",
    b" {#quote-1}",
    b"[x](#fn-1)",
    b"|a|b|\n|-|-|\n",
    b"<!-- more -->",
    b"<div>",
    b"</div>",
    b"&#7;",
    b"---\n",
    b"+++\n",
    b"title: ",
    b"date: 2024-02-30",
    b"tags: [",
    b"&a ",
    b"*a",
    b": ",
    b" = ",
    b"\"",
    b"'",
    b"\r\n",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xE2\x80\x94",
    b"\xF0\x9F\x8E\x89",
    b"\xEE\x80\x80",
];

const SLOW: Duration = Duration::from_secs(1);

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..=rng.below(8) {
        let at = rng.below(input.len() + 1);
        match rng.below(7) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => input.insert(at, rng.next() as u8),
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            3 if !input.is_empty() => {
                let len = rng.below(input.len() - at.min(input.len()) + 1).min(64);
                input.drain(at.min(input.len())..(at + len).min(input.len()));
            }
            4 if !input.is_empty() => {
                // Repeat a short part many times: nesting, long runs.
                let start = rng.below(input.len());
                let len = 1 + rng.below(8.min(input.len() - start));
                let part = input[start..start + len].to_vec();
                let times = 1 + rng.below(2_000);
                let mut repeated = Vec::with_capacity(len * times);
                for _ in 0..times {
                    repeated.extend_from_slice(&part);
                }
                input.splice(start..start, repeated);
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                input.splice(at..at, other[from..].iter().take(256).copied());
            }
            _ => input.truncate(at),
        }
    }
    input.truncate(1 << 20);
}

fn hash(data: &[u8]) -> String {
    // FNV-1a, for artifact names only.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: fuzz-stable TARGET CORPUS_DIR [--seconds N] [--seed N]";
    let (Some(name), Some(corpus_dir)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        return std::process::ExitCode::from(2);
    };
    let option = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let seconds = option("--seconds").unwrap_or(0);
    let seed = option("--seed").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1
    });
    let Some(&(_, target)) = gloss_fuzz::TARGETS.iter().find(|(n, _)| n == name) else {
        eprintln!("unknown target {name}; targets: markdown, front_matter");
        return std::process::ExitCode::from(2);
    };
    let mut corpus: Vec<Vec<u8>> = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in &files {
        if let Ok(bytes) = std::fs::read(f) {
            corpus.push(bytes);
        }
    }
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(name);
    std::fs::create_dir_all(&artifacts).expect("cannot create the artifacts folder");
    let last = artifacts.join("last-input");

    // Panic messages are collected, not printed for every input.
    let message: Arc<Mutex<String>> = Arc::default();
    let sink = Arc::clone(&message);
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut m) = sink.lock() {
            *m = info.to_string();
        }
    }));

    let run_one = move |input: Vec<u8>| -> (Vec<u8>, bool, Duration) {
        let _ = std::fs::write(&last, &input);
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let start = Instant::now();
                let ok = std::panic::catch_unwind(|| target(&input)).is_ok();
                (input, ok, start.elapsed())
            })
            .expect("cannot start a thread")
            .join()
            .expect("the target thread failed")
    };

    let mut found = 0usize;
    // Keeps and prints what an input found; whether it found anything.
    let report = |input: &[u8], ok: bool, took: Duration| -> bool {
        let kind = if !ok {
            "crash"
        } else if took > SLOW {
            "slow"
        } else {
            return false;
        };
        let path = artifacts.join(format!("{kind}-{}", hash(input)));
        let _ = std::fs::write(&path, input);
        let why = if ok {
            format!("took {took:?}")
        } else {
            message.lock().map(|m| m.clone()).unwrap_or_default()
        };
        eprintln!("{kind}: {} ({} bytes): {why}", path.display(), input.len());
        true
    };

    for input in corpus.clone() {
        let (input, ok, took) = run_one(input);
        found += usize::from(report(&input, ok, took));
    }
    eprintln!("{name}: {} corpus inputs run", corpus.len());

    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs = 0u64;
    while Instant::now() < deadline && found == 0 {
        let mut input = if corpus.is_empty() {
            Vec::new()
        } else {
            corpus[rng.below(corpus.len())].clone()
        };
        mutate(&mut rng, &corpus, &mut input);
        let (input, ok, took) = run_one(input);
        found += usize::from(report(&input, ok, took));
        runs += 1;
    }
    if seconds > 0 {
        eprintln!("{name}: {runs} mutated inputs run in {seconds} s (seed {seed})");
    }
    if found > 0 {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
