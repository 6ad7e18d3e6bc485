//! The problem bank: a filterable list, and a problem page that keeps every spoiler folded
//! until the learner opens it.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use content::{Difficulty, Problem, ProblemKind};
use serde::{Deserialize, Serialize};

use super::{Nav, Suggestion, not_found_page, page};
use crate::AppState;
use crate::markdown::card_html;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/problems", get(list)).route("/problems/{id}", get(show))
}

#[derive(Deserialize, Default)]
struct Filters {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    difficulty: String,
    #[serde(default)]
    tag: String,
}

#[derive(Serialize)]
struct ProblemRow {
    id: String,
    title: String,
    kind: &'static str,
    difficulty: &'static str,
    tags: Vec<String>,
}

#[derive(Serialize)]
struct ListPage {
    title: &'static str,
    nav: Nav,
    problems: Vec<ProblemRow>,
    total: usize,
    kind: String,
    difficulty: String,
    tag: String,
    tags: Vec<String>,
}

async fn list(State(state): State<AppState>, Query(filters): Query<Filters>) -> Response {
    let corpus = state.corpus();
    let kind = ProblemKind::parse(&filters.kind);
    let difficulty = Difficulty::parse(&filters.difficulty);
    let tag = filters.tag.trim().to_lowercase();
    let problems: Vec<ProblemRow> = corpus
        .problems()
        .iter()
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .filter(|p| difficulty.is_none_or(|d| p.difficulty == d))
        .filter(|p| tag.is_empty() || p.tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)))
        .map(|p| ProblemRow {
            id: p.id.to_string(),
            title: p.title.clone(),
            kind: p.kind.as_str(),
            difficulty: p.difficulty.as_str(),
            tags: p.tags.clone(),
        })
        .collect();
    let mut tags: Vec<String> = corpus.problems().iter().flat_map(|p| p.tags.iter().cloned()).collect();
    tags.sort();
    tags.dedup();
    page(
        &state,
        "problems.html",
        ListPage {
            title: "Problems",
            nav: Nav::at("problems"),
            total: corpus.problems().len(),
            problems,
            kind: kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            difficulty: difficulty.map(|d| d.as_str().to_owned()).unwrap_or_default(),
            tag,
            tags,
        },
    )
    .into_response()
}

#[derive(Serialize)]
struct ProblemPage {
    title: String,
    nav: Nav,
    id: String,
    kind: &'static str,
    difficulty: &'static str,
    tags: Vec<String>,
    prompt: minijinja::Value,
    facts: Vec<FactView>,
    inputs: Vec<(String, String, String)>,
    estimates: Vec<(String, String, String)>,
    rubric: Vec<DimensionView>,
    solution: minijinja::Value,
    follow_ups: Vec<(minijinja::Value, minijinja::Value)>,
    pitfalls: Vec<minijinja::Value>,
    lld: Option<LldView>,
    topics: Vec<(String, String)>,
    has_design: bool,
    kata: Option<(String, usize)>,
}

#[derive(Serialize)]
struct FactView {
    topic: String,
    questions: Vec<String>,
    answer: minijinja::Value,
}

#[derive(Serialize)]
struct DimensionView {
    title: &'static str,
    weight: u32,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
struct ItemView {
    text: String,
    weight: u32,
    concepts: Vec<(String, String)>,
    mid: String,
    senior: String,
    staff: String,
}

#[derive(Serialize)]
struct LldView {
    entities: Vec<(String, String)>,
    relationships: Vec<String>,
    patterns: Vec<(String, String, String)>,
    methods: Vec<String>,
    concurrency: minijinja::Value,
    diagram: Option<minijinja::Value>,
    mermaid: String,
}

async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let corpus = state.corpus();
    let Some(p) = corpus.problem(&id) else {
        let suggestions = suggest::closest(&id, corpus.problems().iter().map(|p| p.id.as_str()))
            .into_iter()
            .filter_map(|s| corpus.problem(s))
            .map(|p| Suggestion { href: format!("/problems/{}", p.id), title: p.title.clone() })
            .collect();
        return not_found_page(&state, &format!("the problem “{id}”"), suggestions);
    };
    let md = |text: &str| minijinja::Value::from_safe_string(card_html(text, corpus));
    let context = ProblemPage {
        title: p.title.clone(),
        nav: Nav::at("problems"),
        id: p.id.to_string(),
        kind: p.kind.as_str(),
        difficulty: p.difficulty.as_str(),
        tags: p.tags.clone(),
        prompt: md(&p.prompt),
        facts: p
            .facts
            .iter()
            .map(|f| FactView {
                topic: f.topic.clone(),
                questions: f.questions.clone(),
                answer: md(&f.answer),
            })
            .collect(),
        inputs: p.inputs.iter().map(|i| (i.label.clone(), i.expr.clone(), i.name.clone())).collect(),
        estimates: p
            .estimates
            .iter()
            .map(|e| (e.label.clone(), e.answer.display(), e.expr.clone()))
            .collect(),
        rubric: rubric(p, corpus),
        solution: minijinja::Value::from_safe_string(crate::markdown::to_html(&p.solution, corpus).html),
        follow_ups: p.follow_ups.iter().map(|f| (md(&f.question), md(&f.answer))).collect(),
        pitfalls: p.pitfalls.iter().map(|x| md(x)).collect(),
        lld: p.lld.as_ref().map(|l| LldView {
            entities: l.entities.clone(),
            relationships: l.relationships.clone(),
            patterns: l
                .patterns
                .iter()
                .map(|(t, why)| {
                    (
                        t.to_string(),
                        corpus.topic(t.as_str()).map_or_else(|| t.to_string(), |x| x.title.clone()),
                        why.clone(),
                    )
                })
                .collect(),
            methods: l.methods.clone(),
            concurrency: md(&l.concurrency),
            diagram: state
                .class_diagram(p.id.as_str())
                .map(|svg| minijinja::Value::from_safe_string(svg.to_owned())),
            mermaid: l.class_diagram.trim().to_owned(),
        }),
        topics: p
            .topics
            .iter()
            .filter_map(|t| corpus.topic(t.as_str()))
            .map(|t| (t.id.to_string(), t.title.clone()))
            .collect(),
        has_design: p.design.is_some(),
        kata: corpus.kata_for(p.id.as_str()).map(|k| (k.id.clone(), k.scenarios.len())),
    };
    page(&state, "problem.html", context).into_response()
}

fn rubric(p: &Problem, corpus: &content::Corpus) -> Vec<DimensionView> {
    p.rubric
        .iter()
        .map(|d| DimensionView {
            title: d.dimension.title(),
            weight: d.weight,
            items: d
                .items
                .iter()
                .map(|i| ItemView {
                    text: i.text.clone(),
                    weight: i.weight,
                    concepts: i
                        .concepts
                        .iter()
                        .map(|c| {
                            (
                                c.to_string(),
                                corpus.concept(c.as_str()).map_or_else(|| c.to_string(), |x| x.name.clone()),
                            )
                        })
                        .collect(),
                    mid: i.mid.clone(),
                    senior: i.senior.clone(),
                    staff: i.staff.clone(),
                })
                .collect(),
        })
        .collect()
}
