//! `gloss serve`: the live preview (see `gloss::serve`).

use std::net::{IpAddr, Ipv4Addr};

use clap::Args;

use super::{Failed, Printer, SiteArgs};
use crate::serve::{self, DEFAULT_PORT, Port};

/// `gloss serve [--root DIR] [--bind 127.0.0.1] [--port 1111] [--open] [--drafts]`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Which site, and whether with its drafts.
    #[command(flatten)]
    pub site: SiteArgs,
    /// The address to listen on; anything but loopback lets other machines read the preview.
    #[arg(long, default_value = "127.0.0.1", value_parser = parse_bind)]
    pub bind: IpAddr,
    /// The port [default: 1111, or the next free one]. Given explicitly, gloss fails if it
    /// is taken; 0 lets the system pick a free port.
    #[arg(long)]
    pub port: Option<u16>,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// An IP address, or `localhost` for 127.0.0.1.
fn parse_bind(s: &str) -> Result<IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    s.parse()
        .map_err(|_| format!("{s:?} is not an IP address (try 127.0.0.1, ::1 or 0.0.0.0)"))
}

impl ServeArgs {
    /// Serves until Ctrl-C; `Err(Failed)` when the server could not start.
    pub fn run(&self, printer: &Printer) -> Result<(), Failed> {
        let options = serve::Options {
            root: self.site.root.clone(),
            bind: self.bind,
            port: match self.port {
                Some(p) => Port::Exact(p),
                None => Port::Preferred(DEFAULT_PORT),
            },
            open: self.open,
            drafts: self.site.drafts(),
        };
        serve::run(&options, printer).map_err(|d| printer.fail(&d))
    }
}
