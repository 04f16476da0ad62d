//! The command line: clap derive, one `Args` struct per command with `run`.
//!
//! Commands are short scripts over the library. What goes to the terminal is decided by
//! one [`Printer`], not by each command.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod printer;
pub mod serve;
pub mod update;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use printer::Printer;

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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failed) => ExitCode::FAILURE,
    }
}
