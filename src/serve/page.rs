//! What the preview adds to every HTML page it serves: a stylesheet and a script of its own
//! (served from [`ASSETS_PATH`], outside the site's paths, so that a page whose
//! Content-Security-Policy forbids inline scripts and styles runs them), and, when the last
//! build failed, the error overlay.
//!
//! The overlay is a panel over the lower part of the page, not a curtain: the last good page
//! stays visible and usable above it. It is an `alertdialog` named by its title and described
//! by its help line; the script moves focus to it when it opens (so a screen reader announces
//! it) and back where it was when it is closed, with its button or Escape. Its markup is made
//! here only, for the page served and for the build state sent to pages already open (see
//! `live.js`), from [`BuildError`]'s entries, never from the terminal's text: a withheld page is
//! only named.

use crate::text::escape::xml_escape;

use super::overlay::{BuildError, Entry, Excerpt};

/// Where the preview serves its own files (and its event stream, [`super::EVENTS_PATH`]).
pub(super) const ASSETS_PATH: &str = "/__office-site/";

/// The preview's script: live reload, and the overlay's keyboard and focus handling.
pub(super) const LIVE_JS: &str = include_str!("assets/live.js");
/// The overlay's styles.
pub(super) const OVERLAY_CSS: &str = include_str!("assets/overlay.css");

/// Why an overlay is shown: its title and help line depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Failure {
    /// The last build failed; the page beneath is the last good build's.
    Build,
    /// The last build failed and no build has succeeded yet: there is no page beneath.
    FirstBuild,
    /// This one file could not be rendered (a template, the publish gate's last barrier).
    File,
}

/// What a page is served with: the build it comes from and, if the last build failed, the
/// overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageState {
    /// The good build the page comes from (`RUN.ID`): the script reloads the page when the
    /// server has another.
    pub(super) generation: String,
    /// The overlay's markup, if there is an error to show.
    pub(super) overlay: Option<String>,
}

/// The overlay's markup for `error`. `build` names the failed build (`RUN-N`, or `file:RUN.ID:PATH`):
/// an overlay closed in a tab stays closed for that build, and comes back for the next.
pub(super) fn overlay(error: &BuildError, failure: Failure, build: &str) -> String {
    let (title, help) = match failure {
        Failure::Build => (
            "ビルドに失敗しました（build failed）",
            "修正して保存すると自動で再読み込みします。下に見えているのは最後に成功したビルドのページです（Esc で閉じます）。",
        ),
        Failure::FirstBuild => (
            "ビルドに失敗しました（build failed）",
            "修正して保存すると自動で再読み込みします。まだ成功したビルドがないため、表示できるページはありません。",
        ),
        Failure::File => (
            "このファイルを表示できません（this file failed to render）",
            "次のエラーで止まりました。修正して保存すると自動で再読み込みします（Esc で閉じます）。",
        ),
    };
    let mut out = format!(
        "<div id=\"office-site-error\" class=\"office-site-overlay\" role=\"alertdialog\" aria-labelledby=\"office-site-overlay-title\" aria-describedby=\"office-site-overlay-help\" tabindex=\"-1\" data-build=\"{}\">\
         <div class=\"office-site-overlay-head\"><p id=\"office-site-overlay-title\" class=\"office-site-overlay-title\">{title}</p>\
         <button type=\"button\" class=\"office-site-overlay-close\">閉じる</button></div>\
         <p id=\"office-site-overlay-help\" class=\"office-site-overlay-help\">{help}</p><ul class=\"office-site-overlay-list\">",
        xml_escape(build)
    );
    for entry in &error.entries {
        out.push_str("<li>");
        push_entry(&mut out, entry);
        out.push_str("</li>");
    }
    out.push_str("</ul></div>");
    out
}

fn push_entry(out: &mut String, entry: &Entry) {
    match entry {
        Entry::Withheld(_) => {
            out.push_str(&format!(
                "<pre class=\"office-site-overlay-message\">{}</pre>",
                xml_escape(&entry.text())
            ));
        }
        Entry::Shown { text, source } => {
            out.push_str(&format!(
                "<pre class=\"office-site-overlay-message\">{}</pre>",
                xml_escape(text)
            ));
            if let Some(x) = source {
                push_excerpt(out, x);
            }
        }
    }
}

/// The source line and, under it, the caret: the gutter and the text before the column
/// copied invisibly, then `^`, so both lines lay out alike in any font. The caret line is
/// hidden from screen readers (the message says where).
fn push_excerpt(out: &mut String, x: &Excerpt) {
    let width = x.line.to_string().len();
    out.push_str(&format!(
        "<pre class=\"office-site-overlay-source\"> {} | {}",
        x.line,
        xml_escape(&x.shown)
    ));
    if let Some(before) = &x.before_caret {
        out.push_str(&format!(
            "\n<span aria-hidden=\"true\"> {:width$} | <span class=\"office-site-overlay-pad\">{}</span><span class=\"office-site-overlay-caret\">^</span></span>",
            "",
            xml_escape(before)
        ));
    }
    out.push_str("</pre>");
}

/// Adds the stylesheet before `</head>`, and the overlay (if any) and the script before
/// `</body>`. Nothing inline: no `<style>`, no `style` attribute, no script text.
pub(super) fn inject(html: &[u8], page: &PageState) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let head = text[..at].find("</head>");
    let link = format!("<link rel=\"stylesheet\" href=\"{ASSETS_PATH}overlay.css\">");
    let mut out = String::with_capacity(text.len() + 1024);
    match head {
        Some(h) => {
            out.push_str(&text[..h]);
            out.push_str(&link);
            out.push_str(&text[h..at]);
        }
        None => {
            out.push_str(&text[..at]);
            out.push_str(&link);
        }
    }
    if let Some(overlay) = &page.overlay {
        out.push_str(overlay);
    }
    out.push_str(&format!(
        "<script src=\"{ASSETS_PATH}live.js\" data-generation=\"{}\" data-events=\"{}\"></script>",
        xml_escape(&page.generation),
        super::EVENTS_PATH
    ));
    out.push_str(&text[at..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests;
