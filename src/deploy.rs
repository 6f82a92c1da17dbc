//! `office-site deploy`: publishing a build to a web server, atomically, with a record of every
//! release and a way back.
//!
//! After the write step. A deploy builds the site afresh (or takes a finished `--output`),
//! refuses what must not go out (a `--drafts` build, uncommitted sources, a build for another
//! base_url), and, holding the server's lock, uploads it with the system's `rsync` into
//! `PATH/releases/ID.partial/` (unchanged files hard-linked from the current release), checks
//! it on the server with `sha256sum` against its manifest, renames it to `releases/ID/` and
//! switches `PATH/current` to it with one rename of a new symbolic link. Until that rename the
//! public site is exactly what it was; a killed or failed deploy leaves an unfinished upload,
//! which the next one removes. Then only the newest `keep` releases are kept (never the current
//! one). The server side is the POSIX shell script `deploy/server.sh`.

pub(crate) mod manifest;
pub(crate) mod releases;
pub(crate) mod remote;
pub(crate) mod upload;

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Diagnostics};

pub use crate::load::targets::Target;
use crate::write::record;
pub(crate) use crate::write::record::BuildRecord;
pub use manifest::Changes;
use manifest::Manifest;
pub use releases::Listing;
pub use upload::UploadStats;

use remote::{Server, Session};

/// What `deploy` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct DeployOptions {
    /// The site folder (holds site.yaml).
    pub root: PathBuf,
    /// The target's name in site.yaml (else the default target).
    pub target: Option<String>,
    /// A finished build to publish instead of building afresh.
    pub output: Option<PathBuf>,
    /// Publish sources with uncommitted changes (or outside git); the release records it.
    pub allow_dirty: bool,
    /// Only say what would change.
    pub dry_run: bool,
    /// How long to wait for another deploy to the same server to finish, in seconds.
    pub wait_secs: u32,
}

/// How a deploy talks to the person running it.
pub struct Ui<'a> {
    /// Progress, on the way (stderr).
    pub progress: &'a dyn Fn(&str),
    /// What will change (stdout).
    pub show: &'a dyn Fn(&str),
    /// Asks a yes/no question; `false` stops with nothing published.
    pub confirm: &'a dyn Fn(&str) -> bool,
}

/// What a deploy did.
#[derive(Debug, Clone, Default)]
pub struct DeployReport {
    /// The target, as `user@host:path`.
    pub target: String,
    /// The new release (`None` for a dry run or when the person said no).
    pub release: Option<String>,
    /// The release that was current before.
    pub previous: Option<String>,
    /// What changed on the public site.
    pub changes: Changes,
    /// What rsync sent.
    pub upload: UploadStats,
    /// Old releases removed (`keep`).
    pub removed: Vec<String>,
    /// Unfinished uploads of earlier deploys that were removed.
    pub cleaned: Vec<String>,
    /// Warnings (the build's, unreadable manifests).
    pub warnings: Diagnostics,
}

/// Builds (unless `options.output` is given), checks and publishes the site to its target.
pub fn deploy(options: &DeployOptions, ui: &Ui<'_>) -> Result<DeployReport, Diagnostics> {
    let root = &options.root;
    let config = crate::load::config::load(root, None).map_err(|d| d.relative_to(root))?;
    let target = pick(&config, options.target.as_deref())?;
    let mut report = DeployReport {
        target: target.describe(),
        ..DeployReport::default()
    };
    // A fresh build goes into a folder of its own: never a `--drafts` preview left in output/.
    let scratch;
    let dir = match &options.output {
        Some(dir) => dir.clone(),
        None => {
            // Uncommitted sources are refused before a build that may take minutes (the
            // build record says it again, below).
            if !options.allow_dirty
                && let Some(git) = record::git_state(root)
                && git.is_dirty()
            {
                return Err(dirty(root.join("site.yaml"), &git).into());
            }
            scratch = tempfile::tempdir().map_err(|e| temp_error(&e))?;
            (ui.progress)(&format!("building the site for {}", target.name));
            let summary = crate::pipeline::build(&crate::pipeline::BuildOptions {
                root: root.clone(),
                output: Some(scratch.path().join("output")),
                base_url: target.base_url.clone(),
                drafts: false,
                progress: None,
                timings: false,
                // What goes out is read from its bytes: no cache entry is trusted.
                fresh_attachments: true,
            })?;
            report.warnings.extend(summary.warnings);
            summary.output
        }
    };
    let record = check_build(&dir, &config, &target, options)?;
    if options.output.is_some() {
        // A fresh build above held every file to the gate's last barrier as it wrote it; a
        // finished folder may have been touched since, so it is read again, as it will be
        // published, before anything is hashed or uploaded.
        (ui.progress)("reading the output as it will be published (the publish gate)");
        let scan = crate::pipeline::FinalScan::new(root, target.base_url.as_deref())?;
        scan.scan_dir(&dir)?;
    }
    let files = manifest::hash_output(&dir)?;
    let server = Server::new(&target)?;
    if options.dry_run {
        let listing = Listing::parse(&server.list()?);
        let previous = listing
            .current
            .as_ref()
            .and_then(|c| listing.releases.iter().find(|r| &r.id == c))
            .and_then(|r| r.manifest.clone());
        report.previous = listing.current.clone();
        report.changes = manifest::changes(&record, &files, previous.as_ref());
        (ui.show)(&report.changes.describe());
        return Ok(report);
    }
    let owner = owner();
    (ui.progress)(&format!("connecting to {}", report.target));
    let waiting = |who: &str| {
        (ui.progress)(&format!(
            "waiting for another deploy to {} to finish: {who}",
            target.name
        ))
    };
    let mut session = server.session(&owner, options.wait_secs, &waiting)?;
    let published = publish(
        &mut session,
        &server,
        &dir,
        record,
        files,
        options,
        ui,
        &mut report,
    );
    session.end();
    published?;
    Ok(report)
}

/// The part of a deploy that holds the server's lock.
#[allow(clippy::too_many_arguments)]
fn publish(
    session: &mut Session,
    server: &Server,
    dir: &Path,
    record: BuildRecord,
    files: Vec<manifest::FileEntry>,
    options: &DeployOptions,
    ui: &Ui<'_>,
    report: &mut DeployReport,
) -> Result<(), Diagnostics> {
    let target = &server.target;
    let mut previous_manifest = None;
    for line in session.call("begin")? {
        let (word, rest) = line.split_once(' ').unwrap_or((&line, ""));
        match word {
            "cleaned" => report.cleaned.push(rest.to_owned()),
            "current" if !rest.is_empty() => report.previous = Some(rest.to_owned()),
            "manifest" => match serde_json::from_str::<Manifest>(rest) {
                Ok(m) => previous_manifest = Some(m),
                Err(e) => report
                    .warnings
                    .push(server.error(Code::W0901).arg("error", e)),
            },
            _ => {}
        }
    }
    for c in &report.cleaned {
        (ui.progress)(&format!(
            "removed an unfinished upload of an earlier deploy: {c}"
        ));
    }
    report.changes = manifest::changes(&record, &files, previous_manifest.as_ref());
    (ui.show)(&report.changes.describe());
    if !(ui.confirm)(&format!(
        "publish this to {} ({})?",
        target.name, report.target
    )) {
        return Ok(());
    }
    let suffix = release_suffix(&record);
    let created = session.call(&format!("create {suffix}"))?;
    let id = created
        .iter()
        .find_map(|l| l.strip_prefix("release "))
        .ok_or_else(|| server.error(Code::E0912))?
        .to_owned();
    (ui.progress)(&format!(
        "uploading into releases/{id}.partial ({} files, unchanged ones linked)",
        files.len()
    ));
    report.upload = upload::rsync(
        server,
        dir,
        &format!("{id}.partial/site"),
        report.previous.as_deref(),
        true,
    )?;
    let manifest = Manifest {
        format: 1,
        release: id.clone(),
        time: releases::id_time_utc(&id).unwrap_or_default(),
        target: target.name.clone(),
        user: user_at_host(),
        deployed_by: format!("office-site {}", env!("CARGO_PKG_VERSION")),
        allow_dirty: options.allow_dirty && record.git.as_ref().is_none_or(|g| g.is_dirty()),
        build: record,
        changes: report.changes.clone(),
        previous: report.previous.clone(),
        files,
    };
    let meta = write_meta(&manifest)?;
    upload::rsync(server, meta.path(), &format!("{id}.partial"), None, false)?;
    (ui.progress)("checking every file on the server (sha256sum)");
    let sums = manifest::sha256_hex(manifest.sha256sums().as_bytes());
    let json = manifest::sha256_hex(manifest_json(&manifest).as_bytes());
    session.call(&format!("verify {id} {sums} {json}"))?;
    session.call(&format!("switch {id} deploy"))?;
    report.release = Some(id.clone());
    (ui.progress)(&format!("published: current is now {id}"));
    for line in session.call(&format!("prune {}", target.keep))? {
        if let Some(r) = line.strip_prefix("removed ") {
            report.removed.push(r.to_owned());
        }
    }
    Ok(())
}

/// The folder of a release's record files, uploaded beside its `site/`.
fn write_meta(manifest: &Manifest) -> Result<tempfile::TempDir, Diagnostic> {
    let dir = tempfile::tempdir().map_err(|e| temp_error(&e))?;
    crate::fs::write(
        &dir.path().join("manifest.json"),
        manifest_json(manifest).as_bytes(),
    )?;
    crate::fs::write(
        &dir.path().join("SHA256SUMS"),
        manifest.sha256sums().as_bytes(),
    )?;
    // For a web server that names the release from a file (Apache's `file()`): no newline.
    crate::fs::write(&dir.path().join("release-id"), manifest.release.as_bytes())?;
    Ok(dir)
}

fn manifest_json(manifest: &Manifest) -> String {
    let mut line = manifest.to_line();
    line.push('\n');
    line
}

/// The target of site.yaml, or an error at its `deploy:` key.
fn pick(config: &crate::load::config::Config, name: Option<&str>) -> Result<Target, Diagnostics> {
    config
        .deploy
        .pick(name)
        .cloned()
        .map_err(|d| d.at_opt(config.position(&["deploy"])).into())
}

/// A temporary folder that cannot be made.
fn temp_error(e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(Code::E0904, std::env::temp_dir()).arg("error", e)
}

/// Checks a finished build before it goes out: office-site wrote it, not with `--drafts`, for
/// the target's base_url, from committed sources (unless `--allow-dirty`), every page there.
fn check_build(
    dir: &Path,
    config: &crate::load::config::Config,
    target: &Target,
    options: &DeployOptions,
) -> Result<BuildRecord, Diagnostics> {
    if !dir.join(crate::write::MARKER).is_file() {
        return Err(Diagnostic::new(Code::E0905, dir).into());
    }
    let record = BuildRecord::read(dir)?;
    let mut errors = Diagnostics::new();
    let refuse = |code: Code| Diagnostic::new(code, dir.join(record::BUILD_RECORD));
    if record.drafts {
        errors.push(refuse(Code::E0906));
    }
    let expected = match &target.base_url {
        Some(url) => crate::load::config::BaseUrl::parse(url)
            .map(|b| b.root())
            .unwrap_or_default(),
        None => config.base_url.root(),
    };
    if record.base_url != expected {
        errors.push(
            refuse(Code::E0907)
                .arg("built", &record.base_url)
                .arg("name", &target.name)
                .arg("expected", expected),
        );
    }
    match &record.git {
        None if !options.allow_dirty => errors.push(refuse(Code::E0908)),
        Some(git) if git.is_dirty() && !options.allow_dirty => {
            errors.push(dirty(dir.join(record::BUILD_RECORD), git));
        }
        _ => {}
    }
    for page in &record.pages {
        if !dir.join(&page.file).is_file() {
            errors.push(
                refuse(Code::E0909)
                    .arg("url", &page.url)
                    .arg("title", &page.title)
                    .arg("file", &page.file),
            );
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(record)
}

/// The refusal of uncommitted sources.
fn dirty(path: PathBuf, git: &record::GitState) -> Diagnostic {
    let code = if git.uncommitted == 1 {
        Code::E0910
    } else {
        Code::E0911
    };
    Diagnostic::new(code, path).arg("count", git.uncommitted)
}

/// The end of a release id: the short commit, `-dirty` for uncommitted sources.
fn release_suffix(record: &BuildRecord) -> String {
    match &record.git {
        None => "nogit".to_owned(),
        Some(g) if g.is_dirty() => format!("{}-dirty", g.short_commit()),
        Some(g) => g.short_commit().to_owned(),
    }
}

/// `login@machine` of the person deploying.
fn user_at_host() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .or_else(|| {
            let out = std::process::Command::new("id").arg("-un").output().ok()?;
            Some(String::from_utf8_lossy(&out.stdout).into_owned()).filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "?".to_owned());
    let host = crate::fs::read_to_string(Path::new("/proc/sys/kernel/hostname"))
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "?".to_owned());
    let clean = |s: &str| {
        s.trim()
            .replace(|c: char| c.is_control() || c.is_whitespace(), "_")
    };
    format!("{}@{}", clean(&user), clean(&host))
}

/// Who holds the server's lock, for a deploy that has to wait.
fn owner() -> String {
    format!("{} (pid {})", user_at_host(), std::process::id())
}

/// The releases on the target's server.
pub fn list(root: &Path, target: Option<&str>) -> Result<(Target, Listing), Diagnostics> {
    let config = crate::load::config::load(root, None).map_err(|d| d.relative_to(root))?;
    let target = pick(&config, target)?;
    let listing = Listing::parse(&Server::new(&target)?.list()?);
    Ok((target, listing))
}

/// Switches the target's `current` back to `release` (else the one before the current one).
/// Returns (the release that was current, the one that is now); `None` when the person said no.
pub fn rollback(
    root: &Path,
    target: Option<&str>,
    release: Option<&str>,
    wait_secs: u32,
    ui: &Ui<'_>,
) -> Result<Option<(String, String)>, Diagnostics> {
    let config = crate::load::config::load(root, None).map_err(|d| d.relative_to(root))?;
    let target = pick(&config, target)?;
    let server = Server::new(&target)?;
    let waiting =
        |who: &str| (ui.progress)(&format!("waiting for another deploy to finish: {who}"));
    let mut session = server.session(&owner(), wait_secs, &waiting)?;
    let listing = Listing::parse(&session.call("list")?);
    let to = listing
        .rollback_target(release)
        .map_err(|(code, args)| {
            let mut d = server.error(code);
            d.args.extend(args);
            d
        })?
        .id
        .clone();
    let from = listing.current.clone().unwrap_or_else(|| "-".to_owned());
    if !(ui.confirm)(&format!(
        "switch {} ({}) from {from} back to {to}?",
        target.name,
        target.describe()
    )) {
        session.end();
        return Ok(None);
    }
    let switched = session.call(&format!("switch {to} rollback"));
    session.end();
    switched?;
    Ok(Some((from, to)))
}
