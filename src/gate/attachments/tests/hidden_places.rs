//! Regression tests for the places a reader sees that the gate once did not read: Office
//! packages built here with the secret in every kind of place (attributes, parts no reader
//! reads, part names, ruby), in several spellings. Each test is named after the bug it covers.

use std::io::Write;

use super::{Context, check, codes};
use crate::diag::Code;
use crate::load::attachments::extract;
use crate::load::config::{AttachmentOptions, BaseUrl};

/// One marking in spellings a reader takes for it.
const SPELLINGS: &[&str] = &[
    "機密性２情報",
    "機密性2情報",
    "機密性\u{200B}２情報",
    "機密性②情報",
    "ｷ機密性2",
];

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A package of `kind` (`docx`, `xlsx`, `pptx`) with these parts (a part named like a default
/// main part replaces it).
fn package(kind: &str, parts: &[(String, String)]) -> Vec<u8> {
    let (main, ty, default) = match kind {
        "docx" => (
            "word/document.xml",
            "wordprocessingml.document.main",
            format!("<w:document {W}><w:body><w:p><w:r><w:t>公開資料</w:t></w:r></w:p></w:body></w:document>"),
        ),
        "xlsx" => (
            "xl/workbook.xml",
            "spreadsheetml.sheet.main",
            r#"<workbook xmlns:r="R"><sheets><sheet name="資料" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        _ => (
            "ppt/presentation.xml",
            "presentationml.presentation.main",
            r#"<p:presentation xmlns:p="P" xmlns:r="R"><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>"#.to_owned(),
        ),
    };
    let mut all: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".to_owned(),
            format!(
                r#"<Types><Override PartName="/{main}" ContentType="application/vnd.openxmlformats-officedocument.{ty}+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(
                r#"<Relationships><Relationship Id="rId1" Type="{REL}/officeDocument" Target="{main}"/></Relationships>"#
            ),
        ),
        (main.to_owned(), default),
    ];
    let own = |kind: &str, target: &str, rel: &str| -> (String, String) {
        (
            format!(
                "{}/_rels/{}.rels",
                main.rsplit_once('/').unwrap().0,
                main.rsplit_once('/').unwrap().1
            ),
            format!(
                r#"<Relationships><Relationship Id="rId1" Type="{REL}/{rel}" Target="{target}"/>{kind}</Relationships>"#
            ),
        )
    };
    match kind {
        "xlsx" => {
            all.push(own("", "worksheets/sheet1.xml", "worksheet"));
            all.push((
                "xl/worksheets/sheet1.xml".to_owned(),
                "<worksheet><sheetData/></worksheet>".to_owned(),
            ));
        }
        "pptx" => {
            all.push(own("", "slides/slide1.xml", "slide"));
            all.push((
                "ppt/slides/slide1.xml".to_owned(),
                "<p:sld xmlns:p=\"P\"/>".to_owned(),
            ));
            all.push(("ppt/slides/_rels/slide1.xml.rels".to_owned(), format!(r#"<Relationships><Relationship Id="rId2" Type="{REL}/notesSlide" Target="../notesSlides/notesSlide1.xml"/></Relationships>"#)));
            all.push((
                "ppt/notesSlides/notesSlide1.xml".to_owned(),
                "<p:notes xmlns:p=\"P\"/>".to_owned(),
            ));
        }
        _ => all.push(own(
            &format!(r#"<Relationship Id="rId2" Type="{REL}/header" Target="header1.xml"/>"#),
            "footnotes.xml",
            "footnotes",
        )),
    }
    for (name, xml) in parts {
        match all.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = xml.clone(),
            None => all.push((name.clone(), xml.clone())),
        }
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, xml) in all {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn part(name: &str, xml: String) -> (String, String) {
    (name.to_owned(), xml)
}

/// Word: every kind of place a reader sees (and a few a reader of the unzipped file sees).
fn docx_places(s: &str) -> Vec<(&'static str, Vec<(String, String)>)> {
    let body = |inner: &str| {
        part(
            "word/document.xml",
            format!("<w:document {W}><w:body>{inner}</w:body></w:document>"),
        )
    };
    let hdr = |inner: &str| part("word/header1.xml", format!("<w:hdr {W}>{inner}</w:hdr>"));
    vec![
        (
            "watermark",
            vec![hdr(&format!(
                r#"<w:p><w:r><w:pict><v:shape><v:textpath string="{s}"/></v:shape></w:pict></w:r></w:p>"#
            ))],
        ),
        (
            "custom property name",
            vec![part(
                "docProps/custom.xml",
                format!(
                    r#"<Properties><property pid="2" name="{s}"><vt:bool xmlns:vt="V">true</vt:bool></property></Properties>"#
                ),
            )],
        ),
        (
            "document variable",
            vec![part(
                "word/settings.xml",
                format!(
                    r#"<w:settings {W}><w:docVars><w:docVar w:name="c" w:val="{s}"/></w:docVars></w:settings>"#
                ),
            )],
        ),
        (
            "content control alias",
            vec![body(&format!(
                r#"<w:sdt><w:sdtPr><w:alias w:val="{s}"/></w:sdtPr></w:sdt>"#
            ))],
        ),
        (
            "content control tag",
            vec![body(&format!(
                r#"<w:sdt><w:sdtPr><w:tag w:val="{s}"/></w:sdtPr></w:sdt>"#
            ))],
        ),
        (
            "hyperlink tooltip",
            vec![body(&format!(
                r#"<w:p><w:hyperlink w:anchor="x" w:tooltip="{s}"><w:r><w:t>資料</w:t></w:r></w:hyperlink></w:p>"#
            ))],
        ),
        (
            "footnote",
            vec![part(
                "word/footnotes.xml",
                format!(
                    "<w:footnotes {W}><w:footnote><w:p><w:r><w:t>{s}</w:t></w:r></w:p></w:footnote></w:footnotes>"
                ),
            )],
        ),
        (
            "endnote in an unlinked part",
            vec![part(
                "word/endnotes.xml",
                format!(
                    "<w:endnotes {W}><w:endnote><w:p><w:r><w:t>{s}</w:t></w:r></w:p></w:endnote></w:endnotes>"
                ),
            )],
        ),
        (
            "text box",
            vec![body(&format!(
                "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{s}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
            ))],
        ),
        (
            "alt text title in a header",
            vec![hdr(&format!(
                r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="x" title="{s}"/></wp:inline></w:drawing></w:r></w:p>"#
            ))],
        ),
    ]
    .into_iter()
    .chain(docx_package_places(s))
    .collect()
}

/// Word: places in parts no reader reads, and the package's own strings.
fn docx_package_places(s: &str) -> Vec<(&'static str, Vec<(String, String)>)> {
    let body = |inner: &str| {
        part(
            "word/document.xml",
            format!("<w:document {W}><w:body>{inner}</w:body></w:document>"),
        )
    };
    vec![
        (
            "chart",
            vec![part(
                "word/charts/chart1.xml",
                format!(
                    r#"<c:chartSpace xmlns:c="C"><c:tx><c:v>{s}</c:v></c:tx><c:ser name="{s}"/></c:chartSpace>"#
                ),
            )],
        ),
        (
            "custom XML part attribute",
            vec![part(
                "customXml/item1.xml",
                format!(r#"<root><item label="{s}"/></root>"#),
            )],
        ),
        (
            "unusual part name and content type",
            vec![part(
                "misc/d.dat",
                format!(r#"<?xml version="1.0"?><z a="{s}"/>"#),
            )],
        ),
        (
            "part name",
            vec![part(&format!("word/{s}.xml"), "<x/>".to_owned())],
        ),
        (
            "relationship target",
            vec![part(
                "word/_rels/settings.xml.rels",
                format!(
                    r#"<Relationships><Relationship Id="r" Type="{REL}/hyperlink" Target="https://example.org/{s}" TargetMode="External"/></Relationships>"#
                ),
            )],
        ),
        ("xml comment", vec![body(&format!("<!-- {s} --><w:p/>"))]),
    ]
}

fn xlsx_places(s: &str) -> Vec<(&'static str, Vec<(String, String)>)> {
    let sheet = |inner: &str| {
        part(
            "xl/worksheets/sheet1.xml",
            format!(
                "<worksheet><sheetData><row><c r=\"A1\" t=\"str\"><f>\"x\"</f><v>x</v></c></row></sheetData>{inner}</worksheet>"
            ),
        )
    };
    vec![
        (
            "data validation prompt",
            vec![sheet(&format!(
                r#"<dataValidations><dataValidation prompt="{s}" sqref="A2"/></dataValidations>"#
            ))],
        ),
        (
            "data validation prompt title",
            vec![sheet(&format!(
                r#"<dataValidations><dataValidation promptTitle="{s}" sqref="A2"/></dataValidations>"#
            ))],
        ),
        (
            "data validation error",
            vec![sheet(&format!(
                r#"<dataValidations><dataValidation error="{s}" errorTitle="t" sqref="A2"/></dataValidations>"#
            ))],
        ),
        (
            "data validation error title",
            vec![sheet(&format!(
                r#"<dataValidations><dataValidation errorTitle="{s}" sqref="A2"/></dataValidations>"#
            ))],
        ),
        (
            "defined name value",
            vec![part(
                "xl/workbook.xml",
                format!(
                    r#"<workbook xmlns:r="R"><sheets><sheet name="資料" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="分類">"{s}"</definedName></definedNames></workbook>"#
                ),
            )],
        ),
        (
            "defined name",
            vec![part(
                "xl/workbook.xml",
                format!(
                    r#"<workbook xmlns:r="R"><sheets><sheet name="資料" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="{s}">資料!A1</definedName></definedNames></workbook>"#
                ),
            )],
        ),
        (
            "formula with an empty cached value",
            vec![part(
                "xl/worksheets/sheet1.xml",
                format!(
                    "<worksheet><sheetData><row><c r=\"A1\" t=\"str\"><f>\"{s}\"</f><v></v></c></row></sheetData></worksheet>"
                ),
            )],
        ),
        (
            "hyperlink tooltip",
            vec![sheet(&format!(
                r#"<hyperlinks><hyperlink ref="A1" location="資料!A1" tooltip="{s}" display="リンク"/></hyperlinks>"#
            ))],
        ),
        (
            "hyperlink display",
            vec![sheet(&format!(
                r#"<hyperlinks><hyperlink ref="A1" location="資料!A1" display="{s}"/></hyperlinks>"#
            ))],
        ),
        (
            "chart",
            vec![part(
                "xl/charts/chart1.xml",
                format!("<c:chartSpace xmlns:c=\"C\"><c:v>{s}</c:v></c:chartSpace>"),
            )],
        ),
    ]
}

fn pptx_places(s: &str) -> Vec<(&'static str, Vec<(String, String)>)> {
    let sp = format!(
        r#"<p:sp><p:nvSpPr><p:nvPr><p:ph type="hdr"/></p:nvPr></p:nvSpPr><p:txBody><a:p xmlns:a="A"><a:r><a:t>{s}</a:t></a:r></a:p></p:txBody></p:sp>"#
    );
    let tree = |root: &str| {
        format!(r#"<p:{root} xmlns:p="P"><p:cSld><p:spTree>{sp}</p:spTree></p:cSld></p:{root}>"#)
    };
    vec![
        (
            "notes header placeholder",
            vec![part("ppt/notesSlides/notesSlide1.xml", tree("notes"))],
        ),
        (
            "layout",
            vec![part("ppt/slideLayouts/slideLayout1.xml", tree("sldLayout"))],
        ),
        (
            "master",
            vec![part("ppt/slideMasters/slideMaster1.xml", tree("sldMaster"))],
        ),
        (
            "notes master",
            vec![part(
                "ppt/notesMasters/notesMaster1.xml",
                tree("notesMaster"),
            )],
        ),
        (
            "handout master",
            vec![part(
                "ppt/handoutMasters/handoutMaster1.xml",
                tree("handoutMaster"),
            )],
        ),
        (
            "shape alt text",
            vec![part(
                "ppt/slides/slide1.xml",
                format!(r#"<p:sld xmlns:p="P"><p:cNvPr id="2" name="x" descr="{s}"/></p:sld>"#),
            )],
        ),
    ]
}

/// The codes for a package, and the places of its errors.
fn findings(name: &str, bytes: &[u8]) -> Vec<(Code, String)> {
    let base = BaseUrl::parse("https://www.example.go.jp/").unwrap();
    let options = AttachmentOptions::default();
    let left_out = std::collections::HashMap::new();
    let cx = Context {
        file: std::path::Path::new(name),
        pages: vec!["content/p.md".to_owned()],
        allow: Vec::new(),
        options: &options,
        base: &base,
        left_out: &left_out,
    };
    check(&extract(name, bytes), &cx)
        .0
        .iter()
        .map(|d| (d.code, super::super::place_of(d).unwrap_or_default()))
        .collect()
}

#[test]
fn a_marking_in_attributes_and_unread_parts_of_office_files_was_published() {
    type Places = fn(&str) -> Vec<(&'static str, Vec<(String, String)>)>;
    let kinds: [(&str, Places); 3] = [
        ("docx", docx_places),
        ("xlsx", xlsx_places),
        ("pptx", pptx_places),
    ];
    for (kind, places) in kinds {
        for s in SPELLINGS {
            for (what, parts) in places(s) {
                let found = codes(&format!("a.{kind}"), &package(kind, &parts));
                assert!(
                    found.contains(&Code::E0314),
                    "{kind}, {what}, {s:?}: {found:?}"
                );
            }
        }
        // A handling word too.
        for (what, parts) in places("取扱注意") {
            let found = codes(&format!("a.{kind}"), &package(kind, &parts));
            assert!(
                found.contains(&Code::E0313),
                "{kind}, {what}, 取扱注意: {found:?}"
            );
        }
    }
}

#[test]
fn findings_in_attributes_are_placed_where_the_reader_found_the_part() {
    let places = docx_places("機密性２情報");
    let place = |what: &str| {
        let parts = &places.iter().find(|(w, _)| *w == what).unwrap().1;
        findings("a.docx", &package("docx", parts))
    };
    assert!(place("watermark").contains(&(Code::E0314, "header".to_owned())));
    assert!(place("hyperlink tooltip").contains(&(Code::E0314, "body".to_owned())));
    assert!(
        place("custom property name").contains(&(Code::E0314, "document properties".to_owned()))
    );
    let parts = &xlsx_places("機密性２情報")[0].1;
    assert!(
        findings("a.xlsx", &package("xlsx", parts))
            .contains(&(Code::E0314, "sheet 資料".to_owned()))
    );
    let parts = &pptx_places("機密性２情報")[0].1;
    assert!(
        findings("a.pptx", &package("pptx", parts))
            .contains(&(Code::E0314, "slide 1 notes".to_owned()))
    );
}

#[test]
fn a_marking_split_by_ruby_was_read_with_its_reading_in_the_middle() {
    for (reading, base) in [("せい", "性"), ("き", "機密性"), ("ひみつ", "機密")] {
        let text = format!(
            "<w:r><w:t>{}</w:t></w:r><w:r><w:ruby><w:rubyPr><w:hps w:val=\"10\"/></w:rubyPr><w:rt><w:r><w:t>{reading}</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>{base}</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>{}</w:t></w:r>",
            "機密性".strip_suffix(base).unwrap_or(""),
            if base == "機密" {
                "性２情報"
            } else {
                "２情報"
            }
        );
        let doc = part(
            "word/document.xml",
            format!("<w:document {W}><w:body><w:p>{text}</w:p></w:body></w:document>"),
        );
        let found = findings("a.docx", &package("docx", &[doc]));
        assert!(
            found.contains(&(Code::E0314, "body".to_owned())),
            "{base}/{reading}: {found:?}"
        );
    }
    // Excel's phonetic guide likewise.
    let shared = part(
        "xl/sharedStrings.xml",
        "<sst><si><r><t>機密</t></r><rPh><t>キミツ</t></rPh><r><t>性２情報</t></r></si></sst>"
            .to_owned(),
    );
    assert!(codes("a.xlsx", &package("xlsx", &[shared])).contains(&Code::E0314));
}

#[test]
fn ordinary_office_internals_do_not_look_like_placeholders_or_markings() {
    let levels: String = (0..9)
        .map(|l| format!(r#"<w:lvl w:ilvl="{l}"><w:lvlText w:val="●"/><w:rPr><w:rFonts w:ascii="ＭＳ 明朝" w:hint="eastAsia"/></w:rPr></w:lvl>"#))
        .collect();
    let parts = [
        part("word/numbering.xml", format!("<w:numbering {W}><w:abstractNum>{levels}</w:abstractNum></w:numbering>")),
        part("word/theme/theme1.xml", r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:font script="Jpan" typeface="ＭＳ 明朝"/><a:font script="Jpan" typeface="ＭＳ Ｐゴシック"/></a:theme>"#.to_owned()),
        part("word/styles.xml", format!(r#"<w:styles {W}><w:style w:styleId="a"><w:name w:val="表 (格子)"/></w:style></w:styles>"#)),
        part("word/document.xml", format!("<w:document {W}><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>○</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>×</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>")),
    ];
    assert_eq!(findings("a.docx", &package("docx", &parts)), vec![]);
    let shared = part(
        "xl/sharedStrings.xml",
        "<sst><si><t>○</t></si><si><t>○</t></si><si><t>●</t></si></sst>".to_owned(),
    );
    let rels = part(
        "xl/_rels/workbook.xml.rels",
        format!(
            r#"<Relationships><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        ),
    );
    let cells: String = (0..3)
        .map(|i| format!(r#"<c r="A{}" t="s"><v>{i}</v></c>"#, i + 1))
        .collect();
    let sheet = part(
        "xl/worksheets/sheet1.xml",
        format!("<worksheet><sheetData><row>{cells}</row></sheetData></worksheet>"),
    );
    assert_eq!(
        findings("a.xlsx", &package("xlsx", &[shared, rels, sheet])),
        vec![]
    );
    for fixture in [
        "lo-clean.docx",
        "lo-clean.xlsx",
        "lo-clean.pptx",
        "exif-clean.jpg",
    ] {
        let bytes = std::fs::read(format!(
            "{}/tests/fixtures/attachments/{fixture}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let found = codes(fixture, &bytes);
        assert!(
            !found
                .iter()
                .any(|c| matches!(c, Code::E0313 | Code::E0314 | Code::E0322)),
            "{fixture}: {found:?}"
        );
    }
}
