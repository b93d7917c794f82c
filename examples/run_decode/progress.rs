//! A progress bar on stderr: redrawn in place on a terminal, a line per
//! quarter otherwise (so logs stay readable).

use std::io::{IsTerminal, Write};

pub struct Progress {
    total: usize,
    label: String,
    tty: bool,
    last_quarter: usize,
}

impl Progress {
    pub fn new(label: &str, total: usize) -> Progress {
        Progress {
            total: total.max(1),
            label: label.to_string(),
            tty: std::io::stderr().is_terminal(),
            last_quarter: 0,
        }
    }

    pub fn update(&mut self, done: usize, note: &str) {
        let width = 30;
        let filled = width * done / self.total;
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(width - filled));
        let mut err = std::io::stderr();
        if self.tty {
            let _ = write!(
                err,
                "\r{} [{bar}] {done}/{} {note}   ",
                self.label, self.total
            );
            if done == self.total {
                let _ = writeln!(err);
            }
        } else {
            let quarter = 4 * done / self.total;
            if quarter > self.last_quarter || done == self.total {
                self.last_quarter = quarter;
                let _ = writeln!(err, "{} [{bar}] {done}/{} {note}", self.label, self.total);
            }
        }
        let _ = err.flush();
    }
}
