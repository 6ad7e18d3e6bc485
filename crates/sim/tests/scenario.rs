//! The scenario language: what it reads, and one test per diagnostic it can give, each checked
//! for line, column, message and help.

use sim::scenario::{
    self, Arrivals, Balance, Breaker, CallTarget, FailureKind, Jitter, Limit, Overrides, Parsed, ServiceDist,
    Shape,
};

const DESIGN: &str = "\
web: client
api: service replicas 3 zone a b c
cache: cache hit 90%
db: sql replicas 1 zone a
gw: gateway
q: queue
worker: worker
flow redirect: 1K/s read
  web -> api -> cache -> db
  api ~> q ~> worker
flow shorten: 100/s write
  web -> gw -> api -> db
";

fn design() -> design::Design {
    let parsed = design::parse(DESIGN);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    parsed.design
}

fn parse(src: &str) -> Parsed {
    scenario::parse(src, &design(), &estimate::NoNames, Overrides::default())
}

/// The diagnostics of `src`, one per line: `line:col level: message (help)`.
#[track_caller]
fn check(src: &str, expected: &[&str]) {
    let got: Vec<String> = parse(src)
        .diagnostics
        .iter()
        .map(|d| {
            let level = if d.severity == design::Severity::Error { "error" } else { "warning" };
            let help = d.help.as_deref().map(|h| format!(" ({h})")).unwrap_or_default();
            format!("{}:{} {level}: {}{help}", d.line, d.col, d.message)
        })
        .collect();
    assert_eq!(got, expected, "\n{src}");
}

#[test]
fn a_full_scenario_reads_into_values() {
    let p = parse(
        "# a test\nset duration 2 min\nset seed 42\nset interval 2s\nset warmup 10s\nset detection 1500 ms\nset arrivals constant\n\
         load redirect 2K/s poisson\nload shorten x3\nspike all x3 at 30s for 10s\nramp redirect x1 to x2 at 10s for 20s\n\
         diurnal shorten x0.5 to x1.5 period 60s\ncomponent all waiting 200\ncomponent api balance least-connections service lognormal cv 2\n\
         component db waiting unbounded service constant\ncomponent gw limit 500/s burst 20\ncall all timeout 1s\n\
         call db retries 2 backoff 10 ms max_backoff 200 ms jitter equal breaker 50% window 10 cooldown 3s\n\
         call api->db timeout 100 ms\nfail db at 60s for 10s\nfail api instance 2 at 70s\nfail zone a at 80s for 5s\n\
         slow db 20 ms at 90s for 5s\nflush cache at 100s recover 20s\n",
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let s = p.scenario;
    assert_eq!((s.duration, s.seed, s.interval, s.warmup, s.detection), (120.0, 42, 2.0, 10.0, 1.5));
    assert_eq!((s.flows[0].rate, s.flows[0].arrivals), (2000.0, Arrivals::Poisson));
    assert_eq!((s.flows[1].rate, s.flows[1].arrivals), (300.0, Arrivals::Constant));
    assert_eq!(s.flows[0].shapes[0], Shape::Spike { factor: 3.0, start: 30.0, end: 40.0 });
    assert_eq!(s.flows[0].shapes[1], Shape::Ramp { from: 1.0, to: 2.0, start: 10.0, end: 30.0 });
    assert_eq!(s.flows[1].shapes[1], Shape::Diurnal { low: 0.5, high: 1.5, period: 60.0 });
    assert_eq!(s.flows[0].rate_at(35.0), 2000.0 * 3.0 * 2.0);
    assert_eq!(s.flows[0].rate_at(20.0), 2000.0 * 1.5);
    let api = s.components[1];
    assert_eq!(
        (api.balance, api.waiting, api.service),
        (Balance::LeastConnections, Some(200), ServiceDist::LogNormal { cv: 2.0 })
    );
    assert_eq!((s.components[3].waiting, s.components[3].service), (None, ServiceDist::Constant));
    assert_eq!(s.components[4].limit, Some(Limit { rate: 500.0, burst: 20.0 }));
    assert_eq!(s.components[0].balance, Balance::RoundRobin);
    // Policies: `all`, then the callee's, then the edge's.
    let api_db = s.policy(1, 3);
    assert_eq!((api_db.timeout, api_db.retries, api_db.backoff, api_db.max_backoff), (0.1, 2, 0.01, 0.2));
    assert_eq!(api_db.jitter, Jitter::Equal);
    assert_eq!(api_db.breaker, Some(Breaker { threshold: 0.5, window: 10, cooldown: 3.0 }));
    let cache_db = s.policy(2, 3);
    assert_eq!((cache_db.timeout, cache_db.retries), (1.0, 2));
    assert_eq!(s.policy(0, 1).retries, 0);
    assert_eq!(s.calls[2].target, CallTarget::Edge(1, 3));
    let kinds: Vec<&FailureKind> = s.failures.iter().map(|f| &f.kind).collect();
    assert_eq!(
        kinds,
        [
            &FailureKind::Component(3),
            &FailureKind::Instance(1, 1),
            &FailureKind::Zone("a".into()),
            &FailureKind::Latency(3, 0.02),
            &FailureKind::Flush { component: 2, recover: 20.0 },
        ]
    );
    assert_eq!(s.failures[1].end, f64::INFINITY);
    assert_eq!((s.failures[0].start, s.failures[0].end, s.failures[0].line), (60.0, 70.0, 20));
}

#[test]
fn an_empty_scenario_has_the_defaults() {
    let p = parse("");
    assert!(p.diagnostics.is_empty());
    let s = p.scenario;
    assert_eq!((s.duration, s.seed, s.interval, s.warmup, s.detection), (120.0, 1, 1.0, 0.0, 0.0));
    assert_eq!(s.flows[0].rate, 1000.0);
    assert!(s.flows.iter().all(|f| f.arrivals == Arrivals::Poisson && f.shapes.is_empty()));
    assert_eq!(s.components[1].waiting, Some(scenario::DEFAULT_WAITING));
    assert_eq!(s.components[1].service, ServiceDist::Exponential);
    // A gateway limits at its capacity: 10K/s, a tenth of a second deep.
    assert_eq!(s.components[4].limit, Some(Limit { rate: 10_000.0, burst: 1000.0 }));
    assert_eq!(s.components[1].limit, None);
    assert_eq!(s.policy(1, 3), scenario::CallPolicy::NONE);
}

#[test]
fn overrides_win_over_the_file() {
    let d = design();
    let p = scenario::parse(
        "set duration 10s\nset seed 3\n",
        &d,
        &estimate::NoNames,
        Overrides { duration: Some(30.0), seed: Some(9) },
    );
    assert_eq!((p.scenario.duration, p.scenario.seed), (30.0, 9));
    assert_eq!(p.scenario.interval, 0.5, "the interval follows the final duration");
}

#[test]
fn values_may_use_names() {
    let d = design();
    let names: std::collections::BTreeMap<String, estimate::Quantity> =
        [("read_qps".to_owned(), estimate::Quantity::new(5000.0, estimate::Dims::RATE))].into();
    let p = scenario::parse("load redirect read_qps / 2\n", &d, &names, Overrides::default());
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.scenario.flows[0].rate, 2500.0);
}

#[test]
fn default_scenario_spikes_then_fails_the_bottleneck() {
    let d = design();
    let text = scenario::default_text(&d, 60.0);
    let p = scenario::parse(&text, &d, &estimate::NoNames, Overrides::default());
    assert!(p.diagnostics.is_empty(), "{:?}\n{text}", p.diagnostics);
    let s = p.scenario;
    assert_eq!(s.duration, 60.0);
    assert_eq!(s.flows[0].shapes, [Shape::Spike { factor: 3.0, start: 18.0, end: 30.0 }]);
    let bottleneck = scenario::bottleneck(&d).unwrap();
    assert_eq!(d.components[bottleneck].id, "worker", "1K/s of hand-offs to a 200/s worker");
    assert_eq!(s.failures[0].kind, FailureKind::Component(bottleneck));
    assert_eq!((s.failures[0].start, s.failures[0].end), (39.0, 48.0));
    // Short runs use milliseconds.
    assert!(scenario::default_text(&d, 3.0).contains("spike all x3 at 900 ms for 600 ms"));
}

#[test]
fn default_interval_is_a_round_step() {
    let cases = [(120.0, 1.0), (60.0, 0.5), (3.0, 0.05), (600.0, 5.0), (3600.0, 50.0), (100.0, 1.0)];
    for (duration, interval) in cases {
        assert_eq!(scenario::default_interval(duration), interval, "{duration}");
    }
}

#[test]
fn unknown_statement() {
    check("spkie all x3 at 1s for 1s", &["1:1 error: unknown statement `spkie` (did you mean `spike`?)"]);
    check(
        "explode db",
        &[
            "1:1 error: unknown statement `explode` (statements here: set, load, spike, ramp, diurnal, component, call, fail, slow, flush)",
        ],
    );
}

#[test]
fn settings() {
    check(
        "set",
        &[
            "1:1 error: `set` needs a setting and a value (settings: duration, seed, interval, warmup, detection, arrivals)",
        ],
    );
    check("set durration 10s", &["1:5 error: unknown setting `durration` (did you mean `duration`?)"]);
    check("set duration", &["1:5 error: `duration` needs a value (for example `set duration 120s`)"]);
    check(
        "set duration -5s",
        &["1:14 error: `duration` must be more than zero, not -5 s (for example `set duration 120s`)"],
    );
    check(
        "set duration 0s",
        &["1:14 error: `duration` must be more than zero, not 0 s (for example `set duration 120s`)"],
    );
    check(
        "set duration 5K/s",
        &[
            "1:14 error: `5K/s` is a rate (per second), but `duration` takes seconds (for example `set duration 120s`)",
        ],
    );
    check(
        "set interval 0 ms",
        &["1:14 error: `interval` must be more than zero, not 0 s (for example `set interval 1s`)"],
    );
    check(
        "set warmup -1s",
        &[
            "1:12 error: `warmup` must not be negative, not -1 s (times count from the start of the run: `at 30s`)",
        ],
    );
    check(
        "set detection 2 parsecs",
        &[
            "1:17 error: `2 parsecs`: unknown unit `parsecs` (if `parsecs` is a name, multiply by it: `* parsecs`)",
        ],
    );
    check("set seed", &["1:5 error: `seed` needs a value (for example `set seed 42`)"]);
    check(
        "set seed 4.5",
        &["1:10 error: `seed` must be a whole number from 0 up (for example `set seed 42`)"],
    );
    check(
        "set arrivals",
        &["1:5 error: `arrivals` needs one of: poisson, constant (for example `set arrivals constant`)"],
    );
    check("set arrivals poison", &["1:14 error: unknown arrivals value `poison` (did you mean `poisson`?)"]);
    check(
        "set arrivals constant poisson",
        &["1:23 error: `arrivals` takes one word (for example `set arrivals constant`)"],
    );
}

#[test]
fn warmup_must_be_shorter_than_the_run() {
    check(
        "set duration 10s\nset warmup 10s",
        &[
            "2:5 error: the warm-up (10 s) is not shorter than the run (10 s) (measure something: make the warm-up shorter than `set duration`)",
        ],
    );
}

#[test]
fn interval_longer_than_the_run_is_a_warning() {
    check(
        "set duration 10s\nset interval 1 min",
        &[
            "2:5 warning: the interval (1 min) is longer than the run (10 s) (the series will have one point; use a shorter `set interval`)",
        ],
    );
}

#[test]
fn load_and_shapes() {
    check(
        "load",
        &["1:1 error: `load` needs a flow (for example `load redirect 20K/s` or `load redirect x2`)"],
    );
    check("load redirct 2K/s", &["1:6 error: unknown flow `redirct` (did you mean `redirect`?)"]);
    check(
        "spike nothing x3 at 1s for 1s",
        &["1:7 error: unknown flow `nothing` (the design's flows: redirect, shorten, or `all`)"],
    );
    check(
        "load redirect",
        &[
            "1:6 error: `load` needs a rate or a multiple (for example `load redirect 20K/s` or `load redirect x2`)",
        ],
    );
    check(
        "load redirect x-2",
        &["1:15 error: `x-2` must not be negative (a multiple such as `x3` or a rate such as `2K/s`)"],
    );
    check(
        "load redirect 2 GB",
        &[
            "1:15 error: `2 GB` is bytes, but `load` takes a plain number (for example `load redirect 20K/s` or `load redirect x2`)",
        ],
    );
    check(
        "load redirect constant 5",
        &["1:24 error: unknown attribute `5` (attributes here: poisson, constant)"],
    );
    check(
        "spike all",
        &["1:7 error: `spike` needs `a multiple such as `x3`` (for example `spike all x3 at 30s for 10s`)"],
    );
    check(
        "spike all x3 for 1s",
        &["1:7 error: `spike` needs `at T` (for example `spike all x3 at 30s for 10s`)"],
    );
    check(
        "spike all x3 at 1s",
        &["1:7 error: `spike` needs `for D` (for example `spike all x3 at 30s for 10s`)"],
    );
    check("spike all x3 att 1s for 1s", &["1:14 error: unknown attribute `att` (did you mean `at`?)"]);
    check(
        "spike all x3 at 1s for 0s",
        &["1:24 error: `for` must be more than zero, not 0 s (for example `for 10s`)"],
    );
    check(
        "spike all x3 at -1s for 1s",
        &[
            "1:17 error: `at` must not be negative, not -1 s (times count from the start of the run: `at 30s`)",
        ],
    );
    check(
        "ramp all x1 at 1s for 1s",
        &["1:6 error: `ramp` needs `to xN` (for example `ramp redirect x1 to x5 at 10s for 60s`)"],
    );
    check(
        "ramp all x1 to x2 for 1s",
        &["1:6 error: `ramp` needs `at T` (for example `ramp redirect x1 to x5 at 10s for 60s`)"],
    );
    check(
        "ramp all x1 to x2 at 1s",
        &["1:6 error: `ramp` needs `for D` (for example `ramp redirect x1 to x5 at 10s for 60s`)"],
    );
    check(
        "diurnal all x1 period 1s",
        &["1:9 error: `diurnal` needs `to xN` (for example `diurnal all x0.5 to x1.5 period 60s`)"],
    );
    check(
        "diurnal all x1 to x2",
        &["1:9 error: `diurnal` needs `period D` (for example `diurnal all x0.5 to x1.5 period 60s`)"],
    );
    check(
        "diurnal all x1 to x2 period -1 h",
        &["1:29 error: `period` must be more than zero, not -1 h (for example `for 10s`)"],
    );
}

#[test]
fn something_that_starts_after_the_run_is_a_warning() {
    check(
        "set duration 60s\nspike all x3 at 90s for 5s\nfail db at 2 min for 5s\nflush cache at 60s",
        &[
            "2:1 warning: this starts at 1.5 min, after the run ends at 1 min (start it earlier, or run longer with `set duration` or --duration)",
            "3:1 warning: this starts at 2 min, after the run ends at 1 min (start it earlier, or run longer with `set duration` or --duration)",
            "4:1 warning: this starts at 1 min, after the run ends at 1 min (start it earlier, or run longer with `set duration` or --duration)",
        ],
    );
    // Measured against the final duration, command line included.
    let p = scenario::parse(
        "fail db at 90s",
        &design(),
        &estimate::NoNames,
        Overrides { duration: Some(60.0), seed: None },
    );
    assert_eq!(p.diagnostics.len(), 1);
    assert!(!p.has_errors());
}

#[test]
fn components() {
    check(
        "component",
        &[
            "1:1 error: `component` needs a component id or `all` (for example `component api balance least-connections waiting 200`)",
        ],
    );
    check("component apx waiting 5", &["1:11 error: unknown component `apx` (did you mean `api`?)"]);
    check(
        "component zzzzzz waiting 5",
        &[
            "1:11 error: unknown component `zzzzzz` (the design's components: web, api, cache, db, gw, q, worker)",
        ],
    );
    check("component api wating 5", &["1:15 error: unknown attribute `wating` (did you mean `waiting`?)"]);
    check(
        "component api balance round-robbin",
        &["1:23 error: unknown balance value `round-robbin` (did you mean `round-robin`?)"],
    );
    check(
        "component api waiting -1",
        &[
            "1:23 error: `waiting` must be a whole number from 0 to 1000000000 (for example `waiting 200`, or `waiting unbounded`)",
        ],
    );
    check(
        "component api service gaussian",
        &[
            "1:23 error: unknown service value `gaussian` (service values here: exponential, lognormal, constant)",
        ],
    );
    check(
        "component api service lognormal cv 0",
        &["1:36 error: `cv` must be more than 0 (and at most 100) (for example `service lognormal cv 2`)"],
    );
    check(
        "component api cv 2",
        &["1:15 error: `cv` applies to lognormal service times (write `service lognormal cv 2`)"],
    );
    check(
        "component gw limit 0/s",
        &["1:20 error: `limit` must be more than zero (write `limit 5K/s`, or `limit none`)"],
    );
    check(
        "component gw limit 5 ms",
        &[
            "1:20 error: `5 ms` is seconds, but `limit` takes a rate (per second) (for example `limit 5K/s burst 500`)",
        ],
    );
    check(
        "component api burst 10",
        &[
            "1:15 error: `burst` sizes a rate limiter, and `api` has none (add one on this line: `limit 5K/s burst 500`)",
        ],
    );
    check(
        "component gw burst 0",
        &[
            "1:20 error: `burst` must be a whole number from 1 to 1000000000 (for example `limit 5K/s burst 500`)",
        ],
    );
}

#[test]
fn calls() {
    check(
        "call",
        &[
            "1:1 error: `call` needs a component, `A -> B` or `all` (for example `call db timeout 100 ms retries 2`, `call api -> db timeout 50 ms`)",
        ],
    );
    check("call dbb retries 2", &["1:6 error: unknown component `dbb` (did you mean `db`?)"]);
    check(
        "call db retries 11",
        &["1:17 error: `retries` must be a whole number from 0 to 10 (for example `retries 2`)"],
    );
    check(
        "call db timeout 0s",
        &["1:17 error: `timeout` must be more than zero, not 0 s (for example `timeout 100 ms`)"],
    );
    check("call db retrys 2", &["1:9 error: unknown attribute `retrys` (did you mean `retries`?)"]);
    check(
        "call web -> api db timeout 1s",
        &["1:17 error: cannot read this call target (write `call db`, `call api -> db` or `call all`)"],
    );
    check(
        "call cache -> api timeout 1s",
        &["1:15 error: no flow calls `api` from `cache` (`cache` calls: db)"],
    );
    check(
        "call db -> api timeout 1s",
        &["1:12 error: no flow calls `api` from `db` (`db` calls nothing in the design's flows)"],
    );
    check(
        "call db jitter some",
        &["1:16 error: unknown jitter value `some` (jitter values here: full, equal, none)"],
    );
    check(
        "call db breaker 150%",
        &[
            "1:17 error: `breaker` must be a share above 0 % and at most 100 % (for example `breaker 50% window 20 cooldown 5s`)",
        ],
    );
    check(
        "call db breaker 0%",
        &[
            "1:17 error: `breaker` must be a share above 0 % and at most 100 % (for example `breaker 50% window 20 cooldown 5s`)",
        ],
    );
    check(
        "call db breaker 50% window 1",
        &["1:28 error: `window` must be a whole number from 2 to 64 (for example `window 20`)"],
    );
    check(
        "call db cooldown 5s",
        &["1:9 error: `cooldown` tunes a breaker, and this line has none (add `breaker 50%`)"],
    );
}

#[test]
fn failures() {
    check(
        "fail",
        &[
            "1:1 error: `fail` needs a component or `zone Z` (for example `fail db at 60s for 20s`, `fail api instance 2 at 60s`, `fail zone a at 60s`)",
        ],
    );
    check(
        "fail web at 5s",
        &[
            "1:6 error: `web` is a client, outside the system: it cannot fail or slow down (fail a component it calls)",
        ],
    );
    check("fail dbb at 5s", &["1:6 error: unknown component `dbb` (did you mean `db`?)"]);
    check(
        "fail db for 5s",
        &[
            "1:6 error: `fail` needs `at T`: when it starts (for example `fail db at 60s for 20s`, `fail api instance 2 at 60s`, `fail zone a at 60s`)",
        ],
    );
    check(
        "fail db at 5s for -5s",
        &["1:19 error: `for` must be more than zero, not -5 s (for example `for 10s`)"],
    );
    check("fail db api at 5s", &["1:9 error: `fail` takes one component (write `fail db at 30s for 10s`)"]);
    check(
        "fail api instance 4 at 5s",
        &["1:19 error: `instance` must be a whole number from 1 to 3 (for example `instance 1`)"],
    );
    check(
        "fail api zone a at 5s",
        &["1:6 error: `fail zone` takes no component (write `fail zone a at 30s`)"],
    );
    check("fail zone at 5s", &["1:6 error: `zone` needs a zone name (write `fail zone a at 30s`)"]);
    check("fail zone east at 5s", &["1:11 error: unknown zone `east` (the design's zones: a, b, c)"]);
    check("slow db at 5s", &["1:6 error: `slow` needs a value (for example `slow db 50 ms at 60s for 20s`)"]);
    check(
        "slow db 0 ms at 5s",
        &["1:9 error: `slow` must be more than zero, not 0 s (for example `slow db 50 ms at 60s for 20s`)"],
    );
    check(
        "slow at 5s",
        &["1:1 error: `slow` needs a component (for example `slow db 50 ms at 60s for 20s`)"],
    );
    check(
        "flush db at 5s",
        &[
            "1:7 error: `db` is a sql, not a cache: only caches and CDNs can be flushed (flush a component of kind cache or cdn)",
        ],
    );
    check(
        "flush cache db at 5s",
        &["1:13 error: `flush` takes one component (for example `flush cache at 60s recover 20s`)"],
    );
    check(
        "flush cache at 5s recover 0s",
        &["1:27 error: `recover` must be more than zero, not 0 s (for example `for 10s`)"],
    );
}

#[test]
fn unknown_zone_in_a_design_without_zones() {
    let parsed = design::parse("web: client\napi: service\nflow f: 1/s\n  web -> api\n");
    let p = scenario::parse("fail zone a at 1s", &parsed.design, &estimate::NoNames, Overrides::default());
    assert_eq!(
        p.diagnostics[0].help.as_deref(),
        Some("no component names a zone: add `zone a b c` to components")
    );
}

#[test]
fn several_mistakes_are_all_reported_in_line_order() {
    let p = parse("set duration 0s\nfail dbb at 5s\n\nload redirct x2\n");
    let lines: Vec<u32> = p.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [1, 2, 4]);
    // What could be read is kept.
    assert_eq!(p.scenario.duration, scenario::DEFAULT_DURATION);
}

#[test]
fn values_must_be_finite() {
    check(
        "set duration 10^400 * 1 s",
        &[
            "1:14 error: `10^400 * 1 s`: the result is not a finite number (a division by zero or an overflow)",
        ],
    );
}

#[test]
fn expected_requests_integrates_the_load_shapes() {
    let p = parse("set duration 100s\nspike redirect x3 at 10s for 10s\nload shorten 0/s\n");
    // 1K/s for 100 s, plus twice that for the 10 s spike.
    let expected = p.scenario.expected_requests();
    assert!((expected - 120_000.0).abs() < 100.0, "{expected}");
    // A redirect visits web, api, cache, db (10 % of the time), and hands off to q and worker;
    // a shorten request is not sent.
    let calls = p.scenario.expected_calls(&design());
    assert!((calls - 120_000.0 * 5.1).abs() < 600.0, "{calls}");
}

#[test]
fn every_preset_reads_cleanly_and_runs_for_a_design_it_applies_to() {
    let design = design();
    for preset in scenario::PRESETS {
        let text =
            scenario::preset_text(preset.id, &design, 20.0).unwrap_or_else(|e| panic!("{}: {e}", preset.id));
        let parsed = scenario::parse(&text, &design, &estimate::NoNames, Overrides::default());
        assert!(parsed.diagnostics.is_empty(), "{}:\n{text}\n{:?}", preset.id, parsed.diagnostics);
        assert_eq!(parsed.scenario.duration, 20.0, "{}", preset.id);
        let report = sim::simulate(&design, &parsed.scenario, &mut |_| {});
        let requests: u64 = report.flows.iter().map(|f| f.requests).sum();
        assert!(requests > 10_000, "{}: {requests}", preset.id);
    }
}

#[test]
fn presets_do_what_their_titles_say() {
    let design = design();
    let run = |id: &str| {
        let text = scenario::preset_text(id, &design, 20.0).unwrap();
        let parsed = scenario::parse(&text, &design, &estimate::NoNames, Overrides::default());
        (text, sim::simulate(&design, &parsed.scenario, &mut |_| {}))
    };
    let (text, _) = run("zone-outage");
    assert!(text.contains("fail zone a at 8s for 6s"), "{text}");
    let (text, _) = run("cache-flush");
    assert!(text.contains("flush cache at 8s recover 4s"), "{text}");
    // Retries pile onto a slow component; a breaker opens and fails calls fast instead.
    let (storm_text, storm) = run("retry-storm");
    let (_, guarded) = run("retries-with-breaker");
    let retries = |r: &sim::Report| r.flows.iter().map(|f| f.retries).sum::<u64>();
    assert!(retries(&storm) > 1000, "{storm_text}");
    let opens = |r: &sim::Report| r.components.iter().map(|c| c.breaker_opens).sum::<u64>();
    assert_eq!(opens(&storm), 0);
    assert!(opens(&guarded) > 0);
    let (text, _) = run("default");
    assert_eq!(text, scenario::default_text(&design, 20.0));
}

#[test]
fn a_preset_that_does_not_apply_says_why() {
    let bare = design::parse("web: client\napi: service\nflow f: 10/s\n  web -> api\n").design;
    assert_eq!(
        scenario::preset_text("zone-outage", &bare, 10.0).unwrap_err(),
        "the design places nothing in a zone (add `zone a b` to its components)"
    );
    assert_eq!(
        scenario::preset_text("cache-flush", &bare, 10.0).unwrap_err(),
        "the design has no cache or CDN to flush"
    );
    let err = scenario::preset_text("meltdown", &bare, 10.0).unwrap_err();
    assert!(err.starts_with("there is no preset `meltdown`; choose one of default, steady,"), "{err}");
}

#[test]
fn request_presets_pick_the_busiest_component_a_request_waits_for() {
    // The worker behind the queue is the busiest, but nobody waits for it.
    let design = design::parse(
        "web: client\napi: service replicas 4\ndb: sql replicas 2\nq: queue\nworker: worker replicas 1\n\
         flow f: 1K/s read\n  web -> api -> db\n  api ~> q ~> worker\n",
    )
    .design;
    let id = |i: Option<usize>| i.map(|i| design.components[i].id.clone());
    assert_eq!(id(scenario::bottleneck(&design)).as_deref(), Some("worker"));
    assert_eq!(id(scenario::request_path_bottleneck(&design)).as_deref(), Some("api"));
    let text = scenario::preset_text("retry-storm", &design, 10.0).unwrap();
    assert!(text.contains("slow api 100 ms at 3s for 3s"), "{text}");
    let text = scenario::preset_text("instance-down", &design, 10.0).unwrap();
    assert!(text.contains("fail api instance 1 at 3s for 4s"), "{text}");
}

#[test]
fn a_preset_is_shortened_to_fit_a_call_budget_spikes_included() {
    let design = design();
    let calls_of = |id: &str, duration: f64| {
        let text = scenario::preset_text(id, &design, duration).unwrap();
        scenario::parse(&text, &design, &estimate::NoNames, Overrides::default())
            .scenario
            .expected_calls(&design)
    };
    let budget = calls_of("steady", 60.0) / 4.0;
    for id in ["steady", "spike", "default"] {
        let fitted = scenario::fitted_duration(&design, id, 60.0, budget);
        assert!(fitted < 60.0, "{id}: {fitted}");
        let calls = calls_of(id, fitted);
        assert!(calls <= budget && calls > 0.95 * budget, "{id}: {calls} calls for a budget of {budget}");
    }
    // The 5x spike makes more calls than steady load, so it is cut shorter.
    assert!(
        scenario::fitted_duration(&design, "spike", 60.0, budget)
            < scenario::fitted_duration(&design, "steady", 60.0, budget)
    );
    // Within the budget, or a preset that does not fit: the duration stays.
    assert_eq!(scenario::fitted_duration(&design, "spike", 60.0, f64::INFINITY), 60.0);
    let bare = design::parse("web: client\napi: service\nflow f: 10/s\n  web -> api\n").design;
    assert_eq!(scenario::fitted_duration(&bare, "cache-flush", 60.0, 1.0), 60.0);
}
