//! The simulator's speed: a million requests through a ten-component design (the target is well
//! under a second on one core), and the M/M/c queue the SimPy comparison uses
//! (`scripts/bench-sim-vs-simpy.py`). Run with `cargo bench -p sim`.

use sim::scenario::{self, Overrides};

fn main() {
    divan::main();
}

/// Ten components: a CDN, a balancer, a gateway, a service, a cache and its database, a search
/// cluster, a queue and its workers, behind a client. 20K requests a second.
const TEN: &str = "\
web: client
cdn: cdn hit 50%
lb: lb replicas 2
gw: gateway replicas 2
api: service replicas 4
cache: cache replicas 2 hit 80%
db: sql replicas 2
q: queue dlq
worker: worker replicas 2
search: search replicas 2
flow read: 20K/s read
  web -> cdn -> lb -> gw -> api -> cache -> db
  api -> search 20%
  api ~> q 2%
  q ~> worker
";

fn prepared(design_text: &str, scenario_text: &str) -> (design::Design, scenario::Scenario) {
    let parsed = design::parse(design_text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let sc = scenario::parse(scenario_text, &parsed.design, &estimate::NoNames, Overrides::default());
    assert!(!sc.has_errors(), "{:?}", sc.diagnostics);
    (parsed.design, sc.scenario)
}

/// 50 virtual seconds at 20K/s: a million requests, about 6.4 million events.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn million_requests_ten_components(bencher: divan::Bencher) {
    let (design, scenario) = prepared(TEN, "set duration 50s\n");
    bencher.bench(|| {
        let report = sim::simulate(divan::black_box(&design), &scenario, &mut |_| {});
        assert!(report.flows[0].requests > 990_000);
        report
    });
}

/// M/M/4 at 80 % utilisation with an unbounded waiting room, 200,000 requests.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn mmc_200k_requests(bencher: divan::Bencher) {
    let (design, scenario) = prepared(
        "web: client\nsrv: service concurrency 4 latency 10 ms\nflow f: 320/s\n  web -> srv\n",
        "set duration 625s\ncomponent all waiting unbounded\n",
    );
    bencher.bench(|| sim::simulate(divan::black_box(&design), &scenario, &mut |_| {}));
}

/// Reading a scenario with one of every statement.
#[divan::bench]
fn parse_scenario(bencher: divan::Bencher) {
    let design = design::parse(TEN).design;
    let text = "set duration 2 min\nset seed 7\nload read 30K/s\nspike all x3 at 30s for 10s\nramp read x1 to x2 at 10s for 20s\n\
                component api balance least-connections waiting 200\ncall db timeout 100 ms retries 2 breaker 50%\n\
                fail db at 60s for 10s\nfail api instance 2 at 70s\nslow db 20 ms at 90s for 5s\nflush cache at 100s\n";
    bencher
        .bench(|| scenario::parse(divan::black_box(text), &design, &estimate::NoNames, Overrides::default()));
}
