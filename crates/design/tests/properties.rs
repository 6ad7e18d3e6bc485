//! Properties of the language: formatting is the identity on meaning (parse, format, parse gives
//! the same design) and idempotent; any input, however broken, parses without a panic.

use proptest::prelude::*;

const KINDS: &[&str] =
    &["service", "cache", "sql", "nosql", "lb", "gateway", "queue", "worker", "redis", "object-store", "cdn"];

fn component() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(KINDS),
        proptest::option::of(1u32..20),
        proptest::option::of(1u32..8),
        proptest::option::of(1u32..200),
        proptest::option::of(50u32..100),
        proptest::option::of(proptest::sample::select(&["a", "a b", "a b c"][..])),
        any::<bool>(),
    )
        .prop_map(|(kind, replicas, shards, latency, hit, zone, dlq)| {
            let mut s = format!(": {kind}");
            if let Some(r) = replicas {
                s.push_str(&format!(" replicas {r}"));
            }
            if let Some(x) = shards {
                s.push_str(&format!(" shards {x}"));
            }
            if let Some(l) = latency {
                s.push_str(&format!(" latency {l} ms"));
            }
            if let Some(h) = hit {
                s.push_str(&format!(" hit {h}%"));
            }
            if let Some(z) = zone {
                s.push_str(&format!(" zone {z}"));
            }
            if dlq {
                s.push_str(" dlq");
            }
            s
        })
}

/// A valid design with messy spacing, shorthands and comments.
fn design() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(component(), 2..8),
        proptest::collection::vec(
            (
                1u32..100_000,
                1u32..5,
                any::<bool>(),
                proptest::collection::vec((0usize..8, 0usize..8, any::<bool>(), 1u32..100), 1..5),
            ),
            1..4,
        ),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(components, flows, title, scenario)| {
            let n = components.len();
            let mut s = String::new();
            if title {
                s.push_str("design   \"Generated design\"\n");
            }
            s.push_str("web:client   # the users\n");
            for (i, c) in components.iter().enumerate() {
                s.push_str(&format!("c{i}{c}\n"));
            }
            s.push('\n');
            for (fi, (rate, peak, write, paths)) in flows.iter().enumerate() {
                let op = if *write { "write stores 1 KB" } else { "read" };
                s.push_str(&format!("flow f{fi}: {rate}/s peak {peak} {op}\n"));
                for (a, b, asynchronous, share) in paths {
                    let (a, b) = (a % n, b % n);
                    if a >= b {
                        s.push_str(&format!("    web->c{b}\n"));
                        continue;
                    }
                    let arrow = if *asynchronous { "~>" } else { "->" };
                    s.push_str(&format!("  web -> c{a}  {arrow} c{b} {share}%\n"));
                }
                s.push_str(&format!("objective f{fi}: availability 99.9% p99 200 ms\n"));
            }
            if scenario {
                s.push_str("\nscenario   # what the simulator runs\nset duration 30s   \n  fail c0 at 10s for 5s\n\n");
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn format_preserves_meaning_and_is_idempotent(src in design()) {
        let first = design::parse(&src);
        prop_assert!(first.diagnostics.iter().all(|d| d.severity != design::Severity::Error), "{:#?}\n{src}", first.diagnostics);
        let formatted = design::format(&first);
        let second = design::parse(&formatted);
        prop_assert_eq!(&first.design, &second.design, "formatting changed the design:\n{}\n---\n{}", src, formatted);
        prop_assert_eq!(design::format(&second), formatted);
        prop_assert_eq!(first.scenario_text(), second.scenario_text());
    }

    #[test]
    fn arbitrary_text_never_panics(src in "(?s).{0,300}") {
        let parsed = design::parse(&src);
        if !parsed.has_errors() {
            let _ = design::check(&parsed.design);
        }
        for d in &parsed.diagnostics {
            prop_assert!(d.line >= 1 && d.col >= 1);
        }
    }

    #[test]
    fn design_like_text_never_panics(src in "([a-z]{1,4}(: | -> | ~> | )[a-z0-9%./ ]{0,12}\n|flow [a-z]: [0-9]{1,4}/s\n|objective [a-z]: p99 [0-9] ms\n){0,20}") {
        let parsed = design::parse(&src);
        let _ = design::format(&parsed);
        if !parsed.has_errors() {
            let (report, _) = design::check(&parsed.design);
            let _ = design::svg(&parsed.design, &report);
            let _ = design::export::dot(&parsed.design);
        }
    }
}
