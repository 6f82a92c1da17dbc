//! Excel workbooks: every sheet's cells (hidden and very hidden sheets too), headers and
//! footers, by sheet name and cell.

use super::*;

pub(super) fn read_xlsx(pkg: &mut Package, out: &mut Extracted) -> Result<(), String> {
    let main = main_part(pkg, "xl/workbook.xml")?;
    let Some(book) = pkg.xml(&main)? else {
        return Err(format!("it has no {main}: it is not an Excel workbook"));
    };
    let rels = pkg.rels(&main)?;
    let shared: Vec<String> = match rels.iter().find(|r| r.kind == "sharedStrings") {
        Some(r) => match pkg.xml(&r.target.clone())? {
            Some(ev) => elements(&ev, "si").into_iter().map(t_text).collect(),
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let mut links = Vec::new();
    let mut names = Vec::new();
    for sheet in book.iter().filter(|e| e.opens("sheet")) {
        let name = sheet.attr("name").unwrap_or_default().to_owned();
        let state = sheet.attr("state").unwrap_or("visible").to_owned();
        names.push(name.clone());
        let Some(rel) = rels
            .iter()
            .find(|r| Some(r.id.as_str()) == sheet.attr("r:id"))
        else {
            continue;
        };
        let target = rel.target.clone();
        let place = |cell: Option<String>| Place::Sheet {
            name: name.clone(),
            state: state.clone(),
            cell,
        };
        pkg.locate(&target, place(None));
        if let Some(ev) = pkg.xml(&target)? {
            read_cells(&ev, &shared, &place, out);
        }
        let sheet_rels = pkg.rels(&target)?;
        links_of(&sheet_rels, &mut links);
        for r in &sheet_rels {
            if r.kind != "comments" && r.kind != "threadedComment" {
                continue;
            }
            pkg.locate(&r.target, place(None));
            let Some(ev) = pkg.xml(&r.target)? else {
                continue;
            };
            let authors: Vec<String> = elements(&ev, "author")
                .into_iter()
                .map(|a| {
                    a.iter()
                        .find_map(|e| match e {
                            Ev::Text(t) => Some(t.clone()),
                            _ => None,
                        })
                        .unwrap_or_default()
                })
                .collect();
            for c in elements(&ev, "comment")
                .into_iter()
                .chain(elements(&ev, "threadedComment"))
            {
                let author = c[0]
                    .attr("authorId")
                    .and_then(|id| id.parse::<usize>().ok())
                    .and_then(|id| authors.get(id).cloned());
                out.comments.push(Remark {
                    place: place(c[0].attr("ref").map(str::to_owned)),
                    author,
                    text: t_text(c),
                    inserted: false,
                });
            }
        }
    }
    out.parts.push(Part {
        place: Place::Properties,
        text: names.join("\n"),
    });
    push_links(out, links);
    Ok(())
}

/// Each cell with text (a shared string, an inline string, a formula's string result, a
/// number) as a part at its sheet and cell; headers and footers of the sheet too.
fn read_cells(
    ev: &[Ev],
    shared: &[String],
    place: &dyn Fn(Option<String>) -> Place,
    out: &mut Extracted,
) {
    for c in elements(ev, "c") {
        let cell = c[0].attr("r").map(str::to_owned);
        let kind = c[0].attr("t").unwrap_or("n");
        let text = if kind == "inlineStr" {
            t_text(c)
        } else {
            let value: String = elements(c, "v")
                .first()
                .map(|v| t_inner(v))
                .unwrap_or_default();
            match kind {
                "s" => value
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| shared.get(i).cloned())
                    .unwrap_or_default(),
                _ => value,
            }
        };
        // A formula's strings are in the file even when its cached value is empty.
        let formula = elements(c, "f")
            .first()
            .map(|f| t_inner(f))
            .unwrap_or_default();
        let text = if formula.trim().is_empty() {
            text
        } else {
            format!("{text}\n{formula}")
        };
        if !text.trim().is_empty() {
            out.parts.push(Part {
                place: place(cell),
                text,
            });
        }
    }
    for hf in [
        "oddHeader",
        "oddFooter",
        "evenHeader",
        "evenFooter",
        "firstHeader",
        "firstFooter",
    ] {
        for e in elements(ev, hf) {
            let text: String = e
                .iter()
                .filter_map(|x| match x {
                    Ev::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect();
            if !text.trim().is_empty() {
                out.parts.push(Part {
                    place: place(None),
                    text,
                });
            }
        }
    }
}

/// The text nodes of an element, joined.
fn t_inner(ev: &[Ev]) -> String {
    ev.iter()
        .filter_map(|e| match e {
            Ev::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}
