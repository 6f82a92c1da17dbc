//! site.yaml's `base_url`, parsed: its origin and path, and what a URL written in a page
//! names under it. Part of [`super`].

use std::fmt;
use std::path::Path;

use crate::diag::{Code, Diagnostic};

/// A parsed base URL: `https://host` and a path that starts and ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    origin: String,
    path: String,
}

impl BaseUrl {
    /// Parses `http(s)://host[:port][/path]`; what is wrong is the code of the diagnostic
    /// ([`bad_url`] makes it) that says so.
    pub(crate) fn parse(text: &str) -> Result<BaseUrl, Code> {
        let text = text.trim();
        let (scheme, rest) = text.split_once("://").ok_or(Code::E0117)?;
        if scheme != "http" && scheme != "https" {
            return Err(Code::E0118);
        }
        if rest.contains(['?', '#']) {
            return Err(Code::E0119);
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(Code::E0120);
        }
        if path.contains(char::is_whitespace) || path.split('/').any(|s| s == "..") {
            return Err(Code::E0121);
        }
        let path = path.trim_matches('/');
        let path = if path.is_empty() {
            "/".to_owned()
        } else {
            format!("/{path}/")
        };
        Ok(BaseUrl {
            origin: format!("{scheme}://{host}"),
            path,
        })
    }

    /// The sub-path the site is served under, e.g. `/iryou-innovation/` (or `/`).
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// `https://host`, without a trailing slash.
    pub(crate) fn origin(&self) -> &str {
        &self.origin
    }

    /// The absolute URL of the site root.
    pub(crate) fn root(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }

    /// The root-relative URL of `rel` (a path under the site root, no leading slash).
    pub(crate) fn url(&self, rel: &str) -> String {
        format!("{}{}", self.path, rel.trim_start_matches('/'))
    }

    /// The absolute URL of `rel`.
    pub(crate) fn permalink(&self, rel: &str) -> String {
        format!("{}{}", self.origin, self.url(rel))
    }

    /// The path under the site root that a URL written in a page names, as written (not
    /// decoded): `https://host/sub/teams/` (under the base_url), `/sub/teams/` (from the
    /// host's root, with the base_url's path) and `/teams/` (from the site root) all name
    /// `teams/`. `None` for a relative URL, one of another site or outside the base_url's path,
    /// and a protocol-relative `//host/…`.
    pub(crate) fn site_path<'a>(&self, url: &'a str) -> Option<&'a str> {
        let sub = self.path.trim_end_matches('/');
        if let Some(rest) = url.strip_prefix(self.origin.as_str()) {
            if rest == sub {
                return Some("");
            }
            return rest.strip_prefix(self.path.as_str());
        }
        let rest = url.strip_prefix('/')?;
        if rest.starts_with('/') {
            return None;
        }
        let sub = sub.trim_start_matches('/');
        if sub.is_empty() {
            return Some(rest);
        }
        match rest.strip_prefix(sub) {
            Some("") => Some(""),
            Some(under) if under.starts_with('/') => Some(&under[1..]),
            _ => Some(rest),
        }
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root())
    }
}

/// The error of a base_url that [`BaseUrl::parse`] refused with `code`: `url`, given as
/// `setting` (`base_url`, `--base-url`, a deploy target's `base_url`), at `path`.
pub(crate) fn bad_url(code: Code, path: &Path, setting: &str, url: &str) -> Diagnostic {
    Diagnostic::new(code, path)
        .arg("setting", setting)
        .arg("url", url.trim())
}
