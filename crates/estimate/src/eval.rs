//! Evaluating an expression tree over quantities: a value in base units and its dimensions.

use crate::parse::{BinOp, Expr, Node};
use crate::problem::Problem;
use crate::units::{self, Dims};

/// A value in base units (bytes, seconds, dollars) with its dimensions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub dims: Dims,
}

impl Quantity {
    pub fn new(value: f64, dims: Dims) -> Self {
        Self { value, dims }
    }

    pub fn number(value: f64) -> Self {
        Self { value, dims: Dims::NONE }
    }

    /// As a person reads it, in its best unit: `2.89K/s`, `183 TB`, `450 ms`.
    pub fn show(self) -> String {
        let (number, unit) = crate::format::best(self);
        crate::format::join(&number, &unit)
    }
}

/// Named values an expression may use (a problem's scale inputs, the numbers to know).
pub trait Names {
    fn get(&self, name: &str) -> Option<Quantity>;
    /// Every name, for "did you mean".
    fn all(&self) -> Vec<String>;
}

/// No names: the plain calculator.
pub struct NoNames;

impl Names for NoNames {
    fn get(&self, _: &str) -> Option<Quantity> {
        None
    }

    fn all(&self) -> Vec<String> {
        Vec::new()
    }
}

impl Names for std::collections::BTreeMap<String, Quantity> {
    fn get(&self, name: &str) -> Option<Quantity> {
        std::collections::BTreeMap::get(self, name).copied()
    }

    fn all(&self) -> Vec<String> {
        self.keys().cloned().collect()
    }
}

pub fn eval(node: &Node, names: &dyn Names) -> Result<Quantity, Problem> {
    let q = match &node.expr {
        Expr::Literal { value, dims } => Quantity::new(*value, *dims),
        Expr::Name(name) => name_value(name, node, names)?,
        Expr::Neg(inner) => {
            let q = eval(inner, names)?;
            Quantity::new(-q.value, q.dims)
        }
        Expr::Binary { op, lhs, rhs } => binary(*op, lhs, rhs, names)?,
        Expr::Call { function, args } => call(function, args, node, names)?,
    };
    if !q.value.is_finite() {
        return Err(Problem::new(
            "the result is not a finite number (a division by zero or an overflow)",
            node.start,
            node.end,
        ));
    }
    Ok(q)
}

fn name_value(name: &str, node: &Node, names: &dyn Names) -> Result<Quantity, Problem> {
    if let Some(q) = names.get(name) {
        return Ok(q);
    }
    // A unit on its own is one of it: `250M/day` divides by one day.
    if let Some(u) = units::lookup(name) {
        return Ok(Quantity::new(u.factor, u.dims));
    }
    let mut candidates: Vec<String> = names.all();
    candidates.extend(units::UNITS.iter().map(|u| u.name.to_owned()));
    let p = Problem::new(format!("unknown name or unit `{name}`"), node.start, node.end);
    Err(match suggest::closest(name, candidates.iter().map(String::as_str)).first() {
        Some(s) => p.with_help(format!("did you mean `{s}`?")),
        None => p.with_help(
            "units include B, KB, GB, Gbps, ms, s, min, h, day, month, year; see `sdcoach calc --help`",
        ),
    })
}

fn binary(op: BinOp, lhs: &Node, rhs: &Node, names: &dyn Names) -> Result<Quantity, Problem> {
    let a = eval(lhs, names)?;
    let b = eval(rhs, names)?;
    Ok(match op {
        BinOp::Add | BinOp::Sub => {
            if a.dims != b.dims {
                let verb = if op == BinOp::Add { "add" } else { "subtract" };
                let (x, y) = (b, a);
                return Err(Problem::new(
                    format!(
                        "cannot {verb} {} {} {}",
                        x.dims.describe(),
                        if op == BinOp::Add { "to" } else { "from" },
                        y.dims.describe()
                    ),
                    lhs.start,
                    rhs.end,
                )
                .with_help("both sides of + and - must have the same kind of unit"));
            }
            let value = if op == BinOp::Add { a.value + b.value } else { a.value - b.value };
            Quantity::new(value, a.dims)
        }
        BinOp::Mul => Quantity::new(a.value * b.value, a.dims * b.dims),
        BinOp::Div => {
            if b.value == 0.0 {
                return Err(Problem::new("division by zero", rhs.start, rhs.end));
            }
            Quantity::new(a.value / b.value, a.dims / b.dims)
        }
        BinOp::Pow => {
            if !b.dims.is_none() {
                return Err(Problem::new(
                    format!("an exponent must be a plain number, not {}", b.dims.describe()),
                    rhs.start,
                    rhs.end,
                ));
            }
            if a.dims.is_none() {
                Quantity::number(a.value.powf(b.value))
            } else if b.value.fract() == 0.0 && b.value.abs() <= 4.0 {
                Quantity::new(a.value.powi(b.value as i32), a.dims.pow(b.value as i8))
            } else {
                return Err(Problem::new(
                    "a quantity with a unit can only be raised to a whole power from -4 to 4",
                    rhs.start,
                    rhs.end,
                ));
            }
        }
    })
}

fn call(function: &str, args: &[Node], node: &Node, names: &dyn Names) -> Result<Quantity, Problem> {
    let values: Vec<Quantity> = args.iter().map(|a| eval(a, names)).collect::<Result<_, _>>()?;
    let arity = |n: usize| -> Result<(), Problem> {
        if values.len() == n {
            Ok(())
        } else {
            Err(Problem::new(
                format!(
                    "`{function}` takes {n} argument{}, not {}",
                    if n == 1 { "" } else { "s" },
                    values.len()
                ),
                node.start,
                node.end,
            ))
        }
    };
    let plain = |q: Quantity, i: usize| -> Result<f64, Problem> {
        if q.dims.is_none() {
            Ok(q.value)
        } else {
            Err(Problem::new(
                format!("`{function}` needs a plain number, not {}", q.dims.describe()),
                args[i].start,
                args[i].end,
            )
            .with_help("divide by a unit first, e.g. `ceil(x / 1 GB)`"))
        }
    };
    Ok(match function {
        "ceil" | "floor" | "round" | "log2" | "log10" | "ln" => {
            arity(1)?;
            let x = plain(values[0], 0)?;
            Quantity::number(match function {
                "ceil" => x.ceil(),
                "floor" => x.floor(),
                "round" => x.round(),
                "log2" => x.log2(),
                "log10" => x.log10(),
                _ => x.ln(),
            })
        }
        "abs" => {
            arity(1)?;
            Quantity::new(values[0].value.abs(), values[0].dims)
        }
        "sqrt" => {
            arity(1)?;
            let d = values[0].dims;
            if d.0.iter().any(|e| e % 2 != 0) {
                return Err(Problem::new(
                    format!("cannot take the square root of {}", d.describe()),
                    node.start,
                    node.end,
                ));
            }
            Quantity::new(values[0].value.sqrt(), Dims([d.0[0] / 2, d.0[1] / 2, d.0[2] / 2]))
        }
        _ => {
            // min and max: any number of arguments of one kind.
            if values.is_empty() {
                return Err(Problem::new(
                    format!("`{function}` needs at least one argument"),
                    node.start,
                    node.end,
                ));
            }
            if let Some((i, q)) = values.iter().enumerate().find(|(_, q)| q.dims != values[0].dims) {
                return Err(Problem::new(
                    format!("`{function}` compares {} with {}", values[0].dims.describe(), q.dims.describe()),
                    args[i].start,
                    args[i].end,
                ));
            }
            let pick = values.iter().map(|q| q.value).fold(
                if function == "min" { f64::INFINITY } else { f64::NEG_INFINITY },
                |acc, v| {
                    if function == "min" { acc.min(v) } else { acc.max(v) }
                },
            );
            Quantity::new(pick, values[0].dims)
        }
    })
}
