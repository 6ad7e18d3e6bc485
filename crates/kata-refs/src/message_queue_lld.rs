//! In-process message queue: topics are sets of append-only partition logs; a consumer group
//! keeps one cursor per partition (committed offset, acknowledged offsets above it, leases in
//! flight, messages waiting for redelivery) and spreads partitions over its members with the
//! range strategy. Time is virtual: `clock` expires leases, and a lease that runs out, like a
//! `nack`, counts as a failed attempt; the third failure dead-letters the message.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "message-queue-lld",
    new: || Box::new(Broker::new(Leases::Expire)),
    broken: || Box::new(Broker::new(Leases::NeverExpire)),
    bug: "leases never expire, so a message handed to a consumer that never acknowledges it is never delivered again (at-most-once)",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Leases {
    Expire,
    /// The bug of the broken variant: handing a message out is as good as deleting it.
    NeverExpire,
}

const VISIBILITY_MS: u64 = 30_000;
const MAX_FAILURES: u32 = 3;
const MAX_PARTITIONS: u64 = 1000;

struct Topic {
    /// Payloads per partition; the offset is the index.
    partitions: Vec<Vec<String>>,
}

struct Lease {
    member: String,
    deadline: u64,
}

/// One group's position in one partition.
#[derive(Default)]
struct Cursor {
    /// The first offset that is neither acknowledged nor dead.
    committed: u64,
    /// The first offset never handed out.
    next: u64,
    /// Acknowledged or dead offsets at or above `committed`.
    done: BTreeSet<u64>,
    leases: BTreeMap<u64, Lease>,
    /// Offsets below `next` waiting to be delivered again.
    retry: BTreeSet<u64>,
    failures: HashMap<u64, u32>,
    dead: BTreeSet<u64>,
}

impl Cursor {
    fn finish(&mut self, offset: u64) {
        self.done.insert(offset);
        while self.done.remove(&self.committed) {
            self.committed += 1;
        }
    }

    /// A delivery failed (nack or expired lease): deliver again, or dead-letter on the last try.
    fn fail(&mut self, offset: u64) {
        let failures = self.failures.entry(offset).or_insert(0);
        *failures += 1;
        if *failures >= MAX_FAILURES {
            self.failures.remove(&offset);
            self.dead.insert(offset);
            self.finish(offset);
        } else {
            self.retry.insert(offset);
        }
    }
}

struct Group {
    topic: String,
    members: BTreeSet<String>,
    owners: Vec<Option<String>>,
    cursors: Vec<Cursor>,
    /// Every live lease by deadline, so the clock finds expired ones without a scan.
    deadlines: BTreeSet<(u64, usize, u64)>,
}

impl Group {
    /// Range assignment: members in name order take contiguous runs of partitions, the first
    /// `partitions % members` of them one extra. A partition that changes owner loses its leases,
    /// so its unacknowledged messages go to the new owner.
    fn rebalance(&mut self) {
        let n = self.owners.len();
        let m = self.members.len();
        let mut owners: Vec<Option<String>> = vec![None; n];
        if let (Some(base), Some(extra)) = (n.checked_div(m), n.checked_rem(m)) {
            let mut p = 0;
            for (i, member) in self.members.iter().enumerate() {
                let take = base + usize::from(i < extra);
                for slot in owners.iter_mut().skip(p).take(take) {
                    *slot = Some(member.clone());
                }
                p += take;
            }
        }
        for (p, owner) in owners.into_iter().enumerate() {
            if self.owners[p] != owner {
                let cursor = &mut self.cursors[p];
                for (offset, lease) in std::mem::take(&mut cursor.leases) {
                    self.deadlines.remove(&(lease.deadline, p, offset));
                    cursor.retry.insert(offset);
                }
                self.owners[p] = owner;
            }
        }
    }

    fn expire(&mut self, now: u64) {
        while let Some(&(deadline, p, offset)) = self.deadlines.first() {
            if deadline > now {
                break;
            }
            self.deadlines.pop_first();
            self.cursors[p].leases.remove(&offset);
            self.cursors[p].fail(offset);
        }
    }

    /// Takes back a live lease held by `member`, or says there is none.
    fn take_lease(&mut self, member: &str, p: usize, offset: u64) -> Result<(), String> {
        let cursor = self.cursors.get_mut(p).ok_or_else(|| error("no-lease"))?;
        match cursor.leases.get(&offset) {
            Some(lease) if lease.member == member => {
                self.deadlines.remove(&(lease.deadline, p, offset));
                cursor.leases.remove(&offset);
                Ok(())
            }
            _ => Err(error("no-lease")),
        }
    }
}

struct Broker {
    leases: Leases,
    now: u64,
    topics: HashMap<String, Topic>,
    groups: HashMap<String, Group>,
}

/// `P:O` as a partition and an offset.
fn position(word: &str) -> Option<(usize, u64)> {
    let (p, o) = word.split_once(':')?;
    Some((usize::try_from(count(p)?).ok()?, count(o)?))
}

impl Broker {
    fn new(leases: Leases) -> Self {
        Broker { leases, now: 0, topics: HashMap::new(), groups: HashMap::new() }
    }

    fn topic(&mut self, name: &str, partitions: &str) -> String {
        let n = match count(partitions) {
            Some(n) if (1..=MAX_PARTITIONS).contains(&n) => n as usize,
            _ => return error("bad-partitions"),
        };
        if self.topics.contains_key(name) {
            return error("topic-exists");
        }
        self.topics.insert(name.to_owned(), Topic { partitions: vec![Vec::new(); n] });
        "ok".into()
    }

    fn publish(&mut self, topic: &str, key: &str, payload: &str) -> String {
        let Some(t) = self.topics.get_mut(topic) else { return error("no-topic") };
        let sum: u64 = key.bytes().map(u64::from).sum();
        let p = (sum % t.partitions.len() as u64) as usize;
        t.partitions[p].push(payload.to_owned());
        format!("{p}:{}", t.partitions[p].len() - 1)
    }

    fn join(&mut self, group: &str, topic: &str, member: &str) -> String {
        let Some(t) = self.topics.get(topic) else { return error("no-topic") };
        let n = t.partitions.len();
        let g = self.groups.entry(group.to_owned()).or_insert_with(|| Group {
            topic: topic.to_owned(),
            members: BTreeSet::new(),
            owners: vec![None; n],
            cursors: (0..n).map(|_| Cursor::default()).collect(),
            deadlines: BTreeSet::new(),
        });
        if g.topic != topic {
            return error("wrong-topic");
        }
        if !g.members.insert(member.to_owned()) {
            return error("already-member");
        }
        g.rebalance();
        "ok".into()
    }

    fn leave(&mut self, group: &str, member: &str) -> String {
        match self.groups.get_mut(group) {
            Some(g) if g.members.contains(member) => {
                g.members.remove(member);
                g.rebalance();
                "ok".into()
            }
            _ => error("not-member"),
        }
    }

    fn member(&mut self, group: &str, member: &str) -> Result<&mut Group, String> {
        match self.groups.get_mut(group) {
            Some(g) if g.members.contains(member) => Ok(g),
            _ => Err(error("not-member")),
        }
    }

    fn poll(&mut self, group: &str, member: &str, max: usize) -> String {
        let now = self.now;
        let g = match self.groups.get_mut(group) {
            Some(g) if g.members.contains(member) => g,
            _ => return error("not-member"),
        };
        let log = &self.topics[&g.topic].partitions;
        let mut out = Vec::new();
        for (p, entries) in log.iter().enumerate() {
            if out.len() == max {
                break;
            }
            if g.owners[p].as_deref() != Some(member) {
                continue;
            }
            let cursor = &mut g.cursors[p];
            let mut offsets = Vec::new();
            while offsets.len() + out.len() < max {
                if let Some(o) = cursor.retry.pop_first() {
                    offsets.push(o);
                } else if (cursor.next as usize) < entries.len() {
                    offsets.push(cursor.next);
                    cursor.next += 1;
                } else {
                    break;
                }
            }
            for o in offsets {
                let deadline = now + VISIBILITY_MS;
                cursor.leases.insert(o, Lease { member: member.to_owned(), deadline });
                if self.leases == Leases::Expire {
                    g.deadlines.insert((deadline, p, o));
                }
                out.push(format!("{p}:{o}:{}", entries[o as usize]));
            }
        }
        if out.is_empty() { "empty".into() } else { out.join(" ") }
    }

    fn settle(&mut self, group: &str, member: &str, at: &str, ack: bool) -> String {
        let Some((p, offset)) = position(at) else { return bad_arguments() };
        let g = match self.member(group, member) {
            Ok(g) => g,
            Err(e) => return e,
        };
        if let Err(e) = g.take_lease(member, p, offset) {
            return e;
        }
        if ack {
            g.cursors[p].finish(offset);
        } else {
            g.cursors[p].fail(offset);
        }
        "ok".into()
    }

    fn clock(&mut self, at: &str) -> String {
        match count(at) {
            Some(t) if t >= self.now => {
                self.now = t;
                for g in self.groups.values_mut() {
                    g.expire(t);
                }
                "ok".into()
            }
            _ => error("bad-time"),
        }
    }

    fn committed(&self, group: &str) -> String {
        let Some(g) = self.groups.get(group) else { return error("no-group") };
        let parts: Vec<String> =
            g.cursors.iter().enumerate().map(|(p, c)| format!("{p}:{}", c.committed)).collect();
        parts.join(" ")
    }

    fn owners(&self, group: &str) -> String {
        let Some(g) = self.groups.get(group) else { return error("no-group") };
        let parts: Vec<String> = g
            .owners
            .iter()
            .enumerate()
            .map(|(p, o)| format!("{p}:{}", o.as_deref().unwrap_or("-")))
            .collect();
        parts.join(" ")
    }

    fn dead(&self, group: &str) -> String {
        let Some(g) = self.groups.get(group) else { return error("no-group") };
        let all: Vec<String> = g
            .cursors
            .iter()
            .enumerate()
            .flat_map(|(p, c)| c.dead.iter().map(move |o| format!("{p}:{o}")))
            .collect();
        if all.is_empty() { "empty".into() } else { all.join(" ") }
    }
}

impl Machine for Broker {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("topic", [t, n]) => self.topic(t, n),
            ("publish", [t, key, payload]) => self.publish(t, key, payload),
            ("join", [g, t, m]) => self.join(g, t, m),
            ("leave", [g, m]) => self.leave(g, m),
            ("poll", [g, m, max]) => match count(max) {
                Some(n) if n >= 1 => self.poll(g, m, usize::try_from(n).unwrap_or(usize::MAX)),
                _ => bad_arguments(),
            },
            ("ack", [g, m, at]) => self.settle(g, m, at, true),
            ("nack", [g, m, at]) => self.settle(g, m, at, false),
            ("clock", [t]) => self.clock(t),
            ("committed", [g]) => self.committed(g),
            ("owners", [g]) => self.owners(g),
            ("dead", [g]) => self.dead(g),
            (
                "topic" | "publish" | "join" | "leave" | "poll" | "ack" | "nack" | "clock" | "committed"
                | "owners" | "dead",
                _,
            ) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
