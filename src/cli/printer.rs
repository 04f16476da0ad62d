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

    /// Prints a diagnostic and returns [`super::Failed`], for `map_err`.
    pub fn fail(&self, d: &Diagnostic) -> super::Failed {
        self.diagnostic(d);
        super::Failed
    }

    /// Prints a line the user needs even when quiet (the preview's address).
    pub fn notice(&self, line: &str) {
        eprintln!("{line}");
    }

    /// Prints a warning line that is not a diagnostic (hidden when quiet).
    pub fn warning(&self, line: &str) {
        if !self.quiet {
            eprintln!("warning: {line}");
        }
    }

    /// Prints an error line that is not a diagnostic.
    pub fn error(&self, line: &str) {
        eprintln!("error: {line}");
    }
}
