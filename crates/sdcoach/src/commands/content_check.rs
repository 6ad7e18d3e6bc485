//! `sdcoach content check`: every problem in a content folder, with the line it is on.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use content::Severity;

use crate::terminal::{Terminal, print};

pub fn run(dir: Option<&Path>, term: &Terminal) -> anyhow::Result<ExitCode> {
    let files = match dir {
        Some(dir) => content_source::from_dir(dir).context("reading the content folder")?,
        None => content_source::embedded(),
    };
    let loaded = content::load(&files);
    let mut out = String::new();
    for d in &loaded.diagnostics {
        let (label, colour) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        out.push_str(&format!("{}: {}\n", term.paint(colour, &format!("{label}[{}]", d.code)), d.message));
        out.push_str(&term.paint("34", &format!("  --> {}:{}:{}\n", d.file, d.line, d.col)));
        // The offending line with a caret under the column.
        if let Some(line) =
            files.iter().find(|f| f.path == d.file).and_then(|f| f.text.lines().nth(d.line as usize - 1))
        {
            let number = d.line.to_string();
            out.push_str(&format!("  {number} | {line}\n"));
            let pad: String =
                line.chars().take(d.col as usize - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("  {} | {pad}{}\n", " ".repeat(number.len()), term.paint(colour, "^")));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("  = help: {help}\n"));
        }
        out.push('\n');
    }
    let corpus = &loaded.corpus;
    let errors = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = loaded.diagnostics.len() - errors;
    out.push_str(&format!(
        "{} topics, {} cards, {} concepts in {} areas; {errors} errors, {warnings} warnings\n",
        corpus.topics().len(),
        corpus.cards().len(),
        corpus.concepts().len(),
        corpus.areas().len()
    ));
    print(&out)?;
    Ok(if loaded.diagnostics.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
