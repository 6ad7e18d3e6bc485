//! The local web app. The only crate that knows HTTP and HTML.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it in process with
//! `tower::ServiceExt::oneshot` and no socket; [`serve`] runs it on a listener. Pages live in
//! `pages/`, one module per page, each with its own routes and template (see ARCHITECTURE.md,
//! "Adding a page").

mod assets;
mod error;
mod host;
mod markdown;
mod pages;
mod state;
mod templates;

use axum::Router;
use axum::middleware;

pub use error::AppError;
pub use host::HostPolicy;
pub use state::AppState;

/// The whole app: pages, assets, and the middleware that guards them.
pub fn app(state: AppState) -> Router {
    let policy = state.host_policy.clone();
    pages::routes()
        .merge(assets::routes())
        .fallback(pages::not_found)
        .with_state(state)
        .layer(middleware::from_fn(host::security_headers))
        .layer(middleware::from_fn_with_state(policy, host::check_host))
}

/// Serves the app on a bound listener until the process is interrupted (Ctrl-C).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
