//! Parse and analyse a 1,000-component design: the design lab re-analyses on every keystroke,
//! so both together should stay well under 10 ms. Run with `cargo bench -p design`.

fn main() {
    divan::main();
}

/// A layered design: 1,000 components in tiers of 10 services, caches and databases, with 100
/// flows each crossing one slice of the tiers.
fn big_design() -> String {
    let mut s = String::from("design \"Synthetic\"\nweb: client\n");
    for i in 0..333 {
        s.push_str(&format!("svc{i}: service replicas 4 zone a b\ncache{i}: cache replicas 2 hit 80% eviction lru\ndb{i}: sql replicas 1 shards 2\n"));
    }
    for f in 0..100 {
        s.push_str(&format!("flow f{f}: 1K/s peak 2 read stores 100 B\n"));
        for hop in 0..3 {
            let i = (f * 3 + hop) % 333;
            s.push_str(&format!("  web -> svc{i} -> cache{i} -> db{i} 50%\n"));
        }
        s.push_str(&format!("objective f{f}: availability 99.9% p99 100 ms\n"));
    }
    s
}

#[divan::bench]
fn parse_1000_components(bencher: divan::Bencher) {
    let text = big_design();
    bencher.bench(|| design::parse(divan::black_box(&text)));
}

#[divan::bench]
fn analyze_1000_components(bencher: divan::Bencher) {
    let parsed = design::parse(&big_design());
    bencher.bench(|| design::check(divan::black_box(&parsed.design)));
}

#[divan::bench]
fn parse_and_analyze_1000_components(bencher: divan::Bencher) {
    let text = big_design();
    bencher.bench(|| {
        let parsed = design::parse(divan::black_box(&text));
        design::check(&parsed.design)
    });
}
