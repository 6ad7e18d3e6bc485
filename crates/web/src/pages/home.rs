//! The home page: what sdcoach is, and where to start.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use serde::Serialize;

use super::{Nav, TopicLink, page};
use crate::AppState;
use crate::error::AppError;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Serialize)]
struct Home {
    title: &'static str,
    nav: Nav,
    topics: usize,
    cards: usize,
    concepts: usize,
    problems: usize,
    hld: usize,
    lld: usize,
    katas: usize,
    start_here: Vec<TopicLink>,
    areas: Vec<AreaSummary>,
}

#[derive(Serialize)]
struct AreaSummary {
    id: String,
    title: String,
    summary: String,
    topics: usize,
}

/// The pages a newcomer should read first: the opening topics of the first areas taught.
const START_HERE: &[&str] = &[
    "scalability",
    "availability",
    "latency-throughput-percentiles",
    "load-balancers",
    "caching",
    "message-queues",
];

async fn home(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let corpus = state.corpus();
    let mut start_here: Vec<TopicLink> =
        START_HERE.iter().filter_map(|id| corpus.topic(id)).map(|t| TopicLink::of(&state, t)).collect();
    if start_here.is_empty() {
        start_here = corpus.topics().iter().take(6).map(|t| TopicLink::of(&state, t)).collect();
    }
    let areas = corpus
        .areas()
        .iter()
        .map(|a| AreaSummary {
            id: a.id.to_string(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            topics: corpus.topics_in(&a.id).count(),
        })
        .collect();
    page(
        &state,
        "home.html",
        Home {
            title: "sdcoach",
            nav: Nav::at("home"),
            topics: corpus.topics().len(),
            cards: corpus.cards().len(),
            concepts: corpus.concepts().len(),
            problems: corpus.problems().len(),
            hld: corpus.problems().iter().filter(|p| p.kind == content::ProblemKind::Hld).count(),
            lld: corpus.problems().iter().filter(|p| p.kind == content::ProblemKind::Lld).count(),
            katas: corpus.katas().len(),
            start_here,
            areas,
        },
    )
}
