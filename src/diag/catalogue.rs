//! The catalogue: the words of every diagnostic, by code, in one place, in English and Japanese.
//!
//! Each entry is a stable [`Code`] and its English text, with `{name}` where a named argument
//! of the diagnostic goes (`{{` and `}}` are braces), and, after a `;`, the hint printed on the
//! line below it, if the problem always has the same one; then, on the next line after `@ja`,
//! the same in Japanese (the default language: see [`super::Lang`]). The Japanese says what is
//! wrong and what to type instead, in the words of someone who edits pages; it may use fewer
//! arguments than the English, never others. The code's letter says how serious it is
//! (`E`: an error, `W`: a warning); its first two digits, the step that finds it: 00 the file
//! system, 01 load, 02 parse, 03 gate, 04 link, 05 render, 06 write, 07 the accessibility checks
//! of `check`, 08 the preview and `new`, 09 deploy. A code is never reused for another problem:
//! tests and editors' notes name problems by it.
//!
//! A word or phrase that varies within one problem (a file or a folder, why a page is left out)
//! is written `{name:table}`: the argument holds a key of one of the [`phrase`] tables (each
//! in both languages), and the table's words for it are put in.
//!
//! To add a diagnostic: add one entry here (the next free number of its step), its English
//! line and its `@ja` line together, and make it with
//! `Diagnostic::new(Code::E0xyy, path).arg("name", value)`. The tests fail if a code has no
//! Japanese text, if only one language has a hint, or if the Japanese names an argument the
//! English does not.

mod phrases;
#[cfg(test)]
mod tests;
mod words;

pub(crate) use phrases::{phrase, phrase_in};
#[cfg(test)]
use words::render;
pub(crate) use words::{phrase_words, render_in, words};

/// Declares [`Code`] and its English text (and, after a `;`, the hint printed below it), then
/// after `@ja` its Japanese text and hint, from one list.
macro_rules! catalogue {
    (@note $note:literal) => { Some($note) };
    (@note) => { None };
    (@ja $text:literal) => { Some($text) };
    (@ja) => { None };
    ($($code:ident => $text:literal $(; $note:literal)?, $(@ja $ja:literal $(; $ja_note:literal)?,)?)*) => {
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

            /// The Japanese text, if the catalogue has it (a test requires it of every code).
            pub(crate) fn japanese(self) -> Option<&'static str> {
                match self {
                    $(Code::$code => catalogue!(@ja $($ja)?),)*
                }
            }

            /// The Japanese hint printed below the message, if the code has one.
            pub(crate) fn japanese_note(self) -> Option<&'static str> {
                match self {
                    $(Code::$code => catalogue!(@note $($($ja_note)?)?),)*
                }
            }
        }
    };
}

catalogue! {
    // 00: the file system (src/fs.rs), whichever step reads or writes.
    E0001 => "this file is not valid UTF-8 text; save it as UTF-8 (Shift_JIS and EUC-JP are not supported)",
        @ja "このファイルは UTF-8 で保存されていません（Shift_JIS や EUC-JP は読めません）。エディターで文字コードを UTF-8 にして保存し直してください",
    E0002 => "this file already exists (or a link of that name does), and is never overwritten",
        @ja "このファイル（または同じ名前のリンク）はもうあります。上書きはしません。別の名前にしてください",
    E0003 => "cannot read: {error}",
        @ja "読み込めません: {error}",
    E0004 => "cannot write: {error}",
        @ja "書き込めません: {error}",
    E0005 => "cannot create the folder: {error}",
        @ja "フォルダーを作れません: {error}",
    E0006 => "cannot remove the folder: {error}",
        @ja "フォルダーを削除できません: {error}",
    E0007 => "cannot rename to {to}: {error}",
        @ja "{to} に名前を変えられません: {error}",
    E0008 => "cannot exchange with {other}: {error}",
        @ja "{other} と入れ替えられません: {error}",

    // 01: load (src/load/): site.yaml, the YAML reader, content/, the theme, git.
    E0101 => "invalid YAML: {detail}",
        @ja "YAML（--- と --- の間）の書き方に誤りがあります: {detail}",
    E0102 => "`{key}`: wrong type: {detail}",
        @ja "「{key}」の値の種類が違います: {detail}",
    E0103 => "`{key}`: {detail}",
        @ja "「{key}」: {detail}",
    E0104 => "wrong type: {detail}",
        @ja "値の種類が違います: {detail}",
    E0105 => "{detail}",
        @ja "{detail}",
    E0106 => "the key `{key}` is written twice"; "a key may appear once; remove this one or the first",
        @ja "キー「{key}」が2回書かれています"; "同じキーは1回しか書けません。この行か、前に書いたほうを消してください",
    E0107 => "the control character {char} is written here: it cannot be published (atom.xml would not be valid XML, and a terminal obeys it); remove it",
        @ja "ここに制御文字 {char} が入っています。公開できない文字なので（atom.xml が壊れ、端末も誤動作します）、消してください",
    E0108 => "{count} more control characters in this file: is it a text file?",
        @ja "このファイルにはほかにも制御文字が {count} 個あります。テキストファイルでしょうか",
    E0109 => "the key {key} holds the control character {char} (written as an escape such as `\\0`, `\\e`, `\\x1b`, `\\u0007` or `\\N`, or as the character itself): it cannot be published; remove it",
        @ja "キー {key} に制御文字 {char} が入っています（`\\0`・`\\e`・`\\x1b`・`\\u0007`・`\\N` のような書き方か、その文字そのもの）。公開できないので消してください",
    E0110 => "the value of {key} holds the control character {char} (written as an escape such as `\\0`, `\\e`, `\\x1b`, `\\u0007` or `\\N`, or as the character itself): it cannot be published; remove it",
        @ja "{key} の値に制御文字 {char} が入っています（`\\0`・`\\e`・`\\x1b`・`\\u0007`・`\\N` のような書き方か、その文字そのもの）。公開できないので消してください",
    E0111 => "the YAML nests collections more than {depth} levels deep here; no front matter or site.yaml needs that many: flatten it",
        @ja "ここで YAML の入れ子が {depth} 段より深くなっています。ページの先頭部分や site.yaml にそこまでの入れ子は要りません。平らに書き直してください",
    E0112 => "the aliases (`*{name}`…) in this YAML would repeat their anchors' values into more than {megabytes} MB of text; write the values out instead",
        @ja "この YAML の別名（`*{name}` など）を展開すると {megabytes} MB を超えます。別名を使わず、値をそのまま書いてください",
    E0113 => "unknown key `{key}` in site.yaml"; "known keys: {known}; put your own data under `extra:`",
        @ja "site.yaml に「{key}」というキーはありません"; "使えるキー: {known}。独自のデータは `extra:` の下に書いてください",
    E0114 => "`relations`: wrong type: expected a map of relations, each under its front-matter key",
        @ja "`relations` の書き方が違います。関係ごとに、ページの先頭部分で使うキーの名前の下に書いてください",
    E0115 => "site.yaml not found: a site folder needs a site.yaml (see `office-site --help`)",
        @ja "site.yaml がありません。サイトのフォルダーには site.yaml が必要です（`office-site --help` を参照）",
    E0116 => "missing `{key}`: site.yaml needs `title:` and `base_url:`",
        @ja "「{key}」がありません。site.yaml には `title:` と `base_url:` が必要です",
    E0117 => "{setting}: `{url}` is not an absolute URL (https://…)",
        @ja "{setting}: 「{url}」は完全なURLではありません。https:// から書いてください",
    E0118 => "{setting}: `{url}`: only http and https URLs can be a base_url",
        @ja "{setting}: 「{url}」: base_url にできるのは http か https のURLだけです",
    E0119 => "{setting}: `{url}`: a base_url cannot have a query or fragment",
        @ja "{setting}: 「{url}」: base_url には ? 以降や # 以降を付けられません。消してください",
    E0120 => "{setting}: `{url}` has no host name",
        @ja "{setting}: 「{url}」にホスト名がありません（https://www.example.go.jp/ のように書いてください）",
    E0121 => "{setting}: `{url}`: the path must not hold spaces or `..`",
        @ja "{setting}: 「{url}」: パスにスペースや `..` は使えません",
    E0122 => "title must not be empty",
        @ja "title が空です。サイトの名前を書いてください",
    E0123 => "theme `{theme}` is not a folder name",
        @ja "テーマ「{theme}」はフォルダーの名前として使えません",
    E0124 => "`markdown.unsafe_allow_scripts` needs `markdown.allow_html: true`: without raw HTML there is nothing to let through",
        @ja "`markdown.unsafe_allow_scripts` を使うには `markdown.allow_html: true` も必要です（HTML を許さなければ通すものがありません）",
    E0125 => "relation `{name}`: this name is a built-in front-matter key; choose another",
        @ja "関係「{name}」: この名前はページの先頭部分の組み込みのキーです。別の名前にしてください",
    E0126 => "relation name `{name}` is used twice (relation and inverse names must all differ)",
        @ja "関係の名前「{name}」が2回使われています（関係と逆向きの名前はすべて違う名前にしてください）",
    E0127 => "relation `{name}`: `from` lists no section",
        @ja "関係「{name}」: `from` にセクションが1つも書かれていません",
    E0128 => "`deploy`: wrong type: expected a map of targets, e.g. `production: {{host: www.example.go.jp, path: /var/www/site}}`",
        @ja "`deploy` の書き方が違います。公開先ごとに `production: {{host: www.example.go.jp, path: /var/www/site}}` のように書いてください",
    E0129 => "deploy target `{name}`: `{key}` is not accepted: never put a password or key in site.yaml"; "ssh logs in with your SSH key (ssh-agent, ~/.ssh/config); see the README's publishing section",
        @ja "公開先「{name}」: `{key}` は書けません。site.yaml にパスワードや鍵は絶対に書かないでください"; "ssh はご自身の SSH 鍵（ssh-agent、~/.ssh/config）でログインします。README の公開の節を見てください",
    E0130 => "deploy target `{name}`: a target's name is letters, digits, `-` and `_`, not starting with `-`",
        @ja "公開先「{name}」: 公開先の名前には英数字・`-`・`_` だけが使えます（`-` で始めないでください）",
    E0131 => "deploy target `{name}`: `{host}` is not a host name (letters, digits, `.`, `-`; use `user:` for the login and `port:` for the port)",
        @ja "公開先「{name}」: 「{host}」はホスト名ではありません（英数字・`.`・`-`。ログイン名は `user:`、ポートは `port:` に書きます）",
    E0132 => "deploy target `{name}`: `user:` needs a `host:` (a target without host is a folder of this machine)",
        @ja "公開先「{name}」: `user:` を書くなら `host:` も必要です（host のない公開先はこのコンピューターのフォルダーです）",
    E0133 => "deploy target `{name}`: `{user}` is not a login name",
        @ja "公開先「{name}」: 「{user}」はログイン名として使えません",
    E0134 => "deploy target `{name}`: `port:` needs a `host:`",
        @ja "公開先「{name}」: `port:` を書くなら `host:` も必要です",
    E0135 => "deploy target `{name}`: port 0 is not a port",
        @ja "公開先「{name}」: ポート 0 は使えません",
    E0136 => "deploy target `{name}`: `{path}` is not an absolute path (it must start with `/`)",
        @ja "公開先「{name}」: 「{path}」は `/` で始まる完全なパスにしてください",
    E0137 => "deploy target `{name}`: the path holds a control character (a line break, a tab…)",
        @ja "公開先「{name}」: パスに制御文字（改行・タブなど）が入っています。消してください",
    E0138 => "deploy target `{name}`: `/` cannot be a deploy folder",
        @ja "公開先「{name}」: `/` そのものは公開先のフォルダーにできません",
    E0139 => "deploy target `{name}`: `{path}`: the path must not hold `//`, `.` or `..` segments",
        @ja "公開先「{name}」: 「{path}」: パスに `//`・`.`・`..` は使えません",
    E0140 => "deploy target `{name}`: `keep` must be 1 or more (the current release is always kept)",
        @ja "公開先「{name}」: `keep` は 1 以上にしてください（今の公開版は必ず残ります）",
    E0141 => "deploy target `{name}`: `bwlimit` is in KiB/s and must be 1 or more (leave it out for no limit)",
        @ja "公開先「{name}」: `bwlimit` は KiB/秒で 1 以上にしてください（制限しないなら書かないでください）",
    E0142 => "deploy target `{name}`: `{url}` is not an absolute URL (https://…)",
        @ja "公開先「{name}」: 「{url}」は完全なURLではありません。https:// から書いてください",
    E0143 => "deploy target `{name}`: `{url}`: only http and https URLs can be a base_url",
        @ja "公開先「{name}」: 「{url}」: base_url にできるのは http か https のURLだけです",
    E0144 => "deploy target `{name}`: `{url}`: a base_url cannot have a query or fragment",
        @ja "公開先「{name}」: 「{url}」: base_url には ? 以降や # 以降を付けられません",
    E0145 => "deploy target `{name}`: `{url}` has no host name",
        @ja "公開先「{name}」: 「{url}」にホスト名がありません",
    E0146 => "deploy target `{name}`: `{url}`: the path must not hold spaces or `..`",
        @ja "公開先「{name}」: 「{url}」: パスにスペースや `..` は使えません",
    E0147 => "deploy targets {names} all say `default: true`: only one may",
        @ja "公開先 {names} のすべてに `default: true` と書かれています。1つだけにしてください",
    E0148 => "theme `{theme}` does not exist: there is no folder themes/{theme}/ (the built-in theme is `default`)",
        @ja "テーマ「{theme}」がありません（themes/{theme}/ というフォルダーがありません。標準のテーマは `default` です）",
    E0149 => "not UTF-8",
        @ja "UTF-8 ではありません",
    E0150 => "template: {detail}",
        @ja "テンプレート: {detail}",
    E0151 => "template `{name}` not found",
        @ja "テンプレート「{name}」が見つかりません",
    E0152 => "template extends `{parent}`, which does not exist",
        @ja "テンプレートが、存在しない「{parent}」を extends しています",
    E0153 => "template: circular `extends`: {chain}",
        @ja "テンプレート: `extends` が輪になっています: {chain}",
    E0154 => "template: circular `include`: {chain}",
        @ja "テンプレート: `include` が輪になっています: {chain}",
    E0155 => "the content/ folder is missing: a site keeps its pages under content/",
        @ja "content/ フォルダーがありません。サイトのページは content/ の下に置きます",
    E0156 => "this file is named like Markdown but only files ending in `.md` (lowercase) are pages: rename it to end in `.md`; it is not copied as it is",
        @ja "このファイルは Markdown のような名前ですが、ページになるのは名前が小文字の `.md` で終わるファイルだけです。名前の最後を `.md` にしてください（このままでは公開もされません）",
    E0157 => "the name of this {what:thing} is not UTF-8 text (its bytes that are not are shown as \\xNN): it cannot become a URL without guessing, and two such names could become one; rename it",
        @ja "この{what:thing}の名前は UTF-8 ではありません（読めない部分を \\xNN で示しています）。URL にできないので、名前を付け直してください",
    E0158 => "the name of this {what:thing} holds the control character {char}: it cannot be published, and a terminal obeys it; rename it",
        @ja "この{what:thing}の名前に制御文字 {char} が入っています。公開できないので、名前を付け直してください",
    E0159 => "the {what:thing} {first} and {second} {how:differ}: a case-insensitive or normalising file system or server (macOS, Windows) takes them for one, and their URLs look the same; rename one",
        @ja "{what:thing} {first} と {second} は、{how:differ}。大文字・小文字を区別しないファイルシステムやサーバー（macOS・Windows）では同じものになり、URLも同じに見えます。どちらかの名前を変えてください",
    W0101 => "`markdown.unsafe_allow_scripts: true`: raw HTML in pages is published as written, scripts, event handlers and `javascript:` URLs included; anyone who can edit a page can run code in every reader's browser",
        @ja "`markdown.unsafe_allow_scripts: true` になっています。ページのHTMLがスクリプトごとそのまま公開され、ページを編集できる人なら誰でも、読む人のブラウザーでプログラムを動かせます",
    W0102 => "最終更新日: git is not installed (no `git` command found), so no commit dates; pages without `updated:` show their `date` as 最終更新日 (and pages without a date too, the day their file was last modified)",
        @ja "最終更新日: git が入っていない（`git` コマンドがない）ため、コミットの日付が使えません。`updated:` のないページは `date` を最終更新日として表示します（日付もないページはファイルを最後に保存した日）",
    W0103 => "最終更新日: git could not be run ({error}), so no commit dates; pages without `updated:` show their `date` as 最終更新日 (and pages without a date too, the day their file was last modified)",
        @ja "最終更新日: git を実行できなかったため（{error}）、コミットの日付が使えません。`updated:` のないページは `date` を最終更新日として表示します（日付もないページはファイルを最後に保存した日）",
    W0104 => "最終更新日: not a git repository, so no commit dates; pages without `updated:` show their `date` as 最終更新日 (and pages without a date too, the day their file was last modified)",
        @ja "最終更新日: git のリポジトリではないため、コミットの日付が使えません。`updated:` のないページは `date` を最終更新日として表示します（日付もないページはファイルを最後に保存した日）",
    W0105 => "最終更新日: this is a shallow clone whose history is cut, so commit dates would be wrong (fetch with `git fetch --unshallow`); pages without `updated:` show their `date` as 最終更新日 (pages without a date get none: their files' times are the day of the clone)",
        @ja "最終更新日: 履歴の一部だけを取ってきた（shallow clone）ため、コミットの日付が正しくありません（`git fetch --unshallow` で全部取ってきてください）。`updated:` のないページは `date` を最終更新日として表示します（日付のないページには付きません）",

    // 02: parse (src/parse/): front matter, pages, URLs.
    E0201 => "no front matter: the file must start with a line `---`, then YAML with at least `title:`, then a line `---`",
        @ja "ページの先頭部分（front matter）がありません。ファイルの1行目を `---` にし、その下に少なくとも `title: ページ名` を書き、次の行をもう一度 `---` にしてください",
    E0202 => "unterminated front matter: the `---` on line 1 is never closed by another `---` line",
        @ja "ページの先頭部分が閉じていません。1行目の `---` に対応する `---` の行を、先頭部分の終わりに書いてください",
    E0203 => "unknown front-matter key `{key}`"; "known keys: {known}; put your own data under `extra:`",
        @ja "「{key}」というキーはありません"; "使えるキー: {known}。独自のデータは `extra:` の下に書いてください",
    E0204 => "`title` is empty",
        @ja "`title` が空です。ページの題名を書いてください（例: `title: 医療イノベーション推進室について`）",
    E0205 => "missing `title`: every page needs a title",
        @ja "`title` がありません。どのページにも `title: ページの題名` が必要です",
    E0206 => "`{key}`: {detail}",
        @ja "「{key}」: {detail}",
    E0207 => "two files would be written to `{out}`: {first} and {second}"; "`slug: {slug}` gives {page} this URL; choose another slug",
        @ja "2つのファイルが同じ `{out}` に書き出されてしまいます: {first} と {second}"; "`slug: {slug}` のせいで {page} がこのURLになっています。別の slug にしてください",
    E0208 => "two files would be written to `{out}`: {first} and {second}"; "give one of them a different `slug:` or file name",
        @ja "2つのファイルが同じ `{out}` に書き出されてしまいます: {first} と {second}"; "どちらかの `slug:` かファイル名を変えてください",
    E0209 => "{first} would be written to `{first_out}` and {second} to `{out}`, which {how:differ}: a case-insensitive or normalising server serves one file for both"; "`slug: {slug}` gives {page} this URL; choose another slug",
        @ja "{first} は `{first_out}` に、{second} は `{out}` に書き出されますが、この2つは{how:differ}。大文字・小文字を区別しないサーバーでは1つのファイルになってしまいます"; "`slug: {slug}` のせいで {page} がこのURLになっています。別の slug にしてください",
    E0210 => "{first} would be written to `{first_out}` and {second} to `{out}`, which {how:differ}: a case-insensitive or normalising server serves one file for both"; "give one of them a different `slug:` or file name",
        @ja "{first} は `{first_out}` に、{second} は `{out}` に書き出されますが、この2つは{how:differ}。大文字・小文字を区別しないサーバーでは1つのファイルになってしまいます"; "どちらかの `slug:` かファイル名を変えてください",
    E0211 => "content/_index.md (the home page) is missing; every site needs one",
        @ja "ホームページの content/_index.md がありません。どのサイトにも必要です",
    E0212 => "the folder content/{folder}/ holds pages but no _index.md: add one to make it a section",
        @ja "フォルダー content/{folder}/ にページがありますが、_index.md がありません。_index.md を作ってセクションにしてください（`office-site new {folder}/_index` でも作れます）",
    E0213 => "slug `{slug}` cannot be a URL segment: it must not be empty, `.` or `..`, start with `.`, or contain `/`, `\\`, spaces or any of ?#%:*\"<>|",
        @ja "slug「{slug}」はURLの一部にできません。空・`.`・`..`・`.` で始まるもの、`/`・`\\`・スペース・?#%:*\"<>| を含むものは使えません。英小文字・数字・`-` で書いてください",
    E0214 => "the name `{name}` cannot be a URL segment (spaces or one of /\\?#%:*\"<>|); rename the file or set `slug:`",
        @ja "名前「{name}」はURLの一部にできません（スペースか /\\?#%:*\"<>| のどれかを含んでいます）。ファイル名を変えるか、`slug:` を書いてください",
    // The YAML mistakes an editor makes (src/load/yaml/explain.rs), and relations (link).
    E0230 => "this line is indented with a tab (shown as →): YAML indents with spaces only; replace the tab with spaces"; "write: {fixed}",
        @ja "この行の字下げにタブ（→ で示しています）が使われています。YAML の字下げは半角スペースだけです。タブを半角スペースに置き換えてください"; "こう書きます: {fixed}",
    E0231 => "the value of `{key}` {why:quote_why}, which YAML reads as its own syntax: put the whole value in double quotes"; "write: {fixed}",
        @ja "「{key}」の値{why:quote_why}ため、YAML の記号として読まれてしまいます。値全体を \"…\" で囲んでください"; "こう書きます: {fixed}",
    E0232 => "`{key}:` needs a space after the colon"; "write: {fixed}",
        @ja "「{key}:」の「:」の後ろに半角スペースがありません。「:」の後ろに半角スペースを1つ入れてください"; "こう書きます: {fixed}",
    E0233 => "a full-width space (　) is written in or before the key `{key}`: YAML reads it as part of the key; remove it or use half-width spaces"; "write: {fixed}",
        @ja "キー「{key}」の前か中に全角スペース（　）が入っています。キーの一部として読まれてしまうので、消すか半角スペースにしてください"; "こう書きます: {fixed}",
    E0234 => "the key `{key}` is followed by a full-width colon (：): YAML needs a half-width colon and a space"; "write: {fixed}",
        @ja "キー「{key}」の後ろが全角のコロン（：）になっています。半角のコロンと半角スペース（「: 」）にしてください"; "こう書きます: {fixed}",
    E0235 => "the value of `{key}` starts with {char} but is not closed by the same quote on this line: start and end it with the same half-width quote"; "write: {fixed}",
        @ja "「{key}」の値が {char} で始まっていますが、同じ引用符で閉じていません。値の始めと終わりを同じ半角の引用符（\" か '）にしてください"; "こう書きます: {fixed}",
    E0236 => "this line is in a list but does not start with `- `: every item of a list starts with a hyphen and a space"; "write: {fixed}",
        @ja "この行はリストの中にありますが「- 」で始まっていません。リストの項目は、どれも「- 」（ハイフンと半角スペース）で始めてください"; "こう書きます: {fixed}",
    E0237 => "`{key}` is true or false, not `{value}`: write `{key}: true` or `{key}: false`",
        @ja "「{key}」に書けるのは true か false だけです（「{value}」は使えません）。`{key}: true` か `{key}: false` と書いてください",
    E0238 => "`{key}` cannot be written on this page: the link between {from} and content/{to}/ is written on the pages of {from}, as `{relation}:`"; "on the page of each {from} that works on this one, add its slug to `{relation}:` (e.g. `{relation}: [{slug}]`); this page lists them by itself",
        @ja "このページに「{key}」は書けません。{from} と content/{to}/ の結び付きは、{from} のページの「{relation}:」に書きます"; "このページに関わる {from} の各ページで、「{relation}:」にこのページの slug を書き足してください（例: `{relation}: [{slug}]`）。このページには自動で一覧が出ます",
    E0239 => "link to `{link}`: a link to another page of the site starts with `@/`: write `{fixed}`",
        @ja "リンク「{link}」: サイトのほかのページへのリンクは「@/」で始めます。「{fixed}」と書いてください",

    // 03: the gate (src/gate/): classification, what is published, the rules.
    E0301 => "{rule:rule} (publish gate)"; "if this is meant for the public, add `allow: [{{ text: {token}, reason: … }}]` to the front matter",
        @ja "{rule:rule}（公開ゲート）"; "公開してよい内容なら、ページの先頭部分に `allow: [{{ text: {token}, reason: … }}]` と理由を書いてください",
    E0302 => "{rule:rule} (publish gate)"; "a marking above 機密性1 can never be allowed: if the page is not public, classify it 機密性2 or 機密性3; if it is, remove the marking",
        @ja "{rule:rule}（公開ゲート）"; "機密性1より上の表示は許可できません。公開しないページなら 機密性2 か 機密性3 に分類し、公開するなら表示を消してください",
    E0303 => "{rule:rule} (publish gate)"; "site.yaml's text appears on every page and cannot be `allow:`ed: change it",
        @ja "{rule:rule}（公開ゲート）"; "site.yaml の文は全ページに載るので `allow:` で許可できません。文を直してください",
    E0305 => "`{text}` is not a classification: write 機密性1 (public), 機密性2 or 機密性3 (withheld)",
        @ja "「{text}」は分類として使えません。`機密性1`（公開）、`機密性2` か `機密性3`（非公開）のどれかを書いてください",
    E0306 => "`classification` is empty: write 機密性1 (public), 機密性2 or 機密性3 (withheld), or remove the key to inherit the enclosing section's",
        @ja "`classification` が空です。`機密性1`（公開）、`機密性2` か `機密性3`（非公開）を書くか、キーごと消して上のセクションの分類を引き継いでください",
    E0307 => "no classification: set `classification: 機密性1` (or 2, 3) here, in an enclosing section's _index.md, or in site.yaml; nothing is published without one",
        @ja "分類がありません。ここか、上のセクションの _index.md か、site.yaml に `classification: 機密性1`（または 2、3）と書いてください。分類のないものは公開しません",
    E0308 => "this page says 機密性1 but an enclosing section is withheld: move the page out of that section, or classify it like the section",
        @ja "このページは 機密性1 ですが、上のセクションが非公開です。ページをそのセクションの外に移すか、セクションと同じ分類にしてください",
    E0309 => "`allow`: `{text}` names a classification marking; markings above 機密性1 can never be allowed (classify the page 機密性2 or 機密性3, or remove the marking)",
        @ja "`allow`: 「{text}」は分類の表示です。機密性1より上の表示は許可できません（ページを 機密性2 か 機密性3 に分類するか、表示を消してください）",
    E0310 => "`allow`: `{text}` needs a reason",
        @ja "`allow`: 「{text}」に理由（`reason:`）を書いてください",
    E0311 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove the link",
        @ja "「{url}」は content/{target} のURLですが、そのページは{why:left_out}。リンクを消してください",
    E0312 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove it"; "this file is copied as it is: change the text, or stop linking the file",
        @ja "「{url}」は content/{target} のURLですが、そのページは{why:left_out}。消してください"; "このファイルはそのままコピーされます。文を直すか、このファイルへのリンクをやめてください",
    W0301 => "`allow`: `{text}` matches nothing on this page (it must name the flagged string exactly)",
        @ja "`allow`: 「{text}」はこのページのどこにも当たりません（引っかかった文字列をそのまま書いてください）",

    // 04: link (src/link/): Markdown, links and anchors, relations, the files kept.
    E0401 => "{rule:rule} (publish gate)"; "this file is copied as it is, so nothing in it can be `allow:`ed: change the text, or stop linking the file",
        @ja "{rule:rule}（公開ゲート）"; "このファイルはそのままコピーされるので `allow:` で許可できません。文を直すか、このファイルへのリンクをやめてください",
    E0402 => "a `{scheme}` URL is not allowed in a {what:thing}: {why:unsafe}; link to a page or file instead",
        @ja "{what:thing}に `{scheme}` のURLは使えません（{why:unsafe}）。ページかファイルへのリンクにしてください",
    E0403 => "the heading id `{id}` is also an id of the theme's templates; choose another",
        @ja "見出しのID「{id}」はテーマのテンプレートでも使われています。別のIDにしてください",
    E0404 => "the heading id `{id}` is used twice on this page",
        @ja "見出しのID「{id}」がこのページで2回使われています。どちらかを変えてください",
    E0405 => "link to `{link}`: this page has no heading with the id `{anchor}`",
        @ja "リンク「{link}」: このページに ID が「{anchor}」の見出しはありません",
    E0406 => "link to `{link}`: no page or file of the site is at this path (a link starting with `/` is relative to the site root, the base_url's path)",
        @ja "リンク「{link}」: このパスにはサイトのページもファイルもありません（`/` で始まるリンクはサイトの一番上からのパスです。ほかのページへは `@/セクション/ページ.md` と書くのが確実です）",
    E0407 => "link to `{link}`: content/{target} has no heading with the id `{anchor}` (its ids: {ids})",
        @ja "リンク「{link}」: content/{target} に ID が「{anchor}」の見出しはありません（あるID: {ids}）",
    E0408 => "link to `{link}` leaves the content/ folder",
        @ja "リンク「{link}」は content/ フォルダーの外を指しています。content/ の中のファイルにリンクしてください",
    E0409 => "link to `{link}`: content/{target} is {why:left_out} (build with --drafts, or remove the link)",
        @ja "リンク「{link}」: content/{target} は{why:left_out}（--drafts を付けてビルドするか、リンクを消してください）",
    E0410 => "link to `{link}`: content/{target} is {why:left_out}; remove the link",
        @ja "リンク「{link}」: content/{target} は{why:left_out}。リンクを消してください",
    E0411 => "link to `{link}`: no such file under content/ (link a section through its _index.md, e.g. `@/{section}/_index.md`)",
        @ja "リンク「{link}」: content/ にそのファイルはありません（セクションには _index.md でリンクします。例: `@/{section}/_index.md`）",
    E0412 => "link to `{link}`: there is no file content/{target}",
        @ja "リンク「{link}」: content/{target} というファイルはありません",
    E0413 => "link to `{link}`: the target is not a page",
        @ja "リンク「{link}」: リンク先はページではありません",
    E0414 => "relation `{name}`: `{key}` names the section `{section}`, but there is no content/{section}/_index.md",
        @ja "関係「{name}」: `{key}` にセクション「{section}」と書かれていますが、content/{section}/_index.md がありません",
    E0415 => "`{key}` is a relation from {from} and only pages there can list it",
        @ja "`{key}` は {from} のページにだけ書ける関係です。このページには書けません",
    E0416 => "`{key}`: `{slug}` is listed twice",
        @ja "`{key}`: 「{slug}」が2回書かれています。1つ消してください",
    E0417 => "`{key}`: `{slug}` is {why:left_out}",
        @ja "`{key}`: 「{slug}」は{why:left_out}",
    E0418 => "`{key}`: `{slug}` is {why:left_out}; remove it from the list",
        @ja "`{key}`: 「{slug}」は{why:left_out}。一覧から消してください",
    E0419 => "`{key}`: no page with the slug `{slug}` in content/{to}/",
        @ja "`{key}`: content/{to}/ に slug が「{slug}」のページはありません",
    E0420 => "the home page content/_index.md is missing or not published",
        @ja "ホームページの content/_index.md がないか、公開されません",
    E0421 => "`feed`: `sections` names the section `{section}`, but there is no content/{section}/_index.md",
        @ja "`feed`: `sections` にセクション「{section}」と書かれていますが、content/{section}/_index.md がありません",
    W0401 => "removed `<{name}>` and everything in it from the raw HTML: {why:element}",
        @ja "HTMLの `<{name}>` を中身ごと取り除きました: {why:element}",
    W0402 => "removed the tag `<{name}>` from the raw HTML (the text inside it, if any, is kept): {why:element}",
        @ja "HTMLのタグ `<{name}>` を取り除きました（中の文字は残しています）: {why:element}",
    W0403 => "removed the attribute `{attr}` of `<{name}>` from the raw HTML: {why:removed}",
        @ja "HTMLの `<{name}>` から属性 `{attr}` を取り除きました: {why:removed}",
    W0404 => "this HTML comment is never closed: everything after it would be hidden, and is removed; close it with `-->`",
        @ja "このHTMLコメント（`<!--`）が閉じていません。後ろがすべて隠れてしまうので取り除きました。`-->` で閉じてください",
    W0405 => "this HTML tag is never closed with `>`: what follows would be read as part of it; close it",
        @ja "このHTMLタグが `>` で閉じていません。後ろの文がタグの一部として読まれてしまいます。`>` で閉じてください",
    W0406 => "on a page with raw HTML, the URL of this Markdown {what:thing} is removed: {why:removed}",
        @ja "HTMLを含むページなので、この Markdown の{what:thing}のURLは取り除きました: {why:removed}",
    W0407 => "the id `{id}` of this raw HTML is also the id of {by:id_owner}: a link to `#{id}` reaches only one of them; choose another id",
        @ja "このHTMLのID「{id}」は{by:id_owner}のIDでもあります。`#{id}` へのリンクはどちらか一方にしか届きません。別のIDにしてください",
    W0408 => "no page links this file; it is copied as it is to `{out}` (link it from a page, or move a file that only templates use to static/)",
        @ja "このファイルにリンクしているページがありません。そのまま `{out}` にコピーします（ページからリンクするか、テンプレートだけが使うファイルなら static/ に移してください）",

    // 05: render (src/render/): templates, generated files, the barrier's findings.
    E0501 => "{rule:rule} (publish gate: found in the published file {files}{more:more})"; "the gate reads every published file as a browser or crawler would (references, escapes, invisible characters and line breaks do not hide text), after rendering and before anything is published",
        @ja "{rule:rule}（公開ゲート: 公開するファイル {files}{more:more} の中で見つかりました）"; "公開ゲートは、組み立てた後・公開する前に、公開するファイルをすべてブラウザーや検索エンジンと同じように読みます（文字参照・エスケープ・見えない文字・改行では隠せません）",
    E0502 => "{rule:rule} (publish gate: in the path of the published file {files}{more:more}: rename the file or folder)"; "the gate reads every published file as a browser or crawler would (references, escapes, invisible characters and line breaks do not hide text), after rendering and before anything is published",
        @ja "{rule:rule}（公開ゲート: 公開するファイル {files}{more:more} のパスの中です。ファイルかフォルダーの名前を変えてください）"; "公開ゲートは、組み立てた後・公開する前に、公開するファイルをすべてブラウザーや検索エンジンと同じように読みます（文字参照・エスケープ・見えない文字・改行では隠せません）",
    E0503 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove it (publish gate: found in the published file {files}{more:more})"; "the gate reads every published file as a browser or crawler would (references, escapes, invisible characters and line breaks do not hide text), after rendering and before anything is published",
        @ja "「{url}」は content/{target} のURLですが、そのページは{why:left_out}。消してください（公開ゲート: 公開するファイル {files}{more:more} の中で見つかりました）"; "公開ゲートは、組み立てた後・公開する前に、公開するファイルをすべてブラウザーや検索エンジンと同じように読みます（文字参照・エスケープ・見えない文字・改行では隠せません）",
    E0504 => "`{url}` is the URL of content/{target}, which is {why:left_out}: remove it (publish gate: in the path of the published file {files}{more:more}: rename the file or folder)"; "the gate reads every published file as a browser or crawler would (references, escapes, invisible characters and line breaks do not hide text), after rendering and before anything is published",
        @ja "「{url}」は content/{target} のURLですが、そのページは{why:left_out}。消してください（公開ゲート: 公開するファイル {files}{more:more} のパスの中です。ファイルかフォルダーの名前を変えてください）"; "公開ゲートは、組み立てた後・公開する前に、公開するファイルをすべてブラウザーや検索エンジンと同じように読みます（文字参照・エスケープ・見えない文字・改行では隠せません）",
    // The words of the template functions' errors, which Tera reports inside E0150.
    E0510 => "`@/{path}` is {why:left_out}",
        @ja "`@/{path}` は{why:left_out}",
    E0511 => "`@/{path}` has errors of its own",
        @ja "`@/{path}` にはそれ自体に誤りがあります",
    E0512 => "`@/{path}`: there is no such page under content/",
        @ja "`@/{path}`: content/ にそのページはありません",
    E0513 => "get_url: `{path}`: content/{target} has no heading with the id `{anchor}` (its ids: {ids})",
        @ja "get_url: `{path}`: content/{target} に ID が「{anchor}」の見出しはありません（あるID: {ids}）",
    E0514 => "get_url: `{path}` is neither an `@/` page nor a static file of the theme or site",
        @ja "get_url: `{path}` は `@/` のページでも、テーマやサイトの静的ファイルでもありません",
    E0515 => "wareki: {detail}",
        @ja "wareki: {detail}",
    E0516 => "wareki: unknown precision `{value}` (day, month)",
        @ja "wareki: 精度「{value}」は使えません（day か month）",
    E0517 => "wareki: unknown style `{value}` (house, plain, western_year, fiscal_year, iso)",
        @ja "wareki: 書き方「{value}」は使えません（house・plain・western_year・fiscal_year・iso のどれか）",
    // The render plan: two files at one path, templates, aliases.
    E0520 => "this static file would overwrite `{path}`, which a page or content file already writes",
        @ja "この静的ファイルは、ページか content のファイルが書く `{path}` を上書きしてしまいます。どちらかの名前を変えてください",
    E0521 => "`{path}` is generated by office-site, but a page or file of the site also writes it",
        @ja "`{path}` は office-site が作るファイルですが、サイトのページかファイルも同じものを書いています。名前を変えてください",
    E0522 => "alias `{alias}` is also an alias of {other}",
        @ja "別名 `{alias}` は {other} の別名でもあります。どちらかを変えてください",
    E0523 => "alias `{alias}` would overwrite `{path}`, which {writer} writes",
        @ja "別名 `{alias}` は、{writer}が書く `{path}` を上書きしてしまいます。別名を変えてください",
    E0524 => "`{path}` is written by the search index, but a page or file of the site also writes it (or set `search: false`)",
        @ja "`{path}` は検索インデックスが書くファイルですが、サイトのページかファイルも同じものを書いています（名前を変えるか、`search: false` にしてください）",
    E0525 => "the search index has no such file (office-site's plan and index disagree: please report this)",
        @ja "検索インデックスにそのファイルがありません（office-site の内部の食い違いです。お手数ですが報告してください）",
    E0526 => "template `{name}` does not exist in theme `{theme}`"; "templates: {known}",
        @ja "テンプレート「{name}」はテーマ「{theme}」にありません"; "使えるテンプレート: {known}",
    E0527 => "an alias cannot be the site root",
        @ja "サイトの一番上（/）は別名にできません",
    E0528 => "alias `{alias}` must be a plain path, without ?query or #fragment",
        @ja "別名 `{alias}` は ? 以降や # 以降のない、ただのパスにしてください",
    E0529 => "alias `{alias}`: `{segment}` cannot be a URL segment",
        @ja "別名 `{alias}`: 「{segment}」はURLの一部にできません",
    E0530 => "{outer} would be written to `{file}`, but {inner} is written to `{under}`, which needs `{file}` to be a folder"; "rename one of them (or give the page another `slug:`)",
        @ja "{outer} は `{file}` に書き出されますが、{inner} が `{under}` に書き出されるため `{file}` はフォルダーでなければなりません"; "どちらかの名前を変えてください（またはページに別の `slug:` を付けてください）",

    // 06: write (src/write/).
    E0601 => "cannot read the current folder: {error}",
        @ja "今のフォルダーが読めません: {error}",
    E0602 => "cannot lock the output folder: {error}",
        @ja "出力フォルダーをロックできません: {error}",
    E0603 => "cannot resolve the {what:folder} folder ({error}); give a folder that exists, or whose parent does",
        @ja "{what:folder}フォルダーの場所が分かりません（{error}）。あるフォルダーか、親フォルダーがあるパスを指定してください",
    E0604 => "refusing to use this output folder: {why:refusal}"; "resolved: {resolved}\nchoose another --output: a new folder, or one an earlier build wrote (default: ROOT/output)",
        @ja "この出力フォルダーは使えません: {why:refusal}"; "解決後のパス: {resolved}\n別の --output を指定してください: 新しいフォルダーか、前のビルドが書いたフォルダー（既定: ROOT/output）",
    E0605 => "refusing to use this output folder: {why:refusal}",
        @ja "この出力フォルダーは使えません: {why:refusal}",
    E0606 => "another office-site build (process {pid}) is writing into this output folder; wait until it has finished, then build again"; "the lock is {lock}; it is released when that build ends, even if it is killed",
        @ja "別の office-site のビルド（プロセス {pid}）がこの出力フォルダーに書き込み中です。終わるのを待ってから、もう一度ビルドしてください"; "ロックは {lock} です。そのビルドが終われば（強制終了されても）外れます",
    E0607 => "another office-site build is writing into this output folder; wait until it has finished, then build again"; "the lock is {lock}; it is released when that build ends, even if it is killed",
        @ja "別の office-site のビルドがこの出力フォルダーに書き込み中です。終わるのを待ってから、もう一度ビルドしてください"; "ロックは {lock} です。そのビルドが終われば（強制終了されても）外れます",
    E0608 => "this output has no build record: it was not written by `office-site build` (or by an older version); build it again",
        @ja "この出力にはビルドの記録がありません。`office-site build` が（または古い版が）書いたものではありません。ビルドし直してください",
    E0609 => "the build record cannot be read ({error}); build again",
        @ja "ビルドの記録が読めません（{error}）。ビルドし直してください",
    W0601 => "the new output is in place, but the previous one, moved here, could not be removed ({detail}); the next build removes it, or remove it yourself",
        @ja "新しい出力に置き換えましたが、ここに退避した前の出力を削除できませんでした（{detail}）。次のビルドで削除されます。ご自身で削除してもかまいません",
    W0602 => "an interrupted build had left the published output moved aside at {aside}; it was put back",
        @ja "中断されたビルドが、公開中の出力を {aside} に退避したままにしていました。元に戻しました",

    // 07: the accessibility checks of `check` (src/a11y/).
    E0701 => "a link to `{href}` has no text",
        @ja "`{href}` へのリンクに文字がありません。リンクの文字を書いてください（例: `[報告書](…)`）",
    E0702 => "an image has no alt attribute",
        @ja "画像に alt 属性がありません。`![画像の説明](…)` のように説明を書いてください",
    E0703 => "a table has no header cells (th)",
        @ja "表に見出しのセル（th）がありません。Markdown の表なら1行目が見出しになります",
    E0704 => "heading 「{text}」 is an h{level} after an h{last}: a heading level is skipped",
        @ja "見出し「{text}」は h{level} ですが、前の見出しは h{last} です。見出しのレベルを飛ばさないでください（`#` の数をそろえてください）",
    E0705 => "the first heading 「{text}」 is an h{level}, not an h1",
        @ja "最初の見出し「{text}」が h1 ではなく h{level} です",
    E0706 => "the page has {count} h1 headings; it needs exactly one",
        @ja "このページには h1 の見出しが {count} 個あります。1つにしてください",
    E0707 => "the id `{id}` appears {count} times",
        @ja "ID「{id}」が {count} 回使われています。IDはページの中で1回だけにしてください",
    W0701 => "an image has empty alt text: describe it, unless it is purely decorative",
        @ja "画像の説明（alt）が空です。飾りだけの画像でなければ、説明を書いてください",
    W0702 => "the title 「{title}」 is also the title of {other}",
        @ja "題名「{title}」は {other} の題名と同じです。見分けられる題名にしてください",

    // 08: the preview (src/serve/) and `new`.
    E0801 => "cannot open the site folder: {error}",
        @ja "サイトのフォルダーを開けません: {error}",
    E0802 => "cannot listen on {address}: {error}",
        @ja "{address} で待ち受けできません: {error}",
    E0803 => "no free port from {first} to {last}: each is taken",
        @ja "ポート {first} から {last} まで、すべて使われています",
    E0804 => "cannot watch the site folder: {error}",
        @ja "サイトのフォルダーを見張れません: {error}",
    E0805 => "cannot create `{spec}`: give SECTION/SLUG, e.g. `teams/new-team`",
        @ja "「{spec}」は作れません。セクション/スラッグの形で書いてください（例: `teams/new-team`）",
    E0806 => "cannot create `{spec}`: `{name}` cannot be a file or folder name (no `..`, spaces or ?#%:*\"<>|)",
        @ja "「{spec}」は作れません。「{name}」はファイル名やフォルダー名にできません（`..`、スペース、?#%:*\"<>| は使えません）",
    E0807 => "cannot create `{spec}`: {folder} is not a section (it has no _index.md); create the section first",
        @ja "「{spec}」は作れません。{folder} はセクションではありません（_index.md がありません）。先にセクションを作ってください",
    E0808 => "cannot create `{spec}`: the section folder leads outside content/ (a symbolic link)",
        @ja "「{spec}」は作れません。セクションのフォルダーが content/ の外を指しています（シンボリックリンク）",

    // 09: deploy (src/deploy/).
    E0901 => "site.yaml declares no deploy target: add `deploy: {{production: {{host: …, path: …}}}}`",
        @ja "site.yaml に公開先がありません。`deploy: {{production: {{host: …, path: …}}}}` のように書いてください",
    E0902 => "no deploy target `{name}` in site.yaml (targets: {names})",
        @ja "site.yaml に公開先「{name}」はありません（あるもの: {names}）",
    E0903 => "site.yaml declares several deploy targets and none has `default: true`: name one ({names})",
        @ja "site.yaml に公開先が複数あり、`default: true` のものがありません。公開先の名前を指定してください（{names}）",
    E0904 => "cannot create a temporary folder: {error}",
        @ja "一時フォルダーを作れません: {error}",
    E0905 => "this folder was not written by `office-site build` (no .office-site marker): nothing is published",
        @ja "このフォルダーは `office-site build` が書いたものではありません（.office-site の印がありません）。何も公開していません",
    E0906 => "this build was made with --drafts (draft pages, noindex): it is never published; build without --drafts",
        @ja "このビルドは --drafts 付き（下書き入り・検索エンジン除け）なので公開できません。--drafts を付けずにビルドしてください",
    E0907 => "this build was made for {built} but target `{name}` publishes {expected}: build it with that base_url",
        @ja "このビルドは {built} 向けですが、公開先「{name}」は {expected} です。その base_url でビルドし直してください",
    E0908 => "the site is not in a git repository, so no commit can be recorded for this release; commit it, or publish with --allow-dirty (recorded in the release)",
        @ja "サイトが git のリポジトリの中にないので、この公開版のコミットを記録できません。コミットするか、--allow-dirty を付けて公開してください（記録に残ります）",
    E0909 => "the build record lists {url} ({title}) but the output has no {file}: build again",
        @ja "ビルドの記録には {url}（{title}）がありますが、出力に {file} がありません。ビルドし直してください",
    E0910 => "the site's sources have {count} uncommitted change (or no commit yet): commit them (see `git status`), or publish with --allow-dirty (recorded in the release)",
        @ja "サイトの原稿にコミットしていない変更が {count} 件あります（またはまだ一度もコミットしていません）。コミットするか（`git status` で確認）、--allow-dirty を付けて公開してください（記録に残ります）",
    E0911 => "the site's sources have {count} uncommitted changes (or no commit yet): commit them (see `git status`), or publish with --allow-dirty (recorded in the release)",
        @ja "サイトの原稿にコミットしていない変更が {count} 件あります（またはまだ一度もコミットしていません）。コミットするか（`git status` で確認）、--allow-dirty を付けて公開してください（記録に残ります）",
    E0912 => "the server did not name the new release",
        @ja "サーバーが新しい公開版の名前を返しませんでした",
    E0913 => "there is no release `{id}` on the server (see `office-site deploy --list`)",
        @ja "サーバーに公開版「{id}」はありません（`office-site deploy --list` で確認してください）",
    E0914 => "nothing is published yet: there is nothing to roll back",
        @ja "まだ何も公開していないので、戻す先がありません",
    E0915 => "there is no release older than the current one ({current}) to roll back to",
        @ja "今の公開版（{current}）より前の版がないので、戻せません",
    E0916 => "the ssh command is words separated by spaces, without quotes or backslashes",
        @ja "ssh のコマンドは、スペースで区切った語で書いてください（引用符やバックスラッシュは使えません）",
    E0917 => "{detail}",
        @ja "{detail}",
    E0918 => "cannot run `{program}`: {error} (is OpenSSH's client installed?)",
        @ja "`{program}` を実行できません: {error}（OpenSSH のクライアントは入っていますか）",
    E0919 => "cannot run `{program}`: {error}",
        @ja "`{program}` を実行できません: {error}",
    E0920 => "the connection to the server ended unexpectedly",
        @ja "サーバーとの接続が途中で切れました",
    E0921 => "the connection to the server ended: {detail}",
        @ja "サーバーとの接続が切れました: {detail}",
    E0922 => "cannot run rsync: {error} (apt-get install rsync)",
        @ja "rsync を実行できません: {error}（apt-get install rsync で入れてください）",
    E0923 => "the upload failed ({status}): {detail}; the public site was not changed",
        @ja "アップロードに失敗しました（{status}）: {detail}。公開サイトは変わっていません",
    E0924 => "not a regular file (a link or a special file): an output holds only files and folders",
        @ja "普通のファイルではありません（リンクか特殊なファイル）。出力にはファイルとフォルダーしか置けません",
    E0925 => "this file name holds a backslash, a control character or bytes that are not UTF-8: rename it to publish it",
        @ja "このファイル名には、バックスラッシュ・制御文字・UTF-8 でない文字が入っています。公開するには名前を変えてください",
    W0901 => "the manifest of the current release cannot be read ({error}): every page counts as new",
        @ja "今の公開版の一覧が読めません（{error}）。すべてのページを新規として扱います",
}
