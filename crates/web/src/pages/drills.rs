//! Drills on the web: the estimation drill and the numbers quiz. Stateless: the seed and the
//! answers travel in the query string, so a drill can be repeated or shared by its URL.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use content::ProblemKind;
use drill::Question;
use serde::Serialize;

use super::{Nav, page};
use crate::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/drills", get(index))
        .route("/drills/estimate", get(estimate))
        .route("/drills/numbers", get(numbers))
}

#[derive(Serialize)]
struct Index {
    title: &'static str,
    nav: Nav,
    problems: Vec<(String, String)>,
    numbers: usize,
}

async fn index(State(state): State<AppState>) -> Response {
    let corpus = state.corpus();
    let problems = drillable(corpus).map(|p| (p.id.to_string(), p.title.clone())).collect();
    page(
        &state,
        "drills.html",
        Index { title: "Drills", nav: Nav::at("drills"), problems, numbers: corpus.numbers().len() },
    )
    .into_response()
}

fn drillable(corpus: &content::Corpus) -> impl Iterator<Item = &content::Problem> {
    corpus.problems().iter().filter(|p| p.kind == ProblemKind::Hld && !p.estimates.is_empty())
}

#[derive(Serialize)]
struct DrillPage {
    title: String,
    nav: Nav,
    mode: &'static str,
    heading: String,
    seed: u64,
    problem: String,
    problems: Vec<(String, String)>,
    inputs: Vec<(String, String)>,
    questions: Vec<QuestionView>,
    answered: bool,
    score: String,
    out_of: usize,
    next_seed: u64,
    count: usize,
    message: Option<String>,
}

#[derive(Serialize)]
struct QuestionView {
    field: String,
    prompt: String,
    unit: String,
    answer: String,
    result: Option<ResultView>,
}

#[derive(Serialize)]
struct ResultView {
    points: f64,
    mark: &'static str,
    verdict: String,
    expected: String,
    steps: Vec<(String, String, String)>,
    source: Option<String>,
}

/// Seeds are read from the query or drawn from the clock; drills themselves never read it.
fn seed_from(params: &HashMap<String, String>) -> u64 {
    params.get("seed").and_then(|s| s.trim().parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() % 100_000)
    })
}

fn questions(qs: &[Question], params: &HashMap<String, String>) -> (Vec<QuestionView>, bool, f64) {
    let answered = qs.iter().enumerate().any(|(i, _)| params.contains_key(&format!("a{i}")));
    let mut total = 0.0;
    let views = qs
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let field = format!("a{i}");
            let answer = params.get(&field).cloned().unwrap_or_default();
            let result = answered.then(|| {
                let s = drill::score(&answer, q.expected, q.unit_factor);
                total += s.points;
                ResultView {
                    points: s.points,
                    mark: if s.points >= 1.0 {
                        "full"
                    } else if s.points > 0.0 {
                        "partial"
                    } else {
                        "miss"
                    },
                    verdict: s.verdict,
                    expected: q.display.clone(),
                    steps: q
                        .steps
                        .iter()
                        .map(|st| (st.label.clone(), st.formula.clone(), st.result.clone()))
                        .collect(),
                    source: q.source.clone(),
                }
            });
            QuestionView { field, prompt: q.prompt.clone(), unit: q.unit.clone(), answer, result }
        })
        .collect();
    (views, answered, total)
}

async fn estimate(State(state): State<AppState>, Query(params): Query<HashMap<String, String>>) -> Response {
    let corpus = state.corpus();
    let seed = seed_from(&params);
    let problems: Vec<&content::Problem> = drillable(corpus).collect();
    let listed = problems.iter().map(|p| (p.id.to_string(), p.title.clone())).collect();
    let chosen = params
        .get("problem")
        .and_then(|id| problems.iter().find(|p| p.id.as_str() == id))
        .or_else(|| problems.get((seed % problems.len().max(1) as u64) as usize));
    let Some(problem) = chosen else {
        return empty(&state, "estimate", "No problem has estimates to drill yet.");
    };
    let Some(d) = drill::estimate_drill(problem, corpus.numbers(), seed) else {
        return empty(&state, "estimate", "This problem has no estimates to drill.");
    };
    let (questions, answered, total) = questions(&d.questions, &params);
    page(
        &state,
        "drill.html",
        DrillPage {
            title: format!("Estimation drill: {}", d.title),
            nav: Nav::at("drills"),
            mode: "estimate",
            heading: d.title.clone(),
            seed,
            problem: d.problem.clone(),
            problems: listed,
            inputs: d.inputs.clone(),
            out_of: questions.len(),
            questions,
            answered,
            score: format!("{total:.1}"),
            next_seed: seed.wrapping_add(1),
            count: 0,
            message: None,
        },
    )
    .into_response()
}

async fn numbers(State(state): State<AppState>, Query(params): Query<HashMap<String, String>>) -> Response {
    let corpus = state.corpus();
    if corpus.numbers().is_empty() {
        return empty(&state, "numbers", "There are no numbers to know in this content yet.");
    }
    let seed = seed_from(&params);
    let count = params.get("count").and_then(|c| c.parse().ok()).unwrap_or(8usize).clamp(1, 30);
    let quiz = drill::numbers_quiz(corpus.numbers(), count, seed);
    let (questions, answered, total) = questions(&quiz.questions, &params);
    page(
        &state,
        "drill.html",
        DrillPage {
            title: "Numbers to know".into(),
            nav: Nav::at("drills"),
            mode: "numbers",
            heading: "Numbers to know".into(),
            seed,
            problem: String::new(),
            problems: Vec::new(),
            inputs: Vec::new(),
            out_of: questions.len(),
            questions,
            answered,
            score: format!("{total:.1}"),
            next_seed: seed.wrapping_add(1),
            count,
            message: None,
        },
    )
    .into_response()
}

fn empty(state: &AppState, mode: &'static str, message: &str) -> Response {
    page(
        state,
        "drill.html",
        DrillPage {
            title: "Drills".into(),
            nav: Nav::at("drills"),
            mode,
            heading: "Drills".into(),
            seed: 0,
            problem: String::new(),
            problems: Vec::new(),
            inputs: Vec::new(),
            questions: Vec::new(),
            answered: false,
            score: String::new(),
            out_of: 0,
            next_seed: 1,
            count: 0,
            message: Some(message.to_owned()),
        },
    )
    .into_response()
}
