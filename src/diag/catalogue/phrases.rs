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

/// The English words of a key of a phrase table (`{name:table}` in a template), if it has them.
pub(crate) fn phrase(table: &str, key: &str) -> Option<&'static str> {
    phrase_in(Lang::En, table, key)
}

/// The words in `lang` of a key of a phrase table, if it has them.
pub(crate) fn phrase_in(lang: Lang, table: &str, key: &str) -> Option<&'static str> {
    PHRASES
        .iter()
        .find(|(t, k, ..)| *t == table && *k == key)
        .map(|(_, _, en, ja)| match lang {
            Lang::En => *en,
            Lang::Ja => *ja,
        })
}
