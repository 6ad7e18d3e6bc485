//! Elevator: one car scheduled by LOOK. Requests are three ordered sets of floors (car calls, up
//! calls, down calls), so "is anything ahead?" is one range query, and a map by arrival order
//! gives the earliest request when the car is idle. Each `step` is one tick of virtual time in
//! which the car opens its doors, moves one floor, or idles.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "elevator-system",
    new: || Box::new(Elevator::new(HallCalls::ByDirection)),
    broken: || Box::new(Elevator::new(HallCalls::AnyDirection)),
    bug: "stops for every hall call on a floor it passes, whatever its direction, so riders going down board a car going up",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum HallCalls {
    /// A hall call is served by a car travelling its way, or by a car turning at that floor.
    ByDirection,
    /// The bug of the broken variant: any hall call on the car's floor is served.
    AnyDirection,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    Car,
    Up,
    Down,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dir {
    Up,
    Down,
    Idle,
}

impl Dir {
    fn opposite(self) -> Dir {
        match self {
            Dir::Up => Dir::Down,
            Dir::Down => Dir::Up,
            Dir::Idle => Dir::Idle,
        }
    }

    fn hall(self) -> Kind {
        if self == Dir::Down { Kind::Down } else { Kind::Up }
    }

    fn name(self) -> &'static str {
        match self {
            Dir::Up => "up",
            Dir::Down => "down",
            Dir::Idle => "idle",
        }
    }
}

/// The most ticks one `run` may ask for.
const MAX_RUN: u64 = 1_000_000;

struct Elevator {
    hall_calls: HallCalls,
    floors: u32,
    built: bool,
    floor: u32,
    dir: Dir,
    /// Pending floors per kind: car calls, up calls, down calls.
    pending: [BTreeSet<u32>; 3],
    /// Pending requests by arrival, and the arrival number of each.
    arrivals: BTreeMap<u64, (Kind, u32)>,
    arrival_of: HashMap<(Kind, u32), u64>,
    next_arrival: u64,
}

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Car => 0,
        Kind::Up => 1,
        Kind::Down => 2,
    }
}

impl Elevator {
    fn new(hall_calls: HallCalls) -> Self {
        Elevator {
            hall_calls,
            floors: 0,
            built: false,
            floor: 0,
            dir: Dir::Idle,
            pending: Default::default(),
            arrivals: BTreeMap::new(),
            arrival_of: HashMap::new(),
            next_arrival: 0,
        }
    }

    fn has(&self, kind: Kind, floor: u32) -> bool {
        self.pending[slot(kind)].contains(&floor)
    }

    fn add(&mut self, kind: Kind, floor: u32) {
        if self.pending[slot(kind)].insert(floor) {
            self.arrivals.insert(self.next_arrival, (kind, floor));
            self.arrival_of.insert((kind, floor), self.next_arrival);
            self.next_arrival += 1;
        }
    }

    fn clear(&mut self, kind: Kind, floor: u32) {
        if self.pending[slot(kind)].remove(&floor)
            && let Some(n) = self.arrival_of.remove(&(kind, floor))
        {
            self.arrivals.remove(&n);
        }
    }

    /// Whether any request lies strictly beyond the car's floor in `dir`.
    fn ahead(&self, dir: Dir) -> bool {
        let f = self.floor;
        self.pending.iter().any(|set| match dir {
            Dir::Up => set.range(f + 1..).next().is_some(),
            Dir::Down => set.range(..f).next().is_some(),
            Dir::Idle => false,
        })
    }

    /// Opens the doors if a request here should be served going `self.dir`; clears what it
    /// serves and turns the car when it stops for a hall call the other way.
    fn serve_here(&mut self) -> bool {
        let (f, dir) = (self.floor, self.dir);
        let car = self.has(Kind::Car, f);
        let same = self.has(dir.hall(), f);
        let other = self.has(dir.opposite().hall(), f);
        let turn = other && !same && !self.ahead(dir);
        let any_direction = self.hall_calls == HallCalls::AnyDirection && other;
        if !(car || same || turn || any_direction) {
            return false;
        }
        self.clear(Kind::Car, f);
        self.clear(dir.hall(), f);
        if turn || any_direction {
            self.clear(dir.opposite().hall(), f);
        }
        if turn {
            self.dir = dir.opposite();
        }
        true
    }

    fn step(&mut self) -> String {
        if self.arrivals.is_empty() {
            self.dir = Dir::Idle;
            return format!("{} idle", self.floor);
        }
        if self.dir == Dir::Idle {
            let (_, &(kind, floor)) = self.arrivals.first_key_value().expect("requests are pending");
            self.dir = match floor.cmp(&self.floor) {
                std::cmp::Ordering::Greater => Dir::Up,
                std::cmp::Ordering::Less => Dir::Down,
                std::cmp::Ordering::Equal if kind == Kind::Down => Dir::Down,
                std::cmp::Ordering::Equal => Dir::Up,
            };
        }
        for _ in 0..2 {
            if self.serve_here() {
                if self.arrivals.is_empty() {
                    self.dir = Dir::Idle;
                }
                return format!("{} open", self.floor);
            }
            if self.ahead(self.dir) {
                self.floor = if self.dir == Dir::Up { self.floor + 1 } else { self.floor - 1 };
                return format!("{} {}", self.floor, self.dir.name());
            }
            self.dir = self.dir.opposite();
        }
        unreachable!("with nothing ahead either way, every request here is served")
    }

    fn run(&mut self, ticks: u64) -> String {
        let mut stops = Vec::new();
        for _ in 0..ticks {
            if self.arrivals.is_empty() {
                self.dir = Dir::Idle;
                break;
            }
            let reply = self.step();
            if reply.ends_with(" open") {
                stops.push(self.floor.to_string());
            }
        }
        if stops.is_empty() { "empty".into() } else { stops.join(" ") }
    }

    fn pending_list(&self) -> String {
        let mut all: Vec<(u32, usize)> = Vec::new();
        for (i, set) in self.pending.iter().enumerate() {
            all.extend(set.iter().map(|&f| (f, i)));
        }
        all.sort_unstable();
        if all.is_empty() {
            return "empty".into();
        }
        let names = ["car", "up", "down"];
        all.iter().map(|(f, i)| format!("{f}:{}", names[*i])).collect::<Vec<_>>().join(" ")
    }

    /// A floor of the building, or the error reply.
    /// A whole number, negative ones included, is a floor (maybe not of this building); any
    /// other word does not fit the usage.
    fn floor_arg(&self, word: &str) -> Result<u32, String> {
        let negative = word.strip_prefix('-').is_some_and(|rest| count(rest).is_some());
        match count(word) {
            Some(f) if f < u64::from(self.floors) => Ok(u32::try_from(f).unwrap_or(u32::MAX)),
            Some(_) => Err(error("bad-floor")),
            None if negative => Err(error("bad-floor")),
            None => Err(bad_arguments()),
        }
    }
}

impl Machine for Elevator {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        if name == "building" {
            let [floors] = args else { return bad_arguments() };
            return match count(floors) {
                Some(n) if (2..=1000).contains(&n) => {
                    *self = Elevator::new(self.hall_calls);
                    self.floors = u32::try_from(n).unwrap_or(0);
                    self.built = true;
                    "ok".into()
                }
                _ => error("bad-floors"),
            };
        }
        if !["call", "press", "step", "run", "status", "pending"].contains(&name) {
            return unknown_command();
        }
        if !self.built {
            return error("no-building");
        }
        match (name, args) {
            ("call", [floor, dir]) => {
                let kind = match *dir {
                    "up" => Kind::Up,
                    "down" => Kind::Down,
                    _ => return bad_arguments(),
                };
                let floor = match self.floor_arg(floor) {
                    Ok(f) => f,
                    Err(e) => return e,
                };
                if (kind == Kind::Up && floor + 1 == self.floors) || (kind == Kind::Down && floor == 0) {
                    return error("no-such-button");
                }
                self.add(kind, floor);
                "ok".into()
            }
            ("press", [floor]) => match self.floor_arg(floor) {
                Ok(f) => {
                    self.add(Kind::Car, f);
                    "ok".into()
                }
                Err(e) => e,
            },
            ("step", []) => self.step(),
            ("run", [ticks]) => match count(ticks) {
                Some(n) if n <= MAX_RUN => self.run(n),
                _ => bad_arguments(),
            },
            ("status", []) => format!("{} {}", self.floor, self.dir.name()),
            ("pending", []) => self.pending_list(),
            _ => bad_arguments(),
        }
    }
}
