//! The engine: one loop over a queue of events in virtual time. A request is a tree of calls kept
//! in an arena of plain structs (indices, no boxes, no strings); a call that is retried, timed
//! out or freed gets a new generation, so events and children that still point at an older one
//! are recognised and ignored.
//!
//! The topology follows the analyzer (`design::analyze`): a flow's requests enter at the
//! components its edges start from; after a component serves a call, the call continues on the
//! flow's edges out of it. Out of a cache, a read takes the miss edges on a miss and the `hit`
//! edges on a hit; writes take every edge. Edges whose shares add up to at most 100 % are
//! alternatives (one is picked by share, or none); above 100 % each edge is taken on its own
//! with its share. A fan-out of k makes k calls (a fraction rounds up by chance) and the caller
//! waits for all of them. `~>` hands off an independent job the request does not wait for.

use std::collections::VecDeque;

use design::{Design, Kind, Op, Route};
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp1, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::histogram::Histogram;
use crate::queue::{EventQueue, Kind as Ev, Lane};
use crate::report::{
    ComponentPoint, ComponentSummary, FlowPoint, FlowSummary, Point, Progress, Report, Window,
};
use crate::scenario::{
    Arrivals, Balance, Breaker, CallPolicy, FailureKind, FlowLoad, Jitter, Scenario, ServiceDist,
};

const NONE: u32 = u32::MAX;
/// Calls deeper than this fail: a guard against designs that loop.
const MAX_DEPTH: u8 = 64;
/// Concurrency above this is a delay, not a queue (third parties, DNS), as in the analyzer.
const INFINITE_SERVERS: f64 = 10_000.0;
/// Progress is reported at every interval and at least this often, in events.
const PROGRESS_EVERY: u64 = 1 << 18;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// A component down, or a dependency that failed.
    Error,
    /// A full waiting room or a rate limiter.
    Reject,
    Timeout,
    /// Failed fast by an open circuit breaker.
    Open,
}

#[derive(Clone, Copy, Debug)]
struct EdgeRt {
    from: u32,
    to: u32,
    share: f64,
    /// The fan-out's whole calls, and the chance of one more (`x2.5`: 2, and a third half the time).
    fanout_whole: u32,
    fanout_extra: f64,
    /// Network time added before the call arrives, as a lane of the event queue.
    hop: Option<Lane>,
    timeout: Option<Lane>,
    /// Index into `Engine::policies`; `NONE` when calls have no timeout, retry or breaker.
    policy: u32,
    route: Route,
    sync: bool,
    /// A consumer reading from a queue: the broker holds the backlog, so the waiting room is
    /// unbounded and the wait is the queue's lag.
    consumes: bool,
}

struct FlowRt {
    load: FlowLoad,
    write: bool,
    entries: Vec<u32>,
    max_rate: f64,
    stats: FlowStats,
    iv: FlowIv,
}

#[derive(Default)]
struct FlowStats {
    requests: u64,
    served: u64,
    errors: u64,
    dropped: u64,
    retries: u64,
    timeouts: u64,
    async_jobs: u64,
    async_failed: u64,
    latency: Histogram,
}

#[derive(Default)]
struct FlowIv {
    requests: u64,
    served: u64,
    errors: u64,
    dropped: u64,
    retries: u64,
    latency: Histogram,
}

#[derive(Clone, Copy, Debug, Default)]
struct BreakerState {
    open: bool,
    half_open: bool,
    trial: bool,
    until: f64,
    /// Outcomes of the last calls, one bit each (1 = failed), as a ring.
    bits: u64,
    n: u32,
    head: u32,
    failures: u32,
}

impl BreakerState {
    fn allow(&mut self, now: f64, cfg: &Breaker) -> bool {
        if self.open {
            if now < self.until {
                return false;
            }
            self.open = false;
            self.half_open = true;
            self.trial = false;
        }
        if self.half_open {
            // One trial call at a time; a trial whose answer never comes is replaced.
            if self.trial && now < self.until + cfg.cooldown {
                return false;
            }
            self.trial = true;
            self.until = now;
        }
        true
    }

    /// Records an outcome; true when this opened the breaker.
    fn record(&mut self, ok: bool, now: f64, cfg: &Breaker) -> bool {
        if self.open {
            return false;
        }
        if self.half_open {
            self.half_open = false;
            self.trial = false;
            self.reset();
            if !ok {
                self.open = true;
                self.until = now + cfg.cooldown;
                return true;
            }
            return false;
        }
        let w = cfg.window.clamp(2, 64);
        let bit = 1u64 << self.head;
        if self.n == w {
            if self.bits & bit != 0 {
                self.failures -= 1;
            }
        } else {
            self.n += 1;
        }
        if ok {
            self.bits &= !bit;
        } else {
            self.bits |= bit;
            self.failures += 1;
        }
        self.head = (self.head + 1) % w;
        if self.n == w && f64::from(self.failures) >= cfg.threshold * f64::from(w) {
            self.reset();
            self.open = true;
            self.until = now + cfg.cooldown;
            return true;
        }
        false
    }

    fn reset(&mut self) {
        self.bits = 0;
        self.n = 0;
        self.head = 0;
        self.failures = 0;
    }
}

struct Comp {
    passthrough: bool,
    infinite: bool,
    cache: bool,
    database: bool,
    feeds_consumers: bool,
    hit: f64,
    shards: u32,
    per_shard: u32,
    first: u32,
    servers: u32,
    read_mean: f64,
    write_mean: f64,
    dist: ServiceDist,
    /// σ of the lognormal's underlying normal.
    sigma: f64,
    waiting: usize,
    balance: Balance,
    /// Round-robin position per shard.
    cursor: Vec<u32>,
    limit: Option<(f64, f64)>,
    tokens: f64,
    tokens_at: f64,
    extra_latency: f64,
    flushed_at: f64,
    recover: f64,
    breaker: BreakerState,
    /// Messages for consumers that are all down, kept by the broker: (call, generation).
    parked: VecDeque<(u32, u32, f64)>,
    /// The parked messages integrated over time since `parked_at`, counted as waiting.
    parked_area: f64,
    parked_at: f64,
    stats: CompStats,
    iv: CompIv,
}

#[derive(Default)]
struct CompStats {
    arrivals: u64,
    served: u64,
    dropped: u64,
    limited: u64,
    errors: u64,
    shed: u64,
    opens: u64,
    busy_area: f64,
    queue_area: f64,
    queue_max: u64,
    service_sum: f64,
    service_n: u64,
    wait: Histogram,
    lag: Histogram,
}

#[derive(Default)]
struct CompIv {
    busy_area: f64,
    queue_area: f64,
    /// The part of the current interval's areas that fell before the warm-up ended.
    pre_busy: f64,
    pre_queue: f64,
    queue_max: u64,
    dropped: u64,
    errors: u64,
}

#[derive(Clone, Copy, Debug)]
struct Waiting {
    call: u32,
    generation: u32,
    enqueued: f64,
    /// The queue a consumer's message came from, for lag.
    lag_of: u32,
    write: bool,
}

struct Instance {
    comp: u32,
    zone: u32,
    busy: u32,
    queue: VecDeque<Waiting>,
    /// Failures holding it down right now.
    down: u32,
    down_since: f64,
    epoch: u32,
    last: f64,
    busy_area: f64,
    queue_area: f64,
    queue_max: u64,
}

impl Comp {
    fn touch_parked(&mut self, now: f64) {
        self.parked_area += self.parked.len() as f64 * (now - self.parked_at);
        self.parked_at = now;
    }
}

impl Instance {
    #[inline]
    fn touch(&mut self, now: f64) {
        let dt = now - self.last;
        if dt > 0.0 {
            self.busy_area += f64::from(self.busy) * dt;
            self.queue_area += self.queue.len() as f64 * dt;
            self.last = now;
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Call {
    generation: u32,
    parent: u32,
    parent_gen: u32,
    /// The component called; `NONE` for the virtual root of a flow with several entries.
    comp: u32,
    /// The edge it was called over; `NONE` for a request's entry.
    edge: u32,
    pending: u32,
    born: f64,
    flow: u16,
    attempt: u8,
    depth: u8,
    counted: bool,
    is_async: bool,
    live: bool,
}

struct Engine<'a> {
    design: &'a Design,
    scenario: &'a Scenario,
    now: f64,
    rng: Xoshiro256PlusPlus,
    events: EventQueue,
    processed: u64,
    comps: Vec<Comp>,
    instances: Vec<Instance>,
    flows: Vec<FlowRt>,
    edges: Vec<EdgeRt>,
    policies: Vec<CallPolicy>,
    /// Per flow and component, the range of `edges` leaving it.
    out: Vec<(u32, u32)>,
    calls: Vec<Call>,
    free: Vec<u32>,
    /// Choices of edges while a call fans out; used as a stack by nested calls.
    scratch: Vec<(u32, u32)>,
    drained: Vec<Waiting>,
    zones: Vec<String>,
    series: Vec<Point>,
    interval_start: f64,
    /// Latencies of every flow in the current interval, merged when it closes.
    total_iv: Histogram,
    requests: u64,
}

/// Runs `scenario` over `design` and measures it. Deterministic: the same inputs give the same
/// report, bit for bit. `progress` is called as virtual time advances.
pub fn simulate(design: &Design, scenario: &Scenario, progress: &mut dyn FnMut(Progress)) -> Report {
    let mut engine = Engine::new(design, scenario);
    engine.run(progress);
    engine.report()
}

impl<'a> Engine<'a> {
    fn new(design: &'a Design, scenario: &'a Scenario) -> Self {
        let mut zones: Vec<String> = Vec::new();
        for c in &design.components {
            for z in &c.zones {
                if !zones.contains(z) {
                    zones.push(z.clone());
                }
            }
        }
        let mut comps = Vec::with_capacity(design.components.len());
        let mut instances = Vec::new();
        for (i, c) in design.components.iter().enumerate() {
            let settings =
                scenario.components.get(i).copied().unwrap_or(crate::scenario::ComponentSettings {
                    balance: Balance::RoundRobin,
                    waiting: Some(crate::scenario::DEFAULT_WAITING),
                    service: ServiceDist::Exponential,
                    limit: None,
                });
            let passthrough = c.kind == Kind::Client || c.service_time <= 0.0;
            let infinite = !passthrough && c.concurrency > INFINITE_SERVERS;
            // Whole servers; a fractional concurrency rounds up and keeps its capacity.
            let servers = if passthrough || infinite { 0 } else { c.concurrency.ceil().max(1.0) as u32 };
            let stretch = if servers > 0 { f64::from(servers) / c.concurrency } else { 1.0 };
            let read_mean = c.service_time * stretch;
            let write_mean = match c.write_capacity {
                Some(wc) if wc > 0.0 && !infinite => c.concurrency / wc * stretch,
                _ => read_mean,
            };
            let sigma = match settings.service {
                ServiceDist::LogNormal { cv } => (1.0 + cv * cv).ln().sqrt(),
                _ => 0.0,
            };
            let first = instances.len() as u32;
            let per_shard = c.instances.max(1);
            let shards = c.shards.max(1);
            for _ in 0..shards {
                for j in 0..per_shard {
                    let zone = if c.zones.is_empty() {
                        NONE
                    } else {
                        let name = &c.zones[j as usize % c.zones.len()];
                        zones.iter().position(|z| z == name).map_or(NONE, |z| z as u32)
                    };
                    instances.push(Instance {
                        comp: i as u32,
                        zone,
                        busy: 0,
                        queue: VecDeque::new(),
                        down: 0,
                        down_since: 0.0,
                        epoch: 0,
                        last: 0.0,
                        busy_area: 0.0,
                        queue_area: 0.0,
                        queue_max: 0,
                    });
                }
            }
            comps.push(Comp {
                passthrough,
                infinite,
                cache: matches!(c.kind, Kind::Cache | Kind::Cdn),
                database: c.kind.is_database(),
                feeds_consumers: false,
                hit: c.hit_ratio.unwrap_or(0.0),
                shards,
                per_shard,
                first,
                servers,
                read_mean,
                write_mean,
                dist: settings.service,
                sigma,
                waiting: settings.waiting.map_or(usize::MAX, |w| w as usize),
                balance: settings.balance,
                cursor: vec![0; shards as usize],
                limit: settings.limit.map(|l| (l.rate, l.burst)),
                tokens: settings.limit.map_or(0.0, |l| l.burst),
                tokens_at: 0.0,
                extra_latency: 0.0,
                flushed_at: f64::NEG_INFINITY,
                recover: 1.0,
                breaker: BreakerState::default(),
                parked: VecDeque::new(),
                parked_area: 0.0,
                parked_at: 0.0,
                stats: CompStats::default(),
                iv: CompIv::default(),
            });
        }

        let n = comps.len();
        let mut events = EventQueue::default();
        let mut edges = Vec::new();
        let mut policies = Vec::new();
        let mut out = vec![(0u32, 0u32); design.flows.len() * n];
        let mut flows = Vec::with_capacity(design.flows.len());
        for (fi, f) in design.flows.iter().enumerate() {
            // The flow's edges grouped by their source, in the order written.
            for v in 0..n {
                let start = edges.len() as u32;
                for e in f.edges.iter().filter(|e| e.from == v) {
                    let from = &design.components[e.from];
                    let to = &design.components[e.to];
                    let hop = if from.kind == Kind::Client || to.kind == Kind::External {
                        0.0
                    } else {
                        design.hop_latency
                    };
                    let policy = scenario.policy(e.from, e.to);
                    let consumes = !e.sync && matches!(from.kind, Kind::Queue | Kind::Stream);
                    if consumes {
                        comps[e.from].feeds_consumers = true;
                    }
                    let policy_index = if policy == CallPolicy::NONE {
                        NONE
                    } else {
                        policies.push(policy);
                        (policies.len() - 1) as u32
                    };
                    edges.push(EdgeRt {
                        from: e.from as u32,
                        to: e.to as u32,
                        share: e.share,
                        fanout_whole: e.fanout.floor() as u32,
                        fanout_extra: e.fanout - e.fanout.floor(),
                        hop: (hop > 0.0).then(|| events.lane(hop)),
                        timeout: policy.timeout.is_finite().then(|| events.lane(policy.timeout)),
                        policy: policy_index,
                        route: e.route,
                        sync: e.sync,
                        consumes,
                    });
                }
                out[fi * n + v] = (start, edges.len() as u32);
            }
            let targets: Vec<usize> = f.edges.iter().map(|e| e.to).collect();
            let mut entries: Vec<u32> = Vec::new();
            for e in &f.edges {
                if !targets.contains(&e.from) && !entries.contains(&(e.from as u32)) {
                    entries.push(e.from as u32);
                }
            }
            let load = scenario.flows.get(fi).cloned().unwrap_or(FlowLoad {
                rate: f.rate,
                arrivals: Arrivals::Poisson,
                shapes: Vec::new(),
            });
            flows.push(FlowRt {
                max_rate: load.max_rate(),
                load,
                write: f.op == Op::Write,
                entries,
                stats: FlowStats::default(),
                iv: FlowIv::default(),
            });
        }

        Engine {
            design,
            scenario,
            now: 0.0,
            rng: Xoshiro256PlusPlus::seed_from_u64(scenario.seed),
            events,
            policies,
            processed: 0,
            comps,
            instances,
            flows,
            edges,
            out,
            calls: Vec::new(),
            free: Vec::new(),
            scratch: Vec::new(),
            drained: Vec::new(),
            zones,
            series: Vec::new(),
            interval_start: 0.0,
            total_iv: Histogram::new(),
            requests: 0,
        }
    }

    fn run(&mut self, progress: &mut dyn FnMut(Progress)) {
        let duration = self.scenario.duration;
        for f in 0..self.flows.len() {
            if let Some(t) = self.next_arrival(f, 0.0) {
                self.events.push(t, Ev::Arrival, f as u32, 0, 0, 0);
            }
        }
        for (i, failure) in self.scenario.failures.iter().enumerate() {
            if failure.start < duration {
                self.events.push(failure.start, Ev::FailureStart, i as u32, 0, 0, 0);
                if failure.end < duration && !matches!(failure.kind, FailureKind::Flush { .. }) {
                    self.events.push(failure.end, Ev::FailureEnd, i as u32, 0, 0, 0);
                }
            }
        }
        let interval = self.scenario.interval.max(duration * 1e-6);
        if interval < duration {
            self.events.push(interval, Ev::Tick, 1, 0, 0, 0);
        }
        if self.scenario.warmup > 0.0 && self.scenario.warmup < duration {
            self.events.push(self.scenario.warmup, Ev::WarmupEnd, 0, 0, 0, 0);
        }

        while let Some(ev) = self.events.pop() {
            let t = ev.time();
            if t >= duration {
                break;
            }
            self.now = t;
            self.processed += 1;
            match ev.kind() {
                Ev::Arrival => self.arrival(ev.a as usize),
                Ev::Deliver => {
                    if self.calls[ev.a as usize].generation == ev.b {
                        self.arrive(ev.a);
                    }
                }
                Ev::ServiceDone => self.service_done(ev.a, ev.b, ev.c, ev.d),
                Ev::Timeout => {
                    if self.calls[ev.a as usize].generation == ev.b {
                        self.fail_attempt(ev.a, Reason::Timeout);
                    }
                }
                Ev::Retry => {
                    if self.calls[ev.a as usize].generation == ev.b {
                        self.start_attempt(ev.a);
                    }
                }
                Ev::FailureStart => self.failure(ev.a as usize, true),
                Ev::FailureEnd => self.failure(ev.a as usize, false),
                Ev::Tick => {
                    self.close_interval(t);
                    let next = f64::from(ev.a + 1) * interval;
                    if next < duration {
                        self.events.push(next, Ev::Tick, ev.a + 1, 0, 0, 0);
                    }
                    progress(self.progress());
                }
                Ev::WarmupEnd => self.warmup_end(),
            }
            if self.processed.is_multiple_of(PROGRESS_EVERY) {
                progress(self.progress());
            }
        }
        self.now = duration;
        self.close_interval(duration);
        progress(self.progress());
    }

    fn progress(&self) -> Progress {
        Progress {
            time: self.now,
            duration: self.scenario.duration,
            requests: self.requests,
            events: self.processed,
        }
    }

    // ---- arrivals

    /// The next arrival of flow `f` after `t`, if it falls inside the run.
    fn next_arrival(&mut self, f: usize, t: f64) -> Option<f64> {
        let flow = &self.flows[f];
        if flow.entries.is_empty() || flow.max_rate <= 0.0 {
            return None;
        }
        let duration = self.scenario.duration;
        let max = flow.max_rate;
        let mut t = t;
        match flow.load.arrivals {
            Arrivals::Poisson => loop {
                // Thinning: candidates at the highest rate, each kept with rate(t) / max.
                let gap: f64 = Exp1.sample(&mut self.rng);
                t += gap / max;
                if t >= duration {
                    return None;
                }
                let keep = self.flows[f].load.rate_at(t) / max;
                if keep >= 1.0 || self.rng.random::<f64>() < keep {
                    return Some(t);
                }
            },
            Arrivals::Constant => loop {
                let r = flow.load.rate_at(t);
                t += if r > 0.0 { 1.0 / r } else { 1.0 / max };
                if t >= duration {
                    return None;
                }
                if r > 0.0 {
                    return Some(t);
                }
            },
        }
    }

    fn arrival(&mut self, f: usize) {
        if let Some(t) = self.next_arrival(f, self.now) {
            self.events.push(t, Ev::Arrival, f as u32, 0, 0, 0);
        }
        let counted = self.now >= self.scenario.warmup;
        self.requests += 1;
        let flow = &mut self.flows[f];
        flow.iv.requests += 1;
        if counted {
            flow.stats.requests += 1;
        }
        let entries = flow.entries.len();
        if entries == 1 {
            let entry = flow.entries[0];
            let root = self.alloc(Call { comp: entry, ..self.blank(f as u16, counted) });
            self.start_attempt(root);
            return;
        }
        // Several entries: every one of them gets the request, as in the analyzer's load.
        let root = self.alloc(Call { comp: NONE, pending: entries as u32, ..self.blank(f as u16, counted) });
        let generation = self.calls[root as usize].generation;
        for k in 0..entries {
            if self.calls[root as usize].generation != generation {
                break;
            }
            let entry = self.flows[f].entries[k];
            let child = self.alloc(Call {
                comp: entry,
                parent: root,
                parent_gen: generation,
                depth: 1,
                ..self.blank(f as u16, counted)
            });
            self.start_attempt(child);
        }
    }

    fn blank(&self, flow: u16, counted: bool) -> Call {
        Call {
            generation: 0,
            parent: NONE,
            parent_gen: 0,
            comp: NONE,
            edge: NONE,
            pending: 0,
            born: self.now,
            flow,
            attempt: 0,
            depth: 0,
            counted,
            is_async: false,
            live: true,
        }
    }

    fn alloc(&mut self, call: Call) -> u32 {
        match self.free.pop() {
            Some(i) => {
                // Keep counting generations in a reused slot so stale references stay stale.
                let generation = self.calls[i as usize].generation.wrapping_add(1);
                self.calls[i as usize] = Call { generation, ..call };
                i
            }
            None => {
                self.calls.push(call);
                (self.calls.len() - 1) as u32
            }
        }
    }

    fn release(&mut self, c: u32) {
        let call = &mut self.calls[c as usize];
        call.generation = call.generation.wrapping_add(1);
        call.live = false;
        self.free.push(c);
    }

    // ---- calls

    fn start_attempt(&mut self, c: u32) {
        let call = &mut self.calls[c as usize];
        call.generation = call.generation.wrapping_add(1);
        let generation = call.generation;
        let (edge, to) = (call.edge, call.comp);
        if edge == NONE {
            self.arrive(c);
            return;
        }
        let e = &self.edges[edge as usize];
        let (timeout, hop) = (e.timeout, e.hop);
        if e.policy != NONE
            && let Some(cfg) = &self.policies[e.policy as usize].breaker
        {
            let comp = &mut self.comps[to as usize];
            if !comp.breaker.allow(self.now, cfg) {
                comp.stats.shed += 1;
                self.fail_attempt(c, Reason::Open);
                return;
            }
        }
        if let Some(lane) = timeout {
            self.events.push_lane(lane, self.now, Ev::Timeout, c, generation);
        }
        if let Some(lane) = hop {
            self.events.push_lane(lane, self.now, Ev::Deliver, c, generation);
        } else {
            self.arrive(c);
        }
    }

    /// A call reaches its component: limiter, instance, then service, the waiting room or a drop.
    fn arrive(&mut self, c: u32) {
        let now = self.now;
        let call = self.calls[c as usize];
        let ci = call.comp as usize;
        self.comps[ci].stats.arrivals += 1;
        if self.comps[ci].passthrough {
            self.after_service(c);
            return;
        }
        let comp = &mut self.comps[ci];
        if let Some((rate, burst)) = comp.limit {
            comp.tokens = (comp.tokens + (now - comp.tokens_at) * rate).min(burst);
            comp.tokens_at = now;
            if comp.tokens < 1.0 {
                comp.stats.limited += 1;
                comp.iv.dropped += 1;
                self.fail_attempt(c, Reason::Reject);
                return;
            }
            comp.tokens -= 1.0;
        }
        self.dispatch(c, now);
    }

    /// Sends an arrived call to an instance; it has waited since `since` (a message kept by the
    /// broker while its consumers were down has waited since then).
    fn dispatch(&mut self, c: u32, since: f64) {
        let now = self.now;
        let call = self.calls[c as usize];
        let ci = call.comp as usize;
        let write = self.flows[call.flow as usize].write;
        let lag_of = match call.edge {
            NONE => NONE,
            e => {
                let e = &self.edges[e as usize];
                if e.consumes { e.from } else { NONE }
            }
        };
        let pull = lag_of != NONE;
        let Some(inst) = self.pick_instance(ci, write, pull) else {
            if pull {
                // No consumer is up: the message stays in the broker until one is.
                let comp = &mut self.comps[ci];
                comp.touch_parked(now);
                comp.parked.push_back((c, call.generation, since));
                comp.iv.queue_max = comp.iv.queue_max.max(comp.parked.len() as u64);
                return;
            }
            self.refuse(ci, c);
            return;
        };
        if self.instances[inst].down > 0 {
            // Not yet noticed by the balancer: the connection is refused.
            self.refuse(ci, c);
            return;
        }
        let w = Waiting { call: c, generation: call.generation, enqueued: since, lag_of, write };
        let comp = &self.comps[ci];
        let (infinite, servers, waiting) = (comp.infinite, comp.servers, comp.waiting);
        let instance = &mut self.instances[inst];
        if infinite || instance.busy < servers {
            self.start_service(inst, w);
        } else if instance.queue.len() < waiting || pull {
            instance.touch(now);
            instance.queue.push_back(w);
            let len = instance.queue.len() as u64;
            instance.queue_max = instance.queue_max.max(len);
        } else {
            let comp = &mut self.comps[ci];
            comp.stats.dropped += 1;
            comp.iv.dropped += 1;
            self.fail_attempt(c, Reason::Reject);
        }
    }

    /// Whether a balancer sends to instance `i`: up, or down for less than the detection time.
    /// Consumers pull from their queue, so only live ones take messages (`pull`).
    fn routable(&self, i: usize, pull: bool) -> bool {
        let inst = &self.instances[i];
        inst.down == 0 || (!pull && self.now - inst.down_since < self.scenario.detection)
    }

    fn pick_instance(&mut self, ci: usize, write: bool, pull: bool) -> Option<usize> {
        let (shards, per_shard, first, database, balance) = {
            let c = &self.comps[ci];
            (c.shards, c.per_shard, c.first as usize, c.database, c.balance)
        };
        let shard = if shards > 1 { self.rng.random_range(0..shards) } else { 0 };
        let base = first + (shard * per_shard) as usize;
        // A database shard takes writes on its primary only.
        if database && write {
            return self.routable(base, pull).then_some(base);
        }
        let n = per_shard as usize;
        if n == 1 {
            return self.routable(base, pull).then_some(base);
        }
        let cursor = self.comps[ci].cursor[shard as usize] as usize;
        let start = match balance {
            Balance::Random => self.rng.random_range(0..n),
            _ => cursor,
        };
        // The instance `k` places after `start`, wrapping without a division.
        let nth = |k: usize| {
            let j = start + k;
            base + if j >= n { j - n } else { j }
        };
        let picked = match balance {
            Balance::LeastConnections => {
                let mut best: Option<(usize, usize)> = None;
                for k in 0..n {
                    let i = nth(k);
                    if !self.routable(i, pull) {
                        continue;
                    }
                    let load = self.instances[i].busy as usize + self.instances[i].queue.len();
                    if best.is_none_or(|(_, l)| load < l) {
                        best = Some((i, load));
                    }
                }
                best.map(|(i, _)| i)
            }
            _ => (0..n).map(nth).find(|&i| self.routable(i, pull)),
        };
        if let Some(i) = picked
            && balance != Balance::Random
        {
            let next = i - base + 1;
            self.comps[ci].cursor[shard as usize] = if next == n { 0 } else { next as u32 };
        }
        picked
    }

    fn sample(&mut self, ci: usize, write: bool) -> f64 {
        let comp = &self.comps[ci];
        let mean = if write { comp.write_mean } else { comp.read_mean };
        let base = match comp.dist {
            ServiceDist::Exponential => {
                let x: f64 = Exp1.sample(&mut self.rng);
                mean * x
            }
            ServiceDist::Constant => mean,
            ServiceDist::LogNormal { .. } => {
                let s = comp.sigma;
                let z: f64 = StandardNormal.sample(&mut self.rng);
                mean * (s * z - s * s / 2.0).exp()
            }
        };
        base + self.comps[ci].extra_latency
    }

    fn start_service(&mut self, inst: usize, w: Waiting) {
        let now = self.now;
        let ci = self.instances[inst].comp as usize;
        let duration = self.sample(ci, w.write);
        let instance = &mut self.instances[inst];
        instance.touch(now);
        instance.busy += 1;
        let epoch = instance.epoch;
        let comp = &mut self.comps[ci];
        comp.stats.wait.record(now - w.enqueued);
        comp.stats.service_sum += duration;
        comp.stats.service_n += 1;
        if w.call != NONE && w.lag_of != NONE {
            let handed_off = self.calls[w.call as usize].born;
            self.comps[w.lag_of as usize].stats.lag.record(now - handed_off);
        }
        let tag = if w.write { 1 << 31 } else { 0 };
        self.events.push(now + duration, Ev::ServiceDone, inst as u32 | tag, epoch, w.call, w.generation);
    }

    fn service_done(&mut self, inst_tagged: u32, epoch: u32, c: u32, generation: u32) {
        let now = self.now;
        let inst = (inst_tagged & !(1 << 31)) as usize;
        let write = inst_tagged & (1 << 31) != 0;
        let ci = self.instances[inst].comp as usize;
        if self.instances[inst].epoch != epoch {
            // The instance failed while this was in service: the work is lost (a consumer's
            // message is delivered again).
            if c != NONE && self.calls[c as usize].generation == generation {
                let edge = self.calls[c as usize].edge;
                if edge != NONE && self.edges[edge as usize].consumes {
                    self.dispatch(c, now);
                    return;
                }
                self.refuse(ci, c);
            }
            return;
        }
        let instance = &mut self.instances[inst];
        instance.touch(now);
        instance.busy -= 1;
        let next = instance.queue.pop_front();
        self.comps[ci].stats.served += 1;
        if let Some(w) = next {
            self.start_service(inst, w);
        }
        // Replicas apply every write their primary takes (the analyzer's assumption), off the
        // request's path, and never drop it.
        let comp = &self.comps[ci];
        if write && comp.database && c != NONE && comp.per_shard > 1 {
            let offset = inst - comp.first as usize;
            if offset.is_multiple_of(comp.per_shard as usize) {
                let servers = comp.servers;
                for r in inst + 1..inst + comp.per_shard as usize {
                    if self.instances[r].down > 0 {
                        continue;
                    }
                    let job = Waiting { call: NONE, generation: 0, enqueued: now, lag_of: NONE, write: true };
                    if self.instances[r].busy < servers {
                        self.start_service(r, job);
                    } else {
                        let replica = &mut self.instances[r];
                        replica.touch(now);
                        replica.queue.push_back(job);
                        replica.queue_max = replica.queue_max.max(replica.queue.len() as u64);
                    }
                }
            }
        }
        if c != NONE && self.calls[c as usize].generation == generation {
            self.after_service(c);
        }
    }

    /// The component has served the call: it goes on along the flow's edges out of it.
    fn after_service(&mut self, c: u32) {
        let call = self.calls[c as usize];
        let ci = call.comp as usize;
        let fi = call.flow as usize;
        let (start, end) = self.out[fi * self.comps.len() + ci];
        if start == end {
            self.complete(c);
            return;
        }
        let write = self.flows[fi].write;
        let comp = &self.comps[ci];
        let hit = if comp.cache && !write {
            let h = self.hit_ratio(ci);
            self.rng.random::<f64>() < h
        } else {
            false
        };
        let eligible = |e: &EdgeRt| {
            write
                || match e.route {
                    Route::Miss => !hit,
                    Route::Hit => hit,
                    Route::All => true,
                }
        };
        let base = self.scratch.len();
        let (mut sum, mut count, mut only) = (0.0, 0, 0);
        for (k, e) in self.edges[start as usize..end as usize].iter().enumerate() {
            if eligible(e) {
                sum += e.share;
                count += 1;
                only = start + k as u32;
            }
        }
        if count == 1 && sum >= 1.0 {
            // The common case, one edge always taken: no draw needed.
            self.scratch.push((only, 0));
        } else if sum <= 1.0 + 1e-9 {
            let u = self.rng.random::<f64>();
            let mut acc = 0.0;
            for k in start..end {
                let e = &self.edges[k as usize];
                if !eligible(e) {
                    continue;
                }
                acc += e.share;
                if u < acc {
                    self.scratch.push((k, 0));
                    break;
                }
            }
        } else {
            for k in start..end {
                let e = self.edges[k as usize];
                if eligible(&e) && (e.share >= 1.0 || self.rng.random::<f64>() < e.share) {
                    self.scratch.push((k, 0));
                }
            }
        }
        let mut sync_total = 0;
        for s in base..self.scratch.len() {
            let e = &self.edges[self.scratch[s].0 as usize];
            let (whole, extra, sync) = (e.fanout_whole, e.fanout_extra, e.sync);
            let calls = whole + u32::from(extra > 0.0 && self.rng.random::<f64>() < extra);
            self.scratch[s].1 = calls;
            if sync {
                sync_total += calls;
            }
        }
        let end_choices = self.scratch.len();
        self.calls[c as usize].pending = sync_total;
        let generation = self.calls[c as usize].generation;
        'spawn: for s in base..end_choices {
            let (edge, count) = self.scratch[s];
            let e = self.edges[edge as usize];
            for _ in 0..count {
                if e.sync && self.calls[c as usize].generation != generation {
                    // A child failed at once and took this call down: stop calling.
                    break 'spawn;
                }
                let child = Call {
                    comp: e.to,
                    edge,
                    parent: if e.sync { c } else { NONE },
                    parent_gen: generation,
                    depth: call.depth.saturating_add(1),
                    is_async: !e.sync,
                    ..self.blank(call.flow, call.counted)
                };
                let id = self.alloc(child);
                if !e.sync && call.counted {
                    self.flows[fi].stats.async_jobs += 1;
                }
                if child.depth > MAX_DEPTH {
                    self.fail_call(id, Reason::Error);
                } else {
                    self.start_attempt(id);
                }
            }
        }
        self.scratch.truncate(base);
        if sync_total == 0 && self.calls[c as usize].generation == generation {
            self.complete(c);
        }
    }

    fn hit_ratio(&self, ci: usize) -> f64 {
        let comp = &self.comps[ci];
        // After a flush the cache refills: the hit ratio climbs back as 1 − e^(−3t/recover),
        // 95 % of the way by `recover`.
        if comp.flushed_at == f64::NEG_INFINITY {
            return comp.hit;
        }
        let since = self.now - comp.flushed_at;
        comp.hit * (1.0 - (-3.0 * since / comp.recover).exp())
    }

    fn complete(&mut self, c: u32) {
        let call = self.calls[c as usize];
        if call.edge != NONE {
            let e = &self.edges[call.edge as usize];
            if e.policy != NONE
                && let Some(cfg) = &self.policies[e.policy as usize].breaker
            {
                let comp = &mut self.comps[e.to as usize];
                if comp.breaker.record(true, self.now, cfg) {
                    comp.stats.opens += 1;
                }
            }
        }
        self.release(c);
        if call.parent == NONE {
            if !call.is_async {
                let latency = self.now - call.born;
                let flow = &mut self.flows[call.flow as usize];
                flow.iv.served += 1;
                flow.iv.latency.record(latency);
                if call.counted {
                    flow.stats.served += 1;
                    flow.stats.latency.record(latency);
                }
            }
            return;
        }
        let parent = &mut self.calls[call.parent as usize];
        if parent.generation == call.parent_gen {
            parent.pending -= 1;
            if parent.pending == 0 {
                self.complete(call.parent);
            }
        }
    }

    /// Component `ci` fails call `c`: counted as its error, and the attempt fails (to be
    /// retried, if the caller's policy says so).
    fn refuse(&mut self, ci: usize, c: u32) {
        let comp = &mut self.comps[ci];
        comp.stats.errors += 1;
        comp.iv.errors += 1;
        self.fail_attempt(c, Reason::Error);
    }

    fn fail_attempt(&mut self, c: u32, reason: Reason) {
        let call = self.calls[c as usize];
        if reason == Reason::Timeout && call.counted {
            self.flows[call.flow as usize].stats.timeouts += 1;
        }
        let policy = if call.edge == NONE { NONE } else { self.edges[call.edge as usize].policy };
        if policy != NONE {
            let p = self.policies[policy as usize];
            let to = self.edges[call.edge as usize].to as usize;
            if let Some(cfg) = &p.breaker
                && reason != Reason::Open
            {
                let comp = &mut self.comps[to];
                if comp.breaker.record(false, self.now, cfg) {
                    comp.stats.opens += 1;
                }
            }
            if u32::from(call.attempt) < p.retries {
                let attempt = call.attempt + 1;
                let slot = &mut self.calls[c as usize];
                slot.attempt = attempt;
                slot.generation = slot.generation.wrapping_add(1);
                let generation = slot.generation;
                let flow = &mut self.flows[call.flow as usize];
                flow.iv.retries += 1;
                if call.counted {
                    flow.stats.retries += 1;
                }
                let delay = self.backoff(&p, attempt);
                self.events.push(self.now + delay, Ev::Retry, c, generation, 0, 0);
                return;
            }
        }
        self.fail_call(c, reason);
    }

    /// Exponential backoff before retry `attempt` (1 for the first), with jitter.
    fn backoff(&mut self, p: &CallPolicy, attempt: u8) -> f64 {
        let b = (p.backoff * 2f64.powi(i32::from(attempt) - 1)).min(p.max_backoff.max(p.backoff));
        match p.jitter {
            Jitter::Full => b * self.rng.random::<f64>(),
            Jitter::Equal => b / 2.0 + b / 2.0 * self.rng.random::<f64>(),
            Jitter::None => b,
        }
    }

    /// A call failed for good: its parent's attempt fails, or the request ends.
    fn fail_call(&mut self, c: u32, reason: Reason) {
        let call = self.calls[c as usize];
        self.release(c);
        if call.parent == NONE {
            let flow = &mut self.flows[call.flow as usize];
            if call.is_async {
                if call.counted {
                    flow.stats.async_failed += 1;
                }
            } else if reason == Reason::Reject {
                flow.iv.dropped += 1;
                if call.counted {
                    flow.stats.dropped += 1;
                }
            } else {
                flow.iv.errors += 1;
                if call.counted {
                    flow.stats.errors += 1;
                }
            }
            return;
        }
        if self.calls[call.parent as usize].generation == call.parent_gen {
            let up = if reason == Reason::Reject { Reason::Reject } else { Reason::Error };
            self.fail_attempt(call.parent, up);
        }
    }

    // ---- failures

    fn failure(&mut self, i: usize, starting: bool) {
        let failure = &self.scenario.failures[i];
        match &failure.kind {
            FailureKind::Component(c) => {
                let c = &self.comps[*c];
                let range = c.first as usize..(c.first + c.shards * c.per_shard) as usize;
                for inst in range {
                    self.set_down(inst, starting);
                }
            }
            FailureKind::Instance(c, k) => {
                let c = &self.comps[*c];
                if *k < c.shards * c.per_shard {
                    self.set_down((c.first + k) as usize, starting);
                }
            }
            FailureKind::Zone(name) => {
                if let Some(z) = self.zones.iter().position(|x| x == name) {
                    for inst in 0..self.instances.len() {
                        if self.instances[inst].zone == z as u32 {
                            self.set_down(inst, starting);
                        }
                    }
                }
            }
            FailureKind::Latency(c, by) => {
                let comp = &mut self.comps[*c];
                comp.extra_latency =
                    if starting { comp.extra_latency + by } else { (comp.extra_latency - by).max(0.0) };
            }
            FailureKind::Flush { component, recover } => {
                if starting {
                    let comp = &mut self.comps[*component];
                    comp.flushed_at = self.now;
                    comp.recover = *recover;
                }
            }
        }
    }

    fn set_down(&mut self, inst: usize, starting: bool) {
        let now = self.now;
        let instance = &mut self.instances[inst];
        if !starting {
            instance.down = instance.down.saturating_sub(1);
            if instance.down == 0 {
                let ci = instance.comp as usize;
                // Consumers back: the broker delivers what waited for them.
                self.comps[ci].touch_parked(now);
                let parked = std::mem::take(&mut self.comps[ci].parked);
                for &(c, generation, since) in &parked {
                    if self.calls[c as usize].generation == generation {
                        self.dispatch(c, since);
                    }
                }
            }
            return;
        }
        instance.down += 1;
        if instance.down > 1 {
            return;
        }
        // What it held is lost: work in service fails when it would have finished (the epoch
        // no longer matches), waiting requests fail now.
        instance.touch(now);
        instance.epoch = instance.epoch.wrapping_add(1);
        instance.busy = 0;
        instance.down_since = now;
        let ci = instance.comp as usize;
        let mut drained = std::mem::take(&mut self.drained);
        drained.extend(instance.queue.drain(..));
        for w in &drained {
            if w.call != NONE && self.calls[w.call as usize].generation == w.generation {
                if w.lag_of != NONE {
                    // A message is not lost with its consumer: the broker delivers it again.
                    self.dispatch(w.call, w.enqueued);
                    continue;
                }
                self.refuse(ci, w.call);
            }
        }
        drained.clear();
        self.drained = drained;
    }

    // ---- measurement

    /// Moves every instance's areas into its component's interval.
    fn gather_areas(&mut self) {
        let now = self.now;
        for comp in &mut self.comps {
            comp.touch_parked(now);
            comp.iv.queue_area += comp.parked_area;
            comp.parked_area = 0.0;
        }
        for inst in &mut self.instances {
            inst.touch(now);
            let comp = &mut self.comps[inst.comp as usize];
            comp.iv.busy_area += inst.busy_area;
            comp.iv.queue_area += inst.queue_area;
            comp.iv.queue_max = comp.iv.queue_max.max(inst.queue_max);
            inst.busy_area = 0.0;
            inst.queue_area = 0.0;
            inst.queue_max = inst.queue.len() as u64;
        }
    }

    fn warmup_end(&mut self) {
        self.gather_areas();
        for comp in &mut self.comps {
            comp.iv.pre_busy = comp.iv.busy_area;
            comp.iv.pre_queue = comp.iv.queue_area;
            comp.stats = CompStats::default();
        }
    }

    fn close_interval(&mut self, end: f64) {
        self.now = end;
        self.gather_areas();
        let start = self.interval_start;
        let dt = (end - start).max(1e-12);
        let mut components = Vec::with_capacity(self.comps.len());
        for comp in &mut self.comps {
            let capacity = f64::from(comp.servers) * f64::from(comp.shards * comp.per_shard);
            components.push(ComponentPoint {
                utilization: if capacity > 0.0 { comp.iv.busy_area / (capacity * dt) } else { 0.0 },
                queue_depth: comp.iv.queue_area / dt,
                queue_max: comp.iv.queue_max,
                dropped: comp.iv.dropped,
                errors: comp.iv.errors,
            });
            comp.stats.busy_area += comp.iv.busy_area - comp.iv.pre_busy;
            comp.stats.queue_area += comp.iv.queue_area - comp.iv.pre_queue;
            comp.stats.queue_max = comp.stats.queue_max.max(comp.iv.queue_max);
            comp.iv = CompIv::default();
        }
        let mut total = FlowPoint::default();
        let mut flows = Vec::with_capacity(self.flows.len());
        for flow in &mut self.flows {
            let iv = &mut flow.iv;
            let point = FlowPoint {
                requests: iv.requests,
                served: iv.served,
                errors: iv.errors,
                dropped: iv.dropped,
                retries: iv.retries,
                mean: iv.latency.mean(),
                p50: iv.latency.quantile(0.5),
                p95: iv.latency.quantile(0.95),
                p99: iv.latency.quantile(0.99),
            };
            total.requests += point.requests;
            total.served += point.served;
            total.errors += point.errors;
            total.dropped += point.dropped;
            total.retries += point.retries;
            flows.push(point);
            iv.requests = 0;
            iv.served = 0;
            iv.errors = 0;
            iv.dropped = 0;
            iv.retries = 0;
        }
        self.total_iv.clear();
        for flow in &self.flows {
            self.total_iv.merge(&flow.iv.latency);
        }
        total.mean = self.total_iv.mean();
        total.p50 = self.total_iv.quantile(0.5);
        total.p95 = self.total_iv.quantile(0.95);
        total.p99 = self.total_iv.quantile(0.99);
        for flow in &mut self.flows {
            flow.iv.latency.clear();
        }
        self.series.push(Point { start, end, total, flows, components });
        self.interval_start = end;
    }

    fn report(self) -> Report {
        let duration = self.scenario.duration;
        let measured = (duration - self.scenario.warmup).max(1e-12);
        let mut in_flight = vec![0u64; self.flows.len()];
        for call in &self.calls {
            if call.live && call.parent == NONE && !call.is_async && call.counted {
                in_flight[call.flow as usize] += 1;
            }
        }
        let flows = self
            .flows
            .iter()
            .zip(&self.design.flows)
            .zip(in_flight)
            .map(|((f, d), in_flight)| {
                let s = &f.stats;
                FlowSummary {
                    name: d.name.clone(),
                    requests: s.requests,
                    served: s.served,
                    errors: s.errors,
                    dropped: s.dropped,
                    in_flight,
                    retries: s.retries,
                    timeouts: s.timeouts,
                    mean: s.latency.mean(),
                    p50: s.latency.quantile(0.5),
                    p95: s.latency.quantile(0.95),
                    p99: s.latency.quantile(0.99),
                    max: s.latency.max(),
                    async_jobs: s.async_jobs,
                    async_failed: s.async_failed,
                }
            })
            .collect();
        let components = self
            .comps
            .iter()
            .zip(&self.design.components)
            .map(|(c, d)| {
                let s = &c.stats;
                let instances = c.shards * c.per_shard;
                let capacity = f64::from(c.servers) * f64::from(instances);
                ComponentSummary {
                    id: d.id.clone(),
                    kind: d.kind,
                    instances,
                    servers: c.servers,
                    arrivals: s.arrivals,
                    served: s.served,
                    dropped: s.dropped,
                    limited: s.limited,
                    errors: s.errors,
                    shed: s.shed,
                    breaker_opens: s.opens,
                    utilization: if capacity > 0.0 { s.busy_area / (capacity * measured) } else { 0.0 },
                    in_service_mean: s.busy_area / measured,
                    queue_depth_mean: s.queue_area / measured,
                    queue_depth_max: s.queue_max,
                    wait_mean: s.wait.mean(),
                    wait_p99: s.wait.quantile(0.99),
                    service_mean: if s.service_n > 0 { s.service_sum / s.service_n as f64 } else { 0.0 },
                    lag_mean: c.feeds_consumers.then(|| s.lag.mean()),
                    lag_p99: c.feeds_consumers.then(|| s.lag.quantile(0.99)),
                }
            })
            .collect();
        let failures = self
            .scenario
            .failures
            .iter()
            .filter(|f| f.start < duration)
            .map(|f| {
                let end = match f.kind {
                    FailureKind::Flush { recover, .. } => f.start + recover,
                    _ => f.end,
                };
                Window { label: f.label(self.design), start: f.start, end: end.min(duration) }
            })
            .collect();
        Report {
            duration,
            seed: self.scenario.seed,
            interval: self.scenario.interval,
            warmup: self.scenario.warmup,
            events: self.processed,
            flows,
            components,
            series: self.series,
            failures,
        }
    }
}
