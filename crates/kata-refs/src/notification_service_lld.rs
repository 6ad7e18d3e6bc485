//! Notification service: a notification is data (user, message, one delivery per channel); the
//! channels stand for providers whose next outcomes the script plans. Sends are idempotent by
//! key for 24 hours, transient failures are retried with exponential backoff from a delay queue
//! ordered by due time on a virtual clock, and permanent failures end a delivery at once.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "notification-service-lld",
    new: || Box::new(Service::new(Permanent::GiveUp)),
    broken: || Box::new(Service::new(Permanent::Retry)),
    bug: "retries permanent errors as if they were transient",
};

/// What a permanent error does to a delivery.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Permanent {
    GiveUp,
    /// The bug of the broken variant: every error is retried.
    Retry,
}

const MAX_ATTEMPTS: u32 = 5;
const BASE_DELAY_MS: u64 = 1000;
const KEY_TTL_MS: u64 = 86_400_000;
const CHANNELS: [&str; 3] = ["email", "sms", "push"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Transient,
    Permanent,
}

impl Outcome {
    fn parse(word: &str) -> Option<Self> {
        match word {
            "ok" => Some(Self::Ok),
            "transient" => Some(Self::Transient),
            "permanent" => Some(Self::Permanent),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Transient => "transient",
            Self::Permanent => "permanent",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Sent,
    Retrying,
    Failed,
}

struct Delivery {
    channel: usize,
    state: State,
    attempts: u32,
}

struct Notification {
    /// The request after its key, word for word: what a repeat must match.
    request: String,
    user: String,
    deliveries: Vec<Delivery>,
    /// Every attempt: channel, time, outcome.
    history: Vec<(usize, u64, Outcome)>,
}

struct Service {
    permanent: Permanent,
    now: u64,
    notifications: Vec<Notification>,
    /// Idempotency key → (notification index, time first accepted).
    keys: HashMap<String, (usize, u64)>,
    /// The planned outcomes of each channel's next attempts.
    plans: [VecDeque<Outcome>; 3],
    /// Retries by (due time, notification, delivery): ties go in notification, then channel order.
    due: BinaryHeap<Reverse<(u64, usize, usize)>>,
    delivered: HashMap<String, Vec<String>>,
}

fn channel(name: &str) -> Option<usize> {
    CHANNELS.iter().position(|c| *c == name)
}

impl Service {
    fn new(permanent: Permanent) -> Self {
        Service {
            permanent,
            now: 0,
            notifications: Vec::new(),
            keys: HashMap::new(),
            plans: Default::default(),
            due: BinaryHeap::new(),
            delivered: HashMap::new(),
        }
    }

    fn attempt(&mut self, n: usize, d: usize, at: u64) {
        let ch = self.notifications[n].deliveries[d].channel;
        let outcome = self.plans[ch].pop_front().unwrap_or(Outcome::Ok);
        let note = &mut self.notifications[n];
        note.history.push((ch, at, outcome));
        let delivery = &mut note.deliveries[d];
        delivery.attempts += 1;
        let retry = match outcome {
            Outcome::Ok => {
                delivery.state = State::Sent;
                let entry = format!("N{}:{}", n + 1, CHANNELS[ch]);
                self.delivered.entry(note.user.clone()).or_default().push(entry);
                return;
            }
            Outcome::Transient => true,
            Outcome::Permanent => self.permanent == Permanent::Retry,
        };
        if retry && delivery.attempts < MAX_ATTEMPTS {
            delivery.state = State::Retrying;
            let delay = BASE_DELAY_MS << (delivery.attempts - 1);
            self.due.push(Reverse((at + delay, n, d)));
        } else {
            delivery.state = State::Failed;
        }
    }

    fn send(&mut self, key: &str, user: &str, channels: &str, message: &str) -> String {
        let mut chosen = Vec::new();
        for name in channels.split(',') {
            match channel(name) {
                Some(c) if !chosen.contains(&c) => chosen.push(c),
                _ => return error("bad-channels"),
            }
        }
        let request = format!("{user} {channels} {message}");
        if let Some(&(n, at)) = self.keys.get(key)
            && self.now < at + KEY_TTL_MS
        {
            return if self.notifications[n].request == request {
                format!("N{}", n + 1)
            } else {
                error("key-conflict")
            };
        }
        let n = self.notifications.len();
        self.notifications.push(Notification {
            request,
            user: user.to_owned(),
            deliveries: chosen
                .iter()
                .map(|&channel| Delivery { channel, state: State::Retrying, attempts: 0 })
                .collect(),
            history: Vec::new(),
        });
        self.keys.insert(key.to_owned(), (n, self.now));
        for d in 0..chosen.len() {
            self.attempt(n, d, self.now);
        }
        format!("N{}", n + 1)
    }

    fn clock(&mut self, to: &str) -> String {
        let Some(t) = count(to).filter(|&t| t >= self.now) else { return error("bad-time") };
        while let Some(&Reverse((at, n, d))) = self.due.peek() {
            if at > t {
                break;
            }
            self.due.pop();
            self.now = at;
            self.attempt(n, d, at);
        }
        self.now = t;
        "ok".into()
    }

    fn plan(&mut self, name: &str, outcomes: &[&str]) -> String {
        let Some(ch) = channel(name) else { return error("bad-channels") };
        let parsed: Option<Vec<Outcome>> = outcomes.iter().map(|w| Outcome::parse(w)).collect();
        match parsed {
            Some(list) if !list.is_empty() => {
                self.plans[ch].extend(list);
                "ok".into()
            }
            _ => bad_arguments(),
        }
    }

    fn find(&self, id: &str) -> Option<&Notification> {
        let n = id.strip_prefix('N').and_then(count)?;
        self.notifications.get(usize::try_from(n).ok()?.checked_sub(1)?)
    }

    fn status(&self, id: &str) -> String {
        let Some(note) = self.find(id) else { return error("not-found") };
        let parts: Vec<String> = note
            .deliveries
            .iter()
            .map(|d| {
                let state = match d.state {
                    State::Sent => "sent",
                    State::Retrying => "retrying",
                    State::Failed => "failed",
                };
                format!("{}:{state}", CHANNELS[d.channel])
            })
            .collect();
        parts.join(" ")
    }

    fn history(&self, id: &str) -> String {
        let Some(note) = self.find(id) else { return error("not-found") };
        let parts: Vec<String> =
            note.history.iter().map(|(ch, at, o)| format!("{}@{at}:{}", CHANNELS[*ch], o.name())).collect();
        parts.join(" ")
    }
}

impl Machine for Service {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("send", [key, user, channels, message]) => self.send(key, user, channels, message),
            ("plan", [ch, outcomes @ ..]) => self.plan(ch, outcomes),
            ("clock", [t]) => self.clock(t),
            ("status", [id]) => self.status(id),
            ("history", [id]) => self.history(id),
            ("delivered", [user]) => match self.delivered.get(*user) {
                Some(list) => list.join(" "),
                None => "empty".into(),
            },
            ("send" | "plan" | "clock" | "status" | "history" | "delivered", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
