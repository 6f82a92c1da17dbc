//! The command line: one argument struct per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// office-site: builds the public site of a government office from Markdown, strictly.
#[derive(Debug, Parser)]
#[command(name = "office-site", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// The language of messages: `ja` or `en` [default: `en` when LC_ALL, LC_MESSAGES or LANG
    /// starts with `en`, else `ja`].
    #[arg(long, global = true, value_name = "ja|en", value_parser = parse_lang)]
    pub(crate) lang: Option<office_site::Lang>,
}

fn parse_lang(name: &str) -> Result<office_site::Lang, String> {
    office_site::Lang::from_name(name).ok_or_else(|| format!("`{name}`: write ja or en"))
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
    /// Publish to a target of site.yaml: build, upload, check, switch atomically; list and roll
    /// back releases.
    Deploy(DeployArgs),
}

#[derive(Debug, Args)]
pub(crate) struct DeployArgs {
    /// The target's name under `deploy:` in site.yaml [default: the one with `default: true`].
    pub(crate) target: Option<String>,
    /// The site folder, holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Publish this finished build instead of building afresh.
    #[arg(long, conflicts_with_all = ["list", "rollback"])]
    pub(crate) output: Option<PathBuf>,
    /// Only print what would change on the public site (新規 / 更新 / 削除); upload nothing.
    #[arg(long, conflicts_with_all = ["list", "rollback"])]
    pub(crate) dry_run: bool,
    /// Do not ask before publishing or rolling back.
    #[arg(long, short)]
    pub(crate) yes: bool,
    /// Publish sources with uncommitted changes (or outside git); the release records it.
    #[arg(long, conflicts_with_all = ["list", "rollback"])]
    pub(crate) allow_dirty: bool,
    /// List the releases on the server (id, commit, time, who, pages added/changed/removed).
    #[arg(long, conflicts_with = "rollback")]
    pub(crate) list: bool,
    /// Switch the site back to RELEASE_ID [default: the release before the current one].
    #[arg(long, value_name = "RELEASE_ID", num_args = 0..=1, default_missing_value = "")]
    pub(crate) rollback: Option<String>,
    /// Wait at most this long for another deploy to the same server to finish (0: fail at once).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub(crate) wait: u32,
    /// Print every file uploaded.
    #[arg(long, short)]
    pub(crate) verbose: bool,
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
    /// SECTION/SLUG, e.g. `teams/new-team` (writes content/teams/new-team.md); SECTION/_index
    /// creates a section (content/SECTION/_index.md).
    pub(crate) path: String,
    /// The page's 公開日 instead of today, as a page's `date:` is written (平成23年2月15日,
    /// H23.2.15, 2011-02-15).
    #[arg(long)]
    pub(crate) date: Option<String>,
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
    /// Print each stage's wall and CPU time (load, parse, gate, link, render, search index,
    /// final scan, write, swap) when the build is done.
    #[arg(long)]
    pub(crate) timings: bool,
}
