//! Parking lot: vehicle and spot types are data (a fit table, smallest spot first), and each spot
//! type keeps an ordered set of its free spots by (level, number). The best spot for an arrival
//! is the first element of the first non-empty set among the types that fit: O(log n) per entry
//! and exit, no scan. Fees are whole cents computed from a virtual clock in minutes.

use std::collections::{BTreeSet, HashMap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, money, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "parking-lot",
    new: || Box::new(Lot::new(Allocation::SmallestFit)),
    broken: || Box::new(Lot::new(Allocation::FirstFitByLevel)),
    bug: "walks the levels in order and takes the first spot that fits, so a car takes a large spot on level 1 while a compact spot is free on level 2",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Allocation {
    /// The smallest fitting type with a free spot, then the lowest level, then the lowest number.
    SmallestFit,
    /// The bug of the broken variant: the lowest level first, any fitting type on it.
    FirstFitByLevel,
}

/// Spot types, smallest first; the index into per-type arrays.
const SPOT_LETTERS: [char; 3] = ['M', 'C', 'L'];
const SPOT_NAMES: [&str; 3] = ["motorcycle", "compact", "large"];
/// The most spots of one type on one level.
const MAX_SPOTS: u64 = 10_000;
const FREE_MINUTES: u64 = 15;
const DAY_MINUTES: u64 = 24 * 60;

#[derive(Clone, Copy)]
enum Vehicle {
    Motorcycle,
    Car,
    Van,
}

impl Vehicle {
    fn parse(word: &str) -> Option<Vehicle> {
        match word {
            "motorcycle" => Some(Vehicle::Motorcycle),
            "car" => Some(Vehicle::Car),
            "van" => Some(Vehicle::Van),
            _ => None,
        }
    }

    /// The fit table: the spot types this vehicle may use, smallest first.
    fn fits(self) -> &'static [usize] {
        match self {
            Vehicle::Motorcycle => &[0, 1, 2],
            Vehicle::Car => &[1, 2],
            Vehicle::Van => &[2],
        }
    }

    /// Cents per started hour and the cap per 24 hours.
    fn rates(self) -> (u64, u64) {
        match self {
            Vehicle::Motorcycle => (150, 1250),
            Vehicle::Car => (300, 2500),
            Vehicle::Van => (600, 5000),
        }
    }

    /// The fee in cents for a stay of `minutes`.
    fn fee(self, minutes: u64) -> u64 {
        if minutes <= FREE_MINUTES {
            return 0;
        }
        let (hourly, cap) = self.rates();
        let (days, rest) = (minutes / DAY_MINUTES, minutes % DAY_MINUTES);
        days * cap + (rest.div_ceil(60) * hourly).min(cap)
    }
}

#[derive(Clone, Copy)]
struct Spot {
    kind: usize,
    level: u32,
    number: u32,
}

impl std::fmt::Display for Spot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}{}", self.level, SPOT_LETTERS[self.kind], self.number)
    }
}

struct Ticket {
    plate: String,
    vehicle: Vehicle,
    spot: Spot,
    entered: u64,
    open: bool,
}

struct Lot {
    allocation: Allocation,
    /// Free spots per type, ordered by (level, number).
    free: [BTreeSet<(u32, u32)>; 3],
    /// Free spots per level and type, for the level signs.
    free_counts: Vec<[u64; 3]>,
    /// Ticket `T{i + 1}` is `tickets[i]`.
    tickets: Vec<Ticket>,
    /// Plates inside, with their ticket index.
    parked: HashMap<String, usize>,
    now: u64,
}

impl Lot {
    fn new(allocation: Allocation) -> Self {
        Lot {
            allocation,
            free: Default::default(),
            free_counts: Vec::new(),
            tickets: Vec::new(),
            parked: HashMap::new(),
            now: 0,
        }
    }

    fn add_level(&mut self, counts: [u64; 3]) -> String {
        if counts.iter().all(|&c| c == 0) || counts.iter().any(|&c| c > MAX_SPOTS) {
            return error("bad-layout");
        }
        let level = u32::try_from(self.free_counts.len() + 1).unwrap_or(u32::MAX);
        for (kind, &n) in counts.iter().enumerate() {
            for number in 1..=u32::try_from(n).unwrap_or(0) {
                self.free[kind].insert((level, number));
            }
        }
        self.free_counts.push(counts);
        "ok".into()
    }

    fn choose(&self, vehicle: Vehicle) -> Option<Spot> {
        let fits = vehicle.fits();
        match self.allocation {
            Allocation::SmallestFit => fits.iter().find_map(|&kind| {
                let &(level, number) = self.free[kind].first()?;
                Some(Spot { kind, level, number })
            }),
            Allocation::FirstFitByLevel => {
                (1..=u32::try_from(self.free_counts.len()).unwrap_or(0)).find_map(|level| {
                    fits.iter().find_map(|&kind| {
                        let &(_, number) = self.free[kind].range((level, 0)..=(level, u32::MAX)).next()?;
                        Some(Spot { kind, level, number })
                    })
                })
            }
        }
    }

    fn enter(&mut self, plate: &str, vehicle: Vehicle) -> String {
        if self.parked.contains_key(plate) {
            return error("already-parked");
        }
        let Some(spot) = self.choose(vehicle) else { return error("full") };
        self.free[spot.kind].remove(&(spot.level, spot.number));
        self.free_counts[spot.level as usize - 1][spot.kind] -= 1;
        self.tickets.push(Ticket { plate: plate.to_owned(), vehicle, spot, entered: self.now, open: true });
        self.parked.insert(plate.to_owned(), self.tickets.len() - 1);
        format!("T{} {spot}", self.tickets.len())
    }

    /// The open ticket named by `word`, or the error reply.
    fn open_ticket(&self, word: &str) -> Result<usize, String> {
        let index = word
            .strip_prefix('T')
            .and_then(count)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n >= 1 && n <= self.tickets.len())
            .ok_or_else(|| error("unknown-ticket"))?;
        if self.tickets[index - 1].open { Ok(index - 1) } else { Err(error("ticket-closed")) }
    }

    fn fee(&self, ticket: usize) -> u64 {
        let t = &self.tickets[ticket];
        t.vehicle.fee(self.now - t.entered)
    }

    fn exit(&mut self, ticket: usize) -> String {
        let fee = self.fee(ticket);
        let t = &mut self.tickets[ticket];
        t.open = false;
        let spot = t.spot;
        self.parked.remove(&t.plate);
        self.free[spot.kind].insert((spot.level, spot.number));
        self.free_counts[spot.level as usize - 1][spot.kind] += 1;
        money(fee)
    }

    fn sign(&self, level: &str) -> String {
        let counts = count(level)
            .and_then(|l| usize::try_from(l).ok())
            .filter(|&l| l >= 1)
            .and_then(|l| self.free_counts.get(l - 1));
        match counts {
            Some(c) => {
                SPOT_NAMES.iter().zip(c).map(|(name, n)| format!("{name}={n}")).collect::<Vec<_>>().join(" ")
            }
            None => error("unknown-level"),
        }
    }
}

impl Machine for Lot {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("level", [m, c, l]) => match (count(m), count(c), count(l)) {
                (Some(m), Some(c), Some(l)) => self.add_level([m, c, l]),
                _ => bad_arguments(),
            },
            ("enter", [plate, kind]) => match Vehicle::parse(kind) {
                Some(vehicle) => self.enter(plate, vehicle),
                None => bad_arguments(),
            },
            ("fee", [ticket]) => self.open_ticket(ticket).map_or_else(|e| e, |t| money(self.fee(t))),
            ("exit", [ticket]) => self.open_ticket(ticket).map_or_else(|e| e, |t| self.exit(t)),
            ("advance", [minutes]) => match count(minutes) {
                Some(m) => {
                    self.now = self.now.saturating_add(m);
                    "ok".into()
                }
                None => bad_arguments(),
            },
            ("free", [level]) => self.sign(level),
            ("level" | "enter" | "fee" | "exit" | "advance" | "free", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
