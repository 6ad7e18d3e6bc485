//! Katas in the browser: the list, and a page per kata with its statement, protocol, examples,
//! starter files to download and how to run the harness locally (the harness runs programs, so
//! it stays in the CLI).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::{Nav, Suggestion, not_found_page, page};
use crate::AppState;
use crate::markdown::card_html;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/katas", get(list))
        .route("/katas/{id}", get(show))
        .route("/katas/{id}/starter/{lang}/{*file}", get(starter_file))
}

#[derive(Serialize)]
struct KataRow {
    id: String,
    title: String,
    problem: String,
    difficulty: &'static str,
    summary: String,
    scenarios: usize,
}

#[derive(Serialize)]
struct ListPage {
    title: &'static str,
    nav: Nav,
    katas: Vec<KataRow>,
}

async fn list(State(state): State<AppState>) -> Response {
    let katas = state
        .corpus()
        .katas()
        .iter()
        .map(|k| KataRow {
            id: k.id.clone(),
            title: k.title.clone(),
            problem: k.problem.to_string(),
            difficulty: k.difficulty.as_str(),
            summary: k.summary.clone(),
            scenarios: k.scenarios.len(),
        })
        .collect();
    page(&state, "katas.html", ListPage { title: "Katas", nav: Nav::at("katas"), katas }).into_response()
}

#[derive(Serialize)]
struct KataPage {
    title: String,
    nav: Nav,
    id: String,
    difficulty: &'static str,
    problem: (String, String),
    statement: minijinja::Value,
    commands: Vec<(String, String, minijinja::Value)>,
    examples: Vec<(String, String)>,
    hidden: usize,
    starters: Vec<StarterView>,
}

#[derive(Serialize)]
struct StarterView {
    lang: &'static str,
    files: Vec<&'static str>,
    build: Option<String>,
    run: String,
}

async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let corpus = state.corpus();
    let Some(k) = corpus.kata(&id) else {
        let suggestions = suggest::closest(&id, corpus.katas().iter().map(|k| k.id.as_str()))
            .into_iter()
            .filter_map(|s| corpus.kata(s))
            .map(|k| Suggestion { href: format!("/katas/{}", k.id), title: k.title.clone() })
            .collect();
        return not_found_page(&state, &format!("the kata “{id}”"), suggestions);
    };
    let problem_title = corpus.problem(k.problem.as_str()).map_or_else(String::new, |p| p.title.clone());
    let commands: Vec<&str> = k.commands.iter().map(|c| c.usage.as_str()).collect();
    let info = kata::starter::KataInfo { id: &k.id, title: &k.title, commands: &commands };
    let starters = kata::starter::LANGUAGES
        .iter()
        .filter_map(|lang| {
            let files = kata::starter::files(&info, lang)?;
            Some(StarterView {
                lang,
                files: files.iter().map(|f| f.path).collect(),
                build: kata::starter::build_command(lang, &k.id),
                run: kata::starter::run_command(lang, &k.id)?,
            })
        })
        .collect();
    let context = KataPage {
        title: format!("Kata: {}", k.title),
        nav: Nav::at("katas"),
        id: k.id.clone(),
        difficulty: k.difficulty.as_str(),
        problem: (k.problem.to_string(), problem_title),
        statement: minijinja::Value::from_safe_string(card_html(&k.statement, corpus)),
        commands: k
            .commands
            .iter()
            .map(|c| {
                (
                    c.usage.clone(),
                    c.reply.clone(),
                    minijinja::Value::from_safe_string(card_html(&c.meaning, corpus)),
                )
            })
            .collect(),
        examples: k.examples().map(|s| (s.name.clone(), s.text.trim_end().to_owned())).collect(),
        hidden: k.scenarios.len() - k.examples().count(),
        starters,
    };
    page(&state, "kata.html", context).into_response()
}

/// One starter file as a download, named as it must be saved.
async fn starter_file(
    State(state): State<AppState>,
    Path((id, lang, file)): Path<(String, String, String)>,
) -> Response {
    let corpus = state.corpus();
    let found = corpus.kata(&id).and_then(|k| {
        let commands: Vec<&str> = k.commands.iter().map(|c| c.usage.as_str()).collect();
        let info = kata::starter::KataInfo { id: &k.id, title: &k.title, commands: &commands };
        kata::starter::files(&info, &lang)?.into_iter().find(|f| f.path == file)
    });
    let Some(f) = found else {
        return not_found_page(&state, &format!("the starter file “{file}” for {lang}"), Vec::new());
    };
    let name = f.path.rsplit('/').next().unwrap_or(f.path);
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        f.text,
    )
        .into_response()
}
