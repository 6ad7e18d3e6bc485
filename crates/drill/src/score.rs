//! Scoring an answer by orders of magnitude: full marks within 2×, partial credit falling to
//! nothing at 10×, because in an interview the order of magnitude is what decides a design.

use estimate::{Dims, Quantity};

/// How an answer fared.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// The answer in the question's unit, when it parsed.
    pub value: Option<f64>,
    /// How far off: the larger of answer/expected and expected/answer.
    pub ratio: Option<f64>,
    /// From 0 to 1.
    pub points: f64,
    /// One line for the learner.
    pub verdict: String,
}

/// Scores `answer` (calculator syntax: `2.3K/s`, `90 TB`, or a plain number meaning `unit`)
/// against `expected`; the question's unit has size `unit_factor` in base units.
pub fn score(answer: &str, expected: Quantity, unit_factor: f64) -> Score {
    let miss = |verdict: String| Score { value: None, ratio: None, points: 0.0, verdict };
    if answer.trim().is_empty() {
        return miss("no answer".to_owned());
    }
    let parsed = match estimate::calc(answer) {
        Ok(a) => a.quantity,
        Err(p) => {
            return miss(format!("could not read the answer: {} (column {})", p.message, p.column(answer)));
        }
    };
    // A plain number is read in the unit the question asked for.
    let given = if parsed.dims == Dims::NONE && expected.dims != Dims::NONE {
        Quantity::new(parsed.value * unit_factor, expected.dims)
    } else {
        parsed
    };
    if given.dims != expected.dims {
        return miss(format!(
            "the answer is {}, but the question asks for {}",
            given.dims.describe(),
            expected.dims.describe()
        ));
    }
    let value = given.value / unit_factor;
    if given.value <= 0.0 || expected.value <= 0.0 {
        let exact = given.value == expected.value;
        return Score {
            value: Some(value),
            ratio: None,
            points: if exact { 1.0 } else { 0.0 },
            verdict: if exact { "exact".into() } else { "off: the sign or zero is wrong".into() },
        };
    }
    let ratio = (given.value / expected.value).max(expected.value / given.value);
    let points = if ratio <= 2.0 {
        1.0
    } else if ratio >= 10.0 {
        0.0
    } else {
        // Linear in log space from full marks at 2× to nothing at 10×.
        1.0 - (ratio / 2.0).ln() / 5.0f64.ln()
    };
    let direction = if given.value > expected.value { "high" } else { "low" };
    let verdict = match ratio {
        r if r <= 1.1 => "spot on".to_owned(),
        r if r <= 2.0 => format!("within 2× ({r:.1}× {direction}): full marks"),
        r if r < 10.0 => format!("{r:.1}× too {direction}: partial credit"),
        r => format!("{} too {direction}: more than an order of magnitude off", times(r)),
    };
    Score { value: Some(value), ratio: Some(ratio), points: (points * 100.0).round() / 100.0, verdict }
}

fn times(r: f64) -> String {
    if r >= 1000.0 { format!("{}×", estimate::format_number(r)) } else { format!("{r:.0}×") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(v: f64) -> Quantity {
        Quantity::new(v, Dims::RATE)
    }

    #[test]
    fn within_two_times_is_full_marks() {
        assert_eq!(score("2.3K/s", rate(2314.0), 1.0).points, 1.0);
        assert_eq!(score("4000", rate(2314.0), 1.0).points, 1.0);
        assert_eq!(score("1200 /s", rate(2314.0), 1.0).points, 1.0);
    }

    #[test]
    fn partial_credit_falls_to_zero_at_ten_times() {
        let s = score("10K/s", rate(2000.0), 1.0);
        assert!((s.points - 0.43).abs() < 0.01, "{s:?}");
        assert_eq!(score("20K/s", rate(2000.0), 1.0).points, 0.0);
        assert!(score("20K/s", rate(2000.0), 1.0).verdict.contains("order of magnitude"));
    }

    #[test]
    fn plain_numbers_use_the_asked_unit_and_wrong_units_score_zero() {
        let tb = 1e12;
        assert_eq!(score("90", Quantity::new(91.3e12, Dims::BYTES), tb).points, 1.0);
        let s = score("90 s", Quantity::new(91.3e12, Dims::BYTES), tb);
        assert_eq!(s.points, 0.0);
        assert!(s.verdict.contains("asks for bytes"), "{s:?}");
        let s = score("9O TB", Quantity::new(91.3e12, Dims::BYTES), tb);
        assert!(s.verdict.starts_with("could not read"), "{s:?}");
    }
}
