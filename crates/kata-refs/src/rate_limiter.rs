//! Rate limiter: one policy (algorithm, LIMIT per WINDOW_MS) and a state per client, created on
//! the client's first hit. Time is virtual and carried by `hit`. All arithmetic is in whole
//! numbers: bucket contents are kept in units of 1/WINDOW_MS of a token, so a continuous refill
//! of LIMIT tokens per WINDOW_MS adds exactly LIMIT units per millisecond.

use std::collections::{HashMap, VecDeque};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "rate-limiter",
    new: || Box::new(Limiter::new(TokenCheck::WholeToken)),
    broken: || Box::new(Limiter::new(TokenCheck::AnyFraction)),
    bug: "the token bucket admits whenever the bucket holds more than zero tokens, not at least one",
};

/// What the token bucket needs before it admits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TokenCheck {
    WholeToken,
    /// The bug of the broken variant: `if tokens > 0`, with tokens refilled continuously.
    AnyFraction,
}

const MAX_LIMIT: u64 = 1_000_000;
const MAX_WINDOW_MS: u64 = 86_400_000;
const MAX_TIME: u64 = 1_000_000_000_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    TokenBucket,
    LeakyBucket,
    FixedWindow,
    SlidingWindowLog,
    SlidingWindowCounter,
}

impl Algorithm {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "token-bucket" => Self::TokenBucket,
            "leaky-bucket" => Self::LeakyBucket,
            "fixed-window" => Self::FixedWindow,
            "sliding-window-log" => Self::SlidingWindowLog,
            "sliding-window-counter" => Self::SlidingWindowCounter,
            _ => return None,
        })
    }
}

/// One client's state under the policy's algorithm.
enum State {
    /// `units` = tokens × W; starts full at L × W.
    Token {
        units: i64,
        last: i64,
    },
    /// `due` = when the bucket is empty again, in ms × L (one request adds W).
    Leaky {
        due: i64,
    },
    Fixed {
        window: i64,
        count: i64,
    },
    Log {
        admitted: VecDeque<i64>,
    },
    Counter {
        window: i64,
        prev: i64,
        curr: i64,
    },
}

enum Decision {
    Allow,
    /// Admitted, but leaves the queue this many ms from now.
    Delay(i64),
    /// Refused; the smallest wait after which the same hit would be admitted.
    Deny(i64),
}

/// `a / b` rounded up, for a non-negative `a` and a positive `b`.
fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

struct Policy {
    algorithm: Algorithm,
    limit: i64,
    window: i64,
    token_check: TokenCheck,
}

impl Policy {
    fn fresh(&self, now: i64) -> State {
        let (l, w) = (self.limit, self.window);
        match self.algorithm {
            Algorithm::TokenBucket => State::Token { units: l * w, last: now },
            Algorithm::LeakyBucket => State::Leaky { due: 0 },
            Algorithm::FixedWindow => State::Fixed { window: now / w, count: 0 },
            Algorithm::SlidingWindowLog => State::Log { admitted: VecDeque::new() },
            Algorithm::SlidingWindowCounter => State::Counter { window: now / w, prev: 0, curr: 0 },
        }
    }

    fn hit(&self, state: &mut State, now: i64) -> Decision {
        let (l, w) = (self.limit, self.window);
        match state {
            State::Token { units, last } => {
                *units = (*units + (now - *last) * l).min(l * w);
                *last = now;
                let enough = match self.token_check {
                    TokenCheck::WholeToken => *units >= w,
                    TokenCheck::AnyFraction => *units > 0,
                };
                if enough {
                    *units -= w;
                    Decision::Allow
                } else {
                    Decision::Deny(ceil_div(w - *units, l))
                }
            }
            State::Leaky { due } => {
                let level = (*due - now * l).max(0);
                if level + w <= l * w {
                    *due = (*due).max(now * l) + w;
                    match ceil_div(level, l) {
                        0 => Decision::Allow,
                        wait => Decision::Delay(wait),
                    }
                } else {
                    Decision::Deny(ceil_div(level - (l - 1) * w, l))
                }
            }
            State::Fixed { window, count } => {
                if now / w != *window {
                    *window = now / w;
                    *count = 0;
                }
                if *count < l {
                    *count += 1;
                    Decision::Allow
                } else {
                    Decision::Deny((*window + 1) * w - now)
                }
            }
            State::Log { admitted } => {
                while admitted.front().is_some_and(|&t| t <= now - w) {
                    admitted.pop_front();
                }
                if (admitted.len() as i64) < l {
                    admitted.push_back(now);
                    Decision::Allow
                } else {
                    Decision::Deny(admitted[0] + w - now)
                }
            }
            State::Counter { window, prev, curr } => {
                let k = now / w;
                if k != *window {
                    *prev = if k == *window + 1 { *curr } else { 0 };
                    *curr = 0;
                    *window = k;
                }
                let elapsed = now - k * w;
                // The estimate prev × (W − e) / W + curr, plus this hit, compared with L, times W.
                if *prev * (w - elapsed) + (*curr + 1) * w <= l * w {
                    *curr += 1;
                    return Decision::Allow;
                }
                // The estimate only falls as time passes: find the first millisecond it fits.
                let start = k * w;
                let at = if *curr < l {
                    // Still in this window, or at its end at the latest.
                    start + w - (l - *curr - 1) * w / *prev
                } else {
                    // In the next window, where this window's count is the previous one.
                    start + w + w - (l - 1) * w / *curr
                };
                Decision::Deny(at - now)
            }
        }
    }
}

struct Limiter {
    token_check: TokenCheck,
    policy: Option<Policy>,
    clients: HashMap<String, State>,
    clock: i64,
}

impl Limiter {
    fn new(token_check: TokenCheck) -> Self {
        Limiter { token_check, policy: None, clients: HashMap::new(), clock: 0 }
    }

    fn create(&mut self, args: &[&str]) -> String {
        let [algorithm, limit, window] = args else { return bad_arguments() };
        let Some(algorithm) = Algorithm::parse(algorithm) else { return error("bad-algorithm") };
        let (Some(limit), Some(window)) = (count(limit), count(window)) else { return error("bad-limit") };
        if !(1..=MAX_LIMIT).contains(&limit) || !(1..=MAX_WINDOW_MS).contains(&window) {
            return error("bad-limit");
        }
        *self = Limiter::new(self.token_check);
        self.policy = Some(Policy {
            algorithm,
            limit: limit as i64,
            window: window as i64,
            token_check: self.token_check,
        });
        "ok".into()
    }

    fn hit(&mut self, client: &str, time: &str) -> String {
        let Some(policy) = &self.policy else { return error("no-limiter") };
        let Some(now) = count(time).filter(|t| *t <= MAX_TIME) else { return bad_arguments() };
        let now = now as i64;
        if now < self.clock {
            return error("time-went-back");
        }
        self.clock = now;
        let state = self.clients.entry(client.to_owned()).or_insert_with(|| policy.fresh(now));
        match policy.hit(state, now) {
            Decision::Allow => "allow".into(),
            Decision::Delay(ms) => format!("delay {ms}"),
            Decision::Deny(ms) => format!("deny {ms}"),
        }
    }
}

impl Machine for Limiter {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("new", _) => self.create(args),
            ("hit", _) if self.policy.is_none() => error("no-limiter"),
            ("hit", [client, time]) => self.hit(client, time),
            ("hit", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reply to `hit c T` on a copy of the limiter: does a hit at T get in?
    fn admits_at(limiter: &Limiter, at: i64) -> bool {
        let policy = limiter.policy.as_ref().unwrap();
        let mut state = match limiter.clients.get("c") {
            Some(State::Token { units, last }) => State::Token { units: *units, last: *last },
            Some(State::Leaky { due }) => State::Leaky { due: *due },
            Some(State::Fixed { window, count }) => State::Fixed { window: *window, count: *count },
            Some(State::Log { admitted }) => State::Log { admitted: admitted.clone() },
            Some(State::Counter { window, prev, curr }) => {
                State::Counter { window: *window, prev: *prev, curr: *curr }
            }
            None => policy.fresh(at),
        };
        !matches!(policy.hit(&mut state, at), Decision::Deny(_))
    }

    /// Every `deny MS` names the first millisecond at which the same hit would be admitted,
    /// checked by trying every millisecond, over pseudo-random traffic for every algorithm.
    #[test]
    fn deny_names_the_first_admitting_millisecond() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        for algorithm in
            ["token-bucket", "leaky-bucket", "fixed-window", "sliding-window-log", "sliding-window-counter"]
        {
            for (limit, window) in [(1, 10), (3, 100), (4, 90), (7, 1000)] {
                let mut limiter = Limiter::new(TokenCheck::WholeToken);
                assert_eq!(limiter.reply(&format!("new {algorithm} {limit} {window}")), "ok");
                let (mut now, mut denied) = (0, 0);
                for _ in 0..400 {
                    now += next(window / limit + 1) as i64;
                    let reply = limiter.reply(&format!("hit c {now}"));
                    if let Some(ms) = reply.strip_prefix("deny ") {
                        denied += 1;
                        let ms: i64 = ms.parse().unwrap();
                        assert!(ms >= 1, "{algorithm} {limit}/{window} at {now}: {reply}");
                        for wait in 0..ms {
                            assert!(
                                !admits_at(&limiter, now + wait),
                                "{algorithm} at {now}: {reply} is late"
                            );
                        }
                        assert!(admits_at(&limiter, now + ms), "{algorithm} at {now}: {reply} is early");
                    }
                }
                assert!(denied > 20, "{algorithm} {limit}/{window}: only {denied} denials, too few to test");
            }
        }
    }
}
