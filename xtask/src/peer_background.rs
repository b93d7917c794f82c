//! The peer's install started in the background, so that `cargo xtask
//! test` builds llama-cpp-python (minutes, a pip build of llama.cpp) while
//! it compiles and runs the tests, and model-check, at the end, only waits
//! for what is left.
//!
//! The build runs as `xtask install-peer` (this binary), a child process in
//! its own process group with its output in a log file; dropping the handle
//! before [`PeerInstall::join`] (a step of `test` failed) stops the group.
//! Ctrl-C does not reach that group, so an interrupted `test` leaves the
//! build to finish into the cache; the install's lock file makes a later
//! install wait for it. A cached venv skips all of it.

use crate::peer;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The command that installs the peer, named by every install error.
pub const INSTALL_COMMAND: &str = "cargo xtask install-peer";

/// How often [`PeerInstall::join`] says it is still waiting.
const PROGRESS_EVERY: Duration = Duration::from_secs(30);

/// The peer's Python, installed or being installed.
pub enum PeerInstall {
    Ready(PathBuf),
    Running(Background),
}

pub struct Background {
    child: Child,
    log: PathBuf,
    started: Instant,
}

/// The peer's Python at once if its venv is cached, else an install
/// started in the background.
pub fn start() -> Result<PeerInstall, String> {
    if let Some(python) = peer::installed(false)? {
        return Ok(PeerInstall::Ready(python));
    }
    let cache = peer::cache_dir()?;
    std::fs::create_dir_all(&cache).map_err(|e| format!("{}: {e}", cache.display()))?;
    let log = cache.join("llama-cpp-python-install.log");
    let out = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let exe = std::env::current_exe().map_err(|e| format!("this program's path: {e}"))?;
    let child = {
        use std::os::unix::process::CommandExt;
        Command::new(exe)
            .arg("install-peer")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("could not start `{INSTALL_COMMAND}` in the background: {e}"))?
    };
    eprintln!(
        "xtask: installing llama.cpp's peer (llama-cpp-python {}) in the background for model-check (pid {}, log {})",
        peer::LLAMA_CPP_PYTHON_VERSION,
        child.id(),
        log.display()
    );
    Ok(PeerInstall::Running(Background {
        child,
        log,
        started: Instant::now(),
    }))
}

impl PeerInstall {
    /// The peer's Python once the install is done; an error (naming
    /// [`INSTALL_COMMAND`] and the log's end) if it failed.
    pub fn join(self) -> Result<PathBuf, String> {
        match self {
            PeerInstall::Ready(python) => Ok(python),
            PeerInstall::Running(mut b) => {
                let status = b.wait()?;
                let failed = |why: String| {
                    format!(
                        "installing llama-cpp-python failed ({why}); `{INSTALL_COMMAND}` installs it (xtask/peer/README.md). The end of {}:\n{}",
                        b.log.display(),
                        tail(&b.log, 20)
                    )
                };
                if !status.success() {
                    return Err(failed(status.to_string()));
                }
                peer::installed(false)?
                    .ok_or_else(|| failed("the venv does not import llama_cpp".into()))
            }
        }
    }
}

impl Background {
    fn wait(&mut self) -> Result<ExitStatus, String> {
        let mut said = None::<Instant>;
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .map_err(|e| format!("the llama-cpp-python install: {e}"))?
            {
                eprintln!(
                    "xtask: the llama-cpp-python install ended after {}",
                    minutes(self.started.elapsed())
                );
                return Ok(status);
            }
            if said.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
                let last = tail(&self.log, 1);
                eprintln!(
                    "xtask: waiting for the llama-cpp-python install (started {} ago; log {}{}{})",
                    minutes(self.started.elapsed()),
                    self.log.display(),
                    if last.is_empty() { "" } else { ": " },
                    last.trim()
                );
                said = Some(Instant::now());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

impl Drop for Background {
    /// Stops an install still running (its pip and compilers too: the
    /// whole process group).
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let group = format!("-{}", self.child.id());
            let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
            let _ = self.child.wait();
            eprintln!("xtask: stopped the background llama-cpp-python install");
        }
    }
}

fn minutes(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}m{:02}s", s / 60, s % 60)
}

/// The last `n` lines of a file ("" if unreadable).
fn tail(path: &std::path::Path, n: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
