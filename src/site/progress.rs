//! Progress of a build, told to whoever shows it (the CLI's printer, or nobody).
//!
//! The site stage only says which stage it is in and how many items it finished; it never
//! prints. Implementations must be cheap and thread-safe: `advance` is called from rayon
//! workers, once per item.

/// A stage of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading templates and content.
    Load,
    /// Rendering Markdown, one item per page.
    Markdown,
    /// Rendering templates, one item per output file.
    Templates,
    /// Writing the output folder (told by the caller that writes it).
    Write,
}

impl Stage {
    /// A short verb phrase for people ("rendering Markdown").
    pub fn label(self) -> &'static str {
        match self {
            Stage::Load => "reading content",
            Stage::Markdown => "rendering Markdown",
            Stage::Templates => "rendering templates",
            Stage::Write => "writing files",
        }
    }
}

/// Receives progress; see the module docs.
pub trait Progress: Sync {
    /// A stage starts with `total` items (0 when unknown).
    fn start(&self, stage: Stage, total: usize);
    /// `n` more items of the current stage are done.
    fn advance(&self, n: usize);
}

/// Progress that goes nowhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _stage: Stage, _total: usize) {}
    fn advance(&self, _n: usize) {}
}
