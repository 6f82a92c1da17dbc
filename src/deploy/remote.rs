//! Talking to the server: its script (`server.sh`) run through the system's `ssh`, or with `sh`
//! for a folder of this machine, and a session that holds the server's deploy lock.
//!
//! Part of deploying. Nothing here knows of builds or manifests beyond passing their text on;
//! the protocol is line-based (data lines, then `ok` or `error MESSAGE`). ssh is run as the
//! user would run it, so `~/.ssh/config`, keys and the agent apply; `OFFICE_SITE_SSH` replaces
//! the command (`ssh -i KEY -o …`, words separated by spaces), as `GIT_SSH_COMMAND` does for git.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};

use crate::diag::{Code, Diagnostic};

use crate::load::targets::Target;

/// The server's half of deploying, run with `sh -c`.
pub(crate) const SERVER_SCRIPT: &str = include_str!("server.sh");

/// The environment variable that replaces the `ssh` command.
pub(crate) const SSH_ENV: &str = "OFFICE_SITE_SSH";

/// A target and how to reach it.
#[derive(Debug, Clone)]
pub(crate) struct Server {
    pub(crate) target: Target,
    /// The ssh command and its options (for a target with a host).
    ssh: Vec<String>,
}

/// Single-quotes `s` for a POSIX shell: the remote login shell reads the command line ssh
/// sends, so every word is quoted, whatever it holds (spaces, Japanese, `$`, quotes).
pub(crate) fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

impl Server {
    /// The server of `target`, with the ssh command from `OFFICE_SITE_SSH` (else `ssh`).
    pub(crate) fn new(target: &Target) -> Result<Server, Diagnostic> {
        let ssh = match std::env::var(SSH_ENV) {
            Ok(cmd) if !cmd.trim().is_empty() => {
                let words: Vec<String> = cmd.split_whitespace().map(str::to_owned).collect();
                if words.iter().any(|w| w.contains(['\'', '"', '\\'])) {
                    return Err(Diagnostic::new(Code::E0916, SSH_ENV));
                }
                words
            }
            _ => vec!["ssh".to_owned()],
        };
        Ok(Server {
            target: target.clone(),
            ssh,
        })
    }

    /// A diagnostic of `code` about the server, named by the target.
    pub(crate) fn error(&self, code: Code) -> Diagnostic {
        Diagnostic::new(code, self.target.describe())
    }

    /// The ssh command line before the destination (`ssh OPTIONS -p PORT`), for the session and
    /// for rsync's `-e`.
    pub(crate) fn ssh_words(&self) -> Vec<String> {
        let mut words = self.ssh.clone();
        if let Some(port) = self.target.port {
            words.extend(["-p".to_owned(), port.to_string()]);
        }
        words
    }

    /// The command that runs the server script with `args` (the target's path added first).
    fn script(&self, command: &str, args: &[&str]) -> Command {
        let mut all = vec![command, self.target.path.as_str()];
        all.extend_from_slice(args);
        match self.target.destination() {
            None => {
                let mut c = Command::new("sh");
                c.arg("-c").arg(SERVER_SCRIPT).arg("office-site").args(all);
                c
            }
            Some(dest) => {
                let words = self.ssh_words();
                let mut c = Command::new(&words[0]);
                let mut remote = format!("sh -c {} office-site", sh_quote(SERVER_SCRIPT));
                for a in all {
                    remote.push(' ');
                    remote.push_str(&sh_quote(a));
                }
                c.args(&words[1..])
                    .arg("-T")
                    .arg("--")
                    .arg(dest)
                    .arg(remote);
                c
            }
        }
    }

    /// The releases on the server (no lock: reading only).
    pub(crate) fn list(&self) -> Result<Vec<String>, Diagnostic> {
        let mut session = self.start(self.script("list", &[]))?;
        session.reply()
    }

    /// Opens a session holding the server's deploy lock, waiting up to `wait_secs` for another
    /// deploy to finish (`waiting` is told who holds it).
    pub(crate) fn session(
        &self,
        owner: &str,
        wait_secs: u32,
        waiting: &dyn Fn(&str),
    ) -> Result<Session, Diagnostic> {
        let mut session = self.start(self.script("session", &[owner, &wait_secs.to_string()]))?;
        loop {
            let line = session.line()?;
            if let Some(who) = line.strip_prefix("waiting ") {
                waiting(who);
            } else if line == "ok" {
                return Ok(session);
            } else if let Some(e) = line.strip_prefix("error ") {
                return Err(self.error(Code::E0917).arg("detail", e));
            }
        }
    }

    fn start(&self, mut command: Command) -> Result<Session, Diagnostic> {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let program = command.get_program().to_string_lossy().into_owned();
        let mut child = command.spawn().map_err(|e| {
            let code = if self.target.host.is_some() {
                Code::E0918
            } else {
                Code::E0919
            };
            self.error(code).arg("program", &program).arg("error", e)
        })?;
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(mut err) = child.stderr.take() {
            let sink = stderr.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = std::io::Read::read_to_string(&mut err, &mut text);
                sink.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push_str(&text);
            });
        }
        Ok(Session {
            stdin: child.stdin.take(),
            stdout: BufReader::new(child.stdout.take().expect("piped")),
            child,
            stderr,
            server: self.target.describe(),
        })
    }
}

/// A running server script: commands in, replies out.
#[derive(Debug)]
pub(crate) struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr: Arc<Mutex<String>>,
    server: String,
}

impl Session {
    /// Sends one command and returns its data lines (an `error` reply is an error).
    pub(crate) fn call(&mut self, command: &str) -> Result<Vec<String>, Diagnostic> {
        let sent = self
            .stdin
            .as_mut()
            .map(|s| writeln!(s, "{command}").and_then(|()| s.flush()));
        if !matches!(sent, Some(Ok(()))) {
            return Err(self.lost());
        }
        self.reply()
    }

    /// Reads data lines up to `ok`.
    fn reply(&mut self) -> Result<Vec<String>, Diagnostic> {
        let mut lines = Vec::new();
        loop {
            let line = self.line()?;
            if line == "ok" {
                return Ok(lines);
            }
            if let Some(e) = line.strip_prefix("error ") {
                return Err(Diagnostic::new(Code::E0917, &self.server).arg("detail", e));
            }
            lines.push(line);
        }
    }

    fn line(&mut self) -> Result<String, Diagnostic> {
        let mut line = String::new();
        match self.stdout.read_line(&mut line) {
            Ok(0) | Err(_) => Err(self.lost()),
            Ok(_) => Ok(line.trim_end_matches(['\n', '\r']).to_owned()),
        }
    }

    /// The error for a session that ended unexpectedly, with what ssh or the script said.
    fn lost(&mut self) -> Diagnostic {
        self.stdin = None;
        let _ = self.child.wait();
        let said = self
            .stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .trim()
            .to_owned();
        let said = said
            .lines()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev();
        let said = said.collect::<Vec<_>>().join(" / ");
        if said.is_empty() {
            Diagnostic::new(Code::E0920, &self.server)
        } else {
            Diagnostic::new(Code::E0921, &self.server).arg("detail", said)
        }
    }

    /// Ends the session, releasing the server's lock.
    pub(crate) fn end(mut self) {
        if let Some(mut s) = self.stdin.take() {
            let _ = writeln!(s, "end");
        }
        let _ = self.child.wait();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closing its input ends the script (and so the lock) if `end` was never sent.
        self.stdin = None;
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words the remote login shell must pass on unchanged: spaces, Japanese, quotes, `$`,
    /// backquotes, globs, a leading `-`, and every mix of them (generated).
    #[test]
    fn quoted_words_reach_the_script_unchanged() {
        let pieces = [
            " ",
            "公開 サイト",
            "'",
            "\"",
            "$HOME",
            "`id`",
            "$(id)",
            "*",
            "?",
            "-n",
            "\\",
            "!",
            ";",
            "&",
            "|",
            "~",
            "#",
            "\t",
            "{a,b}",
            "%",
            "全角　空白",
            "\u{200b}",
        ];
        let mut seed: u64 = 0x5eed;
        let mut words = Vec::new();
        for _ in 0..200 {
            let mut w = String::new();
            for _ in 0..4 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                w.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            words.push(w);
        }
        words.extend(pieces.iter().map(|p| (*p).to_owned()));
        let line = words
            .iter()
            .map(|w| sh_quote(w))
            .collect::<Vec<_>>()
            .join(" ");
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "sh -c 'for a; do printf \"%s\\0\" \"$a\"; done' x {line}"
            ))
            .output()
            .unwrap();
        let got: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .split_terminator('\0')
            .map(str::to_owned)
            .collect();
        assert_eq!(got, words);
    }
}
