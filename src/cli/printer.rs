//! The one place that decides what reaches the terminal (stderr): diagnostics, progress,
//! and closing summaries. `--quiet` keeps errors only. Progress is an indicatif bar on a
//! terminal and one plain line per stage otherwise (logs, CI), so no command decides
//! that for itself.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diagnostic::Diagnostic;
use crate::site::{Progress, Stage};

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
    pub fn count(&self, what: &str, done: usize, total: usize) {
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

    /// A progress display for one piece of work: a bar on a terminal, plain lines
    /// otherwise, nothing when quiet. Call `ProgressDisplay::finish` before printing
    /// anything else.
    pub fn progress(&self) -> ProgressDisplay {
        if self.quiet {
            ProgressDisplay::Hidden
        } else if self.terminal {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(100));
            ProgressDisplay::Bar(bar)
        } else {
            ProgressDisplay::Lines
        }
    }
}

/// Shows a build's progress; made by [`Printer::progress`].
#[derive(Debug)]
pub enum ProgressDisplay {
    /// Nothing (`--quiet`).
    Hidden,
    /// One line per stage (stderr is not a terminal).
    Lines,
    /// An animated bar (stderr is a terminal).
    Bar(ProgressBar),
}

impl ProgressDisplay {
    /// Removes the bar, so that what follows is printed on a clean line.
    pub fn finish(&self) {
        if let ProgressDisplay::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

impl Progress for ProgressDisplay {
    fn start(&self, stage: Stage, total: usize) {
        match self {
            ProgressDisplay::Hidden => {}
            ProgressDisplay::Lines => match total {
                0 => eprintln!("{}", stage.label()),
                n => eprintln!("{} ({n})", stage.label()),
            },
            ProgressDisplay::Bar(bar) => {
                // A stage of unknown size spins; a counted one shows a bar.
                let template = if total == 0 {
                    "{spinner} {msg}"
                } else {
                    "{spinner} {msg:20} [{bar:30}] {pos}/{len}"
                };
                if let Ok(style) = ProgressStyle::with_template(template) {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar.set_message(stage.label());
                bar.set_length(total as u64);
                bar.set_position(0);
            }
        }
    }

    fn advance(&self, n: usize) {
        if let ProgressDisplay::Bar(bar) = self {
            bar.inc(n as u64);
        }
    }
}
