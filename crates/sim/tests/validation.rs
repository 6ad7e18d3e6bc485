//! The simulator against queueing theory. An M/M/c queue with an unbounded waiting room must wait,
//! on average, what Erlang C says (`design::erlang_c`, the analyzer's own formula), within 3 %;
//! and every component must keep Little's law, L = λW, between what it counts per request and
//! what it integrates over time. Fixed seeds; long runs (the simulator's tests are built with
//! optimisation, see the workspace's `[profile.dev.package.sim]`).
//!
//! `cargo test -p sim --test validation -- --nocapture` prints the table.

use sim::scenario::{self, Overrides};

/// Service time of the queue under test.
const SERVICE: f64 = 0.010;

struct Run {
    simulated: f64,
    analytic: f64,
    served: u64,
}

/// `servers` servers at utilisation `rho` for about `requests` requests.
fn mmc(servers: u32, rho: f64, requests: f64, seed: u64) -> Run {
    let lambda = rho * f64::from(servers) / SERVICE;
    let design = design::parse(&format!(
        "web: client\nsrv: service concurrency {servers} latency 10 ms\nflow f: {lambda}/s\n  web -> srv\n"
    ));
    assert!(!design.has_errors(), "{:?}", design.diagnostics);
    let design = design.design;
    // A warm-up leaves out the empty start; the waiting room is unbounded, as in the theory.
    let text = format!(
        "set duration {} s\nset warmup {} s\nset seed {seed}\ncomponent all waiting unbounded\n",
        requests / lambda,
        1000.0 * SERVICE / (1.0 - rho)
    );
    let parsed = scenario::parse(&text, &design, &estimate::NoNames, Overrides::default());
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let report = sim::simulate(&design, &parsed.scenario, &mut |_| {});
    let srv = &report.components[1];
    let mu = 1.0 / SERVICE;
    let analytic = design::erlang_c(servers, lambda / mu) / (f64::from(servers) * mu - lambda);
    Run { simulated: srv.wait_mean, analytic, served: srv.served }
}

#[test]
fn mean_wait_matches_erlang_c_within_3_percent() {
    println!("| utilisation | c | requests | simulated mean wait | Erlang C mean wait | error |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let mut worst: f64 = 0.0;
    for servers in [1, 4] {
        for (rho, requests) in [(0.5, 3e6), (0.8, 3e6), (0.9, 8e6)] {
            let run = mmc(servers, rho, requests, 7);
            let error = run.simulated / run.analytic - 1.0;
            println!(
                "| {rho} | {servers} | {} | {:.4} ms | {:.4} ms | {:+.2} % |",
                run.served,
                run.simulated * 1e3,
                run.analytic * 1e3,
                error * 100.0
            );
            assert!(error.abs() < 0.03, "c = {servers}, ρ = {rho}: {:+.2} %", error * 100.0);
            worst = worst.max(error.abs());
        }
    }
    println!("worst error {:.2} %", worst * 100.0);
}

#[test]
fn littles_law_holds_at_every_component() {
    let design = design::parse(
        "web: client\nlb: lb replicas 2\napi: service replicas 3 concurrency 8 latency 4 ms\ncache: cache hit 60%\ndb: sql replicas 1\nflow read: 4K/s read\n  web -> lb -> api -> cache -> db\nflow write: 500/s write\n  web -> lb -> api -> db\n",
    )
    .design;
    let parsed = scenario::parse(
        "set duration 60s\nset warmup 5s\ncomponent all waiting unbounded\ncomponent api service lognormal cv 2\n",
        &design,
        &estimate::NoNames,
        Overrides::default(),
    );
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let report = sim::simulate(&design, &parsed.scenario, &mut |_| {});
    let measured = report.duration - report.warmup;
    for c in report.components.iter().filter(|c| c.served > 1000) {
        // L, integrated over time; λW, counted per request.
        let l = c.in_service_mean + c.queue_depth_mean;
        let lambda = c.served as f64 / measured;
        let w = c.service_mean + c.wait_mean;
        let error = l / (lambda * w) - 1.0;
        assert!(error.abs() < 0.02, "{}: L = {l:.4}, λW = {:.4} ({:+.2} %)", c.id, lambda * w, error * 100.0);
        // And utilisation is the offered load over capacity: λS / servers.
        let offered = lambda * c.service_mean / f64::from(c.servers * c.instances);
        assert!((c.utilization / offered - 1.0).abs() < 0.02, "{}: {} vs {offered}", c.id, c.utilization);
    }
}

#[test]
fn a_queue_near_saturation_is_not_mistaken_for_a_stable_one() {
    // The check above would also pass for a simulator that never queued; this one would not.
    let run = mmc(1, 0.9, 2e5, 3);
    assert!(run.simulated > 0.05, "{}", run.simulated);
}
