//! The analyzer against hand calculations on small designs. Expected values were computed by
//! hand (and in a separate script), not by this crate.

use design::{Kind, check, parse};

const SMALL: &str = "\
# one service, one cache, one database
api: service replicas 2 latency 10 ms concurrency 10
cache: cache replicas 2 hit 80% latency 1 ms concurrency 1 eviction lru
db: sql replicas 1 latency 5 ms concurrency 10
web: client
flow read: 1000/s read
  web -> api -> cache -> db
flow write: 100/s write stores 1 KB retain 1 year
  web -> api -> db
";

#[track_caller]
fn close(got: f64, want: f64, tolerance: f64, what: &str) {
    assert!((got - want).abs() <= tolerance * want.abs().max(1e-12), "{what}: got {got}, want {want}");
}

fn small() -> (design::Report, Vec<design::Finding>) {
    let parsed = parse(SMALL);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    check(&parsed.design)
}

#[test]
fn load_propagates_through_cache_misses() {
    let (r, _) = small();
    let by = |id: &str| r.components.iter().find(|c| c.id == id).unwrap();
    // Every request reaches the api; writes too.
    close(by("api").reads, 1000.0, 1e-12, "api reads");
    close(by("api").writes, 100.0, 1e-12, "api writes");
    // All reads look up the cache; 20 % miss to the database.
    close(by("cache").reads, 1000.0, 1e-12, "cache reads");
    close(by("db").reads, 200.0, 1e-12, "db reads");
    close(by("db").writes, 100.0, 1e-12, "db writes");
}

#[test]
fn utilisation_per_instance() {
    let (r, _) = small();
    let by = |id: &str| r.components.iter().find(|c| c.id == id).unwrap();
    // api: (1000 + 100)/2 = 550/s per instance against 10 / 10 ms = 1000/s.
    close(by("api").utilization_peak, 0.55, 1e-12, "api");
    // cache: 500/s per instance against 1 / 1 ms = 1000/s.
    close(by("cache").utilization_peak, 0.5, 1e-12, "cache");
    // db: reads 200/s over 2 instances = 100/s against 2000/s, plus every write (100/s)
    // against the default 5000/s write capacity: 0.05 + 0.02.
    close(by("db").utilization_peak, 0.07, 1e-12, "db");
}

#[test]
fn erlang_c_wait_matches_the_hand_calculation() {
    // api at 1000 req/s over 2 instances with 10 servers of 10 ms each: λ = 500, μ = 100,
    // a = 5, C(10, 5) = 0.0361054; Wq = C / (cμ − λ) = 0.0361054 / 500 = 72.2 µs.
    let parsed = parse(
        "api: service replicas 2 latency 10 ms concurrency 10\nweb: client\nflow r: 1000/s\n  web -> api\n",
    );
    let (r, _) = check(&parsed.design);
    close(r.components[0].wait_peak, 7.221071831664038e-05, 1e-9, "api mean wait");
    close(design::erlang_c(10, 5.0), 0.036105359158320194, 1e-12, "Erlang C");
}

#[test]
fn latency_per_flow_at_peak() {
    let parsed = parse(
        "\
api: service replicas 2 latency 10 ms concurrency 10
cache: cache replicas 2 hit 80% latency 1 ms concurrency 1
db: sql replicas 1 latency 5 ms concurrency 10
web: client
flow read: 1000/s read
  web -> api -> cache -> db
",
    );
    let (r, _) = check(&parsed.design);
    let f = &r.flows[0];
    // Hit path (80 %) and miss path (20 %), computed by hand with 0.5 ms per server hop.
    close(f.mean, 0.013672210718334727, 1e-9, "mean");
    // The p99 is the slowest path carrying at least 1 % of requests: the miss path.
    close(f.p99, 0.0618852995769998, 1e-9, "p99");
    // The p50 is that of the slowest path carrying at least half the requests: the hit path.
    close(f.p50, 0.009170431006234396, 1e-9, "p50");
}

#[test]
fn availability_is_k_of_n_along_each_path() {
    let parsed = parse(
        "\
api: service replicas 2 latency 10 ms concurrency 10
cache: cache replicas 2 hit 80% latency 1 ms concurrency 1
db: sql replicas 1 latency 5 ms concurrency 10
web: client
flow read: 1000/s read
  web -> api -> cache -> db
",
    );
    let (r, _) = check(&parsed.design);
    // api and cache need 1 of 2 at 99.9 % each; the database 1 of 2 at 99.95 %; the miss path
    // (20 %) also needs the database: 0.8·a² + 0.2·a²·adb.
    close(r.flows[0].availability, 0.9999979500011, 1e-12, "availability");
}

#[test]
fn calls_made_by_one_request_multiply_their_availabilities() {
    // The api calls both databases on every request: it needs both, so their availabilities
    // multiply (an average of the two branches would hide one of them).
    let parsed = parse(
        "\
api: service replicas 2 latency 10 ms concurrency 10 availability 99.9%
users: sql replicas 1 availability 99%
orders: sql replicas 1 availability 99.5%
web: client
flow read: 10/s read
  web -> api -> users
  api -> orders
",
    );
    let (r, _) = check(&parsed.design);
    // Each needs 1 of its 2 instances (a database's `replicas 1` is a primary and a replica).
    let one_of_two = |a: f64| 1.0 - (1.0 - a) * (1.0 - a);
    let want = one_of_two(0.999) * one_of_two(0.99) * one_of_two(0.995);
    close(r.flows[0].availability, want, 1e-12, "availability");
    // Averaging the two branches, as a path-by-path mean would, gives a different answer.
    let averaged = one_of_two(0.999) * (one_of_two(0.99) + one_of_two(0.995)) / 2.0;
    assert!((r.flows[0].availability - averaged).abs() > 1e-6);
}

#[test]
fn storage_grows_over_retention_on_every_copy() {
    let (r, _) = small();
    let db = r.components.iter().find(|c| c.id == "db").unwrap();
    // 100 writes/s × 1 KB × 1 year × 2 copies (primary and replica).
    close(db.storage, 100.0 * 1000.0 * 365.0 * 86_400.0 * 2.0, 1e-12, "storage");
}

#[test]
fn single_instance_on_a_path_is_a_spof() {
    let parsed = parse("api: service\nweb: client\nflow r: 10/s\n  web -> api\n");
    let (r, findings) = check(&parsed.design);
    assert!(r.components[0].spof);
    assert!(findings.iter().any(|f| f.rule == "single-point-of-failure" && f.line == 1), "{findings:#?}");
    let parsed =
        parse("api: service replicas 2\nweb: client\nflow r: 10/s\n  web -> lb -> api\nlb: lb replicas 2\n");
    let (r, _) = check(&parsed.design);
    assert!(!r.components.iter().any(|c| c.spof), "{:#?}", r.components);
}

#[test]
fn overload_and_replicas_needed() {
    // 20K/s at peak on services of 5K/s: 4 instances at 100 %, 6 under a 70 % target.
    let parsed = parse("api: service replicas 2\nweb: client\nflow r: 10K/s peak 2\n  web -> api\n");
    let (r, findings) = check(&parsed.design);
    close(r.components[0].utilization_peak, 2.0, 1e-12, "util");
    assert_eq!(r.components[0].needed_instances, 6);
    assert!(findings.iter().any(|f| f.rule == "overloaded"));
    assert!(r.flows[0].p99.is_infinite(), "a saturated queue has no bounded latency");
    assert_eq!(r.components[0].kind, Kind::Service);
}

#[test]
fn primary_write_overload_needs_shards_not_replicas() {
    let parsed = parse("db: sql replicas 5\nweb: client\nflow w: 8K/s write\n  web -> db\n");
    let (_, findings) = check(&parsed.design);
    assert!(findings.iter().any(|f| f.rule == "primary-write-overload"), "{findings:#?}");
    let parsed = parse("db: sql replicas 1 shards 4\nweb: client\nflow w: 8K/s write\n  web -> db\n");
    let (_, findings) = check(&parsed.design);
    assert!(!findings.iter().any(|f| f.rule == "primary-write-overload"), "{findings:#?}");
}

#[test]
fn objectives_are_checked() {
    // Two instances at 99.9 % (one enough): 1 − 0.001² = 99.9999 %, short of 99.99999 %.
    let parsed = parse(
        "api: service replicas 2\nweb: client\nflow r: 100/s\n  web -> api\nobjective r: availability 99.99999% p99 1 ms\n",
    );
    let (_, findings) = check(&parsed.design);
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"availability-below-objective"), "{rules:?}");
    assert!(rules.contains(&"latency-above-objective"), "{rules:?}");
    assert!(findings.iter().all(|f| f.rule != "latency-above-objective" || f.line == 5));
}
