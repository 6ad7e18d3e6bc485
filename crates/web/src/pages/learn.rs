//! The curriculum: every area with the outline of its topics, and one page per area.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use content::Area;
use serde::Serialize;

use super::{Nav, Suggestion, TopicLink, not_found_page, page};
use crate::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/learn", get(curriculum)).route("/learn/{area}", get(area))
}

#[derive(Serialize)]
struct AreaOutline {
    id: String,
    title: String,
    summary: String,
    topics: Vec<TopicLink>,
    cards: usize,
}

fn outline(state: &AppState, area: &Area) -> AreaOutline {
    let topics: Vec<TopicLink> =
        state.corpus().topics_in(&area.id).map(|t| TopicLink::of(state, t)).collect();
    AreaOutline {
        id: area.id.to_string(),
        title: area.title.clone(),
        summary: area.summary.clone(),
        cards: topics.iter().map(|t| t.cards).sum(),
        topics,
    }
}

#[derive(Serialize)]
struct Curriculum {
    title: &'static str,
    nav: Nav,
    areas: Vec<AreaOutline>,
}

async fn curriculum(State(state): State<AppState>) -> Response {
    let areas = state.corpus().areas().iter().map(|a| outline(&state, a)).collect();
    page(&state, "learn.html", Curriculum { title: "Curriculum", nav: Nav::at("learn"), areas })
        .into_response()
}

#[derive(Serialize)]
struct AreaPage {
    title: String,
    nav: Nav,
    area: AreaOutline,
    concepts: Vec<ConceptLink>,
}

#[derive(Serialize)]
struct ConceptLink {
    id: String,
    name: String,
}

async fn area(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let corpus = state.corpus();
    let Some(area) = corpus.area(&id) else {
        let suggestions = suggest::closest(&id, corpus.areas().iter().map(|a| a.id.as_str()))
            .into_iter()
            .filter_map(|s| corpus.area(s))
            .map(|a| Suggestion { href: format!("/learn/{}", a.id), title: a.title.clone() })
            .collect();
        return not_found_page(&state, &format!("the area “{id}”"), suggestions);
    };
    let mut concepts: Vec<ConceptLink> = corpus
        .concepts()
        .iter()
        .filter(|c| c.area == area.id)
        .map(|c| ConceptLink { id: c.id.to_string(), name: c.name.clone() })
        .collect();
    concepts.sort_by_key(|c| c.name.to_lowercase());
    let area = outline(&state, area);
    page(&state, "area.html", AreaPage { title: area.title.clone(), nav: Nav::at("learn"), area, concepts })
        .into_response()
}
