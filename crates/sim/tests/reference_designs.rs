//! Every reference design of the problem bank runs its default scenario (steady load, a 3× spike,
//! then its bottleneck failing) for a few seconds of virtual time, and the results are sane.

use sim::scenario::{self, Overrides};

#[test]
fn reference_designs_run_their_default_scenario_sanely() {
    let loaded = content::load(&content_source::embedded());
    let corpus = loaded.corpus;
    let mut ran = Vec::new();
    for problem in corpus.problems() {
        let Some(text) = &problem.design else { continue };
        let names = problem.names(corpus.numbers());
        let parsed = design::parse_with(text, &names);
        assert!(!parsed.has_errors(), "{}: {:?}", problem.id, parsed.diagnostics);
        let design = &parsed.design;
        // A few seconds of virtual time; longer for a quiet design, so that something happens
        // (up to two minutes, for about 5,000 requests), and shorter for one so busy that the
        // test would slow down (at most about 300,000 calls between components: a whiteboard's
        // cursors move at millions a second, a search fans out to hundreds of shards).
        let second = scenario::empty(design, Overrides { duration: Some(1.0), seed: None });
        let (requests, calls) = (second.expected_requests(), second.expected_calls(design));
        let duration = (5_000.0 / requests).clamp(3.0, 120.0).min(300_000.0 / calls);
        let scenario_text = scenario::default_text(design, duration);
        let sc = scenario::parse(&scenario_text, design, &names, Overrides::default());
        assert!(sc.diagnostics.is_empty(), "{}: {:?}\n{scenario_text}", problem.id, sc.diagnostics);
        assert_eq!(sc.scenario.failures.len(), 1, "{}: the bottleneck fails\n{scenario_text}", problem.id);
        let report = sim::simulate(design, &sc.scenario, &mut |_| {});
        for f in &report.flows {
            assert!(f.balanced(), "{}: {f:?}", problem.id);
            assert!(f.p50 >= 0.0 && f.p50 <= f.p99 && f.p99 <= f.max + 1e-12, "{}: {f:?}", problem.id);
            assert!(f.mean >= 0.0 && f.mean.is_finite(), "{}: {f:?}", problem.id);
        }
        assert!(
            report.flows.iter().map(|f| f.requests).sum::<u64>() > 1000,
            "{}: {:?}",
            problem.id,
            report.flows
        );
        for p in &report.series {
            for f in p.flows.iter().chain([&p.total]) {
                assert!(f.p50 >= 0.0 && f.p50 <= f.p99, "{}: {p:?}", problem.id);
            }
            for c in &p.components {
                assert!(c.utilization >= 0.0 && c.utilization <= 1.0 + 1e-9, "{}: {c:?}", problem.id);
            }
        }
        ran.push(problem.id.to_string());
    }
    assert!(!ran.is_empty(), "no reference design found");
}
