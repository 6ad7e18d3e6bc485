//! The glossary: every concept of the ontology by area, with its other names and the topics
//! that teach it.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::{Nav, page};
use crate::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/glossary", get(glossary))
}

#[derive(Serialize)]
struct Glossary {
    title: &'static str,
    nav: Nav,
    areas: Vec<AreaConcepts>,
    count: usize,
}

#[derive(Serialize)]
struct AreaConcepts {
    id: String,
    title: String,
    concepts: Vec<ConceptEntry>,
}

#[derive(Serialize)]
struct ConceptEntry {
    id: String,
    name: String,
    aliases: Vec<String>,
    definition: String,
    taught_in: Vec<(String, String)>,
    related: Vec<(String, String)>,
}

async fn glossary(State(state): State<AppState>) -> Response {
    let corpus = state.corpus();
    let areas: Vec<AreaConcepts> = corpus
        .areas()
        .iter()
        .map(|area| {
            let mut concepts: Vec<ConceptEntry> = corpus
                .concepts()
                .iter()
                .filter(|c| c.area == area.id)
                .map(|c| ConceptEntry {
                    id: c.id.to_string(),
                    name: c.name.clone(),
                    aliases: c.aliases.clone(),
                    definition: c.definition.clone(),
                    taught_in: corpus
                        .topics_teaching(c.id.as_str())
                        .map(|t| (t.id.to_string(), t.title.clone()))
                        .collect(),
                    related: c
                        .related
                        .iter()
                        .filter_map(|r| corpus.concept(r.as_str()))
                        .map(|r| (r.id.to_string(), r.name.clone()))
                        .collect(),
                })
                .collect();
            concepts.sort_by_key(|c| c.name.to_lowercase());
            AreaConcepts { id: area.id.to_string(), title: area.title.clone(), concepts }
        })
        .filter(|a| !a.concepts.is_empty())
        .collect();
    let count = corpus.concepts().len();
    page(&state, "glossary.html", Glossary { title: "Glossary", nav: Nav::at("glossary"), areas, count })
        .into_response()
}
