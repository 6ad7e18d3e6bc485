//! The scenario language: what to run a design through. One statement per line, `#` starts a
//! comment; values are calculator expressions (`30s`, `2 min`, `5K/s`, `50%`). Reading never
//! fails: mistakes come back as diagnostics with line, column and help, beside a scenario that
//! uses everything that could be read.
//!
//! ```text
//! set duration 120s
//! set seed 7
//! load redirect 20K/s                      # or x2: twice the design's rate
//! spike all x3 at 40s for 10s
//! call db timeout 100 ms retries 2 backoff 10 ms breaker 50%
//! component api balance least-connections waiting 200
//! fail db instance 1 at 60s for 20s
//! flush cache at 90s recover 20s
//! ```

use design::syntax::Word;
use design::{Design, Diagnostic, Kind, Severity};
use estimate::{Dims, Names};

/// Everything a run needs besides the design, resolved against it: indices, not names.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Virtual seconds simulated.
    pub duration: f64,
    pub seed: u64,
    /// Width of one point of the time series, in seconds.
    pub interval: f64,
    /// Requests arriving before this are simulated but left out of the summary.
    pub warmup: f64,
    /// How long a balancer keeps sending to an instance that went down before it notices.
    pub detection: f64,
    /// One per design flow, in the design's order.
    pub flows: Vec<FlowLoad>,
    /// One per design component, in the design's order.
    pub components: Vec<ComponentSettings>,
    /// Client policies in the order written; see [`Scenario::policy`].
    pub calls: Vec<CallRule>,
    pub failures: Vec<Failure>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FlowLoad {
    /// Average requests per second before shapes apply.
    pub rate: f64,
    pub arrivals: Arrivals,
    /// Multipliers of the rate over time; several multiply.
    pub shapes: Vec<Shape>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrivals {
    /// Exponential gaps: independent clients.
    Poisson,
    /// Evenly spaced, at the current rate.
    Constant,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// `factor` times the rate during `[start, end)`.
    Spike { factor: f64, start: f64, end: f64 },
    /// From `from` to `to` times the rate, linearly over `[start, end]`; holds the end value after.
    Ramp { from: f64, to: f64, start: f64, end: f64 },
    /// Between `low` and `high` times the rate, a sinusoid starting at `low` and peaking at half
    /// the period.
    Diurnal { low: f64, high: f64, period: f64 },
}

impl Shape {
    pub fn factor_at(&self, t: f64) -> f64 {
        match *self {
            Shape::Spike { factor, start, end } => {
                if t >= start && t < end {
                    factor
                } else {
                    1.0
                }
            }
            Shape::Ramp { from, to, start, end } => {
                if t <= start {
                    from
                } else if t >= end {
                    to
                } else {
                    from + (to - from) * (t - start) / (end - start)
                }
            }
            Shape::Diurnal { low, high, period } => {
                low + (high - low) * (1.0 - (std::f64::consts::TAU * t / period).cos()) / 2.0
            }
        }
    }

    /// The largest factor the shape reaches.
    pub fn max_factor(&self) -> f64 {
        match *self {
            Shape::Spike { factor, .. } => factor.max(1.0),
            Shape::Ramp { from, to, .. } => from.max(to),
            Shape::Diurnal { low, high, .. } => low.max(high),
        }
    }
}

impl FlowLoad {
    /// Requests per second at time `t`.
    pub fn rate_at(&self, t: f64) -> f64 {
        self.shapes.iter().fold(self.rate, |r, s| r * s.factor_at(t))
    }

    /// An upper bound of [`FlowLoad::rate_at`] over the run, for thinning.
    pub fn max_rate(&self) -> f64 {
        self.shapes.iter().fold(self.rate, |r, s| r * s.max_factor())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Balance {
    RoundRobin,
    LeastConnections,
    Random,
}

impl Balance {
    pub const NAMES: &'static [&'static str] = &["round-robin", "least-connections", "random"];

    pub fn as_str(self) -> &'static str {
        match self {
            Balance::RoundRobin => "round-robin",
            Balance::LeastConnections => "least-connections",
            Balance::Random => "random",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ServiceDist {
    Exponential,
    /// With this coefficient of variation (standard deviation over mean).
    LogNormal {
        cv: f64,
    },
    Constant,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    /// Tokens added per second.
    pub rate: f64,
    /// Tokens the bucket holds: the burst it lets through at once.
    pub burst: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ComponentSettings {
    pub balance: Balance,
    /// Requests that may wait per instance; `None` is unbounded.
    pub waiting: Option<u32>,
    pub service: ServiceDist,
    pub limit: Option<Limit>,
}

/// Waiting room per instance when the scenario does not say.
pub const DEFAULT_WAITING: u32 = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    /// Sleep a uniform random time up to the backoff.
    Full,
    /// Half the backoff, plus a uniform random time up to the other half.
    Equal,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Breaker {
    /// Failure ratio over the window that opens the breaker.
    pub threshold: f64,
    /// Calls the ratio is computed over (the last ones).
    pub window: u32,
    /// How long it stays open before letting one trial call through.
    pub cooldown: f64,
}

/// How a caller calls a component: all `None` means "not said here".
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PolicyPatch {
    pub timeout: Option<f64>,
    pub retries: Option<u32>,
    pub backoff: Option<f64>,
    pub max_backoff: Option<f64>,
    pub jitter: Option<Jitter>,
    pub breaker: Option<Breaker>,
}

/// A resolved client policy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CallPolicy {
    /// Per attempt; infinite when there is none.
    pub timeout: f64,
    pub retries: u32,
    /// The first retry's backoff; each further retry doubles it, up to `max_backoff`.
    pub backoff: f64,
    pub max_backoff: f64,
    pub jitter: Jitter,
    pub breaker: Option<Breaker>,
}

impl CallPolicy {
    pub const NONE: CallPolicy = CallPolicy {
        timeout: f64::INFINITY,
        retries: 0,
        backoff: 0.01,
        max_backoff: 1.0,
        jitter: Jitter::Full,
        breaker: None,
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallTarget {
    All,
    Component(usize),
    /// Calls from one component to another (in any flow).
    Edge(usize, usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallRule {
    pub target: CallTarget,
    pub patch: PolicyPatch,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FailureKind {
    /// Every instance of the component is down.
    Component(usize),
    /// One instance (0-based, counted shard by shard) is down.
    Instance(usize, u32),
    /// Every instance placed in the zone is down.
    Zone(String),
    /// The component's service takes this many seconds longer.
    Latency(usize, f64),
    /// The cache loses its content and refills over `recover` seconds.
    Flush { component: usize, recover: f64 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub kind: FailureKind,
    pub start: f64,
    /// Infinite when it lasts to the end of the run.
    pub end: f64,
    pub line: u32,
}

impl Failure {
    /// A short label for tables and charts: `db down`, `zone a lost`.
    pub fn label(&self, design: &Design) -> String {
        let name = |i: usize| design.components.get(i).map_or("?", |c| c.id.as_str());
        match &self.kind {
            FailureKind::Component(c) => format!("{} down", name(*c)),
            FailureKind::Instance(c, i) => format!("{} instance {} down", name(*c), i + 1),
            FailureKind::Zone(z) => format!("zone {z} lost"),
            FailureKind::Latency(c, d) => format!("{} +{} ms", name(*c), trim(d * 1e3)),
            FailureKind::Flush { component, .. } => format!("{} flushed", name(*component)),
        }
    }
}

impl Scenario {
    /// About how many requests the run will simulate: each flow's rate integrated over the run
    /// (a thousand steps, enough to size a run before starting it).
    pub fn expected_requests(&self) -> f64 {
        (0..self.flows.len()).map(|f| self.expected_flow_requests(f)).sum()
    }

    fn expected_flow_requests(&self, f: usize) -> f64 {
        let steps = 1000;
        let dt = self.duration / f64::from(steps);
        let flow = &self.flows[f];
        (0..steps).map(|i| flow.rate_at((f64::from(i) + 0.5) * dt)).sum::<f64>() * dt
    }

    /// About how many calls between components the run will simulate, which is what its time
    /// depends on: a request of a flow that fans out to 200 shards is 200 calls. Counted from
    /// the analyzer's load on each hop.
    pub fn expected_calls(&self, design: &Design) -> f64 {
        let report = design::analyze(design);
        design
            .flows
            .iter()
            .enumerate()
            .map(|(f, flow)| {
                let hops: f64 = report.edges.iter().filter(|e| e.flow == f).map(|e| e.rate).sum();
                let per_request = if flow.rate > 0.0 { 1.0 + hops / flow.rate } else { 1.0 };
                self.expected_flow_requests(f) * per_request
            })
            .sum()
    }

    /// The policy for calls from `from` to `to`: the `all` rules, then the callee's, then the
    /// edge's, each field taken from the most specific rule that sets it (later lines win
    /// among equals).
    pub fn policy(&self, from: usize, to: usize) -> CallPolicy {
        let mut p = CallPolicy::NONE;
        for level in 0..3 {
            for rule in &self.calls {
                let applies = match rule.target {
                    CallTarget::All => level == 0,
                    CallTarget::Component(c) => level == 1 && c == to,
                    CallTarget::Edge(a, b) => level == 2 && a == from && b == to,
                };
                if !applies {
                    continue;
                }
                let r = &rule.patch;
                p.timeout = r.timeout.unwrap_or(p.timeout);
                p.retries = r.retries.unwrap_or(p.retries);
                p.backoff = r.backoff.unwrap_or(p.backoff);
                p.max_backoff = r.max_backoff.unwrap_or(p.max_backoff);
                p.jitter = r.jitter.unwrap_or(p.jitter);
                p.breaker = r.breaker.or(p.breaker);
            }
        }
        p
    }
}

/// A scenario read from text, and what was wrong with it.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub scenario: Scenario,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Settings given outside the file (the command line), which win over the file's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Overrides {
    pub duration: Option<f64>,
    pub seed: Option<u64>,
}

pub const DEFAULT_DURATION: f64 = 120.0;
pub const STATEMENTS: &[&str] =
    &["set", "load", "spike", "ramp", "diurnal", "component", "call", "fail", "slow", "flush"];
pub const SETTINGS: &[&str] = &["duration", "seed", "interval", "warmup", "detection", "arrivals"];
const COMPONENT_KEYS: &[&str] = &["balance", "waiting", "service", "cv", "limit", "burst"];
const CALL_KEYS: &[&str] =
    &["timeout", "retries", "backoff", "max_backoff", "jitter", "breaker", "window", "cooldown"];
const ARRIVALS: &[&str] = &["poisson", "constant"];
const SERVICES: &[&str] = &["exponential", "lognormal", "constant"];
const JITTERS: &[&str] = &["full", "equal", "none"];

/// Reads a scenario for `design`. Values may use `names` (the numbers to know, a problem's
/// estimates). Never fails: see [`Parsed::diagnostics`].
pub fn parse(src: &str, design: &Design, names: &dyn Names, overrides: Overrides) -> Parsed {
    let mut p = Parser { design, names, diagnostics: Vec::new() };
    let mut s = Scenario {
        duration: DEFAULT_DURATION,
        seed: 1,
        interval: 0.0,
        warmup: 0.0,
        detection: 0.0,
        flows: design
            .flows
            .iter()
            .map(|f| FlowLoad { rate: f.rate, arrivals: Arrivals::Poisson, shapes: Vec::new() })
            .collect(),
        components: Vec::new(),
        calls: Vec::new(),
        failures: Vec::new(),
    };
    let mut interval: Option<(f64, Word)> = None;
    let mut warmup_at: Option<Word> = None;
    let mut arrivals_default: Option<Arrivals> = None;
    let mut flow_arrivals: Vec<Option<Arrivals>> = vec![None; design.flows.len()];
    let mut component_patches: Vec<(Option<usize>, ComponentPatch)> = Vec::new();
    // Shapes wait until every line is read, so a warning can compare them with the duration.
    let mut timed: Vec<(f64, Word)> = Vec::new();

    for (i, raw) in src.lines().enumerate() {
        let line = i as u32 + 1;
        let words = words(raw, line);
        let Some(first) = words.first() else { continue };
        let rest = &words[1..];
        match first.text.as_str() {
            "set" => {
                let Some(key) = rest.first() else {
                    p.error(
                        first,
                        "`set` needs a setting and a value",
                        format!("settings: {}", SETTINGS.join(", ")),
                    );
                    continue;
                };
                let value = &rest[1..];
                match key.text.as_str() {
                    "duration" => {
                        if let Some(v) = p.positive_time(key, value) {
                            s.duration = v;
                        }
                    }
                    "seed" => {
                        if let Some(v) = p.seed(key, value) {
                            s.seed = v;
                        }
                    }
                    "interval" => {
                        if let Some(v) = p.positive_time(key, value) {
                            interval = Some((v, key.clone()));
                        }
                    }
                    "warmup" => {
                        if let Some(v) = p.time_at(key, value) {
                            s.warmup = v;
                            warmup_at = Some(key.clone());
                        }
                    }
                    "detection" => {
                        if let Some(v) = p.time_at(key, value) {
                            s.detection = v;
                        }
                    }
                    "arrivals" => {
                        if let Some(a) = p.choice(key, value, ARRIVALS) {
                            arrivals_default = Some(arrivals(a));
                        }
                    }
                    _ => p.unknown(key, "setting", SETTINGS),
                }
            }
            "load" | "spike" | "ramp" | "diurnal" => {
                let keys: &[&str] = match first.text.as_str() {
                    "load" => &[],
                    "spike" => &["at", "for"],
                    "ramp" => &["to", "at", "for"],
                    _ => &["to", "period"],
                };
                let flags: &[&str] = if first.text == "load" { ARRIVALS } else { &[] };
                let Some(target) = rest.first() else {
                    p.error(first, format!("`{}` needs a flow", first.text), example(&first.text));
                    continue;
                };
                let flows = p.flows(target);
                let (lead, attrs) = split(&rest[1..], keys, flags);
                p.stray_attributes(&attrs, keys, flags);
                let Some(flows) = flows else { continue };
                if first.text == "load" {
                    for a in &attrs {
                        for &f in &flows {
                            flow_arrivals[f] = Some(arrivals(&a.key.text));
                        }
                    }
                    if lead.is_empty() {
                        if attrs.is_empty() {
                            p.error(target, "`load` needs a rate or a multiple", example("load"));
                        }
                        continue;
                    }
                    if let Some((value, absolute)) = p.rate_or_factor(first, &lead) {
                        for &f in &flows {
                            s.flows[f].rate = if absolute { value } else { design.flows[f].rate * value };
                        }
                    }
                    continue;
                }
                let Some(shape) = p.shape(first, target, &lead, &attrs, &mut timed) else { continue };
                for &f in &flows {
                    s.flows[f].shapes.push(shape);
                }
            }
            "component" => {
                let Some(target) = rest.first() else {
                    p.error(first, "`component` needs a component id or `all`", example("component"));
                    continue;
                };
                let which = if target.text == "all" { Some(None) } else { p.component(target).map(Some) };
                let (lead, attrs) = split(&rest[1..], COMPONENT_KEYS, &[]);
                if let Some(w) = lead.first() {
                    p.unknown(w, "attribute", COMPONENT_KEYS);
                }
                let patch = p.component_patch(&attrs);
                if let Some(Some(c)) = which
                    && patch.burst.is_some()
                    && patch.limit.is_none()
                    && default_limit(&design.components[c]).is_none()
                    && let Some(a) = attrs.iter().find(|a| a.key.text == "burst")
                {
                    p.error(
                        &a.key,
                        format!("`burst` sizes a rate limiter, and `{}` has none", target.text),
                        "add one on this line: `limit 5K/s burst 500`",
                    );
                }
                if let Some(which) = which {
                    component_patches.push((which, patch));
                }
            }
            "call" => {
                let (target_words, attrs) = split(rest, CALL_KEYS, &[]);
                let target = p.call_target(first, &target_words);
                let patch = p.policy_patch(&attrs);
                if let Some(target) = target {
                    s.calls.push(CallRule { target, patch, line });
                }
            }
            "fail" | "slow" | "flush" => {
                let keys: &[&str] = match first.text.as_str() {
                    "fail" => &["instance", "zone", "at", "for"],
                    "slow" => &["at", "for"],
                    _ => &["at", "recover"],
                };
                let (lead, attrs) = split(rest, keys, &[]);
                if let Some(f) = p.failure(first, &lead, &attrs, line) {
                    timed.push((f.start, first.clone()));
                    s.failures.push(f);
                }
            }
            _ => p.unknown(first, "statement", STATEMENTS),
        }
    }

    if let Some(d) = overrides.duration {
        s.duration = d;
    }
    if let Some(seed) = overrides.seed {
        s.seed = seed;
    }
    s.interval = match interval {
        Some((v, at)) if v > s.duration => {
            p.warning(
                &at,
                format!("the interval ({}) is longer than the run ({})", secs(v), secs(s.duration)),
                "the series will have one point; use a shorter `set interval`",
            );
            s.duration
        }
        Some((v, _)) => v,
        None => default_interval(s.duration),
    };
    if let Some(at) = warmup_at
        && s.warmup >= s.duration
    {
        p.error(
            &at,
            format!("the warm-up ({}) is not shorter than the run ({})", secs(s.warmup), secs(s.duration)),
            "measure something: make the warm-up shorter than `set duration`",
        );
        s.warmup = 0.0;
    }
    for (start, at) in timed {
        if start >= s.duration {
            p.warning(
                &at,
                format!("this starts at {}, after the run ends at {}", secs(start), secs(s.duration)),
                "start it earlier, or run longer with `set duration` or --duration",
            );
        }
    }
    for (f, a) in flow_arrivals.iter().enumerate() {
        s.flows[f].arrivals = a.or(arrivals_default).unwrap_or(Arrivals::Poisson);
    }
    s.components = design
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut settings = ComponentSettings {
                balance: Balance::RoundRobin,
                waiting: Some(DEFAULT_WAITING),
                service: ServiceDist::Exponential,
                limit: default_limit(c),
            };
            // `component all` lines first, then the component's own, each in order.
            for (_, patch) in component_patches.iter().filter(|(w, _)| w.is_none()) {
                patch.apply(&mut settings, c);
            }
            for (_, patch) in component_patches.iter().filter(|(w, _)| *w == Some(i)) {
                patch.apply(&mut settings, c);
            }
            settings
        })
        .collect();
    let mut diagnostics = p.diagnostics;
    diagnostics.sort_by_key(|d| (d.line, d.col));
    Parsed { scenario: s, diagnostics }
}

/// A run with no scenario file: the design's flows at their average rates, Poisson arrivals,
/// no client policies, no failures.
pub fn empty(design: &Design, overrides: Overrides) -> Scenario {
    parse("", design, &estimate::NoNames, overrides).scenario
}

/// The scenario `sdcoach design sim` runs when given none, as text: steady load, a 3× spike on
/// every flow, then the analyzer's bottleneck (the component with the highest utilisation at
/// peak) down for a while, scaled to `duration`.
pub fn default_text(design: &Design, duration: f64) -> String {
    let d = duration;
    let mut out = format!(
        "# Default scenario: steady load, a 3x spike, then the bottleneck failing.\nset duration {}\nspike all x3 at {} for {}\n",
        time_text(d),
        time_text(0.3 * d),
        time_text(0.2 * d)
    );
    if let Some(c) = bottleneck(design) {
        out.push_str(&format!(
            "fail {} at {} for {}   # the busiest component at peak\n",
            design.components[c].id,
            time_text(0.65 * d),
            time_text(0.15 * d)
        ));
    }
    out
}

/// A ready-made scenario, written for a design by [`preset_text`]: what the lab's scenario picker
/// and `design sim --preset` offer.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset { id: "default", title: "Spike, then the bottleneck fails (the default)" },
    Preset { id: "steady", title: "Steady load: the baseline" },
    Preset { id: "spike", title: "A 5x spike on every flow" },
    Preset { id: "ramp", title: "Traffic ramps to 3x and stays" },
    Preset { id: "diurnal", title: "A day compressed: 0.3x to 1.5x" },
    Preset { id: "instance-down", title: "One instance of the bottleneck down" },
    Preset { id: "retry-storm", title: "A slow bottleneck with eager retries" },
    Preset { id: "retries-with-breaker", title: "The same, with a circuit breaker" },
    Preset { id: "zone-outage", title: "A zone lost" },
    Preset { id: "cache-flush", title: "The cache flushed: a cold start" },
];

/// The text of preset `id` for `design`, scaled to `duration`. An error says why when the preset
/// is unknown or the design has nothing it applies to (no cache to flush, no zones).
pub fn preset_text(id: &str, design: &Design, duration: f64) -> Result<String, String> {
    let d = duration;
    let at = |share: f64| time_text(share * d);
    let title = PRESETS.iter().find(|p| p.id == id).map(|p| p.title).ok_or_else(|| {
        let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
        format!("there is no preset `{id}`; choose one of {}", ids.join(", "))
    })?;
    if id == "default" {
        return Ok(default_text(design, duration));
    }
    // Presets about what users wait for pick the busiest component on a request's synchronous
    // path; an asynchronous consumer's slowness shows only as lag.
    let busiest = || {
        request_path_bottleneck(design)
            .or_else(|| bottleneck(design))
            .map(|c| design.components[c].id.clone())
            .ok_or_else(|| "the design has no component of its own to fail".to_owned())
    };
    let mut out = format!("# {title}.\nset duration {}\n", time_text(d));
    match id {
        "steady" => {}
        "spike" => out.push_str(&format!("spike all x5 at {} for {}\n", at(0.3), at(0.2))),
        "ramp" => out.push_str(&format!("ramp all x1 to x3 at {} for {}\n", at(0.1), at(0.5))),
        "diurnal" => out.push_str(&format!("diurnal all x0.3 to x1.5 period {}\n", time_text(d))),
        "instance-down" => {
            let b = busiest()?;
            out.push_str(&format!(
                "set detection 2s   # the balancer notices after two seconds\nfail {b} instance 1 at {} for {}\n",
                at(0.3),
                at(0.4)
            ));
        }
        "retry-storm" | "retries-with-breaker" => {
            let b = busiest()?;
            let breaker = if id == "retries-with-breaker" { " breaker 50% cooldown 2s" } else { "" };
            out.push_str(&format!(
                "# Every call to {b} slows by 100 ms; callers give up after 50 ms and retry three times.\ncall {b} timeout 50 ms retries 3 backoff 10 ms{breaker}\nslow {b} 100 ms at {} for {}\n",
                at(0.3),
                at(0.3)
            ));
        }
        "zone-outage" => {
            let mut zones: Vec<&str> =
                design.components.iter().flat_map(|c| c.zones.iter().map(String::as_str)).collect();
            zones.sort_unstable();
            let zone = zones
                .first()
                .ok_or("the design places nothing in a zone (add `zone a b` to its components)")?;
            out.push_str(&format!("fail zone {zone} at {} for {}\n", at(0.4), at(0.3)));
        }
        "cache-flush" => {
            let cache = design
                .components
                .iter()
                .find(|c| matches!(c.kind, Kind::Cache | Kind::Cdn))
                .ok_or("the design has no cache or CDN to flush")?;
            out.push_str(&format!("flush {} at {} recover {}\n", cache.id, at(0.4), at(0.2)));
        }
        _ => return Err(format!("the preset `{id}` has no text yet")),
    }
    Ok(out)
}

/// The length of preset `id`'s run for `design`: `duration`, shortened if need be so the run
/// makes at most `budget` calls between components, spikes included. A run's calls grow in
/// proportion to its length, so one rescale is enough. A preset that does not fit the design
/// keeps `duration` (running it reports why).
pub fn fitted_duration(design: &Design, id: &str, duration: f64, budget: f64) -> f64 {
    let Ok(text) = preset_text(id, design, duration) else { return duration };
    let probe = parse(&text, design, &estimate::NoNames, Overrides::default()).scenario;
    let calls = probe.expected_calls(design);
    if calls > budget { duration * budget / calls * 0.99 } else { duration }
}

/// The component the analyzer finds busiest at peak, among those the design runs (not clients or
/// third parties).
pub fn bottleneck(design: &Design) -> Option<usize> {
    busiest_where(design, |_| true)
}

/// The component with the highest peak utilisation among those `eligible` lets through and the
/// design runs itself; the first of them on a tie.
fn busiest_where(design: &Design, eligible: impl Fn(usize) -> bool) -> Option<usize> {
    let report = design::analyze(design);
    report
        .components
        .iter()
        .filter(|c| eligible(c.index) && c.used && !c.kind.is_outside() && c.utilization_peak.is_finite())
        .fold(None, |best: Option<&design::ComponentReport>, c| match best {
            Some(b) if b.utilization_peak >= c.utilization_peak => Some(b),
            _ => Some(c),
        })
        .map(|c| c.index)
}

/// The busiest component at peak among those a request waits for: reached from a flow's entry
/// through synchronous calls only (not clients or third parties).
pub fn request_path_bottleneck(design: &Design) -> Option<usize> {
    let mut on_path = vec![false; design.components.len()];
    for flow in &design.flows {
        let mut reached: Vec<usize> =
            flow.edges.iter().map(|e| e.from).filter(|f| flow.edges.iter().all(|e| e.to != *f)).collect();
        while let Some(v) = reached.pop() {
            if std::mem::replace(&mut on_path[v], true) {
                continue;
            }
            reached.extend(flow.edges.iter().filter(|e| e.from == v && e.sync).map(|e| e.to));
        }
    }
    busiest_where(design, |i| on_path[i])
}

/// About 120 points, at a round step: 1 s for two minutes.
pub fn default_interval(duration: f64) -> f64 {
    let raw = duration / 120.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw * 0.999);
    step.unwrap_or(raw).max(1e-6)
}

fn default_limit(c: &design::Component) -> Option<Limit> {
    // A gateway, or a component marked `rate_limit`, sheds what it cannot serve instead of
    // queueing it: a bucket at its total capacity, one tenth of a second deep.
    if c.kind == Kind::Gateway || c.rate_limit {
        let rate = c.capacity() * f64::from(c.total_instances());
        if rate.is_finite() && rate > 0.0 {
            return Some(Limit { rate, burst: (rate * 0.1).max(1.0) });
        }
    }
    None
}

fn arrivals(word: &str) -> Arrivals {
    if word == "constant" { Arrivals::Constant } else { Arrivals::Poisson }
}

#[derive(Clone, Debug, Default)]
struct ComponentPatch {
    balance: Option<Balance>,
    waiting: Option<Option<u32>>,
    service: Option<ServiceDist>,
    cv: Option<f64>,
    /// `Some(None)` turns a limiter off.
    limit: Option<Option<f64>>,
    burst: Option<f64>,
}

impl ComponentPatch {
    fn apply(&self, s: &mut ComponentSettings, c: &design::Component) {
        if let Some(b) = self.balance {
            s.balance = b;
        }
        if let Some(w) = self.waiting {
            s.waiting = w;
        }
        if let Some(d) = self.service {
            s.service = d;
        }
        if let (Some(cv), ServiceDist::LogNormal { cv: current }) = (self.cv, &mut s.service) {
            *current = cv;
        }
        match self.limit {
            Some(None) => s.limit = None,
            Some(Some(rate)) => s.limit = Some(Limit { rate, burst: (rate * 0.1).max(1.0) }),
            None => {}
        }
        if let Some(burst) = self.burst {
            let rate = s.limit.map_or_else(|| default_limit(c).map_or(0.0, |l| l.rate), |l| l.rate);
            if rate > 0.0 {
                s.limit = Some(Limit { rate, burst });
            }
        }
    }
}

/// A keyword and the words of its value.
struct Attr {
    key: Word,
    value: Vec<Word>,
}

struct Parser<'a> {
    design: &'a Design,
    names: &'a dyn Names,
    diagnostics: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn error(&mut self, at: &Word, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(at, message).with_help(help));
    }

    fn warning(&mut self, at: &Word, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(at, message).with_help(help));
    }

    /// An unknown word among `known`, with the closest as a suggestion.
    fn unknown(&mut self, at: &Word, what: &str, known: &[&str]) {
        let help = match suggest::closest(&at.text, known.iter().copied()).first() {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("{what}s here: {}", known.join(", ")),
        };
        self.error(at, format!("unknown {what} `{}`", at.text), help);
    }

    fn stray_attributes(&mut self, attrs: &[Attr], keys: &[&str], flags: &[&str]) {
        for a in attrs {
            if flags.contains(&a.key.text.as_str()) && !a.value.is_empty() {
                let known: Vec<&str> = keys.iter().chain(flags).copied().collect();
                self.unknown(&a.value[0], "attribute", &known);
            }
        }
    }

    fn component(&mut self, at: &Word) -> Option<usize> {
        if let Some(i) = self.design.components.iter().position(|c| c.id == at.text) {
            return Some(i);
        }
        let ids: Vec<&str> = self.design.components.iter().map(|c| c.id.as_str()).collect();
        let help = match suggest::closest(&at.text, ids.iter().copied()).first() {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the design's components: {}", ids.join(", ")),
        };
        self.error(at, format!("unknown component `{}`", at.text), help);
        None
    }

    /// A flow name, or `all` for every flow.
    fn flows(&mut self, at: &Word) -> Option<Vec<usize>> {
        if at.text == "all" {
            return Some((0..self.design.flows.len()).collect());
        }
        if let Some(i) = self.design.flows.iter().position(|f| f.name == at.text) {
            return Some(vec![i]);
        }
        let names: Vec<&str> = self.design.flows.iter().map(|f| f.name.as_str()).collect();
        let help = match suggest::closest(&at.text, names.iter().copied()).first() {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the design's flows: {}, or `all`", names.join(", ")),
        };
        self.error(at, format!("unknown flow `{}`", at.text), help);
        None
    }

    /// Evaluates a value and checks its dimensions; `key` names it in messages.
    fn value(&mut self, key: &Word, value: &[Word], dims: Dims) -> Option<f64> {
        let Some(first) = value.first() else {
            self.error(key, format!("`{}` needs a value", key.text), example(&key.text));
            return None;
        };
        let text = value.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let q = match estimate::evaluate(&text, self.names) {
            Ok(a) => a.quantity,
            Err(problem) => {
                let col = first.col + problem.column(&text) as u32 - 1;
                let mut d =
                    Diagnostic { col, ..Diagnostic::error(first, format!("`{text}`: {}", problem.message)) };
                if let Some(help) = problem.help {
                    d = d.with_help(help);
                }
                self.diagnostics.push(d);
                return None;
            }
        };
        if q.dims != dims {
            self.error(
                first,
                format!("`{text}` is {}, but `{}` takes {}", q.dims.describe(), key.text, dims.describe()),
                example(&key.text),
            );
            return None;
        }
        Some(q.value)
    }

    /// A duration that must be more than zero.
    fn positive_time(&mut self, key: &Word, value: &[Word]) -> Option<f64> {
        let v = self.value(key, value, Dims::TIME)?;
        if v <= 0.0 {
            self.error(
                &value[0],
                format!("`{}` must be more than zero, not {}", key.text, secs(v)),
                example(&key.text),
            );
            return None;
        }
        Some(v)
    }

    /// A point in time or a delay: zero or more.
    fn time_at(&mut self, key: &Word, value: &[Word]) -> Option<f64> {
        let v = self.value(key, value, Dims::TIME)?;
        if v < 0.0 {
            self.error(
                &value[0],
                format!("`{}` must not be negative, not {}", key.text, secs(v)),
                "times count from the start of the run: `at 30s`",
            );
            return None;
        }
        Some(v)
    }

    fn fraction(&mut self, key: &Word, value: &[Word]) -> Option<f64> {
        let v = self.value(key, value, Dims::NONE)?;
        if !(0.0..=1.0).contains(&v) || (key.text == "breaker" && v == 0.0) {
            self.error(
                &value[0],
                format!("`{}` must be a share above 0 % and at most 100 %", key.text),
                example(&key.text),
            );
            return None;
        }
        Some(v)
    }

    fn count(&mut self, key: &Word, value: &[Word], min: f64, max: f64) -> Option<u32> {
        let v = self.value(key, value, Dims::NONE)?;
        if v.fract() != 0.0 || v < min || v > max {
            self.error(
                &value[0],
                format!("`{}` must be a whole number from {min} to {max}", key.text),
                example(&key.text),
            );
            return None;
        }
        Some(v as u32)
    }

    fn seed(&mut self, key: &Word, value: &[Word]) -> Option<u64> {
        match value {
            [w] if w.text.parse::<u64>().is_ok() => w.text.parse().ok(),
            [] => {
                self.error(key, "`seed` needs a value", example("seed"));
                None
            }
            _ => {
                self.error(&value[0], "`seed` must be a whole number from 0 up", example("seed"));
                None
            }
        }
    }

    /// One word out of `choices`.
    fn choice<'c>(&mut self, key: &Word, value: &[Word], choices: &[&'c str]) -> Option<&'c str> {
        let Some(w) = value.first() else {
            self.error(
                key,
                format!("`{}` needs one of: {}", key.text, choices.join(", ")),
                example(&key.text),
            );
            return None;
        };
        if let Some(extra) = value.get(1) {
            self.error(extra, format!("`{}` takes one word", key.text), example(&key.text));
            return None;
        }
        match choices.iter().find(|c| **c == w.text) {
            Some(c) => Some(c),
            None => {
                let what = format!("{} value", key.text);
                self.unknown(w, &what, choices);
                None
            }
        }
    }

    /// `x3`, `3`, `300%` (a multiple), or a rate (absolute): the number and whether it is a rate.
    fn rate_or_factor(&mut self, key: &Word, value: &[Word]) -> Option<(f64, bool)> {
        if let [w] = value
            && let Some(n) = w.text.strip_prefix('x').and_then(|n| n.parse::<f64>().ok())
        {
            return self.non_negative(w, n).map(|n| (n, false));
        }
        let text = value.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let dims = estimate::evaluate(&text, self.names).map(|a| a.quantity.dims).unwrap_or(Dims::NONE);
        let absolute = dims == Dims::RATE;
        let v = self.value(key, value, if absolute { Dims::RATE } else { Dims::NONE })?;
        self.non_negative(&value[0], v).map(|v| (v, absolute))
    }

    fn factor(&mut self, key: &Word, value: &[Word]) -> Option<f64> {
        if let [w] = value
            && let Some(n) = w.text.strip_prefix('x').and_then(|n| n.parse::<f64>().ok())
        {
            return self.non_negative(w, n);
        }
        let v = self.value(key, value, Dims::NONE)?;
        self.non_negative(&value[0], v)
    }

    fn non_negative(&mut self, at: &Word, v: f64) -> Option<f64> {
        if v < 0.0 || !v.is_finite() {
            self.error(
                at,
                format!("`{}` must not be negative", at.text),
                "a multiple such as `x3` or a rate such as `2K/s`",
            );
            return None;
        }
        Some(v)
    }

    fn shape(
        &mut self,
        keyword: &Word,
        target: &Word,
        lead: &[Word],
        attrs: &[Attr],
        timed: &mut Vec<(f64, Word)>,
    ) -> Option<Shape> {
        let get = |k: &str| attrs.iter().find(|a| a.key.text == k);
        let missing = |p: &mut Self, what: &str| {
            p.error(target, format!("`{}` needs `{what}`", keyword.text), example(&keyword.text));
        };
        if lead.is_empty() {
            missing(self, "a multiple such as `x3`");
            return None;
        }
        if lead.len() > 1 && lead[0].text.starts_with('x') {
            let keys: &[&str] = match keyword.text.as_str() {
                "spike" => &["at", "for"],
                "ramp" => &["to", "at", "for"],
                _ => &["to", "period"],
            };
            self.unknown(&lead[1], "attribute", keys);
            return None;
        }
        let first = self.factor(keyword, lead);
        match keyword.text.as_str() {
            "spike" => {
                let (Some(at), Some(len)) = (get("at"), get("for")) else {
                    missing(self, if get("at").is_none() { "at T" } else { "for D" });
                    return None;
                };
                let start = self.time_at(&at.key, &at.value);
                let len = self.positive_time(&len.key, &len.value);
                let (factor, start, len) = (first?, start?, len?);
                timed.push((start, keyword.clone()));
                Some(Shape::Spike { factor, start, end: start + len })
            }
            "ramp" => {
                let (Some(to), Some(at), Some(len)) = (get("to"), get("at"), get("for")) else {
                    missing(
                        self,
                        if get("to").is_none() {
                            "to xN"
                        } else if get("at").is_none() {
                            "at T"
                        } else {
                            "for D"
                        },
                    );
                    return None;
                };
                let end_factor = self.factor(&to.key, &to.value);
                let start = self.time_at(&at.key, &at.value);
                let len = self.positive_time(&len.key, &len.value);
                let (from, to, start, len) = (first?, end_factor?, start?, len?);
                timed.push((start, keyword.clone()));
                Some(Shape::Ramp { from, to, start, end: start + len })
            }
            _ => {
                let (Some(to), Some(period)) = (get("to"), get("period")) else {
                    missing(self, if get("to").is_none() { "to xN" } else { "period D" });
                    return None;
                };
                let high = self.factor(&to.key, &to.value);
                let period = self.positive_time(&period.key, &period.value);
                Some(Shape::Diurnal { low: first?, high: high?, period: period? })
            }
        }
    }

    fn component_patch(&mut self, attrs: &[Attr]) -> ComponentPatch {
        let mut patch = ComponentPatch::default();
        for a in attrs {
            match a.key.text.as_str() {
                "balance" => {
                    if let Some(b) = self.choice(&a.key, &a.value, Balance::NAMES) {
                        patch.balance = Some(match b {
                            "least-connections" => Balance::LeastConnections,
                            "random" => Balance::Random,
                            _ => Balance::RoundRobin,
                        });
                    }
                }
                "waiting" => {
                    if a.value.first().is_some_and(|w| w.text == "unbounded") && a.value.len() == 1 {
                        patch.waiting = Some(None);
                    } else if let Some(n) = self.count(&a.key, &a.value, 0.0, 1e9) {
                        patch.waiting = Some(Some(n));
                    }
                }
                "service" => {
                    if let Some(d) = self.choice(&a.key, &a.value, SERVICES) {
                        patch.service = Some(match d {
                            "lognormal" => ServiceDist::LogNormal { cv: 1.0 },
                            "constant" => ServiceDist::Constant,
                            _ => ServiceDist::Exponential,
                        });
                    }
                }
                "cv" => {
                    if let Some(v) = self.value(&a.key, &a.value, Dims::NONE) {
                        if v > 0.0 && v <= 100.0 {
                            patch.cv = Some(v);
                        } else {
                            self.error(
                                &a.value[0],
                                "`cv` must be more than 0 (and at most 100)",
                                example("cv"),
                            );
                        }
                    }
                }
                "limit" => {
                    if a.value.first().is_some_and(|w| w.text == "none") && a.value.len() == 1 {
                        patch.limit = Some(None);
                    } else if let Some(r) = self.value(&a.key, &a.value, Dims::RATE) {
                        if r > 0.0 {
                            patch.limit = Some(Some(r));
                        } else {
                            self.error(
                                &a.value[0],
                                "`limit` must be more than zero",
                                "write `limit 5K/s`, or `limit none`",
                            );
                        }
                    }
                }
                _ => {
                    if let Some(n) = self.count(&a.key, &a.value, 1.0, 1e9) {
                        patch.burst = Some(f64::from(n));
                    }
                }
            }
        }
        if patch.cv.is_some()
            && !matches!(patch.service, Some(ServiceDist::LogNormal { .. }))
            && let Some(a) = attrs.iter().find(|a| a.key.text == "cv")
        {
            self.error(&a.key, "`cv` applies to lognormal service times", "write `service lognormal cv 2`");
        }
        patch
    }

    fn policy_patch(&mut self, attrs: &[Attr]) -> PolicyPatch {
        let mut patch = PolicyPatch::default();
        let mut breaker: Option<f64> = None;
        let mut window: Option<u32> = None;
        let mut cooldown: Option<f64> = None;
        for a in attrs {
            match a.key.text.as_str() {
                "timeout" => patch.timeout = self.positive_time(&a.key, &a.value),
                "retries" => patch.retries = self.count(&a.key, &a.value, 0.0, 10.0),
                "backoff" => patch.backoff = self.time_at(&a.key, &a.value),
                "max_backoff" => patch.max_backoff = self.time_at(&a.key, &a.value),
                "jitter" => {
                    patch.jitter = self.choice(&a.key, &a.value, JITTERS).map(|j| match j {
                        "equal" => Jitter::Equal,
                        "none" => Jitter::None,
                        _ => Jitter::Full,
                    })
                }
                "breaker" => breaker = self.fraction(&a.key, &a.value),
                "window" => window = self.count(&a.key, &a.value, 2.0, 64.0),
                _ => cooldown = self.positive_time(&a.key, &a.value),
            }
        }
        if breaker.is_none()
            && let Some(a) = attrs.iter().find(|a| a.key.text == "window" || a.key.text == "cooldown")
        {
            self.error(
                &a.key,
                format!("`{}` tunes a breaker, and this line has none", a.key.text),
                "add `breaker 50%`",
            );
        }
        if let Some(threshold) = breaker {
            patch.breaker =
                Some(Breaker { threshold, window: window.unwrap_or(20), cooldown: cooldown.unwrap_or(5.0) });
        }
        patch
    }

    fn call_target(&mut self, keyword: &Word, words: &[Word]) -> Option<CallTarget> {
        match words {
            [] => {
                self.error(keyword, "`call` needs a component, `A -> B` or `all`", example("call"));
                None
            }
            [w] if w.text == "all" => Some(CallTarget::All),
            [w] => self.component(w).map(CallTarget::Component),
            [a, arrow, b] if arrow.text == "->" || arrow.text == "~>" => {
                let (from, to) = (self.component(a), self.component(b));
                let (from, to) = (from?, to?);
                let called =
                    self.design.flows.iter().flat_map(|f| &f.edges).any(|e| e.from == from && e.to == to);
                if !called {
                    let callees: Vec<&str> = self
                        .design
                        .flows
                        .iter()
                        .flat_map(|f| &f.edges)
                        .filter(|e| e.from == from)
                        .map(|e| self.design.components[e.to].id.as_str())
                        .collect();
                    let help = if callees.is_empty() {
                        format!("`{}` calls nothing in the design's flows", a.text)
                    } else {
                        format!("`{}` calls: {}", a.text, dedup(callees).join(", "))
                    };
                    self.error(b, format!("no flow calls `{}` from `{}`", b.text, a.text), help);
                    return None;
                }
                Some(CallTarget::Edge(from, to))
            }
            [_, second, ..] if second.text != "->" && second.text != "~>" => {
                self.unknown(second, "attribute", CALL_KEYS);
                None
            }
            [_, _, ..] => {
                let at = words.get(3).unwrap_or(&words[1]);
                self.error(
                    at,
                    "cannot read this call target",
                    "write `call db`, `call api -> db` or `call all`",
                );
                None
            }
        }
    }

    fn failure(&mut self, keyword: &Word, lead: &[Word], attrs: &[Attr], line: u32) -> Option<Failure> {
        let get = |k: &str| attrs.iter().find(|a| a.key.text == k);
        let zone = get("zone");
        let target = lead.first();
        if target.is_none() && zone.is_none() {
            let what = if keyword.text == "fail" { "a component or `zone Z`" } else { "a component" };
            self.error(keyword, format!("`{}` needs {what}", keyword.text), example(&keyword.text));
            return None;
        }
        let component = target.and_then(|t| self.component(t));
        if let (Some(c), Some(t)) = (component, target)
            && self.design.components[c].kind == Kind::Client
        {
            self.error(
                t,
                format!("`{}` is a client, outside the system: it cannot fail or slow down", t.text),
                "fail a component it calls",
            );
            return None;
        }
        let Some(at) = get("at") else {
            self.error(
                target.unwrap_or(keyword),
                format!("`{}` needs `at T`: when it starts", keyword.text),
                example(&keyword.text),
            );
            return None;
        };
        let start = self.time_at(&at.key, &at.value);
        let end = match get("for") {
            Some(len) => self.positive_time(&len.key, &len.value).zip(start).map(|(l, s)| s + l),
            None => Some(f64::INFINITY),
        };
        let kind = match keyword.text.as_str() {
            "fail" => {
                if let Some(z) = zone {
                    if let Some(t) = target {
                        self.error(t, "`fail zone` takes no component", "write `fail zone a at 30s`");
                        return None;
                    }
                    FailureKind::Zone(self.zone(&z.key, &z.value)?)
                } else if let Some(inst) = get("instance") {
                    let c = component?;
                    let n = self.design.components[c].total_instances();
                    let i = self.count(&inst.key, &inst.value, 1.0, f64::from(n.max(1)))?;
                    FailureKind::Instance(c, i - 1)
                } else {
                    if let Some(extra) = lead.get(1) {
                        self.error(extra, "`fail` takes one component", "write `fail db at 30s for 10s`");
                        return None;
                    }
                    FailureKind::Component(component?)
                }
            }
            "slow" => {
                let t = target?;
                // Messages name the statement, not the component.
                let key = Word { text: keyword.text.clone(), ..t.clone() };
                let by = self.positive_time(&key, &lead[1..]);
                FailureKind::Latency(component?, by?)
            }
            _ => {
                let c = component?;
                let kind = self.design.components[c].kind;
                if !matches!(kind, Kind::Cache | Kind::Cdn) {
                    self.error(
                        target?,
                        format!(
                            "`{}` is a {kind}, not a cache: only caches and CDNs can be flushed",
                            lead[0].text
                        ),
                        "flush a component of kind cache or cdn",
                    );
                    return None;
                }
                if let Some(extra) = lead.get(1) {
                    self.error(extra, "`flush` takes one component", example("flush"));
                    return None;
                }
                let recover = match get("recover") {
                    Some(r) => self.positive_time(&r.key, &r.value)?,
                    None => 10.0,
                };
                FailureKind::Flush { component: c, recover }
            }
        };
        Some(Failure { kind, start: start?, end: end?, line })
    }

    fn zone(&mut self, key: &Word, value: &[Word]) -> Option<String> {
        let Some(w) = value.first() else {
            self.error(key, "`zone` needs a zone name", "write `fail zone a at 30s`");
            return None;
        };
        let mut zones: Vec<&str> =
            self.design.components.iter().flat_map(|c| c.zones.iter().map(|z| z.as_str())).collect();
        zones.sort_unstable();
        zones.dedup();
        if zones.contains(&w.text.as_str()) {
            return Some(w.text.clone());
        }
        let help = match suggest::closest(&w.text, zones.iter().copied()).first() {
            Some(s) => format!("did you mean `{s}`?"),
            None if zones.is_empty() => {
                "no component names a zone: add `zone a b c` to components".to_owned()
            }
            None => format!("the design's zones: {}", zones.join(", ")),
        };
        self.error(w, format!("unknown zone `{}`", w.text), help);
        None
    }
}

fn dedup(mut v: Vec<&str>) -> Vec<&str> {
    let mut seen = Vec::new();
    v.retain(|x| {
        let new = !seen.contains(x);
        seen.push(*x);
        new
    });
    v
}

/// Splits words into those before the first keyword and keyword attributes whose values run to
/// the next keyword. Flags are keywords without a value.
fn split(words: &[Word], keys: &[&str], flags: &[&str]) -> (Vec<Word>, Vec<Attr>) {
    let mut lead = Vec::new();
    let mut attrs: Vec<Attr> = Vec::new();
    for w in words {
        if keys.contains(&w.text.as_str()) || flags.contains(&w.text.as_str()) {
            attrs.push(Attr { key: w.clone(), value: Vec::new() });
        } else if let Some(last) = attrs.last_mut() {
            last.value.push(w.clone());
        } else {
            lead.push(w.clone());
        }
    }
    (lead, attrs)
}

/// The words of a line with their columns; `#` starts a comment and arrows are words of their
/// own even against their neighbours (`api->db`).
fn words(raw: &str, line: u32) -> Vec<Word> {
    let code = raw.split('#').next().unwrap_or("");
    let mut out = Vec::new();
    let mut col = 0u32;
    let mut current = String::new();
    let mut start = 0u32;
    let mut chars = code.chars().peekable();
    let flush = |current: &mut String, start: u32, out: &mut Vec<Word>| {
        if !current.is_empty() {
            out.push(Word { text: std::mem::take(current), line, col: start });
        }
    };
    while let Some(c) = chars.next() {
        col += 1;
        if c.is_whitespace() {
            flush(&mut current, start, &mut out);
            continue;
        }
        if (c == '-' || c == '~') && chars.peek() == Some(&'>') {
            flush(&mut current, start, &mut out);
            chars.next();
            out.push(Word { text: format!("{c}>"), line, col });
            col += 1;
            continue;
        }
        if current.is_empty() {
            start = col;
        }
        current.push(c);
    }
    flush(&mut current, start, &mut out);
    out
}

fn example(key: &str) -> String {
    let e = match key {
        "duration" => "`set duration 120s`",
        "interval" => "`set interval 1s`",
        "warmup" => "`set warmup 10s`",
        "detection" => "`set detection 2s`",
        "seed" => "`set seed 42`",
        "arrivals" => "`set arrivals constant`",
        "load" => "`load redirect 20K/s` or `load redirect x2`",
        "spike" => "`spike all x3 at 30s for 10s`",
        "ramp" => "`ramp redirect x1 to x5 at 10s for 60s`",
        "diurnal" => "`diurnal all x0.5 to x1.5 period 60s`",
        "component" => "`component api balance least-connections waiting 200`",
        "balance" => "`balance least-connections`",
        "waiting" => "`waiting 200`, or `waiting unbounded`",
        "service" => "`service lognormal cv 2`",
        "cv" => "`service lognormal cv 2`",
        "limit" | "burst" => "`limit 5K/s burst 500`",
        "call" => "`call db timeout 100 ms retries 2`, `call api -> db timeout 50 ms`",
        "timeout" | "backoff" | "max_backoff" => "`timeout 100 ms`",
        "retries" => "`retries 2`",
        "jitter" => "`jitter full`",
        "breaker" => "`breaker 50% window 20 cooldown 5s`",
        "window" => "`window 20`",
        "cooldown" | "for" | "period" | "recover" => "`for 10s`",
        "at" => "`at 30s`",
        "fail" => "`fail db at 60s for 20s`, `fail api instance 2 at 60s`, `fail zone a at 60s`",
        "slow" => "`slow db 50 ms at 60s for 20s`",
        "flush" => "`flush cache at 60s recover 20s`",
        "instance" => "`instance 1`",
        "to" => "`to x5`",
        _ => "see docs/design-language.md, \"Simulating a design\"",
    };
    format!("for example {e}")
}

/// Seconds as a person reads them in a message.
fn secs(v: f64) -> String {
    estimate::Quantity::new(v, Dims::TIME).show()
}

/// Seconds as scenario text: `36s`, `450 ms`.
fn time_text(v: f64) -> String {
    if v >= 1.0 && (v * 1000.0).round() % 1000.0 == 0.0 {
        format!("{}s", v.round())
    } else {
        format!("{} ms", trim((v * 1e3 * 1000.0).round() / 1000.0))
    }
}

/// A number without trailing zeros.
fn trim(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}
