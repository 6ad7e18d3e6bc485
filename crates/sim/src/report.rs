//! What a run measured: a summary per flow and per component, a time series per interval, and
//! the failure windows, all in seconds and counts. Serialising it is the caller's business.

use design::Kind;

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub duration: f64,
    pub seed: u64,
    pub interval: f64,
    pub warmup: f64,
    /// Events the engine processed: a measure of the work, for speed comparisons.
    pub events: u64,
    pub flows: Vec<FlowSummary>,
    pub components: Vec<ComponentSummary>,
    pub series: Vec<Point>,
    pub failures: Vec<Window>,
}

/// One flow over the measured part of the run (after the warm-up). A request is what a client
/// sends once: `requests = served + errors + dropped + in_flight`; retries are counted apart.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowSummary {
    pub name: String,
    pub requests: u64,
    pub served: u64,
    /// Failed: a component down, a timeout or an open breaker, after the retries.
    pub errors: u64,
    /// Rejected by a full waiting room or a rate limiter, after the retries.
    pub dropped: u64,
    pub in_flight: u64,
    /// Attempts repeated after a failure, at any hop.
    pub retries: u64,
    /// Attempts that timed out, at any hop (a timed-out attempt may still succeed on retry).
    pub timeouts: u64,
    /// Latency of served requests, in seconds.
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
    /// Asynchronous hand-offs (`~>`) started by the flow, and those that failed or were dropped.
    pub async_jobs: u64,
    pub async_failed: u64,
}

impl FlowSummary {
    /// The conservation law every run keeps.
    pub fn balanced(&self) -> bool {
        self.requests == self.served + self.errors + self.dropped + self.in_flight
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ComponentSummary {
    pub id: String,
    pub kind: Kind,
    /// Instances over all shards, and the servers (concurrency) of each.
    pub instances: u32,
    pub servers: u32,
    /// Calls that reached it, retries included.
    pub arrivals: u64,
    /// Services completed (replication work on database replicas included).
    pub served: u64,
    /// Rejected by a full waiting room.
    pub dropped: u64,
    /// Rejected by its rate limiter.
    pub limited: u64,
    /// Refused because no instance was up, or lost when an instance failed.
    pub errors: u64,
    /// Calls its callers' circuit breaker failed fast, and how often that breaker opened.
    pub shed: u64,
    pub breaker_opens: u64,
    /// Busy servers over all servers, time-averaged; 0 for components without a queue.
    pub utilization: f64,
    /// Time-averaged requests in service and waiting, over all instances.
    pub in_service_mean: f64,
    pub queue_depth_mean: f64,
    pub queue_depth_max: u64,
    /// Waiting before service, in seconds, over everything served (replication included).
    pub wait_mean: f64,
    pub wait_p99: f64,
    pub service_mean: f64,
    /// For queues: how long messages waited for a consumer, in seconds.
    pub lag_mean: Option<f64>,
    pub lag_p99: Option<f64>,
}

/// One interval of the time series.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub start: f64,
    pub end: f64,
    /// All flows together.
    pub total: FlowPoint,
    pub flows: Vec<FlowPoint>,
    pub components: Vec<ComponentPoint>,
}

/// What happened to a flow's requests in one interval: arrivals, and outcomes of requests that
/// finished in it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FlowPoint {
    pub requests: u64,
    pub served: u64,
    pub errors: u64,
    pub dropped: u64,
    pub retries: u64,
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ComponentPoint {
    pub utilization: f64,
    /// Time-averaged requests waiting, over all instances, and the most at once.
    pub queue_depth: f64,
    pub queue_max: u64,
    pub dropped: u64,
    pub errors: u64,
}

/// A failure from the scenario, clamped to the run, for tables and charts.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    pub label: String,
    pub start: f64,
    pub end: f64,
}

/// What the engine reports while it runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Virtual time reached, and the run's end.
    pub time: f64,
    pub duration: f64,
    pub requests: u64,
    pub events: u64,
}

impl Progress {
    pub fn fraction(&self) -> f64 {
        if self.duration > 0.0 { (self.time / self.duration).clamp(0.0, 1.0) } else { 1.0 }
    }
}
