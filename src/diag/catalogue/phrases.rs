//! The catalogue's phrase tables: the words that vary within one problem (a file or a folder,
//! why a page is left out, which rule a finding breaks…), by table and key. Part of
//! [`super`]; a Japanese table goes beside this one, keyed the same.

/// The phrase tables: (table, key, English words). An argument written `{name:table}` in a
/// template holds a key, and the table's words for it are put in (with their own `{arguments}`).
pub(super) const PHRASES: &[(&str, &str, &str)] = &[
    // What is named: a file or a folder, or two of them.
    ("thing", "file", "file"),
    ("thing", "folder", "folder"),
    ("thing", "files", "files"),
    ("thing", "folders", "folders"),
    ("thing", "image", "image"),
    ("thing", "link", "link"),
    ("thing", "markdown_image", "Markdown image"),
    ("thing", "markdown_link", "Markdown link"),
    // Why a URL in a Markdown link or image is refused.
    (
        "unsafe",
        "document",
        "it carries a document of its own, which can hold a script (only PNG, JPEG, GIF and WebP images may be `data:`)",
    ),
    ("unsafe", "code", "it runs code in the reader's browser"),
    // Why the sanitiser removes an element of raw HTML.
    (
        "element",
        "script",
        "scripts in page content are not published",
    ),
    (
        "element",
        "style",
        "style sheets belong in the theme, not in a page",
    ),
    (
        "element",
        "embeds",
        "it embeds another document, which can run scripts",
    ),
    (
        "element",
        "svg",
        "inline SVG and MathML can carry scripts; use an image file",
    ),
    (
        "element",
        "head",
        "it changes how the whole page loads; the theme writes the page's head",
    ),
    ("element", "forms", "forms are not part of a published page"),
    ("element", "hidden", "its content is not shown as text"),
    (
        "element",
        "other",
        "it is not among the elements an office page needs",
    ),
    // Why the sanitiser removes an attribute or a URL (`{scheme}`: the URL's).
    ("removed", "handler", "event handlers run scripts"),
    (
        "removed",
        "style",
        "inline styles can load URLs and hide text; use a class of the theme",
    ),
    (
        "removed",
        "scheme",
        "a `{scheme}:` URL is not kept (only http, https, mailto, tel and relative URLs, and `data:` for PNG, JPEG, GIF and WebP images)",
    ),
    ("removed", "not_a_url", "its value is not a valid URL"),
    ("removed", "value", "only a checkbox input is kept"),
    (
        "removed",
        "not_kept",
        "it is not among the attributes kept for this element",
    ),
    // What writes an output file (besides a page or a file of content/, named by its path).
    ("writer", "static", "the static file {file}"),
    ("writer", "feed", "the Atom feed"),
    ("writer", "sitemap", "the sitemap"),
    ("writer", "robots", "robots.txt"),
    ("writer", "not_found", "the theme's 404 page"),
    ("writer", "search", "the search index"),
    ("writer", "alias", "the alias `{alias}` of {file}"),
    // Lines added below a diagnostic where it arises.
    (
        "note",
        "put_back",
        "the previous output is at {aside}; the next build puts it back",
    ),
    (
        "note",
        "unreadable",
        "the publish gate reads every published text file, and cannot read this one",
    ),
    ("note", "caused_by", "caused by: {cause}"),
    ("note", "while_rendering", "while rendering {page}"),
    // Where the accessibility checks found a problem.
    ("found", "page", "found in the rendered HTML of this page"),
    (
        "found",
        "theme",
        "found in the rendered HTML of this page, in a part the theme's templates write",
    ),
    // Which folder a path was given for.
    ("folder", "site", "site"),
    ("folder", "output", "output"),
    // Why an output folder is refused (`{source}`, `{dir}`: the source folder in the way).
    ("refusal", "root", "it is the site root"),
    ("refusal", "contains_root", "it contains the site root"),
    (
        "refusal",
        "inside_source",
        "it is inside {source}/, which holds the site's sources",
    ),
    (
        "refusal",
        "contains_source",
        "it contains {source}/ ({dir}), which holds the site's sources",
    ),
    ("refusal", "git", "it is inside a .git folder"),
    (
        "refusal",
        "link_given",
        "it is a symbolic link; the build replaces the output folder, so give the folder itself (the resolved path below), not a link to it",
    ),
    ("refusal", "link", "it is a symbolic link"),
    ("refusal", "file", "it is a file, not a folder"),
    (
        "refusal",
        "foreign",
        "it is not empty and office-site did not create it (no .office-site marker); choose another --output or empty it yourself",
    ),
    // Whose id a raw HTML element's id is too.
    ("id_owner", "theme", "an element of the theme's templates"),
    (
        "id_owner",
        "page",
        "a heading, a footnote or another tag of this page",
    ),
    // How two names that a file system takes for one differ.
    (
        "differ",
        "normalisation",
        "are one name in two Unicode normalisations (NFC and NFD)",
    ),
    ("differ", "case", "differ only in upper and lower case"),
    (
        "differ",
        "forms",
        "differ only in upper and lower case, Unicode normalisation or full-width and half-width forms",
    ),
    // Why a page that exists is not on the site (`Unpublished`).
    ("left_out", "draft", "a draft, not published in this build"),
    (
        "left_out",
        "withheld",
        "classified above 機密性1 and withheld from the public site",
    ),
    ("left_out", "broken", "a page with errors of its own"),
    // The gate's rules, with the flagged `token` and a marking's `level`.
    (
        "rule",
        "marking",
        "this text carries the marking 「{token}」 (機密性{level}): a public page may hold only 機密性1 information",
    ),
    (
        "rule",
        "secrecy",
        "this text is marked 「{token}」 (要機密情報): it may not be published",
    ),
    (
        "rule",
        "handling",
        "the handling word 「{token}」 marks text that is not for the public",
    ),
    (
        "rule",
        "stamp",
        "the stamp 「{token}」 marks text that is not for the public",
    ),
    // More published files than a message lists (`{count}` of them).
    ("more", "none", ""),
    ("more", "some", ", and {count} more"),
    (
        "rule",
        "placeholder",
        "the placeholder 「{token}」 must be filled in before publishing",
    ),
];

/// The English words of a key of a phrase table (`{name:table}` in a template), if it has them.
pub(crate) fn phrase(table: &str, key: &str) -> Option<&'static str> {
    PHRASES
        .iter()
        .find(|(t, k, _)| *t == table && *k == key)
        .map(|(_, _, words)| *words)
}
