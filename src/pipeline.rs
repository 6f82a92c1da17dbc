//! The one driver: `build`, `check` and the preview server all run the steps through here.
//!
//! ```text
//! load ──▶ parse ──▶ gate ──▶ link ──▶ render ──▶ write
//! Config     Vec<Page>  published   Site      files       output/
//! Theme      (+ findings) Vec<Page>  (+ assets  through a  (staged,
//! SourceFile             Publication kept)     Sink, each  swapped)
//! GitDates                                     gated)
//! ```
//!
//! [`Pipeline`] runs load → link with memory (the preview keeps one and tells it what changed;
//! a batch build runs it once) and hands back a [`Prepared`] site; [`Prepared::rendering`]
//! plans and compiles it into a `render::Rendering`, which renders every file through the
//! publish gate's last barrier, whether into the staging folder ([`build`]), into memory for
//! the accessibility checks ([`check`]), or one file at a time for the preview. [`FinalScan`]
//! holds a finished output folder to the same barrier (`deploy --output`, and the barrier's
//! benchmark).
//!
//! Every step collects diagnostics instead of stopping at the first; a build fails once, with
//! all of them, and leaves the previous output as it was.

mod final_scan;
mod incremental;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use final_scan::FinalScan;
pub(crate) use incremental::{Change, Pipeline};

use crate::diag::Diagnostics;
use crate::link::site::Site;
use crate::load::theme::Theme;
use crate::model::publication::Publication;
use crate::render::Rendering;
use crate::render::sink::MemorySink;
use crate::timings::{Stage, Timings};
use crate::write::{self, OutputLock, Staging};

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
    /// Time each stage (`build --timings`): [`BuildSummary::stages`].
    pub timings: bool,
    /// Read every attachment afresh, trusting no cache entry (and writing none): `deploy`.
    pub fresh_attachments: bool,
}

/// The wall and CPU time of one stage of a build (`build --timings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageTiming {
    /// The stage: load, parse, gate, link, render, search index, final scan, write, swap.
    pub stage: &'static str,
    /// Its wall time; the stages that run side by side in the rendering threads (render,
    /// search index, final scan, write) share that phase's wall time in proportion to the
    /// thread time each took.
    pub wall: Duration,
    /// Its CPU time, all threads (`None` where the system does not say).
    pub cpu: Option<Duration>,
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
    /// What the attachment reader did (files read, or found in the cache).
    pub attachments: crate::load::attachments::AttachmentStats,
    /// Images whose GPS position or owner was stripped as they were copied
    /// (`attachments.exif: strip`).
    pub exif_stripped: usize,
    /// Warnings (the build succeeded anyway).
    pub warnings: Diagnostics,
    /// Wall time.
    pub elapsed: Duration,
    /// Each stage's time, in pipeline order, when [`BuildOptions::timings`] asked for them.
    pub stages: Vec<StageTiming>,
    /// The process's CPU time at the end of the build, when timed and the system says.
    pub cpu: Option<Duration>,
}

impl BuildSummary {
    /// The stage timings as a table for a terminal (empty when the build was not timed): one
    /// line per stage, what no stage claims as `other`, and the total.
    pub fn timings_table(&self) -> String {
        if self.stages.is_empty() {
            return String::new();
        }
        let cpu =
            |c: Option<Duration>| c.map_or("-".to_owned(), |c| format!("{:.3}", c.as_secs_f64()));
        let mut out = format!("{:<14} {:>8} {:>8}\n", "stage", "wall s", "CPU s");
        for s in &self.stages {
            out += &format!(
                "{:<14} {:>8.3} {:>8}\n",
                s.stage,
                s.wall.as_secs_f64(),
                cpu(s.cpu)
            );
        }
        let wall: Duration = self.stages.iter().map(|s| s.wall).sum();
        let claimed: Option<Duration> = self.stages.iter().map(|s| s.cpu).sum();
        let other_cpu = self.cpu.zip(claimed).map(|(t, c)| t.saturating_sub(c));
        let other = self.elapsed.saturating_sub(wall).as_secs_f64();
        out += &format!("{:<14} {:>8.3} {:>8}\n", "other", other, cpu(other_cpu));
        out += &format!(
            "{:<14} {:>8.3} {:>8}\n",
            "total",
            self.elapsed.as_secs_f64(),
            cpu(self.cpu)
        );
        out
    }
}

/// A site loaded, parsed, gated and linked: everything but rendering and writing.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The linked site.
    pub(crate) site: Arc<Site>,
    /// Its theme.
    pub(crate) theme: Arc<Theme>,
    /// Pages that exist but are not published.
    pub(crate) publication: Publication,
    /// Warnings so far.
    pub(crate) warnings: Diagnostics,
    /// The attachment reader, with what it read (the barrier reads attachments through it).
    pub(crate) store: Arc<crate::load::attachments::Store>,
}

impl Prepared {
    /// The site planned and its templates compiled, ready to render through the barrier.
    pub(crate) fn rendering(&self) -> Result<Rendering, Diagnostics> {
        Rendering::new(
            self.site.clone(),
            self.theme.clone(),
            &self.publication,
            self.store.clone(),
        )
    }
}

/// Builds the site at `options.root` into its output folder, atomically.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let start = Instant::now();
    let timings = if options.timings {
        Timings::on()
    } else {
        Timings::off()
    };
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("output"));
    let output = write::check_output(root, &output)?;
    let lock = timings.time(Stage::Write, || OutputLock::take(&output))?;
    let progress = |msg: &str| {
        if let Some(p) = options.progress {
            p(msg, start.elapsed());
        }
    };
    let mut pipeline = Pipeline::new(root, options.base_url.as_deref(), options.drafts);
    if options.fresh_attachments {
        pipeline = pipeline.without_disk_cache();
    }
    let prepared = pipeline.prepare_once(&timings)?;
    progress(&format!(
        "read, parsed and linked {} pages",
        prepared.site.pages.len()
    ));
    let attachments = prepared.store.take_stats();
    progress(&format!(
        "attachments: read {}, {} from the cache ({} cache entries unusable), in {:.3} s of CPU time",
        attachments.read,
        attachments.cached,
        attachments.rejected,
        attachments.cpu.as_secs_f64()
    ));
    let rendering = timings
        .time(Stage::Render, || prepared.rendering())
        .map_err(|e| e.relative_to(root))?;
    let staging = timings.time(Stage::Write, || Staging::create(lock))?;
    let (count, errors) = rendering.all_timed(&staging, &timings);
    if errors.has_errors() {
        // Dropping the staging folder removes it; the previous output stays as it was.
        return Err(errors.relative_to(root));
    }
    // How this output was built (drafts, base_url, commit): `deploy` checks it.
    timings.time(Stage::Write, || {
        write::record::write(&prepared.site, options.drafts, root, &staging)
    })?;
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
    let swapped: Diagnostics = timings
        .time(Stage::Swap, || staging.commit())?
        .into_iter()
        .collect();
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
        attachments,
        exif_stripped: prepared.site.attachments.strip.len(),
        warnings,
        elapsed: start.elapsed(),
        stages: timings
            .stages()
            .into_iter()
            .filter(|_| options.timings)
            .map(|(stage, t)| StageTiming {
                stage: stage.name(),
                wall: t.wall,
                cpu: t.cpu,
            })
            .collect(),
        cpu: crate::timings::process_cpu().filter(|_| options.timings),
    })
}

/// Runs every check of `build` and the accessibility checks of the rendered HTML, writing
/// nothing. Returns the warnings on success, every diagnostic on failure.
pub fn check(root: &Path, drafts: bool) -> Result<Diagnostics, Diagnostics> {
    let prepared = Pipeline::new(root, None, drafts).prepare()?;
    let sink = MemorySink::default();
    let mut found = match prepared.rendering() {
        Ok(rendering) => rendering.all(&sink).1,
        Err(errors) => errors,
    };
    found.extend(prepared.warnings);
    found.extend(crate::a11y::check_site(&prepared.site, &sink.into_files()));
    found.extend(crate::a11y::attachments::check(&prepared.site));
    let found = found.relative_to(root);
    if found.has_errors() {
        Err(found)
    } else {
        Ok(found)
    }
}
