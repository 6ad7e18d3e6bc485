//! Design smells: rules with stable ids, each a small check over the resolved design and its
//! analysis, reported with the line that causes it and what to do about it.

use crate::analyze::Report;
use crate::catalogue::Kind;
use crate::model::{Design, Op};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub line: u32,
    pub help: &'static str,
}

/// Every rule: id, what it catches, and why it matters. Documented in docs/design-language.md.
pub const RULES: &[(&str, &str)] = &[
    ("overloaded", "a component runs past 100 % utilisation at peak: requests queue without bound"),
    (
        "over-target",
        "a component runs past the target utilisation at peak: no room for a spike or a lost instance",
    ),
    (
        "single-point-of-failure",
        "a component on a request path has no spare instance: one failure takes the flow down",
    ),
    ("availability-below-objective", "a flow's computed availability misses its objective"),
    ("latency-above-objective", "a flow's computed p50 or p99 misses its objective"),
    ("read-path-without-cache", "a read-heavy flow reaches a database with no cache in front"),
    ("cache-too-small", "a cache's memory does not hold the working set it is declared to serve"),
    (
        "cache-without-eviction",
        "a cache has no eviction policy set: it fills and starts failing writes, or evicts at random",
    ),
    (
        "primary-write-overload",
        "one database primary takes more writes than it sustains; replicas do not help, shards do",
    ),
    ("sync-external-call", "a synchronous call to a third-party service sits on a request path"),
    (
        "no-load-balancer",
        "several instances receive traffic directly from clients with no load balancer or gateway",
    ),
    ("stateful-behind-lb", "a stateful service sits behind a load balancer with no shared session store"),
    ("unlimited-public-write", "a public write flow has no rate limiting at its edge"),
    ("media-without-cdn", "large responses are served from servers rather than a CDN or object store"),
    ("queue-without-consumer", "a queue receives messages that no flow consumes"),
    ("async-without-dlq", "asynchronous work has no dead-letter queue or retry policy"),
    ("shards-too-few", "the data stored over the horizon does not fit the shards' disks"),
    ("single-zone", "all instances of a replicated component sit in one zone"),
    ("no-replica", "a database keeps its only copy of the data on one instance per shard"),
    ("unused-component", "a component no flow reaches"),
    ("large-fan-out", "a flow fans out to more than 100 calls per request"),
];

pub fn check(design: &Design, report: &Report) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push =
        |rule: &'static str, severity: Severity, message: String, line: u32, help: &'static str| {
            out.push(Finding { rule, severity, message, line, help });
        };
    let target = design.target_utilization;
    for (c, r) in design.components.iter().zip(&report.components) {
        if !r.used {
            push(
                "unused-component",
                Severity::Info,
                format!("`{}` is not on any flow's path", c.id),
                c.line,
                "remove it, or add it to a flow's path",
            );
            continue;
        }
        if r.utilization_peak >= 1.0 {
            push(
                "overloaded",
                Severity::Error,
                format!(
                    "`{}` is at {:.0} % at peak; it needs {} instances to stay under {:.0} %",
                    c.id,
                    r.utilization_peak * 100.0,
                    r.needed_instances,
                    target * 100.0
                ),
                c.line,
                "add replicas (or shards for database writes), or cut the load with a cache",
            );
        } else if r.utilization_peak > target {
            push(
                "over-target",
                Severity::Warning,
                format!(
                    "`{}` is at {:.0} % at peak, over the {:.0} % target; {} instances would do",
                    c.id,
                    r.utilization_peak * 100.0,
                    target * 100.0,
                    r.needed_instances
                ),
                c.line,
                "add instances so a spike or a lost instance does not tip it over",
            );
        }
        if r.spof {
            push(
                "single-point-of-failure",
                Severity::Warning,
                format!(
                    "`{}` has {} instance{} per shard and needs them all at peak: losing one breaks every flow through it",
                    c.id,
                    c.instances,
                    if c.instances == 1 { "" } else { "s" }
                ),
                c.line,
                "add a replica beyond what peak load needs, in another zone",
            );
        }
        if c.kind == Kind::Cache {
            if let (Some(ws), Some(mem)) = (c.working_set, c.memory) {
                let total = mem * f64::from(c.shards);
                if ws > total {
                    push(
                        "cache-too-small",
                        Severity::Warning,
                        format!(
                            "`{}` holds {:.0} GB but its working set is {:.0} GB",
                            c.id,
                            total / 1e9,
                            ws / 1e9
                        ),
                        c.line,
                        "add shards or memory, or accept a lower hit ratio",
                    );
                }
            }
            if c.eviction.is_none() {
                push(
                    "cache-without-eviction",
                    Severity::Info,
                    format!("`{}` sets no eviction policy", c.id),
                    c.line,
                    "say `eviction lru` (or lfu, ttl) so behaviour when full is a decision",
                );
            }
        }
        if c.kind.is_database() {
            if let Some(wc) = c.write_capacity {
                let per_primary = r.peak_writes / f64::from(c.shards);
                if per_primary > wc {
                    push(
                        "primary-write-overload",
                        Severity::Error,
                        format!(
                            "each `{}` primary takes {:.0} writes/s at peak but sustains {:.0}",
                            c.id, per_primary, wc
                        ),
                        c.line,
                        "shard the writes (read replicas do not take writes), batch them, or queue them",
                    );
                }
            }
            if c.instances == 1 && r.writes > 0.0 {
                push(
                    "no-replica",
                    Severity::Warning,
                    format!("`{}` keeps one copy of its data per shard", c.id),
                    c.line,
                    "add a replica: a disk failure otherwise loses data since the last backup",
                );
            }
            if let Some(disk) = c.disk {
                let per_copy = r.storage / f64::from(c.instances.max(1));
                let capacity = disk * f64::from(c.shards);
                if per_copy > capacity && disk.is_finite() {
                    push(
                        "shards-too-few",
                        Severity::Error,
                        format!(
                            "`{}` stores {:.1} TB per copy over the horizon but {} shard{} hold {:.1} TB",
                            c.id,
                            per_copy / 1e12,
                            c.shards,
                            if c.shards == 1 { "" } else { "s" },
                            capacity / 1e12
                        ),
                        c.line,
                        "add shards (or disk per instance) to cover the data",
                    );
                }
            }
        }
        if c.total_instances() > 1 && c.zones.len() == 1 && !c.kind.is_outside() {
            push(
                "single-zone",
                Severity::Warning,
                format!("every instance of `{}` is in zone `{}`", c.id, c.zones[0]),
                c.line,
                "spread instances over at least two zones",
            );
        }
        if c.stateful && !design.components.iter().any(|x| x.kind == Kind::Cache || x.kind == Kind::Nosql) {
            let behind_lb = design.flows.iter().flat_map(|f| &f.edges).any(|e| {
                design.components[e.to].id == c.id
                    && matches!(design.components[e.from].kind, Kind::LoadBalancer | Kind::Gateway)
            });
            if behind_lb {
                push(
                    "stateful-behind-lb",
                    Severity::Warning,
                    format!(
                        "`{}` keeps state but sits behind a load balancer with no shared session store",
                        c.id
                    ),
                    c.line,
                    "keep sessions in a shared store (a cache or key-value store), or route by key",
                );
            }
        }
        if c.kind == Kind::Queue {
            let consumed = design.flows.iter().flat_map(|f| &f.edges).any(|e| e.from == r.index);
            if !consumed {
                push(
                    "queue-without-consumer",
                    Severity::Warning,
                    format!("nothing consumes `{}`", c.id),
                    c.line,
                    "add the consumer to the flow: `queue ~> worker`",
                );
            } else if !c.dlq {
                push(
                    "async-without-dlq",
                    Severity::Info,
                    format!("`{}` has no dead-letter queue or retry policy", c.id),
                    c.line,
                    "add `dlq` so poison messages are parked, not retried forever or lost",
                );
            }
        }
    }
    for (f, fr) in design.flows.iter().zip(&report.flows) {
        for e in &f.edges {
            let from = &design.components[e.from];
            let to = &design.components[e.to];
            if e.sync && to.kind == Kind::External && from.kind != Kind::Worker && from.kind != Kind::Stream {
                push(
                    "sync-external-call",
                    Severity::Warning,
                    format!("flow `{}` waits on the third-party `{}`", f.name, to.id),
                    e.line,
                    "set a timeout and a fallback, or move the call behind a queue",
                );
            }
            if from.kind == Kind::Client
                && to.total_instances() > 1
                && !matches!(
                    to.kind,
                    Kind::LoadBalancer | Kind::Gateway | Kind::Cdn | Kind::Dns | Kind::ObjectStore
                )
            {
                push(
                    "no-load-balancer",
                    Severity::Warning,
                    format!("clients reach the {} instances of `{}` directly", to.total_instances(), to.id),
                    e.line,
                    "put a load balancer or gateway in front",
                );
            }
            if e.fanout > 100.0 {
                push(
                    "large-fan-out",
                    Severity::Warning,
                    format!("flow `{}` makes {:.0} calls per request to `{}`", f.name, e.fanout, to.id),
                    e.line,
                    "fan out on write, batch, or precompute",
                );
            }
        }
        // Reads that reach a database without passing a cache.
        if f.op == Op::Read && f.rate * f.peak_factor >= 1_000.0 {
            let reaches_db_uncached = f.edges.iter().any(|e| {
                design.components[e.to].kind.is_database()
                    && !matches!(design.components[e.from].kind, Kind::Cache | Kind::Cdn)
                    && !f
                        .edges
                        .iter()
                        .any(|x| matches!(design.components[x.to].kind, Kind::Cache | Kind::Cdn))
            });
            if reaches_db_uncached {
                push(
                    "read-path-without-cache",
                    Severity::Warning,
                    format!(
                        "flow `{}` reads {:.0}/s at peak straight from the database",
                        f.name,
                        f.rate * f.peak_factor
                    ),
                    f.line,
                    "put a cache in front of the database for this flow",
                );
            }
        }
        let public_write =
            f.op == Op::Write && f.edges.iter().any(|e| design.components[e.from].kind == Kind::Client);
        let limited = f.edges.iter().any(|e| {
            let c = &design.components[e.to];
            c.rate_limit || c.kind == Kind::Gateway
        });
        if public_write && !limited {
            push(
                "unlimited-public-write",
                Severity::Warning,
                format!("flow `{}` takes writes from clients with no rate limit", f.name),
                f.line,
                "add a gateway, or `rate_limit` on the first component",
            );
        }
        if f.response_bytes >= 1e6 {
            let via_edge =
                f.edges.iter().any(|e| matches!(design.components[e.to].kind, Kind::Cdn | Kind::ObjectStore));
            if !via_edge {
                push(
                    "media-without-cdn",
                    Severity::Warning,
                    format!(
                        "flow `{}` returns {:.1} MB per request from servers",
                        f.name,
                        f.response_bytes / 1e6
                    ),
                    f.line,
                    "serve large objects from an object store through a CDN",
                );
            }
        }
        for o in design.objectives.iter().filter(|o| o.flow.as_deref().is_none_or(|n| n == f.name)) {
            if let Some(a) = o.availability
                && fr.availability + 1e-12 < a
            {
                push(
                    "availability-below-objective",
                    Severity::Error,
                    format!(
                        "flow `{}` is {} available; the objective is {}",
                        f.name,
                        percent_below(fr.availability, a),
                        percent(a)
                    ),
                    o.line,
                    "add replicas to the components on its path, or make dependencies asynchronous",
                );
            }
            for (label, target, got) in [("p50", o.p50, fr.p50), ("p99", o.p99, fr.p99)] {
                if let Some(t) = target
                    && got > t
                {
                    push(
                        "latency-above-objective",
                        Severity::Error,
                        format!(
                            "flow `{}` has {label} {} at peak; the objective is {}",
                            f.name,
                            ms(got),
                            ms(t)
                        ),
                        o.line,
                        "cut hops or queueing on the path: cache, add instances, or go asynchronous",
                    );
                }
            }
        }
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.line.cmp(&b.line)));
    out
}

/// A fraction as a percentage, trailing zeros dropped, with as many decimals (2 to 8) as it takes
/// not to show 100 % for something short of it: `99.994 %`, `99.999998 %`.
pub fn percent(f: f64) -> String {
    let p = f * 100.0;
    let text = (2..=8)
        .map(|d| format!("{p:.d$}"))
        .find(|t| f >= 1.0 || !t.starts_with("100"))
        .unwrap_or_else(|| format!("{p:.8}"));
    let text =
        if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_owned() } else { text };
    format!("{text} %")
}

/// `got` as a percentage with enough decimals to read below `target` (rounded down, so
/// 99.9899 % never shows as the 99.99 % it misses).
fn percent_below(got: f64, target: f64) -> String {
    let (g, t) = (got * 100.0, target * 100.0);
    for d in 2..=8 {
        let scale = 10f64.powi(d);
        let shown = (g * scale).floor() / scale;
        if shown < t - 1e-12 {
            let text = format!("{shown:.*}", d as usize);
            return format!("{} %", text.trim_end_matches('0').trim_end_matches('.'));
        }
    }
    percent(got)
}

pub fn ms(seconds: f64) -> String {
    if seconds.is_infinite() {
        "unbounded (saturated)".to_owned()
    } else {
        format!("{:.1} ms", seconds * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missed_availability_never_reads_as_the_target() {
        assert_eq!(percent_below(0.999898984, 0.9999), "99.98 %");
        assert_eq!(percent_below(0.99989, 0.9999), "99.98 %");
        assert_eq!(percent_below(0.999899999, 0.99990), "99.98 %");
        assert_eq!(percent_below(0.9989999, 0.999), "99.89 %");
        assert_eq!(percent_below(0.95, 0.999), "95 %");
        assert_eq!(percent(0.999898984), "99.99 %");
    }
}
