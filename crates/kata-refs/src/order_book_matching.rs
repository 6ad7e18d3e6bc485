//! Order book matching: each side is a `BTreeMap` from price to a level that keeps its orders in
//! arrival order (a map keyed by sequence number) and their total; an index from order id to its
//! state makes a cancel a lookup plus an O(log n) removal. Prices are integer cents and
//! quantities integer hundred-millionths, so every fill is exact.

use std::collections::{BTreeMap, HashMap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "order-book-matching",
    new: || Box::new(Book::new(MarketOrders::CancelRemainder)),
    broken: || Box::new(Book::new(MarketOrders::ExtremeLimit)),
    bug: "treats a market order as a limit at an extreme price (0 to sell, the maximum to buy), so its unfilled remainder rests on the book",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum MarketOrders {
    /// A market order's remainder is cancelled.
    CancelRemainder,
    /// The bug of the broken variant: a limit at an extreme price, whose remainder rests.
    ExtremeLimit,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Buy,
    Sell,
}

/// Quantities are counted in hundred-millionths.
const QTY_DECIMALS: usize = 8;

/// A positive decimal with at most `decimals` places, as an integer count of the smallest unit.
fn decimal(text: &str, decimals: usize) -> Option<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > decimals || text.ends_with('.') {
        return None;
    }
    let scale = 10i64.checked_pow(u32::try_from(decimals).ok()?)?;
    let frac: i64 = if decimals == 0 { 0 } else { format!("{frac:0<decimals$}").parse().ok()? };
    let value = whole.parse::<i64>().ok()?.checked_mul(scale)?.checked_add(frac)?;
    (value > 0).then_some(value)
}

fn price_text(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn qty_text(units: i64) -> String {
    let scale = 10i64.pow(QTY_DECIMALS as u32);
    let frac = format!("{:0width$}", units % scale, width = QTY_DECIMALS);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() { (units / scale).to_string() } else { format!("{}.{frac}", units / scale) }
}

#[derive(Default)]
struct Level {
    total: i64,
    /// Arrival sequence number to order id: the first entry is the front of the queue.
    queue: BTreeMap<u64, String>,
}

enum State {
    Open { side: Side, price: i64, seq: u64, remaining: i64 },
    Filled,
    Cancelled,
}

struct Book {
    market: MarketOrders,
    bids: BTreeMap<i64, Level>,
    asks: BTreeMap<i64, Level>,
    orders: HashMap<String, State>,
    next_seq: u64,
}

impl Book {
    fn new(market: MarketOrders) -> Self {
        Book { market, bids: BTreeMap::new(), asks: BTreeMap::new(), orders: HashMap::new(), next_seq: 0 }
    }

    fn side_mut(&mut self, side: Side) -> &mut BTreeMap<i64, Level> {
        match side {
            Side::Buy => &mut self.bids,
            Side::Sell => &mut self.asks,
        }
    }

    /// Trades an incoming order against the opposite side as far as `limit` allows (`None`: any
    /// price). Returns the trades and the quantity left.
    fn match_incoming(&mut self, side: Side, limit: Option<i64>, mut remaining: i64) -> (Vec<String>, i64) {
        let mut trades = Vec::new();
        let opposite = match side {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
        };
        while remaining > 0 {
            // Fields, not `side_mut`, so the level and the order index can be borrowed together.
            let book = match opposite {
                Side::Buy => &mut self.bids,
                Side::Sell => &mut self.asks,
            };
            let best = match opposite {
                Side::Sell => book.first_entry(),
                Side::Buy => book.last_entry(),
            };
            let Some(mut level) = best else { break };
            let price = *level.key();
            let crosses = match (side, limit) {
                (_, None) => true,
                (Side::Buy, Some(l)) => price <= l,
                (Side::Sell, Some(l)) => price >= l,
            };
            if !crosses {
                break;
            }
            let front = level.get_mut().queue.first_entry().expect("a level in the book is never empty");
            let maker = front.get().clone();
            let Some(State::Open { remaining: left, .. }) = self.orders.get_mut(&maker) else {
                unreachable!("a queued order is open")
            };
            let fill = remaining.min(*left);
            *left -= fill;
            remaining -= fill;
            let maker_done = *left == 0;
            trades.push(format!("{maker}:{}@{}", qty_text(fill), price_text(price)));
            if maker_done {
                front.remove();
                self.orders.insert(maker, State::Filled);
            }
            level.get_mut().total -= fill;
            if level.get().queue.is_empty() {
                level.remove();
            }
        }
        (trades, remaining)
    }

    fn rest(&mut self, id: &str, side: Side, price: i64, qty: i64) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let level = self.side_mut(side).entry(price).or_default();
        level.total += qty;
        level.queue.insert(seq, id.to_owned());
        self.orders.insert(id.to_owned(), State::Open { side, price, seq, remaining: qty });
    }

    fn order(&mut self, id: &str, side: Side, qty: i64, limit: Option<i64>) -> String {
        let limit = match (limit, self.market) {
            (None, MarketOrders::ExtremeLimit) => Some(if side == Side::Buy { i64::MAX } else { 0 }),
            (limit, _) => limit,
        };
        let (trades, left) = self.match_incoming(side, limit, qty);
        let head = if left == 0 {
            self.orders.insert(id.to_owned(), State::Filled);
            "filled".to_owned()
        } else if let Some(price) = limit {
            self.rest(id, side, price, left);
            format!("resting {}", qty_text(left))
        } else {
            self.orders.insert(id.to_owned(), State::Cancelled);
            format!("cancelled {}", qty_text(left))
        };
        std::iter::once(head).chain(trades).collect::<Vec<_>>().join(" ")
    }

    fn cancel(&mut self, id: &str) -> String {
        let Some(State::Open { side, price, seq, remaining }) = self.orders.get(id) else {
            return error("not-found");
        };
        let (side, price, seq, remaining) = (*side, *price, *seq, *remaining);
        let book = self.side_mut(side);
        let level = book.get_mut(&price).expect("an open order has a level");
        level.queue.remove(&seq);
        level.total -= remaining;
        if level.queue.is_empty() {
            book.remove(&price);
        }
        self.orders.insert(id.to_owned(), State::Cancelled);
        format!("cancelled {}", qty_text(remaining))
    }

    /// Validates a new order, then matches it.
    fn submit(&mut self, id: &str, side: &str, qty: &str, price: Option<&str>) -> String {
        let side = match side {
            "buy" => Side::Buy,
            "sell" => Side::Sell,
            _ => return bad_arguments(),
        };
        let Some(qty) = decimal(qty, QTY_DECIMALS) else { return error("bad-quantity") };
        let limit = match price.map(|p| decimal(p, 2)) {
            Some(None) => return error("bad-price"),
            Some(Some(p)) => Some(p),
            None => None,
        };
        if self.orders.contains_key(id) {
            return error("duplicate-id");
        }
        self.order(id, side, qty, limit)
    }

    fn levels<'a>(levels: impl Iterator<Item = (&'a i64, &'a Level)>) -> String {
        let out: Vec<String> =
            levels.map(|(p, l)| format!("{}:{}", price_text(*p), qty_text(l.total))).collect();
        if out.is_empty() { "empty".into() } else { out.join(" ") }
    }
}

impl Machine for Book {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("limit", [id, side, qty, price]) => self.submit(id, side, qty, Some(price)),
            ("market", [id, side, qty]) => self.submit(id, side, qty, None),
            ("cancel", [id]) => self.cancel(id),
            ("status", [id]) => match self.orders.get(*id) {
                Some(State::Open { remaining, .. }) => format!("open {}", qty_text(*remaining)),
                Some(State::Filled) => "filled".into(),
                Some(State::Cancelled) => "cancelled".into(),
                None => error("not-found"),
            },
            ("bids", []) => Book::levels(self.bids.iter().rev()),
            ("asks", []) => Book::levels(self.asks.iter()),
            ("limit" | "market" | "cancel" | "status" | "bids" | "asks", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_and_written_exactly() {
        assert_eq!(decimal("0.1", QTY_DECIMALS), Some(10_000_000));
        assert_eq!(decimal("1.00000001", QTY_DECIMALS), Some(100_000_001));
        assert_eq!(decimal("100.5", 2), Some(10_050));
        for bad in ["0", "0.00", "-1", "1.", ".5", "1.001", "x"] {
            assert_eq!(decimal(bad, 2), None, "{bad}");
        }
        assert_eq!(qty_text(30_000_000), "0.3");
        assert_eq!(qty_text(200_000_000), "2");
        assert_eq!(price_text(3_000_000), "30000.00");
    }
}
