//! Ticket booking: each show has one show-seat per seat, free, held by a hold or booked. A hold
//! claims all its seats or none, and expires on the virtual clock without any sweeper: a seat
//! whose hold is no longer live simply counts as free. A hold confirms into a booking only while
//! it is live, so an expired hold can never book a seat that someone else has taken since.

use std::collections::HashMap;

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "ticket-booking-lld",
    new: || Box::new(Booking::new(Confirm::WhileLive)),
    broken: || Box::new(Booking::new(Confirm::IgnoringExpiry)),
    bug: "confirm checks that the hold was not released or confirmed but not that it is still live, so a late payment books seats another user holds",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirm {
    WhileLive,
    /// The bug of the broken variant: the hold's expiry is not checked at confirmation.
    IgnoringExpiry,
}

const HOLD_MS: u64 = 300_000;
const MAX_SEATS: usize = 10;
const MAX_ROWS: u64 = 26;
const MAX_PER_ROW: u64 = 99;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SeatState {
    Free,
    Held(usize),
    Booked(usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HoldState {
    Active,
    Released,
    Confirmed(usize),
}

struct Hold {
    show: String,
    user: String,
    seats: Vec<usize>,
    expires: u64,
    state: HoldState,
}

struct Show {
    per_row: usize,
    seats: Vec<SeatState>,
}

impl Show {
    /// `A1` .. `Z99`: the row letter, then the number without leading zeros.
    fn seat(&self, name: &str) -> Option<usize> {
        let mut chars = name.chars();
        let row = chars.next().filter(char::is_ascii_uppercase)? as usize - 'A' as usize;
        let digits = chars.as_str();
        if digits.starts_with('0') {
            return None;
        }
        let n = usize::try_from(count(digits)?).ok()?;
        (n >= 1 && n <= self.per_row && row < self.seats.len() / self.per_row)
            .then(|| row * self.per_row + n - 1)
    }

    fn name(&self, i: usize) -> String {
        let row = char::from(b'A' + (i / self.per_row) as u8);
        format!("{row}{}", i % self.per_row + 1)
    }
}

struct Booking {
    confirm: Confirm,
    now: u64,
    shows: HashMap<String, Show>,
    holds: Vec<Hold>,
    bookings: usize,
    /// (show, user) → that user's latest hold on the show.
    latest: HashMap<(String, String), usize>,
}

impl Booking {
    fn new(confirm: Confirm) -> Self {
        Booking {
            confirm,
            now: 0,
            shows: HashMap::new(),
            holds: Vec::new(),
            bookings: 0,
            latest: HashMap::new(),
        }
    }

    fn live(&self, h: usize) -> bool {
        self.holds[h].state == HoldState::Active && self.now < self.holds[h].expires
    }

    fn show(&mut self, name: &str, rows: &str, per_row: &str) -> String {
        let (Some(rows), Some(per_row)) = (count(rows), count(per_row)) else {
            return error("bad-layout");
        };
        if !(1..=MAX_ROWS).contains(&rows) || !(1..=MAX_PER_ROW).contains(&per_row) {
            return error("bad-layout");
        }
        if self.shows.contains_key(name) {
            return error("show-exists");
        }
        let (rows, per_row) = (rows as usize, per_row as usize);
        self.shows.insert(name.to_owned(), Show { per_row, seats: vec![SeatState::Free; rows * per_row] });
        "ok".into()
    }

    fn hold(&mut self, show: &str, user: &str, names: &[&str]) -> String {
        let Some(s) = self.shows.get(show) else { return error("no-show") };
        if names.len() > MAX_SEATS {
            return error("too-many-seats");
        }
        let mut seats = Vec::with_capacity(names.len());
        for name in names {
            let Some(i) = s.seat(name) else { return error("no-such-seat") };
            if seats.contains(&i) {
                return error("duplicate-seat");
            }
            seats.push(i);
        }
        let key = (show.to_owned(), user.to_owned());
        let own = self.latest.get(&key).copied().filter(|&h| self.live(h));
        let taken: Vec<String> = seats
            .iter()
            .filter(|&&i| match s.seats[i] {
                SeatState::Free => false,
                SeatState::Booked(_) => true,
                SeatState::Held(h) => Some(h) != own && self.live(h),
            })
            .map(|&i| s.name(i))
            .collect();
        if !taken.is_empty() {
            return format!("error seats-taken {}", taken.join(" "));
        }
        if let Some(old) = own {
            self.release_seats(old);
        }
        let h = self.holds.len();
        let s = self.shows.get_mut(show).expect("checked above");
        for &i in &seats {
            s.seats[i] = SeatState::Held(h);
        }
        self.holds.push(Hold {
            show: show.to_owned(),
            user: user.to_owned(),
            seats,
            expires: self.now + HOLD_MS,
            state: HoldState::Active,
        });
        self.latest.insert(key, h);
        format!("H{}", h + 1)
    }

    fn release_seats(&mut self, h: usize) {
        let hold = &mut self.holds[h];
        hold.state = HoldState::Released;
        let s = self.shows.get_mut(&hold.show).expect("a hold's show exists");
        for &i in &hold.seats {
            if s.seats[i] == SeatState::Held(h) {
                s.seats[i] = SeatState::Free;
            }
        }
    }

    fn find(&self, id: &str) -> Option<usize> {
        let n = id.strip_prefix('H').and_then(count)?;
        let h = usize::try_from(n).ok()?.checked_sub(1)?;
        (h < self.holds.len()).then_some(h)
    }

    fn confirm(&mut self, id: &str) -> String {
        let Some(h) = self.find(id) else { return error("no-such-hold") };
        match self.holds[h].state {
            HoldState::Confirmed(b) => return format!("B{}", b + 1),
            HoldState::Released => return error("hold-released"),
            HoldState::Active => {}
        }
        if self.confirm == Confirm::WhileLive && !self.live(h) {
            return error("hold-expired");
        }
        let b = self.bookings;
        self.bookings += 1;
        let hold = &mut self.holds[h];
        hold.state = HoldState::Confirmed(b);
        let s = self.shows.get_mut(&hold.show).expect("a hold's show exists");
        for &i in &hold.seats {
            s.seats[i] = SeatState::Booked(b);
        }
        format!("B{}", b + 1)
    }

    fn release(&mut self, id: &str) -> String {
        let Some(h) = self.find(id) else { return error("no-such-hold") };
        match self.holds[h].state {
            HoldState::Confirmed(_) => error("already-confirmed"),
            HoldState::Released => error("hold-released"),
            HoldState::Active if !self.live(h) => error("hold-expired"),
            HoldState::Active => {
                self.release_seats(h);
                let hold = &self.holds[h];
                self.latest.remove(&(hold.show.clone(), hold.user.clone()));
                "ok".into()
            }
        }
    }

    fn state_of(&self, seat: SeatState) -> SeatState {
        match seat {
            SeatState::Held(h) if !self.live(h) => SeatState::Free,
            other => other,
        }
    }

    fn free(&self, show: &str) -> String {
        let Some(s) = self.shows.get(show) else { return error("no-show") };
        let free: Vec<String> = (0..s.seats.len())
            .filter(|&i| self.state_of(s.seats[i]) == SeatState::Free)
            .map(|i| s.name(i))
            .collect();
        if free.is_empty() { "empty".into() } else { free.join(" ") }
    }

    fn seat(&self, show: &str, name: &str) -> String {
        let Some(s) = self.shows.get(show) else { return error("no-show") };
        let Some(i) = s.seat(name) else { return error("no-such-seat") };
        match self.state_of(s.seats[i]) {
            SeatState::Free => "free".into(),
            SeatState::Held(h) => format!("held H{}", h + 1),
            SeatState::Booked(b) => format!("booked B{}", b + 1),
        }
    }
}

impl Machine for Booking {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("show", [show, rows, per_row]) => self.show(show, rows, per_row),
            ("hold", [show, user, seats @ ..]) if !seats.is_empty() => self.hold(show, user, seats),
            ("confirm", [id]) => self.confirm(id),
            ("release", [id]) => self.release(id),
            ("free", [show]) => self.free(show),
            ("seat", [show, seat]) => self.seat(show, seat),
            ("clock", [t]) => match count(t) {
                Some(t) if t >= self.now => {
                    self.now = t;
                    "ok".into()
                }
                _ => error("bad-time"),
            },
            ("show" | "hold" | "confirm" | "release" | "free" | "seat" | "clock", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
