//! The simulator: a deterministic discrete-event simulation of a design under a scenario — load
//! shapes, queues with finite waiting rooms, load balancing, cache hits, fan-out, asynchronous
//! hand-offs, timeouts, retries, circuit breakers, rate limiters and injected failures — measured
//! per interval and summarised per flow and per component. No I/O, no threads, no clock: virtual
//! time and a seeded random stream, so the same design, scenario and seed give the same report.
//!
//! ```
//! let design = design::parse("web: client\napi: service\nflow r: 100/s\n  web -> api\n").design;
//! let parsed = sim::scenario::parse("set duration 10s\n", &design, &estimate::NoNames, Default::default());
//! assert!(!parsed.has_errors());
//! let report = sim::simulate(&design, &parsed.scenario, &mut |_| {});
//! let flow = &report.flows[0];
//! assert_eq!(flow.requests, flow.served + flow.errors + flow.dropped + flow.in_flight);
//! ```

pub mod chart;
mod engine;
mod histogram;
mod queue;
mod report;
pub mod scenario;

pub use engine::simulate;
pub use histogram::Histogram;
pub use report::{ComponentPoint, ComponentSummary, FlowPoint, FlowSummary, Point, Progress, Report, Window};
pub use scenario::Scenario;
