//! Invariants of every run, on random small designs and scenarios: requests = served + errors +
//! dropped + in flight for every flow; latencies are never negative and percentiles are ordered;
//! the time series adds up to the summary; no input makes the engine panic.

use proptest::prelude::*;
use sim::scenario::{self, Overrides};

const KINDS: &[&str] =
    &["service", "cache", "sql", "nosql", "lb", "gateway", "queue", "worker", "external", "cdn"];

#[derive(Clone, Debug)]
struct Component {
    kind: &'static str,
    replicas: u32,
    shards: u32,
    concurrency: u32,
    latency_ms: u32,
    zone: &'static str,
}

fn component() -> impl Strategy<Value = Component> {
    (
        proptest::sample::select(KINDS),
        1u32..4,
        1u32..3,
        1u32..6,
        1u32..40,
        proptest::sample::select(&["", "a", "a b"][..]),
    )
        .prop_map(|(kind, replicas, shards, concurrency, latency_ms, zone)| Component {
            kind,
            replicas,
            shards,
            concurrency,
            latency_ms,
            zone,
        })
}

/// A design whose flows start at a client and only go forward (no cycles), with shares, fan-out,
/// hits and asynchronous hops.
fn design() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(component(), 2..7),
        proptest::collection::vec(
            (
                10u32..600,
                any::<bool>(),
                proptest::collection::vec(
                    (
                        0usize..7,
                        0usize..7,
                        any::<bool>(),
                        proptest::sample::select(&["", " 30%", " 70%", " x2", " fanout 1.5", " hit"][..]),
                    ),
                    1..5,
                ),
            ),
            1..3,
        ),
    )
        .prop_map(|(components, flows)| {
            let n = components.len();
            let mut s = String::from("web: client\n");
            for (i, c) in components.iter().enumerate() {
                s.push_str(&format!(
                    "c{i}: {} replicas {} shards {} concurrency {} latency {} ms",
                    c.kind, c.replicas, c.shards, c.concurrency, c.latency_ms
                ));
                if !c.zone.is_empty() {
                    s.push_str(&format!(" zone {}", c.zone));
                }
                s.push('\n');
            }
            for (f, (rate, write, hops)) in flows.iter().enumerate() {
                s.push_str(&format!("flow f{f}: {rate}/s {}\n", if *write { "write" } else { "read" }));
                s.push_str("  web -> c0\n");
                for (a, b, sync, extra) in hops {
                    let (a, b) = (a % n, b % n);
                    if a < b {
                        let arrow = if *sync { "->" } else { "~>" };
                        s.push_str(&format!("  c{a} {arrow} c{b}{extra}\n"));
                    }
                }
            }
            s
        })
}

fn scenario() -> impl Strategy<Value = String> {
    let failure = (0usize..7, 0u32..4, 0u32..3000, 1u32..2000, 0u32..5);
    (
        1u32..4,
        any::<u64>(),
        proptest::option::of(0u32..40),
        proptest::option::of((5u32..200, 0u32..4, any::<bool>(), proptest::option::of(10u32..90))),
        proptest::collection::vec(failure, 0..4),
        proptest::option::of((1u32..5, 0u32..3000)),
        proptest::sample::select(&["round-robin", "least-connections", "random"][..]),
        proptest::option::of(0u32..1000),
    )
        .prop_map(|(seconds, seed, waiting, policy, failures, spike, balance, warmup_ms)| {
            let mut s =
                format!("set duration {seconds}s\nset seed {seed}\ncomponent all balance {balance}\n");
            if let Some(w) = waiting {
                s.push_str(&format!("component all waiting {w}\n"));
            }
            if let Some(ms) = warmup_ms {
                s.push_str(&format!("set warmup {ms} ms\nset detection {} ms\n", ms / 2));
            }
            if let Some((timeout, retries, jitter, breaker)) = policy {
                s.push_str(&format!(
                    "call all timeout {timeout} ms retries {retries} backoff 5 ms jitter {}",
                    if jitter { "full" } else { "none" }
                ));
                if let Some(b) = breaker {
                    s.push_str(&format!(" breaker {b}% window 5 cooldown 200 ms"));
                }
                s.push('\n');
            }
            for (c, kind, at, len, n) in failures {
                let c = format!("c{}", c % 2);
                s.push_str(&match kind {
                    0 => format!("fail {c} at {at} ms for {len} ms\n"),
                    1 => format!("fail {c} instance 1 at {at} ms for {len} ms\n"),
                    2 => format!("slow {c} {n} ms at {at} ms for {len} ms\n"),
                    _ => format!("fail zone a at {at} ms for {len} ms\n"),
                });
            }
            if let Some((factor, at)) = spike {
                s.push_str(&format!("spike all x{factor} at {at} ms for 500 ms\n"));
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn requests_are_conserved_and_latencies_are_sane(design_text in design(), scenario_text in scenario()) {
        let parsed = design::parse(&design_text);
        prop_assume!(!parsed.has_errors());
        let sc = scenario::parse(&scenario_text, &parsed.design, &estimate::NoNames, Overrides::default());
        // Random failures may name a zone or an instance the design lacks; those lines are errors.
        prop_assume!(!sc.has_errors());
        let report = sim::simulate(&parsed.design, &sc.scenario, &mut |_| {});
        for (i, f) in report.flows.iter().enumerate() {
            prop_assert_eq!(f.requests, f.served + f.errors + f.dropped + f.in_flight, "{:?}", f);
            prop_assert!(f.mean >= 0.0 && f.p50 >= 0.0, "{:?}", f);
            prop_assert!(f.p50 <= f.p95 && f.p95 <= f.p99 && f.p99 <= f.max + 1e-12, "{:?}", f);
            if report.warmup == 0.0 {
                let arrived: u64 = report.series.iter().map(|p| p.flows[i].requests).sum();
                let served: u64 = report.series.iter().map(|p| p.flows[i].served).sum();
                prop_assert_eq!(arrived, f.requests);
                prop_assert_eq!(served, f.served);
            }
        }
        for c in &report.components {
            prop_assert!(c.utilization >= 0.0 && c.utilization <= 1.0 + 1e-9, "{:?}", c);
            prop_assert!(c.wait_mean >= 0.0 && c.queue_depth_mean >= 0.0, "{:?}", c);
        }
        let ends: Vec<f64> = report.series.iter().map(|p| p.end).collect();
        prop_assert_eq!(ends.last().copied(), Some(report.duration));
    }

    #[test]
    fn any_scenario_text_reads_without_panicking(text in "[a-z0-9 >%.#\n-]{0,200}") {
        let parsed = design::parse("web: client\napi: service\nflow f: 10/s\n  web -> api\n");
        let sc = scenario::parse(&text, &parsed.design, &estimate::NoNames, Overrides::default());
        // Whatever it reads, a scenario without errors runs.
        if !sc.has_errors() {
            let mut short = sc.scenario.clone();
            short.duration = short.duration.min(1.0);
            short.interval = short.interval.min(short.duration);
            sim::simulate(&parsed.design, &short, &mut |_| {});
        }
    }
}
