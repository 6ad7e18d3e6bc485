//! A log-bucketed latency histogram (the idea of HdrHistogram, in a few lines): fixed memory,
//! constant-time recording, quantiles within 0.4 % of the true value.
//!
//! Values are recorded in nanoseconds. Below 256 ns every value has its own bucket; above, each
//! power of two is split into 128 equal buckets, so a bucket is at most 1/128 of its values wide
//! and its midpoint, which a quantile reports, is within 1/256 (0.39 %) of any value in it.
//! Values beyond 2^43 ns (about 2.4 hours) share the last bucket. The mean, minimum and maximum
//! are exact.

const SUB_BITS: u32 = 7;
/// Values below this are exact.
const LINEAR: u64 = 1 << (SUB_BITS + 1);
const TOP_BIT: u32 = 43;
const BUCKETS: usize = LINEAR as usize + ((TOP_BIT - SUB_BITS - 1) as usize) * (1 << SUB_BITS);

#[derive(Clone, Debug)]
pub struct Histogram {
    counts: Box<[u64]>,
    /// The range of buckets that may be non-zero, so that clearing and reading touch only those.
    lo: usize,
    hi: usize,
    count: u64,
    /// Sum of recorded values in seconds, for an exact mean.
    sum: f64,
    min: f64,
    max: f64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

impl Histogram {
    pub fn new() -> Self {
        Histogram {
            counts: vec![0; BUCKETS].into_boxed_slice(),
            lo: BUCKETS,
            hi: 0,
            count: 0,
            sum: 0.0,
            min: f64::INFINITY,
            max: 0.0,
        }
    }

    /// Records a duration in seconds; negative values count as zero.
    #[inline]
    pub fn record(&mut self, seconds: f64) {
        let seconds = seconds.max(0.0);
        let ns = (seconds * 1e9) as u64;
        let b = bucket(ns);
        self.counts[b] += 1;
        self.lo = self.lo.min(b);
        self.hi = self.hi.max(b + 1);
        self.count += 1;
        self.sum += seconds;
        self.min = self.min.min(seconds);
        self.max = self.max.max(seconds);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact mean in seconds (0 when empty).
    pub fn mean(&self) -> f64 {
        if self.count == 0 { 0.0 } else { self.sum / self.count as f64 }
    }

    pub fn sum(&self) -> f64 {
        self.sum
    }

    pub fn max(&self) -> f64 {
        self.max
    }

    pub fn min(&self) -> f64 {
        if self.count == 0 { 0.0 } else { self.min }
    }

    /// The q-quantile (0 ≤ q ≤ 1) in seconds: the midpoint of the bucket holding it, clamped to
    /// the exact minimum and maximum. 0 when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        // The rank of the wanted value, 1-based: the smallest value with at least q of the
        // values at or below it.
        let rank = ((q.clamp(0.0, 1.0) * self.count as f64).ceil() as u64).max(1);
        if rank >= self.count {
            return self.max;
        }
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate().take(self.hi).skip(self.lo) {
            seen += c;
            if seen >= rank {
                let (low, high) = bounds(i);
                // Buckets of one nanosecond hold one exact value.
                let value = if high - low == 1 { low as f64 } else { (low as f64 + high as f64) / 2.0 };
                return (value / 1e9).clamp(self.min, self.max);
            }
        }
        self.max
    }

    /// Adds another histogram's values to this one.
    pub fn merge(&mut self, other: &Histogram) {
        if other.count == 0 {
            return;
        }
        for i in other.lo..other.hi {
            self.counts[i] += other.counts[i];
        }
        self.lo = self.lo.min(other.lo);
        self.hi = self.hi.max(other.hi);
        self.count += other.count;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    pub fn clear(&mut self) {
        if self.lo < self.hi {
            self.counts[self.lo..self.hi].fill(0);
        }
        self.lo = BUCKETS;
        self.hi = 0;
        self.count = 0;
        self.sum = 0.0;
        self.min = f64::INFINITY;
        self.max = 0.0;
    }
}

#[inline]
fn bucket(ns: u64) -> usize {
    if ns < LINEAR {
        return ns as usize;
    }
    let top = (63 - ns.leading_zeros()).min(TOP_BIT - 1);
    if top == TOP_BIT - 1 && ns >= 1 << TOP_BIT {
        return BUCKETS - 1;
    }
    let sub = (ns >> (top - SUB_BITS)) & ((1 << SUB_BITS) - 1);
    LINEAR as usize + ((top - SUB_BITS - 1) as usize) * (1 << SUB_BITS) + sub as usize
}

/// The values a bucket holds, `[low, high)` in nanoseconds.
fn bounds(i: usize) -> (u64, u64) {
    if (i as u64) < LINEAR {
        return (i as u64, i as u64 + 1);
    }
    let j = i - LINEAR as usize;
    let top = (j >> SUB_BITS) as u32 + SUB_BITS + 1;
    let sub = (j & ((1 << SUB_BITS) - 1)) as u64;
    let width = 1u64 << (top - SUB_BITS);
    let low = (1u64 << top) + sub * width;
    (low, low + width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_values_in_order_without_gaps() {
        let mut previous_high = 0;
        for i in 0..BUCKETS {
            let (low, high) = bounds(i);
            assert_eq!(low, previous_high, "bucket {i}");
            assert!(high > low);
            assert_eq!(bucket(low), i);
            assert_eq!(bucket(high - 1), i);
            previous_high = high;
        }
        assert_eq!(previous_high, 1 << TOP_BIT);
        assert_eq!(bucket(u64::MAX), BUCKETS - 1);
    }

    #[test]
    fn quantiles_are_within_the_stated_relative_error() {
        let mut h = Histogram::new();
        // 1 µs to 10 s, spread geometrically.
        let values: Vec<f64> = (0..10_000).map(|i| 1e-6 * 10f64.powf(i as f64 / 1428.0)).collect();
        for &v in &values {
            h.record(v);
        }
        for q in [0.01, 0.5, 0.9, 0.99, 0.999] {
            let exact = values[((q * values.len() as f64).ceil() as usize).max(1) - 1];
            let got = h.quantile(q);
            assert!(((got - exact) / exact).abs() <= 1.0 / 256.0 + 1e-9, "q {q}: {got} vs {exact}");
        }
        assert_eq!(h.quantile(1.0), *values.last().unwrap());
        assert!((h.mean() - values.iter().sum::<f64>() / values.len() as f64).abs() < 1e-12);
    }

    #[test]
    fn mostly_zero_values_report_zero() {
        let mut h = Histogram::new();
        for i in 0..1000 {
            h.record(if i == 999 { 0.5 } else { 0.0 });
        }
        assert_eq!((h.quantile(0.5), h.quantile(0.99), h.quantile(1.0)), (0.0, 0.0, 0.5));
    }

    #[test]
    fn empty_and_cleared_histograms_report_zero() {
        let mut h = Histogram::new();
        assert_eq!((h.count(), h.mean(), h.quantile(0.99), h.min()), (0, 0.0, 0.0, 0.0));
        h.record(0.5);
        h.record(-1.0);
        assert_eq!(h.min(), 0.0);
        h.clear();
        assert_eq!((h.count(), h.quantile(0.5), h.max()), (0, 0.0, 0.0));
    }
}
