//! What the theme adds to the link step: the ids the theme's templates give their own
//! elements (headings must leave them alone).
//!
//! Part of [`super`]. Built once per build from the loaded theme and site.yaml.

use std::collections::HashSet;

use crate::config::Config;
use crate::theme::Theme;

/// What the link step needs from the theme.
#[derive(Debug, Clone, Default)]
pub struct ThemeLinks {
    /// The ids the theme's templates give their own elements; headings do not take them.
    pub reserved_ids: HashSet<String>,
}

impl ThemeLinks {
    /// What `theme` (if it loaded) uses, for a site configured by `config`.
    pub fn new(theme: Option<&Theme>, config: &Config) -> ThemeLinks {
        let Some(theme) = theme else {
            return ThemeLinks::default();
        };
        let names: Vec<&str> = config
            .relations
            .iter()
            .flat_map(|r| [r.name.as_str(), r.inverse.as_str()])
            .collect();
        ThemeLinks {
            reserved_ids: theme.reserved_ids(&names),
        }
    }
}
