//! `office-site new SECTION/SLUG`: writes a page with front matter ready to fill.
//!
//! Outside the build pipeline. The new file names its title (empty, so that the build insists
//! on one), today's date as its 公開日, and, in a comment, the classification it will inherit,
//! so that the author sees before writing whether the page will be public. It never overwrites
//! a file and never writes outside content/.

use std::path::{Path, PathBuf};

use crate::dates::wareki::Date;
use crate::diag::{Code, Diagnostic};
use crate::model::paths::is_valid_segment;

/// Writes `content/SPEC.md` (SPEC is `SECTION/SLUG`, or `SLUG` for a page of the home section)
/// and returns its path.
pub(crate) fn new_page(root: &Path, spec: &str, today: Date) -> Result<PathBuf, Diagnostic> {
    let spec = spec.trim().trim_end_matches(".md").trim_matches('/');
    let content = root.join("content");
    let bad = |code: Code| Diagnostic::new(code, &content).arg("spec", spec);
    if spec.is_empty() {
        return Err(bad(Code::E0805));
    }
    let segments: Vec<&str> = spec.split('/').collect();
    if let Some(s) = segments.iter().find(|s| !is_valid_segment(s)) {
        return Err(bad(Code::E0806).arg("name", s));
    }
    let folder = content.join(segments[..segments.len() - 1].join("/"));
    if !folder.join("_index.md").is_file() {
        let shown = folder.strip_prefix(root).unwrap_or(&folder).display();
        return Err(bad(Code::E0807).arg("folder", shown));
    }
    // A symbolic link (a linked section folder) must not lead the new file out of content/.
    let inside = match (content.canonicalize(), folder.canonicalize()) {
        (Ok(c), Ok(f)) if f.starts_with(&c) => f,
        _ => return Err(bad(Code::E0808)),
    };
    let name = format!("{}.md", segments[segments.len() - 1]);
    let path = content.join(format!("{spec}.md"));
    let inherited = inherited_classification(root, &folder);
    let text = format!(
        "---\ntitle: \"\"\ndescription: \"\"\ndate: {}\n# classification: {inherited}\n---\n\n## 概要\n\n",
        today.iso()
    );
    // Errors name the path as asked for, not the section folder's real one.
    crate::fs::write_new(&inside.join(name), text.as_bytes()).map_err(|d| Diagnostic {
        path: path.clone(),
        ..d
    })?;
    Ok(path)
}

/// What a new page in `folder` would inherit, for the comment in its front matter.
fn inherited_classification(root: &Path, folder: &Path) -> String {
    let content = root.join("content");
    let config = crate::load::config::load(root, None).ok();
    let keys: Vec<String> = config
        .iter()
        .flat_map(|c| c.relation_keys().map(str::to_owned))
        .collect();
    let mut dir = Some(folder);
    while let Some(d) = dir {
        if let Some(c) = classification_in(&d.join("_index.md"), &keys) {
            let from = d.join("_index.md");
            let from = from.strip_prefix(root).unwrap_or(&from);
            return format!(
                "{c}  (inherited from {}; set it here to change it)",
                from.display()
            );
        }
        if d == content {
            break;
        }
        dir = d.parent();
    }
    match config.and_then(|c| c.classification) {
        Some((c, _)) => format!("{c}  (inherited from site.yaml; set it here to change it)"),
        None => "none inherited: set 機密性1 (public), 機密性2 or 機密性3 here".to_owned(),
    }
}

fn classification_in(index: &Path, relation_keys: &[String]) -> Option<String> {
    let text = crate::load::source::normalise_text(crate::fs::read_to_string(index).ok()?);
    let split = crate::parse::front_matter::split(index, &text).ok()?;
    let front = crate::parse::front_matter::parse(index, &split, relation_keys).ok()?;
    front.classification
}
