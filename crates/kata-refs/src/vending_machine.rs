//! Vending machine: an explicit state (idle, has credit, dispensing, sold out) decides what each
//! event means, and change is planned before the motor turns by a bounded search over the coins
//! actually in the tubes (fewest coins), never greedily. Money is whole cents.

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, money, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "vending-machine",
    new: || Box::new(Vending::new(Change::Fewest)),
    broken: || Box::new(Vending::new(Change::Greedy)),
    bug: "plans change greedily, largest coin first, so with one quarter and three dimes it cannot pay 0.30 and refuses the sale",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    /// The fewest coins the tubes allow, by searching every combination.
    Fewest,
    /// The bug of the broken variant: largest coin first from the coins held.
    Greedy,
}

/// Coin values in cents, smallest first; the index into the tubes.
const COINS: [u64; 4] = [5, 10, 25, 100];
const CREDIT_LIMIT: u64 = 1000;
const MAX_PRICE: u64 = 1000;
const SLOT_CAPACITY: u64 = 10;
const MAX_TUBE: u64 = 1000;
const ROWS: &[u8] = b"ABCDE";
const COLUMNS: u8 = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    HasCredit,
    /// A sale is committed: the slot and the change reserved for it.
    Dispensing {
        slot: usize,
        change: [u64; 4],
    },
    SoldOut,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    price: u64,
    count: u64,
    jammed: bool,
}

struct Vending {
    change: Change,
    state: State,
    credit: u64,
    slots: [Slot; 40],
    tubes: [u64; 4],
}

/// `D.DD` as cents.
fn cents(word: &str) -> Option<u64> {
    let (whole, frac) = word.split_once('.')?;
    if frac.len() != 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    count(whole)?.checked_mul(100)?.checked_add(frac.parse().ok()?)
}

/// `A1` to `E8` as an index.
fn slot_index(word: &str) -> Option<usize> {
    let &[row, column] = word.as_bytes() else { return None };
    let r = ROWS.iter().position(|&x| x == row)?;
    let c = column.checked_sub(b'1').filter(|&c| c < COLUMNS)?;
    Some(r * usize::from(COLUMNS) + usize::from(c))
}

fn slot_name(index: usize) -> String {
    let columns = usize::from(COLUMNS);
    format!("{}{}", char::from(ROWS[index / columns]), index % columns + 1)
}

/// Coins listed largest first, or `none`.
fn coin_list(plan: &[u64; 4]) -> String {
    let coins: Vec<String> =
        (0..4).rev().flat_map(|i| std::iter::repeat_n(money(COINS[i]), plan[i] as usize)).collect();
    if coins.is_empty() { "none".into() } else { coins.join(" ") }
}

/// The fewest coins from `tubes` worth exactly `amount`; among equally few, the most 1.00 coins,
/// then 0.25, then 0.10. Amounts are at most 10.00, so the search is a few thousand steps.
fn fewest(amount: u64, tubes: &[u64; 4]) -> Option<[u64; 4]> {
    let mut best: Option<([u64; 4], u64)> = None;
    for n100 in (0..=tubes[3].min(amount / 100)).rev() {
        let r1 = amount - 100 * n100;
        for n25 in (0..=tubes[2].min(r1 / 25)).rev() {
            let r2 = r1 - 25 * n25;
            for n10 in (0..=tubes[1].min(r2 / 10)).rev() {
                let r3 = r2 - 10 * n10;
                let n5 = r3 / 5;
                if !r3.is_multiple_of(5) || n5 > tubes[0] {
                    continue;
                }
                let total = n100 + n25 + n10 + n5;
                if best.is_none_or(|(_, t)| total < t) {
                    best = Some(([n5, n10, n25, n100], total));
                }
            }
        }
    }
    best.map(|(plan, _)| plan)
}

fn greedy(amount: u64, tubes: &[u64; 4]) -> Option<[u64; 4]> {
    let mut plan = [0; 4];
    let mut rest = amount;
    for i in (0..4).rev() {
        plan[i] = tubes[i].min(rest / COINS[i]);
        rest -= plan[i] * COINS[i];
    }
    (rest == 0).then_some(plan)
}

impl Vending {
    fn new(change: Change) -> Self {
        Vending { change, state: State::SoldOut, credit: 0, slots: [Slot::default(); 40], tubes: [0; 4] }
    }

    fn sellable(slot: &Slot) -> bool {
        slot.count > 0 && !slot.jammed
    }

    /// The state with no customer: idle if anything can be sold.
    fn rest(&mut self) {
        self.credit = 0;
        self.state = if self.slots.iter().any(Vending::sellable) { State::Idle } else { State::SoldOut };
    }

    fn pay(&mut self, plan: &[u64; 4]) -> String {
        for (tube, n) in self.tubes.iter_mut().zip(plan) {
            *tube -= n;
        }
        coin_list(plan)
    }

    /// Returns the whole credit; the coins inserted are in the tubes, so a plan always exists.
    fn refund(&mut self) -> String {
        let plan = fewest(self.credit, &self.tubes).expect("the inserted coins can always be returned");
        let coins = self.pay(&plan);
        self.rest();
        format!("refund {coins}")
    }

    fn insert(&mut self, coin: &str) -> String {
        match self.state {
            State::Dispensing { .. } => return error("busy"),
            State::SoldOut => return error("sold-out"),
            State::Idle | State::HasCredit => {}
        }
        let Some(i) = cents(coin).and_then(|c| COINS.iter().position(|&x| x == c)) else {
            return error("bad-coin");
        };
        if self.credit + COINS[i] > CREDIT_LIMIT {
            return error("credit-limit");
        }
        self.tubes[i] += 1;
        self.credit += COINS[i];
        self.state = State::HasCredit;
        format!("credit {}", money(self.credit))
    }

    fn select(&mut self, word: &str) -> String {
        if let State::Dispensing { .. } = self.state {
            return error("busy");
        }
        let Some(index) = slot_index(word) else { return error("unknown-slot") };
        let slot = self.slots[index];
        if !Vending::sellable(&slot) {
            return error("sold-out");
        }
        if self.state != State::HasCredit {
            return format!("price {}", money(slot.price));
        }
        if self.credit < slot.price {
            return error("insufficient-credit");
        }
        let owed = self.credit - slot.price;
        let plan = match self.change {
            Change::Fewest => fewest(owed, &self.tubes),
            Change::Greedy => greedy(owed, &self.tubes),
        };
        let Some(change) = plan else { return error("exact-change-only") };
        self.state = State::Dispensing { slot: index, change };
        format!("dispensing {}", slot_name(index))
    }

    fn load(&mut self, slot: &str, price: &str, n: &str) -> String {
        if self.credit > 0 || matches!(self.state, State::Dispensing { .. }) {
            return error("busy");
        }
        let Some(index) = slot_index(slot) else { return error("unknown-slot") };
        let Some(price) = cents(price).filter(|&p| p > 0 && p <= MAX_PRICE && p.is_multiple_of(5)) else {
            return error("bad-price");
        };
        let Some(n) = count(n).filter(|&n| n <= SLOT_CAPACITY) else { return error("bad-count") };
        self.slots[index] = Slot { price, count: n, jammed: false };
        self.rest();
        "ok".into()
    }
}

impl Machine for Vending {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("load", [slot, price, n]) => self.load(slot, price, n),
            ("coins", [n5, n10, n25, n100]) => {
                let counts: Vec<u64> = [n5, n10, n25, n100].iter().filter_map(|w| count(w)).collect();
                let Ok(counts) = <[u64; 4]>::try_from(counts) else { return bad_arguments() };
                if counts.iter().any(|&n| n > MAX_TUBE) {
                    return bad_arguments();
                }
                if self.credit > 0 || matches!(self.state, State::Dispensing { .. }) {
                    return error("busy");
                }
                self.tubes = counts;
                "ok".into()
            }
            ("insert", [coin]) => self.insert(coin),
            ("select", [slot]) => self.select(slot),
            ("cancel", []) => match self.state {
                State::Dispensing { .. } => error("busy"),
                _ if self.credit == 0 => error("no-credit"),
                _ => self.refund(),
            },
            ("drop", []) => match self.state {
                State::Dispensing { slot, change } => {
                    self.slots[slot].count -= 1;
                    let coins = self.pay(&change);
                    self.rest();
                    format!("change {coins}")
                }
                _ => error("not-dispensing"),
            },
            ("jam", []) => match self.state {
                State::Dispensing { slot, .. } => {
                    self.slots[slot].jammed = true;
                    self.refund()
                }
                _ => error("not-dispensing"),
            },
            ("tubes", []) => self.tubes.map(|n| n.to_string()).join(" "),
            ("state", []) => match self.state {
                State::Idle => "idle".into(),
                State::HasCredit => format!("has-credit {}", money(self.credit)),
                State::Dispensing { slot, .. } => format!("dispensing {}", slot_name(slot)),
                State::SoldOut => "sold-out".into(),
            },
            ("load" | "coins" | "insert" | "select" | "cancel" | "drop" | "jam" | "tubes" | "state", _) => {
                bad_arguments()
            }
            _ => unknown_command(),
        }
    }
}
