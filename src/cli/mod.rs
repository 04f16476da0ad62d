//! The command line: clap derive, one `Args` struct per command with `run`.
//!
//! Commands are short scripts over the library. What goes to the terminal is decided by
//! one [`Printer`], not by each command.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod printer;
pub(crate) mod serve;
pub(crate) mod update;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

pub use printer::Printer;

use crate::config::Config;
use crate::content::Drafts;
use crate::diagnostic::Diagnostic;

/// gloss: a static site generator for annotated commentary.
#[derive(Debug, Parser)]
#[command(name = "gloss", version, about, long_about = None)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// gloss's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(build::BuildArgs),
    /// Build in memory and check every link, image and #fragment.
    Check(check::CheckArgs),
    /// Write a new post with front matter.
    New(new::NewArgs),
    /// Add a dated update notice to a post and set `updated`.
    Update(update::UpdateArgs),
    /// Create a new site.
    Init(init::InitArgs),
    /// Preview the site: serve it locally, rebuild on save, reload the browser.
    Serve(serve::ServeArgs),
    /// Make a gloss site from a Jekyll, Hugo, Zola, Eleventy or Pelican site.
    Import(import::ImportArgs),
}

/// The flags of the commands that build the site (`build`, `check`, `serve`): which site,
/// and whether its drafts are in it.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (holding content/ and, optionally, gloss.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Build drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Build posts dated in the future (scheduled) and expired ones too.
    #[arg(long)]
    pub future: bool,
}

impl SiteArgs {
    /// Whether drafts are built.
    pub fn drafts(&self) -> Drafts {
        if self.drafts {
            Drafts::Include
        } else {
            Drafts::Exclude
        }
    }

    /// Reads the site's configuration, with the base URL replaced by `base_url` (a
    /// `--base-url` flag) when given.
    ///
    /// Errors: gloss.toml is invalid, or `base_url` is not usable.
    pub fn config(&self, base_url: Option<&str>) -> Result<Config, Diagnostic> {
        let mut config = Config::load(&self.root)?;
        if let Some(url) = base_url {
            config.replace_base_url(url)?;
        }
        config.future = self.future;
        Ok(config)
    }
}

/// A command failed; what went wrong has already been printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failed;

/// Parses the command line, runs the command, and turns its result into an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer::new(cli.quiet);
    let result = match &cli.command {
        Command::Build(args) => args.run(&printer),
        Command::Check(args) => args.run(&printer),
        Command::New(args) => args.run(&printer),
        Command::Update(args) => args.run(&printer),
        Command::Init(args) => args.run(&printer),
        Command::Serve(args) => args.run(&printer),
        Command::Import(args) => args.run(&printer),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failed) => ExitCode::FAILURE,
    }
}
