//! What commands say in the terminal that is no diagnostic (the preview's `serving …`,
//! `rebuilt in …`), in both languages: phrases like [`super::phrases`]'s, read by
//! [`super::notice`].

/// `(table, key, English, Japanese)`, as the phrases are.
pub(super) const NOTICES: &[(&str, &str, &str, &str)] = &[
    // What the preview server says in the terminal (`diag::notice`).
    (
        "notice",
        "serving",
        "serving {url} (Ctrl-C to stop; output/ is never touched)",
        "プレビューを {url} で表示しています（Ctrl-C で終了します。output/ には書き込みません）",
    ),
    ("notice", "stopped", "stopped", "終了しました"),
    (
        "notice",
        "rebuilt",
        "rebuilt in {ms} ms ({what})",
        "{ms} ミリ秒で組み立て直しました（{what}）",
    ),
    (
        "notice",
        "failed",
        "build failed ({what}); still serving the last good site, with the error shown in every page",
        "ビルドに失敗しました（{what}）。最後に成功したサイトを表示し続け、どのページにもエラーを表示します",
    ),
    (
        "notice",
        "port_taken",
        "port {port} is taken; using {candidate} instead",
        "ポート {port} は使用中のため、{candidate} を使います",
    ),
    (
        "notice",
        "network",
        "warning: listening on {address}: the preview is reachable from the network",
        "警告: {address} で待ち受けています。このプレビューはネットワークの他の機械から見られます",
    ),
    (
        "notice",
        "network_drafts",
        "warning: listening on {address}: the preview is reachable from the network, drafts included",
        "警告: {address} で待ち受けています。このプレビューは下書きも含めて、ネットワークの他の機械から見られます",
    ),
    (
        "notice",
        "no_browser",
        "warning: could not open a browser; open {url} yourself",
        "警告: ブラウザーを開けませんでした。{url} を開いてください",
    ),
    // What a preview rebuild was for (`{what}` of `rebuilt` and `failed`).
    ("changed", "initial", "initial build", "最初のビルド"),
    ("changed", "config", "site.yaml", "site.yaml"),
    ("changed", "templates", "templates", "テンプレート"),
    ("changed", "static", "static files", "静的ファイル"),
    ("changed", "git", "git history", "git の履歴"),
    ("changed", "data", "data/", "data/"),
    (
        "changed",
        "unknown",
        "everything: the watcher may have missed changes",
        "すべて（変更の通知を取りこぼした可能性があるため）",
    ),
];
