//! The estimation engine: a unit-aware calculator language for back-of-envelope maths.
//!
//! ```text
//! 100M/day * 500 B * 5 years to TB     ->  91.3 TB
//! 1 TB / 100 MB/s                      ->  2.78 h
//! (1 - 99.99%) * 1 year to min         ->  52.6 min
//! ```
//!
//! Quantities carry dimensions (bytes, seconds, dollars), so adding bytes to seconds is an
//! error and dividing bytes by a rate is a time. No I/O: expressions and names come in as
//! values; errors come back as [`Problem`]s with a byte span and help.

mod eval;
mod format;
mod lex;
mod parse;
mod problem;
pub mod units;

pub use eval::{Names, NoNames, Quantity};
pub use format::number as format_number;
pub use problem::Problem;
pub use units::Dims;

/// A computed value, and how to show it.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub quantity: Quantity,
    /// The unit written after `to`, if any.
    pub target: Option<(String, f64)>,
    /// Ambiguities the calculator resolved, worth telling the user.
    pub warnings: Vec<Problem>,
}

impl Answer {
    /// The number in the unit after `to`, or in base units without it.
    pub fn value(&self) -> f64 {
        match &self.target {
            Some((_, factor)) => self.quantity.value / factor,
            None => self.quantity.value,
        }
    }

    /// The unit of [`Answer::value`]: as written after `to`, or the base unit (`B`, `s`, `/s`,
    /// `B/s`, `USD`, or empty for a plain number).
    pub fn unit(&self) -> String {
        match &self.target {
            Some((text, _)) => text.clone(),
            None => self.quantity.dims.to_string(),
        }
    }

    /// As a person reads it: three significant figures in the unit asked for, or the best one.
    pub fn display(&self) -> String {
        match &self.target {
            Some((text, _)) => format::join(&format::number(self.value()), text),
            None => self.quantity.show(),
        }
    }
}

/// Evaluates an expression with no names defined.
pub fn calc(src: &str) -> Result<Answer, Problem> {
    evaluate(src, &NoNames)
}

/// Evaluates an expression that may use `names` (a problem's inputs, the numbers to know).
pub fn evaluate(src: &str, names: &dyn Names) -> Result<Answer, Problem> {
    let mut warnings = Vec::new();
    let tokens = lex::lex(src, &mut warnings)?;
    let parsed = parse::parse(src, tokens, &mut warnings)?;
    let quantity = eval::eval(&parsed.node, names)?;
    let target = match parsed.target {
        None => None,
        Some(t) if t.dims == quantity.dims => Some((t.text, t.factor)),
        Some(t) => {
            let (n, u) = format::best(quantity);
            return Err(Problem::new(
                format!("cannot convert {} to {}", quantity.dims.describe(), t.dims.describe()),
                t.start,
                t.end,
            )
            .with_help(format!(
                "the value is {}; convert it to a unit of the same kind",
                format::join(&n, &u)
            )));
        }
    };
    Ok(Answer { quantity, target, warnings })
}

/// The names an expression refers to that are not units, for checking a problem file.
pub fn names_used(src: &str) -> Result<Vec<String>, Problem> {
    let mut warnings = Vec::new();
    let tokens = lex::lex(src, &mut warnings)?;
    let parsed = parse::parse(src, tokens, &mut warnings)?;
    let mut out = Vec::new();
    collect_names(&parsed.node, &mut out);
    out.retain(|n| !units::is_unit(n));
    out.dedup();
    Ok(out)
}

fn collect_names(node: &parse::Node, out: &mut Vec<String>) {
    match &node.expr {
        parse::Expr::Name(n) => {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
        parse::Expr::Neg(inner) => collect_names(inner, out),
        parse::Expr::Binary { lhs, rhs, .. } => {
            collect_names(lhs, out);
            collect_names(rhs, out);
        }
        parse::Expr::Call { args, .. } => args.iter().for_each(|a| collect_names(a, out)),
        parse::Expr::Literal { .. } => {}
    }
}
