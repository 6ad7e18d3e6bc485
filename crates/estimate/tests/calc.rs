//! The calculator language: the examples users type, the errors they make, and unit algebra.

use std::collections::BTreeMap;

use estimate::{Dims, Quantity, calc, evaluate};
use proptest::prelude::*;

/// Evaluates and compares the display and the JSON value/unit.
#[track_caller]
fn check(src: &str, display: &str) {
    let answer = calc(src).unwrap_or_else(|e| panic!("{src}: {}", e.render(src)));
    assert_eq!(answer.display(), display, "{src}");
}

#[track_caller]
fn check_value(src: &str, value: f64, unit: &str) {
    let answer = calc(src).unwrap_or_else(|e| panic!("{src}: {}", e.render(src)));
    let rel = ((answer.value() - value) / value).abs();
    assert!(rel < 1e-9, "{src}: {} != {value}", answer.value());
    assert_eq!(answer.unit(), unit, "{src}");
}

/// Expects an error starting at `column` whose message contains `message`.
#[track_caller]
fn check_error(src: &str, column: usize, message: &str) -> estimate::Problem {
    let err = match calc(src) {
        Ok(a) => panic!("{src}: expected an error, got {}", a.display()),
        Err(e) => e,
    };
    assert!(err.message.contains(message), "{src}: {:?}", err.message);
    assert_eq!(err.column(src), column, "{src}: {}", err.render(src));
    err
}

#[test]
fn issue_examples() {
    check("100M/day * 500 B * 5 years", "91.3 TB");
    check("100M/day * 500 B * 5 years to TB", "91.3 TB");
    check("1 TB / 100 MB/s", "2.78 h");
    check("(1 - 99.99%) * 1 year", "52.6 min");
    check("250M/day to /s", "2.89K/s");
    check("62^7", "3.52T");
    check("10 Gbps to MB/s", "1.25K MB/s");
}

#[test]
fn json_value_is_in_the_target_unit_or_base_units() {
    check_value("250M/day to /s", 250e6 / 86_400.0, "/s");
    check_value("3 KB", 3000.0, "B");
    check_value("2 TiB to GiB", 2048.0, "GiB");
    check_value("1.5 h", 5400.0, "s");
    check_value("100 MB/s", 1e8, "B/s");
    check_value("250M/day", 250e6 / 86_400.0, "/s");
    check_value("3K", 3000.0, "");
    check_value("5%", 0.05, "");
}

#[test]
fn magnitudes_in_either_case_and_units_after_a_space() {
    check_value("3k", 3000.0, "");
    check_value("3K", 3000.0, "");
    check_value("1.5B", 1.5e9, "");
    check_value("2T", 2e12, "");
    check_value("500 B", 500.0, "B");
    check_value("100ms", 0.1, "s");
}

#[test]
fn attached_b_means_billion_and_warns() {
    let answer = calc("500B").unwrap();
    assert_eq!(answer.value(), 500e9);
    assert_eq!(answer.warnings.len(), 1);
    assert!(answer.warnings[0].message.contains("billion"));
}

#[test]
fn lowercase_byte_units_are_read_with_a_warning() {
    let answer = calc("5 gb").unwrap();
    assert_eq!(answer.value(), 5e9);
    assert!(answer.warnings[0].message.contains("`gb` is read as `GB`"));
}

#[test]
fn time_units_and_the_calendar_convention() {
    check_value("1 year to days", 365.0, "days");
    check_value("12 months to year", 1.0, "year");
    check_value("1 month to days", 365.0 / 12.0, "days");
    check_value("1 week to h", 168.0, "h");
    check("2 hours + 30 min", "2.5 h");
}

#[test]
fn unit_algebra_divides_and_multiplies_dimensions() {
    check("1 TB / 100 MB/s to s", "10K s");
    check("10K rps * 2 KB", "20 MB/s");
    check("20 MB/s * 1 day", "1.73 TB");
    check("1 GB / 1 KB", "1M");
    check("$0.023/GB/month * 50 TB", "1.15K USD/month");
    check("100M users * 2 requests/day", "2.31K/s");
    check("-(3 s)", "-3 s");
    check("sqrt(16 s^2)", "4 s");
}

#[test]
fn functions_work_on_plain_numbers() {
    check("ceil(2.1)", "3");
    check("log2(1M)", "19.9");
    check("max(3 ms, 2 ms, 7 ms)", "7 ms");
    check("ceil(40K rps / (5K rps))", "8");
}

#[test]
fn precedence_power_is_right_associative_and_tighter_than_minus() {
    check("2^3^2", "512");
    check("-2^2", "-4");
    check("2 + 3 * 4", "14");
    check("(2 + 3) * 4", "20");
}

#[test]
fn names_are_looked_up_before_units() {
    let mut names = BTreeMap::new();
    names.insert("dau".to_string(), Quantity::number(100e6));
    names.insert("avg_size".to_string(), Quantity::new(500.0, Dims::BYTES));
    let answer = evaluate("dau * 10/day * avg_size to GB/day", &names).unwrap();
    assert_eq!(answer.display(), "500 GB/day");
    assert_eq!(estimate::names_used("dau * 10/day * avg_size").unwrap(), ["dau", "avg_size"]);
}

#[test]
fn error_unknown_unit_suggests_the_closest() {
    let err = check_error("5 Gbsp", 3, "unknown unit `Gbsp`");
    assert!(err.help.unwrap().starts_with("did you mean `Gbps`?"));
    let err = check_error("3 dayz", 3, "unknown unit `dayz`");
    assert!(err.help.unwrap().starts_with("did you mean `day"));
}

#[test]
fn error_adding_bytes_to_seconds() {
    check_error("5 GB + 3 s", 1, "cannot add seconds to bytes");
    check_error("5 GB - 3 s", 1, "cannot subtract seconds from bytes");
}

#[test]
fn error_converting_bytes_to_seconds() {
    let err = check_error("5 GB to s", 9, "cannot convert bytes to seconds");
    assert!(err.help.unwrap().contains("5 GB"));
}

#[test]
fn error_unclosed_parenthesis_points_at_it() {
    let err = check_error("2 * (3 + 4", 5, "never closed");
    assert!(err.help.unwrap().contains(")"));
    check_error("2 + 3)", 6, "expected an operator or the end");
}

#[test]
fn error_two_operators_in_a_row() {
    let err = check_error("2 * / 3", 5, "expected a number, a name or `(`, found `/`");
    assert!(err.help.unwrap().contains("two operators"));
    check_error("2 +", 3, "ends after an operator");
}

#[test]
fn error_ambiguous_suffix() {
    let err = check_error("5m", 2, "unknown suffix `m`");
    assert!(err.help.unwrap().contains("`5M`"));
}

#[test]
fn error_names_and_values_without_operators() {
    let err = check_error("3 dau", 3, "unknown unit `dau`");
    assert!(err.help.unwrap().contains("* dau"));
    check_error("2 3", 3, "two values in a row");
    check_error("", 1, "empty");
    check_error("5 GB to", 6, "`to` needs a unit");
    check_error("1 / 0", 5, "division by zero");
    check_error("foo(3)", 1, "unknown function `foo`");
    check_error("ceil(3 s)", 6, "needs a plain number");
    check_error("2 ^ 3 s", 5, "exponent must be a plain number");
}

#[test]
fn rendered_error_has_column_caret_and_help() {
    let src = "5 Gbsp";
    let text = calc(src).unwrap_err().render(src);
    assert_eq!(
        text,
        "unknown unit `Gbsp` (column 3)\n  5 Gbsp\n    ^^^^\n  help: did you mean `Gbps`? (if `Gbsp` is a name, multiply by it: `* Gbsp`)"
    );
}

const BYTE_UNITS: &[&str] = &["B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "b", "Mb", "Gb"];
const TIME_UNITS: &[&str] = &["ns", "us", "ms", "s", "min", "h", "day", "week", "month", "year"];
const RATE_UNITS: &[&str] = &["B/s", "MB/s", "GB/day", "Gbps", "Mbps", "TB/month"];

fn unit_pair(units: &'static [&'static str]) -> impl Strategy<Value = (&'static str, &'static str)> {
    (proptest::sample::select(units), proptest::sample::select(units))
}

proptest! {
    /// Converting to another unit and back gives the value it started with.
    #[test]
    fn conversion_there_and_back_is_identity(
        value in 1e-3f64..1e9,
        (from, to) in prop_oneof![unit_pair(BYTE_UNITS), unit_pair(TIME_UNITS), unit_pair(RATE_UNITS)],
    ) {
        let there = calc(&format!("{value} {from} to {to}")).unwrap();
        let back = calc(&format!("{} {to} to {from}", there.value())).unwrap();
        prop_assert!(((back.value() - value) / value).abs() < 1e-9, "{value} {from} -> {} {to} -> {}", there.value(), back.value());
    }

    /// Multiplying then dividing by the same quantity changes nothing, whatever its unit.
    #[test]
    fn multiply_then_divide_is_identity(a in 1e-3f64..1e6, b in 1e-3f64..1e6, unit in proptest::sample::select(BYTE_UNITS)) {
        let direct = calc(&format!("{a} s")).unwrap();
        let round_trip = calc(&format!("{a} s * {b} {unit} / ({b} {unit})")).unwrap();
        prop_assert!(((round_trip.value() - direct.value()) / direct.value()).abs() < 1e-12);
        prop_assert_eq!(round_trip.quantity.dims, Dims::TIME);
    }

    /// Any input, however broken, gives an answer or an error with a column inside it: never a panic.
    #[test]
    fn arbitrary_input_never_panics(src in "[0-9a-zA-Z .%$^*/+()-]{0,24}") {
        match calc(&src) {
            Ok(_) => {}
            Err(e) => prop_assert!(e.column(&src) <= src.chars().count() + 1),
        }
    }
}
