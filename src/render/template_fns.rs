//! Functions and filters that templates call: `get_url`, `get_page`, `get_section`, `wareki`.
//!
//! Part of the render step. The functions resolve the same `@/` paths as Markdown links and
//! fail the build, naming the template line, when the target does not exist or is not
//! published. They read a [`Lookup`] built once per build and shared by every page.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::dates::wareki::{self, Style};
use crate::diag::{Code, catalogue};
use crate::load::config::BaseUrl;
use crate::model::publication::Unpublished;
use crate::model::rendered::Rendered;

/// What template functions look up.
#[derive(Debug, Default)]
pub(crate) struct Lookup {
    /// The site's base URL.
    pub(crate) base: Option<BaseUrl>,
    /// `@/` path → page summary.
    pub(crate) pages: HashMap<String, Value>,
    /// `@/` path of a section → section value (summary, pages, subsections).
    pub(crate) sections: HashMap<String, Value>,
    /// Asset content path → output path.
    pub(crate) assets: HashMap<String, String>,
    /// Output paths of static files and assets.
    pub(crate) files: HashSet<String>,
    /// Pages that exist but are not published.
    pub(crate) unpublished: HashMap<String, Unpublished>,
    /// `@/` path → the page's rendered body, whose ids `@/page.md#anchor` is checked against.
    pub(crate) rendered: HashMap<String, Arc<Rendered>>,
}

impl Lookup {
    fn url(&self, rel: &str) -> String {
        match &self.base {
            Some(b) => b.url(rel),
            None => format!("/{rel}"),
        }
    }

    fn missing(&self, path: &str) -> tera::Error {
        let (code, why) = match self.unpublished.get(path) {
            Some(why @ (Unpublished::Draft | Unpublished::Withheld)) => {
                (Code::E0510, why.left_out_key())
            }
            Some(Unpublished::Broken) => (Code::E0511, ""),
            None => (Code::E0512, ""),
        };
        let args = [("path", path.to_owned()), ("why", why.to_owned())];
        tera::Error::message(catalogue::words(code, &args))
    }

    fn get_url(&self, path: &str) -> TeraResult<String> {
        if let Some(p) = path.strip_prefix("@/") {
            let (p, anchor) = p.split_once('#').map_or((p, None), |(p, a)| (p, Some(a)));
            let url = if let Some(page) = self.pages.get(p) {
                if let (Some(a), Some(rendered)) = (anchor, self.rendered.get(p))
                    && let Some(ids) = crate::link::links::missing_anchor(a, rendered)
                {
                    let args = [
                        ("path", path.to_owned()),
                        ("target", p.to_owned()),
                        ("anchor", a.to_owned()),
                        ("ids", ids),
                    ];
                    return Err(tera::Error::message(catalogue::words(Code::E0513, &args)));
                }
                page.get_from_path("url")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            } else if let Some(out) = self.assets.get(p) {
                self.url(out)
            } else {
                return Err(self.missing(p));
            };
            return Ok(anchor.map_or(url.clone(), |a| format!("{url}#{a}")));
        }
        let rel = path.trim_start_matches('/');
        if self.files.contains(rel) {
            Ok(self.url(rel))
        } else {
            let args = [("path", path.to_owned())];
            Err(tera::Error::message(catalogue::words(Code::E0514, &args)))
        }
    }
}

fn path_arg(kwargs: &Kwargs) -> TeraResult<String> {
    Ok(kwargs.must_get::<&str>("path")?.to_owned())
}

/// Registers every function and filter, reading `lookup`.
pub(crate) fn register(tera: &mut Tera, lookup: Arc<Lookup>) {
    let l = lookup.clone();
    tera.register_function("get_url", move |kwargs: Kwargs, _: &State| {
        l.get_url(&path_arg(&kwargs)?)
    });
    let l = lookup.clone();
    tera.register_function("get_page", move |kwargs: Kwargs, _: &State| {
        let path = path_arg(&kwargs)?;
        let p = path.trim_start_matches("@/");
        l.pages.get(p).cloned().ok_or_else(|| l.missing(p))
    });
    let l = lookup;
    tera.register_function("get_section", move |kwargs: Kwargs, _: &State| {
        let path = path_arg(&kwargs)?;
        let p = path.trim_start_matches("@/");
        let key = if p.ends_with("_index.md") {
            p.to_owned()
        } else {
            format!("{}/_index.md", p.trim_end_matches('/'))
                .trim_start_matches('/')
                .to_owned()
        };
        l.sections.get(&key).cloned().ok_or_else(|| l.missing(&key))
    });
    tera.register_filter("wareki", wareki_filter);
}

/// `{{ page.date | wareki }}` → 平成23年1月7日(2011年1月7日); `style="plain"` → 平成23年1月7日;
/// `style="western_year"` → 平成23年(2011年)1月7日; `style="iso"` → 2011-01-07;
/// `style="fiscal_year"` → 平成22年度. `precision="month"` drops the day (平成23年1月).
/// The input is any date the front matter accepts (ISO or 和暦).
fn wareki_filter(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let fail = |e: &dyn std::fmt::Display| {
        let args = [("detail", e.to_string())];
        tera::Error::message(catalogue::words(Code::E0515, &args))
    };
    let unknown = |code: Code, value: &str| {
        let args = [("value", value.to_owned())];
        tera::Error::message(catalogue::words(code, &args))
    };
    let date = wareki::parse(value).map_err(|e| fail(&e))?;
    let date = match kwargs.get::<&str>("precision")?.unwrap_or("day") {
        "day" => date,
        "month" => wareki::Date::ym(date.year(), date.month()).map_err(|e| fail(&e))?,
        other => return Err(unknown(Code::E0516, other)),
    };
    let out = match kwargs.get::<&str>("style")?.unwrap_or("house") {
        "house" => date.wareki(Style::House),
        "plain" => date.wareki(Style::Plain),
        "western_year" => date.wareki(Style::WithWesternYear),
        "fiscal_year" => date.fiscal_year_wareki(),
        "iso" => Ok(date.iso()),
        other => return Err(unknown(Code::E0517, other)),
    };
    out.map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, date: &str) -> TeraResult<String> {
        let mut tera = Tera::new();
        register(&mut tera, Arc::new(Lookup::default()));
        let mut ctx = tera::Context::new();
        ctx.insert("d", date);
        tera.render_str(template, &ctx, true)
    }

    /// The day before and the first day of every era, and month-precision dates across them.
    const BOUNDARIES: &[&str] = &[
        "1873-01-01",
        "1912-07-29",
        "1912-07-30",
        "1926-12-24",
        "1926-12-25",
        "1989-01-07",
        "1989-01-08",
        "2019-04-30",
        "2019-05-01",
        "1912-07",
        "1926-12",
        "1989-01",
        "2019-04",
        "2019-05",
    ];

    #[test]
    fn the_filter_formats_and_parses_back_at_every_era_boundary() {
        for &iso in BOUNDARIES {
            for style in ["house", "plain", "western_year"] {
                let text =
                    render(&format!("{{{{ d | wareki(style=\"{style}\") }}}}"), iso).unwrap();
                let back =
                    wareki::parse(&text).unwrap_or_else(|e| panic!("{iso} {style} → {text}: {e}"));
                assert_eq!(back.iso(), iso, "{style}: {text}");
            }
        }
    }

    #[test]
    fn the_filter_prints_the_house_style_and_its_options() {
        let r = |t: &str, d: &str| render(t, d).unwrap();
        assert_eq!(
            r("{{ d | wareki }}", "2011-01-07"),
            "平成23年1月7日(2011年1月7日)"
        );
        assert_eq!(
            r("{{ d | wareki }}", "2019-05-01"),
            "令和元年5月1日(2019年5月1日)"
        );
        assert_eq!(
            r("{{ d | wareki(style='plain') }}", "1989-01-07"),
            "昭和64年1月7日"
        );
        assert_eq!(
            r("{{ d | wareki(style='western_year') }}", "2011-01-07"),
            "平成23年(2011年)1月7日"
        );
        assert_eq!(
            r("{{ d | wareki(style='fiscal_year') }}", "2019-04-01"),
            "令和元年度"
        );
        assert_eq!(
            r(
                "{{ d | wareki(style='plain', precision='month') }}",
                "2011-02-15"
            ),
            "平成23年2月"
        );
        assert_eq!(
            r("{{ d | wareki(style='iso') }}", "平成22年11月30日"),
            "2010-11-30"
        );
        assert_eq!(r("{{ d | wareki }}", "2011-02"), "平成23年2月(2011年2月)");
    }

    #[test]
    fn the_filter_refuses_bad_input_and_options() {
        assert!(render("{{ d | wareki }}", "令和元年4月30日").is_err());
        assert!(render("{{ d | wareki(style='x') }}", "2011-01-07").is_err());
        assert!(render("{{ d | wareki(precision='week') }}", "2011-01-07").is_err());
    }
}
