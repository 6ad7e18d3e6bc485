//! What goes wrong in an expression, and where: an error stops evaluation, a warning does not.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// Byte range in the expression.
    pub start: usize,
    pub end: usize,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(message: impl Into<String>, start: usize, end: usize) -> Self {
        Self { message: message.into(), start, end, help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// 1-based column of the start, counted in characters.
    pub fn column(&self, src: &str) -> usize {
        src.get(..self.start).map_or(self.start, |s| s.chars().count()) + 1
    }

    /// The message with its column, the expression, a caret line and the help.
    pub fn render(&self, src: &str) -> String {
        let col = self.column(src);
        let width = src.get(self.start..self.end).map_or(1, |s| s.chars().count().max(1));
        let mut out = format!(
            "{} (column {col})\n  {src}\n  {}{}",
            self.message,
            " ".repeat(col - 1),
            "^".repeat(width)
        );
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  help: {help}"));
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}
