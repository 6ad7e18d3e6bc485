//! `sdcoach topics`: the curriculum's topics, by area.

use std::process::ExitCode;

use content::Corpus;
use serde::Serialize;

use crate::cli::TopicsArgs;
use crate::terminal::{Terminal, print};

#[derive(Serialize)]
struct TopicRow<'a> {
    id: &'a str,
    title: &'a str,
    area: &'a str,
    cards: usize,
    summary: &'a str,
    concepts: Vec<&'a str>,
}

pub fn run(corpus: &Corpus, args: &TopicsArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    super::check_areas(corpus, &args.area)?;
    let rows: Vec<TopicRow<'_>> = corpus
        .topics()
        .iter()
        .filter(|t| args.area.is_empty() || args.area.iter().any(|a| a == t.area.as_str()))
        .map(|t| TopicRow {
            id: t.id.as_str(),
            title: &t.title,
            area: t.area.as_str(),
            cards: corpus.cards_of(t.id.as_str()).count(),
            summary: &t.summary,
            concepts: t.concepts.iter().map(|c| c.as_str()).collect(),
        })
        .collect();
    if args.json {
        super::print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let id_width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for area in corpus.areas() {
        let in_area: Vec<&TopicRow<'_>> = rows.iter().filter(|r| r.area == area.id.as_str()).collect();
        if in_area.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&term.paint("1", &format!("{} ({})", area.title, area.id)));
        out.push('\n');
        for r in in_area {
            let cards = term.paint("2", &format!("{} cards", r.cards));
            out.push_str(&format!("  {:<id_width$}  {}  {cards}\n", r.id, r.title));
        }
    }
    if rows.is_empty() {
        out.push_str("no topics in this area yet\n");
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
