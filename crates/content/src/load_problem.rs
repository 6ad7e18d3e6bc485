//! Parsing problem files (`problems/<id>.toml`) and the numbers to know (`numbers.toml`).

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{At, Diagnostic, LineIndex};
use crate::load::{Located, Spans, parse_toml, require};

#[derive(Debug)]
pub(crate) struct RawProblem {
    pub id: Located,
    pub stem: String,
    pub title: String,
    pub kind: Located,
    pub difficulty: Located,
    pub tags: Vec<String>,
    pub topics: Vec<Located>,
    pub prompt: String,
    pub facts: Vec<RawFact>,
    pub inputs: Vec<RawNamed>,
    pub estimates: Vec<RawNamed>,
    pub rubric: Vec<RawDimension>,
    pub solution: String,
    pub follow_ups: Vec<(String, String)>,
    pub pitfalls: Vec<String>,
    pub lld: Option<RawLld>,
    pub file: String,
    pub at: At,
}

#[derive(Debug)]
pub(crate) struct RawFact {
    pub topic: String,
    pub questions: Vec<String>,
    pub answer: String,
}

/// An input or an estimate: a name, a label and a calculator expression.
#[derive(Debug)]
pub(crate) struct RawNamed {
    pub name: Located,
    pub label: String,
    pub expr: Located,
}

#[derive(Debug)]
pub(crate) struct RawDimension {
    pub dimension: Located,
    pub weight: u32,
    pub items: Vec<RawItem>,
}

#[derive(Debug)]
pub(crate) struct RawItem {
    pub id: Located,
    pub text: String,
    pub weight: u32,
    pub concepts: Vec<Located>,
    pub mid: String,
    pub senior: String,
    pub staff: String,
}

#[derive(Debug)]
pub(crate) struct RawLld {
    pub entities: Vec<(String, String)>,
    pub relationships: Vec<String>,
    pub patterns: Vec<(Located, String)>,
    pub methods: Vec<String>,
    pub concurrency: String,
    pub class_diagram: String,
    pub at: At,
}

#[derive(Debug)]
pub(crate) struct RawNumber {
    pub id: Located,
    pub name: String,
    pub category: String,
    pub expr: Located,
    pub source: String,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemFile {
    id: Option<Spanned<String>>,
    title: Option<String>,
    kind: Option<Spanned<String>>,
    difficulty: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    topics: Option<Vec<Spanned<String>>>,
    prompt: Option<String>,
    #[serde(default)]
    facts: Vec<Spanned<FactEntry>>,
    #[serde(default)]
    inputs: Vec<Spanned<NamedEntry>>,
    #[serde(default)]
    estimates: Vec<Spanned<NamedEntry>>,
    #[serde(default)]
    rubric: Vec<Spanned<DimensionEntry>>,
    solution: Option<String>,
    #[serde(default)]
    follow_ups: Vec<Spanned<FollowUpEntry>>,
    #[serde(default)]
    pitfalls: Vec<String>,
    lld: Option<Spanned<LldEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactEntry {
    topic: Option<String>,
    #[serde(default)]
    questions: Vec<String>,
    answer: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedEntry {
    name: Option<Spanned<String>>,
    label: Option<String>,
    #[serde(alias = "value")]
    expr: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DimensionEntry {
    dimension: Option<Spanned<String>>,
    weight: Option<u32>,
    #[serde(default)]
    items: Vec<Spanned<ItemEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemEntry {
    id: Option<Spanned<String>>,
    text: Option<String>,
    weight: Option<u32>,
    #[serde(default)]
    concepts: Vec<Spanned<String>>,
    mid: Option<String>,
    senior: Option<String>,
    staff: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUpEntry {
    question: Option<String>,
    answer: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LldEntry {
    #[serde(default)]
    entities: Vec<EntityEntry>,
    #[serde(default)]
    relationships: Vec<String>,
    #[serde(default)]
    patterns: Vec<PatternEntry>,
    #[serde(default)]
    methods: Vec<String>,
    concurrency: Option<String>,
    class_diagram: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityEntry {
    name: String,
    responsibility: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternEntry {
    pattern: Spanned<String>,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersFile {
    #[serde(default)]
    number: Vec<Spanned<NumberEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberEntry {
    id: Option<Spanned<String>>,
    name: Option<String>,
    category: Option<String>,
    value: Option<Spanned<String>>,
    source: Option<String>,
    note: Option<String>,
}

pub(crate) fn parse_problem(
    path: &str,
    text: &str,
    stem: &str,
    lines: &LineIndex<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawProblem> {
    let file: ProblemFile = parse_toml(text, 0, lines, diagnostics)?;
    let spans = Spans { lines, offset: 0 };
    let at = lines.at(0);
    let d = diagnostics;
    let id = require(file.id, "id", &at, d);
    let title = require(file.title, "title", &at, d);
    let kind = require(file.kind, "kind", &at, d);
    let difficulty = require(file.difficulty, "difficulty", &at, d);
    let topics = require(file.topics, "topics", &at, d);
    let prompt = require(file.prompt, "prompt", &at, d);
    let solution = require(file.solution, "solution", &at, d);

    let facts = file
        .facts
        .into_iter()
        .filter_map(|f| {
            let at = spans.at(f.span());
            let f = f.into_inner();
            let topic = require(f.topic, "topic", &at, d)?;
            let answer = require(f.answer, "answer", &at, d)?;
            if f.questions.iter().all(|q| q.trim().is_empty()) {
                d.push(
                    Diagnostic::error(
                        "fact-without-question",
                        &at,
                        "this fact has no question that asks for it",
                    )
                    .with_help("add `questions = [...]` with the ways a candidate asks for it"),
                );
                return None;
            }
            Some(RawFact { topic, questions: f.questions, answer: answer.trim().to_owned() })
        })
        .collect();
    let named = |entries: Vec<Spanned<NamedEntry>>, d: &mut Vec<Diagnostic>| -> Vec<RawNamed> {
        entries
            .into_iter()
            .filter_map(|e| {
                let at = spans.at(e.span());
                let e = e.into_inner();
                let name = require(e.name, "name", &at, d)?;
                let expr = require(e.expr, "expr", &at, d)?;
                let label = require(e.label, "label", &at, d)?;
                Some(RawNamed { name: spans.located(name), label, expr: spans.located(expr) })
            })
            .collect()
    };
    let inputs = named(file.inputs, d);
    let estimates = named(file.estimates, d);
    let rubric = file
        .rubric
        .into_iter()
        .filter_map(|r| {
            let at = spans.at(r.span());
            let r = r.into_inner();
            let dimension = require(r.dimension, "dimension", &at, d)?;
            let weight = r.weight.unwrap_or(1);
            let items = r
                .items
                .into_iter()
                .filter_map(|i| {
                    let at = spans.at(i.span());
                    let i = i.into_inner();
                    let id = require(i.id, "id", &at, d)?;
                    let text = require(i.text, "text", &at, d)?;
                    let mid = require(i.mid, "mid", &at, d)?;
                    let senior = require(i.senior, "senior", &at, d)?;
                    let staff = require(i.staff, "staff", &at, d)?;
                    Some(RawItem {
                        id: spans.located(id),
                        text,
                        weight: i.weight.unwrap_or(1),
                        concepts: spans.all(i.concepts),
                        mid,
                        senior,
                        staff,
                    })
                })
                .collect();
            Some(RawDimension { dimension: spans.located(dimension), weight, items })
        })
        .collect();
    let follow_ups = file
        .follow_ups
        .into_iter()
        .filter_map(|f| {
            let at = spans.at(f.span());
            let f = f.into_inner();
            Some((require(f.question, "question", &at, d)?, require(f.answer, "answer", &at, d)?))
        })
        .collect();
    let lld = file.lld.and_then(|l| {
        let at = spans.at(l.span());
        let l = l.into_inner();
        let concurrency = require(l.concurrency, "concurrency", &at, d)?;
        let class_diagram = require(l.class_diagram, "class_diagram", &at, d)?;
        Some(RawLld {
            entities: l.entities.into_iter().map(|e| (e.name, e.responsibility)).collect(),
            relationships: l.relationships,
            patterns: l.patterns.into_iter().map(|p| (spans.located(p.pattern), p.why)).collect(),
            methods: l.methods,
            concurrency,
            class_diagram,
            at,
        })
    });
    Some(RawProblem {
        id: spans.located(id?),
        stem: stem.to_owned(),
        title: title?,
        kind: spans.located(kind?),
        difficulty: spans.located(difficulty?),
        tags: file.tags,
        topics: spans.all(topics?),
        prompt: prompt?,
        facts,
        inputs,
        estimates,
        rubric,
        solution: solution?,
        follow_ups,
        pitfalls: file.pitfalls,
        lld,
        file: path.to_owned(),
        at,
    })
}

pub(crate) fn parse_numbers(
    text: &str,
    lines: &LineIndex<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawNumber> {
    let Some(file) = parse_toml::<NumbersFile>(text, 0, lines, diagnostics) else { return Vec::new() };
    let spans = Spans { lines, offset: 0 };
    file.number
        .into_iter()
        .filter_map(|n| {
            let at = spans.at(n.span());
            let n = n.into_inner();
            let id = require(n.id, "id", &at, diagnostics)?;
            let name = require(n.name, "name", &at, diagnostics)?;
            let category = require(n.category, "category", &at, diagnostics)?;
            let value = require(n.value, "value", &at, diagnostics)?;
            let source = require(n.source, "source", &at, diagnostics)?;
            Some(RawNumber {
                id: spans.located(id),
                name,
                category,
                expr: spans.located(value),
                source,
                note: n.note,
            })
        })
        .collect()
}
