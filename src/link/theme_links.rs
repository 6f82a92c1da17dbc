//! What the theme adds to the link step: the files the build writes beside pages and assets
//! (root-relative links may name them), and the ids the theme's templates give their own
//! elements (headings must leave them alone).
//!
//! Part of [`super`]. Built once per build from the loaded theme and site.yaml.

use std::collections::HashSet;

use crate::load::config::Config;
use crate::load::theme::Theme;
use crate::model::generated::NOT_FOUND;

/// What links resolve against besides pages and assets, from the theme and the build.
#[derive(Debug, Clone, Default)]
pub(crate) struct ThemeLinks {
    /// Output paths of the files the build writes beside pages and assets (static files,
    /// feed, sitemap…); `None` when the theme could not be loaded: root-relative links to
    /// files are then not checked (the build fails anyway).
    pub(crate) files: Option<HashSet<String>>,
    /// Output folders whose every file the build writes (`search-index/`).
    pub(crate) folders: Vec<String>,
    /// The ids the theme's templates give their own elements; headings do not take them.
    pub(crate) reserved_ids: HashSet<String>,
}

impl ThemeLinks {
    /// What `theme` (if it loaded) and the build write, for a site configured by `config`.
    pub(crate) fn new(theme: Option<&Theme>, config: &Config) -> ThemeLinks {
        let Some(theme) = theme else {
            return ThemeLinks::default();
        };
        let folders: Vec<&str> = config.languages.iter().map(|l| l.path.as_str()).collect();
        let generated =
            crate::model::generated::generated(theme.has(NOT_FOUND), config.search, &folders);
        let mut files: HashSet<String> = theme.statics.keys().cloned().collect();
        files.extend(generated.files.into_iter().map(|(p, _)| p));
        let folders = generated.folders.into_iter().map(str::to_owned).collect();
        let names: Vec<&str> = config
            .relations
            .iter()
            .flat_map(|r| [r.name.as_str(), r.inverse.as_str()])
            .collect();
        ThemeLinks {
            files: Some(files),
            folders,
            reserved_ids: theme.reserved_ids(&names),
        }
    }
}
