//! The catalogue: the words of every diagnostic, by code, in one place.
//!
//! Each entry is a stable [`Code`] and its English text, with `{name}` where a named argument
//! of the diagnostic goes (`{{` and `}}` are braces), and, after a `;`, the hint printed on the
//! line below it, if the problem always has the same one. The code's letter says how serious it is
//! (`E`: an error, `W`: a warning); its first two digits, the step that finds it: 00 the file
//! system, 01 load, 02 parse, 03 gate, 04 link, 05 render, 06 write, 07 the accessibility checks
//! of `check`, 08 the preview and `new`, 09 deploy. A code is never reused for another problem:
//! tests and editors' notes name problems by it.
//!
//! A word or phrase that varies within one problem (a file or a folder, why a page is left out)
//! is written `{name:table}`: the argument holds a key of one of the [`phrase`] tables, and the
//! table's words for it are put in.
//!
//! To add a diagnostic: add a line here (the next free number of its step), and make it with
//! `Diagnostic::new(Code::E0xyy, path).arg("name", value)`. A Japanese text per code goes in a
//! second table beside this one; the English stays as the reference.

use super::Severity;

mod phrases;

#[cfg(test)]
use phrases::PHRASES;
pub(crate) use phrases::phrase;

/// Declares [`Code`] and its English text (and, after a `;`, the hint printed below it) from
/// one list.
macro_rules! catalogue {
    (@note $note:literal) => { Some($note) };
    (@note) => { None };
    ($($code:ident => $text:literal $(; $note:literal)?,)*) => {
        /// A diagnostic's stable code (`E0201`); its documentation is its English text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $text]
                $code,
            )*
        }

        impl Code {
            /// Every code, in order.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// The code as printed: `E0201`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// The English text, with `{name}` where an argument goes.
            pub(crate) fn english(self) -> &'static str {
                match self {
                    $(Code::$code => $text,)*
                }
            }

            /// The English hint printed below the message, if the code has one.
            pub(crate) fn english_note(self) -> Option<&'static str> {
                match self {
                    $(Code::$code => catalogue!(@note $($note)?),)*
                }
            }
        }
    };
}

catalogue! {
    // 00: the file system (src/fs.rs), whichever step reads or writes.
    E0001 => "this file is not valid UTF-8 text; save it as UTF-8 (Shift_JIS and EUC-JP are not supported)",
    E0002 => "this file already exists (or a link of that name does), and is never overwritten",
    E0003 => "cannot read: {error}",
    E0004 => "cannot write: {error}",
    E0005 => "cannot create the folder: {error}",
    E0006 => "cannot remove the folder: {error}",
    E0007 => "cannot rename to {to}: {error}",
    E0008 => "cannot exchange with {other}: {error}",

    // 01: load (src/load/): site.yaml, the YAML reader, content/, the theme, git.
    E0101 => "invalid YAML: {detail}",
    E0102 => "`{key}`: wrong type: {detail}",
    E0103 => "`{key}`: {detail}",
    E0104 => "wrong type: {detail}",
    E0105 => "{detail}",
    E0106 => "the key `{key}` is written twice"; "a key may appear once; remove this one or the first",
    E0107 => "the control character {char} is written here: it cannot be published (atom.xml would not be valid XML, and a terminal obeys it); remove it",
    E0108 => "{count} more control characters in this file: is it a text file?",
    E0109 => "the key {key} holds the control character {char} (written as an escape such as `\\0`, `\\e`, `\\x1b`, `\\u0007` or `\\N`, or as the character itself): it cannot be published; remove it",
    E0110 => "the value of {key} holds the control character {char} (written as an escape such as `\\0`, `\\e`, `\\x1b`, `\\u0007` or `\\N`, or as the character itself): it cannot be published; remove it",
    E0111 => "the YAML nests collections more than {depth} levels deep here; no front matter or site.yaml needs that many: flatten it",
    E0112 => "the aliases (`*{name}`…) in this YAML would repeat their anchors' values into more than {megabytes} MB of text; write the values out instead",
    E0113 => "unknown key `{key}` in site.yaml"; "known keys: {known}; put your own data under `extra:`",
    E0114 => "`relations`: wrong type: expected a map of relations, each under its front-matter key",
    E0115 => "site.yaml not found: a site folder needs a site.yaml (see `office-site --help`)",
    E0116 => "missing `{key}`: site.yaml needs `title:` and `base_url:`",
    E0117 => "{setting}: `{url}` is not an absolute URL (https://…)",
    E0118 => "{setting}: `{url}`: only http and https URLs can be a base_url",
    E0119 => "{setting}: `{url}`: a base_url cannot have a query or fragment",
    E0120 => "{setting}: `{url}` has no host name",
    E0121 => "{setting}: `{url}`: the path must not hold spaces or `..`",
    E0122 => "title must not be empty",
    E0123 => "theme `{theme}` is not a folder name",
    E0124 => "`markdown.unsafe_allow_scripts` needs `markdown.allow_html: true`: without raw HTML there is nothing to let through",
    E0125 => "relation `{name}`: this name is a built-in front-matter key; choose another",
    E0126 => "relation name `{name}` is used twice (relation and inverse names must all differ)",
    E0127 => "relation `{name}`: `from` lists no section",
    E0128 => "`deploy`: wrong type: expected a map of targets, e.g. `production: {{host: www.example.go.jp, path: /var/www/site}}`",
    E0129 => "deploy target `{name}`: `{key}` is not accepted: never put a password or key in site.yaml"; "ssh logs in with your SSH key (ssh-agent, ~/.ssh/config); see the README's publishing section",
    E0130 => "deploy target `{name}`: a target's name is letters, digits, `-` and `_`, not starting with `-`",
    E0131 => "deploy target `{name}`: `{host}` is not a host name (letters, digits, `.`, `-`; use `user:` for the login and `port:` for the port)",
    E0132 => "deploy target `{name}`: `user:` needs a `host:` (a target without host is a folder of this machine)",
    E0133 => "deploy target `{name}`: `{user}` is not a login name",
    E0134 => "deploy target `{name}`: `port:` needs a `host:`",
    E0135 => "deploy target `{name}`: port 0 is not a port",
    E0136 => "deploy target `{name}`: `{path}` is not an absolute path (it must start with `/`)",
    E0137 => "deploy target `{name}`: the path holds a control character (a line break, a tab…)",
    E0138 => "deploy target `{name}`: `/` cannot be a deploy folder",
    E0139 => "deploy target `{name}`: `{path}`: the path must not hold `//`, `.` or `..` segments",
    E0140 => "deploy target `{name}`: `keep` must be 1 or more (the current release is always kept)",
    E0141 => "deploy target `{name}`: `bwlimit` is in KiB/s and must be 1 or more (leave it out for no limit)",
    E0142 => "deploy target `{name}`: `{url}` is not an absolute URL (https://…)",
    E0143 => "deploy target `{name}`: `{url}`: only http and https URLs can be a base_url",
    E0144 => "deploy target `{name}`: `{url}`: a base_url cannot have a query or fragment",
    E0145 => "deploy target `{name}`: `{url}` has no host name",
    E0146 => "deploy target `{name}`: `{url}`: the path must not hold spaces or `..`",
    E0147 => "deploy targets {names} all say `default: true`: only one may",
    E0148 => "theme `{theme}` does not exist: there is no folder themes/{theme}/ (the built-in theme is `default`)",
    E0149 => "not UTF-8",
    E0150 => "template: {detail}",
    E0151 => "template `{name}` not found",
    E0152 => "template extends `{parent}`, which does not exist",
    E0153 => "template: circular `extends`: {chain}",
    E0154 => "template: circular `include`: {chain}",
    E0155 => "the content/ folder is missing: a site keeps its pages under content/",
    E0156 => "this file is named like Markdown but only files ending in `.md` (lowercase) are pages: rename it to end in `.md`; it is not copied as it is",
    E0157 => "the name of this {what:thing} is not UTF-8 text (its bytes that are not are shown as \\xNN): it cannot become a URL without guessing, and two such names could become one; rename it",
    E0158 => "the name of this {what:thing} holds the control character {char}: it cannot be published, and a terminal obeys it; rename it",
    E0159 => "the {what:thing} {first} and {second} {how:differ}: a case-insensitive or normalising file system or server (macOS, Windows) takes them for one, and their URLs look the same; rename one",
    W0101 => "`markdown.unsafe_allow_scripts: true`: raw HTML in pages is published as written, scripts, event handlers and `javascript:` URLs included; anyone who can edit a page can run code in every reader's browser",
    W0102 => "最終更新日: git is not installed (no `git` command found), so no commit dates; pages without `updated:` show their `date` as 最終更新日 (and pages without a date too, the day their file was last modified)",
    W0103 => "最終更新日: git could not be run ({error}), so no commit dates; pages without `updated:` show their `date` as 最終更新日 (and pages without a date too, the day their file was last modified)",
    W0104 => "最終更新日: not a git repository, so no commit dates; pages without `updated:` show their `date` as 最終更新日 (and pages without a date too, the day their file was last modified)",
    W0105 => "最終更新日: this is a shallow clone whose history is cut, so commit dates would be wrong (fetch with `git fetch --unshallow`); pages without `updated:` show their `date` as 最終更新日 (pages without a date get none: their files' times are the day of the clone)",
    E0180 => "`attachments.allowed_properties`: `{name}` is not a document property the gate checks"; "write any of {known}",
    E0181 => "`attachments.exif` is `{value}`: write `error` (an image with a GPS position or its owner's name fails the build; the default) or `strip` (they are removed as the image is copied)",
    E0182 => "`findings`: `{criterion}` is not a WCAG 2.0 level A or AA success criterion"; "write its number as JIS X 8341-3:2016 numbers it, such as `1.1.1` or `2.4.6`",
    E0183 => "`findings`: the result of {criterion} is `{result}`"; "write 適合, 不適合 or 適用なし (a criterion not yet checked is left out: the report says 未確認)",
    E0184 => "`target` is `{target}`: write `A` or `AA`",
    E0185 => "`{key}` is not a key of data/accessibility.yaml"; "the keys are date (表明日), target (A or AA), scope (対象範囲), tools ({{name, version}}) and findings ({{criterion, result, note, date, by}})",

    // 02: parse (src/parse/): front matter, pages, URLs.
    E0201 => "no front matter: the file must start with a line `---`, then YAML with at least `title:`, then a line `---`",
    E0202 => "unterminated front matter: the `---` on line 1 is never closed by another `---` line",
    E0203 => "unknown front-matter key `{key}`"; "known keys: {known}; put your own data under `extra:`",
    E0204 => "`title` is empty",
    E0205 => "missing `title`: every page needs a title",
    E0206 => "`{key}`: {detail}",
    E0207 => "two files would be written to `{out}`: {first} and {second}"; "`slug: {slug}` gives {page} this URL; choose another slug",
    E0208 => "two files would be written to `{out}`: {first} and {second}"; "give one of them a different `slug:` or file name",
    E0209 => "{first} would be written to `{first_out}` and {second} to `{out}`, which {how:differ}: a case-insensitive or normalising server serves one file for both"; "`slug: {slug}` gives {page} this URL; choose another slug",
    E0210 => "{first} would be written to `{first_out}` and {second} to `{out}`, which {how:differ}: a case-insensitive or normalising server serves one file for both"; "give one of them a different `slug:` or file name",
    E0211 => "content/_index.md (the home page) is missing; every site needs one",
    E0212 => "the folder content/{folder}/ holds pages but no _index.md: add one to make it a section",
    E0213 => "slug `{slug}` cannot be a URL segment: it must not be empty, `.` or `..`, start with `.`, or contain `/`, `\\`, spaces or any of ?#%:*\"<>|",
    E0214 => "the name `{name}` cannot be a URL segment (spaces or one of /\\?#%:*\"<>|); rename the file or set `slug:`",

    // 03: the gate (src/gate/): classification, what is published, the rules.
    E0301 => "{rule:rule} (publish gate)"; "if this is meant for the public, add `allow: [{{ text: {token}, reason: … }}]` to the front matter",
    E0302 => "{rule:rule} (publish gate)"; "a marking above 機密性1 can never be allowed: if the page is not public, classify it 機密性2 or 機密性3; if it is, remove the marking",
    E0303 => "{rule:rule} (publish gate)"; "site.yaml's text appears on every page and cannot be `allow:`ed: change it",
    E0305 => "`{text}` is not a classification: write 機密性1 (public), 機密性2 or 機密性3 (withheld)",
    E0306 => "`classification` is empty: write 機密性1 (public), 機密性2 or 機密性3 (withheld), or remove the key to inherit the enclosing section's",
    E0307 => "no classification: set `classification: 機密性1` (or 2, 3) here, in an enclosing section's _index.md, or in site.yaml; nothing is published without one",
    E0308 => "this page says 機密性1 but an enclosing section is withheld: move the page out of that section, or classify it like the section",
    E0309 => "`allow`: `{text}` names a classification marking; markings above 機密性1 can never be allowed (classify the page 機密性2 or 機密性3, or remove the marking)",
    E0310 => "`allow`: `{text}` needs a reason",
    E0311 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove the link",
    E0312 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove it"; "this file is copied as it is: change the text, or stop linking the file",
    E0313 => "{rule:rule} (publish gate: inside this attachment, {place}; linked from {pages})"; "if this is meant for the public, add `allow: [{{ text: {token}, reason: … }}]` to the front matter of the page that links it",
    E0314 => "{rule:rule} (publish gate: inside this attachment, {place}; linked from {pages})"; "a marking above 機密性1 can never be allowed: remove it from the document and make the attachment again, or stop publishing it",
    E0315 => "this attachment still holds {count} comment(s) by {authors} ({place}; linked from {pages}): 「{text}」"; "delete every comment (or export without them) and make the attachment again: comments are published with the file",
    E0316 => "this attachment still holds tracked changes: {summary} ({place}; linked from {pages})"; "accept or reject every change, turn tracking off and save again: deleted text stays inside the file until then",
    E0317 => "the document property {property} of this attachment is set to 「{value}」 ({place}; linked from {pages})"; "clear it (File → Properties, or \"inspect document\") and save again, or declare it public in site.yaml: `attachments: {{allowed_properties: [{key}]}}`",
    E0318 => "{place} of this PDF has no text (linked from {pages}): a scanned image or text turned into outlines, which neither the gate nor a screen reader can read"; "publish a PDF made from the original document (print or export it to PDF), or, if there is none, add `allow: [{{ text: {file}, reason: … }}]` to the linking page and give its content as text on the page",
    E0319 => "{place} of this PDF draws its text with fonts that have no ToUnicode map ({fonts}), so its text cannot be read (linked from {pages})"; "make the PDF again with the fonts embedded normally (an office application's PDF export does), or add `allow: [{{ text: {file}, reason: … }}]` to the linking page and give its content as text on the page",
    E0320 => "this attachment is encrypted (a password to open it, or security settings that forbid copying its text), so the gate cannot vouch for it and assistive technology may not read it (linked from {pages})"; "save it again without a password or security settings, and publish that file",
    E0321 => "this is a binary {format} 97-2003 file, which the gate cannot read (linked from {pages})"; "save it in the current format ({modern}) or as PDF, and link that file instead",
    E0322 => "this attachment cannot be read: {why} (linked from {pages})"; "the gate does not publish what it cannot read: make the file again from the original document",
    E0323 => "this image's metadata holds the GPS position where it was taken ({where}; linked from {pages})"; "remove it (an image editor's \"remove location\", or `exiftool -gps:all= FILE`), or set `attachments: {{exif: strip}}` in site.yaml to strip it as the image is copied",
    E0324 => "this image's metadata names its owner or author ({where}: 「{value}」; linked from {pages})"; "remove it (`exiftool -Artist= -OwnerName= -XPAuthor= FILE`), or set `attachments: {{exif: strip}}` in site.yaml to strip it as the image is copied",
    E0325 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove it from this attachment ({place}; linked from {pages})"; "the attachment is published as it is: change the document and make the attachment again",
    E0326 => "`materials`: `{file}` is not a file beside this page"; "name a file of content/ relative to this page's folder, as a link would (`shiryou1.pdf`, `01/shiryou1.pdf`)",
    E0327 => "the link's text gives 「{written}」, but the file is {expected}"; "correct it, or leave the notation out: office-site writes it from the file (kilobytes of 1,024 bytes, rounded up)",
    W0301 => "`allow`: `{text}` matches nothing on this page (it must name the flagged string exactly)",

    // 04: link (src/link/): Markdown, links and anchors, relations, the files kept.
    E0401 => "{rule:rule} (publish gate)"; "this file is copied as it is, so nothing in it can be `allow:`ed: change the text, or stop linking the file",
    E0402 => "a `{scheme}` URL is not allowed in a {what:thing}: {why:unsafe}; link to a page or file instead",
    E0403 => "the heading id `{id}` is also an id of the theme's templates; choose another",
    E0404 => "the heading id `{id}` is used twice on this page",
    E0405 => "link to `{link}`: this page has no heading with the id `{anchor}`",
    E0406 => "link to `{link}`: no page or file of the site is at this path (a link starting with `/` is relative to the site root, the base_url's path)",
    E0407 => "link to `{link}`: content/{target} has no heading with the id `{anchor}` (its ids: {ids})",
    E0408 => "link to `{link}` leaves the content/ folder",
    E0409 => "link to `{link}`: content/{target} is {why:left_out} (build with --drafts, or remove the link)",
    E0410 => "link to `{link}`: content/{target} is {why:left_out}; remove the link",
    E0411 => "link to `{link}`: no such file under content/ (link a section through its _index.md, e.g. `@/{section}/_index.md`)",
    E0412 => "link to `{link}`: there is no file content/{target}",
    E0413 => "link to `{link}`: the target is not a page",
    E0414 => "relation `{name}`: `{key}` names the section `{section}`, but there is no content/{section}/_index.md",
    E0415 => "`{key}` is a relation from {from} and only pages there can list it",
    E0416 => "`{key}`: `{slug}` is listed twice",
    E0417 => "`{key}`: `{slug}` is {why:left_out}",
    E0418 => "`{key}`: `{slug}` is {why:left_out}; remove it from the list",
    E0419 => "`{key}`: no page with the slug `{slug}` in content/{to}/",
    E0420 => "the home page content/_index.md is missing or not published",
    E0421 => "`feed`: `sections` names the section `{section}`, but there is no content/{section}/_index.md",
    W0401 => "removed `<{name}>` and everything in it from the raw HTML: {why:element}",
    W0402 => "removed the tag `<{name}>` from the raw HTML (the text inside it, if any, is kept): {why:element}",
    W0403 => "removed the attribute `{attr}` of `<{name}>` from the raw HTML: {why:removed}",
    W0404 => "this HTML comment is never closed: everything after it would be hidden, and is removed; close it with `-->`",
    W0405 => "this HTML tag is never closed with `>`: what follows would be read as part of it; close it",
    W0406 => "on a page with raw HTML, the URL of this Markdown {what:thing} is removed: {why:removed}",
    W0407 => "the id `{id}` of this raw HTML is also the id of {by:id_owner}: a link to `#{id}` reaches only one of them; choose another id",
    W0408 => "no page links this file; it is copied as it is to `{out}` (link it from a page, or move a file that only templates use to static/)",

    // 05: render (src/render/): templates, generated files, the barrier's findings.
    E0501 => "{rule:rule} (publish gate: found in the published file {files}{more:more})"; "the gate reads every published file as a browser or crawler would (references, escapes, invisible characters and line breaks do not hide text), after rendering and before anything is published",
    E0502 => "{rule:rule} (publish gate: in the path of the published file {files}{more:more}: rename the file or folder)"; "the gate reads every published file as a browser or crawler would (references, escapes, invisible characters and line breaks do not hide text), after rendering and before anything is published",
    E0503 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove it (publish gate: found in the published file {files}{more:more})"; "the gate reads every published file as a browser or crawler would (references, escapes, invisible characters and line breaks do not hide text), after rendering and before anything is published",
    E0504 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove it (publish gate: in the path of the published file {files}{more:more}: rename the file or folder)"; "the gate reads every published file as a browser or crawler would (references, escapes, invisible characters and line breaks do not hide text), after rendering and before anything is published",
    // The words of the template functions' errors, which Tera reports inside E0150.
    E0510 => "`@/{path}` is {why:left_out}",
    E0511 => "`@/{path}` has errors of its own",
    E0512 => "`@/{path}`: there is no such page under content/",
    E0513 => "get_url: `{path}`: content/{target} has no heading with the id `{anchor}` (its ids: {ids})",
    E0514 => "get_url: `{path}` is neither an `@/` page nor a static file of the theme or site",
    E0515 => "wareki: {detail}",
    E0516 => "wareki: unknown precision `{value}` (day, month)",
    E0517 => "wareki: unknown style `{value}` (house, plain, western_year, fiscal_year, iso)",
    // The render plan: two files at one path, templates, aliases.
    E0520 => "this static file would overwrite `{path}`, which a page or content file already writes",
    E0521 => "`{path}` is generated by office-site, but a page or file of the site also writes it",
    E0522 => "alias `{alias}` is also an alias of {other}",
    E0523 => "alias `{alias}` would overwrite `{path}`, which {writer} writes",
    E0524 => "`{path}` is written by the search index, but a page or file of the site also writes it (or set `search: false`)",
    E0525 => "the search index has no such file (office-site's plan and index disagree: please report this)",
    E0526 => "template `{name}` does not exist in theme `{theme}`"; "templates: {known}",
    E0527 => "an alias cannot be the site root",
    E0528 => "alias `{alias}` must be a plain path, without ?query or #fragment",
    E0529 => "alias `{alias}`: `{segment}` cannot be a URL segment",
    E0530 => "{outer} would be written to `{file}`, but {inner} is written to `{under}`, which needs `{file}` to be a folder"; "rename one of them (or give the page another `slug:`)",

    // 06: write (src/write/).
    E0601 => "cannot read the current folder: {error}",
    E0602 => "cannot lock the output folder: {error}",
    E0603 => "cannot resolve the {what:folder} folder ({error}); give a folder that exists, or whose parent does",
    E0604 => "refusing to use this output folder: {why:refusal}"; "resolved: {resolved}\nchoose another --output: a new folder, or one an earlier build wrote (default: ROOT/output)",
    E0605 => "refusing to use this output folder: {why:refusal}",
    E0606 => "another office-site build (process {pid}) is writing into this output folder; wait until it has finished, then build again"; "the lock is {lock}; it is released when that build ends, even if it is killed",
    E0607 => "another office-site build is writing into this output folder; wait until it has finished, then build again"; "the lock is {lock}; it is released when that build ends, even if it is killed",
    E0608 => "this output has no build record: it was not written by `office-site build` (or by an older version); build it again",
    E0609 => "the build record cannot be read ({error}); build again",
    W0601 => "the new output is in place, but the previous one, moved here, could not be removed ({detail}); the next build removes it, or remove it yourself",
    W0602 => "an interrupted build had left the published output moved aside at {aside}; it was put back",

    // 07: the accessibility checks of `check` (src/a11y/).
    E0701 => "a link to `{href}` has no text",
    E0702 => "an image has no alt attribute",
    E0703 => "a table has no header cells (th)",
    E0704 => "heading 「{text}」 is an h{level} after an h{last}: a heading level is skipped",
    E0705 => "the first heading 「{text}」 is an h{level}, not an h1",
    E0706 => "the page has {count} h1 headings; it needs exactly one",
    E0707 => "the id `{id}` appears {count} times",
    W0701 => "an image has empty alt text: describe it, unless it is purely decorative",
    W0702 => "the title 「{title}」 is also the title of {other}",
    W0710 => "this PDF has no title in its document properties, so a screen reader announces its file name (linked from {pages})"; "set the title (File → Properties → Title) before making the PDF, or in the PDF's document properties",
    W0711 => "this PDF's document language is {lang} (linked from {pages}): a screen reader cannot tell which language to read it in"; "set the document's language to Japanese before exporting (Word: Review → Language; LibreOffice: Tools → Options → Language Settings), or set it in the PDF's document properties (ja)",
    W0712 => "this PDF is not tagged (linked from {pages}): its headings, lists, tables and reading order are lost to assistive technology"; "export it with tags (Word: Options → \"Document structure tags for accessibility\"; LibreOffice: \"Universal Accessibility (PDF/UA)\" or \"Tagged PDF\")",
    W0713 => "the pages linking this PDF do not give its content as HTML (the PDF has {pdf_chars} characters of text; the linking page and the pages it links with `@/`, {page_chars} besides links; linked from {pages})"; "write the PDF's content (or a summary that serves the same purpose) on the page or on pages it links, for readers who cannot use a PDF",

    // 08: the preview (src/serve/) and `new`.
    E0801 => "cannot open the site folder: {error}",
    E0802 => "cannot listen on {address}: {error}",
    E0803 => "no free port from {first} to {last}: each is taken",
    E0804 => "cannot watch the site folder: {error}",
    E0805 => "cannot create `{spec}`: give SECTION/SLUG, e.g. `teams/new-team`",
    E0806 => "cannot create `{spec}`: `{name}` cannot be a file or folder name (no `..`, spaces or ?#%:*\"<>|)",
    E0807 => "cannot create `{spec}`: {folder} is not a section (it has no _index.md); create the section first",
    E0808 => "cannot create `{spec}`: the section folder leads outside content/ (a symbolic link)",

    // 09: deploy (src/deploy/).
    E0901 => "site.yaml declares no deploy target: add `deploy: {{production: {{host: …, path: …}}}}`",
    E0902 => "no deploy target `{name}` in site.yaml (targets: {names})",
    E0903 => "site.yaml declares several deploy targets and none has `default: true`: name one ({names})",
    E0904 => "cannot create a temporary folder: {error}",
    E0905 => "this folder was not written by `office-site build` (no .office-site marker): nothing is published",
    E0906 => "this build was made with --drafts (draft pages, noindex): it is never published; build without --drafts",
    E0907 => "this build was made for {built} but target `{name}` publishes {expected}: build it with that base_url",
    E0908 => "the site is not in a git repository, so no commit can be recorded for this release; commit it, or publish with --allow-dirty (recorded in the release)",
    E0909 => "the build record lists {url} ({title}) but the output has no {file}: build again",
    E0910 => "the site's sources have {count} uncommitted change (or no commit yet): commit them (see `git status`), or publish with --allow-dirty (recorded in the release)",
    E0911 => "the site's sources have {count} uncommitted changes (or no commit yet): commit them (see `git status`), or publish with --allow-dirty (recorded in the release)",
    E0912 => "the server did not name the new release",
    E0913 => "there is no release `{id}` on the server (see `office-site deploy --list`)",
    E0914 => "nothing is published yet: there is nothing to roll back",
    E0915 => "there is no release older than the current one ({current}) to roll back to",
    E0916 => "the ssh command is words separated by spaces, without quotes or backslashes",
    E0917 => "{detail}",
    E0918 => "cannot run `{program}`: {error} (is OpenSSH's client installed?)",
    E0919 => "cannot run `{program}`: {error}",
    E0920 => "the connection to the server ended unexpectedly",
    E0921 => "the connection to the server ended: {detail}",
    E0922 => "cannot run rsync: {error} (apt-get install rsync)",
    E0923 => "the upload failed ({status}): {detail}; the public site was not changed",
    E0924 => "not a regular file (a link or a special file): an output holds only files and folders",
    E0925 => "this file name holds a backslash, a control character or bytes that are not UTF-8: rename it to publish it",
    W0901 => "the manifest of the current release cannot be read ({error}): every page counts as new",
}

impl Code {
    /// How serious a diagnostic of this code is.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The words of the `key` phrase of `table` with `args` put in, for an argument that is itself
/// a phrase with arguments of its own (two files named in one message).
pub(crate) fn phrase_words(table: &str, key: &str, args: &[(&'static str, String)]) -> String {
    render(phrase(table, key).unwrap_or(key), args)
}

/// The words of `code` with `args` put in, for text that is not a diagnostic of its own: the
/// error a template function gives Tera, which reports it inside a template error (E0150).
pub(crate) fn words(code: Code, args: &[(&'static str, String)]) -> String {
    render(code.english(), args)
}

/// `template` with each `{name}` replaced by the argument of that name, and each
/// `{name:table}` by the [`phrase`] its value names (`{{`, `}}`: braces). An argument the
/// template names but the diagnostic lacks is left as `{name}`, visibly.
pub(crate) fn render(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let here = &rest[i..];
        if let Some(after) = here.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = here.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let (true, Some(end)) = (here.starts_with('{'), here.find('}')) {
            let (name, table) = match here[1..end].split_once(':') {
                Some((name, table)) => (name, Some(table)),
                None => (&here[1..end], None),
            };
            let value = args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str());
            match (value, table) {
                (Some(value), None) => out.push_str(value),
                // A phrase may hold arguments of its own (`{token}`); the value alone is not read.
                (Some(value), Some(table)) => match phrase(table, value) {
                    Some(words) => out.push_str(&render(words, args)),
                    None => out.push_str(value),
                },
                (None, _) => out.push_str(&here[..=end]),
            }
            rest = &here[end + 1..];
        } else {
            out.push_str(&here[..1]);
            rest = &here[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The names of the arguments a template uses.
#[cfg(test)]
fn names(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let here = &rest[i..];
        if let Some(after) = here.strip_prefix("{{") {
            rest = after;
            continue;
        }
        let end = here.find('}').expect("a `{` is closed");
        out.push(&here[1..end]);
        rest = &here[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_a_letter_and_four_digits_of_a_known_step() {
        for code in Code::ALL {
            let s = code.as_str();
            assert!(
                s.len() == 5 && (s.starts_with('E') || s.starts_with('W')),
                "{s}"
            );
            assert!(s[1..].chars().all(|c| c.is_ascii_digit()), "{s}");
            assert!(s[1..3].parse::<u8>().unwrap() <= 9, "{s}: no such step");
        }
    }

    #[test]
    fn every_template_names_its_arguments_plainly() {
        for code in Code::ALL {
            for name in names(code.english())
                .into_iter()
                .chain(code.english_note().map(names).unwrap_or_default())
            {
                let (name, table) = name.split_once(':').unwrap_or((name, "thing"));
                assert!(
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{code}: `{{{name}}}`"
                );
                assert!(
                    PHRASES.iter().any(|(t, _, _)| *t == table),
                    "{code}: no phrase table `{table}`"
                );
            }
        }
    }

    #[test]
    fn phrases_are_looked_up_by_key() {
        let args = vec![("what", "folder".to_owned())];
        assert_eq!(render("this {what:thing}", &args), "this folder");
    }

    #[test]
    fn arguments_are_put_in_and_braces_kept() {
        let args = vec![("key", "titel".to_owned()), ("known", "a, b".to_owned())];
        assert_eq!(
            render("unknown key `{key}` ({known}); `{{x}}` {missing}", &args),
            "unknown key `titel` (a, b); `{x}` {missing}"
        );
    }
}
