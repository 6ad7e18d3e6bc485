//! `sdcoach search QUERY`: one ranked list over topics, concepts and cards.

use std::process::ExitCode;

use content::Corpus;
use search::Kind;
use serde::Serialize;

use crate::cli::{KindArg, SearchArgs};
use crate::terminal::{Terminal, print};

#[derive(Serialize)]
struct HitRow<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    score: f32,
    snippet: &'a str,
    parent: Option<&'a str>,
}

pub fn run(corpus: &Corpus, args: &SearchArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    let index = search::index_corpus(corpus);
    let wanted = |k: Kind| {
        args.kind.is_empty()
            || args.kind.iter().any(|a| {
                matches!(
                    (a, k),
                    (KindArg::Topic, Kind::Topic)
                        | (KindArg::Problem, Kind::Problem)
                        | (KindArg::Concept, Kind::Concept)
                        | (KindArg::Card, Kind::Card)
                )
            })
    };
    // Filtering after ranking: ask for enough that a filter still fills the limit.
    let fetch = if args.kind.is_empty() { args.limit } else { index.len() };
    let results = index.search(&query, fetch);
    let hits: Vec<_> = results.hits.iter().filter(|h| wanted(h.kind)).take(args.limit).collect();
    if args.json {
        let rows: Vec<HitRow<'_>> = hits
            .iter()
            .map(|h| HitRow {
                kind: h.kind.as_str(),
                id: &h.id,
                title: &h.title,
                score: h.score,
                snippet: &h.snippet,
                parent: h.parent.as_deref(),
            })
            .collect();
        super::print_json(&rows)?;
    } else {
        let mut out = String::new();
        if let Some(corrected) = results.corrected_query(&query) {
            out.push_str(&term.paint("3", &format!("showing results for “{corrected}”")));
            out.push('\n');
        }
        for h in &hits {
            let kind = term.paint(kind_colour(h.kind), &format!("{:<7}", h.kind.as_str()));
            let how = match h.kind {
                Kind::Topic => format!("sdcoach learn {}", h.id),
                Kind::Concept => format!("sdcoach glossary {}", h.id),
                Kind::Card => format!("in sdcoach learn {}", h.parent.as_deref().unwrap_or("")),
                Kind::Problem => format!("sdcoach problem {}", h.id),
            };
            out.push_str(&format!("{kind} {}  {}\n", term.paint("1", &h.title), term.paint("2", &how)));
            let snippet = shorten(&h.snippet, term.width.saturating_sub(10));
            if !snippet.is_empty() {
                out.push_str(&format!("        {snippet}\n"));
            }
        }
        print(&out)?;
    }
    if hits.is_empty() {
        eprintln!("no results for “{query}”; try fewer words, or `sdcoach glossary` to browse concepts");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn kind_colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Topic => "34",
        Kind::Concept => "35",
        Kind::Card => "32",
        Kind::Problem => "33",
    }
}

/// The first `width` characters, cut at a word, with an ellipsis.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > width {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}
