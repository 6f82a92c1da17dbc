//! The `office-site` command: parse the command line, call the library, print every
//! diagnostic, exit non-zero on failure.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use office_site::{Diagnostics, Lang};

mod cli;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli
        .lang
        .unwrap_or_else(|| Lang::from_locale(|name| std::env::var(name).ok()));
    match cli.command {
        Command::Build(args) => build(args, lang),
        Command::Check(args) => check(args, lang),
        Command::New(args) => new(args, lang),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve(args, lang),
        Command::Deploy(args) => deploy(args, lang),
    }
}

/// The English or the Japanese, as `lang` says.
fn say<'a>(lang: Lang, en: &'a str, ja: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

fn build(args: cli::BuildArgs, lang: Lang) -> ExitCode {
    let root = args.root.clone();
    let options = office_site::BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        progress: Some(if args.verbose {
            progress_always
        } else {
            progress_when_long
        }),
        timings: args.timings,
        fresh_attachments: false,
    };
    match office_site::build(&options) {
        Ok(mut summary) => {
            print_diagnostics(&root, lang, std::mem::take(&mut summary.warnings));
            let (pages, files) = (summary.pages, summary.files);
            let (output, secs) = (
                office_site::show_path(&summary.output),
                summary.elapsed.as_secs_f64(),
            );
            let ja = lang == Lang::Ja;
            println!(
                "{}",
                if ja {
                    format!(
                        "{pages} ページとほかのファイル {files} 個を {output} に書き出しました（{secs:.2} 秒）"
                    )
                } else {
                    format!(
                        "built {pages} pages and {files} other files into {output} in {secs:.2} s"
                    )
                }
            );
            print!("{}", summary.timings_table());
            let notes = [
                (
                    summary.withheld,
                    "pages classified above 機密性1 were withheld",
                    "ページは機密性1より上に分類されているため、公開しませんでした",
                ),
                (
                    summary.assets_left_out,
                    "files under content/ were not copied: only pages left out of the build link them",
                    "個の content/ のファイルはコピーしませんでした（リンクしているのが公開しないページだけです）",
                ),
                (
                    summary.drafts_skipped,
                    "draft pages were left out (build with --drafts to see them)",
                    "ページは下書きなので含めていません（見るには --drafts を付けてビルドしてください）",
                ),
            ];
            for (count, en, ja_words) in notes {
                if count > 0 {
                    println!("{count} {}", if ja { ja_words } else { en });
                }
            }
            if summary.drafts_published > 0 {
                let n = summary.drafts_published;
                if ja {
                    println!(
                        "警告: このビルドには下書きのページが {n} 個含まれています（--drafts）。公開用ではありません"
                    );
                } else {
                    println!(
                        "warning: this build includes {n} draft pages (--drafts): it is NOT for publishing"
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            let errors = diagnostics.error_count();
            print_diagnostics(&root, lang, diagnostics);
            match lang {
                Lang::En => eprintln!(
                    "error: build failed with {errors} error{}; the output folder was not changed",
                    if errors == 1 { "" } else { "s" }
                ),
                Lang::Ja => eprintln!(
                    "エラー: {errors} 件の誤りがあるため、ビルドできませんでした。出力フォルダーは前のままです"
                ),
            }
            ExitCode::FAILURE
        }
    }
}

fn progress_always(message: &str, elapsed: Duration) {
    eprintln!("[{:6.2} s] {message}", elapsed.as_secs_f64());
}

/// Long builds show where they are; short ones stay quiet.
fn progress_when_long(message: &str, elapsed: Duration) {
    if elapsed >= Duration::from_secs(1) {
        progress_always(message, elapsed);
    }
}

fn check(args: cli::CheckArgs, lang: Lang) -> ExitCode {
    let (diagnostics, failed) = match office_site::check(&args.root, args.drafts) {
        Ok(warnings) => {
            let failed = args.strict && !warnings.is_empty();
            (warnings, failed)
        }
        Err(all) => (all, true),
    };
    let (errors, warnings) = diagnostics.counts();
    print_diagnostics(&args.root, lang, diagnostics);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if failed {
        match lang {
            Lang::En => eprintln!(
                "check failed: {errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            ),
            Lang::Ja => {
                eprintln!("検査で問題が見つかりました: エラー {errors} 件、警告 {warnings} 件")
            }
        }
        ExitCode::FAILURE
    } else {
        match lang {
            Lang::En => println!(
                "check passed: 0 errors, {warnings} warning{}",
                plural(warnings)
            ),
            Lang::Ja => println!("検査に合格しました: エラー 0 件、警告 {warnings} 件"),
        }
        ExitCode::SUCCESS
    }
}

fn new(args: cli::NewArgs, lang: Lang) -> ExitCode {
    match office_site::new_page(&args.root, &args.path, args.date.as_deref()) {
        Ok((path, notes)) => {
            if !notes.is_empty() {
                print_diagnostics(&args.root, lang, notes);
            }
            println!(
                "{}",
                office_site::show_path(path.strip_prefix(&args.root).unwrap_or(&path))
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&args.root, lang, d);
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "serve")]
fn serve(args: cli::ServeArgs, lang: Lang) -> ExitCode {
    let options = office_site::ServeOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
        lang,
    };
    match office_site::serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print_diagnostics(&args.root, lang, d);
            ExitCode::FAILURE
        }
    }
}

fn deploy(args: cli::DeployArgs, lang: Lang) -> ExitCode {
    use office_site::deploy;
    let yes = args.yes;
    let confirm = move |question: &str| {
        if yes {
            return true;
        }
        print!("{question} [y/N] ");
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        matches!(answer.trim(), "y" | "Y" | "yes" | "はい")
    };
    let ui = deploy::Ui {
        progress: &|m| eprintln!("{m}"),
        show: &|m| print!("{m}"),
        confirm: &confirm,
    };
    let target = args.target.as_deref();
    let result = if args.list {
        deploy::list(&args.root, target).map(|(t, listing)| {
            println!(
                "releases on {} ({}):\n{}",
                t.name,
                t.describe(),
                listing.table()
            );
        })
    } else if let Some(id) = &args.rollback {
        let id = Some(id.as_str()).filter(|i| !i.is_empty());
        deploy::rollback(&args.root, target, id, args.wait, &ui).map(|done| match done {
            Some((from, to)) => println!("rolled back: current was {from}, is now {to}"),
            None => println!("nothing was changed"),
        })
    } else {
        let options = deploy::DeployOptions {
            root: args.root.clone(),
            target: args.target.clone(),
            output: args.output.clone(),
            allow_dirty: args.allow_dirty,
            dry_run: args.dry_run,
            wait_secs: args.wait,
        };
        deploy::deploy(&options, &ui).map(|report| {
            print_diagnostics(&args.root, lang, report.warnings.clone());
            print_deploy_report(&report, args.dry_run, args.verbose);
        })
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => {
            print_diagnostics(&args.root, lang, diagnostics);
            eprintln!(
                "{}",
                say(
                    lang,
                    "error: nothing was published; the public site was not changed",
                    "エラー: 何も公開していません。公開サイトは前のままです"
                )
            );
            ExitCode::FAILURE
        }
    }
}

fn print_deploy_report(report: &office_site::deploy::DeployReport, dry_run: bool, verbose: bool) {
    if dry_run {
        println!("dry run: nothing was uploaded to {}", report.target);
        return;
    }
    let Some(release) = &report.release else {
        println!("nothing was published");
        return;
    };
    if verbose {
        for f in &report.upload.sent {
            println!("  sent {f}");
        }
    }
    println!(
        "uploaded {} of {} files ({} bytes sent; unchanged files are linked from the previous release)",
        report.upload.files_transferred, report.changes.files_total, report.upload.bytes_sent,
    );
    for r in &report.removed {
        println!("removed old release {r}");
    }
    println!("published release {release} to {}", report.target);
}

/// Prints every diagnostic with the source line it points at: each once, control characters
/// escaped, a bounded number per file (see `Diagnostics::report`).
fn print_diagnostics(root: &Path, lang: Lang, diagnostics: Diagnostics) {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let _ = diagnostics.report_in(root, lang, &mut err);
    let _ = err.flush();
}
