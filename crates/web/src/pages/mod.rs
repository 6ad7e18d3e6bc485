//! Every page of the app. A page is a module with a `routes()` function and a template; this
//! module merges their routes and holds what pages share: the layout's context and views of
//! content values.

mod design_lab;
mod design_sim;
mod drills;
mod glossary;
mod home;
mod katas;
mod learn;
mod problems;
mod search;
mod topic;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use content::Topic;
use serde::Serialize;

use crate::AppState;
use crate::error::AppError;
use crate::templates;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(home::routes())
        .merge(learn::routes())
        .merge(topic::routes())
        .merge(problems::routes())
        .merge(search::routes())
        .merge(glossary::routes())
        .merge(drills::routes())
        .merge(design_lab::routes())
        .merge(design_sim::routes())
        .merge(katas::routes())
}

/// Renders a full page: the template extends `base.html`, which reads `title`, `nav` and `q`.
pub(crate) fn page(
    state: &AppState,
    template: &str,
    context: impl Serialize,
) -> Result<Html<String>, AppError> {
    templates::render(state.templates(), template, context).map(Html)
}

/// The layout's navigation; `current` is highlighted.
#[derive(Serialize)]
pub(crate) struct Nav {
    current: &'static str,
}

impl Nav {
    pub fn at(current: &'static str) -> Self {
        Self { current }
    }
}

/// A topic as lists show it.
#[derive(Serialize)]
pub(crate) struct TopicLink {
    id: String,
    title: String,
    summary: String,
    cards: usize,
}

impl TopicLink {
    pub fn of(state: &AppState, topic: &Topic) -> Self {
        Self {
            id: topic.id.to_string(),
            title: topic.title.clone(),
            summary: topic.summary.clone(),
            cards: state.corpus().cards_of(topic.id.as_str()).count(),
        }
    }
}

#[derive(Serialize)]
struct NotFoundPage {
    title: String,
    nav: Nav,
    what: String,
    suggestions: Vec<Suggestion>,
}

#[derive(Serialize)]
pub(crate) struct Suggestion {
    pub href: String,
    pub title: String,
}

/// A 404 page that says what was missing and offers what was probably meant.
pub(crate) fn not_found_page(state: &AppState, what: &str, suggestions: Vec<Suggestion>) -> Response {
    let context =
        NotFoundPage { title: "Not found".into(), nav: Nav::at(""), what: what.to_owned(), suggestions };
    match page(state, "not_found.html", context) {
        Ok(html) => (StatusCode::NOT_FOUND, html).into_response(),
        Err(e) => e.into_response(),
    }
}

pub(crate) async fn not_found(State(state): State<AppState>, uri: Uri) -> Response {
    not_found_page(&state, &format!("the page {}", uri.path()), Vec::new())
}
