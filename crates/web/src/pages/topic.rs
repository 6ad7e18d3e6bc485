//! A topic page: the body, its flashcards, its concepts, and where to go next.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::{Nav, Suggestion, TopicLink, not_found_page, page};
use crate::AppState;
use crate::markdown::{Section, card_html};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/topics/{id}", get(topic))
}

#[derive(Serialize)]
struct TopicPage {
    title: String,
    nav: Nav,
    id: String,
    summary: String,
    area_id: String,
    area_title: String,
    body: minijinja::Value,
    sections: Vec<Section>,
    concepts: Vec<ConceptChip>,
    cards: Vec<CardView>,
    related: Vec<TopicLink>,
    problems: Vec<(String, String, &'static str, &'static str)>,
    previous: Option<TopicLink>,
    next: Option<TopicLink>,
}

#[derive(Serialize)]
struct ConceptChip {
    id: String,
    name: String,
    definition: String,
}

#[derive(Serialize)]
struct CardView {
    id: String,
    question: minijinja::Value,
    answer: minijinja::Value,
}

async fn topic(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let corpus = state.corpus();
    let (Some(topic), Some(rendered)) = (corpus.topic(&id), state.topic_html(&id)) else {
        return missing_topic(&state, &id);
    };
    let area = corpus.area(topic.area.as_str());
    let siblings: Vec<_> = corpus.topics_in(&topic.area).collect();
    let position = siblings.iter().position(|t| t.id == topic.id).unwrap_or(0);
    let neighbour = |i: Option<usize>| i.and_then(|i| siblings.get(i)).map(|t| TopicLink::of(&state, t));
    let context = TopicPage {
        title: topic.title.clone(),
        nav: Nav::at("learn"),
        id: topic.id.to_string(),
        summary: topic.summary.clone(),
        area_id: topic.area.to_string(),
        area_title: area.map_or_else(|| topic.area.to_string(), |a| a.title.clone()),
        body: minijinja::Value::from_safe_string(rendered.html.clone()),
        sections: rendered.sections.clone(),
        concepts: topic
            .concepts
            .iter()
            .filter_map(|c| corpus.concept(c.as_str()))
            .map(|c| ConceptChip {
                id: c.id.to_string(),
                name: c.name.clone(),
                definition: c.definition.clone(),
            })
            .collect(),
        cards: corpus
            .cards_of(&id)
            .map(|c| CardView {
                id: c.id.to_string(),
                question: minijinja::Value::from_safe_string(card_html(&c.question, corpus)),
                answer: minijinja::Value::from_safe_string(card_html(&c.answer, corpus)),
            })
            .collect(),
        related: topic
            .related
            .iter()
            .filter_map(|r| corpus.topic(r.as_str()))
            .map(|t| TopicLink::of(&state, t))
            .collect(),
        problems: corpus
            .problems_using(&id)
            .map(|p| (p.id.to_string(), p.title.clone(), p.kind.as_str(), p.difficulty.as_str()))
            .collect(),
        previous: neighbour(position.checked_sub(1)),
        next: neighbour(Some(position + 1)),
    };
    page(&state, "topic.html", context).into_response()
}

/// A 404 that offers the closest topic ids and, failing those, what search finds for the words.
fn missing_topic(state: &AppState, id: &str) -> Response {
    let corpus = state.corpus();
    let mut suggestions: Vec<Suggestion> =
        suggest::closest(id, corpus.topics().iter().map(|t| t.id.as_str()))
            .into_iter()
            .filter_map(|s| corpus.topic(s))
            .map(|t| Suggestion { href: format!("/topics/{}", t.id), title: t.title.clone() })
            .collect();
    if suggestions.is_empty() {
        let words = id.replace('-', " ");
        suggestions = state
            .index()
            .search(&words, 5)
            .hits
            .into_iter()
            .filter(|h| h.kind == search::Kind::Topic)
            .map(|h| Suggestion { href: format!("/topics/{}", h.id), title: h.title })
            .collect();
    }
    not_found_page(state, &format!("the topic “{id}”"), suggestions)
}
