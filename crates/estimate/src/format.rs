//! Showing a quantity as a person reads it: three significant figures and the unit that keeps
//! the number between 1 and 1000 (`183 TB`, `52.6 min`, `2.89K/s`).

use crate::eval::Quantity;
use crate::units::{self, Dims};

/// The quantity in its best unit: `(number text, unit text)`.
pub fn best(q: Quantity) -> (String, String) {
    // Nothing reads best in the base unit: `0 s` and `0/s`, not the ladder's last rung
    // (`0 ns`, `0/day`).
    if q.value == 0.0 {
        return ("0".to_owned(), q.dims.to_string());
    }
    if let Some(ladder) = units::display_ladder(q.dims) {
        let magnitude = q.value.abs();
        let (name, factor) = ladder
            .iter()
            .find(|(_, f)| magnitude >= *f)
            .copied()
            .unwrap_or(*ladder.last().expect("ladders are not empty"));
        // Time reads best with a finer unit than "0.5 years"; the ladder's order handles that.
        let number = number(q.value / factor);
        let name = singular(name, &number);
        return (number, name.to_owned());
    }
    if q.dims == Dims::NONE && q.value > 0.0 && q.value < 1.0 {
        return (percent(q.value), "%".to_owned());
    }
    (number(q.value), q.dims.to_string())
}

/// A fraction as a percentage, with as many figures as it takes not to round 99.99 % to 100.
fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    (3..=7)
        .map(|figures| {
            let digits = p.abs().log10().floor() as i32;
            let decimals = (figures - 1 - digits).max(0) as usize;
            let text = format!("{p:.decimals$}");
            if text.contains('.') {
                text.trim_end_matches('0').trim_end_matches('.').to_owned()
            } else {
                text
            }
        })
        .find(|t| t != "100" || fraction >= 1.0)
        .unwrap_or_else(|| format!("{p}"))
}

/// `2.89K/s`, `183 TB`, `1 year`: a number and its unit, spaced unless the unit starts with `/`.
pub fn join(number: &str, unit: &str) -> String {
    if unit.is_empty() {
        number.to_owned()
    } else if unit.starts_with('/') || unit == "%" {
        format!("{number}{unit}")
    } else {
        format!("{number} {unit}")
    }
}

fn singular<'a>(unit: &'a str, number: &str) -> &'a str {
    if number != "1" {
        return unit;
    }
    match unit {
        "years" => "year",
        "days" => "day",
        _ => unit,
    }
}

/// Three significant figures, trailing zeros dropped, with K, M, B and T for large values and
/// scientific notation beyond.
pub fn number(v: f64) -> String {
    if v == 0.0 {
        return "0".to_owned();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    let (scaled, suffix) = match a {
        a if a >= 1e15 => return format!("{sign}{}", scientific(a)),
        a if a >= 999.5e9 => (a / 1e12, "T"),
        a if a >= 999.5e6 => (a / 1e9, "B"),
        a if a >= 999.5e3 => (a / 1e6, "M"),
        a if a >= 999.5 => (a / 1e3, "K"),
        a if a < 1e-3 => return format!("{sign}{}", scientific(a)),
        a => (a, ""),
    };
    format!("{sign}{}{suffix}", sig3(scaled))
}

fn sig3(x: f64) -> String {
    let digits = x.abs().log10().floor() as i32;
    let decimals = (2 - digits).max(0) as usize;
    // Round half away from zero (182.5 -> 183); formatting alone rounds half to even.
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x * scale).round() / scale;
    let text = format!("{rounded:.decimals$}");
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_owned() } else { text }
}

fn scientific(a: f64) -> String {
    let text = format!("{a:.2e}");
    // 1.50e-4 -> 1.5e-4
    match text.split_once('e') {
        Some((mantissa, exp)) => {
            let m = if mantissa.contains('.') {
                mantissa.trim_end_matches('0').trim_end_matches('.')
            } else {
                mantissa
            };
            format!("{m}e{exp}")
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_three_significant_figures() {
        assert_eq!(number(2893.518), "2.89K");
        assert_eq!(number(182.5), "183");
        assert_eq!(number(52.56), "52.6");
        assert_eq!(number(0.58), "0.58");
        assert_eq!(number(1.0), "1");
        assert_eq!(number(3_521_614_606_208.0), "3.52T");
        assert_eq!(number(999.7), "1M".replace('M', "K"));
        assert_eq!(number(-1500.0), "-1.5K");
        assert_eq!(number(0.000_15), "1.5e-4");
        assert_eq!(number(2e18), "2e18");
    }

    #[test]
    fn best_unit_keeps_the_number_readable() {
        assert_eq!(best(Quantity::new(182.5e12, Dims::BYTES)), ("183".into(), "TB".into()));
        assert_eq!(best(Quantity::new(3153.6, Dims::TIME)), ("52.6".into(), "min".into()));
        assert_eq!(best(Quantity::new(2893.5, Dims::RATE)), ("2.89K".into(), "/s".into()));
        assert_eq!(best(Quantity::new(0.5, Dims::RATE)), ("30".into(), "/min".into()));
        assert_eq!(best(Quantity::new(86_400.0, Dims::TIME)), ("1".into(), "day".into()));
        assert_eq!(best(Quantity::new(0.002, Dims::TIME)), ("2".into(), "ms".into()));
        assert_eq!(best(Quantity::number(0.9999)), ("99.99".into(), "%".into()));
        assert_eq!(best(Quantity::number(0.05)), ("5".into(), "%".into()));
        assert_eq!(
            best(Quantity::new(0.023e-9 / units::MONTH, Dims([-1, -1, 1]))),
            ("0.023".into(), "USD/GB/month".into())
        );
        // Zero in the base unit.
        assert_eq!(Quantity::new(0.0, Dims::TIME).show(), "0 s");
        assert_eq!(Quantity::new(0.0, Dims::RATE).show(), "0/s");
        assert_eq!(Quantity::new(450e-3, Dims::TIME).show(), "450 ms");
    }
}
