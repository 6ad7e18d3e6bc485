//! Payment method recommendation: hard constraints are filters that exclude with a reason;
//! preferences are rules that add points on one scale. Both are small pure functions over the
//! instrument, the checkout and one snapshot of signals; every score lives in the checkout's own
//! result, never on the saved instrument. Ranking ties break by recent use, then id.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, cents, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "payment-method-recommendation",
    new: || Box::new(Engine::new(Constraints::Filter)),
    broken: || Box::new(Engine::new(Constraints::Penalty)),
    bug: "gives an instrument that fails a hard constraint -1000 points instead of filtering it out, so it still shows at the bottom",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Constraints {
    /// A failed hard constraint removes the instrument, with its reason.
    Filter,
    /// The bug of the broken variant: it costs 1000 points instead.
    Penalty,
}

const BASE: i64 = 100;
const PENALTY: i64 = -1000;
const OFFER_MAX_POINTS: i64 = 40;
const CENTS_PER_POINT: i128 = 500;
const HABIT_WINDOW: usize = 5;

enum Kind {
    /// Valid through this month, counted as `year * 12 + month - 1`.
    Card {
        network: String,
        expiry: u32,
    },
    Upi,
    Wallet {
        balance: i64,
    },
    PayLater {
        limit: i64,
    },
}

struct Instrument {
    id: String,
    issuer: String,
    kind: Kind,
}

struct Offer {
    issuer: String,
    target: String,
    percent: i64,
    min: i64,
    cap: i64,
}

/// Everything the filters and rules may read.
#[derive(Default)]
struct Signals {
    health: HashMap<String, u64>,
    offers: Vec<Offer>,
    refused: HashSet<(String, String)>,
    /// Past payments, oldest first: instrument index and merchant.
    history: Vec<(usize, String)>,
}

struct Checkout {
    merchant: String,
    category: String,
    amount: i64,
    month: u32,
}

/// A hard constraint: `Some(reason)` excludes the instrument.
type Filter = fn(&Instrument, &Checkout, &Signals) -> Option<&'static str>;
/// A scoring rule: its points for the instrument (0 when it has nothing to say).
type Rule = fn(usize, &Instrument, &Checkout, &Signals) -> i64;

const FILTERS: &[Filter] = &[
    |i, c, _| matches!(i.kind, Kind::Card { expiry, .. } if expiry < c.month).then_some("expired"),
    |i, c, s| {
        matches!(&i.kind, Kind::Card { network, .. } if s.refused.contains(&(c.merchant.clone(), network.clone())))
            .then_some("network-refused")
    },
    |i, c, _| matches!(i.kind, Kind::Wallet { balance } if balance < c.amount).then_some("low-balance"),
    |i, c, _| matches!(i.kind, Kind::PayLater { limit } if limit < c.amount).then_some("over-limit"),
    |i, _, s| s.health.get(&i.issuer).is_some_and(|r| *r < 50).then_some("issuer-down"),
];

const RULES: &[(&str, Rule)] = &[("health", health), ("offer", offer), ("habit", habit)];

fn health(_: usize, i: &Instrument, _: &Checkout, s: &Signals) -> i64 {
    match s.health.get(&i.issuer).copied() {
        Some(97..) | None => 0,
        Some(90..=96) => -30,
        Some(_) => -60,
    }
}

fn offer(_: usize, i: &Instrument, c: &Checkout, s: &Signals) -> i64 {
    let amount = i128::from(c.amount);
    s.offers
        .iter()
        .filter(|o| {
            o.issuer == i.issuer && (o.target == c.merchant || o.target == c.category) && c.amount >= o.min
        })
        .map(|o| {
            // amount * percent / 100 is the saving in cents, as an exact fraction; compare before dividing.
            let saved_x100 = (amount * i128::from(o.percent)).min(i128::from(o.cap) * 100);
            let points = saved_x100 / (CENTS_PER_POINT * 100);
            i64::try_from(points).unwrap_or(i64::MAX).min(OFFER_MAX_POINTS)
        })
        .max()
        .unwrap_or(0)
}

fn habit(index: usize, _: &Instrument, c: &Checkout, s: &Signals) -> i64 {
    let recent = s.history.iter().rev().filter(|(_, m)| *m == c.merchant).take(HABIT_WINDOW);
    // Per instrument: uses in the window, and how recent its latest one is (0 = newest).
    let mut tally: HashMap<usize, (usize, Reverse<usize>)> = HashMap::new();
    for (age, (inst, _)) in recent.enumerate() {
        let entry = tally.entry(*inst).or_insert((0, Reverse(age)));
        entry.0 += 1;
    }
    let favourite = tally.into_iter().max_by_key(|(_, key)| *key).map(|(inst, _)| inst);
    if favourite == Some(index) { 25 } else { 0 }
}

struct Scored {
    score: i64,
    contributions: Vec<(&'static str, i64)>,
}

/// The result of one checkout, kept for `explain` and `excluded`.
struct Recommendation {
    verdicts: HashMap<String, Result<Scored, &'static str>>,
}

struct Engine {
    constraints: Constraints,
    instruments: Vec<Instrument>,
    signals: Signals,
    last: Option<Recommendation>,
}

fn month(text: &str) -> Option<u32> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let (year, month) = (u32::try_from(count(year)?).ok()?, u32::try_from(count(month)?).ok()?);
    (1..=12).contains(&month).then(|| year * 12 + month - 1)
}

impl Engine {
    fn new(constraints: Constraints) -> Self {
        Engine { constraints, instruments: Vec::new(), signals: Signals::default(), last: None }
    }

    fn add(&mut self, id: &str, kind: &str, rest: &[&str]) -> String {
        let (issuer, kind) = match (kind, rest) {
            ("card", [issuer, network, expiry]) => match month(expiry) {
                Some(expiry) => (issuer, Kind::Card { network: (*network).to_owned(), expiry }),
                None => return bad_arguments(),
            },
            ("upi", [issuer]) => (issuer, Kind::Upi),
            ("wallet" | "paylater", [issuer, amount]) => match cents(amount) {
                Some(a) if kind == "wallet" => (issuer, Kind::Wallet { balance: a }),
                Some(a) => (issuer, Kind::PayLater { limit: a }),
                None => return error("bad-amount"),
            },
            _ => return bad_arguments(),
        };
        if self.instruments.iter().any(|i| i.id == id) {
            return error("duplicate-id");
        }
        self.instruments.push(Instrument { id: id.to_owned(), issuer: (*issuer).to_owned(), kind });
        "ok".into()
    }

    fn checkout(&mut self, c: &Checkout) -> String {
        let mut last_used: HashMap<usize, usize> = HashMap::new();
        for (seq, (inst, _)) in self.signals.history.iter().enumerate() {
            last_used.insert(*inst, seq);
        }
        let mut verdicts = HashMap::new();
        let mut ranked = Vec::new();
        for (index, inst) in self.instruments.iter().enumerate() {
            let failed = FILTERS.iter().find_map(|f| f(inst, c, &self.signals));
            let mut contributions: Vec<(&'static str, i64)> = Vec::new();
            match (failed, self.constraints) {
                (Some(reason), Constraints::Filter) => {
                    verdicts.insert(inst.id.clone(), Err(reason));
                    continue;
                }
                (Some(_), Constraints::Penalty) => contributions.push(("filter", PENALTY)),
                (None, _) => {}
            }
            for (name, rule) in RULES {
                let points = rule(index, inst, c, &self.signals);
                if points != 0 {
                    contributions.push((name, points));
                }
            }
            let score = BASE + contributions.iter().map(|(_, p)| p).sum::<i64>();
            ranked.push((Reverse(score), Reverse(last_used.get(&index).copied()), inst.id.clone()));
            verdicts.insert(inst.id.clone(), Ok(Scored { score, contributions }));
        }
        ranked.sort();
        let ranked: Vec<(String, i64)> = ranked.into_iter().map(|(Reverse(s), _, id)| (id, s)).collect();
        let reply = if ranked.is_empty() {
            "empty".to_owned()
        } else {
            ranked.iter().map(|(id, s)| format!("{id}:{s}")).collect::<Vec<_>>().join(" ")
        };
        self.last = Some(Recommendation { verdicts });
        reply
    }
}

impl Machine for Engine {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("add", [id, kind, rest @ ..]) => self.add(id, kind, rest),
            ("health", [issuer, rate]) => match count(rate) {
                Some(r) if r <= 100 => {
                    self.signals.health.insert((*issuer).to_owned(), r);
                    "ok".into()
                }
                _ => bad_arguments(),
            },
            ("offer", [issuer, target, percent, min, cap]) => {
                let Some(percent) = count(percent).filter(|p| (1..=100).contains(p)) else {
                    return bad_arguments();
                };
                let (Some(min), Some(cap)) = (cents(min), cents(cap).filter(|c| *c > 0)) else {
                    return error("bad-amount");
                };
                self.signals.offers.push(Offer {
                    issuer: (*issuer).to_owned(),
                    target: (*target).to_owned(),
                    percent: i64::try_from(percent).unwrap_or(100),
                    min,
                    cap,
                });
                "ok".into()
            }
            ("refuse", [merchant, network]) => {
                self.signals.refused.insert(((*merchant).to_owned(), (*network).to_owned()));
                "ok".into()
            }
            ("paid", [id, merchant]) => match self.instruments.iter().position(|i| i.id == *id) {
                Some(index) => {
                    self.signals.history.push((index, (*merchant).to_owned()));
                    "ok".into()
                }
                None => error("not-found"),
            },
            ("checkout", [merchant, category, amount, when]) => {
                let Some(month) = month(when) else { return bad_arguments() };
                let Some(amount) = cents(amount).filter(|a| *a > 0) else { return error("bad-amount") };
                let c = Checkout {
                    merchant: (*merchant).to_owned(),
                    category: (*category).to_owned(),
                    amount,
                    month,
                };
                self.checkout(&c)
            }
            ("excluded", []) => match &self.last {
                None => error("no-checkout"),
                Some(r) => {
                    let excluded: BTreeMap<&str, &str> = r
                        .verdicts
                        .iter()
                        .filter_map(|(id, v)| v.as_ref().err().map(|reason| (id.as_str(), *reason)))
                        .collect();
                    if excluded.is_empty() {
                        "empty".into()
                    } else {
                        excluded.iter().map(|(id, r)| format!("{id}:{r}")).collect::<Vec<_>>().join(" ")
                    }
                }
            },
            ("explain", [id]) => match self.last.as_ref().map(|r| r.verdicts.get(*id)) {
                None => error("no-checkout"),
                Some(None) => error("not-found"),
                Some(Some(Err(reason))) => format!("excluded {reason}"),
                Some(Some(Ok(scored))) => {
                    let mut out = format!("{} base:{BASE}", scored.score);
                    for (rule, points) in &scored.contributions {
                        out.push_str(&format!(" {rule}:{points:+}"));
                    }
                    out
                }
            },
            ("add" | "health" | "offer" | "refuse" | "paid" | "checkout" | "excluded" | "explain", _) => {
                bad_arguments()
            }
            _ => unknown_command(),
        }
    }
}
