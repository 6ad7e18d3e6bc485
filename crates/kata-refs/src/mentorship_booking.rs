//! Mentorship booking: mentors publish availability windows on a 30-minute grid of one day;
//! mentees book 30- or 60-minute sessions inside them. Windows of a mentor never overlap, and
//! neither do a mentor's active bookings: every check is a half-open interval test against the
//! neighbours in a map ordered by start time. Search filters are optional, and a price cap of
//! zero is a real cap.

use std::collections::{BTreeMap, HashMap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, cents, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "mentorship-booking",
    new: || Box::new(Platform::new(Collision::Overlap)),
    broken: || Box::new(Platform::new(Collision::SameStart)),
    bug: "two bookings collide only when they start at the same time, so a 60-minute session and a 30-minute one inside it are both accepted",
};

/// When two bookings of one mentor are said to collide.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Collision {
    Overlap,
    /// The bug of the broken variant: comparing start times instead of intervals.
    SameStart,
}

const DAY: u32 = 24 * 60;
const GRID: u32 = 30;

/// `HH:MM` on the 30-minute grid, from 00:00 to 24:00, as minutes.
fn minutes(word: &str) -> Option<u32> {
    let (h, m) = word.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let t = u32::try_from(count(h)?).ok()? * 60 + u32::try_from(count(m)?).ok()?;
    (count(m)? < 60 && t <= DAY && t % GRID == 0).then_some(t)
}

fn clock(t: u32) -> String {
    format!("{:02}:{:02}", t / 60, t % 60)
}

/// Whether the half-open interval [start, end) overlaps any interval in `map` (start → end).
fn overlaps<V>(map: &BTreeMap<u32, V>, end_of: impl Fn(&V) -> u32, start: u32, end: u32) -> bool {
    // Only the last interval starting before `end` can reach into [start, end), because the
    // intervals in the map never overlap one another.
    map.range(..end).next_back().is_some_and(|(_, v)| end_of(v) > start)
}

struct Mentor {
    /// Whole cents.
    price: i64,
    company: String,
    skills: Vec<String>,
    /// Availability windows, start → end.
    windows: BTreeMap<u32, u32>,
    /// Active bookings, start → (end, booking index).
    booked: BTreeMap<u32, (u32, usize)>,
}

impl Mentor {
    /// Whether every minute of [start, end) lies in some window (touching windows join up).
    fn open(&self, start: u32, end: u32) -> bool {
        let mut at = start;
        while at < end {
            match self.windows.range(..=at).next_back() {
                Some((_, &e)) if e > at => at = e,
                _ => return false,
            }
        }
        true
    }
}

struct Booking {
    mentor: String,
    start: u32,
    active: bool,
}

struct Platform {
    collision: Collision,
    mentors: HashMap<String, Mentor>,
    bookings: Vec<Booking>,
}

impl Platform {
    fn new(collision: Collision) -> Self {
        Platform { collision, mentors: HashMap::new(), bookings: Vec::new() }
    }

    fn mentor(&mut self, name: &str, price: &str, company: &str, skills: &str) -> String {
        let Some(price) = cents(price) else { return error("bad-amount") };
        if self.mentors.contains_key(name) {
            return error("mentor-exists");
        }
        let mentor = Mentor {
            price,
            company: company.to_ascii_lowercase(),
            skills: skills.split(',').map(str::to_owned).collect(),
            windows: BTreeMap::new(),
            booked: BTreeMap::new(),
        };
        self.mentors.insert(name.to_owned(), mentor);
        "ok".into()
    }

    fn open(&mut self, name: &str, start: &str, end: &str) -> String {
        let Some(m) = self.mentors.get_mut(name) else { return error("no-mentor") };
        let (Some(start), Some(end)) = (minutes(start), minutes(end)) else { return error("bad-time") };
        if end <= start {
            return error("bad-time");
        }
        if overlaps(&m.windows, |&e| e, start, end) {
            return error("overlap");
        }
        m.windows.insert(start, end);
        "ok".into()
    }

    fn book(&mut self, name: &str, start: &str, length: &str) -> String {
        let Some(m) = self.mentors.get_mut(name) else { return error("no-mentor") };
        let (Some(start), Some(length)) = (minutes(start), count(length)) else { return error("bad-time") };
        let end = match length {
            30 | 60 => start + length as u32,
            _ => return error("bad-time"),
        };
        if end > DAY {
            return error("bad-time");
        }
        if !m.open(start, end) {
            return error("not-open");
        }
        let taken = match self.collision {
            Collision::Overlap => overlaps(&m.booked, |&(e, _)| e, start, end),
            Collision::SameStart => m.booked.contains_key(&start),
        };
        if taken {
            return error("slot-taken");
        }
        let b = self.bookings.len();
        self.bookings.push(Booking { mentor: name.to_owned(), start, active: true });
        m.booked.insert(start, (end, b));
        format!("B{}", b + 1)
    }

    fn cancel(&mut self, id: &str) -> String {
        let found =
            id.strip_prefix('B').and_then(count).and_then(|n| usize::try_from(n).ok()?.checked_sub(1));
        let Some(booking) = found.and_then(|b| self.bookings.get_mut(b)) else { return error("no-booking") };
        if !booking.active {
            return error("already-cancelled");
        }
        booking.active = false;
        let m = self.mentors.get_mut(&booking.mentor).expect("a booking's mentor exists");
        m.booked.remove(&booking.start);
        "ok".into()
    }

    fn free(&self, name: &str) -> String {
        let Some(m) = self.mentors.get(name) else { return error("no-mentor") };
        let mut out = Vec::new();
        for (&start, &end) in &m.windows {
            for cell in (start..end).step_by(GRID as usize) {
                if !overlaps(&m.booked, |&(e, _)| e, cell, cell + GRID) {
                    out.push(clock(cell));
                }
            }
        }
        if out.is_empty() { "empty".into() } else { out.join(" ") }
    }

    fn search(&self, skill: &str, company: &str, max_price: &str) -> String {
        let cap = match max_price {
            "-" => None,
            word => match cents(word) {
                Some(c) => Some(c),
                None => return error("bad-amount"),
            },
        };
        let company = (company != "-").then(|| company.to_ascii_lowercase());
        let mut found: Vec<&str> = self
            .mentors
            .iter()
            .filter(|(_, m)| skill == "-" || m.skills.iter().any(|s| s == skill))
            .filter(|(_, m)| company.as_ref().is_none_or(|c| *c == m.company))
            .filter(|(_, m)| cap.is_none_or(|c| m.price <= c))
            .map(|(name, _)| name.as_str())
            .collect();
        found.sort_unstable();
        if found.is_empty() { "empty".into() } else { found.join(" ") }
    }
}

impl Machine for Platform {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("mentor", [m, price, company, skills]) => self.mentor(m, price, company, skills),
            ("open", [m, start, end]) => self.open(m, start, end),
            ("book", [_mentee, m, start, length]) => self.book(m, start, length),
            ("cancel", [id]) => self.cancel(id),
            ("free", [m]) => self.free(m),
            ("search", [skill, company, price]) => self.search(skill, company, price),
            ("mentor" | "open" | "book" | "cancel" | "free" | "search", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
