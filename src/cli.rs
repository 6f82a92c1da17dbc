//! The command line: one argument struct per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// office-site: builds the public site of a government office from Markdown, strictly.
#[derive(Debug, Parser)]
#[command(name = "office-site", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build(BuildArgs),
    /// Run every check of `build` and accessibility checks of the rendered pages; write nothing.
    Check(CheckArgs),
    /// Write content/SECTION/SLUG.md with front matter ready to fill.
    New(NewArgs),
    /// Preview the site in a browser: build in memory, serve, rebuild and reload on every save.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The site folder, holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The address to listen on; anything but loopback makes the preview reachable from the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// The port to listen on; if it is taken, the next free one is used.
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Show draft pages too (bannered).
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub(crate) open: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The site folder, holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Check draft pages too.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Fail on warnings too.
    #[arg(long)]
    pub(crate) strict: bool,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// SECTION/SLUG, e.g. `teams/new-team` (writes content/teams/new-team.md).
    pub(crate) path: String,
    /// The site folder, holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The site folder, holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Where to write the site [default: ROOT/output].
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    /// Replace site.yaml's base_url for this build (e.g. a staging server).
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    /// Publish draft pages too, marked as drafts (never for the public server).
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Print each phase of the build with its time (a build that takes over a second prints
    /// them anyway).
    #[arg(long, short)]
    pub(crate) verbose: bool,
}
