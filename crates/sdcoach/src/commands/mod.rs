//! One module per command. Each takes its parsed arguments and returns an exit code; errors
//! carry a message that says what went wrong and how to fix it.

mod calc;
mod content_check;
mod design;
mod docs;
mod drill;
mod glossary;
mod kata;
mod learn;
mod problems;
mod search;
mod serve;
mod sim;
mod topics;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use content::Corpus;

use crate::cli::{Cli, Command, ContentCommand, DrillCommand, KataCommand};
use crate::terminal::Terminal;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let term = Terminal::detect(cli.color);
    let content = cli.content.as_deref();
    match cli.command {
        None => serve::run(
            content,
            &crate::cli::ServeArgs { addr: serve::DEFAULT_ADDR.into(), allow_hosts: Vec::new() },
        ),
        Some(Command::Serve(args)) => serve::run(content, &args),
        Some(Command::Topics(args)) => topics::run(&load(content)?, &args, &term),
        Some(Command::Learn(args)) => learn::run(&load(content)?, &args, &term),
        Some(Command::Search(args)) => search::run(&load(content)?, &args, &term),
        Some(Command::Glossary(args)) => glossary::run(&load(content)?, &args, &term),
        Some(Command::Problems(args)) => problems::list(&load(content)?, &args, &term),
        Some(Command::Problem(args)) => problems::show(&load(content)?, &args, &term),
        Some(Command::Drill(DrillCommand::Estimate(args))) => drill::estimate(&load(content)?, &args, &term),
        Some(Command::Drill(DrillCommand::Numbers(args))) => drill::numbers(&load(content)?, &args, &term),
        Some(Command::Design(cmd)) => design::run(content, cmd, &term),
        Some(Command::Calc(args)) => calc::run(content, &args, &term),
        Some(Command::Kata(KataCommand::List(args))) => kata::list(&load(content)?, &args, &term),
        Some(Command::Kata(KataCommand::Show(args))) => kata::show(&load(content)?, &args, &term),
        Some(Command::Kata(KataCommand::Run(args))) => kata::run(&load(content)?, &args, &term),
        Some(Command::Kata(KataCommand::Init(args))) => kata::init(&load(content)?, &args),
        Some(Command::KataRef { id, broken }) => kata::serve_reference(&id, broken),
        Some(Command::Content(ContentCommand::Check)) => content_check::run(content, &term),
        Some(Command::Completions { shell }) => docs::completions(shell),
        Some(Command::Man) => docs::man(),
    }
}

/// The corpus, from `--content DIR` or the built-in copy. Problems in an author's folder are
/// reported and the rest is used, so one broken file does not stop them reading the others.
pub fn load(dir: Option<&Path>) -> anyhow::Result<Corpus> {
    let loaded = content_source::load(dir).context("loading content")?;
    let shown = 10;
    for d in loaded.diagnostics.iter().take(shown) {
        eprintln!("warning: content: {d}");
    }
    if loaded.diagnostics.len() > shown {
        eprintln!(
            "warning: content: {} more problems; run `sdcoach content check{}` to see them all",
            loaded.diagnostics.len() - shown,
            dir.map(|d| format!(" --content {}", d.display())).unwrap_or_default()
        );
    }
    Ok(loaded.corpus)
}

/// An error for an id that does not exist, with the closest ones as suggestions.
pub fn unknown(what: &str, wanted: &str, suggestions: &[&str], hint: &str) -> anyhow::Error {
    let mut message = format!("unknown {what} `{wanted}`");
    match suggestions {
        [] => {}
        [one] => message.push_str(&format!("; did you mean `{one}`?")),
        many => message.push_str(&format!(
            "; did you mean one of {}?",
            many.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        )),
    }
    message.push_str(&format!("\n  hint: {hint}"));
    anyhow::anyhow!(message)
}

/// Checks `--area` values against the corpus's areas.
pub fn check_areas(corpus: &Corpus, areas: &[String]) -> anyhow::Result<()> {
    for area in areas {
        if corpus.area(area).is_none() {
            let ids: Vec<&str> = corpus.areas().iter().map(|a| a.id.as_str()).collect();
            return Err(unknown(
                "area",
                area,
                &suggest::closest(area, ids.iter().copied()),
                &format!("areas are: {}", ids.join(", ")),
            ));
        }
    }
    Ok(())
}

/// Prints JSON with a trailing newline.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    crate::terminal::print(&text)?;
    Ok(())
}

/// A mistake in how a command was called (exit status 2), as opposed to a failure of the work.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}
