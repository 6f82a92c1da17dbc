//! What templates see of a page's attachments: `page.materials` (its 資料一覧, each entry
//! with the office's notation of the file's format and size) and `page.has_pdf` (the page
//! links or lists a PDF: the theme shows its note on PDF readers once).
//!
//! Part of the render step; the link step resolved and measured the files
//! (`link::attachments`).

use tera::Value;

use super::template_data::map;
use crate::link::site::Site;

/// `page.materials` and `page.has_pdf` of page `i`.
pub(crate) fn values(site: &Site, i: usize) -> (Value, Value) {
    let a = &site.attachments;
    let materials: Vec<Value> = a
        .materials
        .get(i)
        .into_iter()
        .flatten()
        .map(|m| {
            map([
                (
                    "number",
                    m.number.as_deref().map_or_else(Value::none, Value::from),
                ),
                ("title", Value::from(m.title.as_str())),
                ("url", Value::from(m.url.as_str())),
                ("format", Value::from(m.label.as_str())),
                ("bytes", Value::from(m.bytes)),
                ("notation", Value::from(m.notation.as_str())),
            ])
        })
        .collect();
    let has_pdf = a.has_pdf.get(i).copied().unwrap_or(false);
    (Value::from(materials), Value::from(has_pdf))
}
