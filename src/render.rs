//! The render step: a linked [`Site`] and a [`Theme`] become files, in memory, handed to a
//! [`Sink`] (the staging folder, or the preview server's memory).
//!
//! Templates are compiled once per build; pages render in parallel, each with a context made of
//! values shared across pages. Every template error names the template file and line and the
//! page being rendered, and all of them are collected before the build fails.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::page::Page;
use crate::site::{Site, Unpublished};
use crate::template_data::SiteValues;
use crate::template_fns::{self, Lookup};
use crate::theme::{StaticFile, Theme};

/// What a render produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderCount {
    /// HTML pages written (pages and sections).
    pub pages: usize,
    /// Other files written (static files, assets, 404).
    pub files: usize,
}

/// Every output path of the site, for folder creation and collision checks.
pub fn output_paths<'a>(site: &'a Site, theme: &'a Theme) -> Vec<String> {
    let mut paths: Vec<String> = site.pages.iter().map(Page::output_path).collect();
    paths.extend(site.assets.iter().map(|a| a.output_path.clone()));
    paths.extend(theme.statics.keys().cloned());
    if theme.has("404.html") {
        paths.push("404.html".to_owned());
    }
    paths
}

/// Renders every page and copies every file into `sink`.
pub fn render(
    site: &Site,
    theme: &Theme,
    unpublished: &HashMap<String, Unpublished>,
    sink: &dyn Sink,
) -> (RenderCount, Diagnostics) {
    let mut errors = Diagnostics::new();
    check_static_collisions(site, theme, &mut errors);
    let values = SiteValues::new(site);
    let lookup = Arc::new(lookup(site, theme, &values, unpublished));
    let tera = match theme.compile(&|t| template_fns::register(t, lookup.clone())) {
        Ok(t) => t,
        Err(e) => return (RenderCount::default(), e),
    };
    let templates: Vec<Option<String>> = (0..site.pages.len())
        .map(|i| {
            choose_template(site, theme, i)
                .map_err(|d| errors.push(d))
                .ok()
        })
        .collect();
    if errors.has_errors() {
        return (RenderCount::default(), errors);
    }
    let results: Vec<Result<(), Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let template = templates[i].as_deref().expect("checked above");
            render_page(site, theme, &tera, &values, i, template, sink)
        })
        .collect();
    errors.extend(results.into_iter().filter_map(Result::err));
    let mut count = RenderCount {
        pages: site.pages.len(),
        files: 0,
    };
    if theme.has("404.html") {
        let mut ctx = Context::new();
        ctx.insert_value("site", values.site.clone());
        match tera.render("404.html", &ctx) {
            Ok(html) => match sink.write("404.html", html.as_bytes()) {
                Ok(()) => count.files += 1,
                Err(d) => errors.push(d),
            },
            Err(e) => errors.push(theme.diagnostic(&e, None)),
        }
    }
    count.files += copy_files(site, theme, sink, &mut errors);
    (count, errors)
}

fn lookup(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    unpublished: &HashMap<String, Unpublished>,
) -> Lookup {
    let mut l = Lookup {
        base: Some(site.config.base_url.clone()),
        unpublished: unpublished.clone(),
        ..Lookup::default()
    };
    for (i, p) in site.pages.iter().enumerate() {
        l.pages
            .insert(p.content_path.clone(), values.summaries[i].clone());
        if p.is_section {
            l.sections.insert(p.content_path.clone(), values.section(i));
        }
    }
    for a in &site.assets {
        l.assets
            .insert(a.content_path.clone(), a.output_path.clone());
        l.files.insert(a.output_path.clone());
    }
    l.files.extend(theme.statics.keys().cloned());
    l
}

fn check_static_collisions(site: &Site, theme: &Theme, errors: &mut Diagnostics) {
    let mut taken: HashSet<String> = site.pages.iter().map(Page::output_path).collect();
    for a in &site.assets {
        taken.insert(a.output_path.clone());
    }
    for (path, file) in &theme.statics {
        if taken.contains(path) {
            let origin = match file {
                StaticFile::File(p) => p.clone(),
                StaticFile::BuiltIn(_) => format!("(built-in theme default)/static/{path}").into(),
            };
            errors.push(Diagnostic::error(
                origin,
                format!("this static file would overwrite `{path}`, which a page or content file already writes"),
            ));
        }
    }
}

/// The template of page `i`: its `template:`, else its section's `page_template:` (nearest
/// ancestor), else `home.html`, `section.html` or `page.html`.
fn choose_template(site: &Site, theme: &Theme, i: usize) -> Result<String, Diagnostic> {
    let page = &site.pages[i];
    if let Some(t) = &page.front.template {
        return exists(theme, t, page, "template");
    }
    if page.is_section {
        if i == site.home && theme.has("home.html") {
            return Ok("home.html".to_owned());
        }
        return exists(theme, "section.html", page, "template");
    }
    let mut cur = site.parent[i];
    while let Some(s) = cur {
        let section = &site.pages[s];
        if let Some(t) = &section.front.page_template {
            return exists(theme, t, section, "page_template");
        }
        cur = site.parent[s];
    }
    exists(theme, "page.html", page, "template")
}

fn exists(theme: &Theme, name: &str, page: &Page, key: &str) -> Result<String, Diagnostic> {
    if theme.has(name) {
        return Ok(name.to_owned());
    }
    let known: Vec<&str> = theme
        .templates
        .keys()
        .map(String::as_str)
        .filter(|n| !n.contains('/'))
        .collect();
    Err(Diagnostic::error(
        &page.rel,
        format!("template `{name}` does not exist in theme `{}`", theme.name),
    )
    .at_opt(page.front.position(key))
    .note(format!("templates: {}", known.join(", "))))
}

fn render_page(
    site: &Site,
    theme: &Theme,
    tera: &Tera,
    values: &SiteValues,
    i: usize,
    template: &str,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let page = &site.pages[i];
    let mut ctx = Context::new();
    ctx.insert_value("site", values.site.clone());
    ctx.insert_value("page", values.page(site, i));
    let section = match (page.is_section, site.parent[i]) {
        (true, _) => values.section(i),
        (false, Some(s)) => values.section(s),
        (false, None) => Value::none(),
    };
    ctx.insert_value("section", section);
    let html = tera
        .render(template, &ctx)
        .map_err(|e| theme.diagnostic(&e, Some(&page.rel)))?;
    sink.write(&page.output_path(), html.as_bytes())
}

fn copy_files(site: &Site, theme: &Theme, sink: &dyn Sink, errors: &mut Diagnostics) -> usize {
    let statics: Vec<Result<(), Diagnostic>> = theme
        .statics
        .par_iter()
        .map(|(path, file)| match file {
            StaticFile::File(from) => sink.copy(path, from),
            StaticFile::BuiltIn(bytes) => sink.write(path, bytes),
        })
        .collect();
    let assets: Vec<Result<(), Diagnostic>> = site
        .assets
        .par_iter()
        .map(|a| sink.copy(&a.output_path, &a.abs))
        .collect();
    let mut n = 0;
    for r in statics.into_iter().chain(assets) {
        match r {
            Ok(()) => n += 1,
            Err(d) => errors.push(d),
        }
    }
    n
}
