//! The upload: the system's `rsync` copies an output into a new release folder on the server,
//! hard-linking every file that is byte for byte the same in the current release.
//!
//! Part of deploying. Files are compared by checksum, not by time (every build writes new
//! files), and their times are not kept, so that an unchanged file is a hard link to the
//! current release's and costs neither bandwidth nor disk. Permissions are set to what a web
//! server reads (folders 755, files 644) whatever the local umask. Names reach the remote rsync
//! through its protocol (`-s`), never through the remote shell.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::diag::{Code, Diagnostic};
use crate::write::MARKER;

use super::remote::Server;
use crate::write::record::BUILD_RECORD;

/// What rsync reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadStats {
    /// The files whose bytes were sent (not linked from the current release), by path.
    pub sent: Vec<String>,
    /// rsync's "Number of regular files transferred".
    pub files_transferred: u64,
    /// rsync's "Total bytes sent".
    pub bytes_sent: u64,
}

/// Copies the folder `from` into `RELEASES/dest` on the server (`dest` names a folder under
/// `releases/`); `link_dest` is the current release, whose unchanged files are hard-linked.
/// `public` leaves office-site's own files (the marker and the build record) out.
pub(crate) fn rsync(
    server: &Server,
    from: &Path,
    dest: &str,
    link_dest: Option<&str>,
    public: bool,
) -> Result<UploadStats, Diagnostic> {
    let mut c = Command::new("rsync");
    c.args(["-r", "-s", "--perms", "--chmod=D755,F644", "--checksum"])
        .args(["--itemize-changes", "--stats"]);
    if public {
        c.arg(format!("--exclude=/{MARKER}"))
            .arg(format!("--exclude=/{BUILD_RECORD}"));
    }
    if let Some(current) = link_dest {
        // Relative to the destination folder `releases/NEW/site/`.
        c.arg(format!("--link-dest=../../{current}/site"));
    }
    if let Some(limit) = server.target.bwlimit {
        c.arg(format!("--bwlimit={limit}"));
    }
    let to = format!("{}/releases/{dest}", server.target.path);
    let to = match server.target.destination() {
        Some(host) => {
            c.arg("-e").arg(server.ssh_words().join(" "));
            format!("{host}:{to}")
        }
        None => to,
    };
    let mut source = from.as_os_str().to_owned();
    source.push("/");
    c.arg(source).arg(to);
    let out = c
        .stdin(Stdio::null())
        .output()
        .map_err(|e| server.error(Code::E0922).arg("error", e))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let said: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(6)
            .collect();
        return Err(server
            .error(Code::E0923)
            .arg("status", out.status)
            .arg("detail", said.join(" / ")));
    }
    Ok(parse(&stdout))
}

/// Reads `--itemize-changes` lines (`<f+++++++++ path`: a file sent) and `--stats` counts.
fn parse(stdout: &str) -> UploadStats {
    let mut stats = UploadStats::default();
    for line in stdout.lines() {
        // `<f`: sent to a remote host; `>f`: received (a local target).
        if (line.starts_with("<f") || line.starts_with(">f"))
            && line.len() > 12
            && line.is_char_boundary(12)
        {
            stats.sent.push(unescape(&line[12..]));
        } else if let Some(n) = line.strip_prefix("Number of regular files transferred: ") {
            stats.files_transferred = number(n);
        } else if let Some(n) = line.strip_prefix("Total bytes sent: ") {
            stats.bytes_sent = number(n);
        }
    }
    stats.sent.sort();
    stats
}

fn number(text: &str) -> u64 {
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or(0)
}

/// rsync writes a byte it will not print as `\#ooo` (octal).
fn unescape(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && bytes.get(i + 1) == Some(&b'#')
            && let Some(oct) = name.get(i + 2..i + 5)
            && let Ok(b) = u8::from_str_radix(oct, 8)
        {
            out.push(b);
            i += 5;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn itemized_files_and_stats_are_read() {
        let out = "cd+++++++++ teams/\n<f+++++++++ teams/new/index.html\n>fc........ index.html\n\
            >f+++++++++ a\\#040b.txt\nhf          kept.html\n\nNumber of files: 12 (reg: 10, dir: 2)\n\
            Number of regular files transferred: 3\nTotal bytes sent: 12,345\n";
        let s = parse(out);
        assert_eq!(s.sent, ["a b.txt", "index.html", "teams/new/index.html"]);
        assert_eq!(s.files_transferred, 3);
        assert_eq!(s.bytes_sent, 12_345);
    }
}
