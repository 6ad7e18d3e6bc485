//! The event queue, ordered by virtual time and then by the order events were scheduled, so
//! equal times run first-in first-out and every run of the same inputs pops the same sequence.
//!
//! Two structures share that one order: a 4-ary min-heap for events scheduled at arbitrary
//! delays (service completions, arrivals, retries), and FIFO lanes for events scheduled at one
//! fixed delay (network hops, a policy's timeout): with time only moving forward, each lane is
//! already sorted, so those events cost a push and a pop at the ends of a ring buffer.

use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Arrival,
    Deliver,
    ServiceDone,
    Timeout,
    Retry,
    FailureStart,
    FailureEnd,
    Tick,
    WarmupEnd,
}

const KINDS: [Kind; 9] = [
    Kind::Arrival,
    Kind::Deliver,
    Kind::ServiceDone,
    Kind::Timeout,
    Kind::Retry,
    Kind::FailureStart,
    Kind::FailureEnd,
    Kind::Tick,
    Kind::WarmupEnd,
];

/// One scheduled event, 32 bytes. `a`..`d` are indices whose meaning depends on the kind (a
/// flow; a call and its generation; an instance and its epoch; a failure).
#[derive(Clone, Copy, Debug)]
pub struct Event {
    /// What orders events, compared as one integer: the time's bits above (for non-negative
    /// floats, integer order is numeric order), then the scheduling sequence number, then the
    /// kind in the low byte.
    key: u128,
    pub a: u32,
    pub b: u32,
    pub c: u32,
    pub d: u32,
}

impl Event {
    #[inline]
    pub fn time(&self) -> f64 {
        f64::from_bits((self.key >> 64) as u64)
    }

    #[inline]
    pub fn kind(&self) -> Kind {
        KINDS[(self.key & 0xff) as usize]
    }
}

/// A lane for events scheduled at a fixed delay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lane(u32);

#[derive(Debug, Default)]
pub struct EventQueue {
    heap: Vec<Event>,
    lanes: Vec<(f64, VecDeque<Event>)>,
    seq: u64,
}

impl EventQueue {
    /// The lane for events `delay` after the time they are scheduled (one per distinct delay).
    pub fn lane(&mut self, delay: f64) -> Lane {
        match self.lanes.iter().position(|(d, _)| *d == delay) {
            Some(i) => Lane(i as u32),
            None => {
                self.lanes.push((delay, VecDeque::new()));
                Lane(self.lanes.len() as u32 - 1)
            }
        }
    }

    #[inline]
    fn event(&mut self, time: f64, kind: Kind, a: u32, b: u32, c: u32, d: u32) -> Event {
        debug_assert!(time >= 0.0, "events are in the future: {time}");
        self.seq += 1;
        let order = self.seq << 8 | kind as u64;
        Event { key: u128::from(time.max(0.0).to_bits()) << 64 | u128::from(order), a, b, c, d }
    }

    #[inline]
    pub fn push(&mut self, time: f64, kind: Kind, a: u32, b: u32, c: u32, d: u32) {
        let e = self.event(time, kind, a, b, c, d);
        self.heap.push(e);
        self.sift_up(self.heap.len() - 1);
    }

    /// Schedules at `now` plus the lane's delay; `now` must not go backwards between calls. Lanes
    /// carry a call and its generation.
    #[inline]
    pub fn push_lane(&mut self, lane: Lane, now: f64, kind: Kind, a: u32, b: u32) {
        let time = now + self.lanes[lane.0 as usize].0;
        let e = self.event(time, kind, a, b, 0, 0);
        debug_assert!(self.lanes[lane.0 as usize].1.back().is_none_or(|l| l.key <= e.key));
        self.lanes[lane.0 as usize].1.push_back(e);
    }

    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        // The earliest of the heap's top and the lanes' fronts.
        let mut best_key = self.heap.first().map_or(u128::MAX, |e| e.key);
        let mut best_lane = usize::MAX;
        for (i, (_, lane)) in self.lanes.iter().enumerate() {
            if let Some(e) = lane.front()
                && e.key < best_key
            {
                best_key = e.key;
                best_lane = i;
            }
        }
        match best_lane {
            usize::MAX if self.heap.is_empty() => None,
            usize::MAX => {
                let last = self.heap.pop()?;
                if self.heap.is_empty() {
                    return Some(last);
                }
                let top = std::mem::replace(&mut self.heap[0], last);
                self.sift_down(0);
                Some(top)
            }
            lane => self.lanes[lane].1.pop_front(),
        }
    }

    #[inline]
    fn sift_up(&mut self, mut i: usize) {
        let e = self.heap[i];
        while i > 0 {
            let parent = (i - 1) / 4;
            if self.heap[parent].key <= e.key {
                break;
            }
            self.heap[i] = self.heap[parent];
            i = parent;
        }
        self.heap[i] = e;
    }

    #[inline]
    fn sift_down(&mut self, mut i: usize) {
        let n = self.heap.len();
        let e = self.heap[i];
        loop {
            let first = 4 * i + 1;
            if first >= n {
                break;
            }
            let (best, best_key) = if let Some(kids) = self.heap.get(first..first + 4) {
                // All four children: a tournament, two pairs then their winners.
                let (a, b) = if kids[1].key < kids[0].key { (1, kids[1].key) } else { (0, kids[0].key) };
                let (c, d) = if kids[3].key < kids[2].key { (3, kids[3].key) } else { (2, kids[2].key) };
                if d < b { (first + c, d) } else { (first + a, b) }
            } else {
                let mut best = first;
                let mut best_key = self.heap[first].key;
                for (j, child) in self.heap[first + 1..n].iter().enumerate() {
                    if child.key < best_key {
                        best = first + 1 + j;
                        best_key = child.key;
                    }
                }
                (best, best_key)
            };
            if e.key <= best_key {
                break;
            }
            self.heap[i] = self.heap[best];
            i = best;
        }
        self.heap[i] = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_and_fifo_among_equal_times() {
        let mut q = EventQueue::default();
        for (i, t) in [3.0, 1.0, 2.0, 1.0, 0.0, 2.0].into_iter().enumerate() {
            q.push(t, Kind::Tick, i as u32, 0, 0, 0);
        }
        let order: Vec<(f64, u32)> = std::iter::from_fn(|| q.pop()).map(|e| (e.time(), e.a)).collect();
        assert_eq!(order, [(0.0, 4), (1.0, 1), (1.0, 3), (2.0, 2), (2.0, 5), (3.0, 0)]);
    }

    #[test]
    fn lanes_and_heap_merge_into_one_order() {
        let mut q = EventQueue::default();
        let half = q.lane(0.5);
        assert_eq!(q.lane(0.5), half);
        let mut expected = Vec::new();
        // Pseudo-random delays in the heap, fixed ones in the lane, interleaved.
        let mut x = 12345u64;
        for i in 0..2000u32 {
            let now = f64::from(i) * 0.01;
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let delay = (x >> 40) as f64 / (1u64 << 24) as f64;
            q.push(now + delay, Kind::ServiceDone, i, 0, 0, 0);
            q.push_lane(half, now, Kind::Deliver, i, 1);
            expected.push((now + delay, 2 * i));
            expected.push((now + 0.5, 2 * i + 1));
        }
        expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let got: Vec<(f64, u32)> = std::iter::from_fn(|| q.pop())
            .map(|e| {
                assert!(matches!(e.kind(), Kind::ServiceDone | Kind::Deliver));
                (e.time(), 2 * e.a + e.b)
            })
            .collect();
        assert_eq!(got, expected);
    }
}
