fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let secs: f64 = std::env::args().nth(2).map_or(3.0, |s| s.parse().unwrap());
    let loaded = content_source::load(Some(std::path::Path::new(&dir))).unwrap();
    for d in loaded.diagnostics.iter().take(5) {
        println!("diag {d}");
    }
    let corpus = loaded.corpus;
    for p in corpus.problems() {
        let Some(text) = &p.design else { continue };
        if let Some(only) = std::env::args().nth(3) {
            if p.id.as_str() != only {
                continue;
            }
        }
        let names = p.names(corpus.numbers());
        let parsed = design::parse_with(text, &names);
        if parsed.has_errors() {
            println!("{}: design errors", p.id);
            continue;
        }
        let st = sim::scenario::default_text(&parsed.design, secs);
        let sc = sim::scenario::parse(&st, &parsed.design, &names, Default::default());
        let t = std::time::Instant::now();
        let r = sim::simulate(&parsed.design, &sc.scenario, &mut |_| {});
        let el = t.elapsed();
        let req: u64 = r.flows.iter().map(|f| f.requests).sum();
        let fail = st.lines().find(|l| l.starts_with("fail")).unwrap_or("");
        println!("{:32} {:>9} req {:>10} ev {:>8.0?}  {}", p.id, req, r.events, el, fail);
        for f in &r.flows {
            println!(
                "    {:20} req {:>8} ok {:>8} err {:>7} drop {:>7} infl {:>6} async {}/{} p50 {:.1}ms p99 {:.1}ms",
                f.name,
                f.requests,
                f.served,
                f.errors,
                f.dropped,
                f.in_flight,
                f.async_failed,
                f.async_jobs,
                f.p50 * 1e3,
                f.p99 * 1e3
            );
        }
    }
}
