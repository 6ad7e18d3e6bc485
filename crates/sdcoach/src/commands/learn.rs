//! `sdcoach learn TOPIC`: a topic page rendered for the terminal.

use std::process::ExitCode;

use content::{Corpus, LinkTarget, Topic};

use crate::cli::LearnArgs;
use crate::terminal::{Terminal, page};

pub fn run(corpus: &Corpus, args: &LearnArgs, term: &Terminal) -> anyhow::Result<ExitCode> {
    let (topic, note) = resolve(corpus, &args.topic)?;
    if let Some(note) = note {
        eprintln!("{note}");
    }
    page(&render(corpus, topic, term), term, args.no_pager)?;
    Ok(ExitCode::SUCCESS)
}

/// A topic id, or a concept named by id, name or alias (then the first topic teaching it).
fn resolve<'a>(corpus: &'a Corpus, wanted: &str) -> anyhow::Result<(&'a Topic, Option<String>)> {
    let key = wanted.trim().to_lowercase();
    if let Some(topic) = corpus.topic(&key) {
        return Ok((topic, None));
    }
    let concept = corpus.concepts_named(&key).next();
    if let Some(concept) = concept
        && let Some(topic) = corpus.topics_teaching(concept.id.as_str()).next()
    {
        let note = format!(
            "`{wanted}` is the concept “{}”; showing the topic that teaches it: {}",
            concept.name, topic.id
        );
        return Ok((topic, Some(note)));
    }
    let ids = corpus.topics().iter().map(|t| t.id.as_str());
    let mut suggestions = suggest::closest(&key, ids);
    if suggestions.is_empty() {
        // Fall back to what search finds for the words of the id.
        let hits = search::index_corpus(corpus).search(&key.replace('-', " "), 3).hits;
        let found: Vec<String> =
            hits.into_iter().filter(|h| h.kind == search::Kind::Topic).map(|h| h.id).collect();
        suggestions = found.iter().filter_map(|id| corpus.topic(id)).map(|t| t.id.as_str()).collect();
    }
    Err(super::unknown(
        "topic",
        wanted,
        &suggestions,
        "list topics with `sdcoach topics`, or find one with `sdcoach search WORDS`",
    ))
}

fn render(corpus: &Corpus, topic: &Topic, term: &Terminal) -> String {
    let style = term.style();
    let links = |url: &str| match LinkTarget::parse(url) {
        LinkTarget::Topic(id) => Some(format!("sdcoach learn {id}")),
        LinkTarget::Concept(id) => Some(format!("sdcoach glossary {id}")),
        LinkTarget::External(url) => Some(url),
    };
    let mut out = term_render::heading(&topic.title, &style);
    let area = corpus.area(topic.area.as_str()).map_or(topic.area.as_str(), |a| a.title.as_str());
    out.push_str(&term.paint("3", &topic.summary));
    out.push('\n');
    let concepts: Vec<&str> =
        topic.concepts.iter().filter_map(|c| corpus.concept(c.as_str())).map(|c| c.name.as_str()).collect();
    out.push_str(&term.paint("2", &format!("{area} · {}", concepts.join(", "))));
    out.push('\n');
    out.push_str(&term_render::render(&topic.body, &style, &links));

    let cards: Vec<_> = corpus.cards_of(topic.id.as_str()).collect();
    if !cards.is_empty() {
        let mut md = format!("## Flashcards ({})\n\n", cards.len());
        for (i, card) in cards.iter().enumerate() {
            md.push_str(&format!(
                "{}. **{}**\n\n   {}\n\n",
                i + 1,
                card.question.replace('\n', " "),
                card.answer.replace('\n', " ")
            ));
        }
        out.push_str(&term_render::render(&md, &style, &links));
    }
    let problems: Vec<String> = corpus
        .problems_using(topic.id.as_str())
        .map(|p| {
            format!(
                "- {} ({}, {}) — `sdcoach problem {}`",
                p.title,
                p.kind.as_str().to_uppercase(),
                p.difficulty,
                p.id
            )
        })
        .collect();
    if !problems.is_empty() {
        out.push_str(&term_render::render(
            &format!("## Practice problems\n\n{}\n", problems.join("\n")),
            &style,
            &links,
        ));
    }
    let related: Vec<String> = topic
        .related
        .iter()
        .filter_map(|r| corpus.topic(r.as_str()))
        .map(|t| format!("- {} — `sdcoach learn {}`", t.title, t.id))
        .collect();
    if !related.is_empty() {
        out.push_str(&term_render::render(
            &format!("## Related topics\n\n{}\n", related.join("\n")),
            &style,
            &links,
        ));
    }
    out
}
