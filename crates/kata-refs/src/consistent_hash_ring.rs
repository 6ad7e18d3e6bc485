//! Consistent hash ring with virtual nodes: every node puts VNODES points on a 64-bit ring, at
//! the hash of `NODE#i`; a key belongs to the first point at or after its own hash, wrapping
//! around. Points live in an ordered set, so a lookup is O(log P). The ring also tracks a set of
//! keys, so that a membership change can say which keys changed owner.

use std::collections::{BTreeMap, BTreeSet};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "consistent-hash-ring",
    new: || Box::new(Cluster::new(Placement::Ring)),
    broken: || Box::new(Cluster::new(Placement::Modulo)),
    bug: "places a key on node number hash mod N of the sorted node list: plain modulo hashing under a ring's name",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    Ring,
    /// The bug of the broken variant, and of a source that calls this consistent hashing.
    Modulo,
}

const MAX_VNODES: u64 = 1000;

/// FNV-1a, 64 bits, over the UTF-8 bytes, then MurmurHash3's 64-bit finalizer: FNV-1a alone
/// leaves `A#0` … `A#9` within a millionth of the ring of each other.
pub(crate) fn position(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

struct Cluster {
    placement: Placement,
    vnodes: u64,
    /// (position, node): equal positions are ordered by node name.
    points: BTreeSet<(u64, String)>,
    nodes: BTreeSet<String>,
    /// Tracked key → its owner.
    keys: BTreeMap<String, String>,
    created: bool,
}

impl Cluster {
    fn new(placement: Placement) -> Self {
        Cluster {
            placement,
            vnodes: 0,
            points: BTreeSet::new(),
            nodes: BTreeSet::new(),
            keys: BTreeMap::new(),
            created: false,
        }
    }

    fn owner(&self, key: &str) -> Option<&str> {
        let h = position(key);
        match self.placement {
            Placement::Ring => {
                let at_or_after = self.points.range((h, String::new())..).next();
                at_or_after.or_else(|| self.points.first()).map(|(_, node)| node.as_str())
            }
            Placement::Modulo => {
                let n = self.nodes.len() as u64;
                (n > 0).then(|| self.nodes.iter().nth((h % n) as usize).unwrap().as_str())
            }
        }
    }

    /// Recomputes every tracked key's owner; the keys that changed, as `KEY>NODE` in key order.
    fn moves(&mut self) -> String {
        let mut moved = Vec::new();
        let owners: Vec<(String, String)> = self
            .keys
            .keys()
            .map(|k| (k.clone(), self.owner(k).expect("a tracked key has an owner").to_owned()))
            .collect();
        for (key, owner) in owners {
            let old = self.keys.insert(key.clone(), owner.clone());
            if old.as_deref() != Some(owner.as_str()) {
                moved.push(format!("{key}>{owner}"));
            }
        }
        if moved.is_empty() { "empty".into() } else { moved.join(" ") }
    }

    fn add(&mut self, node: &str) -> String {
        if !self.nodes.insert(node.to_owned()) {
            return error("node-exists");
        }
        for i in 0..self.vnodes {
            self.points.insert((position(&format!("{node}#{i}")), node.to_owned()));
        }
        self.moves()
    }

    fn remove(&mut self, node: &str) -> String {
        if !self.nodes.contains(node) {
            return error("no-such-node");
        }
        if self.nodes.len() == 1 {
            return error("last-node");
        }
        self.nodes.remove(node);
        self.points.retain(|(_, n)| n != node);
        self.moves()
    }

    fn put(&mut self, key: &str) -> String {
        let Some(owner) = self.owner(key).map(str::to_owned) else { return error("empty-ring") };
        self.keys.insert(key.to_owned(), owner.clone());
        owner
    }

    /// The arcs ending at the node's points, as a whole percent of the ring, rounded down.
    fn share(&self, node: &str) -> String {
        if !self.nodes.contains(node) {
            return error("no-such-node");
        }
        let ring = 1u128 << 64;
        let mut owned: u128 = 0;
        let mut pred = self.points.last().map_or(0, |(p, _)| *p);
        for (i, (p, n)) in self.points.iter().enumerate() {
            if n == node {
                // The first point's arc wraps past the top; if every point sits at one
                // position, it is the whole ring.
                owned += match p.wrapping_sub(pred) {
                    0 if i == 0 => ring,
                    arc => u128::from(arc),
                };
            }
            pred = *p;
        }
        (owned * 100 / ring).to_string()
    }

    fn keys_of(&self, node: &str) -> String {
        if !self.nodes.contains(node) {
            return error("no-such-node");
        }
        let owned: Vec<&str> =
            self.keys.iter().filter(|(_, o)| *o == node).map(|(k, _)| k.as_str()).collect();
        if owned.is_empty() { "empty".into() } else { owned.join(" ") }
    }
}

impl Machine for Cluster {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("hash", [text]) => return position(text).to_string(),
            ("hash", _) => return bad_arguments(),
            ("new", [vnodes]) => {
                return match count(vnodes) {
                    Some(v) if (1..=MAX_VNODES).contains(&v) => {
                        *self = Cluster::new(self.placement);
                        self.vnodes = v;
                        self.created = true;
                        "ok".into()
                    }
                    _ => error("bad-vnodes"),
                };
            }
            ("new", _) => return bad_arguments(),
            _ => {}
        }
        if !["add", "remove", "put", "owner", "keys", "share"].contains(&name) {
            return unknown_command();
        }
        if !self.created {
            return error("no-ring");
        }
        match (name, args) {
            ("add", [node]) => self.add(node),
            ("remove", [node]) => self.remove(node),
            ("put", [key]) => self.put(key),
            ("owner", [key]) => self.owner(key).map_or_else(|| error("empty-ring"), str::to_owned),
            ("keys", [node]) => self.keys_of(node),
            ("share", [node]) => self.share(node),
            _ => bad_arguments(),
        }
    }
}
