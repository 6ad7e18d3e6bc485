//! Restaurant reservations: each table keeps its active reservations in an ordered map by start
//! minute, and a range is free when the nearest reservation starting before its end ends no later
//! than its start (half-open ranges). Tables are tried smallest first. Holds expire on a separate
//! booking clock; an ordered set by expiry lets every command drop the expired ones first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "restaurant-reservation",
    new: || Box::new(Book::new(Ranges::HalfOpen)),
    broken: || Box::new(Book::new(Ranges::Closed)),
    bug: "tests overlaps with closed ranges (start <= other end), so a seating that starts when the previous one ends is turned away",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ranges {
    /// [start, end): back-to-back seatings do not clash.
    HalfOpen,
    /// The bug of the broken variant: [start, end], so touching ranges clash.
    Closed,
}

const HOLD_MINUTES: u64 = 5;
const RESET_MINUTES: u32 = 15;
const DAY_END: u32 = 24 * 60;
const MAX_SEATS: u64 = 20;

/// Minutes a party occupies a table, reset included.
fn seating(party: u32) -> u32 {
    let turn = match party {
        1..=2 => 90,
        3..=6 => 120,
        _ => 150,
    };
    turn + RESET_MINUTES
}

/// `HH:MM`, in 15-minute steps, as minutes from midnight.
fn parse_time(word: &str) -> Option<u32> {
    let (h, m) = word.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (u32::try_from(count(h)?).ok()?, u32::try_from(count(m)?).ok()?);
    (h < 24 && m < 60 && m % 15 == 0).then_some(h * 60 + m)
}

fn show_time(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Held { expires: u64 },
    Confirmed,
    Cancelled,
    Expired,
}

struct Reservation {
    name: String,
    party: u32,
    start: u32,
    end: u32,
    table: usize,
    status: Status,
}

struct Table {
    id: String,
    seats: u32,
    /// Active reservations by start: (end, reservation index).
    calendar: BTreeMap<u32, (u32, usize)>,
}

struct Book {
    ranges: Ranges,
    now: u64,
    tables: Vec<Table>,
    table_ids: HashMap<String, usize>,
    /// Table indices by (seats, order added): the order tables are offered in.
    by_size: Vec<usize>,
    reservations: Vec<Reservation>,
    /// Active holds by (expiry, reservation index).
    holds: BTreeSet<(u64, usize)>,
}

impl Book {
    fn new(ranges: Ranges) -> Self {
        Book {
            ranges,
            now: 0,
            tables: Vec::new(),
            table_ids: HashMap::new(),
            by_size: Vec::new(),
            reservations: Vec::new(),
            holds: BTreeSet::new(),
        }
    }

    /// Expires every hold whose time is up, freeing its range.
    fn expire(&mut self) {
        while let Some(&(expires, r)) = self.holds.first() {
            if expires > self.now {
                break;
            }
            self.holds.pop_first();
            let res = &mut self.reservations[r];
            res.status = Status::Expired;
            self.tables[res.table].calendar.remove(&res.start);
        }
    }

    /// Whether `table` is free for [start, end), not counting reservation `except`.
    fn free(&self, table: usize, start: u32, end: u32, except: Option<usize>) -> bool {
        let calendar = &self.tables[table].calendar;
        // Reservations on one table never overlap, so the latest one that starts before the new
        // range ends is the only one that can reach into it.
        let before = match self.ranges {
            Ranges::HalfOpen => calendar.range(..end).rev().find(|(_, (_, r))| Some(*r) != except),
            Ranges::Closed => calendar.range(..=end).rev().find(|(_, (_, r))| Some(*r) != except),
        };
        match (before, self.ranges) {
            (None, _) => true,
            (Some((_, &(other_end, _))), Ranges::HalfOpen) => other_end <= start,
            (Some((_, &(other_end, _))), Ranges::Closed) => other_end < start,
        }
    }

    /// The smallest table that seats `party` and is free for the range.
    fn choose(&self, party: u32, start: u32, end: u32, except: Option<usize>) -> Option<usize> {
        self.by_size
            .iter()
            .copied()
            .find(|&t| self.tables[t].seats >= party && self.free(t, start, end, except))
    }

    /// Party and time, checked; or the error reply.
    fn request(party: &str, time: &str) -> Result<(u32, u32, u32), String> {
        let party = count(party)
            .filter(|p| (1..=8).contains(p))
            .and_then(|p| u32::try_from(p).ok())
            .ok_or_else(|| error("bad-party"))?;
        let start = parse_time(time).ok_or_else(|| error("bad-time"))?;
        let end = start + seating(party);
        if end > DAY_END {
            return Err(error("bad-time"));
        }
        Ok((party, start, end))
    }

    fn reserve(&mut self, name: &str, party: &str, time: &str, hold: bool) -> String {
        let (party, start, end) = match Book::request(party, time) {
            Ok(r) => r,
            Err(e) => return e,
        };
        let Some(table) = self.choose(party, start, end, None) else { return error("no-table") };
        let r = self.reservations.len();
        let status = if hold {
            let expires = self.now + HOLD_MINUTES;
            self.holds.insert((expires, r));
            Status::Held { expires }
        } else {
            Status::Confirmed
        };
        self.reservations.push(Reservation { name: name.to_owned(), party, start, end, table, status });
        self.tables[table].calendar.insert(start, (end, r));
        format!("R{} {}", r + 1, self.tables[table].id)
    }

    fn modify(&mut self, r: usize, party: &str, time: &str) -> String {
        if !self.active(r) {
            return error("not-active");
        }
        let (party, start, end) = match Book::request(party, time) {
            Ok(x) => x,
            Err(e) => return e,
        };
        let Some(table) = self.choose(party, start, end, Some(r)) else { return error("no-table") };
        let res = &mut self.reservations[r];
        self.tables[res.table].calendar.remove(&res.start);
        (res.party, res.start, res.end, res.table) = (party, start, end, table);
        self.tables[table].calendar.insert(start, (end, r));
        format!("R{} {}", r + 1, self.tables[table].id)
    }

    fn active(&self, r: usize) -> bool {
        matches!(self.reservations[r].status, Status::Held { .. } | Status::Confirmed)
    }

    fn cancel(&mut self, r: usize) -> String {
        let res = &mut self.reservations[r];
        match res.status {
            Status::Held { expires } => {
                self.holds.remove(&(expires, r));
            }
            Status::Confirmed => {}
            Status::Cancelled | Status::Expired => return error("not-active"),
        }
        res.status = Status::Cancelled;
        self.tables[res.table].calendar.remove(&res.start);
        "ok".into()
    }

    fn confirm(&mut self, r: usize) -> String {
        let res = &mut self.reservations[r];
        match res.status {
            Status::Held { expires } => {
                self.holds.remove(&(expires, r));
                res.status = Status::Confirmed;
                "ok".into()
            }
            Status::Expired => error("expired"),
            Status::Confirmed | Status::Cancelled => error("not-held"),
        }
    }

    fn status(&self, r: usize) -> String {
        let res = &self.reservations[r];
        let at = format!("{} {} {} {}", res.name, res.party, self.tables[res.table].id, show_time(res.start));
        match res.status {
            Status::Held { .. } => format!("held {at}"),
            Status::Confirmed => format!("confirmed {at}"),
            Status::Cancelled => "cancelled".into(),
            Status::Expired => "expired".into(),
        }
    }

    fn schedule(&self, table: &str) -> String {
        let Some(&t) = self.table_ids.get(table) else { return error("unknown-table") };
        let calendar = &self.tables[t].calendar;
        if calendar.is_empty() {
            return "empty".into();
        }
        calendar
            .iter()
            .map(|(&start, &(end, r))| format!("R{}@{}-{}", r + 1, show_time(start), show_time(end)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn add_table(&mut self, id: &str, seats: &str) -> String {
        let Some(seats) = count(seats).filter(|s| (1..=MAX_SEATS).contains(s)) else {
            return error("bad-seats");
        };
        if self.table_ids.contains_key(id) {
            return error("duplicate-table");
        }
        let t = self.tables.len();
        let seats = u32::try_from(seats).unwrap_or(0);
        self.tables.push(Table { id: id.to_owned(), seats, calendar: BTreeMap::new() });
        self.table_ids.insert(id.to_owned(), t);
        let at = self.by_size.partition_point(|&o| self.tables[o].seats <= seats);
        self.by_size.insert(at, t);
        "ok".into()
    }

    /// The reservation named `R<n>`.
    fn find(&self, word: &str) -> Option<usize> {
        let n = usize::try_from(count(word.strip_prefix('R')?)?).ok()?;
        (1..=self.reservations.len()).contains(&n).then(|| n - 1)
    }
}

impl Machine for Book {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        self.expire();
        let unknown = || error("unknown-reservation");
        match (name, args) {
            ("table", [id, seats]) => self.add_table(id, seats),
            ("hold", [diner, party, time]) => self.reserve(diner, party, time, true),
            ("book", [diner, party, time]) => self.reserve(diner, party, time, false),
            ("confirm", [r]) => self.find(r).map_or_else(unknown, |r| self.confirm(r)),
            ("cancel", [r]) => self.find(r).map_or_else(unknown, |r| self.cancel(r)),
            ("modify", [r, party, time]) => {
                self.find(r).map_or_else(unknown, |r| self.modify(r, party, time))
            }
            ("status", [r]) => self.find(r).map_or_else(unknown, |r| self.status(r)),
            ("schedule", [table]) => self.schedule(table),
            ("advance", [minutes]) => match count(minutes) {
                Some(m) => {
                    self.now = self.now.saturating_add(m);
                    self.expire();
                    "ok".into()
                }
                None => bad_arguments(),
            },
            (
                "table" | "hold" | "book" | "confirm" | "cancel" | "modify" | "status" | "schedule"
                | "advance",
                _,
            ) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
