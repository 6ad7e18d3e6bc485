//! The terminal: whether to colour, how wide it is, writing to stdout, and paging long text.

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

use crate::cli::ColorChoice;

#[derive(Clone, Copy, Debug)]
pub struct Terminal {
    pub color: bool,
    pub width: usize,
    pub height: usize,
    pub is_tty: bool,
}

impl Terminal {
    pub fn detect(choice: ColorChoice) -> Self {
        let is_tty = io::stdout().is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // https://no-color.org: any non-empty NO_COLOR turns colour off.
            ColorChoice::Auto => {
                is_tty
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        let (width, height) = terminal_size::terminal_size()
            .map(|(w, h)| (usize::from(w.0), usize::from(h.0)))
            .unwrap_or((env_number("COLUMNS").unwrap_or(100), env_number("LINES").unwrap_or(40)));
        Self { color, width: width.clamp(40, 200), height, is_tty }
    }

    pub fn style(&self) -> term_render::Style {
        term_render::Style { color: self.color, width: self.width }
    }

    /// Wraps `text` in an SGR sequence when colour is on.
    pub fn paint(&self, sgr: &str, text: &str) -> String {
        if self.color { format!("\x1b[{sgr}m{text}\x1b[0m") } else { text.to_owned() }
    }
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Writes to stdout; a closed pipe comes back as an error for `main` to treat as success.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Shows long text through the user's pager when stdout is a terminal; prints it otherwise.
pub fn page(text: &str, term: &Terminal, no_pager: bool) -> io::Result<()> {
    if no_pager || !term.is_tty || text.lines().count() < term.height {
        return print(text);
    }
    let pager = std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty()).unwrap_or_else(|| "less".into());
    let mut words = pager.split_whitespace();
    let Some(program) = words.next() else { return print(text) };
    let mut command = Command::new(program);
    command.args(words).stdin(Stdio::piped());
    if program == "less" && std::env::var_os("LESS").is_none() {
        // Quit if it fits, keep colours, leave the text on screen afterwards.
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.spawn() else { return print(text) };
    if let Some(mut stdin) = child.stdin.take() {
        // The user may quit the pager before reading everything; that is fine.
        let _ = stdin.write_all(text.as_bytes());
    }
    child.wait()?;
    Ok(())
}
