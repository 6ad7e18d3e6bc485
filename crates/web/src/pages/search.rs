//! Search: a full results page, and the fragment the search box fetches as the user types.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use search::{Hit, Kind};
use serde::{Deserialize, Serialize};

use super::{Nav, page};
use crate::AppState;
use crate::templates;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/search", get(search_page)).route("/search/results", get(results_fragment))
}

/// The longest query accepted; anything longer is cut, so one request's work stays bounded.
const MAX_QUERY_CHARS: usize = 200;
const PAGE_RESULTS: usize = 50;
const LIVE_RESULTS: usize = 8;

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    /// `page` asks the fragment endpoint for the full results list of the search page rather
    /// than the short list under the header's search box.
    #[serde(default)]
    mode: Option<String>,
}

#[derive(Serialize)]
struct SearchPage {
    title: String,
    nav: Nav,
    q: String,
    results: Results,
}

#[derive(Serialize)]
struct Results {
    q: String,
    hits: Vec<HitView>,
    corrected: Option<String>,
    live: bool,
}

#[derive(Serialize)]
struct HitView {
    kind: &'static str,
    id: String,
    title: String,
    snippet: String,
    href: String,
    context: Option<String>,
}

fn run(state: &AppState, q: &str, limit: usize, live: bool) -> Results {
    let q: String = q.chars().take(MAX_QUERY_CHARS).collect();
    let results = state.index().search(&q, limit);
    let corpus = state.corpus();
    let hits = results
        .hits
        .iter()
        .map(|h| HitView {
            kind: h.kind.as_str(),
            id: h.id.clone(),
            title: h.title.clone(),
            snippet: h.snippet.clone(),
            href: href(h),
            context: h.parent.as_deref().and_then(|p| match h.kind {
                Kind::Card => corpus.topic(p).map(|t| t.title.clone()),
                _ => corpus.area(p).map(|a| a.title.clone()),
            }),
        })
        .collect();
    Results { corrected: results.corrected_query(&q), q, hits, live }
}

/// Where a result opens: its page, or the card or concept on the page that holds it.
fn href(hit: &Hit) -> String {
    match hit.kind {
        Kind::Topic => format!("/topics/{}", hit.id),
        Kind::Problem => format!("/problems/{}", hit.id),
        Kind::Concept => format!("/glossary#{}", hit.id),
        Kind::Card => format!("/topics/{}#card-{}", hit.parent.as_deref().unwrap_or_default(), hit.id),
    }
}

async fn search_page(State(state): State<AppState>, Query(query): Query<SearchQuery>) -> Response {
    let results = run(&state, &query.q, PAGE_RESULTS, false);
    let title = if results.q.trim().is_empty() {
        "Search".to_owned()
    } else {
        format!("{} — search", results.q.trim())
    };
    page(&state, "search.html", SearchPage { title, nav: Nav::at("search"), q: results.q.clone(), results })
        .into_response()
}

async fn results_fragment(State(state): State<AppState>, Query(query): Query<SearchQuery>) -> Response {
    let results = match query.mode.as_deref() {
        Some("page") => run(&state, &query.q, PAGE_RESULTS, false),
        _ => run(&state, &query.q, LIVE_RESULTS, true),
    };
    match templates::render(
        state.templates(),
        "search_results.html",
        minijinja::context! { results => minijinja::Value::from(minijinja::value::Serde(&results)) },
    ) {
        Ok(html) => Html(html).into_response(),
        Err(e) => e.into_response(),
    }
}
