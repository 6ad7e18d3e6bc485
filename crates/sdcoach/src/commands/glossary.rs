//! `sdcoach glossary [TERM]`: the concept ontology, looked up by any name of a concept.

use std::process::ExitCode;

use content::{Concept, Corpus};
use serde::Serialize;

use crate::cli::GlossaryArgs;
use crate::terminal::{Terminal, print};

#[derive(Serialize)]
struct ConceptRow<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    area: &'a str,
    definition: &'a str,
    related: Vec<&'a str>,
    topics: Vec<&'a str>,
}

pub fn run(corpus: &Corpus, args: &GlossaryArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    super::check_areas(corpus, &args.area)?;
    let in_area = |c: &Concept| args.area.is_empty() || args.area.iter().any(|a| a == c.area.as_str());
    let term_text = args.term.join(" ");
    let found: Vec<&Concept> = if term_text.trim().is_empty() {
        let mut all: Vec<&Concept> = corpus.concepts().iter().filter(|c| in_area(c)).collect();
        all.sort_by_key(|c| c.name.to_lowercase());
        all
    } else {
        lookup(corpus, &term_text).into_iter().filter(|c| in_area(c)).collect()
    };
    if found.is_empty() {
        let ids = corpus.concepts().iter().map(|c| c.id.as_str());
        return Err(super::unknown(
            "concept",
            &term_text,
            &suggest::closest(&term_text, ids),
            "browse every concept with `sdcoach glossary`, or search with `sdcoach search WORDS`",
        ));
    }
    if args.json {
        let rows: Vec<ConceptRow<'_>> = found.iter().map(|c| row(corpus, c)).collect();
        super::print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let detailed = found.len() <= 3;
    let mut out = String::new();
    for c in &found {
        out.push_str(&term.paint("1", &c.name));
        if !c.aliases.is_empty() {
            out.push_str(&term.paint("2", &format!("  (also: {})", c.aliases.join(", "))));
        }
        out.push('\n');
        out.push_str(&format!("  {}\n", c.definition));
        if detailed {
            let r = row(corpus, c);
            out.push_str(&term.paint("2", &format!("  id {} · area {}\n", c.id, c.area)));
            if !r.topics.is_empty() {
                out.push_str(&format!(
                    "  taught in: {}\n",
                    r.topics.iter().map(|t| format!("sdcoach learn {t}")).collect::<Vec<_>>().join(", ")
                ));
            }
            if !r.related.is_empty() {
                out.push_str(&format!("  related: {}\n", r.related.join(", ")));
            }
            out.push('\n');
        }
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// An exact id, name or alias first; otherwise the concepts search ranks for the words.
fn lookup<'a>(corpus: &'a Corpus, wanted: &str) -> Vec<&'a Concept> {
    let exact: Vec<&Concept> = corpus.concepts_named(wanted).collect();
    if !exact.is_empty() {
        return exact;
    }
    search::index_corpus(corpus)
        .search(wanted, 200)
        .hits
        .into_iter()
        .filter(|h| h.kind == search::Kind::Concept)
        .take(10)
        .filter_map(|h| corpus.concept(&h.id))
        .collect()
}

fn row<'a>(corpus: &'a Corpus, c: &'a Concept) -> ConceptRow<'a> {
    ConceptRow {
        id: c.id.as_str(),
        name: &c.name,
        aliases: &c.aliases,
        area: c.area.as_str(),
        definition: &c.definition,
        related: c.related.iter().map(|r| r.as_str()).collect(),
        topics: corpus.topics_teaching(c.id.as_str()).map(|t| t.id.as_str()).collect(),
    }
}
