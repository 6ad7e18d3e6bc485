//! Library: titles own their copies and a FIFO hold queue; a copy is on the shelf, on loan, or set
//! aside for one member until a collect-by day. Set-aside copies sit in an ordered set by
//! (collect-by day, barcode), so advancing the calendar expires them in order, each passing its
//! copy to the next member waiting. Fines are whole cents computed from the due day at return.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, money, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "library-management",
    new: || Box::new(Library::new(Returns::ServeHolds)),
    broken: || Box::new(Library::new(Returns::StraightToShelf)),
    bug: "puts a returned copy straight back on the shelf without looking at the hold queue, so the next walk-in takes it while members wait",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Returns {
    /// A returned (or new) copy goes to the first member waiting, if any.
    ServeHolds,
    /// The bug of the broken variant.
    StraightToShelf,
}

const LOAN_DAYS: u64 = 21;
const LOAN_LIMIT: u32 = 5;
const RENEWALS: u32 = 2;
const COLLECT_DAYS: u64 = 3;
const FINE_PER_DAY: u64 = 25;
const FINE_CAP: u64 = 1000;
/// Owing more than this blocks borrowing.
const BLOCK_ABOVE: u64 = 1000;

enum CopyState {
    Shelf,
    Loan { member: String, due: u64, renewals: u32 },
    Held { member: String, until: u64 },
}

struct Copy {
    isbn: String,
    state: CopyState,
}

#[derive(Default)]
struct Title {
    on_shelf: usize,
    waiting: VecDeque<String>,
}

#[derive(Default)]
struct Member {
    loans: u32,
    owed: u64,
    /// Titles with a waiting or ready hold of this member.
    holds: HashSet<String>,
}

struct Library {
    returns: Returns,
    today: u64,
    members: HashMap<String, Member>,
    titles: HashMap<String, Title>,
    copies: HashMap<String, Copy>,
    /// Set-aside copies by (collect-by day, barcode).
    set_aside: BTreeSet<(u64, String)>,
}

impl Library {
    fn new(returns: Returns) -> Self {
        Library {
            returns,
            today: 0,
            members: HashMap::new(),
            titles: HashMap::new(),
            copies: HashMap::new(),
            set_aside: BTreeSet::new(),
        }
    }

    /// A copy that became free on `day`: set aside for the first member waiting, or shelved.
    /// Returns the member it is set aside for.
    fn place(&mut self, barcode: &str, day: u64) -> Option<String> {
        let copy = self.copies.get_mut(barcode).expect("the copy exists");
        let title = self.titles.get_mut(&copy.isbn).expect("the title exists");
        let next = match self.returns {
            Returns::ServeHolds => title.waiting.pop_front(),
            Returns::StraightToShelf => None,
        };
        match &next {
            Some(member) => {
                let until = day + COLLECT_DAYS;
                copy.state = CopyState::Held { member: member.clone(), until };
                self.set_aside.insert((until, barcode.to_owned()));
            }
            None => {
                copy.state = CopyState::Shelf;
                title.on_shelf += 1;
            }
        }
        next
    }

    fn advance(&mut self, days: u64) {
        self.today = self.today.saturating_add(days);
        while let Some((until, barcode)) = self.set_aside.first().cloned() {
            if until >= self.today {
                break;
            }
            self.set_aside.pop_first();
            let copy = &self.copies[&barcode];
            if let CopyState::Held { member, .. } = &copy.state {
                let isbn = copy.isbn.clone();
                if let Some(m) = self.members.get_mut(member) {
                    m.holds.remove(&isbn);
                }
            }
            self.place(&barcode, until + 1);
        }
    }

    fn add_copy(&mut self, barcode: &str, isbn: &str) -> String {
        if self.copies.contains_key(barcode) {
            return error("duplicate-barcode");
        }
        self.titles.entry(isbn.to_owned()).or_default();
        self.copies.insert(barcode.to_owned(), Copy { isbn: isbn.to_owned(), state: CopyState::Shelf });
        self.place(barcode, self.today);
        "ok".into()
    }

    fn borrow(&mut self, member: &str, barcode: &str) -> String {
        let Some(m) = self.members.get(member) else { return error("unknown-member") };
        let Some(copy) = self.copies.get(barcode) else { return error("unknown-copy") };
        if m.owed > BLOCK_ABOVE {
            return error("blocked");
        }
        if m.loans >= LOAN_LIMIT {
            return error("limit-reached");
        }
        match &copy.state {
            CopyState::Loan { .. } => return error("on-loan"),
            CopyState::Held { member: holder, until } => {
                if holder != member {
                    return error("reserved");
                }
                let key = (*until, barcode.to_owned());
                self.set_aside.remove(&key);
                let isbn = copy.isbn.clone();
                self.members.get_mut(member).expect("checked above").holds.remove(&isbn);
            }
            CopyState::Shelf => {
                let isbn = copy.isbn.clone();
                self.titles.get_mut(&isbn).expect("the title exists").on_shelf -= 1;
            }
        }
        let due = self.today + LOAN_DAYS;
        let copy = self.copies.get_mut(barcode).expect("checked above");
        copy.state = CopyState::Loan { member: member.to_owned(), due, renewals: 0 };
        self.members.get_mut(member).expect("checked above").loans += 1;
        format!("due {due}")
    }

    fn give_back(&mut self, barcode: &str) -> String {
        let Some(copy) = self.copies.get(barcode) else { return error("unknown-copy") };
        let CopyState::Loan { member, due, .. } = &copy.state else { return error("not-on-loan") };
        let fine = (self.today.saturating_sub(*due) * FINE_PER_DAY).min(FINE_CAP);
        let m = self.members.get_mut(member).expect("borrowers are members");
        m.loans -= 1;
        m.owed += fine;
        match self.place(barcode, self.today) {
            Some(holder) => format!("{} hold {holder}", money(fine)),
            None => format!("{} shelf", money(fine)),
        }
    }

    fn renew(&mut self, barcode: &str) -> String {
        let Some(copy) = self.copies.get(barcode) else { return error("unknown-copy") };
        let CopyState::Loan { due, renewals, .. } = &copy.state else { return error("not-on-loan") };
        if self.today > *due {
            return error("overdue");
        }
        if !self.titles[&copy.isbn].waiting.is_empty() {
            return error("has-holds");
        }
        if *renewals >= RENEWALS {
            return error("renewal-limit");
        }
        let today = self.today;
        let copy = self.copies.get_mut(barcode).expect("checked above");
        let CopyState::Loan { due, renewals, .. } = &mut copy.state else { unreachable!() };
        *due = today + LOAN_DAYS;
        *renewals += 1;
        format!("due {due}")
    }

    fn hold(&mut self, member: &str, isbn: &str) -> String {
        let Some(m) = self.members.get_mut(member) else { return error("unknown-member") };
        let Some(title) = self.titles.get_mut(isbn) else { return error("unknown-title") };
        if m.holds.contains(isbn) {
            return error("already-holding");
        }
        if title.on_shelf > 0 {
            return error("on-shelf");
        }
        m.holds.insert(isbn.to_owned());
        title.waiting.push_back(member.to_owned());
        format!("position {}", title.waiting.len())
    }

    fn status(&self, barcode: &str) -> String {
        match self.copies.get(barcode).map(|c| &c.state) {
            None => error("unknown-copy"),
            Some(CopyState::Shelf) => "shelf".into(),
            Some(CopyState::Loan { member, due, .. }) => format!("loan {member} {due}"),
            Some(CopyState::Held { member, until }) => format!("held {member} {until}"),
        }
    }
}

impl Machine for Library {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("join", [member]) => {
                if self.members.contains_key(*member) {
                    return error("duplicate-member");
                }
                self.members.insert((*member).to_owned(), Member::default());
                "ok".into()
            }
            ("copy", [barcode, isbn]) => self.add_copy(barcode, isbn),
            ("borrow", [member, barcode]) => self.borrow(member, barcode),
            ("return", [barcode]) => self.give_back(barcode),
            ("renew", [barcode]) => self.renew(barcode),
            ("hold", [member, isbn]) => self.hold(member, isbn),
            ("holds", [isbn]) => match self.titles.get(*isbn) {
                None => error("unknown-title"),
                Some(t) if t.waiting.is_empty() => "empty".into(),
                Some(t) => t.waiting.iter().map(String::as_str).collect::<Vec<_>>().join(" "),
            },
            ("status", [barcode]) => self.status(barcode),
            ("owed", [member]) => match self.members.get(*member) {
                Some(m) => money(m.owed),
                None => error("unknown-member"),
            },
            ("pay", [member]) => match self.members.get_mut(*member) {
                Some(m) => money(std::mem::take(&mut m.owed)),
                None => error("unknown-member"),
            },
            ("advance", [days]) => match count(days) {
                Some(d) => {
                    self.advance(d);
                    "ok".into()
                }
                None => bad_arguments(),
            },
            (
                "join" | "copy" | "borrow" | "return" | "renew" | "hold" | "holds" | "status" | "owed"
                | "pay" | "advance",
                _,
            ) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
