//! Units: their dimensions (bytes, seconds, dollars) and their size in base units.
//!
//! A year is 365 days and a month is a twelfth of a year (30.42 days), so that `12 month` is
//! exactly `1 year`; estimates never need leap years or calendar months.

use std::fmt;

/// Exponents of the base dimensions: bytes, seconds, dollars. Counts (requests, users) are
/// dimensionless.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Dims(pub [i8; 3]);

pub const BYTES: usize = 0;
pub const SECONDS: usize = 1;
pub const DOLLARS: usize = 2;

/// Multiplying quantities adds their exponents.
impl std::ops::Mul for Dims {
    type Output = Dims;
    fn mul(self, other: Dims) -> Dims {
        Dims([self.0[0] + other.0[0], self.0[1] + other.0[1], self.0[2] + other.0[2]])
    }
}

/// Dividing quantities subtracts their exponents.
impl std::ops::Div for Dims {
    type Output = Dims;
    fn div(self, other: Dims) -> Dims {
        Dims([self.0[0] - other.0[0], self.0[1] - other.0[1], self.0[2] - other.0[2]])
    }
}

impl Dims {
    pub const NONE: Dims = Dims([0, 0, 0]);
    pub const BYTES: Dims = Dims([1, 0, 0]);
    pub const TIME: Dims = Dims([0, 1, 0]);
    pub const RATE: Dims = Dims([0, -1, 0]);
    pub const BANDWIDTH: Dims = Dims([1, -1, 0]);
    pub const MONEY: Dims = Dims([0, 0, 1]);

    pub fn pow(self, n: i8) -> Dims {
        Dims([self.0[0] * n, self.0[1] * n, self.0[2] * n])
    }

    pub fn is_none(self) -> bool {
        self == Dims::NONE
    }

    /// How a person names this dimension in an error: "bytes", "seconds", "bytes per second".
    pub fn describe(self) -> String {
        let names = ["bytes", "seconds", "dollars"];
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (i, &e) in self.0.iter().enumerate() {
            let name = names[i];
            let with_power =
                |e: i8| if e.abs() == 1 { name.to_owned() } else { format!("{name}^{}", e.abs()) };
            if e > 0 {
                num.push(with_power(e));
            } else if e < 0 {
                den.push(with_power(e));
            }
        }
        match (num.is_empty(), den.is_empty()) {
            (true, true) => "a plain number".to_owned(),
            (false, true) => num.join(" × "),
            (true, false) => format!("a rate (per {})", den.join(" × ").trim_end_matches('s')),
            (false, false) => format!("{} per {}", num.join(" × "), den.join(" × ").trim_end_matches('s')),
        }
    }
}

/// The base unit symbol of a dimension, as `--json` reports values without `to`.
impl fmt::Display for Dims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let symbols = ["B", "s", "USD"];
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (i, &e) in self.0.iter().enumerate() {
            let s = if e.abs() == 1 { symbols[i].to_owned() } else { format!("{}^{}", symbols[i], e.abs()) };
            if e > 0 {
                num.push(s);
            } else if e < 0 {
                den.push(s);
            }
        }
        let num = num.join("·");
        if den.is_empty() { f.write_str(&num) } else { write!(f, "{num}/{}", den.join("/")) }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    pub name: &'static str,
    /// Size of one of this unit in base units.
    pub factor: f64,
    pub dims: Dims,
}

const KB: f64 = 1e3;
const KIB: f64 = 1024.0;
pub const DAY: f64 = 86_400.0;
pub const YEAR: f64 = 365.0 * DAY;
pub const MONTH: f64 = YEAR / 12.0;
const BIT: f64 = 1.0 / 8.0;

macro_rules! units {
    ($( [$($name:literal),+] => $factor:expr, $dims:expr; )*) => {
        &[ $( $( Unit { name: $name, factor: $factor, dims: $dims }, )+ )* ]
    };
}

/// Every unit the calculator knows, case-sensitive: `Mb` is a megabit, `MB` a megabyte.
pub const UNITS: &[Unit] = units! {
    ["B", "byte", "bytes"] => 1.0, Dims::BYTES;
    ["kB", "KB"] => KB, Dims::BYTES;
    ["MB"] => KB * KB, Dims::BYTES;
    ["GB"] => KB * KB * KB, Dims::BYTES;
    ["TB"] => 1e12, Dims::BYTES;
    ["PB"] => 1e15, Dims::BYTES;
    ["EB"] => 1e18, Dims::BYTES;
    ["KiB"] => KIB, Dims::BYTES;
    ["MiB"] => KIB * KIB, Dims::BYTES;
    ["GiB"] => KIB * KIB * KIB, Dims::BYTES;
    ["TiB"] => KIB * KIB * KIB * KIB, Dims::BYTES;
    ["PiB"] => KIB * KIB * KIB * KIB * KIB, Dims::BYTES;
    ["EiB"] => KIB * KIB * KIB * KIB * KIB * KIB, Dims::BYTES;
    ["b", "bit", "bits"] => BIT, Dims::BYTES;
    ["kb", "Kb", "kbit", "Kbit"] => KB * BIT, Dims::BYTES;
    ["Mb", "Mbit"] => 1e6 * BIT, Dims::BYTES;
    ["Gb", "Gbit"] => 1e9 * BIT, Dims::BYTES;
    ["Tb", "Tbit"] => 1e12 * BIT, Dims::BYTES;
    ["Kib"] => KIB * BIT, Dims::BYTES;
    ["Mib"] => KIB * KIB * BIT, Dims::BYTES;
    ["Gib"] => KIB * KIB * KIB * BIT, Dims::BYTES;
    ["bps"] => BIT, Dims::BANDWIDTH;
    ["kbps", "Kbps"] => KB * BIT, Dims::BANDWIDTH;
    ["Mbps"] => 1e6 * BIT, Dims::BANDWIDTH;
    ["Gbps"] => 1e9 * BIT, Dims::BANDWIDTH;
    ["Tbps"] => 1e12 * BIT, Dims::BANDWIDTH;
    ["ns", "nanosecond", "nanoseconds"] => 1e-9, Dims::TIME;
    ["us", "µs", "μs", "microsecond", "microseconds"] => 1e-6, Dims::TIME;
    ["ms", "millisecond", "milliseconds"] => 1e-3, Dims::TIME;
    ["s", "sec", "secs", "second", "seconds"] => 1.0, Dims::TIME;
    ["min", "mins", "minute", "minutes"] => 60.0, Dims::TIME;
    ["h", "hr", "hrs", "hour", "hours"] => 3600.0, Dims::TIME;
    ["day", "days"] => DAY, Dims::TIME;
    ["week", "weeks", "wk"] => 7.0 * DAY, Dims::TIME;
    ["month", "months", "mo"] => MONTH, Dims::TIME;
    ["year", "years", "yr", "yrs"] => YEAR, Dims::TIME;
    ["rps", "qps", "tps", "ops", "Hz", "hz"] => 1.0, Dims::RATE;
    ["rpm", "qpm"] => 1.0 / 60.0, Dims::RATE;
    ["USD", "usd", "dollar", "dollars"] => 1.0, Dims::MONEY;
    ["cent", "cents"] => 0.01, Dims::MONEY;
    // Counts read better with their noun and change nothing: `100M users * 2 requests/day`.
    ["req", "reqs", "request", "requests", "query", "queries", "user", "users", "msg", "msgs",
     "message", "messages", "item", "items", "event", "events", "op", "write", "writes", "read",
     "reads", "object", "objects", "file", "files", "photo", "photos", "video", "videos", "post",
     "posts", "tweet", "tweets", "click", "clicks", "server", "servers", "node", "nodes",
     "machine", "machines", "connection", "connections", "url", "urls", "URL", "URLs",
     "record", "records", "row", "rows", "key", "keys", "character", "characters", "chars",
     "core", "cores", "instance", "instances", "shard", "shards", "replica", "replicas",
     "follower", "followers", "order", "orders", "ride", "rides", "trip", "trips"] => 1.0, Dims::NONE;
};

pub fn lookup(name: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.name == name)
}

/// Lowercase spellings that people type for byte units: read as bytes, with a warning, since
/// `mb` could also mean megabits.
pub fn lenient(name: &str) -> Option<&'static Unit> {
    let meant = match name {
        "mb" => "MB",
        "gb" => "GB",
        "tb" => "TB",
        "pb" => "PB",
        "mbps" => "Mbps",
        "gbps" => "Gbps",
        "MS" => "ms",
        "Sec" | "S" => "s",
        "Min" => "min",
        "Day" | "Days" => "day",
        "Year" | "Years" => "year",
        _ => return None,
    };
    lookup(meant)
}

/// Whether a word names a unit, so a variable may not take that name.
pub fn is_unit(name: &str) -> bool {
    lookup(name).is_some()
}

/// Units a value may be shown in, per dimension, largest first: the display picks the first
/// one in which the value is at least 1.
pub fn display_ladder(dims: Dims) -> Option<&'static [(&'static str, f64)]> {
    const BYTES: &[(&str, f64)] =
        &[("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("B", 1.0)];
    const TIME: &[(&str, f64)] = &[
        ("years", YEAR),
        ("days", DAY),
        ("h", 3600.0),
        ("min", 60.0),
        ("s", 1.0),
        ("ms", 1e-3),
        ("µs", 1e-6),
        ("ns", 1e-9),
    ];
    const RATE: &[(&str, f64)] =
        &[("/s", 1.0), ("/min", 1.0 / 60.0), ("/h", 1.0 / 3600.0), ("/day", 1.0 / DAY)];
    const BANDWIDTH: &[(&str, f64)] = &[
        ("PB/s", 1e15),
        ("TB/s", 1e12),
        ("GB/s", 1e9),
        ("MB/s", 1e6),
        ("KB/s", 1e3),
        ("B/s", 1.0),
        ("B/day", 1.0 / DAY),
    ];
    const MONEY_RATE: &[(&str, f64)] = &[("USD/month", 1.0 / MONTH), ("USD/year", 1.0 / YEAR)];
    const MONEY: &[(&str, f64)] = &[("USD", 1.0)];
    const MONEY_PER_BYTE: &[(&str, f64)] = &[("USD/GB", 1e-9)];
    const MONEY_PER_BYTE_MONTH: &[(&str, f64)] = &[("USD/GB/month", 1e-9 / MONTH)];
    match dims {
        Dims::MONEY => Some(MONEY),
        Dims([-1, 0, 1]) => Some(MONEY_PER_BYTE),
        Dims([-1, -1, 1]) => Some(MONEY_PER_BYTE_MONTH),
        Dims::BYTES => Some(BYTES),
        Dims::TIME => Some(TIME),
        Dims::RATE => Some(RATE),
        Dims::BANDWIDTH => Some(BANDWIDTH),
        d if d == Dims::MONEY / Dims::TIME => Some(MONEY_RATE),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_are_unique() {
        for (i, a) in UNITS.iter().enumerate() {
            assert!(UNITS[i + 1..].iter().all(|b| b.name != a.name), "{} twice", a.name);
        }
    }

    #[test]
    fn twelve_months_make_a_year() {
        assert!((lookup("month").unwrap().factor * 12.0 - lookup("year").unwrap().factor).abs() < 1e-6);
    }

    #[test]
    fn dims_describe_for_errors() {
        assert_eq!(Dims::BYTES.describe(), "bytes");
        assert_eq!(Dims::BANDWIDTH.describe(), "bytes per second");
        assert_eq!(Dims::RATE.describe(), "a rate (per second)");
        assert_eq!(Dims::NONE.describe(), "a plain number");
        assert_eq!(Dims::BANDWIDTH.to_string(), "B/s");
        assert_eq!(Dims::RATE.to_string(), "/s");
    }
}
