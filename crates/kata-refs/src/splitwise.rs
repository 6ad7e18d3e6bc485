//! Splitwise: an expense ledger in whole cents. Each split kind turns its parameters into
//! weights (or exact amounts), and one largest-remainder allocation makes shares that add up to
//! the total; net balances are kept from the record and a deletion applies the exact reverse.
//! Simplification matches the largest debtor with the largest creditor using two heaps.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, cents, error, money, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "splitwise",
    new: || Box::new(Ledger::new(Rounding::LargestRemainder)),
    broken: || Box::new(Ledger::new(Rounding::EachShare)),
    bug: "rounds every share to the nearest cent on its own, so shares can miss the total by a cent",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Rounding {
    /// Floor every share, then hand the leftover cents to the largest remainders.
    LargestRemainder,
    /// The bug of the broken variant: round each share half up, independently.
    EachShare,
}

/// How an expense is divided, as parsed from the command.
enum Split {
    Equal(Vec<String>),
    Exact(Vec<(String, i64)>),
    /// Basis points: hundredths of a percent.
    Percent(Vec<(String, i64)>),
}

#[derive(Debug, PartialEq)]
enum SplitError {
    /// An amount that is not a positive number with at most two decimals.
    Amount,
    /// A split that does not hold: sums off, or a name listed twice.
    Split,
    Arguments,
}

impl SplitError {
    fn reply(&self) -> String {
        match self {
            SplitError::Amount => error("bad-amount"),
            SplitError::Split => error("bad-split"),
            SplitError::Arguments => bad_arguments(),
        }
    }
}

impl Split {
    fn parse(kind: &str, items: &[&str]) -> Result<Split, SplitError> {
        if items.is_empty() {
            return Err(SplitError::Arguments);
        }
        let pairs = |scale: fn(&str) -> Option<i64>| -> Result<Vec<(String, i64)>, SplitError> {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let (name, value) = item.split_once(':').ok_or(SplitError::Arguments)?;
                if name.is_empty() {
                    return Err(SplitError::Arguments);
                }
                let value = scale(value).filter(|v| *v > 0).ok_or(SplitError::Amount)?;
                out.push((name.to_owned(), value));
            }
            Ok(out)
        };
        let split = match kind {
            "equal" => {
                if items.iter().any(|i| i.contains(':')) {
                    return Err(SplitError::Arguments);
                }
                Split::Equal(items.iter().map(|s| (*s).to_owned()).collect())
            }
            "exact" => Split::Exact(pairs(cents)?),
            "percent" => Split::Percent(pairs(cents)?),
            _ => return Err(SplitError::Arguments),
        };
        let mut names = split.names();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return Err(SplitError::Split);
        }
        Ok(split)
    }

    fn names(&self) -> Vec<&str> {
        match self {
            Split::Equal(names) => names.iter().map(String::as_str).collect(),
            Split::Exact(pairs) | Split::Percent(pairs) => pairs.iter().map(|(n, _)| n.as_str()).collect(),
        }
    }

    /// Each participant's share of `total` cents, in the order listed; they sum to `total`.
    fn shares(&self, total: i64, rounding: Rounding) -> Result<Vec<(String, i64)>, SplitError> {
        let (names, amounts) = match self {
            Split::Equal(names) => (names.clone(), allocate(total, &vec![1; names.len()], rounding)),
            Split::Exact(pairs) => {
                if pairs.iter().map(|(_, c)| c).sum::<i64>() != total {
                    return Err(SplitError::Split);
                }
                return Ok(pairs.clone());
            }
            Split::Percent(pairs) => {
                let weights: Vec<i64> = pairs.iter().map(|(_, bp)| *bp).collect();
                if weights.iter().sum::<i64>() != 10_000 {
                    return Err(SplitError::Split);
                }
                (pairs.iter().map(|(n, _)| n.clone()).collect(), allocate(total, &weights, rounding))
            }
        };
        Ok(names.into_iter().zip(amounts).collect())
    }
}

/// Divides `total` in proportion to `weights`. Largest remainder: floor every exact share, then
/// give the leftover cents one each to the largest discarded fractions, earlier entries first
/// on ties.
fn allocate(total: i64, weights: &[i64], rounding: Rounding) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    let exact: Vec<i128> = weights.iter().map(|w| i128::from(total) * i128::from(*w)).collect();
    let narrow = |v: i128| i64::try_from(v).expect("a share never exceeds the total");
    if rounding == Rounding::EachShare {
        return exact.iter().map(|e| narrow((2 * e + sum) / (2 * sum))).collect();
    }
    let mut shares: Vec<i64> = exact.iter().map(|e| narrow(e / sum)).collect();
    let leftover = total - shares.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (Reverse(exact[i] % sum), i));
    for &i in order.iter().take(usize::try_from(leftover).unwrap_or(0)) {
        shares[i] += 1;
    }
    shares
}

struct Expense {
    payer: String,
    total: i64,
    shares: Vec<(String, i64)>,
}

struct Ledger {
    rounding: Rounding,
    /// Every accepted expense by number (E1 is index 0); `None` once deleted.
    expenses: Vec<Option<Expense>>,
    /// Net balance per person in cents, kept in step with the record; zeros are removed.
    nets: BTreeMap<String, i64>,
}

impl Ledger {
    fn new(rounding: Rounding) -> Self {
        Ledger { rounding, expenses: Vec::new(), nets: BTreeMap::new() }
    }

    fn adjust(&mut self, who: &str, delta: i64) {
        let net = self.nets.entry(who.to_owned()).or_insert(0);
        *net += delta;
        if *net == 0 {
            self.nets.remove(who);
        }
    }

    /// Adds (`sign` = 1) or reverses (`sign` = -1) an expense's effect on balances.
    fn apply(&mut self, expense: &Expense, sign: i64) {
        self.adjust(&expense.payer, sign * expense.total);
        for (name, share) in &expense.shares {
            self.adjust(name, -sign * share);
        }
    }

    fn expense(&mut self, args: &[&str]) -> Result<String, SplitError> {
        let [payer, amount, kind, items @ ..] = args else { return Err(SplitError::Arguments) };
        if !["equal", "exact", "percent"].contains(kind) || items.is_empty() {
            return Err(SplitError::Arguments);
        }
        let total = cents(amount).filter(|c| *c > 0).ok_or(SplitError::Amount)?;
        let shares = Split::parse(kind, items)?.shares(total, self.rounding)?;
        let expense = Expense { payer: (*payer).to_owned(), total, shares };
        self.apply(&expense, 1);
        let listed: Vec<String> = expense.shares.iter().map(|(n, c)| format!("{n}:{}", money(*c))).collect();
        self.expenses.push(Some(expense));
        Ok(format!("E{} {}", self.expenses.len(), listed.join(" ")))
    }

    fn delete(&mut self, id: &str) -> String {
        let slot = id
            .strip_prefix('E')
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.expenses.get_mut(i));
        match slot.and_then(Option::take) {
            Some(expense) => {
                self.apply(&expense, -1);
                "ok".into()
            }
            None => error("not-found"),
        }
    }

    fn balances(&self) -> String {
        if self.nets.is_empty() {
            return "empty".into();
        }
        self.nets.iter().map(|(n, c)| format!("{n}:{}", money(*c))).collect::<Vec<_>>().join(" ")
    }

    /// Greedy settlement: each step settles at least one person, so at most n - 1 payments.
    fn simplify(&self) -> String {
        let mut creditors = BinaryHeap::new();
        let mut debtors = BinaryHeap::new();
        for (name, &net) in &self.nets {
            let heap = if net > 0 { &mut creditors } else { &mut debtors };
            heap.push((net.abs(), Reverse(name.as_str())));
        }
        let mut out = Vec::new();
        while let (Some((owed, Reverse(to))), Some((owes, Reverse(from)))) = (creditors.pop(), debtors.pop())
        {
            let amount = owed.min(owes);
            out.push(format!("{from}>{to}:{}", money(amount)));
            if owed > amount {
                creditors.push((owed - amount, Reverse(to)));
            }
            if owes > amount {
                debtors.push((owes - amount, Reverse(from)));
            }
        }
        if out.is_empty() { "empty".into() } else { out.join(" ") }
    }
}

impl Machine for Ledger {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("expense", _) => self.expense(args).unwrap_or_else(|e| e.reply()),
            ("pay", [from, to, amount]) => match cents(amount).filter(|c| *c > 0) {
                None => error("bad-amount"),
                Some(_) if from == to => error("same-person"),
                Some(c) => {
                    self.adjust(from, c);
                    self.adjust(to, -c);
                    "ok".into()
                }
            },
            ("delete", [id]) => self.delete(id),
            ("balances", []) => self.balances(),
            ("simplify", []) => self.simplify(),
            ("pay" | "delete" | "balances" | "simplify", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_always_sums_to_the_total() {
        for total in [1, 2, 5, 99, 100, 1001, 123_457] {
            for weights in [vec![1, 1, 1], vec![3333, 3333, 3334], vec![1, 2, 3, 4, 5, 6, 7], vec![7]] {
                let shares = allocate(total, &weights, Rounding::LargestRemainder);
                assert_eq!(shares.iter().sum::<i64>(), total, "{total} by {weights:?}");
            }
        }
    }

    #[test]
    fn cents_are_read_exactly() {
        assert_eq!(cents("12"), Some(1200));
        assert_eq!(cents("0.1"), Some(10));
        assert_eq!(cents("12.05"), Some(1205));
        for bad in ["", ".5", "5.", "1.005", "-1", "1e3", "1.2.3"] {
            assert_eq!(cents(bad), None, "{bad}");
        }
        assert_eq!(money(-5), "-0.05");
    }
}
