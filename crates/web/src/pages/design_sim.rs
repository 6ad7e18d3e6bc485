//! The design lab's simulate panel: runs the design in the editor through a scenario (the default
//! one when none is written) and answers with the summary tables and the four charts, failure
//! windows shaded. Runs are bounded so one click cannot occupy the server for minutes.

use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use serde::{Deserialize, Serialize};
use sim::scenario::{self, Overrides};

use crate::AppState;
use crate::templates;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/design/simulate", post(simulate))
        .route("/design/simulate/default", post(default_scenario))
        .route("/design/simulate/preset", post(preset_scenario))
}

/// Calls between components one web run may make: about two seconds of the engine's time. A
/// default scenario is shortened to fit; a scenario the learner wrote gets told to shorten itself.
const CALL_BUDGET: f64 = 15e6;
/// The default run's length, before the budget shortens it.
const DEFAULT_DURATION: f64 = 60.0;
const MAX_TEXT: usize = 256 * 1024;

#[derive(Deserialize)]
struct SimForm {
    text: String,
    #[serde(default)]
    problem: Option<String>,
    #[serde(default)]
    scenario: String,
    #[serde(default)]
    duration: String,
    #[serde(default)]
    seed: String,
    #[serde(default)]
    preset: String,
}

#[derive(Serialize, Default)]
struct SimView {
    problem: Option<String>,
    diagnostics: Vec<(u32, String)>,
    ran_default: bool,
    /// How the page names a scenario sdcoach wrote: the default, or a preset.
    generated: String,
    /// The scenario is the design's own `scenario` section (its lines are the editor's).
    from_design: bool,
    scenario: String,
    note: Option<String>,
    duration: String,
    seed: u64,
    elapsed_note: String,
    failures: Vec<(String, String, String)>,
    flows: Vec<FlowRow>,
    components: Vec<ComponentRow>,
    charts: Vec<minijinja::Value>,
}

#[derive(Serialize)]
struct FlowRow {
    name: String,
    requests: String,
    served: String,
    errors: String,
    dropped: String,
    retries: String,
    in_flight: String,
    p50: String,
    p99: String,
    mean: String,
    bad: bool,
}

#[derive(Serialize)]
struct ComponentRow {
    id: String,
    kind: &'static str,
    utilization: String,
    analytic: String,
    wait_p99: String,
    queue_max: String,
    dropped: String,
    errors: String,
    lag_p99: String,
}

async fn default_scenario(State(state): State<AppState>, Form(mut form): Form<SimForm>) -> Response {
    form.preset = "default".into();
    preset_scenario(State(state), Form(form)).await
}

/// A preset written for the design in the editor, to load into the scenario box and edit; a
/// preset that does not fit the design (no cache to flush) answers 422 with the reason.
async fn preset_scenario(State(state): State<AppState>, Form(form): Form<SimForm>) -> Response {
    if form.text.len() > MAX_TEXT {
        let why = "the design is too long for the lab; use `sdcoach design sim --preset`";
        return (axum::http::StatusCode::PAYLOAD_TOO_LARGE, why).into_response();
    }
    let corpus = state.corpus();
    let names = super::design_lab::names(corpus, form.problem.as_deref());
    let parsed = design::parse_with(&form.text, &names);
    let duration =
        scenario::fitted_duration(&parsed.design, form.preset.trim(), DEFAULT_DURATION, CALL_BUDGET);
    match scenario::preset_text(form.preset.trim(), &parsed.design, duration) {
        Ok(text) => text.into_response(),
        Err(why) => (axum::http::StatusCode::UNPROCESSABLE_ENTITY, why).into_response(),
    }
}

async fn simulate(State(state): State<AppState>, Form(form): Form<SimForm>) -> Response {
    let view = tokio::task::spawn_blocking(move || run(&state, form)).await;
    match view {
        Ok((state, view)) => Html(
            templates::render(
                state.templates(),
                "design_sim.html",
                minijinja::context! { s => minijinja::Value::from(minijinja::value::Serde(&view)) },
            )
            .unwrap_or_else(|e| format!("<p class=\"empty\">The simulation could not be shown: {e:?}</p>")),
        )
        .into_response(),
        Err(_) => {
            Html("<p class=\"empty\">The simulation stopped unexpectedly; try a shorter run.</p>".to_owned())
                .into_response()
        }
    }
}

fn run(state: &AppState, form: SimForm) -> (AppState, SimView) {
    let mut view = SimView { problem: form.problem.clone(), ..SimView::default() };
    let fail = |mut view: SimView, line: u32, message: String| {
        view.diagnostics.push((line, message));
        view
    };
    if form.text.len() > MAX_TEXT || form.scenario.len() > MAX_TEXT {
        return (
            state.clone(),
            fail(
                view,
                0,
                "the design or the scenario is too long for the lab; use `sdcoach design sim`".into(),
            ),
        );
    }
    let corpus = state.corpus();
    let names = super::design_lab::names(corpus, form.problem.as_deref());
    let parsed = design::parse_with(&form.text, &names);
    if parsed.has_errors() {
        return (
            state.clone(),
            fail(view, 0, "the design has errors (see the analysis); fix them, then simulate".into()),
        );
    }
    let design = &parsed.design;
    let duration = match form.duration.trim() {
        "" => None,
        text => match estimate::calc(text) {
            Ok(a) if a.quantity.dims == estimate::Dims::TIME && a.quantity.value > 0.0 => {
                Some(a.quantity.value)
            }
            _ => {
                return (
                    state.clone(),
                    fail(view, 0, format!("`{text}` is not a duration; write one such as 30s or 2min")),
                );
            }
        },
    };
    let seed = match form.seed.trim() {
        "" => None,
        text => match text.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                return (
                    state.clone(),
                    fail(view, 0, format!("`{text}` is not a seed; write a whole number")),
                );
            }
        },
    };
    // An empty box runs the preset picked beside it; with the picker left on the default, the
    // design's own scenario section comes first.
    let preset = match form.preset.trim() {
        "" => "default",
        picked => picked,
    };
    let own_scenario =
        parsed.scenario_text().filter(|_| form.scenario.trim().is_empty() && preset == "default");
    view.from_design = own_scenario.is_some();
    view.ran_default = form.scenario.trim().is_empty() && !view.from_design;
    view.generated = match scenario::PRESETS.iter().find(|p| p.id == preset) {
        Some(p) if p.id != "default" => format!("The preset “{}”", p.title),
        _ => "The default scenario".to_owned(),
    };
    let scenario_text = if let Some(text) = own_scenario {
        text
    } else if view.ran_default {
        let wanted = duration.unwrap_or(DEFAULT_DURATION);
        let fitted = scenario::fitted_duration(design, preset, wanted, CALL_BUDGET);
        if fitted < wanted {
            view.note = Some(format!(
                "This design makes about {} calls a second, so the lab runs {} of it; `sdcoach design sim` runs any length.",
                count(probe_calls(design) / wanted),
                seconds(fitted)
            ));
        }
        match scenario::preset_text(preset, design, fitted) {
            Ok(text) => text,
            Err(why) => {
                return (state.clone(), fail(view, 0, format!("this preset does not fit the design: {why}")));
            }
        }
    } else {
        form.scenario.clone()
    };
    // The fitted default already has its duration; only a written scenario takes the field's.
    let overrides = Overrides { duration: if view.ran_default { None } else { duration }, seed };
    let parsed_scenario = scenario::parse(&scenario_text, design, &names, overrides);
    view.scenario = scenario_text.clone();
    view.diagnostics = parsed_scenario
        .diagnostics
        .iter()
        .map(|d| {
            let help = d.help.as_deref().map(|h| format!(" — {h}")).unwrap_or_default();
            (d.line, format!("{}{help}", d.message))
        })
        .collect();
    if parsed_scenario.has_errors() {
        return (state.clone(), view);
    }
    let scenario = &parsed_scenario.scenario;
    let calls = scenario.expected_calls(design);
    if calls > CALL_BUDGET {
        let shorter = scenario.duration * CALL_BUDGET / calls;
        let message = format!(
            "this run would make about {} calls between components, more than the lab runs at once; set its duration to {} or less, or use `sdcoach design sim`",
            count(calls),
            seconds(shorter)
        );
        return (state.clone(), fail(view, 0, message));
    }
    let started = std::time::Instant::now();
    let report = sim::simulate(design, scenario, &mut |_| {});
    view.elapsed_note = format!(
        "{} simulated in {:.2} s, {} events",
        seconds(report.duration),
        started.elapsed().as_secs_f64(),
        count(report.events as f64)
    );
    view.duration = seconds(report.duration);
    view.seed = report.seed;
    let analysis = design::analyze(design);
    fill(&mut view, &report, &analysis);
    (state.clone(), view)
}

fn probe_calls(design: &design::Design) -> f64 {
    scenario::empty(design, Overrides { duration: Some(DEFAULT_DURATION), seed: None }).expected_calls(design)
}

fn fill(view: &mut SimView, report: &sim::Report, analysis: &design::Report) {
    view.failures =
        report.failures.iter().map(|w| (w.label.clone(), seconds(w.start), seconds(w.end))).collect();
    view.flows = report
        .flows
        .iter()
        .map(|f| FlowRow {
            name: f.name.clone(),
            requests: thousands(f.requests),
            served: thousands(f.served),
            errors: thousands(f.errors),
            dropped: thousands(f.dropped),
            retries: thousands(f.retries),
            in_flight: thousands(f.in_flight),
            p50: latency(f.p50, f.served),
            p99: latency(f.p99, f.served),
            mean: latency(f.mean, f.served),
            bad: f.errors + f.dropped > 0,
        })
        .collect();
    let mut comps: Vec<&sim::ComponentSummary> =
        report.components.iter().filter(|c| c.arrivals > 0 && !c.kind.is_outside()).collect();
    comps.sort_by(|a, b| b.utilization.total_cmp(&a.utilization));
    view.components = comps
        .into_iter()
        .take(12)
        .map(|c| {
            let analytic = analysis.components.iter().find(|a| a.id == c.id).map(|a| a.utilization_avg);
            ComponentRow {
                id: c.id.clone(),
                kind: c.kind.as_str(),
                utilization: format!("{:.0} %", c.utilization * 100.0),
                analytic: analytic.map_or_else(String::new, |u| format!("{:.0} %", u * 100.0)),
                wait_p99: latency(c.wait_p99, c.served),
                queue_max: thousands(c.queue_depth_max),
                dropped: thousands(c.dropped + c.limited),
                errors: thousands(c.errors),
                lag_p99: c.lag_p99.map_or_else(String::new, seconds),
            }
        })
        .collect();
    view.charts =
        sim::chart::all(report).into_iter().map(|(_, svg)| minijinja::Value::from_safe_string(svg)).collect();
}

fn seconds(s: f64) -> String {
    estimate::Quantity::new(s, estimate::Dims::TIME).show()
}

fn latency(s: f64, measured: u64) -> String {
    if measured == 0 { "—".into() } else { seconds(s) }
}

/// A large count as `15M`.
fn count(n: f64) -> String {
    estimate::format_number(n)
}

/// `2507227` as `2,507,227`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(2_507_227), "2,507,227");
    }
}
