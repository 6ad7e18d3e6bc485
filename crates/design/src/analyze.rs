//! The analyzer: load on every component, utilisation, the replicas each needs, latency per flow
//! from M/M/c queueing, availability per flow, single points of failure, storage, bandwidth and
//! cost. Pure arithmetic over the resolved design.
//!
//! Approximations, stated once:
//! - Each instance is an M/M/c queue (Poisson arrivals, exponential service, unbounded queue):
//!   `c` is its concurrency, its service rate is 1 / service time. The wait follows Erlang C:
//!   P(wait > t) = C · exp(−(cμ − λ) t).
//! - A hop's percentile is the service-time percentile (exponential: S·ln 2, S·ln 100) plus the
//!   wait percentile; with fan-out k, the slowest of k calls: quantile q becomes q^(1/k).
//! - Percentiles do not add across hops. A path's mean is the sum of means; its p-quantile is
//!   the mean plus the root of the summed squared (quantile − mean) excesses.
//! - A flow's p-quantile is that of the slowest path that carries at least 1 − p of its
//!   requests (the p99 of a path taken by 10 % of requests counts; one taken by 0.1 % does not).
//! - Availability of a component is the chance that enough of a shard's instances are up to
//!   carry peak load (k of n); a flow is available when every component on its path is.

use crate::catalogue::Kind;
use crate::model::{Component, Design, Flow, Op, Route};

/// Load and health of one component.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentReport {
    pub index: usize,
    pub id: String,
    pub kind: Kind,
    pub instances: u32,
    /// Requests per second arriving, average and peak, split by reads and writes.
    pub reads: f64,
    pub writes: f64,
    pub peak_reads: f64,
    pub peak_writes: f64,
    /// Bytes per second through the component at peak.
    pub peak_bytes: f64,
    /// Utilisation of the busiest instance at peak (0.7 is 70 %).
    pub utilization_peak: f64,
    pub utilization_avg: f64,
    /// Instances (in total, over all shards) needed to stay under the target at peak.
    pub needed_instances: u32,
    /// Mean wait in the queue at peak, in seconds (infinite when saturated).
    pub wait_peak: f64,
    pub availability: f64,
    pub spof: bool,
    /// Bytes stored at the end of the horizon, all copies.
    pub storage: f64,
    pub monthly_cost: f64,
    /// Whether any flow reaches it.
    pub used: bool,
}

/// Latency and availability of one flow.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowReport {
    pub name: String,
    pub line: u32,
    pub rate: f64,
    pub peak_rate: f64,
    /// At peak load, in seconds; infinite when a component on the path is saturated.
    pub mean: f64,
    pub p50: f64,
    pub p99: f64,
    pub availability: f64,
    pub bytes_in: f64,
    pub bytes_out: f64,
}

/// Requests per second on one hop of one flow, average.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeLoad {
    pub flow: usize,
    pub from: usize,
    pub to: usize,
    pub sync: bool,
    pub rate: f64,
    pub peak_rate: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub components: Vec<ComponentReport>,
    pub edges: Vec<EdgeLoad>,
    pub flows: Vec<FlowReport>,
    /// Bytes per second from and to clients, average.
    pub bandwidth_in: f64,
    pub bandwidth_out: f64,
    pub storage: f64,
    pub monthly_cost: f64,
}

/// Per-flow request rates reaching each component (average), and the paths of synchronous
/// hops with the probability a request takes each.
struct FlowLoad {
    rates: Vec<f64>,
    /// (component indices in order, fan-out per hop, probability).
    paths: Vec<(Vec<usize>, Vec<f64>, f64)>,
}

fn route_factor(design: &Design, flow: &Flow, from: usize, route: Route) -> f64 {
    let c = &design.components[from];
    let hit = match c.kind {
        Kind::Cache | Kind::Cdn => c.hit_ratio.unwrap_or(0.0),
        _ => return 1.0,
    };
    // Writes pass through a cache to the store behind it.
    if flow.op == Op::Write {
        return 1.0;
    }
    match route {
        Route::Miss => 1.0 - hit,
        Route::Hit => hit,
        Route::All => 1.0,
    }
}

fn flow_load(design: &Design, flow: &Flow) -> FlowLoad {
    let n = design.components.len();
    let mut rates = vec![0.0; n];
    let targets: Vec<usize> = flow.edges.iter().map(|e| e.to).collect();
    let mut entries: Vec<usize> =
        flow.edges.iter().map(|e| e.from).filter(|f| !targets.contains(f)).collect();
    entries.dedup();
    if entries.is_empty() {
        return FlowLoad { rates, paths: Vec::new() };
    }
    for &e in &entries {
        rates[e] = flow.rate;
    }
    // Propagate in topological order (the resolver rejects cycles).
    let order = topological(flow, &entries);
    for &v in &order {
        for e in flow.edges.iter().filter(|e| e.from == v) {
            rates[e.to] += rates[v] * e.share * e.fanout * route_factor(design, flow, v, e.route);
        }
    }
    // Synchronous paths from each entry, with the probability a request follows each.
    let mut paths = Vec::new();
    for &e in &entries {
        let mut stack = vec![(vec![e], vec![1.0], 1.0 / entries.len() as f64)];
        while let Some((path, fans, p)) = stack.pop() {
            let last = *path.last().expect("paths start non-empty");
            let next: Vec<&crate::model::Edge> =
                flow.edges.iter().filter(|x| x.from == last && x.sync).collect();
            if next.is_empty() || p < 1e-9 {
                paths.push((path, fans, p));
                continue;
            }
            // Requests that take no outgoing edge end here.
            let mut continuing = 0.0;
            for x in next {
                let q = (x.share * route_factor(design, flow, last, x.route)).min(1.0);
                continuing += q;
                let mut np = path.clone();
                np.push(x.to);
                let mut nf = fans.clone();
                nf.push(x.fanout.max(1.0));
                stack.push((np, nf, p * q));
            }
            if continuing < 1.0 - 1e-9 {
                paths.push((path, fans, p * (1.0 - continuing.min(1.0))));
            }
        }
    }
    FlowLoad { rates, paths }
}

fn topological(flow: &Flow, entries: &[usize]) -> Vec<usize> {
    let mut nodes: Vec<usize> = entries.to_vec();
    for e in &flow.edges {
        for v in [e.from, e.to] {
            if !nodes.contains(&v) {
                nodes.push(v);
            }
        }
    }
    let mut indegree: Vec<(usize, usize)> =
        nodes.iter().map(|&v| (v, flow.edges.iter().filter(|e| e.to == v).count())).collect();
    let mut order = Vec::new();
    while let Some(pos) = indegree.iter().position(|&(_, d)| d == 0) {
        let (v, _) = indegree.remove(pos);
        order.push(v);
        for e in flow.edges.iter().filter(|e| e.from == v) {
            if let Some(entry) = indegree.iter_mut().find(|(w, _)| *w == e.to) {
                entry.1 = entry.1.saturating_sub(1);
            }
        }
    }
    order
}

/// Erlang C: the probability an arrival waits, for `c` servers and offered load `a` = λ/μ.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let rho = a / f64::from(c);
    if rho >= 1.0 {
        return 1.0;
    }
    // Erlang B by its stable recurrence, then C from B.
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    b / (1.0 - rho * (1.0 - b))
}

/// Queueing at one instance: mean wait and the wait's q-quantile, in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Queue {
    pub utilization: f64,
    pub wait_probability: f64,
    pub mean_wait: f64,
    /// cμ − λ: the rate at which the wait's tail decays.
    pub drain: f64,
}

impl Queue {
    /// An M/M/c queue with `servers`, `service_time` each, and arrivals `lambda` per second.
    pub fn mmc(servers: f64, service_time: f64, lambda: f64) -> Queue {
        let mu = 1.0 / service_time;
        let capacity = servers * mu;
        let utilization = lambda / capacity;
        // Huge concurrency (clients, third parties) never queues.
        if servers > 10_000.0 || lambda <= 0.0 {
            return Queue { utilization, wait_probability: 0.0, mean_wait: 0.0, drain: f64::INFINITY };
        }
        if utilization >= 1.0 {
            return Queue { utilization, wait_probability: 1.0, mean_wait: f64::INFINITY, drain: 0.0 };
        }
        // Whole servers; a fractional concurrency rounds up with the same capacity.
        let c = servers.ceil().max(1.0) as u32;
        let mu_c = capacity / f64::from(c);
        let c_prob = erlang_c(c, lambda / mu_c);
        let drain = f64::from(c) * mu_c - lambda;
        Queue { utilization, wait_probability: c_prob, mean_wait: c_prob / drain, drain }
    }

    pub fn wait_quantile(&self, q: f64) -> f64 {
        if self.wait_probability <= 1.0 - q {
            return 0.0;
        }
        if self.drain <= 0.0 {
            return f64::INFINITY;
        }
        (self.wait_probability / (1.0 - q)).ln() / self.drain
    }
}

/// k of n: the probability at least `k` of `n` instances, each up with probability `a`, are up.
pub fn k_of_n(k: u32, n: u32, a: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if n < k {
        return 0.0;
    }
    if a >= 1.0 {
        return 1.0;
    }
    if a <= 0.0 {
        return 0.0;
    }
    // Terms in log space: C(n, j) and a^j overflow and underflow long before n = 1,000 does.
    let (ln_a, ln_b) = (a.ln(), (1.0 - a).ln());
    let ln_choose_k: f64 = (0..k).map(|i| f64::from(n - i).ln() - f64::from(i + 1).ln()).sum();
    let mut ln_term = ln_choose_k + f64::from(k) * ln_a + f64::from(n - k) * ln_b;
    let mut sum = 0.0;
    for j in k..=n {
        sum += ln_term.exp();
        if j < n {
            ln_term += f64::from(n - j).ln() - f64::from(j + 1).ln() + ln_a - ln_b;
        }
    }
    sum.min(1.0)
}

pub fn analyze(design: &Design) -> Report {
    let n = design.components.len();
    let loads: Vec<FlowLoad> = design.flows.iter().map(|f| flow_load(design, f)).collect();
    let mut reads = vec![0.0; n];
    let mut writes = vec![0.0; n];
    let mut peak_reads = vec![0.0; n];
    let mut peak_writes = vec![0.0; n];
    let mut peak_bytes = vec![0.0; n];
    let mut storage = vec![0.0; n];
    let mut used = vec![false; n];
    for (f, load) in design.flows.iter().zip(&loads) {
        for (i, &r) in load.rates.iter().enumerate() {
            if r <= 0.0 {
                continue;
            }
            used[i] = true;
            let (avg, peak) = if f.op == Op::Write {
                (&mut writes, &mut peak_writes)
            } else {
                (&mut reads, &mut peak_reads)
            };
            avg[i] += r;
            peak[i] += r * f.peak_factor;
            peak_bytes[i] += r * f.peak_factor * (f.request_bytes + f.response_bytes);
            let c = &design.components[i];
            if f.stores_bytes > 0.0 && c.kind.stores_data() {
                let kept = f.retain.unwrap_or(design.horizon).min(design.horizon);
                // Every copy of the shard stores the data (object stores replicate internally).
                let copies = if c.kind == Kind::ObjectStore { 1.0 } else { f64::from(c.instances) };
                storage[i] += r * f.stores_bytes * kept * copies;
            }
        }
        for e in &f.edges {
            used[e.from] = true;
            used[e.to] = true;
        }
    }

    let target = design.target_utilization.clamp(0.05, 1.0);
    let mut on_sync_path = vec![false; n];
    for l in &loads {
        for (path, _, prob) in &l.paths {
            if *prob > 0.0 {
                for &i in path {
                    on_sync_path[i] = true;
                }
            }
        }
    }
    let mut queues = Vec::with_capacity(n);
    let mut components = Vec::with_capacity(n);
    for (i, c) in design.components.iter().enumerate() {
        let (util_peak, util_avg, needed, queue) =
            utilization(c, reads[i], writes[i], peak_reads[i], peak_writes[i], target);
        queues.push(queue);
        // k of n per shard: the instances needed to carry peak at full utilisation.
        let per_shard_needed = per_shard_minimum(c, peak_reads[i], peak_writes[i]);
        let availability = if c.kind.is_outside() {
            c.availability
        } else {
            k_of_n(per_shard_needed, c.instances, c.availability)
        };
        let spof = used[i]
            && on_sync_path[i]
            && !c.kind.is_outside()
            && c.kind != Kind::Dns
            && c.instances <= per_shard_needed;
        let egress = 0.0;
        let storage_cost = if c.kind == Kind::ObjectStore { storage[i] / 1e9 * 0.023 } else { 0.0 };
        components.push(ComponentReport {
            index: i,
            id: c.id.clone(),
            kind: c.kind,
            instances: c.total_instances(),
            reads: reads[i],
            writes: writes[i],
            peak_reads: peak_reads[i],
            peak_writes: peak_writes[i],
            peak_bytes: peak_bytes[i],
            utilization_peak: util_peak,
            utilization_avg: util_avg,
            needed_instances: needed,
            wait_peak: queue.mean_wait,
            availability,
            spof,
            storage: storage[i],
            monthly_cost: f64::from(c.total_instances()) * c.monthly_cost + storage_cost + egress,
            used: used[i],
        });
    }

    let mut edges = Vec::new();
    for (fi, (f, load)) in design.flows.iter().zip(&loads).enumerate() {
        for e in &f.edges {
            let rate = load.rates[e.from] * e.share * e.fanout * route_factor(design, f, e.from, e.route);
            edges.push(EdgeLoad {
                flow: fi,
                from: e.from,
                to: e.to,
                sync: e.sync,
                rate,
                peak_rate: rate * f.peak_factor,
            });
        }
    }
    let mut flows = Vec::with_capacity(design.flows.len());
    let mut bandwidth_in = 0.0;
    let mut bandwidth_out = 0.0;
    for (f, load) in design.flows.iter().zip(&loads) {
        let (mean, p50, p99) = flow_latency(design, load, &queues);
        let availability = flow_availability(design, f, &components);
        let from_client = f.edges.iter().any(|e| design.components[e.from].kind == Kind::Client);
        let (bytes_in, bytes_out) =
            if from_client { (f.rate * f.request_bytes, f.rate * f.response_bytes) } else { (0.0, 0.0) };
        bandwidth_in += bytes_in;
        bandwidth_out += bytes_out;
        flows.push(FlowReport {
            name: f.name.clone(),
            line: f.line,
            rate: f.rate,
            peak_rate: f.rate * f.peak_factor,
            mean,
            p50,
            p99,
            availability: if load.paths.is_empty() { 1.0 } else { availability },
            bytes_in,
            bytes_out,
        });
    }
    let month = 365.0 * 86_400.0 / 12.0;
    let egress_cost = bandwidth_out * month / 1e9 * design.egress_cost_per_gb;
    let monthly_cost = components.iter().map(|c| c.monthly_cost).sum::<f64>() + egress_cost;
    let total_storage = storage.iter().sum();
    Report { components, edges, flows, bandwidth_in, bandwidth_out, storage: total_storage, monthly_cost }
}

/// The share of a flow's requests that succeed. A request needs every component it reaches
/// synchronously: a component's own availability times, for each synchronous call it makes with
/// probability q, (1 − q + q · availability of the callee). Calls made in parallel multiply; for
/// exclusive alternatives (hit or miss, a 60/40 split) this equals the weighted mean to first
/// order in the failure probabilities, which is all availabilities near 1 need.
fn flow_availability(design: &Design, flow: &Flow, components: &[ComponentReport]) -> f64 {
    let targets: Vec<usize> = flow.edges.iter().map(|e| e.to).collect();
    let mut entries: Vec<usize> =
        flow.edges.iter().map(|e| e.from).filter(|f| !targets.contains(f)).collect();
    entries.sort_unstable();
    entries.dedup();
    if entries.is_empty() {
        return 1.0;
    }
    let mut memo: Vec<Option<f64>> = vec![None; design.components.len()];
    let total: f64 = entries.iter().map(|&e| reach(design, flow, components, e, &mut memo)).sum();
    total / entries.len() as f64
}

fn reach(
    design: &Design,
    flow: &Flow,
    components: &[ComponentReport],
    v: usize,
    memo: &mut Vec<Option<f64>>,
) -> f64 {
    if let Some(a) = memo[v] {
        return a;
    }
    let mut a = components[v].availability;
    for e in flow.edges.iter().filter(|e| e.from == v && e.sync) {
        let q = (e.share * route_factor(design, flow, v, e.route)).min(1.0);
        a *= 1.0 - q + q * reach(design, flow, components, e.to, memo);
    }
    memo[v] = Some(a);
    a
}

/// Instances per shard needed to carry peak load at 100 % (at least one).
fn per_shard_minimum(c: &Component, peak_reads: f64, peak_writes: f64) -> u32 {
    let shards = f64::from(c.shards);
    let read_need = peak_reads / shards / c.capacity();
    let write_need = match c.write_capacity {
        // Every instance of a database shard applies every write (the primary, and replicas
        // through replication), so writes do not spread; reads do.
        Some(wc) if c.kind.is_database() => peak_writes / shards / wc,
        Some(wc) => peak_writes / shards / wc,
        None => peak_writes / shards / c.capacity(),
    };
    if c.kind.is_database() {
        if write_need > 1.0 {
            // No number of replicas carries the writes; only more shards do.
            return c.instances + 1;
        }
        let per_instance_read_room = (1.0 - write_need).max(1e-9);
        return (read_need / per_instance_read_room).ceil().max(1.0) as u32;
    }
    (read_need + write_need).ceil().max(1.0) as u32
}

/// Peak and average utilisation of the busiest instance, the instances needed under `target`,
/// and the queue at peak.
fn utilization(
    c: &Component,
    reads: f64,
    writes: f64,
    peak_reads: f64,
    peak_writes: f64,
    target: f64,
) -> (f64, f64, u32, Queue) {
    let shards = f64::from(c.shards);
    let instances = f64::from(c.instances);
    let per_instance = |r: f64, w: f64| -> (f64, f64) {
        if c.kind.is_database() {
            (r / shards / instances, w / shards)
        } else {
            (r / shards / instances, w / shards / instances)
        }
    };
    let util = |r: f64, w: f64| -> f64 {
        let (ri, wi) = per_instance(r, w);
        let write_cap = c.write_capacity.unwrap_or_else(|| c.capacity());
        ri / c.capacity() + wi / write_cap
    };
    let (util_peak, util_avg) =
        if c.kind == Kind::Client || (c.kind == Kind::External && !c.is_set("capacity")) {
            (0.0, 0.0)
        } else {
            (util(peak_reads, peak_writes), util(reads, writes))
        };
    let needed = if util_peak <= 0.0 {
        c.total_instances()
    } else if c.kind.is_database() {
        // Reads spread over replicas; writes need shards.
        let write_cap = c.write_capacity.unwrap_or_else(|| c.capacity());
        let shards_needed = (peak_writes / (write_cap * target)).ceil().max(f64::from(c.shards));
        let write_util = peak_writes / shards_needed / write_cap;
        let room = (target - write_util).max(0.05);
        let per_shard = (peak_reads / shards_needed / (c.capacity() * room)).ceil().max(1.0);
        (shards_needed * per_shard) as u32
    } else {
        let total = peak_reads + peak_writes;
        (total / (c.capacity() * target)).ceil().max(1.0) as u32
    };
    // The queue an arrival meets at the busiest instance, at peak: its arrivals, and the
    // service time stretched by the write share's higher cost.
    let (ri, wi) = per_instance(peak_reads, peak_writes);
    let lambda = ri + wi;
    let effective_capacity = if lambda > 0.0 { lambda / util_peak.max(1e-12) } else { c.capacity() };
    let service_time = c.concurrency / effective_capacity;
    let queue = if c.kind.is_outside() && !c.is_set("capacity") {
        Queue { utilization: 0.0, wait_probability: 0.0, mean_wait: 0.0, drain: f64::INFINITY }
    } else {
        Queue::mmc(c.concurrency, service_time, lambda)
    };
    (util_peak, util_avg, needed, queue)
}

/// One hop's mean and quantiles (service plus queueing), for the slowest of `fanout` calls.
fn hop(c: &Component, queue: &Queue, fanout: f64, network: f64) -> (f64, f64, f64) {
    if c.kind == Kind::Client {
        return (0.0, 0.0, 0.0);
    }
    let s = c.service_time;
    let quantile = |q: f64| -> f64 {
        let q = q.powf(1.0 / fanout.max(1.0));
        network + s * (1.0 / (1.0 - q)).ln() + queue.wait_quantile(q)
    };
    let mean = if fanout > 1.0 {
        // The mean of the slowest of k exponentials is S times the k-th harmonic number.
        let harmonic: f64 = (1..=fanout.round() as u32).map(|k| 1.0 / f64::from(k)).sum();
        network + s * harmonic + queue.mean_wait
    } else {
        network + s + queue.mean_wait
    };
    (mean, quantile(0.5), quantile(0.99))
}

fn flow_latency(design: &Design, load: &FlowLoad, queues: &[Queue]) -> (f64, f64, f64) {
    if load.paths.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let mut per_path = Vec::new();
    for (path, fans, p) in &load.paths {
        let (mut mean, mut d50, mut d99) = (0.0, 0.0f64, 0.0f64);
        for (k, &i) in path.iter().enumerate() {
            let c = &design.components[i];
            // A network hop between two servers; the first hop from a client is not counted:
            // latency is measured from where the request enters the system.
            let network = if k == 0
                || design.components[path[k - 1]].kind == Kind::Client
                || c.kind == Kind::External
            {
                0.0
            } else {
                design.hop_latency
            };
            let (m, q50, q99) = hop(c, &queues[i], fans[k], network);
            mean += m;
            d50 += (q50 - m).powi(2) * (q50 - m).signum();
            d99 += (q99 - m).max(0.0).powi(2);
        }
        // A saturated hop has no bounded latency: every quantile is unbounded.
        let (p50, p99) = if mean.is_finite() {
            (mean + d50.signum() * d50.abs().sqrt(), mean + d99.sqrt())
        } else {
            (f64::INFINITY, f64::INFINITY)
        };
        per_path.push((mean, p50.max(0.0), p99, *p));
    }
    let mean = per_path.iter().map(|(m, _, _, p)| m * p).sum::<f64>()
        / per_path.iter().map(|x| x.3).sum::<f64>().max(1e-12);
    let quantile = |q: f64, pick: fn(&(f64, f64, f64, f64)) -> f64| -> f64 {
        let eligible = per_path.iter().filter(|x| x.3 >= 1.0 - q - 1e-12);
        match eligible.map(pick).fold(None, |acc: Option<f64>, v| Some(acc.map_or(v, |a| a.max(v)))) {
            Some(v) => v,
            None => per_path.iter().max_by(|a, b| a.3.total_cmp(&b.3)).map(pick).unwrap_or(0.0),
        }
    };
    (mean, quantile(0.5, |x| x.1), quantile(0.99, |x| x.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_c_matches_known_values() {
        // M/M/1: the probability of waiting is the utilisation.
        assert!((erlang_c(1, 0.8) - 0.8).abs() < 1e-12);
        // c = 2, a = 1 (ρ = 0.5): C = 1/3.
        assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
        // c = 10, a = 8: a textbook table gives 0.4092.
        assert!((erlang_c(10, 8.0) - 0.4092).abs() < 1e-3);
    }

    #[test]
    fn mm1_mean_wait_is_rho_over_mu_minus_lambda() {
        let q = Queue::mmc(1.0, 0.01, 80.0);
        // ρ = 0.8, μ = 100: Wq = ρ / (μ − λ) = 0.8 / 20 = 40 ms.
        assert!((q.mean_wait - 0.04).abs() < 1e-12);
        // P(W > t) = 0.8 e^{−20 t}: the 99th percentile is ln(80)/20.
        assert!((q.wait_quantile(0.99) - (80.0f64).ln() / 20.0).abs() < 1e-12);
        assert_eq!(q.wait_quantile(0.1), 0.0);
    }

    #[test]
    fn k_of_n_is_binomial() {
        assert!((k_of_n(1, 1, 0.99) - 0.99).abs() < 1e-12);
        assert!((k_of_n(1, 2, 0.99) - 0.9999).abs() < 1e-12);
        // 2 of 3 at 0.9: 3·0.81·0.1 + 0.729 = 0.972.
        assert!((k_of_n(2, 3, 0.9) - 0.972).abs() < 1e-12);
        assert_eq!(k_of_n(3, 2, 0.999), 0.0);
    }

    #[test]
    fn k_of_n_stays_finite_for_thousands_of_instances() {
        // 1,500 needed of 2,000 at 99.9 %: losing 500 at once is impossible in practice.
        let a = k_of_n(1_500, 2_000, 0.999);
        assert!(a.is_finite() && (a - 1.0).abs() < 1e-12, "{a}");
        // All 5,000 needed: 0.999^5000 = e^(5000 ln 0.999) ≈ 0.00672.
        let all = k_of_n(5_000, 5_000, 0.999);
        assert!((all - 0.999f64.powi(5_000)).abs() < 1e-9, "{all}");
        assert!(k_of_n(10, 20, 0.5) > 0.5 && k_of_n(10, 20, 0.5) < 0.6);
    }
}
