//! The resolved design: components with every number filled in (from the design or the
//! catalogue), flows with their paths as edges between component indices, and objectives.
//! Values are calculator expressions, so a reference design can use its problem's estimates by
//! name (`flow redirect: read_qps peak peak_factor`).

use std::collections::{BTreeMap, HashMap};

use estimate::{Dims, Names, Quantity};

use crate::catalogue::Kind;
use crate::diagnostic::Diagnostic;
use crate::syntax::{self, Arrow, Attr, Line, Statement, Word};

#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    pub title: Option<String>,
    /// Planning horizon for storage growth, in seconds.
    pub horizon: f64,
    /// Utilisation each component should stay under at peak.
    pub target_utilization: f64,
    /// Network latency added per synchronous hop between servers, in seconds.
    pub hop_latency: f64,
    /// Price of a GB sent to the internet.
    pub egress_cost_per_gb: f64,
    pub components: Vec<Component>,
    pub flows: Vec<Flow>,
    pub objectives: Vec<Objective>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub id: String,
    pub kind: Kind,
    pub line: u32,
    /// Instances per shard. For databases: the primary plus its read replicas.
    pub instances: u32,
    pub shards: u32,
    pub service_time: f64,
    pub concurrency: f64,
    pub write_capacity: Option<f64>,
    pub availability: f64,
    pub monthly_cost: f64,
    pub hit_ratio: Option<f64>,
    pub memory: Option<f64>,
    pub working_set: Option<f64>,
    pub eviction: Option<String>,
    pub disk: Option<f64>,
    pub zones: Vec<String>,
    pub stateful: bool,
    pub rate_limit: bool,
    pub dlq: bool,
    /// Attributes the design set itself, as opposed to catalogue defaults.
    pub explicit: Vec<String>,
}

impl Component {
    /// Requests per second one instance sustains (reads, for databases).
    pub fn capacity(&self) -> f64 {
        self.concurrency / self.service_time
    }

    pub fn total_instances(&self) -> u32 {
        self.instances * self.shards
    }

    pub fn is_set(&self, attr: &str) -> bool {
        self.explicit.iter().any(|a| a == attr)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Read,
    Write,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// From a cache: only misses continue (the default).
    Miss,
    /// From a cache: only hits continue.
    Hit,
    /// Every request continues.
    All,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub sync: bool,
    /// Share of the caller's requests that take this edge.
    pub share: f64,
    /// Calls made per request on this edge (fan-out).
    pub fanout: f64,
    pub route: Route,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub name: String,
    pub line: u32,
    /// Average requests per second entering the flow.
    pub rate: f64,
    pub peak_factor: f64,
    pub op: Op,
    pub request_bytes: f64,
    pub response_bytes: f64,
    /// Bytes each request adds to storage, and for how long they are kept.
    pub stores_bytes: f64,
    pub retain: Option<f64>,
    pub edges: Vec<Edge>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    /// `None` for `objective all`.
    pub flow: Option<String>,
    pub line: u32,
    pub availability: Option<f64>,
    pub p50: Option<f64>,
    pub p99: Option<f64>,
}

/// Defaults a design gets when it does not say.
const DEFAULT_PAYLOAD: f64 = 1_000.0;
const YEAR: f64 = 365.0 * 86_400.0;

pub fn resolve(lines: &[Line], names: &dyn Names, diagnostics: &mut Vec<Diagnostic>) -> Design {
    let mut design = Design {
        title: None,
        horizon: YEAR,
        target_utilization: 0.7,
        hop_latency: 0.0005,
        egress_cost_per_gb: 0.09,
        components: Vec::new(),
        flows: Vec::new(),
        objectives: Vec::new(),
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    // Components first: paths may name a component declared further down.
    for l in lines {
        if let Statement::Component { id, kind, attrs } = &l.statement
            && let Some(c) = component(id, kind, attrs, l.line, names, diagnostics)
        {
            if let Some(&first) = index.get(&c.id) {
                diagnostics.push(
                    Diagnostic::error(
                        id,
                        format!(
                            "component `{}` is already declared on line {}",
                            c.id, design.components[first].line
                        ),
                    )
                    .with_help("give each component its own id"),
                );
                continue;
            }
            index.insert(c.id.clone(), design.components.len());
            design.components.push(c);
        }
    }
    let mut current_flow: Option<usize> = None;
    for l in lines {
        match &l.statement {
            Statement::Title(t) => design.title = Some(t.text.clone()),
            Statement::Setting { key, value } => setting(&mut design, key, value, names, diagnostics),
            Statement::Flow { name, rate, attrs } => {
                if design.flows.iter().any(|f| f.name == name.text) {
                    diagnostics.push(
                        Diagnostic::error(name, format!("flow `{}` is already declared", name.text))
                            .with_help("give each flow its own name"),
                    );
                    current_flow = None;
                    continue;
                }
                current_flow = flow(name, rate, attrs, l.line, names, diagnostics).map(|f| {
                    design.flows.push(f);
                    design.flows.len() - 1
                });
            }
            Statement::Path { nodes, arrows, attrs } => {
                let Some(f) = current_flow else {
                    diagnostics.push(
                        Diagnostic::error(&nodes[0], "this path belongs to no flow")
                            .with_help("write paths under a `flow name: rate` line"),
                    );
                    continue;
                };
                path(&mut design, f, &index, nodes, arrows, attrs, l.line, names, diagnostics);
            }
            Statement::Objective { flow, attrs } => {
                let target = if flow.text == "all" { None } else { Some(flow.text.clone()) };
                if let Some(name) = &target
                    && !design.flows.iter().any(|f| &f.name == name)
                    && !lines
                        .iter()
                        .any(|x| matches!(&x.statement, Statement::Flow { name: n, .. } if n.text == *name))
                {
                    let names: Vec<&str> = design.flows.iter().map(|f| f.name.as_str()).collect();
                    let mut d = Diagnostic::error(flow, format!("objective for unknown flow `{name}`"));
                    d = match suggest::closest(name, names.iter().copied()).first() {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help("name a declared flow, or `all`"),
                    };
                    diagnostics.push(d);
                    continue;
                }
                let mut o =
                    Objective { flow: target, line: l.line, availability: None, p50: None, p99: None };
                for a in attrs {
                    match a.key.text.as_str() {
                        "availability" => o.availability = fraction(a, names, diagnostics),
                        "p50" => o.p50 = value_of(a, Dims::TIME, names, diagnostics),
                        "p99" | "mean" => o.p99 = value_of(a, Dims::TIME, names, diagnostics),
                        _ => {}
                    }
                }
                design.objectives.push(o);
            }
            Statement::Component { .. } | Statement::Comment(_) | Statement::Scenario(_) => {}
        }
    }
    for (i, f) in design.flows.iter().enumerate() {
        if f.edges.is_empty() {
            diagnostics.push(Diagnostic {
                severity: crate::diagnostic::Severity::Warning,
                line: f.line,
                col: 1,
                message: format!("flow `{}` has no path, so it loads no component", f.name),
                help: Some("add a line such as `client -> api` under the flow".into()),
            });
        }
        if let Some(cycle_line) = cycle(&design.flows[i]) {
            diagnostics.push(Diagnostic {
                severity: crate::diagnostic::Severity::Error,
                line: cycle_line,
                col: 1,
                message: format!("flow `{}` goes round in a cycle", f.name),
                help: Some("a request's path must not come back to a component it already passed".into()),
            });
        }
    }
    design
}

fn setting(
    design: &mut Design,
    key: &Word,
    value: &[Word],
    names: &dyn Names,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let attr = Attr { key: key.clone(), value: value.to_vec() };
    match key.text.as_str() {
        "horizon" => {
            if let Some(v) = value_of(&attr, Dims::TIME, names, diagnostics) {
                design.horizon = v;
            }
        }
        "target_utilization" => {
            if let Some(v) = fraction(&attr, names, diagnostics) {
                design.target_utilization = v;
            }
        }
        "hop_latency" => {
            if let Some(v) = value_of(&attr, Dims::TIME, names, diagnostics) {
                design.hop_latency = v;
            }
        }
        "egress_cost" => {
            if let Some(v) = value_of(&attr, Dims([-1, 0, 1]), names, diagnostics) {
                design.egress_cost_per_gb = v * 1e9;
            }
        }
        _ => {
            let mut d = Diagnostic::error(key, format!("unknown setting `{}`", key.text));
            d = match suggest::closest(&key.text, syntax::SETTINGS.iter().copied()).first() {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("settings: {}", syntax::SETTINGS.join(", "))),
            };
            diagnostics.push(d);
        }
    }
}

fn component(
    id: &Word,
    kind: &Word,
    attrs: &[Attr],
    line: u32,
    names: &dyn Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Component> {
    if !is_id(&id.text) {
        diagnostics.push(
            Diagnostic::error(id, format!("`{}` is not a component id", id.text))
                .with_help("ids are a letter followed by letters, digits, `_` or `-`: `api`, `user-db`"),
        );
        return None;
    }
    let Some(k) = Kind::parse(&kind.text) else {
        let mut d = Diagnostic::error(kind, format!("unknown component kind `{}`", kind.text));
        d = match suggest::closest(&kind.text, Kind::all_names()).first() {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "kinds: {}",
                Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
            )),
        };
        diagnostics.push(d);
        return None;
    };
    let defaults = k.defaults();
    let mut c = Component {
        id: id.text.clone(),
        kind: k,
        line,
        instances: 1,
        shards: 1,
        service_time: defaults.service_time,
        concurrency: defaults.concurrency,
        write_capacity: defaults.write_capacity,
        availability: defaults.availability,
        monthly_cost: defaults.monthly_cost,
        hit_ratio: defaults.hit_ratio,
        memory: defaults.memory,
        working_set: None,
        eviction: None,
        disk: defaults.disk,
        zones: Vec::new(),
        stateful: false,
        rate_limit: false,
        dlq: false,
        explicit: Vec::new(),
    };
    let mut capacity: Option<f64> = None;
    for a in attrs {
        let key = a.key.text.as_str();
        c.explicit.push(key.to_owned());
        match key {
            "replicas" => {
                if let Some(n) = count(a, names, diagnostics) {
                    // A database's replicas are read replicas beside its primary.
                    c.instances = if k.is_database() { n + 1 } else { n };
                }
            }
            "shards" => c.shards = count(a, names, diagnostics).unwrap_or(1),
            "capacity" => capacity = value_of(a, Dims::RATE, names, diagnostics),
            "write_capacity" => {
                c.write_capacity = value_of(a, Dims::RATE, names, diagnostics).or(c.write_capacity)
            }
            "latency" => {
                if let Some(v) = value_of(a, Dims::TIME, names, diagnostics)
                    && v > 0.0
                {
                    c.service_time = v;
                }
            }
            "concurrency" => {
                if let Some(n) = count(a, names, diagnostics) {
                    c.concurrency = f64::from(n);
                }
            }
            "hit" => c.hit_ratio = fraction(a, names, diagnostics).or(c.hit_ratio),
            "memory" => c.memory = value_of(a, Dims::BYTES, names, diagnostics).or(c.memory),
            "working_set" => c.working_set = value_of(a, Dims::BYTES, names, diagnostics),
            "disk" => c.disk = value_of(a, Dims::BYTES, names, diagnostics).or(c.disk),
            "eviction" => c.eviction = Some(a.value_text()),
            "zone" | "region" => {
                c.zones = a
                    .value
                    .iter()
                    .map(|w| w.text.trim_matches(',').to_owned())
                    .filter(|z| !z.is_empty())
                    .collect()
            }
            "availability" => c.availability = fraction(a, names, diagnostics).unwrap_or(c.availability),
            "cost" => {
                if let Some(v) = value_of(a, Dims([0, -1, 1]), names, diagnostics) {
                    c.monthly_cost = v * 365.0 * 86_400.0 / 12.0;
                }
            }
            "stateful" => c.stateful = true,
            "rate_limit" => c.rate_limit = true,
            "dlq" | "retries" => c.dlq = true,
            _ => {}
        }
    }
    // Capacity, service time and concurrency are tied by Little's law: capacity = concurrency /
    // service time. A design that gives capacity keeps its service time and adjusts concurrency.
    if let Some(cap) = capacity
        && cap > 0.0
    {
        c.concurrency = (cap * c.service_time).max(1e-9);
    }
    Some(c)
}

fn flow(
    name: &Word,
    rate: &[Word],
    attrs: &[Attr],
    line: u32,
    names: &dyn Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Flow> {
    if !is_id(&name.text) {
        diagnostics.push(
            Diagnostic::error(name, format!("`{}` is not a flow name", name.text))
                .with_help("use a word such as `redirect` or `post_photo`"),
        );
        return None;
    }
    if rate.is_empty() {
        diagnostics.push(
            Diagnostic::error(name, format!("flow `{}` needs a rate", name.text))
                .with_help("write `flow redirect: 116K/s`"),
        );
        return None;
    }
    let rate_attr = Attr { key: name.clone(), value: rate.to_vec() };
    let rate = value_of(&rate_attr, Dims::RATE, names, diagnostics)?;
    let mut f = Flow {
        name: name.text.clone(),
        line,
        rate,
        peak_factor: 1.0,
        op: Op::Read,
        request_bytes: DEFAULT_PAYLOAD,
        response_bytes: DEFAULT_PAYLOAD,
        stores_bytes: 0.0,
        retain: None,
        edges: Vec::new(),
    };
    for a in attrs {
        match a.key.text.as_str() {
            "peak" => {
                if let Some(p) = plain(a, names, diagnostics) {
                    f.peak_factor = p.max(1.0);
                }
            }
            "read" => f.op = Op::Read,
            "write" => f.op = Op::Write,
            "payload" => {
                if let Some(b) = value_of(a, Dims::BYTES, names, diagnostics) {
                    f.request_bytes = b;
                    f.response_bytes = b;
                }
            }
            "request" => {
                f.request_bytes = value_of(a, Dims::BYTES, names, diagnostics).unwrap_or(f.request_bytes)
            }
            "response" => {
                f.response_bytes = value_of(a, Dims::BYTES, names, diagnostics).unwrap_or(f.response_bytes)
            }
            "stores" => f.stores_bytes = value_of(a, Dims::BYTES, names, diagnostics).unwrap_or(0.0),
            "retain" => f.retain = value_of(a, Dims::TIME, names, diagnostics),
            _ => {}
        }
    }
    Some(f)
}

#[allow(clippy::too_many_arguments)]
fn path(
    design: &mut Design,
    flow: usize,
    index: &HashMap<String, usize>,
    nodes: &[Word],
    arrows: &[Arrow],
    attrs: &[Attr],
    line: u32,
    names: &dyn Names,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut ids = Vec::new();
    for n in nodes {
        match index.get(&n.text) {
            Some(&i) => ids.push(i),
            None => {
                let known: Vec<&str> = design.components.iter().map(|c| c.id.as_str()).collect();
                let mut d = Diagnostic::error(n, format!("unknown component `{}`", n.text));
                d = match suggest::closest(&n.text, known.iter().copied()).first() {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("declare it first: `{}: service`", n.text)),
                };
                diagnostics.push(d);
                return;
            }
        }
    }
    // Attributes apply to the last hop of the line.
    let mut share = 1.0;
    let mut fanout = 1.0;
    let mut route = None;
    for a in attrs {
        match a.key.text.as_str() {
            "share" => share = fraction(a, names, diagnostics).unwrap_or(1.0),
            "fanout" => fanout = plain(a, names, diagnostics).unwrap_or(1.0).max(0.0),
            "hit" => route = Some(Route::Hit),
            "miss" => route = Some(Route::Miss),
            _ => {}
        }
    }
    let last = arrows.len() - 1;
    for (i, arrow) in arrows.iter().enumerate() {
        let (from, to) = (ids[i], ids[i + 1]);
        let is_last = i == last;
        let from_caches = matches!(design.components[from].kind, Kind::Cache | Kind::Cdn);
        let edge = Edge {
            from,
            to,
            sync: *arrow == Arrow::Sync,
            share: if is_last { share } else { 1.0 },
            fanout: if is_last { fanout } else { 1.0 },
            route: match (route.filter(|_| is_last), from_caches) {
                (Some(r), true) => r,
                (Some(_), false) => Route::All,
                (None, true) => Route::Miss,
                (None, false) => Route::All,
            },
            line,
        };
        let f = &mut design.flows[flow];
        // The same hop written twice adds its shares: `api -> db 30%` twice is 60 %.
        if let Some(e) = f
            .edges
            .iter_mut()
            .find(|e| e.from == from && e.to == to && e.sync == edge.sync && e.route == edge.route)
        {
            if !is_last || share != 1.0 || fanout != 1.0 {
                e.share = (e.share + edge.share).min(1.0);
            }
        } else {
            f.edges.push(edge);
        }
    }
}

/// The line of an edge that closes a cycle, if the flow's edges have one.
fn cycle(flow: &Flow) -> Option<u32> {
    let mut adjacency: BTreeMap<usize, Vec<(usize, u32)>> = BTreeMap::new();
    for e in &flow.edges {
        adjacency.entry(e.from).or_default().push((e.to, e.line));
    }
    fn visit(
        v: usize,
        adj: &BTreeMap<usize, Vec<(usize, u32)>>,
        state: &mut HashMap<usize, u8>,
    ) -> Option<u32> {
        state.insert(v, 1);
        for &(w, line) in adj.get(&v).map_or(&[][..], |x| x.as_slice()) {
            match state.get(&w).copied().unwrap_or(0) {
                1 => return Some(line),
                0 => {
                    if let Some(l) = visit(w, adj, state) {
                        return Some(l);
                    }
                }
                _ => {}
            }
        }
        state.insert(v, 2);
        None
    }
    let mut state = HashMap::new();
    let starts: Vec<usize> = adjacency.keys().copied().collect();
    starts
        .into_iter()
        .find_map(|v| if state.contains_key(&v) { None } else { visit(v, &adjacency, &mut state) })
}

fn is_id(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Evaluates an attribute's value and checks its dimensions.
fn evaluate(a: &Attr, names: &dyn Names, diagnostics: &mut Vec<Diagnostic>) -> Option<Quantity> {
    let at = a.value.first().unwrap_or(&a.key);
    if a.value.is_empty() {
        diagnostics.push(
            Diagnostic::error(&a.key, format!("`{}` needs a value", a.key.text))
                .with_help(example(&a.key.text)),
        );
        return None;
    }
    let text = a.value_text();
    match estimate::evaluate(&text, names) {
        Ok(answer) => Some(answer.quantity),
        Err(p) => {
            let col = at.col + p.column(&text) as u32 - 1;
            let mut d = Diagnostic { col, ..Diagnostic::error(at, format!("`{text}`: {}", p.message)) };
            if let Some(help) = p.help {
                d = d.with_help(help);
            }
            diagnostics.push(d);
            None
        }
    }
}

fn value_of(a: &Attr, dims: Dims, names: &dyn Names, diagnostics: &mut Vec<Diagnostic>) -> Option<f64> {
    let q = evaluate(a, names, diagnostics)?;
    if q.dims != dims {
        let at = a.value.first().unwrap_or(&a.key);
        diagnostics.push(
            Diagnostic::error(
                at,
                format!(
                    "`{}` is {}, but `{}` takes {}",
                    a.value_text(),
                    q.dims.describe(),
                    a.key.text,
                    dims.describe()
                ),
            )
            .with_help(example(&a.key.text)),
        );
        return None;
    }
    if q.value < 0.0 {
        diagnostics.push(Diagnostic::error(
            a.value.first().unwrap_or(&a.key),
            format!("`{}` must not be negative", a.key.text),
        ));
        return None;
    }
    Some(q.value)
}

fn plain(a: &Attr, names: &dyn Names, diagnostics: &mut Vec<Diagnostic>) -> Option<f64> {
    value_of(a, Dims::NONE, names, diagnostics)
}

fn fraction(a: &Attr, names: &dyn Names, diagnostics: &mut Vec<Diagnostic>) -> Option<f64> {
    let v = plain(a, names, diagnostics)?;
    if v > 1.0 {
        diagnostics.push(
            Diagnostic::error(
                a.value.first().unwrap_or(&a.key),
                format!("`{}` must be at most 100 %", a.key.text),
            )
            .with_help("write a percentage such as `90%` or a fraction such as `0.9`"),
        );
        return None;
    }
    Some(v)
}

fn count(a: &Attr, names: &dyn Names, diagnostics: &mut Vec<Diagnostic>) -> Option<u32> {
    let v = plain(a, names, diagnostics)?;
    if v < 1.0 || v.fract() != 0.0 || v > 1e6 {
        diagnostics.push(
            Diagnostic::error(
                a.value.first().unwrap_or(&a.key),
                format!("`{}` must be a whole number from 1 up", a.key.text),
            )
            .with_help(format!("for example `{} 3`, or `ceil(...)` around an expression", a.key.text)),
        );
        return None;
    }
    Some(v as u32)
}

fn example(key: &str) -> String {
    let e = match key {
        "replicas" | "shards" | "concurrency" => "`replicas 3`",
        "capacity" | "write_capacity" => "`capacity 5K/s`",
        "latency" | "p50" | "p99" | "mean" | "retain" | "horizon" | "hop_latency" => "`latency 5 ms`",
        "hit" | "availability" | "share" | "target_utilization" => "`hit 90%`",
        "memory" | "working_set" | "disk" | "payload" | "request" | "response" | "stores" => "`memory 64 GB`",
        "cost" => "`cost $400/month`",
        "peak" | "fanout" => "`peak 3`",
        _ => "see `sdcoach design --help`",
    };
    format!("for example {e}")
}
