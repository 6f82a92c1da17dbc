//! Themes: where templates and static files come from, and the Tera engine built from them.
//!
//! Part of the load stage. The theme named in site.yaml is read from `themes/NAME/`; the
//! default theme is also embedded in the binary, so a site without a themes/ folder builds.
//! A root `templates/` folder overrides theme templates of the same name, and a root `static/`
//! folder adds to (or overrides) the theme's static files. Template errors are mapped back to
//! the file they came from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic, Diagnostics, display_path};
use crate::load::config::Config;
use crate::load::source::is_ignored;

mod errors;
pub(crate) mod strings;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Where a template or static file was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A file on disk (absolute path).
    File(PathBuf),
    /// The default theme built into the binary (path under the theme).
    BuiltIn(String),
}

impl Origin {
    /// The path errors show.
    pub(crate) fn display_path(&self) -> PathBuf {
        match self {
            Origin::File(p) => p.clone(),
            Origin::BuiltIn(rel) => PathBuf::from(format!("(built-in theme default)/{rel}")),
        }
    }
}

/// A template's source text.
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    /// Where it came from.
    pub(crate) origin: Origin,
    /// Its text.
    pub(crate) text: String,
}

/// A static file to copy to the output root.
#[derive(Debug, Clone)]
pub(crate) enum StaticFile {
    /// From disk.
    File(PathBuf),
    /// From the built-in theme.
    BuiltIn(&'static [u8]),
}

/// The loaded theme: templates by name and static files by output path.
#[derive(Debug, Clone)]
pub(crate) struct Theme {
    /// The theme's name.
    pub(crate) name: String,
    /// Where its templates come from, as errors name it: `ROOT/themes/NAME/templates`, or
    /// `(built-in theme default)/templates`.
    pub(crate) templates_dir: PathBuf,
    /// Template name (`page.html`, `partials/nav.html`) → source.
    pub(crate) templates: BTreeMap<String, TemplateSource>,
    /// Output path → file.
    pub(crate) statics: BTreeMap<String, StaticFile>,
    /// The fixed strings of the templates, for each language of the site (the theme's
    /// strings.yaml, with what site.yaml's `languages:` sets over them): language code → key
    /// → text.
    pub(crate) strings: strings::Strings,
}

/// Loads the theme of `config`, with the site's overrides.
pub(crate) fn load(root: &Path, config: &Config) -> Result<Theme, Diagnostics> {
    let dir = root.join("themes").join(&config.theme);
    let mut theme = Theme {
        name: config.theme.clone(),
        templates_dir: dir.join("templates"),
        templates: BTreeMap::new(),
        statics: BTreeMap::new(),
        strings: strings::Strings::default(),
    };
    let mut errors = Diagnostics::new();
    let table;
    if dir.is_dir() {
        read_dir_into(&dir.join("templates"), &mut theme, true, &mut errors);
        read_dir_into(&dir.join("static"), &mut theme, false, &mut errors);
        table = strings::read_file(&dir.join(strings::FILE));
    } else if config.theme == "default" {
        theme.templates_dir = Origin::BuiltIn("templates".to_owned()).display_path();
        load_built_in(&mut theme, &mut errors);
        table = strings::read_built_in(DEFAULT_THEME);
    } else {
        return Err(Diagnostic::new(Code::E0148, &config.path)
            .arg("theme", &config.theme)
            .at_opt(config.position(&["theme"]))
            .into());
    }
    read_dir_into(&root.join("templates"), &mut theme, true, &mut errors);
    read_dir_into(&root.join("static"), &mut theme, false, &mut errors);
    match table.and_then(|t| strings::for_languages(t, config)) {
        Ok(s) => theme.strings = s,
        Err(e) => errors.extend(e),
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(theme)
}

fn load_built_in(theme: &mut Theme, errors: &mut Diagnostics) {
    for (rel, bytes) in DEFAULT_THEME {
        if let Some(name) = rel.strip_prefix("templates/") {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    theme.templates.insert(
                        name.to_owned(),
                        TemplateSource {
                            origin: Origin::BuiltIn((*rel).to_owned()),
                            text: text.to_owned(),
                        },
                    );
                }
                Err(_) => errors.push(Diagnostic::new(
                    Code::E0149,
                    Origin::BuiltIn((*rel).to_owned()).display_path(),
                )),
            }
        } else if let Some(path) = rel.strip_prefix("static/") {
            theme
                .statics
                .insert(path.to_owned(), StaticFile::BuiltIn(bytes));
        }
    }
}

fn read_dir_into(dir: &Path, theme: &mut Theme, templates: bool, errors: &mut Diagnostics) {
    if !dir.is_dir() {
        return;
    }
    let walk = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walk.flatten().filter(|e| e.file_type().is_file()) {
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walk stays under dir");
        let name = display_path(rel);
        if templates {
            match crate::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    let origin = Origin::File(entry.path().to_path_buf());
                    theme
                        .templates
                        .insert(name, TemplateSource { origin, text });
                }
                Err(d) => errors.push(d),
            }
        } else {
            theme
                .statics
                .insert(name, StaticFile::File(entry.path().to_path_buf()));
        }
    }
}

impl Theme {
    /// Whether a template exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// The ids the templates give their own elements (`id="main"`), which a heading of a page
    /// must not take. An id built in the template (`id="rel-{{ r.name }}"`) is counted with each
    /// of `names` in place of the expression: the templates build ids from relation names.
    pub(crate) fn reserved_ids(&self, names: &[&str]) -> std::collections::HashSet<String> {
        let mut ids = std::collections::HashSet::new();
        for source in self.templates.values() {
            for id in id_attributes(&source.text) {
                match id.split_once("{{") {
                    None if !id.contains("{%") => {
                        ids.insert(id.to_owned());
                    }
                    Some((before, rest)) if !rest.contains("{{") && !id.contains("{%") => {
                        let Some((_, after)) = rest.split_once("}}") else {
                            continue;
                        };
                        ids.extend(names.iter().map(|n| format!("{before}{n}{after}")));
                    }
                    _ => {}
                }
            }
        }
        ids
    }

    /// Compiles every template into a Tera engine, after `register` added the filters and
    /// functions they use. Syntax errors are reported for every template, not just the first.
    pub(crate) fn compile(&self, register: &dyn Fn(&mut Tera)) -> Result<Tera, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".htm", ".svg"]);
        register(&mut tera);
        let all = self
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.text.as_str()));
        match tera.add_raw_templates(all) {
            Ok(()) => Ok(tera),
            Err(first) => {
                let mut errors = Diagnostics::new();
                // Check each template alone to report every syntax error at once.
                for (name, source) in &self.templates {
                    let mut alone = Tera::new();
                    register(&mut alone);
                    if let Err(e) = alone.add_raw_template(name, &source.text)
                        && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
                    {
                        errors.extend(self.diagnostics(&e, None));
                    }
                }
                if !errors.has_errors() {
                    errors.extend(self.diagnostics(&first, None));
                }
                Err(errors)
            }
        }
    }
}

/// The values of the `id` attributes written in a template's text.
fn id_attributes(text: &str) -> impl Iterator<Item = &str> {
    crate::text::html::tokens(text).filter_map(|t| match t {
        crate::text::html::Token::Tag(tag) if !tag.closing => tag.attr("id"),
        _ => None,
    })
}
