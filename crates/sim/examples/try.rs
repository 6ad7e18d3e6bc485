fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let parsed = design::parse(&text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let design = parsed.design;
    let sc = std::fs::read_to_string(&args[2]).unwrap();
    let parsed = sim::scenario::parse(&sc, &design, &estimate::NoNames, Default::default());
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let t = std::time::Instant::now();
    let r = sim::simulate(&design, &parsed.scenario, &mut |_| {});
    let el = t.elapsed();
    for f in &r.flows {
        println!("{f:?}");
    }
    for c in &r.components {
        println!(
            "{} arr {} served {} drop {} err {} util {:.3} wait {:.6} lag {:?}",
            c.id, c.arrivals, c.served, c.dropped, c.errors, c.utilization, c.wait_mean, c.lag_mean
        );
    }
    let req: u64 = r.flows.iter().map(|f| f.requests).sum();
    println!(
        "events {} in {:?}: {:.1} ns/event, {:.2}M req/s",
        r.events,
        el,
        el.as_secs_f64() * 1e9 / r.events as f64,
        req as f64 / el.as_secs_f64() / 1e6
    );
}
