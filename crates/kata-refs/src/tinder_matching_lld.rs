//! Tinder matching: swipes are stored once per (swiper, target) and replayed on repeat; likes
//! update one record per pair, keyed by the sorted ids, whose move from open to matched happens
//! once. The feed filters by both people's preferences and a haversine distance in kilometres;
//! it scans every user, cheapest checks first, where a service at scale would first ask a geohash
//! grid for the cells around the viewer.

use std::collections::{HashMap, HashSet};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "tinder-matching-lld",
    new: || Box::new(Service::new(Likes::PairRecord)),
    broken: || Box::new(Service::new(Likes::CheckReverse)),
    bug: "a like records itself and then checks for the reverse like, every time: a repeated like \
          after a match is not replayed and creates a second match",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Likes {
    PairRecord,
    /// The bug of the broken variant.
    CheckReverse,
}

const GENDERS: &[&str] = &["F", "M", "X"];
const FREE_LIKES: u32 = 10;
const EARTH_RADIUS_KM: f64 = 6371.0;

#[derive(Clone, Copy)]
struct GeoPoint {
    lat: f64,
    lng: f64,
}

impl GeoPoint {
    fn parse(lat: &str, lng: &str) -> Option<GeoPoint> {
        let (lat, lng) = (lat.parse::<f64>().ok()?, lng.parse::<f64>().ok()?);
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng)).then_some(GeoPoint { lat, lng })
    }

    /// Haversine distance, rounded to the nearest kilometre.
    fn km(self, other: GeoPoint) -> u64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lng - self.lng).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        let d = 2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin();
        d.round() as u64
    }
}

#[derive(Clone)]
struct Preferences {
    genders: Vec<String>,
    min_age: u64,
    max_age: u64,
    km: u64,
}

impl Preferences {
    fn parse(genders: &str, min: &str, max: &str, km: &str) -> Result<Preferences, String> {
        let (Some(min_age), Some(max_age), Some(km)) = (count(min), count(max), count(km)) else {
            return Err(bad_arguments());
        };
        let genders: Vec<String> = genders.split(',').map(str::to_owned).collect();
        let known = genders.iter().all(|g| GENDERS.contains(&g.as_str()));
        let ages = (18..=max_age).contains(&min_age) && max_age <= 99;
        if known && ages && (2..=160).contains(&km) {
            Ok(Preferences { genders, min_age, max_age, km })
        } else {
            Err(error("bad-preferences"))
        }
    }
}

struct User {
    gender: String,
    age: u64,
    at: GeoPoint,
    prefs: Preferences,
    plus: bool,
    /// (day, likes used that day).
    likes: (u64, u32),
}

impl User {
    fn accepts(&self, other: &User, km: u64) -> bool {
        self.prefs.genders.contains(&other.gender)
            && (self.prefs.min_age..=self.prefs.max_age).contains(&other.age)
            && km <= self.prefs.km
    }
}

#[derive(Default)]
struct Pair {
    low_liked: bool,
    high_liked: bool,
    /// The match, once made; it stays here after an unmatch, so the pair never matches again.
    matched: Option<u64>,
}

struct Match {
    users: [String; 2],
    active: bool,
}

struct Service {
    likes: Likes,
    day: u64,
    users: HashMap<String, User>,
    /// The first reply of each swipe, by (swiper, target).
    swipes: HashMap<(String, String), String>,
    /// Like state per pair, keyed by the two ids in sorted order.
    pairs: HashMap<(String, String), Pair>,
    /// Who super liked each user.
    super_likers: HashMap<String, HashSet<String>>,
    /// Match `M<i+1>` is `matches[i]`.
    matches: Vec<Match>,
}

impl Service {
    fn new(likes: Likes) -> Self {
        Service {
            likes,
            day: 1,
            users: HashMap::new(),
            swipes: HashMap::new(),
            pairs: HashMap::new(),
            super_likers: HashMap::new(),
            matches: Vec::new(),
        }
    }

    fn user(&mut self, args: &[&str]) -> String {
        let [id, gender, age, lat, lng] = args else { return bad_arguments() };
        let age = count(age).filter(|a| (18..=99).contains(a));
        let (Some(age), Some(at), true) = (age, GeoPoint::parse(lat, lng), GENDERS.contains(gender)) else {
            return bad_arguments();
        };
        if self.users.contains_key(*id) {
            return error("duplicate-user");
        }
        let prefs = Preferences {
            genders: GENDERS.iter().map(|g| (*g).to_owned()).collect(),
            min_age: 18,
            max_age: 99,
            km: 160,
        };
        let user = User { gender: (*gender).to_owned(), age, at, prefs, plus: false, likes: (0, 0) };
        self.users.insert((*id).to_owned(), user);
        "ok".into()
    }

    fn feed(&self, id: &str) -> String {
        let Some(viewer) = self.users.get(id) else { return error("not-found") };
        let supers = self.super_likers.get(id);
        let mut candidates: Vec<(bool, u64, &str)> = self
            .users
            .iter()
            .filter(|(other, _)| other.as_str() != id)
            .filter(|(other, _)| !self.swipes.contains_key(&(id.to_owned(), (*other).clone())))
            .filter_map(|(other, user)| {
                let km = viewer.at.km(user.at);
                (viewer.accepts(user, km) && user.accepts(viewer, km)).then_some((
                    supers.is_some_and(|s| s.contains(other)),
                    km,
                    other.as_str(),
                ))
            })
            .collect();
        candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
        if candidates.is_empty() {
            return "empty".into();
        }
        let items: Vec<String> = candidates
            .iter()
            .map(
                |(sup, km, other)| if *sup { format!("{other}:{km}:super") } else { format!("{other}:{km}") },
            )
            .collect();
        items.join(" ")
    }

    fn swipe(&mut self, from: &str, to: &str, action: &str) -> String {
        if !self.users.contains_key(from) || !self.users.contains_key(to) {
            return error("not-found");
        }
        if from == to {
            return error("same-user");
        }
        let key = (from.to_owned(), to.to_owned());
        let repeat = self.swipes.get(&key);
        if let Some(first) = repeat
            && !(self.likes == Likes::CheckReverse && action != "pass")
        {
            return first.clone();
        }
        let day = self.day;
        let Some(swiper) = self.users.get_mut(from) else { return error("not-found") };
        if action == "super" && !swiper.plus {
            return error("plus-only");
        }
        if action != "pass" && !swiper.plus {
            if swiper.likes.0 != day {
                swiper.likes = (day, 0);
            }
            if swiper.likes.1 >= FREE_LIKES {
                return error("out-of-likes");
            }
            swiper.likes.1 += 1;
        }
        let reply = match action {
            "pass" => "passed".to_owned(),
            _ => {
                if action == "super" {
                    self.super_likers.entry(to.to_owned()).or_default().insert(from.to_owned());
                }
                match self.like(from, to) {
                    Some(m) => format!("match M{m}"),
                    None => "liked".to_owned(),
                }
            }
        };
        self.swipes.entry(key).or_insert_with(|| reply.clone());
        reply
    }

    /// Records a like; the match number when this like completes the pair.
    fn like(&mut self, from: &str, to: &str) -> Option<u64> {
        let low_side = from < to;
        let key = if low_side { (from.to_owned(), to.to_owned()) } else { (to.to_owned(), from.to_owned()) };
        let pair = self.pairs.entry(key).or_default();
        if low_side {
            pair.low_liked = true
        } else {
            pair.high_liked = true
        }
        let complete = pair.low_liked && pair.high_liked;
        let make = match self.likes {
            Likes::PairRecord => complete && pair.matched.is_none(),
            Likes::CheckReverse => complete,
        };
        if !make {
            return None;
        }
        self.matches.push(Match { users: [from.to_owned(), to.to_owned()], active: true });
        let id = self.matches.len() as u64;
        pair.matched = Some(id);
        Some(id)
    }

    fn matches(&self, id: &str) -> String {
        if !self.users.contains_key(id) {
            return error("not-found");
        }
        let mine: Vec<String> = self
            .matches
            .iter()
            .enumerate()
            .filter(|(_, m)| m.active && m.users.iter().any(|u| u == id))
            .map(|(i, m)| {
                let other = if m.users[0] == id { &m.users[1] } else { &m.users[0] };
                format!("M{}:{other}", i + 1)
            })
            .collect();
        if mine.is_empty() { "empty".into() } else { mine.join(" ") }
    }

    fn unmatch(&mut self, id: &str, m: &str) -> String {
        let index = m.strip_prefix('M').and_then(count).and_then(|n| usize::try_from(n).ok());
        let found = index.and_then(|n| n.checked_sub(1)).and_then(|i| self.matches.get_mut(i));
        match found {
            Some(m) if m.active && m.users.iter().any(|u| u == id) => {
                m.active = false;
                "ok".into()
            }
            _ => error("not-found"),
        }
    }
}

impl Machine for Service {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("user", _) => self.user(args),
            ("prefs", [id, genders, min, max, km]) => {
                let prefs = match Preferences::parse(genders, min, max, km) {
                    Ok(p) => p,
                    Err(e) => return e,
                };
                match self.users.get_mut(*id) {
                    Some(u) => {
                        u.prefs = prefs;
                        "ok".into()
                    }
                    None => error("not-found"),
                }
            }
            ("move", [id, lat, lng]) => {
                let Some(at) = GeoPoint::parse(lat, lng) else { return bad_arguments() };
                match self.users.get_mut(*id) {
                    Some(u) => {
                        u.at = at;
                        "ok".into()
                    }
                    None => error("not-found"),
                }
            }
            ("plus", [id]) => match self.users.get_mut(*id) {
                Some(u) => {
                    u.plus = true;
                    "ok".into()
                }
                None => error("not-found"),
            },
            ("distance", [a, b]) => match (self.users.get(*a), self.users.get(*b)) {
                (Some(a), Some(b)) => a.at.km(b.at).to_string(),
                _ => error("not-found"),
            },
            ("feed", [id]) => self.feed(id),
            ("swipe", [from, to, action @ ("like" | "pass" | "super")]) => self.swipe(from, to, action),
            ("matches", [id]) => self.matches(id),
            ("unmatch", [id, m]) => self.unmatch(id, m),
            ("day", []) => {
                self.day += 1;
                format!("day {}", self.day)
            }
            (
                "prefs" | "move" | "plus" | "distance" | "feed" | "swipe" | "matches" | "unmatch" | "day",
                _,
            ) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
