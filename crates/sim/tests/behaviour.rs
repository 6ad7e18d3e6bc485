//! What a simulated design does under load, policies and failures: each test runs a small design
//! through a scenario and checks one behaviour against arithmetic done by hand.

use sim::scenario::{self, Overrides};
use sim::{ComponentSummary, FlowSummary, Report};

/// Runs `scenario` over `design`; both must read without errors, and every flow must balance.
#[track_caller]
fn run(design: &str, scenario: &str) -> Report {
    let parsed = design::parse(design);
    assert!(!parsed.has_errors(), "design: {:?}", parsed.diagnostics);
    let sc = scenario::parse(scenario, &parsed.design, &estimate::NoNames, Overrides::default());
    assert!(!sc.has_errors(), "scenario: {:?}", sc.diagnostics);
    let report = sim::simulate(&parsed.design, &sc.scenario, &mut |_| {});
    for f in &report.flows {
        assert!(f.balanced(), "{f:?}");
    }
    report
}

fn flow<'r>(r: &'r Report, name: &str) -> &'r FlowSummary {
    r.flows.iter().find(|f| f.name == name).expect("flow")
}

fn comp<'r>(r: &'r Report, id: &str) -> &'r ComponentSummary {
    r.components.iter().find(|c| c.id == id).expect("component")
}

/// Mean of a component's per-interval utilisation over `[from, to)`.
fn utilization(r: &Report, id: &str, from: f64, to: f64) -> f64 {
    let i = r.components.iter().position(|c| c.id == id).expect("component");
    let points: Vec<f64> = r
        .series
        .iter()
        .filter(|p| p.start >= from && p.end <= to)
        .map(|p| p.components[i].utilization)
        .collect();
    points.iter().sum::<f64>() / points.len() as f64
}

#[track_caller]
fn near(got: f64, want: f64, tolerance: f64) {
    assert!((got / want - 1.0).abs() <= tolerance, "{got} is not within {}% of {want}", tolerance * 100.0);
}

const CHAIN: &str =
    "web: client\napi: service replicas 3\ndb: sql replicas 1\nflow f: 1K/s\n  web -> api -> db\n";

#[test]
fn empty_scenario_runs_the_design_rates_for_the_default_duration() {
    let r = run(CHAIN, "");
    assert_eq!(r.duration, scenario::DEFAULT_DURATION);
    near(flow(&r, "f").requests as f64, 1000.0 * r.duration, 0.02);
    assert_eq!(flow(&r, "f").errors + flow(&r, "f").dropped, 0);
    assert_eq!(r.series.len(), 120);
}

#[test]
fn same_seed_gives_the_same_report_and_another_seed_does_not() {
    let scenario = "set duration 20s\nspike all x3 at 5s for 5s\nfail db at 12s for 2s\ncall db timeout 50 ms retries 2\n";
    let a = run(CHAIN, scenario);
    let b = run(CHAIN, scenario);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let c = run(CHAIN, &format!("{scenario}set seed 2\n"));
    assert_ne!(flow(&a, "f").requests, flow(&c, "f").requests);
    assert_ne!(flow(&a, "f").p99, flow(&c, "f").p99);
}

#[test]
fn full_waiting_room_drops() {
    let design = "web: client\nsrv: service concurrency 1 latency 10 ms\nflow f: 200/s\n  web -> srv\n";
    let r = run(design, "set duration 30s\ncomponent srv waiting 5\n");
    let (f, srv) = (flow(&r, "f"), comp(&r, "srv"));
    // Twice its capacity: about half the requests find the room full.
    near(f.dropped as f64, f.requests as f64 / 2.0, 0.05);
    assert_eq!(srv.dropped, f.dropped);
    assert_eq!(srv.queue_depth_max, 5);
    // With room to spare and half the load, nothing drops.
    let design = design.replace("200/s", "50/s");
    let r = run(&design, "set duration 30s\ncomponent srv waiting unbounded\n");
    assert_eq!(flow(&r, "f").dropped, 0);
}

#[test]
fn an_instance_down_fails_over_to_the_others() {
    let r = run(CHAIN, "set duration 10s\nfail api instance 2 at 2s for 5s\n");
    let f = flow(&r, "f");
    // Only what that instance held when it failed is lost: at 1K/s and 10 ms over three instances,
    // a handful of requests.
    assert!(f.errors <= 20, "{f:?}");
    assert!(f.served > f.requests - 50, "{f:?}");
    assert_eq!(r.failures[0].label, "api instance 2 down");
}

#[test]
fn an_instance_down_errors_until_the_balancer_notices() {
    let r = run(CHAIN, "set duration 10s\nset detection 1s\nfail api instance 2 at 2s for 5s\n");
    // For a second, a third of 1K/s goes to the dead instance.
    near(flow(&r, "f").errors as f64, 333.0, 0.15);
    assert!(comp(&r, "api").errors >= flow(&r, "f").errors);
}

#[test]
fn a_component_down_errors_for_its_window() {
    let r = run(CHAIN, "set duration 10s\nfail db at 2s for 3s\n");
    near(flow(&r, "f").errors as f64, 3000.0, 0.06);
    assert_eq!(r.failures[0].label, "db down");
    assert_eq!((r.failures[0].start, r.failures[0].end), (2.0, 5.0));
}

#[test]
fn retries_multiply_load_and_are_counted_apart() {
    let scenario = "set duration 10s\nfail db at 2s for 3s\ncall db retries 3 backoff 10 ms\n";
    let r = run(CHAIN, scenario);
    let (f, api, db) = (flow(&r, "f"), comp(&r, "api"), comp(&r, "db"));
    // A request is counted once, however often its calls are retried.
    assert_eq!(f.requests, comp(&r, "web").arrivals);
    // Every failed request was tried four times at the database; each try reached it.
    assert!(f.retries >= 3 * f.errors, "{f:?}");
    assert!(f.retries > 8000, "{f:?}");
    let calls = api.served as i64 + f.retries as i64;
    assert!((db.arrivals as i64 - calls).abs() <= 5, "{} attempts at db, {calls} calls", db.arrivals);
    // A retry that lands after the outage succeeds: fewer errors than without retries.
    let without = run(CHAIN, "set duration 10s\nfail db at 2s for 3s\n");
    assert!(f.errors < flow(&without, "f").errors);
    assert_eq!(flow(&without, "f").retries, 0);
}

#[test]
fn timeouts_fail_slow_calls_and_count_them() {
    let r = run(CHAIN, "set duration 10s\nslow db 80 ms at 2s for 3s\ncall db timeout 50 ms\n");
    let f = flow(&r, "f");
    near(f.timeouts as f64, 3000.0, 0.06);
    assert_eq!(f.errors, f.timeouts);
    // Without the timeout the same requests are served, slowly.
    let r = run(CHAIN, "set duration 10s\nslow db 80 ms at 2s for 3s\n");
    assert_eq!(flow(&r, "f").errors, 0);
    assert!(flow(&r, "f").p99 > 0.08);
}

#[test]
fn breaker_opens_and_sheds_load() {
    let scenario = "set duration 10s\nfail db at 2s for 5s\n";
    let plain = run(CHAIN, scenario);
    let broken = run(CHAIN, &format!("{scenario}call db breaker 50% window 20 cooldown 1s\n"));
    let db = comp(&broken, "db");
    assert!(db.breaker_opens >= 4, "{db:?}");
    assert!(db.shed > 4000, "{db:?}");
    // The database sees far fewer calls while it is down: the breaker fails them at the caller.
    assert!(db.arrivals + 4000 < comp(&plain, "db").arrivals, "{db:?}");
    // Closed again after the outage: the last seconds are served.
    let last = broken.series.last().unwrap();
    assert_eq!(last.total.errors, 0);
}

#[test]
fn rate_limiter_drops_above_its_rate() {
    let design =
        "web: client\ngw: gateway replicas 4\napi: service replicas 2\nflow f: 3K/s\n  web -> gw -> api\n";
    let r = run(design, "set duration 20s\ncomponent gw limit 1K/s burst 50\n");
    let (f, gw) = (flow(&r, "f"), comp(&r, "gw"));
    near(f.served as f64, 20_000.0, 0.02);
    near(f.dropped as f64, 40_000.0, 0.02);
    assert_eq!(gw.limited, f.dropped);
    // A gateway limits at its capacity by default (4 × 10K/s): 3K/s passes.
    let r = run(design, "set duration 5s\n");
    assert_eq!(flow(&r, "f").dropped, 0);
}

#[test]
fn cache_flush_raises_downstream_load_until_it_refills() {
    let design = "web: client\napi: service replicas 2\ncache: cache replicas 2 hit 90%\ndb: sql replicas 1\nflow f: 5K/s read\n  web -> api -> cache -> db\n";
    let r = run(design, "set duration 40s\nflush cache at 20s recover 10s\n");
    let before = utilization(&r, "db", 10.0, 20.0);
    let just_after = utilization(&r, "db", 20.0, 21.0);
    let recovered = utilization(&r, "db", 32.0, 40.0);
    // Misses go from 10 % to nearly all, then back.
    assert!(just_after > 5.0 * before, "{before} then {just_after}");
    near(recovered, before, 0.15);
    assert_eq!(r.failures[0].label, "cache flushed");
    assert_eq!(r.failures[0].end, 30.0);
}

#[test]
fn lost_zone_takes_its_instances_down() {
    let design = "web: client\napi: service replicas 3 zone a b c\ndb: sql replicas 1 zone a\nsearch: search replicas 2 zone b c\nflow f: 1K/s\n  web -> api -> db\nflow g: 100/s\n  web -> api -> search\n";
    let r = run(design, "set duration 10s\nfail zone a at 2s for 3s\n");
    // The database's primary and its replica are both in zone a: writes and reads fail.
    near(flow(&r, "f").errors as f64, 3000.0, 0.08);
    // The search flow loses only what api's zone-a instance held when it went down.
    assert!(flow(&r, "g").errors <= 5, "{:?}", flow(&r, "g"));
    assert_eq!(r.failures[0].label, "zone a lost");
}

#[test]
fn async_hand_off_is_off_the_latency_path_and_its_lag_is_measured() {
    let design = "web: client\napi: service\nq: queue\nworker: worker latency 200 ms concurrency 10\nflow f: 40/s\n  web -> api\n  api ~> q ~> worker\n";
    let r = run(design, "set duration 60s\n");
    let f = flow(&r, "f");
    assert!(f.p99 < 0.1, "the worker's 200 ms is not on the path: {f:?}");
    near(f.async_jobs as f64, 2.0 * f.requests as f64, 0.01);
    // 80 % busy with ten servers: messages wait a little for a consumer.
    let q = comp(&r, "q");
    assert!(q.lag_mean.unwrap() > 0.0 && q.lag_p99.unwrap() > q.lag_mean.unwrap(), "{q:?}");
    assert_eq!(comp(&r, "api").lag_mean, None);
}

#[test]
fn messages_wait_for_a_consumer_that_is_down() {
    let design = "web: client\napi: service\nq: queue\nworker: worker replicas 2\nflow f: 100/s\n  web -> api\n  api ~> q ~> worker\n";
    let r = run(design, "set duration 20s\nfail worker at 5s for 5s\n");
    let f = flow(&r, "f");
    // Nothing is lost and the request flow does not notice; the backlog shows as lag.
    assert_eq!((f.errors, f.async_failed), (0, 0));
    let q = comp(&r, "q");
    assert!(q.lag_p99.unwrap() > 4.0, "{q:?}");
}

#[test]
fn fan_out_calls_every_child_and_waits_for_the_slowest() {
    let design = "web: client\napi: service\nshard: nosql replicas 4 latency 10 ms\nflow f: 100/s\n  web -> api -> shard x4\n";
    let r = run(design, "set duration 60s\n");
    let (api, shard) = (comp(&r, "api"), comp(&r, "shard"));
    assert!((shard.arrivals as i64 - 4 * api.served as i64).abs() <= 8);
    // The slowest of four exponential 10 ms calls takes 10 ms × (1 + 1/2 + 1/3 + 1/4) on average.
    let f = flow(&r, "f");
    near(f.mean - 0.010 - 0.0005, 0.010 * (1.0 + 0.5 + 1.0 / 3.0 + 0.25), 0.05);
}

#[test]
fn shares_up_to_100_percent_are_alternatives_and_above_are_independent() {
    let design = "web: client\napi: service\na: service\nb: service\nc: service\nflow f: 1K/s\n  web -> api -> a 30%\n  api -> b 70%\nflow g: 1K/s\n  web -> api -> c\n  api -> a 50%\n";
    let r = run(design, "set duration 20s\n");
    let (f, g) = (flow(&r, "f"), flow(&r, "g"));
    // f: 30 % to a or else 70 % to b. g: always c, and a half the time besides.
    near(comp(&r, "b").arrivals as f64, 0.7 * f.requests as f64, 0.03);
    near(comp(&r, "a").arrivals as f64, 0.3 * f.requests as f64 + 0.5 * g.requests as f64, 0.03);
    near(comp(&r, "c").arrivals as f64, g.requests as f64, 0.001);
}

#[test]
fn cache_hits_skip_the_database() {
    let design = "web: client\napi: service\ncache: cache hit 80%\ndb: sql\nflow f: 1K/s read\n  web -> api -> cache -> db\nflow w: 100/s write\n  web -> api -> cache -> db\n";
    let r = run(design, "set duration 20s\n");
    let reads = flow(&r, "f").requests as f64;
    let writes = flow(&r, "w").requests as f64;
    // Reads miss 20 % of the time; writes pass through the cache.
    near(comp(&r, "db").arrivals as f64, 0.2 * reads + writes, 0.04);
}

#[test]
fn simulated_utilisation_agrees_with_the_analyzer() {
    let design = "web: client\nlb: lb replicas 2\napi: service replicas 4 latency 8 ms\ncache: cache replicas 2 hit 85%\ndb: sql replicas 2 shards 2\nsearch: search replicas 2\nflow read: 6K/s read\n  web -> lb -> api -> cache -> db\n  api -> search 10%\nflow write: 800/s write\n  web -> lb -> api -> db\n";
    let parsed = design::parse(design);
    let analysis = design::analyze(&parsed.design);
    let r = run(design, "set duration 60s\nset warmup 5s\ncomponent all balance random\n");
    for c in analysis.components.iter().filter(|c| c.utilization_avg > 0.01) {
        near(comp(&r, &c.id).utilization, c.utilization_avg, 0.04);
    }
}

#[test]
fn balancing_policies_order_as_expected() {
    let design =
        "web: client\napi: service replicas 4 concurrency 1 latency 10 ms\nflow f: 320/s\n  web -> api\n";
    let mean = |policy: &str| {
        let r =
            run(design, &format!("set duration 300s\ncomponent api balance {policy} waiting unbounded\n"));
        flow(&r, "f").mean
    };
    let (random, round_robin, least) = (mean("random"), mean("round-robin"), mean("least-connections"));
    // Random splits Poisson into four M/M/1 queues at 80 %: 10 ms / (1 − 0.8) = 50 ms.
    near(random, 0.050, 0.1);
    assert!(least < round_robin && round_robin < random, "{least} {round_robin} {random}");
}

#[test]
fn constant_and_lognormal_service_follow_pollaczek_khinchine() {
    // M/G/1: Wq = ρ S (1 + cv²) / (2 (1 − ρ)); at ρ = 0.7, S = 10 ms.
    let design = "web: client\nsrv: service concurrency 1 latency 10 ms\nflow f: 70/s\n  web -> srv\n";
    let wait = |service: &str| {
        let r = run(
            design,
            &format!("set duration 40000s\nset warmup 100s\ncomponent srv waiting unbounded {service}\n"),
        );
        comp(&r, "srv").wait_mean
    };
    let pk = |cv: f64| 0.7 * 0.010 * (1.0 + cv * cv) / (2.0 * 0.3);
    near(wait("service constant"), pk(0.0), 0.03);
    near(wait("service lognormal cv 0.5"), pk(0.5), 0.03);
}

#[test]
fn load_shapes_change_the_arrival_rate() {
    let design = "web: client\napi: service replicas 4\nflow f: 1K/s\n  web -> api\n";
    let r = run(design, "set duration 30s\nset interval 1s\nspike f x3 at 10s for 5s\nload f constant\n");
    let per_second: Vec<u64> = r.series.iter().map(|p| p.total.requests).collect();
    assert_eq!(per_second[5], 1000);
    assert_eq!(per_second[12], 3000);
    let r = run(design, "set duration 30s\nset interval 1s\nramp f x1 to x2 at 10s for 10s\nload f 2K/s\n");
    let per_second: Vec<u64> = r.series.iter().map(|p| p.total.requests).collect();
    near(per_second[2..8].iter().sum::<u64>() as f64, 12_000.0, 0.03);
    near(per_second[22..28].iter().sum::<u64>() as f64, 24_000.0, 0.03);
    let r = run(design, "set duration 60s\nset interval 5s\ndiurnal f x0.5 to x1.5 period 60s\n");
    let first = r.series[0].total.requests as f64;
    let middle = r.series[6].total.requests as f64;
    assert!(middle > 2.0 * first, "{first} then {middle}");
}

#[test]
fn warmup_leaves_early_requests_out_of_the_summary() {
    let r = run(CHAIN, "set duration 20s\nset warmup 10s\nload f constant\n");
    let f = flow(&r, "f");
    assert!((f.requests as i64 - 10_000).abs() <= 1, "{f:?}");
    // The series still covers the whole run.
    assert_eq!(r.series.first().unwrap().start, 0.0);
    assert!(r.series.iter().map(|p| p.total.requests).sum::<u64>() >= 19_999);
}

#[test]
fn progress_reaches_the_end() {
    let parsed = design::parse(CHAIN);
    let sc = scenario::parse("set duration 10s\n", &parsed.design, &estimate::NoNames, Overrides::default());
    let mut seen = Vec::new();
    sim::simulate(&parsed.design, &sc.scenario, &mut |p| seen.push(p));
    assert!(seen.len() >= 10);
    assert!(seen.windows(2).all(|w| w[0].time <= w[1].time));
    let last = seen.last().unwrap();
    assert_eq!((last.time, last.fraction()), (10.0, 1.0));
}
