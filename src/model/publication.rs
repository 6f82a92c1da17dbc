//! What the publish decision left out of the build, and why: the one table that the link step
//! (links to left-out pages), the render step (templates' lookups) and the final scan (their
//! URLs in published bytes) all ask.

use std::collections::{HashMap, HashSet};

/// Why a page that exists is not on the site; links to it are errors that say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unpublished {
    /// `draft: true`, and the build did not ask for drafts.
    Draft,
    /// Classified above 機密性1.
    Withheld,
    /// Its file has errors of its own (reported already): links to it are not reported.
    Broken,
}

impl Unpublished {
    /// Why, as a key of the catalogue's `left_out` phrases: a draft, or withheld (a page with
    /// errors of its own is said to be withheld where it must be named at all).
    pub(crate) fn left_out_key(&self) -> &'static str {
        match self {
            Unpublished::Draft => "draft",
            Unpublished::Withheld | Unpublished::Broken => "withheld",
        }
    }
}

/// What was left out, and why.
#[derive(Debug, Clone, Default)]
pub(crate) struct Publication {
    /// Content path → reason, for every page left out.
    pub(crate) unpublished: HashMap<String, Unpublished>,
    /// How many drafts were left out.
    pub(crate) drafts: usize,
    /// How many pages were withheld for their classification.
    pub(crate) withheld: usize,
    /// How many draft pages this build publishes (with `--drafts`).
    pub(crate) drafts_published: usize,
    /// How many files under content/ were not copied: only pages left out of the build name
    /// them (see `link::assets`).
    pub(crate) assets_left_out: usize,
    /// Files under content/ that a page left out of the build may be using (beside it, or
    /// named by it): unless a published page links them they are not published, and not named
    /// either.
    pub(crate) suspect_assets: HashSet<String>,
    /// Where the pages left out of the build would be: page URL (`teams/members/`, with its
    /// `slug:`) → content path and why it is left out. The one table that both the link step
    /// (root-relative links) and the gate (URLs written out) ask.
    pub(crate) left_out_urls: HashMap<String, (String, Unpublished)>,
}
