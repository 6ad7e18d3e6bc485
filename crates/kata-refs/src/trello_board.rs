//! Trello-style board: cards carry rank keys (base-62 digit strings read as fractions), and a
//! list is an ordered set of (rank, card id). A move computes one new key strictly between the
//! card's new neighbours as they are now, so it writes one card, never renumbers a list; a list
//! whose keys grow too long is spread out again. Every change checks the actor's role, and the
//! card history is built from the events each command emits.

use std::collections::{BTreeSet, HashMap};
use std::ops::Bound::{Excluded, Unbounded};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "trello-board",
    new: || Box::new(Trello::new(Placement::CurrentNeighbours)),
    broken: || Box::new(Trello::new(Placement::NamedNeighbours)),
    bug: "ranks a moved card between the two neighbours the user named instead of after AFTER and whatever follows it now, so two drops into one gap get the same rank and sort by id instead of arrival",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// Right after AFTER as the list is now (or right before BEFORE).
    CurrentNeighbours,
    /// The bug of the broken variant: midway between AFTER and BEFORE as named.
    NamedNeighbours,
}

const BASE: u8 = 62;
/// A key longer than this makes its list spread its keys out again.
const MAX_RANK_LEN: usize = 12;

/// A key strictly between `lo` and `hi` (`None`: the ends). Keys are digit strings in base 62
/// read as fractions, with no trailing zero, so byte order is numeric order.
fn between(lo: Option<&[u8]>, hi: Option<&[u8]>) -> Vec<u8> {
    let lo = lo.unwrap_or(&[]);
    let mut out = Vec::new();
    let mut upper = hi;
    let mut i = 0;
    loop {
        let a = lo.get(i).copied().unwrap_or(0);
        match upper {
            Some(hi) => {
                // While the prefixes match, `hi` has a digit here (it is greater than `lo`).
                let b = hi[i];
                if a == b {
                    out.push(a);
                } else if b - a > 1 {
                    out.push(a + (b - a) / 2);
                    return out;
                } else if hi.len() > i + 1 {
                    out.push(b);
                    return out;
                } else {
                    out.push(a);
                    upper = None;
                }
            }
            None if BASE - a > 1 => {
                out.push(a + (BASE - a) / 2);
                return out;
            }
            None => out.push(a),
        }
        i += 1;
    }
}

/// `n` evenly spaced keys.
fn spread(n: usize) -> Vec<Vec<u8>> {
    let mut width = 1;
    let mut space: u128 = u128::from(BASE);
    while space < 2 * (n as u128 + 1) {
        width += 1;
        space *= u128::from(BASE);
    }
    (1..=n as u128)
        .map(|j| {
            let mut value = j * space / (n as u128 + 1);
            let mut digits = vec![0u8; width];
            for d in digits.iter_mut().rev() {
                *d = u8::try_from(value % u128::from(BASE)).unwrap_or(0);
                value /= u128::from(BASE);
            }
            while digits.last() == Some(&0) {
                digits.pop();
            }
            digits
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Observer,
    Member,
    Admin,
}

impl Role {
    fn parse(word: &str) -> Option<Role> {
        match word {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            "observer" => Some(Role::Observer),
            _ => None,
        }
    }
}

/// What a command did to a card; the card's history is these, in order.
enum Event<'a> {
    Created { list: usize },
    Moved { from: usize, to: usize },
    Assigned { user: &'a str },
    Unassigned { user: &'a str },
    Commented,
    Archived,
}

struct Card {
    list: usize,
    rank: Vec<u8>,
    archived: bool,
    assignees: Vec<String>,
    history: Vec<String>,
}

struct Board {
    members: HashMap<String, Role>,
    /// Each list's live cards by (rank, card index).
    lists: Vec<BTreeSet<(Vec<u8>, usize)>>,
    cards: Vec<Card>,
}

struct Trello {
    placement: Placement,
    board: Option<Board>,
}

impl Board {
    fn new(admin: &str) -> Self {
        Board {
            members: HashMap::from([(admin.to_owned(), Role::Admin)]),
            lists: Vec::new(),
            cards: Vec::new(),
        }
    }

    /// The actor may act with at least `needed`, or the error reply.
    fn allow(&self, actor: &str, needed: Role) -> Result<(), String> {
        match self.members.get(actor) {
            None => Err(error("not-member")),
            Some(role) if *role < needed => Err(error("forbidden")),
            Some(_) => Ok(()),
        }
    }

    fn list(&self, word: &str) -> Result<usize, String> {
        word.strip_prefix('L')
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n >= 1 && n <= self.lists.len() && word == format!("L{n}"))
            .map(|n| n - 1)
            .ok_or_else(|| error("unknown-list"))
    }

    fn card(&self, word: &str) -> Result<usize, String> {
        word.strip_prefix('C')
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n >= 1 && n <= self.cards.len() && word == format!("C{n}"))
            .map(|n| n - 1)
            .ok_or_else(|| error("unknown-card"))
    }

    /// A live card that is not archived, or the error reply.
    fn live_card(&self, word: &str) -> Result<usize, String> {
        let c = self.card(word)?;
        if self.cards[c].archived { Err(error("archived")) } else { Ok(c) }
    }

    fn record(&mut self, card: usize, actor: &str, event: Event<'_>) {
        let entry = match event {
            Event::Created { list } => format!("created:{actor}:L{}", list + 1),
            Event::Moved { from, to } => format!("moved:{actor}:L{}>L{}", from + 1, to + 1),
            Event::Assigned { user } => format!("assigned:{actor}:{user}"),
            Event::Unassigned { user } => format!("unassigned:{actor}:{user}"),
            Event::Commented => format!("commented:{actor}"),
            Event::Archived => format!("archived:{actor}"),
        };
        self.cards[card].history.push(entry);
    }

    /// Puts `card` (not in any list) into `list` with `rank`, spreading the list's keys out
    /// again if the new key is too long.
    fn place(&mut self, card: usize, list: usize, rank: Vec<u8>) {
        let long = rank.len() > MAX_RANK_LEN;
        self.cards[card].list = list;
        self.cards[card].rank = rank.clone();
        self.lists[list].insert((rank, card));
        if long {
            let order: Vec<usize> = self.lists[list].iter().map(|(_, c)| *c).collect();
            let keys = spread(order.len());
            self.lists[list] = order.iter().zip(keys).map(|(&c, k)| (k, c)).collect();
            for (rank, c) in &self.lists[list] {
                self.cards[*c].rank.clone_from(rank);
            }
        }
    }

    /// The key for a card dropped into `list` between `after` and `before` (cards of that list
    /// or `None`), by `placement`.
    fn rank_for(
        &self,
        list: usize,
        after: Option<usize>,
        before: Option<usize>,
        placement: Placement,
    ) -> Vec<u8> {
        let order = &self.lists[list];
        let key = |c: usize| (self.cards[c].rank.clone(), c);
        if placement == Placement::NamedNeighbours
            && let (Some(a), Some(b)) = (after, before)
            && key(a) < key(b)
        {
            return between(Some(&self.cards[a].rank), Some(&self.cards[b].rank));
        }
        match (after, before) {
            (Some(a), _) => {
                let next = order.range((Excluded(key(a)), Unbounded)).next();
                between(Some(&self.cards[a].rank), next.map(|(r, _)| r.as_slice()))
            }
            (None, Some(b)) => {
                let prev = order.range(..key(b)).next_back();
                between(prev.map(|(r, _)| r.as_slice()), Some(&self.cards[b].rank))
            }
            (None, None) => between(order.last().map(|(r, _)| r.as_slice()), None),
        }
    }
}

impl Trello {
    fn new(placement: Placement) -> Self {
        Trello { placement, board: None }
    }

    fn command(&mut self, name: &str, args: &[&str]) -> Result<String, String> {
        let placement = self.placement;
        let b = self.board.as_mut().ok_or_else(|| error("no-board"))?;
        match (name, args) {
            ("invite", [actor, user, role]) => {
                let role = Role::parse(role).ok_or_else(bad_arguments)?;
                b.allow(actor, Role::Admin)?;
                let admins = b.members.values().filter(|r| **r == Role::Admin).count();
                if b.members.get(*user) == Some(&Role::Admin) && role != Role::Admin && admins == 1 {
                    return Err(error("last-admin"));
                }
                b.members.insert((*user).to_owned(), role);
                Ok("ok".into())
            }
            ("remove", [actor, user]) => {
                b.allow(actor, Role::Admin)?;
                let role = *b.members.get(*user).ok_or_else(|| error("unknown-user"))?;
                if role == Role::Admin && b.members.values().filter(|r| **r == Role::Admin).count() == 1 {
                    return Err(error("last-admin"));
                }
                b.members.remove(*user);
                for c in 0..b.cards.len() {
                    if let Some(i) = b.cards[c].assignees.iter().position(|u| u == user) {
                        b.cards[c].assignees.remove(i);
                        b.record(c, actor, Event::Unassigned { user });
                    }
                }
                Ok("ok".into())
            }
            ("list", [actor, _title]) => {
                b.allow(actor, Role::Member)?;
                b.lists.push(BTreeSet::new());
                Ok(format!("L{}", b.lists.len()))
            }
            ("card", [actor, list, _title]) => {
                b.allow(actor, Role::Member)?;
                let list = b.list(list)?;
                let c = b.cards.len();
                let rank = b.rank_for(list, None, None, placement);
                b.cards.push(Card {
                    list,
                    rank: Vec::new(),
                    archived: false,
                    assignees: Vec::new(),
                    history: Vec::new(),
                });
                b.place(c, list, rank);
                b.record(c, actor, Event::Created { list });
                Ok(format!("C{}", c + 1))
            }
            ("move", [actor, card, list, after, before]) => {
                b.allow(actor, Role::Member)?;
                let c = b.card(card)?;
                let to = b.list(list)?;
                if b.cards[c].archived {
                    return Err(error("archived"));
                }
                let from = b.cards[c].list;
                let old = (b.cards[c].rank.clone(), c);
                b.lists[from].remove(&old);
                // A neighbour counts only if it is a live card of the target list now.
                let neighbour = |word: &str| {
                    b.card(word).ok().filter(|&n| n != c && !b.cards[n].archived && b.cards[n].list == to)
                };
                let (after, before) = (neighbour(after), neighbour(before));
                let rank = b.rank_for(to, after, before, placement);
                b.place(c, to, rank);
                b.record(c, actor, Event::Moved { from, to });
                Ok("ok".into())
            }
            ("cards", [list]) => {
                let list = b.list(list)?;
                let ids: Vec<String> = b.lists[list].iter().map(|(_, c)| format!("C{}", c + 1)).collect();
                Ok(if ids.is_empty() { "empty".into() } else { ids.join(" ") })
            }
            ("archive", [actor, card]) => {
                b.allow(actor, Role::Member)?;
                let c = b.live_card(card)?;
                let key = (b.cards[c].rank.clone(), c);
                b.lists[b.cards[c].list].remove(&key);
                b.cards[c].archived = true;
                b.record(c, actor, Event::Archived);
                Ok("ok".into())
            }
            ("assign", [actor, card, user]) => {
                b.allow(actor, Role::Member)?;
                let c = b.live_card(card)?;
                if !b.members.contains_key(*user) {
                    return Err(error("assignee-not-member"));
                }
                if b.cards[c].assignees.iter().any(|u| u == user) {
                    return Err(error("already-assigned"));
                }
                b.cards[c].assignees.push((*user).to_owned());
                b.record(c, actor, Event::Assigned { user });
                Ok("ok".into())
            }
            ("assignees", [card]) => {
                let c = b.card(card)?;
                let users = &b.cards[c].assignees;
                Ok(if users.is_empty() { "empty".into() } else { users.join(" ") })
            }
            ("comment", [actor, card, _text, ..]) => {
                b.allow(actor, Role::Observer)?;
                let c = b.live_card(card)?;
                b.record(c, actor, Event::Commented);
                Ok("ok".into())
            }
            ("history", [card]) => {
                let c = b.card(card)?;
                Ok(b.cards[c].history.join(" "))
            }
            _ => Err(bad_arguments()),
        }
    }
}

impl Machine for Trello {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        if name == "board" {
            let [admin] = args else { return bad_arguments() };
            self.board = Some(Board::new(admin));
            return "ok".into();
        }
        let known = [
            "invite",
            "remove",
            "list",
            "card",
            "move",
            "cards",
            "archive",
            "assign",
            "assignees",
            "comment",
            "history",
        ];
        if !known.contains(&name) {
            return unknown_command();
        }
        self.command(name, args).unwrap_or_else(|e| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_ordered_and_short_when_every_card_goes_to_the_top() {
        let mut board = Board::new("ana");
        board.lists.push(BTreeSet::new());
        for c in 0..500 {
            let first = board.lists[0].first().map(|(_, f)| *f);
            let rank = board.rank_for(0, None, first, Placement::CurrentNeighbours);
            board.cards.push(Card {
                list: 0,
                rank: Vec::new(),
                archived: false,
                assignees: Vec::new(),
                history: Vec::new(),
            });
            board.place(c, 0, rank);
        }
        let order: Vec<usize> = board.lists[0].iter().map(|(_, c)| *c).collect();
        assert_eq!(order, (0..500).rev().collect::<Vec<_>>(), "newest first");
        assert!(board.cards.iter().all(|c| c.rank.len() <= MAX_RANK_LEN && c.rank.last() != Some(&0)));
    }

    #[test]
    fn between_is_strictly_between() {
        // Keys as slices; an empty slice stands for an open end.
        let cases: [(&[u8], &[u8]); 5] =
            [(&[], &[]), (&[], &[1]), (&[0, 61], &[1]), (&[5], &[5, 1]), (&[61], &[])];
        for (lo, hi) in cases {
            let (lo, hi) = (Some(lo).filter(|k| !k.is_empty()), Some(hi).filter(|k| !k.is_empty()));
            let k = between(lo, hi);
            assert!(
                lo.is_none_or(|lo| lo < k.as_slice()) && hi.is_none_or(|hi| k.as_slice() < hi),
                "{lo:?} {k:?} {hi:?}"
            );
            assert_ne!(k.last(), Some(&0));
        }
    }
}
