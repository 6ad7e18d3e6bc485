//! Building drills: a problem's inputs scaled to new nice numbers, its estimates recomputed by
//! the engine, and the steps that lead to each answer.

use std::collections::BTreeMap;

use content::problem::{Number, Problem};
use estimate::Quantity;

use crate::rng::Rng;

/// An estimation drill on one problem.
#[derive(Clone, Debug)]
pub struct EstimateDrill {
    pub problem: String,
    pub title: String,
    pub seed: u64,
    /// The scenario: each input's label and its (randomised) expression.
    pub inputs: Vec<(String, String)>,
    pub questions: Vec<Question>,
}

/// One thing to estimate (or recall), with the answer and how it is derived.
#[derive(Clone, Debug)]
pub struct Question {
    pub name: String,
    pub prompt: String,
    pub expected: Quantity,
    /// The unit the answer is asked in, and its size in base units.
    pub unit: String,
    pub unit_factor: f64,
    /// The answer as a person reads it.
    pub display: String,
    pub steps: Vec<Step>,
    /// Where a number to know comes from, and where guides disagree.
    pub source: Option<String>,
}

/// One line of worked arithmetic: `label = formula = result`.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub label: String,
    pub formula: String,
    pub result: String,
}

/// Questions asked per drill at most.
const QUESTIONS: usize = 4;
/// Scale factors for inputs: never 1, so every drill differs from the problem's own numbers.
const FACTORS: &[f64] = &[0.2, 0.25, 0.4, 0.5, 2.0, 2.5, 3.0, 4.0, 5.0];

/// A drill on `problem` (which must have estimates), with inputs scaled by `seed`.
pub fn estimate_drill(problem: &Problem, numbers: &[Number], seed: u64) -> Option<EstimateDrill> {
    if problem.estimates.is_empty() {
        return None;
    }
    let mut rng = Rng::new(seed ^ fnv(problem.id.as_str()));
    let mut names: BTreeMap<String, Quantity> = numbers.iter().map(|n| (n.id.clone(), n.value)).collect();
    let mut shown: BTreeMap<String, String> = BTreeMap::new();
    let mut inputs = Vec::new();
    for input in &problem.inputs {
        let expr = rescale(&input.expr, &mut rng);
        let value = estimate::evaluate(&expr, &names).map(|a| a.quantity).unwrap_or(input.value);
        names.insert(input.name.clone(), value);
        shown.insert(input.name.clone(), expr.clone());
        inputs.push((input.label.clone(), expr));
    }
    let mut answers: BTreeMap<String, (estimate::Answer, String, String)> = BTreeMap::new();
    for e in &problem.estimates {
        let Ok(answer) = estimate::evaluate(&e.expr, &names) else { continue };
        names.insert(e.name.clone(), answer.quantity);
        shown.insert(e.name.clone(), answer.display());
        answers.insert(e.name.clone(), (answer, e.label.clone(), e.expr.clone()));
    }
    // Ask the estimates that depend on the inputs, in the problem's order, a few at most.
    let input_names: Vec<&str> = problem.inputs.iter().map(|i| i.name.as_str()).collect();
    let depends_on_inputs = |expr: &str| -> bool {
        estimate::names_used(expr).is_ok_and(|used| {
            used.iter().any(|n| input_names.contains(&n.as_str()) || answers.contains_key(n))
        })
    };
    let candidates: Vec<&content::problem::Estimate> = problem
        .estimates
        .iter()
        .filter(|e| answers.contains_key(&e.name) && depends_on_inputs(&e.expr))
        .collect();
    let mut picked: Vec<usize> = rng.sample(candidates.len(), QUESTIONS.min(candidates.len()));
    picked.sort_unstable();
    let questions = picked
        .into_iter()
        .map(|i| {
            let e = candidates[i];
            let (answer, label, _) = &answers[&e.name];
            // The problem's own `to` unit may not suit rescaled numbers (2,740 TB is 2.74 PB).
            let best = estimate::Answer { quantity: answer.quantity, target: None, warnings: Vec::new() };
            let (unit, unit_factor) = unit_of(&best);
            Question {
                name: e.name.clone(),
                prompt: label.clone(),
                expected: answer.quantity,
                display: best.display(),
                unit,
                unit_factor,
                steps: steps_for(&e.name, problem, &answers, &shown),
                source: None,
            }
        })
        .collect();
    Some(EstimateDrill {
        problem: problem.id.to_string(),
        title: problem.title.clone(),
        seed,
        inputs,
        questions,
    })
}

/// A quiz on the numbers to know.
#[derive(Clone, Debug)]
pub struct NumbersQuiz {
    pub seed: u64,
    pub questions: Vec<Question>,
}

pub fn numbers_quiz(numbers: &[Number], count: usize, seed: u64) -> NumbersQuiz {
    let mut rng = Rng::new(seed);
    let questions = rng
        .sample(numbers.len(), count.min(numbers.len()))
        .into_iter()
        .map(|i| {
            let n = &numbers[i];
            let answer = estimate::Answer { quantity: n.value, target: None, warnings: Vec::new() };
            let (unit, unit_factor) = unit_of(&answer);
            let source = match &n.note {
                Some(note) => format!("{} — {note}", n.source),
                None => n.source.clone(),
            };
            Question {
                name: n.id.clone(),
                prompt: n.name.clone(),
                expected: n.value,
                display: if answer.display().replace(' ', "") == n.expr.replace(' ', "").replace("us", "µs")
                {
                    answer.display()
                } else {
                    format!("{} ({})", answer.display(), n.expr)
                },
                unit,
                unit_factor,
                steps: Vec::new(),
                source: Some(source),
            }
        })
        .collect();
    NumbersQuiz { seed, questions }
}

/// The unit an answer is shown in, and its size in base units.
fn unit_of(answer: &estimate::Answer) -> (String, f64) {
    let display = answer.display();
    // The display is "<number><unit>" or "<number> <unit>"; the unit is what follows the number.
    let unit = match display.split_once(' ') {
        Some((_, unit)) => unit.to_owned(),
        None => display
            .trim_start_matches(|c: char| {
                c.is_ascii_digit() || matches!(c, '.' | '-' | 'K' | 'M' | 'B' | 'T' | 'e')
            })
            .to_owned(),
    };
    if unit.is_empty() {
        return (String::new(), 1.0);
    }
    let one = if unit.starts_with('/') { format!("1{unit}") } else { format!("1 {unit}") };
    let factor = estimate::calc(&one).map(|a| a.quantity.value).unwrap_or(1.0);
    (unit, factor)
}

/// The worked arithmetic for an estimate: first the estimates it uses, then itself.
fn steps_for(
    name: &str,
    problem: &Problem,
    answers: &BTreeMap<String, (estimate::Answer, String, String)>,
    shown: &BTreeMap<String, String>,
) -> Vec<Step> {
    let mut order = Vec::new();
    collect(name, answers, &mut order);
    order
        .into_iter()
        .filter_map(|n| {
            let (answer, label, expr) = answers.get(&n)?;
            let used = estimate::names_used(expr).unwrap_or_default();
            let mut formula = expr.clone();
            for u in &used {
                if let Some(value) = shown.get(u) {
                    formula = replace_word(&formula, u, &format!("({value})"));
                }
            }
            let _ = problem;
            Some(Step {
                label: label.clone(),
                formula: format!("{expr}  =  {formula}"),
                result: answer.display(),
            })
        })
        .collect()
}

fn collect(
    name: &str,
    answers: &BTreeMap<String, (estimate::Answer, String, String)>,
    order: &mut Vec<String>,
) {
    if order.iter().any(|n| n == name) {
        return;
    }
    if let Some((_, _, expr)) = answers.get(name) {
        for used in estimate::names_used(expr).unwrap_or_default() {
            if answers.contains_key(&used) {
                collect(&used, answers, order);
            }
        }
        order.push(name.to_owned());
    }
}

/// Replaces whole-word occurrences of `word` (names are `[a-z0-9_]`).
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(word) {
        let before_ok = rest[..pos].chars().last().is_none_or(|c| !is_name(c));
        let after_ok = rest[pos + word.len()..].chars().next().is_none_or(|c| !is_name(c));
        out.push_str(&rest[..pos]);
        out.push_str(if before_ok && after_ok { with } else { word });
        rest = &rest[pos + word.len()..];
    }
    out.push_str(rest);
    out
}

/// Scales the number that opens an expression (`100M/day` -> `250M/day`) to a nice value;
/// expressions that do not open with a number stay as they are. Percentages stay under 100 %.
fn rescale(expr: &str, rng: &mut Rng) -> String {
    let trimmed = expr.trim();
    let digits_end =
        trimmed.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_')).unwrap_or(trimmed.len());
    if digits_end == 0 {
        return expr.to_owned();
    }
    let (mut end, mut magnitude) = (digits_end, 1.0);
    if let Some(m) = trimmed[digits_end..].chars().next() {
        let after = trimmed[digits_end + m.len_utf8()..].chars().next();
        let attached_magnitude = after.is_none_or(|c| !c.is_alphanumeric());
        if attached_magnitude
            && let Some(f) = match m {
                'K' | 'k' => Some(1e3),
                'M' => Some(1e6),
                'B' => Some(1e9),
                'T' => Some(1e12),
                _ => None,
            }
        {
            magnitude = f;
            end = digits_end + 1;
        }
    }
    let Ok(value) = trimmed[..digits_end].replace('_', "").parse::<f64>() else { return expr.to_owned() };
    let rest = &trimmed[end..];
    let mut scaled = value * magnitude * FACTORS[rng.below(FACTORS.len())];
    if rest.trim_start().starts_with('%') {
        scaled = scaled.min(95.0);
    }
    let rescaled = format!("{}{rest}", estimate::format_number(nice(scaled)));
    // `1.5K B` reads better as `1.5 KB`: a plain unit after a space is shown in its best unit.
    if rest.starts_with(' ')
        && !rest.contains(['/', '*', '('])
        && let Ok(answer) = estimate::calc(&rescaled)
        && !answer.quantity.dims.is_none()
    {
        return answer.quantity.show();
    }
    rescaled
}

/// Two significant figures.
fn nice(v: f64) -> f64 {
    if v <= 0.0 {
        return v;
    }
    let digits = v.log10().floor() as i32 - 1;
    let scale = 10f64.powi(digits);
    (v / scale).round() * scale
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescale_changes_the_leading_number_and_keeps_the_unit() {
        let mut rng = Rng::new(3);
        for _ in 0..20 {
            let e = rescale("100M/day", &mut rng);
            assert!(e.ends_with("/day"), "{e}");
            let v = estimate::calc(&e).unwrap().quantity.value * 86_400.0;
            assert!(v != 100e6 && (20e6..=500e6).contains(&v), "{e}");
        }
        assert_eq!(rescale("sqrt(4)", &mut rng), "sqrt(4)");
        let pct = rescale("80%", &mut rng);
        assert!(estimate::calc(&pct).unwrap().quantity.value <= 0.951, "{pct}");
        for _ in 0..10 {
            let bytes = rescale("500 B", &mut rng);
            let v = estimate::calc(&bytes).unwrap().quantity.value;
            assert!((100.0..=2500.0).contains(&v) && v != 500.0, "{bytes}");
            assert!(bytes.ends_with(" B") || bytes.ends_with(" KB"), "{bytes}");
        }
    }

    #[test]
    fn replace_word_respects_word_boundaries() {
        assert_eq!(replace_word("qps * peak_qps + qps2", "qps", "(1K/s)"), "(1K/s) * peak_qps + qps2");
    }

    #[test]
    fn nice_keeps_two_significant_figures() {
        assert_eq!(nice(123_456.0), 120_000.0);
        assert_eq!(nice(2.5), 2.5);
    }
}
