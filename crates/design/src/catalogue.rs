//! The component catalogue: every kind a design may use, with per-instance defaults for
//! capacity, service time, concurrency, availability and monthly cost. A design overrides any of
//! them per component. Where each number comes from is in `docs/design-language.md` and on the
//! numbers-to-know page; they are planning figures, not benchmarks.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Client,
    Dns,
    Cdn,
    LoadBalancer,
    Gateway,
    Service,
    Cache,
    Sql,
    Nosql,
    Search,
    ObjectStore,
    Queue,
    Stream,
    Worker,
    Websocket,
    Coordination,
    Timeseries,
    Transcoder,
    External,
}

/// Per-instance defaults of a kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Defaults {
    /// Mean service time of one request inside the component, in seconds (network excluded).
    pub service_time: f64,
    /// Requests one instance works on at once (its servers, in queueing terms).
    pub concurrency: f64,
    /// Writes per second one instance (a primary, for databases) sustains; `None` when writes
    /// cost the same as reads.
    pub write_capacity: Option<f64>,
    /// Probability one instance is up.
    pub availability: f64,
    /// On-demand monthly cost of one instance, in US dollars.
    pub monthly_cost: f64,
    /// Disk per instance in bytes, for kinds that store data.
    pub disk: Option<f64>,
    /// Memory per instance in bytes, for caches.
    pub memory: Option<f64>,
    /// Share of reads served from cache, for caches.
    pub hit_ratio: Option<f64>,
}

const GB: f64 = 1e9;
const TB: f64 = 1e12;

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Client,
        Kind::Dns,
        Kind::Cdn,
        Kind::LoadBalancer,
        Kind::Gateway,
        Kind::Service,
        Kind::Cache,
        Kind::Sql,
        Kind::Nosql,
        Kind::Search,
        Kind::ObjectStore,
        Kind::Queue,
        Kind::Stream,
        Kind::Worker,
        Kind::Websocket,
        Kind::Coordination,
        Kind::Timeseries,
        Kind::Transcoder,
        Kind::External,
    ];

    /// The name written in a design, and other accepted spellings.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Kind::Client => &["client", "user", "users", "browser", "mobile"],
            Kind::Dns => &["dns"],
            Kind::Cdn => &["cdn"],
            Kind::LoadBalancer => &["lb", "load-balancer", "loadbalancer"],
            Kind::Gateway => &["gateway", "api-gateway"],
            Kind::Service => &["service", "app", "api", "server"],
            Kind::Cache => &["cache", "redis", "memcached"],
            Kind::Sql => &["sql", "postgres", "postgresql", "mysql", "rdbms"],
            Kind::Nosql => &["nosql", "kv", "dynamodb", "cassandra", "mongodb", "document"],
            Kind::Search => &["search", "elasticsearch", "opensearch"],
            Kind::ObjectStore => &["object-store", "blob", "s3"],
            Kind::Queue => &["queue", "log", "kafka", "sqs", "rabbitmq"],
            Kind::Stream => &["stream", "stream-processor", "flink"],
            Kind::Worker => &["worker", "job", "consumer"],
            Kind::Websocket => &["websocket", "ws", "ws-gateway"],
            Kind::Coordination => &["coordination", "zookeeper", "etcd", "consul"],
            Kind::Timeseries => &["timeseries", "tsdb", "prometheus"],
            Kind::Transcoder => &["transcoder", "media"],
            Kind::External => &["external", "third-party"],
        }
    }

    pub fn as_str(self) -> &'static str {
        self.names()[0]
    }

    pub fn parse(word: &str) -> Option<Kind> {
        let w = word.to_ascii_lowercase();
        Kind::ALL.iter().copied().find(|k| k.names().contains(&w.as_str()))
    }

    /// Every accepted spelling, for "did you mean".
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        Kind::ALL.iter().flat_map(|k| k.names().iter().copied())
    }

    pub fn defaults(self) -> Defaults {
        let base = Defaults {
            service_time: 0.010,
            concurrency: 50.0,
            write_capacity: None,
            availability: 0.999,
            monthly_cost: 70.0,
            disk: None,
            memory: None,
            hit_ratio: None,
        };
        match self {
            // The user's device: outside our capacity and availability.
            Kind::Client => Defaults {
                service_time: 0.0,
                concurrency: f64::INFINITY,
                availability: 1.0,
                monthly_cost: 0.0,
                ..base
            },
            // Answers come from resolver caches: never on the per-request path in practice.
            Kind::Dns => Defaults {
                service_time: 0.001,
                concurrency: 1e6,
                availability: 0.99999,
                monthly_cost: 1.0,
                ..base
            },
            // An edge PoP: 200K requests/s per instance; billed per GB, not per instance.
            Kind::Cdn => Defaults {
                service_time: 0.001,
                concurrency: 200.0,
                availability: 0.9999,
                monthly_cost: 0.0,
                hit_ratio: Some(0.9),
                ..base
            },
            // A managed L7 balancer: 50K requests/s at 1 ms; ALB's SLA is 99.99 %.
            Kind::LoadBalancer => Defaults {
                service_time: 0.001,
                concurrency: 50.0,
                availability: 0.9999,
                monthly_cost: 25.0,
                ..base
            },
            Kind::Gateway => Defaults {
                service_time: 0.002,
                concurrency: 20.0,
                availability: 0.9995,
                monthly_cost: 100.0,
                ..base
            },
            // 10 ms of work, 50 in flight: 5K requests/s per 2-vCPU instance.
            Kind::Service => base,
            // Redis: one command thread, 10 µs per command: 100K ops/s.
            Kind::Cache => Defaults {
                service_time: 10e-6,
                concurrency: 1.0,
                monthly_cost: 150.0,
                memory: Some(25.0 * GB),
                hit_ratio: Some(0.8),
                ..base
            },
            // PostgreSQL/MySQL: 2 ms per indexed query, 32 in flight: 16K reads/s; 5K durable writes/s.
            Kind::Sql => Defaults {
                service_time: 0.002,
                concurrency: 32.0,
                write_capacity: Some(5_000.0),
                availability: 0.9995,
                monthly_cost: 400.0,
                disk: Some(2.0 * TB),
                ..base
            },
            // A wide-column or key-value node: 32K reads/s and 10K writes/s.
            Kind::Nosql => Defaults {
                service_time: 0.002,
                concurrency: 64.0,
                write_capacity: Some(10_000.0),
                monthly_cost: 400.0,
                disk: Some(2.0 * TB),
                ..base
            },
            Kind::Search => Defaults {
                service_time: 0.010,
                concurrency: 16.0,
                write_capacity: Some(2_000.0),
                monthly_cost: 500.0,
                disk: Some(1.0 * TB),
                ..base
            },
            // S3: 5,500 GETs/s per prefix, 20 ms to first byte, 99.99 % designed availability.
            Kind::ObjectStore => Defaults {
                service_time: 0.020,
                concurrency: 110.0,
                write_capacity: Some(3_500.0),
                availability: 0.9999,
                monthly_cost: 0.0,
                disk: Some(f64::INFINITY),
                ..base
            },
            // A broker: 50K messages/s.
            Kind::Queue => Defaults {
                service_time: 0.002,
                concurrency: 100.0,
                availability: 0.9995,
                monthly_cost: 200.0,
                disk: Some(4.0 * TB),
                ..base
            },
            Kind::Stream => Defaults { service_time: 0.001, concurrency: 50.0, monthly_cost: 200.0, ..base },
            // Background jobs: 50 ms each, 10 at a time: 200 jobs/s.
            Kind::Worker => Defaults { service_time: 0.050, concurrency: 10.0, ..base },
            Kind::Websocket => {
                Defaults { service_time: 0.001, concurrency: 20.0, monthly_cost: 150.0, ..base }
            }
            // A 3- or 5-node consensus group counted as one: 10K writes/s at 5 ms.
            Kind::Coordination => Defaults {
                service_time: 0.005,
                concurrency: 50.0,
                availability: 0.9999,
                monthly_cost: 450.0,
                ..base
            },
            Kind::Timeseries => Defaults {
                service_time: 0.005,
                concurrency: 50.0,
                monthly_cost: 300.0,
                disk: Some(2.0 * TB),
                ..base
            },
            // A video job: 30 s of encoding, 4 at a time on one instance.
            Kind::Transcoder => {
                Defaults { service_time: 30.0, concurrency: 4.0, monthly_cost: 500.0, ..base }
            }
            // A third-party API: 200 ms, its own availability; we pay per call, not per instance.
            Kind::External => Defaults {
                service_time: 0.200,
                concurrency: 1e6,
                availability: 0.999,
                monthly_cost: 0.0,
                ..base
            },
        }
    }

    /// Kinds that store data durably (storage growth is attributed to them).
    pub fn stores_data(self) -> bool {
        matches!(
            self,
            Kind::Sql | Kind::Nosql | Kind::Search | Kind::ObjectStore | Kind::Queue | Kind::Timeseries
        )
    }

    /// Kinds that are databases with a primary taking writes.
    pub fn is_database(self) -> bool {
        matches!(self, Kind::Sql | Kind::Nosql | Kind::Search | Kind::Timeseries)
    }

    /// Kinds outside the system: not counted for capacity, cost or single points of failure.
    pub fn is_outside(self) -> bool {
        matches!(self, Kind::Client | Kind::External)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parse_back() {
        let mut seen = Vec::new();
        for k in Kind::ALL {
            for n in k.names() {
                assert!(!seen.contains(n), "{n} twice");
                seen.push(n);
                assert_eq!(Kind::parse(n), Some(*k));
            }
        }
    }

    #[test]
    fn default_capacity_follows_from_service_time_and_concurrency() {
        let d = Kind::Service.defaults();
        assert!((d.concurrency / d.service_time - 5_000.0).abs() < 1e-6);
        let c = Kind::Cache.defaults();
        assert!((c.concurrency / c.service_time - 100_000.0).abs() < 1e-3);
    }
}
