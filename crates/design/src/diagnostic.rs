//! Problems in a design's text, as data: line, column, what is wrong and how to fix it.

use std::fmt;

use crate::syntax::Word;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line and column.
    pub line: u32,
    pub col: u32,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(at: &Word, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, line: at.line, col: at.col, message: message.into(), help: None }
    }

    pub fn warning(at: &Word, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(at, message) }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The message, the line of source with a caret under the column, and the help.
    pub fn render(&self, src: &str) -> String {
        let level = if self.severity == Severity::Error { "error" } else { "warning" };
        let mut out = format!("{level}: {} (line {}, col {})", self.message, self.line, self.col);
        if let Some(text) = src.lines().nth(self.line as usize - 1) {
            out.push_str(&format!(
                "\n  {:>4} | {text}\n       | {}^",
                self.line,
                " ".repeat(self.col as usize - 1)
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  help: {help}"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, col {}: {}", self.line, self.col, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}
