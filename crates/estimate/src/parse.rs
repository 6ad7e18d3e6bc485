//! A Pratt parser from tokens to an expression tree, with byte spans for error messages.
//!
//! Precedence, loosest first: `to`; `+ -`; `* /`; unary minus; `^` (right-associative); `%`;
//! then a number with the unit written after it, which binds tightest: `1 TB / 100 MB/s` divides
//! a terabyte by a rate.

use crate::lex::{Tok, Token};
use crate::problem::Problem;
use crate::units;

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A number and the unit written with it (`100 MB/s`), already in base units.
    Literal {
        value: f64,
        dims: units::Dims,
    },
    /// A variable, or a unit used on its own (`day` in `250M/day`).
    Name(String),
    Neg(Box<Node>),
    Binary {
        op: BinOp,
        lhs: Box<Node>,
        rhs: Box<Node>,
    },
    Call {
        function: String,
        args: Vec<Node>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub expr: Expr,
    pub start: usize,
    pub end: usize,
}

/// The unit after `to`, as written and as a factor and dimensions.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub text: String,
    pub factor: f64,
    pub dims: units::Dims,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub node: Node,
    pub target: Option<Target>,
}

pub const FUNCTIONS: &[&str] =
    &["ceil", "floor", "round", "sqrt", "log2", "log10", "ln", "min", "max", "abs"];

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    warnings: &'a mut Vec<Problem>,
}

pub fn parse(src: &str, tokens: Vec<Token>, warnings: &mut Vec<Problem>) -> Result<Parsed, Problem> {
    let mut p = Parser { src, tokens, pos: 0, warnings };
    if p.tokens.is_empty() {
        return Err(Problem::new("the expression is empty", 0, src.len()).with_help("try `250M/day to /s`"));
    }
    let node = p.expr(0)?;
    let target = if p.peek_word("to") {
        let to = p.next().unwrap();
        if p.at_end() {
            return Err(Problem::new("`to` needs a unit after it", to.start, to.end)
                .with_help("for example `to /s`, `to TB` or `to min`"));
        }
        Some(p.target()?)
    } else {
        None
    };
    if let Some(t) = p.tokens.get(p.pos).cloned() {
        return Err(p.unexpected(&t, "an operator or the end of the expression"));
    }
    Ok(Parsed { node, target })
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn peek_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w == word)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn end_offset(&self) -> usize {
        self.src.len()
    }

    fn expr(&mut self, min_bp: u8) -> Result<Node, Problem> {
        let mut lhs = self.prefix()?;
        loop {
            let (op, bp, right_bp) = match self.peek() {
                Some(Tok::Plus) => (BinOp::Add, 1, 2),
                Some(Tok::Minus) => (BinOp::Sub, 1, 2),
                Some(Tok::Star) => (BinOp::Mul, 3, 4),
                Some(Tok::Slash) => (BinOp::Div, 3, 4),
                // Right-associative: 2^3^2 is 2^9.
                Some(Tok::Caret) => (BinOp::Pow, 7, 6),
                Some(Tok::Percent) => {
                    // Postfix percent on any operand: `(1 - x)%` is rarely wanted but harmless.
                    let t = self.next().unwrap();
                    let (start, end) = (lhs.start, t.end);
                    lhs = Node {
                        expr: Expr::Binary {
                            op: BinOp::Mul,
                            lhs: Box::new(lhs),
                            rhs: Box::new(Node {
                                expr: Expr::Literal { value: 0.01, dims: units::Dims::NONE },
                                start: t.start,
                                end: t.end,
                            }),
                        },
                        start,
                        end,
                    };
                    continue;
                }
                Some(Tok::Num(_)) | Some(Tok::LParen) => {
                    let t = self.tokens[self.pos].clone();
                    return Err(Problem::new(
                        "two values in a row with no operator between them",
                        t.start,
                        t.end,
                    )
                    .with_help("put `*` between them to multiply"));
                }
                Some(Tok::Word(w)) if w != "to" => {
                    let t = self.tokens[self.pos].clone();
                    return Err(self.unknown_after_value(&t, w.clone()));
                }
                _ => break,
            };
            if bp < min_bp {
                break;
            }
            let op_token = self.next().unwrap();
            if self.at_end() {
                return Err(Problem::new(
                    "the expression ends after an operator",
                    op_token.start,
                    op_token.end,
                )
                .with_help("finish the expression or remove the operator"));
            }
            let rhs = self.expr(right_bp)?;
            let (start, end) = (lhs.start, rhs.end);
            lhs = Node { expr: Expr::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }, start, end };
        }
        Ok(lhs)
    }

    fn prefix(&mut self) -> Result<Node, Problem> {
        let Some(t) = self.next() else {
            let end = self.end_offset();
            return Err(Problem::new("the expression ends where a value was expected", end, end)
                .with_help("finish the expression"));
        };
        match t.tok.clone() {
            Tok::Num(value) => self.number(value, t.start, t.end),
            Tok::Minus => {
                // Binds looser than `^`: -2^2 is -4.
                let operand = self.expr(5)?;
                let end = operand.end;
                Ok(Node { expr: Expr::Neg(Box::new(operand)), start: t.start, end })
            }
            Tok::Plus => self.expr(5),
            Tok::Dollar => {
                let operand = self.expr(7)?;
                let end = operand.end;
                let dollars = Node {
                    expr: Expr::Literal { value: 1.0, dims: units::Dims::MONEY },
                    start: t.start,
                    end: t.end,
                };
                Ok(Node {
                    expr: Expr::Binary { op: BinOp::Mul, lhs: Box::new(operand), rhs: Box::new(dollars) },
                    start: t.start,
                    end,
                })
            }
            Tok::LParen => {
                if matches!(self.peek(), Some(Tok::RParen)) {
                    return Err(Problem::new("empty parentheses", t.start, self.tokens[self.pos].end));
                }
                let inner = self.expr(0)?;
                match self.next() {
                    Some(Token { tok: Tok::RParen, end, .. }) => {
                        Ok(Node { expr: inner.expr, start: t.start, end })
                    }
                    Some(other) => Err(self.unexpected(&other, "`)`")),
                    None => Err(Problem::new("this parenthesis is never closed", t.start, t.end)
                        .with_help("add `)` where the group ends")),
                }
            }
            Tok::Word(name) if name == "to" => {
                Err(Problem::new("`to` needs a value before it", t.start, t.end)
                    .with_help("write the value first: `250M/day to /s`"))
            }
            Tok::Word(name) => {
                if matches!(self.peek(), Some(Tok::LParen)) {
                    return self.call(name, t.start, t.end);
                }
                Ok(Node { expr: Expr::Name(name), start: t.start, end: t.end })
            }
            Tok::Slash if !matches!(self.peek(), Some(Tok::Word(w)) if self.is_unit_word(w)) => {
                Err(self.unexpected(&t, "a number, a name or `(`"))
            }
            Tok::Slash => {
                // `/s` alone means "per second": a rate of one.
                let (value, dims, end) = self.unit_tail(1.0, units::Dims::NONE, t.start, true)?;
                Ok(Node { expr: Expr::Literal { value, dims }, start: t.start, end })
            }
            Tok::RParen => Err(Problem::new("`)` without a matching `(`", t.start, t.end)),
            Tok::Star | Tok::Caret | Tok::Percent | Tok::Comma | Tok::AttachedWord(_) => {
                Err(self.unexpected(&t, "a number, a name or `(`"))
            }
        }
    }

    /// A number and the unit that follows it: `100 MB/s`, `5 years`, `250M/day`.
    fn number(&mut self, value: f64, start: usize, end: usize) -> Result<Node, Problem> {
        let (value, dims, end) = self.unit_tail(value, units::Dims::NONE, end, false)?;
        Ok(Node { expr: Expr::Literal { value, dims }, start, end })
    }

    /// Reads the unit after a number (or after a leading `/`): `MB`, `/s`, `GB/day`, `s^2`.
    fn unit_tail(
        &mut self,
        mut value: f64,
        mut dims: units::Dims,
        mut end: usize,
        leading_slash: bool,
    ) -> Result<(f64, units::Dims, usize), Problem> {
        let mut dividing = leading_slash;
        if !leading_slash && let Some((factor, udims, uend)) = self.atom(true) {
            value *= factor;
            dims = dims * udims;
            end = uend;
        }
        loop {
            if dividing {
                let Some((factor, udims, uend)) = self.atom(false) else {
                    return Err(match self.tokens.get(self.pos).cloned() {
                        Some(t) => self.unexpected(&t, "a unit after `/`"),
                        None => Problem::new("the expression ends after `/`", end, end)
                            .with_help("write a unit, e.g. `/s`"),
                    });
                };
                value /= factor;
                dims = dims / udims;
                end = uend;
            }
            // A `/` continues the unit only when a unit follows it: `MB/s`, not `MB / 2`.
            let slash_then_unit = matches!(self.peek(), Some(Tok::Slash))
                && matches!(self.tokens.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Word(w)) if self.is_unit_word(w));
            if !slash_then_unit {
                return Ok((value, dims, end));
            }
            self.pos += 1;
            dividing = true;
        }
    }

    /// One unit word, with an optional small integer power (`s^2`): its factor, dimensions and
    /// end offset. `attached` also accepts a word written against the number (`100ms`).
    fn atom(&mut self, attached: bool) -> Option<(f64, units::Dims, usize)> {
        let w = match self.peek() {
            Some(Tok::Word(w)) if w != "to" => w.clone(),
            Some(Tok::AttachedWord(w)) if attached => w.clone(),
            _ => return None,
        };
        let (unit, mut end) = self.unit_named(w)?;
        self.pos += 1;
        let mut power = 1i8;
        if matches!(self.peek(), Some(Tok::Caret))
            && let Some(Token { tok: Tok::Num(n), end: nend, .. }) = self.tokens.get(self.pos + 1).cloned()
            && n.fract() == 0.0
            && (1.0..=4.0).contains(&n)
        {
            power = n as i8;
            self.pos += 2;
            end = nend;
        }
        Some((unit.factor.powi(i32::from(power)), unit.dims.pow(power), end))
    }

    fn is_unit_word(&self, w: &str) -> bool {
        units::lookup(w).is_some() || units::lenient(w).is_some()
    }

    /// The unit a word names, warning when a lenient spelling was read.
    fn unit_named(&mut self, w: String) -> Option<(units::Unit, usize)> {
        let t = self.tokens[self.pos].clone();
        if let Some(u) = units::lookup(&w) {
            return Some((*u, t.end));
        }
        let u = units::lenient(&w)?;
        self.warnings.push(Problem::new(format!("`{w}` is read as `{}`", u.name), t.start, t.end).with_help(
            format!("write `{}`; units are case-sensitive (`Mb` is megabits, `MB` megabytes)", u.name),
        ));
        Some((*u, t.end))
    }

    fn call(&mut self, function: String, start: usize, name_end: usize) -> Result<Node, Problem> {
        if !FUNCTIONS.contains(&function.as_str()) {
            let mut p = Problem::new(format!("unknown function `{function}`"), start, name_end);
            p = match suggest::closest(&function, FUNCTIONS.iter().copied()).first() {
                Some(s) => p.with_help(format!("did you mean `{s}`?")),
                None => p.with_help(format!("functions are {}", FUNCTIONS.join(", "))),
            };
            return Err(p);
        }
        let open = self.next().unwrap();
        let mut args = Vec::new();
        loop {
            if self.at_end() {
                return Err(Problem::new("this parenthesis is never closed", open.start, open.end)
                    .with_help("add `)` after the arguments"));
            }
            args.push(self.expr(0)?);
            match self.next() {
                Some(Token { tok: Tok::Comma, .. }) => continue,
                Some(Token { tok: Tok::RParen, end, .. }) => {
                    return Ok(Node { expr: Expr::Call { function, args }, start, end });
                }
                Some(other) => return Err(self.unexpected(&other, "`,` or `)`")),
                None => {
                    return Err(Problem::new("this parenthesis is never closed", open.start, open.end)
                        .with_help("add `)` after the arguments"));
                }
            }
        }
    }

    /// The unit after `to`: `/s`, `TB`, `GB/day`, `%`.
    fn target(&mut self) -> Result<Target, Problem> {
        let start = self.tokens[self.pos].start;
        if matches!(self.peek(), Some(Tok::Percent)) {
            let t = self.next().unwrap();
            return Ok(Target { text: "%".into(), factor: 0.01, dims: units::Dims::NONE, start, end: t.end });
        }
        let dividing = matches!(self.peek(), Some(Tok::Slash));
        if dividing {
            self.pos += 1;
        } else if let Some(Tok::Word(w)) = self.peek().cloned()
            && !self.is_unit_word(&w)
        {
            let t = self.tokens[self.pos].clone();
            return Err(self.unknown_unit(&t, &w));
        }
        let (factor, dims, end) = self.unit_tail(1.0, units::Dims::NONE, start, dividing)?;
        let text = self.src[start..end].split_whitespace().collect::<Vec<_>>().join("");
        Ok(Target { text, factor, dims, start, end })
    }

    fn unexpected(&self, t: &Token, wanted: &str) -> Problem {
        let text = &self.src[t.start..t.end];
        let mut p = Problem::new(format!("expected {wanted}, found `{text}`"), t.start, t.end);
        if matches!(t.tok, Tok::Star | Tok::Slash | Tok::Caret | Tok::Plus | Tok::Percent) {
            p = p.with_help("two operators in a row: remove one, or put a value between them");
        }
        p
    }

    fn unknown_unit(&self, t: &Token, w: &str) -> Problem {
        let p = Problem::new(format!("unknown unit `{w}`"), t.start, t.end);
        match suggest::closest(w, units::UNITS.iter().map(|u| u.name)).first() {
            Some(s) => p.with_help(format!("did you mean `{s}`?")),
            None => p.with_help(
                "units include B, KB, MB, GB, TB, KiB, Gbps, ms, s, min, h, day, month, year, /s, %",
            ),
        }
    }

    /// A word right after a complete value: an unknown unit, or a name missing its operator.
    fn unknown_after_value(&self, t: &Token, w: String) -> Problem {
        if units::is_unit(&w) {
            return Problem::new(format!("the unit `{w}` must follow a number"), t.start, t.end)
                .with_help(format!("write a number before it, or `* 1 {w}`"));
        }
        let p = self.unknown_unit(t, &w);
        let name_hint = format!("if `{w}` is a name, multiply by it: `* {w}`");
        match p.help.clone() {
            Some(h) if h.starts_with("did you mean") => p.with_help(format!("{h} ({name_hint})")),
            _ => p.with_help(name_hint),
        }
    }
}
