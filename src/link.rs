//! The link step: the published pages become a [`site::Site`] that knows how they connect.
//!
//! [`markdown`] renders each page's body (heading ids, raw HTML cleaned to what an office page
//! needs, links recorded) with `@/`, relative and root-relative links resolved against the site
//! ([`links`], [`root`], and [`theme_links`] for what the theme and the build write besides
//! pages); [`links`] then checks every link and anchor, [`relations`] builds the relations
//! site.yaml declares (both ways), and [`site`] assembles sections, ordering, breadcrumbs,
//! siblings, backlinks and the news list, per language ([`languages`]: which pages are
//! versions of one another). Once links are known, [`assets`] keeps only the files
//! of content/ that a published page links when a left-out page may use them.
//!
//! Takes the gate's published pages and its `Publication`; hands the render step a `Site`.

pub(crate) mod assets;
pub(crate) mod attachments;
pub(crate) mod languages;
pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod notation;
pub(crate) mod relations;
pub(crate) mod root;
pub(crate) mod site;
pub(crate) mod theme_links;
