//! The one place that decides what reaches the terminal (stderr): diagnostics, progress,
//! and closing summaries. `--quiet` keeps errors only.

use std::io::IsTerminal;

use crate::diagnostic::Diagnostic;

/// Where messages go, and how much.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    quiet: bool,
    terminal: bool,
}

impl Printer {
    /// A printer; `quiet` hides everything but errors.
    pub fn new(quiet: bool) -> Self {
        Printer {
            quiet,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Whether stderr is a terminal (progress may be animated).
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// Whether only errors are shown.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Prints a diagnostic (warnings are hidden when quiet).
    pub fn diagnostic(&self, d: &Diagnostic) {
        if !self.quiet || d.is_error() {
            eprintln!("{d}");
        }
    }

    /// Prints a progress or summary line.
    pub fn status(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// Shows how far a long task is (`done` of `total`): a count rewritten in place on a
    /// terminal, a plain line every tenth of the way otherwise; nothing when quiet.
    pub fn progress(&self, what: &str, done: usize, total: usize) {
        if self.quiet || total == 0 {
            return;
        }
        if self.terminal {
            eprint!("\r{what} {done}/{total}");
            if done >= total {
                eprintln!();
            }
        } else if done == total || done.is_multiple_of(total.div_ceil(10).max(1)) {
            eprintln!("{what} {done}/{total}");
        }
    }

    /// Prints a diagnostic and returns [`super::Failed`], for `map_err`.
    pub fn fail(&self, d: &Diagnostic) -> super::Failed {
        self.diagnostic(d);
        super::Failed
    }

    /// Prints an error line that is not a diagnostic.
    pub fn error(&self, line: &str) {
        eprintln!("error: {line}");
    }
}
