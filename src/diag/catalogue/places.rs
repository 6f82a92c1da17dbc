//! Where inside an attachment a finding is (`{place:place}` in a message, with
//! `{place_n}`, `{place_name}`, `{place_state:sheet_state}` and `{place_cell}`), and who made
//! its comments or changes, in both languages: phrases like [`super::phrases`]'s.

/// `(table, key, English, Japanese)`, as the phrases are.
pub(super) const PLACES: &[(&str, &str, &str, &str)] = &[
    // Where inside an attachment (`{place:place}`, with `{place_n}`, `{place_name}`,
    // `{place_state:sheet_state}` and `{place_cell}`).
    ("place", "page", "page {place_n}", "{place_n}ページ目"),
    (
        "place",
        "annotation",
        "page {place_n}, annotation",
        "{place_n}ページ目の注釈",
    ),
    (
        "place",
        "sheet",
        "sheet {place_name}{place_state:sheet_state}",
        "シート「{place_name}」{place_state:sheet_state}",
    ),
    (
        "place",
        "sheet_cell",
        "sheet {place_name}{place_state:sheet_state}, cell {place_cell}",
        "シート「{place_name}」{place_state:sheet_state}のセル {place_cell}",
    ),
    ("sheet_state", "visible", "", ""),
    // Who made comments or tracked changes: the names, or none.
    ("authors", "unnamed", "an unnamed author", "作成者名なし"),
    ("sheet_state", "hidden", " (hidden)", "（非表示）"),
    (
        "sheet_state",
        "veryHidden",
        " (very hidden)",
        "（完全に非表示）",
    ),
    ("place", "slide", "slide {place_n}", "スライド {place_n}"),
    (
        "place",
        "slide_notes",
        "slide {place_n} notes",
        "スライド {place_n} のノート",
    ),
    ("place", "body", "body", "本文"),
    ("place", "header", "header", "ヘッダー"),
    ("place", "footer", "footer", "フッター"),
    ("place", "notes", "footnotes", "脚注・文末脚注"),
    ("place", "comments", "comments", "コメント"),
    (
        "place",
        "properties",
        "document properties",
        "文書のプロパティ",
    ),
    ("place", "links", "hyperlinks", "ハイパーリンクのリンク先"),
    ("place", "metadata", "image metadata", "画像のメタデータ"),
    ("place", "file", "file", "ファイル全体"),
    ("place", "part", "part {place_name}", "パーツ {place_name}"),
    (
        "place",
        "alt_text",
        "alt text in {place_name}",
        "{place_name} の代替テキスト",
    ),
    // Where a text found by reading every object and byte of a PDF is: the page the object
    // belongs to, if one does (`{place_page:on_page}`), and what holds it
    // (`{place_holder:holder}`, with `{place_id}`, `{place_kind}`, `{place_stream}`).
    (
        "place",
        "object",
        "{place_page:on_page}{place_holder:holder}",
        "{place_page:on_page}{place_holder:holder}",
    ),
    ("on_page", "none", "", ""),
    ("on_page", "some", "page {place_n}, ", "{place_n}ページ目の"),
    (
        "holder",
        "info",
        "document properties (object {place_id})",
        "文書のプロパティ（オブジェクト {place_id}）",
    ),
    (
        "holder",
        "object",
        "object {place_id}",
        "オブジェクト {place_id}",
    ),
    (
        "holder",
        "object_kind",
        "object {place_id} ({place_kind})",
        "オブジェクト {place_id}（{place_kind}）",
    ),
    (
        "holder",
        "superseded",
        "object {place_id}, not in the file's current version",
        "オブジェクト {place_id}（以前の版のもので、現在の版にはありません）",
    ),
    (
        "holder",
        "superseded_stream",
        "object {place_id} in object stream {place_stream}, not in the file's current version",
        "オブジェクトストリーム {place_stream} の中のオブジェクト {place_id}（以前の版のもので、現在の版にはありません）",
    ),
    ("holder", "trailer", "the trailer", "トレーラー"),
    (
        "holder",
        "outside",
        "bytes outside any object",
        "どのオブジェクトにも属さないバイト列",
    ),
];
