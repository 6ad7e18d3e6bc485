//! Fuzzes the scenario language against a fixed design: reading any text never panics, and a
//! scenario that reads cleanly (and is short enough to run here) simulates with every request
//! accounted for: requests = served + errors + dropped + in flight.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sim::scenario::{self, Overrides};

const DESIGN: &str = "\
web: client
lb: lb replicas 2 zone a b
api: service replicas 3 zone a b
cache: cache replicas 2 hit 90% zone a b
db: sql replicas 2 zone a b
q: queue
worker: worker replicas 2
pay: external
flow read: 200/s peak 3 read
  web -> lb -> api -> cache -> db
flow write: 50/s write stores 1 KB
  web -> lb -> api -> db
  api ~> q ~> worker -> pay
";

fn design() -> &'static design::Design {
    static DESIGN_MODEL: OnceLock<design::Design> = OnceLock::new();
    DESIGN_MODEL.get_or_init(|| design::parse(DESIGN).design)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let design = design();
    let parsed = scenario::parse(text, design, &estimate::NoNames, Overrides::default());
    for d in &parsed.diagnostics {
        let _ = d.render(text);
    }
    if parsed.has_errors() || parsed.scenario.expected_calls(design) > 200_000.0 {
        return;
    }
    let report = sim::simulate(design, &parsed.scenario, &mut |_| {});
    for f in &report.flows {
        assert_eq!(f.requests, f.served + f.errors + f.dropped + f.in_flight, "{text}");
    }
});
