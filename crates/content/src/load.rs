//! Parsing content files into raw items that remember where they came from.
//!
//! Parsing is per file and never stops at the first problem: a file that does not parse yields
//! a diagnostic and no items; an item missing a field yields a diagnostic and is skipped.
//! Cross-references are checked afterwards, in `validate`.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::diagnostic::{At, Diagnostic, LineIndex};
use crate::markdown::{self, LinkTarget};
use crate::model::Corpus;
use crate::validate;

/// One content file, as read by an edge (embedded in the binary, or from `--content DIR`).
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the content root, with `/` separators: `topics/building-blocks/cdn.md`.
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self { path: path.into(), text: text.into() }
    }
}

/// The result of loading: the corpus of everything that was valid, and what was not.
#[derive(Debug)]
pub struct Loaded {
    pub corpus: Corpus,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks every file. Never fails; see [`Loaded::diagnostics`].
pub fn load(files: &[SourceFile]) -> Loaded {
    let mut raw = Raw::default();
    let mut diagnostics = Vec::new();
    for file in files {
        parse_file(file, &mut raw, &mut diagnostics);
    }
    let corpus = validate::resolve(raw, &mut diagnostics);
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    Loaded { corpus, diagnostics }
}

/// A string value and where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Located {
    pub value: String,
    pub at: At,
}

#[derive(Debug)]
pub(crate) struct RawArea {
    pub id: Located,
    pub title: String,
    pub summary: String,
    /// Topic ids in teaching order.
    pub outline: Vec<Located>,
}

#[derive(Debug)]
pub(crate) struct RawTopic {
    pub id: Located,
    pub title: String,
    pub area: Located,
    pub summary: String,
    pub concepts: Vec<Located>,
    pub related: Vec<Located>,
    pub body: String,
    pub links: Vec<(LinkTarget, At)>,
    pub file: String,
    /// The file name without extension and its folder, which must match `id` and `area`.
    pub stem: String,
    pub folder: String,
    /// A `#` heading in the body, which duplicates the rendered title.
    pub h1: Option<At>,
    /// The text of every `##` heading, in order.
    pub sections: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct RawCard {
    pub id: Located,
    pub topic: Located,
    pub concepts: Vec<Located>,
    pub question: String,
    pub answer: String,
    pub links: Vec<(LinkTarget, At)>,
}

#[derive(Debug)]
pub(crate) struct RawConcept {
    pub id: Located,
    pub name: String,
    pub area: Located,
    pub aliases: Vec<Located>,
    pub definition: String,
    pub related: Vec<Located>,
}

#[derive(Debug, Default)]
pub(crate) struct Raw {
    /// Reference designs: problem id, text, where the file starts.
    pub designs: Vec<(String, String, At)>,
    pub problems: Vec<crate::load_problem::RawProblem>,
    pub katas: Vec<crate::kata::RawKata>,
    pub numbers: Vec<crate::load_problem::RawNumber>,
    pub areas: Vec<RawArea>,
    pub topics: Vec<RawTopic>,
    pub cards: Vec<RawCard>,
    pub concepts: Vec<RawConcept>,
}

// File shapes as serde sees them. Every field is optional here so that a missing one becomes a
// diagnostic naming it, not a generic parse error that hides the rest of the file.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreasFile {
    #[serde(default)]
    area: Vec<Spanned<AreaEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaEntry {
    id: Option<Spanned<String>>,
    title: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    outline: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicFront {
    id: Option<Spanned<String>>,
    title: Option<String>,
    area: Option<Spanned<String>>,
    summary: Option<String>,
    concepts: Option<Vec<Spanned<String>>>,
    related: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardsFile {
    topic: Option<Spanned<String>>,
    #[serde(default)]
    card: Vec<Spanned<CardEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardEntry {
    id: Option<Spanned<String>>,
    #[serde(default)]
    concepts: Vec<Spanned<String>>,
    q: Option<String>,
    a: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptsFile {
    #[serde(default)]
    concept: Vec<Spanned<ConceptEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptEntry {
    id: Option<Spanned<String>>,
    name: Option<String>,
    area: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    definition: Option<String>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
}

/// Where a file sits in the content tree decides how it is read.
fn parse_file(file: &SourceFile, raw: &mut Raw, diagnostics: &mut Vec<Diagnostic>) {
    let parts: Vec<&str> = file.path.split('/').collect();
    let lines = LineIndex::new(&file.path, &file.text);
    match parts.as_slice() {
        ["areas.toml"] => parse_areas(file, &lines, raw, diagnostics),
        ["topics", folder, name] if name.ends_with(".md") => {
            parse_topic(file, folder, &name[..name.len() - 3], &lines, raw, diagnostics)
        }
        ["cards", name] if name.ends_with(".toml") => parse_cards(file, &lines, raw, diagnostics),
        ["numbers.toml"] => raw.numbers.extend(crate::load_problem::parse_numbers(&file.text, &lines, diagnostics)),
        ["designs", name] if name.ends_with(".sd") => {
            raw.designs.push((name[..name.len() - 3].to_owned(), file.text.clone(), lines.at(0)));
        }
        ["problems", name] if name.ends_with(".toml") => {
            let stem = &name[..name.len() - 5];
            raw.problems.extend(crate::load_problem::parse_problem(&file.path, &file.text, stem, &lines, diagnostics));
        }
        ["katas", name] if name.ends_with(".toml") => {
            let stem = &name[..name.len() - 5];
            raw.katas.extend(crate::kata::parse_kata(&file.path, &file.text, stem, &lines, diagnostics));
        }
        ["concepts", name] if name.ends_with(".toml") => {
            parse_concepts(file, &lines, raw, diagnostics)
        }
        [name] if name.ends_with(".md") => {} // notes for authors at the root, e.g. README.md
        _ => diagnostics.push(
            Diagnostic::warning("unexpected-file", &lines.at(0), "this file is not part of any content kind")
                .with_help(
                    "content lives in areas.toml, numbers.toml, topics/<area>/<id>.md, cards/<topic>.toml, concepts/<name>.toml, problems/<id>.toml, katas/<id>.toml or designs/<problem>.sd",
                ),
        ),
    }
}

/// Parses TOML at `offset` within its file, turning a syntax error into a located diagnostic.
pub(crate) fn parse_toml<T: DeserializeOwned>(
    text: &str,
    offset: usize,
    lines: &LineIndex<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(error) => {
            let start = error.span().map_or(0, |s| s.start);
            let message = error.message().trim().to_owned();
            diagnostics.push(Diagnostic::error("toml", &lines.at(offset + start), message));
            None
        }
    }
}

/// Converts serde spans (relative to the TOML text) into locations in the file.
pub(crate) struct Spans<'a, 'b> {
    pub lines: &'a LineIndex<'b>,
    pub offset: usize,
}

impl Spans<'_, '_> {
    pub fn at(&self, span: std::ops::Range<usize>) -> At {
        self.lines.at(self.offset + span.start)
    }

    pub fn located(&self, value: Spanned<String>) -> Located {
        let at = self.at(value.span());
        Located { value: value.into_inner(), at }
    }

    pub fn all(&self, values: Vec<Spanned<String>>) -> Vec<Located> {
        values.into_iter().map(|v| self.located(v)).collect()
    }
}

/// A required field: present and not blank, or a diagnostic at the item that lacks it.
pub(crate) fn require<T: Present>(
    value: Option<T>,
    field: &str,
    item: &At,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match value {
        Some(v) if v.is_present() => Some(v),
        _ => {
            diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    item,
                    format!("required field `{field}` is missing or empty"),
                )
                .with_help(format!("add `{field} = ...` to this entry")),
            );
            None
        }
    }
}

pub(crate) trait Present {
    fn is_present(&self) -> bool;
}

impl Present for String {
    fn is_present(&self) -> bool {
        !self.trim().is_empty()
    }
}

impl Present for Spanned<String> {
    fn is_present(&self) -> bool {
        !self.get_ref().trim().is_empty()
    }
}

impl<T> Present for Vec<T> {
    fn is_present(&self) -> bool {
        true
    }
}

fn parse_areas(file: &SourceFile, lines: &LineIndex<'_>, raw: &mut Raw, diagnostics: &mut Vec<Diagnostic>) {
    let Some(parsed) = parse_toml::<AreasFile>(&file.text, 0, lines, diagnostics) else {
        return;
    };
    let spans = Spans { lines, offset: 0 };
    for entry in parsed.area {
        let at = spans.at(entry.span());
        let entry = entry.into_inner();
        let id = require(entry.id, "id", &at, diagnostics);
        let title = require(entry.title, "title", &at, diagnostics);
        let summary = require(entry.summary, "summary", &at, diagnostics);
        if let (Some(id), Some(title), Some(summary)) = (id, title, summary) {
            raw.areas.push(RawArea {
                id: spans.located(id),
                title,
                summary,
                outline: spans.all(entry.outline),
            });
        }
    }
}

fn parse_topic(
    file: &SourceFile,
    folder: &str,
    stem: &str,
    lines: &LineIndex<'_>,
    raw: &mut Raw,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(front) = markdown::split_front_matter(&file.text) else {
        diagnostics.push(
            Diagnostic::error("front-matter", &lines.at(0), "a topic file must open with TOML front matter between `+++` lines")
                .with_help("start the file with `+++`, the fields id, title, area, summary, concepts and related, then `+++`"),
        );
        return;
    };
    let Some(fm) = parse_toml::<TopicFront>(front.toml, front.toml_offset, lines, diagnostics) else {
        return;
    };
    let spans = Spans { lines, offset: front.toml_offset };
    let at = lines.at(0);
    let id = require(fm.id, "id", &at, diagnostics);
    let title = require(fm.title, "title", &at, diagnostics);
    let area = require(fm.area, "area", &at, diagnostics);
    let summary = require(fm.summary, "summary", &at, diagnostics);
    let concepts = require(fm.concepts, "concepts", &at, diagnostics);
    let related = require(fm.related, "related", &at, diagnostics);
    let (Some(id), Some(title), Some(area), Some(summary), Some(concepts), Some(related)) =
        (id, title, area, summary, concepts, related)
    else {
        return;
    };
    let outline = outline(front.body);
    let links =
        outline.links.into_iter().map(|l| (l.target, lines.at(front.body_offset + l.offset))).collect();
    let h1 = outline.h1.map(|o| lines.at(front.body_offset + o));
    let sections = outline.sections;
    raw.topics.push(RawTopic {
        id: spans.located(id),
        title,
        area: spans.located(area),
        summary,
        concepts: spans.all(concepts),
        related: spans.all(related),
        body: front.body.to_owned(),
        links,
        file: file.path.clone(),
        stem: stem.to_owned(),
        folder: folder.to_owned(),
        h1,
        sections,
    });
}

/// What the loader needs from a topic body, read in one pass: its links, the offset of a `#`
/// heading if any, and the text of every `##` heading.
struct Outline {
    links: Vec<markdown::Link>,
    h1: Option<usize>,
    sections: Vec<String>,
}

fn outline(text: &str) -> Outline {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut out = Outline { links: Vec::new(), h1: None, sections: Vec::new() };
    let mut current: Option<String> = None;
    for (event, range) in Parser::new_ext(text, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.links.push(markdown::Link { target: LinkTarget::parse(&dest_url), offset: range.start });
            }
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => {
                out.h1.get_or_insert(range.start);
            }
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => current = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => out.sections.extend(current.take()),
            _ => {}
        }
    }
    out
}

fn parse_cards(file: &SourceFile, lines: &LineIndex<'_>, raw: &mut Raw, diagnostics: &mut Vec<Diagnostic>) {
    let Some(parsed) = parse_toml::<CardsFile>(&file.text, 0, lines, diagnostics) else {
        return;
    };
    let spans = Spans { lines, offset: 0 };
    let Some(topic) = parsed.topic.filter(|t| t.is_present()) else {
        diagnostics.push(
            Diagnostic::error(
                "orphan-card",
                &lines.at(0),
                "these cards belong to no topic: the file has no `topic` field",
            )
            .with_help("add `topic = \"<topic id>\"` at the top of the file"),
        );
        return;
    };
    let topic = spans.located(topic);
    for entry in parsed.card {
        let at = spans.at(entry.span());
        let entry = entry.into_inner();
        let id = require(entry.id, "id", &at, diagnostics);
        let question = require(entry.q, "q", &at, diagnostics);
        let answer = require(entry.a, "a", &at, diagnostics);
        if let (Some(id), Some(question), Some(answer)) = (id, question, answer) {
            // Card text has no useful offsets inside the TOML string; links report the card.
            let links = markdown::links(&question)
                .into_iter()
                .chain(markdown::links(&answer))
                .map(|l| (l.target, at.clone()))
                .collect();
            raw.cards.push(RawCard {
                id: spans.located(id),
                topic: topic.clone(),
                concepts: spans.all(entry.concepts),
                question: question.trim().to_owned(),
                answer: answer.trim().to_owned(),
                links,
            });
        }
    }
}

fn parse_concepts(
    file: &SourceFile,
    lines: &LineIndex<'_>,
    raw: &mut Raw,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(parsed) = parse_toml::<ConceptsFile>(&file.text, 0, lines, diagnostics) else {
        return;
    };
    let spans = Spans { lines, offset: 0 };
    for entry in parsed.concept {
        let at = spans.at(entry.span());
        let entry = entry.into_inner();
        let id = require(entry.id, "id", &at, diagnostics);
        let name = require(entry.name, "name", &at, diagnostics);
        let area = require(entry.area, "area", &at, diagnostics);
        let definition = require(entry.definition, "definition", &at, diagnostics);
        if let (Some(id), Some(name), Some(area), Some(definition)) = (id, name, area, definition) {
            raw.concepts.push(RawConcept {
                id: spans.located(id),
                name,
                area: spans.located(area),
                aliases: spans.all(entry.aliases),
                definition: definition.trim().to_owned(),
                related: spans.all(entry.related),
            });
        }
    }
}
