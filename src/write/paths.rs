//! Output paths, normalised before any check.
//!
//! `--output nx/../content` once passed every check of the write step: the checks compared the
//! path as written, and `nx` did not exist, so nothing resolved it; the swap then moved
//! `content/` aside and deleted it. Every rule about the output (not the root, not a source
//! folder, not a foreign folder) is therefore applied to one spelling only: the deepest existing
//! ancestor with every symbolic link resolved, followed by the components that do not exist
//! yet, applied lexically (a `..` after a missing folder pops it: a missing folder cannot be a
//! link). That is the folder the build would create and replace, whatever the spelling.

use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

/// A path resolved as the build will use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// Absolute, without `.`, `..` or symbolic links in the part that exists.
    pub(crate) path: PathBuf,
    /// The last name as written is a symbolic link (`.`, trailing slashes and a missing
    /// folder undone by `..` aside).
    pub(crate) is_link: bool,
}

/// Resolves `path`, relative to `cwd` when it is relative.
///
/// A link that leads nowhere, a loop of links, or a component under a file is an error: the
/// build could not create the folder either, and guessing where it would go is how data is lost.
pub(crate) fn resolve(path: &Path, cwd: &Path) -> io::Result<Resolved> {
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    // The existing, canonical part, and the missing components after it.
    let mut base = PathBuf::new();
    let mut missing: Vec<OsString> = Vec::new();
    // Whether `base` was last reached by resolving a link (a missing component and its `..`
    // leave it as it was: `link/nx/..` still names the link).
    let mut is_link = false;
    for component in full.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => {
                base.push(component.as_os_str());
                base = base.canonicalize().unwrap_or(base);
            }
            Component::CurDir => {}
            Component::ParentDir => {
                // `base` holds no link, so its lexical parent is its real parent.
                if missing.pop().is_none() {
                    base.pop();
                    is_link = false;
                }
            }
            Component::Normal(name) => {
                if !missing.is_empty() {
                    missing.push(name.to_owned());
                    continue;
                }
                let next = base.join(name);
                match crate::fs::symlink_metadata(&next) {
                    Ok(meta) => {
                        is_link = meta.file_type().is_symlink();
                        base = if is_link { next.canonicalize()? } else { next };
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(name.to_owned()),
                    Err(e) => return Err(e),
                }
            }
        }
    }
    let is_link = is_link && missing.is_empty();
    base.extend(missing);
    Ok(Resolved {
        path: base,
        is_link,
    })
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // the test sets up and reads its files on disk directly
mod tests {
    use super::*;

    /// A small tree: `root/{content/pages, static, site -> root, c -> content, dangling -> nx}`.
    fn tree() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(top.join("root/content/pages")).unwrap();
        std::fs::create_dir_all(top.join("root/static")).unwrap();
        std::fs::write(top.join("root/file"), "x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(top.join("root"), top.join("site")).unwrap();
            symlink("content", top.join("root/c")).unwrap();
            symlink("nowhere", top.join("root/dangling")).unwrap();
            symlink("loop", top.join("root/loop")).unwrap();
        }
        (tmp, top)
    }

    fn resolved(path: &str, cwd: &Path) -> PathBuf {
        resolve(Path::new(path), cwd).unwrap().path
    }

    /// Regression: `nx/../content` was taken as a folder `nx/../content` that does not exist,
    /// so no rule about content/ applied to it.
    #[test]
    fn a_dotdot_after_a_missing_folder_pops_it() {
        let (_tmp, top) = tree();
        let root = top.join("root");
        assert_eq!(resolved("nx/../content", &root), root.join("content"));
        assert_eq!(resolved("nx/ny/../../content", &root), root.join("content"));
        assert_eq!(resolved("nx/../../root", &root), root);
        assert_eq!(resolved("a/b/../../content/.", &root), root.join("content"));
        assert_eq!(resolved("new/x/..", &root), root.join("new"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_resolved_at_every_level_and_the_last_one_is_reported() {
        let (_tmp, top) = tree();
        let root = top.join("root");
        let r = resolve(Path::new("c"), &root).unwrap();
        assert_eq!(r.path, root.join("content"));
        assert!(r.is_link);
        for spelled in ["c/./", "c//", "c/nx/..", "./c/nx/ny/../.."] {
            let r = resolve(Path::new(spelled), &root).unwrap();
            assert!(r.is_link, "{spelled} still names the link");
        }
        assert!(!resolve(Path::new("c/new"), &root).unwrap().is_link);
        let r = resolve(Path::new("../site/c/pages/.."), &root).unwrap();
        assert_eq!(r.path, root.join("content"));
        assert!(!r.is_link);
        assert_eq!(
            resolved("c/..", &root),
            root,
            "`..` after a link is its target's parent"
        );
        assert_eq!(resolved("../site/c/new", &root), root.join("content/new"));
        assert!(resolve(Path::new("dangling"), &root).is_err());
        assert!(resolve(Path::new("loop/x"), &root).is_err());
        assert!(resolve(Path::new("file/x"), &root).is_err());
    }

    /// Generated spellings of each folder: `.` and `nx/..` inserted anywhere, `x/..` through
    /// an existing folder, doubled and trailing slashes, absolute or relative to several
    /// working folders; each resolves to the folder itself.
    #[test]
    fn generated_spellings_resolve_to_one_path() {
        let (_tmp, top) = tree();
        let root = top.join("root");
        let mut rng = fastrand::Rng::with_seed(0x0ff1_ce5e);
        let targets = [
            "root",
            "root/content",
            "root/content/pages",
            "root/static",
            "root/new",
        ];
        let cwds = [top.clone(), root.clone(), root.join("content/pages")];
        for target in targets {
            let want = top.join(target);
            for _ in 0..200 {
                let cwd = &cwds[rng.usize(..cwds.len())];
                let spelled = spell(&mut rng, &top, cwd, target);
                let got = resolve(Path::new(&spelled), cwd).unwrap();
                assert_eq!(got.path, want, "{spelled:?} from {}", cwd.display());
            }
        }
    }

    /// One random spelling of `target` (relative to `top`), as seen from `cwd`.
    fn spell(rng: &mut fastrand::Rng, top: &Path, cwd: &Path, target: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        let absolute = rng.bool();
        if !absolute {
            // Climb from cwd to top, then descend.
            let depth = cwd.strip_prefix(top).unwrap().components().count();
            parts.extend(std::iter::repeat_n("..".to_owned(), depth));
        }
        let mut at = top.to_path_buf();
        for name in target.split('/') {
            noise(rng, &at, &mut parts);
            parts.push(name.to_owned());
            at.push(name);
        }
        noise(rng, &at, &mut parts);
        let sep = if rng.u8(..4) == 0 { "//" } else { "/" };
        let mut text = parts.join(sep);
        if absolute {
            text = format!("{}/{text}", top.display());
        }
        if rng.bool() {
            text.push('/');
        }
        if text.is_empty() { ".".into() } else { text }
    }

    /// Components that lead back where they started.
    fn noise(rng: &mut fastrand::Rng, at: &Path, parts: &mut Vec<String>) {
        match rng.u8(..5) {
            0 => parts.push(".".into()),
            1 => parts.extend(["nx".into(), "..".into()]),
            2 => parts.extend(["nx".into(), "ny".into(), "..".into(), "..".into()]),
            3 => {
                let dir = std::fs::read_dir(at).ok().and_then(|entries| {
                    entries
                        .flatten()
                        .find(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                });
                if let Some(dir) = dir {
                    parts.push(dir.file_name().to_string_lossy().into_owned());
                    parts.push("..".into());
                }
            }
            _ => {}
        }
    }
}
