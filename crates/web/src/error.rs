//! Errors a handler returns: a page for the user with a message when it is their mistake, a
//! plain page when it is ours (the cause goes to the log, never to the browser).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::templates::escape;

#[derive(Debug)]
pub enum AppError {
    /// 404 with what was not found and, when there is one, what was probably meant.
    NotFound { what: String, suggestions: Vec<(String, String)> },
    /// 500; the message is logged, not shown.
    Internal(String),
}

impl AppError {
    pub(crate) fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            // Handlers render their own 404 pages through `pages::not_found_page`; this
            // fallback covers one that could not.
            AppError::NotFound { what, .. } => (
                StatusCode::NOT_FOUND,
                Html(format!(
                    "<!doctype html><title>Not found</title><p>{} was not found.</p>",
                    escape(&what)
                )),
            )
                .into_response(),
            AppError::Internal(cause) => {
                eprintln!("sdcoach web: internal error: {cause}");
                (StatusCode::INTERNAL_SERVER_ERROR, Html("<!doctype html><title>Error</title><p>Something went wrong on our side. The details are in the server log.</p>"))
                    .into_response()
            }
        }
    }
}
