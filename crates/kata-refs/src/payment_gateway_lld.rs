//! Payment gateway: an idempotency record in front of every mutation, one state machine for
//! every transition, and authorizations sent to a simulated provider that can fail or lose its
//! answer. Unanswered calls are retried on a virtual clock (a map of due retries) under one
//! provider key per payment, so the provider's own deduplication stops a second hold.

use std::collections::{BTreeMap, HashMap, VecDeque};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, cents, count, error, money, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "payment-gateway-lld",
    new: || Box::new(Gateway::new(ProviderKeys::PerPayment)),
    broken: || Box::new(Gateway::new(ProviderKeys::PerAttempt)),
    bug: "retries an authorization under a fresh provider key, so a retry after a lost answer places a second hold",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum ProviderKeys {
    /// Every attempt of one authorization sends the same key.
    PerPayment,
    /// The bug of the broken variant: each attempt sends a new key.
    PerAttempt,
}

/// What happens to one call to the provider.
#[derive(Clone, Copy)]
enum Outcome {
    Ok,
    Decline,
    /// The call never reached the provider.
    Fail,
    /// The provider processed the call (and approved it), but the answer was lost.
    Timeout,
}

const MAX_ATTEMPTS: u32 = 4;
const FIRST_BACKOFF_MS: u64 = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    Authorized,
    Declined,
    Failed,
    Unknown,
    Voided,
    Captured,
    PartiallyRefunded,
    Refunded,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Authorized => "authorized",
            State::Declined => "declined",
            State::Failed => "failed",
            State::Unknown => "unknown",
            State::Voided => "voided",
            State::Captured => "captured",
            State::PartiallyRefunded => "partially-refunded",
            State::Refunded => "refunded",
        }
    }
}

/// The events a payment's state machine accepts.
enum Event {
    Capture(i64),
    Void,
    Refund(i64),
}

struct Payment {
    state: State,
    /// The authorization's own outcome, which an idempotent replay of it reports.
    authorization: State,
    amount: i64,
    captured: i64,
    refunded: i64,
    attempts: u32,
    /// Whether any attempt reached the provider (so money may be held).
    reached: bool,
}

impl Payment {
    /// The one place that decides which transitions are allowed.
    fn apply(&mut self, event: Event) -> Result<(), &'static str> {
        use State::*;
        match (self.state, event) {
            (Authorized, Event::Capture(amount)) if amount > self.amount => Err("exceeds-authorized"),
            (Authorized, Event::Capture(amount)) => {
                self.captured = amount;
                self.state = Captured;
                Ok(())
            }
            (Authorized, Event::Void) => {
                self.state = Voided;
                Ok(())
            }
            (Captured | PartiallyRefunded, Event::Refund(amount)) => {
                if self.refunded + amount > self.captured {
                    return Err("exceeds-captured");
                }
                self.refunded += amount;
                self.state = if self.refunded == self.captured { Refunded } else { PartiallyRefunded };
                Ok(())
            }
            _ => Err("invalid-state"),
        }
    }
}

/// The simulated provider: it remembers each key it processed and replays the first answer.
#[derive(Default)]
struct Provider {
    processed: HashMap<String, bool>,
    holds: usize,
    held: i64,
}

impl Provider {
    fn authorize(&mut self, key: String, amount: i64, approve: bool) -> bool {
        if let Some(&first) = self.processed.get(&key) {
            return first;
        }
        self.processed.insert(key, approve);
        if approve {
            self.holds += 1;
            self.held += amount;
        }
        approve
    }
}

/// What an idempotency key answers on a repeat.
enum Stored {
    Reply(String),
    /// An authorization: its outcome so far.
    Authorization(usize),
}

struct Gateway {
    keying: ProviderKeys,
    payments: Vec<Payment>,
    /// Client key to (the request it was used for, its result).
    keys: HashMap<String, (String, Stored)>,
    provider: Provider,
    script: VecDeque<Outcome>,
    now: u64,
    /// Due retries by (due time, scheduling order).
    retries: BTreeMap<(u64, u64), usize>,
    scheduled: u64,
}

impl Gateway {
    fn new(keying: ProviderKeys) -> Self {
        Gateway {
            keying,
            payments: Vec::new(),
            keys: HashMap::new(),
            provider: Provider::default(),
            script: VecDeque::new(),
            now: 0,
            retries: BTreeMap::new(),
            scheduled: 0,
        }
    }

    fn payment_index(&self, id: &str) -> Option<usize> {
        let n = id.strip_prefix('P').and_then(count)?;
        let i = usize::try_from(n).ok()?.checked_sub(1)?;
        (i < self.payments.len()).then_some(i)
    }

    /// One call to the provider for payment `i`; an unanswered call schedules the next attempt.
    fn attempt(&mut self, i: usize) {
        let outcome = self.script.pop_front().unwrap_or(Outcome::Ok);
        let payment = &mut self.payments[i];
        payment.attempts += 1;
        let key = match self.keying {
            ProviderKeys::PerPayment => format!("P{}-auth", i + 1),
            ProviderKeys::PerAttempt => format!("P{}-auth-{}", i + 1, payment.attempts),
        };
        let answer = match outcome {
            Outcome::Fail => None,
            Outcome::Timeout => {
                payment.reached = true;
                self.provider.authorize(key, payment.amount, true);
                None
            }
            Outcome::Ok | Outcome::Decline => {
                Some(self.provider.authorize(key, payment.amount, matches!(outcome, Outcome::Ok)))
            }
        };
        let resolved = match answer {
            Some(true) => Some(State::Authorized),
            Some(false) => Some(State::Declined),
            None if payment.attempts == MAX_ATTEMPTS => {
                Some(if payment.reached { State::Unknown } else { State::Failed })
            }
            None => {
                let backoff = FIRST_BACKOFF_MS << (payment.attempts - 1);
                self.retries.insert((self.now + backoff, self.scheduled), i);
                self.scheduled += 1;
                None
            }
        };
        if let Some(state) = resolved {
            payment.state = state;
            payment.authorization = state;
        }
    }

    fn advance(&mut self, ms: u64) {
        let until = self.now.saturating_add(ms);
        while let Some(entry) = self.retries.first_entry() {
            let (due, _) = *entry.key();
            if due > until {
                break;
            }
            let i = entry.remove();
            self.now = due;
            self.attempt(i);
        }
        self.now = until;
    }

    fn authorize(&mut self, amount: &str) -> Result<Stored, String> {
        let amount = cents(amount).filter(|&c| c > 0).ok_or_else(|| error("bad-amount"))?;
        self.payments.push(Payment {
            state: State::Pending,
            authorization: State::Pending,
            amount,
            captured: 0,
            refunded: 0,
            attempts: 0,
            reached: false,
        });
        let i = self.payments.len() - 1;
        self.attempt(i);
        Ok(Stored::Authorization(i))
    }

    fn transition(
        &mut self,
        id: &str,
        amount: Option<&str>,
        event: fn(i64) -> Event,
    ) -> Result<Stored, String> {
        let amount = match amount {
            Some(a) => cents(a).filter(|&c| c > 0).ok_or_else(|| error("bad-amount"))?,
            None => 0,
        };
        let i = self.payment_index(id).ok_or_else(|| error("not-found"))?;
        let payment = &mut self.payments[i];
        payment.apply(event(amount)).map_err(error)?;
        Ok(Stored::Reply(format!("P{} {}", i + 1, payment.state.name())))
    }

    fn answer(&self, stored: &Stored) -> String {
        match stored {
            Stored::Reply(reply) => reply.clone(),
            Stored::Authorization(i) => format!("P{} {}", i + 1, self.payments[*i].authorization.name()),
        }
    }

    /// Runs a keyed request once: a repeat with the same request replays, anything else with
    /// the same key is refused; only successful results take the key.
    fn keyed(
        &mut self,
        key: &str,
        request: String,
        run: impl FnOnce(&mut Self) -> Result<Stored, String>,
    ) -> String {
        if let Some((first, stored)) = self.keys.get(key) {
            return if *first == request { self.answer(stored) } else { error("key-reused") };
        }
        match run(self) {
            Ok(stored) => {
                let reply = self.answer(&stored);
                self.keys.insert(key.to_owned(), (request, stored));
                reply
            }
            Err(e) => e,
        }
    }
}

impl Machine for Gateway {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        let request = || format!("{name} {}", args[1..].join(" "));
        match (name, args) {
            ("authorize", [key, amount]) => self.keyed(key, request(), |g| g.authorize(amount)),
            ("capture", [key, id, amount]) => {
                self.keyed(key, request(), |g| g.transition(id, Some(amount), Event::Capture))
            }
            ("void", [key, id]) => self.keyed(key, request(), |g| g.transition(id, None, |_| Event::Void)),
            ("refund", [key, id, amount]) => {
                self.keyed(key, request(), |g| g.transition(id, Some(amount), Event::Refund))
            }
            ("status", [id]) => match self.payment_index(id) {
                Some(i) => {
                    let p = &self.payments[i];
                    format!(
                        "{} amount:{} captured:{} refunded:{}",
                        p.state.name(),
                        money(p.amount),
                        money(p.captured),
                        money(p.refunded)
                    )
                }
                None => error("not-found"),
            },
            ("next", outcomes) if !outcomes.is_empty() => {
                let mut parsed = Vec::with_capacity(outcomes.len());
                for o in outcomes {
                    parsed.push(match *o {
                        "ok" => Outcome::Ok,
                        "decline" => Outcome::Decline,
                        "fail" => Outcome::Fail,
                        "timeout" => Outcome::Timeout,
                        _ => return bad_arguments(),
                    });
                }
                self.script.extend(parsed);
                "ok".into()
            }
            ("advance", [ms]) => match count(ms) {
                Some(ms) => {
                    self.advance(ms);
                    "ok".into()
                }
                None => bad_arguments(),
            },
            ("holds", []) => format!("{} {}", self.provider.holds, money(self.provider.held)),
            ("authorize" | "capture" | "void" | "refund" | "status" | "next" | "advance" | "holds", _) => {
                bad_arguments()
            }
            _ => unknown_command(),
        }
    }
}
