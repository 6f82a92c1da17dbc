//! The `deploy:` key of site.yaml: where `office-site deploy` publishes, read into `RawTarget`
//! and validated into [`Target`]s.
//!
//! Part of the load step (site.yaml is read once, here); `deploy` uses the targets. A target is a folder on a server reached over SSH (`host:`) or a folder
//! of this machine (no `host:`). Keys, agents and `~/.ssh/config` stay with ssh: site.yaml
//! never holds a password, and a `password:` key is refused with a word saying so.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::config::BaseUrl;
use crate::load::yaml::{self, Document, Entry};
use crate::text::yaml_index::YamlIndex;

/// How many releases a target keeps when site.yaml does not say.
pub(crate) const DEFAULT_KEEP: usize = 10;

/// One target as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTarget {
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    port: Option<u16>,
    path: String,
    #[serde(default)]
    keep: Option<usize>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    default: bool,
    #[serde(default)]
    bwlimit: Option<u32>,
}

/// Every target of site.yaml, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Targets {
    /// The targets.
    pub(crate) targets: Vec<Target>,
}

/// Where a site is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its name in site.yaml (`production`, `staging`…).
    pub name: String,
    /// The server, reached with the system's `ssh`; `None`: a folder of this machine.
    pub(crate) host: Option<String>,
    /// The login on the server (else ssh's own choice: `~/.ssh/config`, the local user).
    pub(crate) user: Option<String>,
    /// The SSH port (else ssh's own choice).
    pub(crate) port: Option<u16>,
    /// The folder on the server that holds `releases/` and `current` (absolute).
    pub(crate) path: String,
    /// How many releases to keep (the current one is never removed).
    pub(crate) keep: usize,
    /// The base_url the build for this target uses (else site.yaml's).
    pub(crate) base_url: Option<String>,
    /// Whether `office-site deploy` without a name publishes here.
    pub(crate) default: bool,
    /// An upload speed limit in KiB/s (rsync's `--bwlimit`), for a shared line.
    pub(crate) bwlimit: Option<u32>,
}

impl Target {
    /// `user@host:path`, `host:path` or `path`, for messages.
    pub fn describe(&self) -> String {
        match (&self.host, &self.user) {
            (Some(h), Some(u)) => format!("{u}@{h}:{}", self.path),
            (Some(h), None) => format!("{h}:{}", self.path),
            _ => self.path.clone(),
        }
    }

    /// `user@host` or `host`: what ssh and rsync are given.
    pub(crate) fn destination(&self) -> Option<String> {
        let host = self.host.as_ref()?;
        Some(match &self.user {
            Some(u) => format!("{u}@{host}"),
            None => host.clone(),
        })
    }
}

impl Targets {
    /// The target named `name`, or the default one. The error says which names exist.
    pub(crate) fn pick(&self, name: Option<&str>) -> Result<&Target, Diagnostic> {
        let names = || {
            self.targets
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let error = |code: Code| Diagnostic::new(code, "site.yaml").arg("names", names());
        if self.targets.is_empty() {
            return Err(error(Code::E0901));
        }
        match name {
            Some(n) => self
                .targets
                .iter()
                .find(|t| t.name == n)
                .ok_or_else(|| error(Code::E0902).arg("name", n)),
            None => {
                if let [only] = self.targets.as_slice() {
                    return Ok(only);
                }
                self.targets
                    .iter()
                    .find(|t| t.default)
                    .ok_or_else(|| error(Code::E0903))
            }
        }
    }
}

/// Reads the `deploy:` entry of site.yaml, every target on its own.
pub(crate) fn read(
    doc: &Document<'_>,
    entry: &Entry,
    errors: &mut Diagnostics,
) -> Vec<(String, RawTarget)> {
    let Some(targets) = yaml::mapping_entries(entry.value.clone()) else {
        if !entry.value.is_null() {
            errors.push(
                Diagnostic::new(Code::E0128, doc.path()).at_opt(doc.index.value_start(&["deploy"])),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, value) in targets {
        if let Some(keys) = yaml::mapping_entries(value.clone())
            && let Some((key, _)) = keys.iter().find(|(k, _)| is_secret_key(k))
        {
            errors.push(
                Diagnostic::new(Code::E0129, doc.path())
                    .arg("name", &name)
                    .arg("key", key)
                    .at_opt(doc.index.key(&["deploy", &name, key])),
            );
            continue;
        }
        match doc.typed_at::<RawTarget>(&["deploy", &name], 0, &value) {
            Ok(t) => out.push((name, t)),
            Err(d) => errors.push(d),
        }
    }
    out
}

fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "pass",
        "secret",
        "private_key",
        "passphrase",
    ]
    .contains(&k.as_str())
}

/// Validates the targets read by [`read`], reporting each problem at its key.
pub(crate) fn validate(
    raw: Vec<(String, RawTarget)>,
    path: &Path,
    index: &YamlIndex,
    errors: &mut Diagnostics,
) -> Targets {
    let mut targets = Vec::new();
    for (name, r) in raw {
        let mut err = |key: Option<&str>, d: Diagnostic| {
            let at = match key {
                Some(k) => index.key(&["deploy", &name, k]),
                None => index.key(&["deploy", &name]),
            };
            errors.push(d.at_opt(at));
        };
        let d = |code: Code| Diagnostic::new(code, path).arg("name", &name);
        if !is_plain_word(&name) {
            err(None, d(Code::E0130));
        }
        if let Some(host) = &r.host
            && !is_host(host)
        {
            err(Some("host"), d(Code::E0131).arg("host", host));
        }
        if let Some(user) = &r.user {
            if r.host.is_none() {
                err(Some("user"), d(Code::E0132));
            } else if user.is_empty()
                || user.starts_with('-')
                || !user
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            {
                err(Some("user"), d(Code::E0133).arg("user", user));
            }
        }
        if r.port.is_some() && r.host.is_none() {
            err(Some("port"), d(Code::E0134));
        }
        if r.port == Some(0) {
            err(Some("port"), d(Code::E0135));
        }
        if let Err(code) = check_path(&r.path) {
            err(Some("path"), d(code).arg("path", &r.path));
        }
        if r.keep == Some(0) {
            err(Some("keep"), d(Code::E0140));
        }
        if r.bwlimit == Some(0) {
            err(Some("bwlimit"), d(Code::E0141));
        }
        if let Some(url) = &r.base_url
            && let Err(code) = BaseUrl::parse(url)
        {
            err(
                Some("base_url"),
                d(target_url_code(code)).arg("url", url.trim()),
            );
        }
        targets.push(Target {
            name,
            host: r.host,
            user: r.user,
            port: r.port,
            path: r.path.trim_end_matches('/').to_owned(),
            keep: r.keep.unwrap_or(DEFAULT_KEEP),
            base_url: r.base_url,
            default: r.default,
            bwlimit: r.bwlimit,
        });
    }
    let defaults: Vec<&Target> = targets.iter().filter(|t| t.default).collect();
    if defaults.len() > 1 {
        let names = defaults
            .iter()
            .map(|t| format!("`{}`", t.name))
            .collect::<Vec<_>>()
            .join(", ");
        errors.push(
            Diagnostic::new(Code::E0147, path)
                .arg("names", names)
                .at_opt(index.key(&["deploy", &defaults[1].name, "default"])),
        );
    }
    Targets { targets }
}

/// Letters, digits, `-` and `_`, not starting with `-` (it would read as an option).
fn is_plain_word(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A DNS name, an IPv4 address or an ssh_config alias: nothing ssh or rsync could read as an
/// option, a login, a port or a path.
fn is_host(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['-', '.'])
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
}

/// An absolute path, not `/` itself, with no `..`, no empty or `.` segment, and no control
/// character (the server's script and its history file are line-based).
pub(crate) fn check_path(p: &str) -> Result<(), Code> {
    if !p.starts_with('/') {
        return Err(Code::E0136);
    }
    if p.chars().any(char::is_control) {
        return Err(Code::E0137);
    }
    let segments: Vec<&str> = p.trim_end_matches('/').split('/').skip(1).collect();
    if segments.iter().all(|s| s.is_empty()) {
        return Err(Code::E0138);
    }
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Err(Code::E0139);
    }
    Ok(())
}

/// A deploy target's own code for what [`BaseUrl::parse`] refused.
fn target_url_code(code: Code) -> Code {
    match code {
        Code::E0117 => Code::E0142,
        Code::E0118 => Code::E0143,
        Code::E0119 => Code::E0144,
        Code::E0120 => Code::E0145,
        _ => Code::E0146,
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // the test sets up and reads its files on disk directly
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Result<Targets, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        let text = format!("title: t\nbase_url: https://x.example/\n{yaml}");
        std::fs::write(dir.path().join("site.yaml"), text).unwrap();
        crate::load::config::load(dir.path(), None)
            .map(|c| c.deploy)
            .map_err(|d| d.sorted())
    }

    #[test]
    fn targets_keep_their_keys_and_defaults() {
        let t = parse(
            "deploy:\n  production:\n    host: www.example.go.jp\n    user: deploy\n    path: /var/www/iryou-innovation/\n    keep: 3\n    default: true\n  local:\n    path: /srv/www/公開 サイト\n",
        )
        .unwrap();
        assert_eq!(t.targets.len(), 2);
        let p = t.pick(None).unwrap();
        assert_eq!(
            p.describe(),
            "deploy@www.example.go.jp:/var/www/iryou-innovation"
        );
        assert_eq!(p.keep, 3);
        let l = t.pick(Some("local")).unwrap();
        assert_eq!(l.destination(), None);
        assert_eq!(l.keep, DEFAULT_KEEP);
        let e = t.pick(Some("nope")).unwrap_err();
        assert_eq!(e.code, Code::E0902);
        assert_eq!(e.arg_value("names"), Some("production, local"));
    }

    #[test]
    fn several_targets_without_a_default_must_be_named() {
        let t = parse("deploy:\n  a: {path: /a}\n  b: {path: /b}\n").unwrap();
        assert_eq!(t.pick(None).unwrap_err().code, Code::E0903);
        assert_eq!(t.pick(Some("b")).unwrap().path, "/b");
    }

    #[test]
    fn a_password_in_site_yaml_is_refused_at_its_line() {
        for key in ["password", "Password", "passphrase", "secret"] {
            let e = parse(&format!(
                "deploy:\n  production:\n    host: h\n    path: /p\n    {key}: hunter2\n"
            ))
            .unwrap_err();
            assert_eq!(e[0].line, Some(7), "{key}: {}", e[0]);
            assert_eq!(e[0].code, Code::E0129, "{}", e[0]);
        }
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors_at_their_lines() {
        let e = parse("deploy:\n  production:\n    host: h\n    path: /p\n    colour: red\n")
            .unwrap_err();
        assert_eq!(e[0].line, Some(7), "{}", e[0]);
        for (line, bad) in [
            ("    host: -oProxyCommand=x\n    path: /p\n", "host"),
            ("    host: 'a b'\n    path: /p\n", "host"),
            ("    host: h\n    user: -x\n    path: /p\n", "user"),
            ("    path: relative/path\n", "path"),
            ("    path: /\n", "path"),
            ("    path: /var/../etc\n", "path"),
            ("    path: \"/var/www\\nx\"\n", "path"),
            ("    path: /p\n    keep: 0\n", "keep"),
            ("    path: /p\n    user: u\n", "user"),
            ("    path: /p\n    base_url: ftp://x/\n", "base_url"),
        ] {
            let e = parse(&format!("deploy:\n  production:\n{line}")).unwrap_err();
            assert_eq!(
                e[0].arg_value("name"),
                Some("production"),
                "{bad}: {}",
                e[0]
            );
            assert!(e[0].line.is_some(), "{bad}: {}", e[0]);
        }
    }

    #[test]
    fn only_one_default() {
        let e = parse("deploy:\n  a: {path: /a, default: true}\n  b: {path: /b, default: true}\n")
            .unwrap_err();
        assert_eq!(e[0].code, Code::E0147, "{}", e[0]);
    }
}
