//! The catalogue's phrase tables: the words that vary within one problem (a file or a folder,
//! why a page is left out, which rule a finding breaks…), by table and key. Part of
//! [`super`]. Each phrase is in English and Japanese, side by side: adding one is one entry.

use crate::diag::Lang;

/// The phrase tables: (table, key, English words, Japanese words). An argument written `{name:table}` in a
/// template holds a key, and the table's words for it are put in (with their own `{arguments}`).
pub(super) const PHRASES: &[(&str, &str, &str, &str)] = &[
    // What is named: a file or a folder, or two of them.
    ("thing", "file", "file", "ファイル"),
    ("thing", "folder", "folder", "フォルダー"),
    ("thing", "files", "files", "ファイル"),
    ("thing", "folders", "folders", "フォルダー"),
    ("thing", "image", "image", "画像"),
    ("thing", "link", "link", "リンク"),
    (
        "thing",
        "markdown_image",
        "Markdown image",
        "Markdownの画像",
    ),
    (
        "thing",
        "markdown_link",
        "Markdown link",
        "Markdownのリンク",
    ),
    // Why a URL in a Markdown link or image is refused.
    (
        "unsafe",
        "document",
        "it carries a document of its own, which can hold a script (only PNG, JPEG, GIF and WebP images may be `data:`)",
        "それ自体が文書を運び、スクリプトを含められるためです（`data:` にできるのは PNG・JPEG・GIF・WebP の画像だけです）",
    ),
    (
        "unsafe",
        "code",
        "it runs code in the reader's browser",
        "読む人のブラウザーでプログラムを動かすためです",
    ),
    // Why the sanitiser removes an element of raw HTML.
    (
        "element",
        "script",
        "scripts in page content are not published",
        "ページ本文のスクリプトは公開しません",
    ),
    (
        "element",
        "style",
        "style sheets belong in the theme, not in a page",
        "スタイルシートはテーマに書きます（ページには書きません）",
    ),
    (
        "element",
        "embeds",
        "it embeds another document, which can run scripts",
        "別の文書を埋め込み、その中でスクリプトが動くためです",
    ),
    (
        "element",
        "svg",
        "inline SVG and MathML can carry scripts; use an image file",
        "埋め込みの SVG・MathML はスクリプトを含められます。画像ファイルにしてください",
    ),
    (
        "element",
        "head",
        "it changes how the whole page loads; the theme writes the page's head",
        "ページ全体の読み込み方を変えてしまいます。ページの head はテーマが書きます",
    ),
    (
        "element",
        "forms",
        "forms are not part of a published page",
        "フォームは公開ページに置きません",
    ),
    (
        "element",
        "hidden",
        "its content is not shown as text",
        "中身が文字として表示されません",
    ),
    (
        "element",
        "other",
        "it is not among the elements an office page needs",
        "役所のページに必要な要素ではありません",
    ),
    // Why the sanitiser removes an attribute or a URL (`{scheme}`: the URL's).
    (
        "removed",
        "handler",
        "event handlers run scripts",
        "イベント属性はスクリプトを動かします",
    ),
    (
        "removed",
        "style",
        "inline styles can load URLs and hide text; use a class of the theme",
        "style 属性は外部のURLを読み込んだり文字を隠したりできます。テーマの class を使ってください",
    ),
    (
        "removed",
        "scheme",
        "a `{scheme}:` URL is not kept (only http, https, mailto, tel and relative URLs, and `data:` for PNG, JPEG, GIF and WebP images)",
        "`{scheme}:` のURLは残しません（残すのは http・https・mailto・tel・相対URLと、PNG・JPEG・GIF・WebP 画像の `data:` だけです）",
    ),
    (
        "removed",
        "not_a_url",
        "its value is not a valid URL",
        "値が正しいURLではありません",
    ),
    (
        "removed",
        "value",
        "only a checkbox input is kept",
        "残す input はチェックボックスだけです",
    ),
    (
        "removed",
        "not_kept",
        "it is not among the attributes kept for this element",
        "この要素に残す属性ではありません",
    ),
    // What writes an output file (besides a page or a file of content/, named by its path).
    (
        "writer",
        "static",
        "the static file {file}",
        "静的ファイル {file}",
    ),
    ("writer", "feed", "the Atom feed", "Atom フィード"),
    ("writer", "sitemap", "the sitemap", "サイトマップ"),
    ("writer", "robots", "robots.txt", "robots.txt"),
    (
        "writer",
        "not_found",
        "the theme's 404 page",
        "テーマの 404 ページ",
    ),
    ("writer", "search", "the search index", "検索インデックス"),
    (
        "writer",
        "alias",
        "the alias `{alias}` of {file}",
        "{file} の別名 `{alias}`",
    ),
    // Lines added below a diagnostic where it arises.
    (
        "note",
        "put_back",
        "the previous output is at {aside}; the next build puts it back",
        "前回の出力は {aside} にあります。次のビルドで元に戻ります",
    ),
    (
        "note",
        "unreadable",
        "the publish gate reads every published text file, and cannot read this one",
        "公開ゲートは公開するテキストファイルをすべて読みますが、このファイルは読めません",
    ),
    (
        "note",
        "did_you_mean",
        "did you mean `{nearest}`?",
        "「{nearest}」のまちがいではありませんか？",
    ),
    (
        "note",
        "valid",
        "valid here: {valid}",
        "ここに書けるもの: {valid}",
    ),
    ("note", "caused_by", "caused by: {cause}", "原因: {cause}"),
    (
        "note",
        "while_rendering",
        "while rendering {page}",
        "{page} を組み立てている途中",
    ),
    // Where the accessibility checks found a problem.
    (
        "found",
        "page",
        "found in the rendered HTML of this page",
        "このページを組み立てたHTMLで見つかりました",
    ),
    (
        "found",
        "theme",
        "found in the rendered HTML of this page, in a part the theme's templates write",
        "このページを組み立てたHTMLの、テーマのテンプレートが書く部分で見つかりました",
    ),
    // Which folder a path was given for.
    ("folder", "site", "site", "サイト"),
    ("folder", "output", "output", "出力"),
    // Why an output folder is refused (`{source}`, `{dir}`: the source folder in the way).
    (
        "refusal",
        "root",
        "it is the site root",
        "サイトのフォルダーそのものです",
    ),
    (
        "refusal",
        "contains_root",
        "it contains the site root",
        "サイトのフォルダーを含んでいます",
    ),
    (
        "refusal",
        "inside_source",
        "it is inside {source}/, which holds the site's sources",
        "サイトの原稿を置く {source}/ の中にあります",
    ),
    (
        "refusal",
        "contains_source",
        "it contains {source}/ ({dir}), which holds the site's sources",
        "サイトの原稿を置く {source}/（{dir}）を含んでいます",
    ),
    (
        "refusal",
        "git",
        "it is inside a .git folder",
        ".git フォルダーの中にあります",
    ),
    (
        "refusal",
        "link_given",
        "it is a symbolic link; the build replaces the output folder, so give the folder itself (the resolved path below), not a link to it",
        "シンボリックリンクです。ビルドは出力フォルダーを置き換えるので、リンクではなくフォルダーそのもの（下に示す解決後のパス）を指定してください",
    ),
    (
        "refusal",
        "link",
        "it is a symbolic link",
        "シンボリックリンクです",
    ),
    (
        "refusal",
        "file",
        "it is a file, not a folder",
        "フォルダーではなくファイルです",
    ),
    (
        "refusal",
        "foreign",
        "it is not empty and office-site did not create it (no .office-site marker); choose another --output or empty it yourself",
        "空でなく、office-site が作ったものでもありません（.office-site の印がありません）。別の --output を指定するか、ご自身で空にしてください",
    ),
    // What to write in Markdown instead of raw HTML on a site that does not allow it.
    (
        "markdown_for",
        "table",
        "a table in Markdown: a header row `| 区分 | 内容 |`, then `|---|---|`, then one `| … | … |` line per row",
        "Markdownの表（見出し行 `| 区分 | 内容 |`、次に `|---|---|`、1行に1行ずつ `| … | … |`）",
    ),
    ("markdown_for", "strong", "`**bold text**`", "`**太字**`"),
    (
        "markdown_for",
        "emphasis",
        "`*emphasised text*`",
        "`*強調*`",
    ),
    (
        "markdown_for",
        "link",
        "`[text](https://…)`, or `[text](@/section/page.md)` for a page of this site",
        "`[文字](https://…)`（このサイトのページは `[文字](@/section/page.md)`）",
    ),
    (
        "markdown_for",
        "image",
        "`![what the image shows](file.png)`",
        "`![画像の説明](file.png)`",
    ),
    (
        "markdown_for",
        "line_break",
        "end the line with a backslash `\\`, or leave a blank line for a new paragraph",
        "行末に `\\` を書くか、空行で段落を分ける",
    ),
    (
        "markdown_for",
        "list",
        "a list: one `- item` (or `1. item`) per line",
        "1行に一つずつ `- 項目`（または `1. 項目`）",
    ),
    (
        "markdown_for",
        "heading",
        "a heading: `## heading` (one `#` per level)",
        "`## 見出し`（レベルの数だけ `#`）",
    ),
    (
        "markdown_for",
        "paragraph",
        "paragraphs separated by a blank line",
        "空行で区切った段落",
    ),
    (
        "markdown_for",
        "code",
        "code between backticks: `` `code` ``, or a block between two ``` lines",
        "バッククォートで囲む、または ``` の行で挟む",
    ),
    (
        "markdown_for",
        "strikethrough",
        "`~~struck text~~`",
        "`~~取り消し線~~`",
    ),
    (
        "markdown_for",
        "rule",
        "a line of `---` between blank lines",
        "前後に空行を入れた `---` の行",
    ),
    (
        "markdown_for",
        "quote",
        "a quotation: start each line with `> `",
        "各行の先頭に `> `",
    ),
    (
        "markdown_for",
        "comment",
        "nothing: an HTML comment would be published as text; remove it",
        "何も書かない（HTMLのコメントは文字として出るので削除）",
    ),
    (
        "markdown_for",
        "other",
        "plain Markdown text",
        "普通のMarkdownの文字",
    ),
    // What was expected where a shortcode's writing broke.
    (
        "shortcode_syntax",
        "open_braces",
        "`{{{{` is expected",
        "「{{{{」が必要です",
    ),
    (
        "shortcode_syntax",
        "name",
        "a name (such as `count`) is expected after `{{{{`",
        "「{{{{」の後に名前（`count` など）が必要です",
    ),
    (
        "shortcode_syntax",
        "open_paren",
        "`(` is expected after the name",
        "名前の後に「(」が必要です",
    ),
    (
        "shortcode_syntax",
        "argument_or_close",
        "an argument `key=\"value\"` (the key in lowercase letters) or `)` is expected here",
        "引数 `キー=\"値\"`（キーは半角小文字）か「)」が必要です",
    ),
    (
        "shortcode_syntax",
        "argument",
        "an argument `key=\"value\"` (the key in lowercase letters) is expected after the comma",
        "カンマの後に引数 `キー=\"値\"` が必要です",
    ),
    (
        "shortcode_syntax",
        "equals",
        "`=` is expected after the argument's name",
        "引数名の後に「=」が必要です",
    ),
    (
        "shortcode_syntax",
        "value",
        "a value is expected: text in straight quotes `\"…\"`, a whole number, `true` or `false`, or a list `[\"…\", \"…\"]`",
        "値が必要です（半角「\"」で囲んだ文字、整数、true／false、リスト `[\"…\", \"…\"]`）",
    ),
    (
        "shortcode_syntax",
        "text",
        "text in straight quotes `\"…\"` is expected",
        "半角「\"」で囲んだ文字が必要です",
    ),
    (
        "shortcode_syntax",
        "end_quote",
        "the text is not closed by a `\"` on this line",
        "文字がこの行のうちに「\"」で閉じられていません",
    ),
    (
        "shortcode_syntax",
        "comma_or_close",
        "`,` between two arguments, or `)` after the last, is expected",
        "引数の間には「,」、最後には「)」が必要です",
    ),
    (
        "shortcode_syntax",
        "comma_or_bracket",
        "`,` between two items of the list, or `]` after the last, is expected",
        "リストの項目の間には「,」、最後には「]」が必要です",
    ),
    (
        "shortcode_syntax",
        "close",
        "`}}}}` is expected after `)`",
        "「)」の後に「}}}}」が必要です",
    ),
    (
        "shortcode_syntax",
        "unclosed",
        "the line ends before the shortcode is closed by `) }}}}`: write it on one line",
        "「) }}}}」で閉じる前に行が終わっています。1行に書いてください",
    ),
    (
        "shortcode_syntax",
        "straight_quote",
        "this quote is full-width or curly: write the straight, half-width `\"`",
        "この引用符は全角か “ ” です。半角の「\"」を書いてください",
    ),
    (
        "shortcode_syntax",
        "half_width",
        "this bracket, comma or `=` is full-width: write the half-width one (`(`, `)`, `[`, `]`, `,`, `=`)",
        "この括弧・カンマ・「=」は全角です。半角（( ) [ ] , =）で書いてください",
    ),
    // The kinds of value a shortcode's argument takes.
    (
        "value_kind",
        "text",
        "text in quotes (`\"…\"`)",
        "「\"」で囲んだ文字",
    ),
    ("value_kind", "number", "a whole number", "整数"),
    (
        "value_kind",
        "bool",
        "`true` or `false`",
        "`true` か `false`",
    ),
    (
        "value_kind",
        "list",
        "a list (`[\"…\", \"…\"]`)",
        "リスト（`[\"…\", \"…\"]`）",
    ),
    // What a shortcode that stands alone writes.
    ("block", "list", "list", "箇条書き"),
    ("block", "table", "table", "表"),
    // Whose id a raw HTML element's id is too.
    (
        "id_owner",
        "theme",
        "an element of the theme's templates",
        "テーマのテンプレートの要素",
    ),
    (
        "id_owner",
        "page",
        "a heading, a footnote or another tag of this page",
        "このページの見出し・脚注・ほかのタグ",
    ),
    // How two names that a file system takes for one differ.
    (
        "differ",
        "normalisation",
        "are one name in two Unicode normalisations (NFC and NFD)",
        "Unicode の正規化（NFC と NFD）が違うだけの同じ名前です",
    ),
    (
        "differ",
        "case",
        "differ only in upper and lower case",
        "大文字と小文字が違うだけです",
    ),
    (
        "differ",
        "forms",
        "differ only in upper and lower case, Unicode normalisation or full-width and half-width forms",
        "大文字・小文字、Unicode の正規化、全角・半角が違うだけです",
    ),
    // Why a page that exists is not on the site (`Unpublished`).
    (
        "left_out",
        "draft",
        "a draft, not published in this build",
        "下書き（draft）で、このビルドでは公開されません",
    ),
    (
        "left_out",
        "withheld",
        "classified above 機密性1 and withheld from the public site",
        "機密性1より上に分類され、公開サイトには載りません",
    ),
    (
        "left_out",
        "broken",
        "a page with errors of its own",
        "それ自体に誤りがあるページです",
    ),
    // The gate's rules, with the flagged `token` and a marking's `level`.
    (
        "rule",
        "marking",
        "this text carries the marking 「{token}」 (機密性{level}): a public page may hold only 機密性1 information",
        "この文には「{token}」（機密性{level}）の表示があります。公開ページに載せられるのは機密性1の情報だけです",
    ),
    (
        "rule",
        "secrecy",
        "this text is marked 「{token}」 (要機密情報): it may not be published",
        "この文には「{token}」（要機密情報）の表示があります。公開できません",
    ),
    (
        "rule",
        "handling",
        "the handling word 「{token}」 marks text that is not for the public",
        "取扱いの語「{token}」は、公開用でない文の印です",
    ),
    (
        "rule",
        "stamp",
        "the stamp 「{token}」 marks text that is not for the public",
        "「{token}」の印は、公開用でない文の印です",
    ),
    // Why a YAML value must be quoted (`{char}`: the character it starts with).
    ("quote_why", "colon", "holds `: `", "に「: 」が入っている"),
    (
        "quote_why",
        "lead",
        "starts with `{char}`",
        "が「{char}」で始まっている",
    ),
    // More published files than a message lists (`{count}` of them).
    ("more", "none", "", ""),
    ("more", "some", ", and {count} more", "、ほか {count} 件"),
    (
        "rule",
        "placeholder",
        "the placeholder 「{token}」 must be filled in before publishing",
        "仮の文字「{token}」が残っています。公開前に書き換えてください",
    ),
];

/// Every phrase: those here, the places inside attachments and the terminal's notices.
pub(super) fn all()
-> impl Iterator<Item = &'static (&'static str, &'static str, &'static str, &'static str)> {
    PHRASES
        .iter()
        .chain(super::places::PLACES)
        .chain(super::notices::NOTICES)
}

/// The English words of a key of a phrase table (`{name:table}` in a template), if it has them.
pub(crate) fn phrase(table: &str, key: &str) -> Option<&'static str> {
    phrase_in(Lang::En, table, key)
}

/// The words in `lang` of a key of a phrase table, if it has them.
pub(crate) fn phrase_in(lang: Lang, table: &str, key: &str) -> Option<&'static str> {
    all()
        .find(|(t, k, ..)| *t == table && *k == key)
        .map(|(_, _, en, ja)| match lang {
            Lang::En => *en,
            Lang::Ja => *ja,
        })
}
