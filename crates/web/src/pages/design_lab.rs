//! The design lab: an editor for a design and, beside it, updated as the learner types, the
//! diagram, the analysis and the findings, with diagnostics pointing at lines. The work stays in
//! the browser (local storage) and can be downloaded and opened again as a `.sd` file.

use std::collections::BTreeMap;

use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::{Nav, page};
use crate::AppState;
use crate::templates;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/design", get(lab))
        .route("/design/analyze", post(analyze))
        .route("/design/format", post(format))
}

/// The longest design the lab analyses; a keystroke's work stays bounded.
const MAX_DESIGN_BYTES: usize = 256 * 1024;

const STARTER: &str = "\
# A design: components, flows and objectives. Edit me.
design \"My design\"
web: client
lb: lb replicas 2 zone a b
api: service replicas 3 zone a b
cache: redis replicas 2 hit 90% eviction lru zone a b
db: postgres replicas 1 shards 4 zone a b

flow read: 2K/s peak 3 read response 2 KB
  web -> lb -> api -> cache -> db
flow write: 200/s peak 3 write request 1 KB stores 1 KB
  web -> lb -> api -> db

objective read: availability 99.95% p99 100 ms
";

#[derive(Deserialize)]
struct LabQuery {
    #[serde(default)]
    problem: Option<String>,
}

#[derive(Serialize)]
struct LabPage {
    title: String,
    nav: Nav,
    problem: Option<(String, String)>,
    initial: String,
    storage_key: String,
    problems: Vec<(String, String)>,
    result: minijinja::Value,
    /// The simulator's ready-made scenarios: id and title.
    presets: Vec<(&'static str, &'static str)>,
}

async fn lab(State(state): State<AppState>, Query(q): Query<LabQuery>) -> Response {
    let corpus = state.corpus();
    let problem = q.problem.as_deref().and_then(|id| corpus.problem(id));
    let initial = problem.and_then(|p| p.design.clone()).unwrap_or_else(|| STARTER.to_owned());
    let result = render_result(&state, &initial, problem.map(|p| p.id.as_str()));
    let problems = corpus
        .problems()
        .iter()
        .filter(|p| p.design.is_some())
        .map(|p| (p.id.to_string(), p.title.clone()))
        .collect();
    page(
        &state,
        "design_lab.html",
        LabPage {
            title: problem.map_or_else(|| "Design lab".to_owned(), |p| format!("Design lab: {}", p.title)),
            nav: Nav::at("design"),
            storage_key: format!("sdcoach-design:{}", problem.map_or("scratch", |p| p.id.as_str())),
            problem: problem.map(|p| (p.id.to_string(), p.title.clone())),
            initial,
            problems,
            result: minijinja::Value::from_safe_string(result),
            presets: sim::scenario::PRESETS.iter().map(|p| (p.id, p.title)).collect(),
        },
    )
    .into_response()
}

#[derive(Deserialize)]
struct DesignForm {
    text: String,
    #[serde(default)]
    problem: Option<String>,
}

async fn analyze(State(state): State<AppState>, Form(form): Form<DesignForm>) -> Response {
    Html(render_result(&state, &form.text, form.problem.as_deref())).into_response()
}

/// The canonical text, or the text unchanged when a line does not read (the lab shows why).
async fn format(Form(form): Form<DesignForm>) -> Response {
    let (lines, diagnostics) = design::syntax::parse(&form.text);
    if diagnostics.is_empty() { design::syntax_format(&lines) } else { form.text }.into_response()
}

#[derive(Serialize)]
struct ResultView {
    too_long: bool,
    diagnostics: Vec<DiagnosticView>,
    has_errors: bool,
    svg: Option<minijinja::Value>,
    components: Vec<ComponentView>,
    flows: Vec<FlowView>,
    findings: Vec<FindingView>,
    storage: String,
    bandwidth_in: String,
    bandwidth_out: String,
    monthly_cost: String,
}

#[derive(Serialize)]
struct DiagnosticView {
    line: u32,
    col: u32,
    error: bool,
    message: String,
    help: Option<String>,
}

#[derive(Serialize)]
struct ComponentView {
    id: String,
    kind: &'static str,
    instances: u32,
    peak: String,
    util: String,
    level: &'static str,
    needed: u32,
    availability: String,
    spof: bool,
}

#[derive(Serialize)]
struct FlowView {
    name: String,
    rate: String,
    peak: String,
    p50: String,
    p99: String,
    availability: String,
}

#[derive(Serialize)]
struct FindingView {
    rule: &'static str,
    severity: &'static str,
    message: String,
    line: u32,
    help: &'static str,
}

fn render_result(state: &AppState, text: &str, problem: Option<&str>) -> String {
    let view = result_view(state, text, problem);
    templates::render(
        state.templates(),
        "design_result.html",
        minijinja::context! { r => minijinja::Value::from(minijinja::value::Serde(&view)) },
    )
    .unwrap_or_else(|e| format!("<p class=\"empty\">The analysis could not be shown: {e:?}</p>"))
}

fn result_view(state: &AppState, text: &str, problem: Option<&str>) -> ResultView {
    let mut view = ResultView {
        too_long: false,
        diagnostics: Vec::new(),
        has_errors: false,
        svg: None,
        components: Vec::new(),
        flows: Vec::new(),
        findings: Vec::new(),
        storage: String::new(),
        bandwidth_in: String::new(),
        bandwidth_out: String::new(),
        monthly_cost: String::new(),
    };
    if text.len() > MAX_DESIGN_BYTES {
        view.too_long = true;
        return view;
    }
    let corpus = state.corpus();
    let names = names(corpus, problem);
    let parsed = design::parse_with(text, &names);
    view.has_errors = parsed.has_errors();
    view.diagnostics = parsed
        .diagnostics
        .iter()
        .map(|d| DiagnosticView {
            line: d.line,
            col: d.col,
            error: d.severity == design::Severity::Error,
            message: d.message.clone(),
            help: d.help.clone(),
        })
        .collect();
    // A design with errors still draws what could be read; its numbers would mislead, so the
    // tables wait for the errors to be fixed.
    let (report, findings) = design::check(&parsed.design);
    view.svg = Some(minijinja::Value::from_safe_string(design::svg(&parsed.design, &report)));
    if view.has_errors {
        return view;
    }
    let target = parsed.design.target_utilization;
    let mut comps: Vec<&design::ComponentReport> =
        report.components.iter().filter(|c| c.used && !c.kind.is_outside()).collect();
    comps.sort_by(|a, b| b.utilization_peak.total_cmp(&a.utilization_peak));
    view.components = comps
        .into_iter()
        .map(|c| ComponentView {
            id: c.id.clone(),
            kind: c.kind.as_str(),
            instances: c.instances,
            peak: rate(c.peak_reads + c.peak_writes),
            util: format!("{:.0} %", c.utilization_peak * 100.0),
            level: if c.utilization_peak >= 1.0 {
                "over"
            } else if c.utilization_peak > target {
                "high"
            } else {
                "ok"
            },
            needed: c.needed_instances,
            availability: design::rules::percent(c.availability),
            spof: c.spof,
        })
        .collect();
    view.flows = report
        .flows
        .iter()
        .map(|f| FlowView {
            name: f.name.clone(),
            rate: rate(f.rate),
            peak: rate(f.peak_rate),
            p50: design::rules::ms(f.p50),
            p99: design::rules::ms(f.p99),
            availability: design::rules::percent(f.availability),
        })
        .collect();
    view.findings = findings
        .into_iter()
        .map(|f| FindingView {
            rule: f.rule,
            severity: f.severity.as_str(),
            message: f.message,
            line: f.line,
            help: f.help,
        })
        .collect();
    view.storage = unit(report.storage, estimate::Dims::BYTES);
    view.bandwidth_in = unit(report.bandwidth_in, estimate::Dims::BANDWIDTH);
    view.bandwidth_out = unit(report.bandwidth_out, estimate::Dims::BANDWIDTH);
    view.monthly_cost = format!("${}", estimate::format_number(report.monthly_cost));
    view
}

fn rate(per_second: f64) -> String {
    unit(per_second, estimate::Dims::RATE)
}

fn unit(value: f64, dims: estimate::Dims) -> String {
    estimate::Quantity::new(value, dims).show()
}

/// The names a design in the lab may use: the numbers to know, and a problem's inputs and
/// estimates when the lab holds that problem's design.
pub(crate) fn names(corpus: &content::Corpus, problem: Option<&str>) -> BTreeMap<String, estimate::Quantity> {
    match problem.and_then(|id| corpus.problem(id)) {
        Some(p) => p.names(corpus.numbers()),
        None => corpus.numbers().iter().map(|n| (n.id.clone(), n.value)).collect(),
    }
}
