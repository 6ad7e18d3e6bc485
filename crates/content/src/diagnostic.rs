//! Problems found in content files, as data: file, line, column, what is wrong, how to fix it.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// A short stable name for the kind of problem, e.g. `duplicate-id`.
    pub code: &'static str,
    pub severity: Severity,
    /// The file, relative to the content root, with `/` separators.
    pub file: String,
    /// 1-based line and column.
    pub line: u32,
    pub col: u32,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(code: &'static str, at: &At, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            file: at.file.clone(),
            line: at.line,
            col: at.col,
            message: message.into(),
            help: None,
        }
    }

    pub(crate) fn warning(code: &'static str, at: &At, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(code, at, message) }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {level}[{}]: {}", self.file, self.line, self.col, self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A point in a content file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct At {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Turns byte offsets of one file into lines and columns.
pub(crate) struct LineIndex<'a> {
    file: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { file, text, line_starts }
    }

    pub fn at(&self, offset: usize) -> At {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..].char_indices().take_while(|(i, _)| start + i < offset).count() + 1;
        At { file: self.file.to_owned(), line: line as u32 + 1, col: col as u32 }
    }
}
