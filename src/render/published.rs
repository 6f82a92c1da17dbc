//! The render step's side of the barrier's reading of each published file by its bytes
//! ([`crate::gate::published`]): which source a published file comes from (a static file of
//! the site or the theme, a file of content/, a generated file), for the messages, and which
//! pages link it. Files of content/ that the link step already read as attachments or as text
//! are not reported twice.

use std::path::{Path, PathBuf};

use super::{Rendering, Route};
use crate::diag::Diagnostic;
use crate::gate::published::Linking;
use crate::load::theme::StaticFile;

impl Rendering {
    /// What keeps the file published at `path` with these bytes from being published, read
    /// by its bytes. `dir`: the finished output folder it was read from (`deploy --output`),
    /// named in the messages and every file read; `None`: a build, whose messages name the
    /// source (the static/ path of a static file).
    pub(crate) fn read_published(
        &self,
        path: &str,
        bytes: &[u8],
        dir: Option<&Path>,
    ) -> Vec<Diagnostic> {
        let site = self.site();
        let route = self.plan.routes.get(path);
        #[cfg(feature = "search")]
        if matches!(route, Some(Route::Search)) {
            // The search index's binary files hold the published pages' text, already gated,
            // in this program's own encoding, and the barrier reads them as written.
            return Vec::new();
        }
        let asset = match route {
            Some(Route::Asset(i)) => Some(*i),
            _ => None,
        };
        if dir.is_none()
            && let Some(i) = asset
        {
            let a = &site.assets[i];
            let read = site.attachments.read.get(i).is_some_and(Option::is_some);
            if read || crate::link::assets::checked_as_text(&a.content_path) {
                return Vec::new();
            }
        }
        let file: PathBuf = match (dir, route) {
            (Some(dir), _) => dir.join(path),
            (None, Some(Route::Static(StaticFile::File(p)))) => p.clone(),
            (None, Some(Route::Static(StaticFile::BuiltIn(_)))) => {
                PathBuf::from(format!("(built-in theme)/static/{path}"))
            }
            (None, Some(Route::Asset(i))) => site.assets[*i].rel.clone(),
            (None, _) => PathBuf::from(path),
        };
        let pages: Vec<usize> = asset
            .and_then(|a| site.attachments.linked_from.get(a))
            .cloned()
            .unwrap_or_default();
        let linking = Linking {
            pages: pages
                .iter()
                .map(|&p| crate::diag::display_path(&site.pages[p].rel))
                .collect(),
            allow: pages
                .iter()
                .flat_map(|&p| &site.pages[p].front.allow)
                .collect(),
        };
        self.published.check(&file, path, bytes, linking)
    }
}
