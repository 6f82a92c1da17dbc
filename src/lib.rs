//! office-site: a strict static site generator for the public pages of a Japanese government
//! office.
//!
//! The pipeline runs in one direction, each step handing a plain value to the next:
//!
//! 1. **load**: [`config::load`] reads site.yaml, [`theme::load`] the templates and static
//!    files, [`source::load`] every file under content/;
//! 2. **parse**: [`page::parse_file`] splits and validates front matter;
//! 3. **publish**: [`publish::select`] works out every page's URL ([`page::urls`]) and decides
//!    which pages are published: classification (only 機密性1), drafts, and the gate's checks
//!    of the text; [`page::place_assets`] puts the files of content/ beside their pages;
//! 4. **link**: [`site::Site::assemble`] renders Markdown with links resolved, checks links and
//!    anchors, and builds sections, relations and backlinks;
//! 5. **render**: [`render::render`] runs the templates, in memory, into a [`write::Sink`];
//! 6. **write**: [`write::Staging`] is swapped in as the output only if nothing failed.
//!
//! Every step collects [`diag::Diagnostic`]s instead of stopping at the first; [`build`] fails
//! once, with all of them.

pub mod a11y;
pub mod dates;
pub mod deploy;
pub mod diag;
pub(crate) mod fs;
pub mod gate;
pub mod link;
pub mod load;
pub mod model;
pub mod new_page;
pub mod parse;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub(crate) mod text;
pub mod workspace;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diag::Diagnostics;

/// What `build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holds site.yaml and content/).
    pub root: PathBuf,
    /// The output folder; default `ROOT/output`.
    pub output: Option<PathBuf>,
    /// Replaces site.yaml's base_url for this build.
    pub base_url: Option<String>,
    /// Publish draft pages too.
    pub drafts: bool,
    /// Told of each finished phase, with the time since the build started (long builds show
    /// progress with it).
    pub progress: Option<fn(&str, Duration)>,
}

/// What a successful build did.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    /// HTML pages written.
    pub pages: usize,
    /// Other files written.
    pub files: usize,
    /// Draft pages left out.
    pub drafts_skipped: usize,
    /// Draft pages published (a `--drafts` build: not for publishing).
    pub drafts_published: usize,
    /// Pages withheld for their classification (never named).
    pub withheld: usize,
    /// Files under content/ not copied because only pages left out of the build link them
    /// (never named).
    pub assets_left_out: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// Warnings (the build succeeded anyway).
    pub warnings: Diagnostics,
    /// Wall time.
    pub elapsed: Duration,
}

/// A site loaded, parsed and linked: everything but rendering and writing.
#[derive(Debug)]
pub struct Prepared {
    /// The linked site.
    pub site: std::sync::Arc<link::site::Site>,
    /// Its theme.
    pub theme: std::sync::Arc<load::theme::Theme>,
    /// Pages that exist but are not published.
    pub publication: model::publication::Publication,
    /// Warnings so far.
    pub warnings: Diagnostics,
}

/// Loads, parses and links the site at `root`, collecting every error.
pub fn prepare(root: &Path, base_url: Option<&str>, drafts: bool) -> Result<Prepared, Diagnostics> {
    workspace::Workspace::new(root, base_url, drafts).prepare()
}

/// Builds the site at `options.root` into its output folder, atomically.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let start = Instant::now();
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("output"));
    let output = write::check_output(root, &output)?;
    let lock = write::OutputLock::take(&output)?;
    let progress = |msg: &str| {
        if let Some(p) = options.progress {
            p(msg, start.elapsed());
        }
    };
    let prepared = workspace::Workspace::new(root, options.base_url.as_deref(), options.drafts)
        .prepare_once()?;
    progress(&format!(
        "read, parsed and linked {} pages",
        prepared.site.pages.len()
    ));
    let (plan, errors) = render::plan(&prepared.site, &prepared.theme);
    if errors.has_errors() {
        return Err(errors.relative_to(root));
    }
    let staging = write::Staging::create(lock)?;
    let (count, errors) = render::render(
        prepared.site.clone(),
        prepared.theme.clone(),
        &plan,
        &prepared.publication,
        &staging,
    );
    if errors.has_errors() {
        // Dropping the staging folder removes it; the previous output stays as it was.
        return Err(errors.relative_to(root));
    }
    // How this output was built (drafts, base_url, commit): `deploy` checks it.
    write::record::write(&prepared.site, options.drafts, root, &staging)?;
    progress(&format!(
        "rendered and wrote {} files",
        count.pages + count.files
    ));
    progress(&format!(
        "publish gate: read {} files ({:.1} MB; {} in full) in {:.3} s of CPU time",
        count.gate.files,
        count.gate.bytes as f64 / 1e6,
        count.gate.read_in_full,
        count.gate.cpu.as_secs_f64()
    ));
    let mut warnings = prepared.warnings;
    let swapped: Diagnostics = staging.commit()?.into_iter().collect();
    warnings.extend(swapped.relative_to(root));
    progress("swapped the new output in");
    Ok(BuildSummary {
        pages: count.pages,
        files: count.files,
        drafts_skipped: prepared.publication.drafts,
        drafts_published: prepared.publication.drafts_published,
        withheld: prepared.publication.withheld,
        assets_left_out: prepared.publication.assets_left_out,
        output,
        warnings,
        elapsed: start.elapsed(),
    })
}

/// Runs every check of `build` and the accessibility checks of the rendered HTML, writing
/// nothing. Returns the warnings on success, every diagnostic on failure.
pub fn check(root: &Path, drafts: bool) -> Result<Diagnostics, Diagnostics> {
    let prepared = prepare(root, None, drafts)?;
    let sink = render::sink::MemorySink::html_only();
    let (plan, mut found) = render::plan(&prepared.site, &prepared.theme);
    if !found.has_errors() {
        let (_, e) = render::render(
            prepared.site.clone(),
            prepared.theme.clone(),
            &plan,
            &prepared.publication,
            &sink,
        );
        found.extend(e);
    }
    found.extend(prepared.warnings);
    found.extend(a11y::check_site(&prepared.site, &sink.into_files()));
    let found = found.relative_to(root);
    if found.has_errors() {
        Err(found)
    } else {
        Ok(found)
    }
}
