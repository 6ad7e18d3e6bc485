//! LFU cache: a hash map from key to a slot in a vector, and one doubly linked list per use count
//! (most recent at the head), plus the smallest count in use. The victim is the tail of the
//! smallest count's list, so every operation is O(1).

use std::collections::HashMap;

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, capacity, error, place, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "lfu-cache",
    new: || Box::new(Lfu::new(Update::CountsAsUse)),
    broken: || Box::new(Lfu::new(Update::Reinserts)),
    bug: "a put that updates an existing key re-inserts it, resetting its use count to 1",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Update {
    CountsAsUse,
    /// The bug of the broken variant: updating is written as delete plus insert.
    Reinserts,
}

const NONE: usize = usize::MAX;

struct Slot {
    key: String,
    value: String,
    uses: u64,
    prev: usize,
    next: usize,
}

/// The ends of one use count's list of slots.
#[derive(Clone, Copy)]
struct Ends {
    head: usize,
    tail: usize,
}

struct Lfu {
    update: Update,
    capacity: usize,
    index: HashMap<String, usize>,
    slots: Vec<Slot>,
    free: Vec<usize>,
    lists: HashMap<u64, Ends>,
    /// The smallest use count of any entry, valid whenever the cache is full (a deletion may
    /// leave it pointing at an empty list, but the next new key resets it to 1 before any
    /// eviction can need it).
    min_uses: u64,
    created: bool,
}

impl Lfu {
    fn new(update: Update) -> Self {
        Lfu {
            update,
            capacity: 0,
            index: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            lists: HashMap::new(),
            min_uses: 0,
            created: false,
        }
    }

    /// Takes slot `i` out of its count's list; drops the list when it empties.
    fn unlink(&mut self, i: usize) {
        let (uses, prev, next) = (self.slots[i].uses, self.slots[i].prev, self.slots[i].next);
        if prev != NONE {
            self.slots[prev].next = next;
        }
        if next != NONE {
            self.slots[next].prev = prev;
        }
        let ends = self.lists.get_mut(&uses).expect("a linked slot's list exists");
        if ends.head == i {
            ends.head = next;
        }
        if ends.tail == i {
            ends.tail = prev;
        }
        if ends.head == NONE {
            self.lists.remove(&uses);
        }
    }

    /// Puts slot `i` at the head (most recent end) of its count's list.
    fn push_front(&mut self, i: usize) {
        let uses = self.slots[i].uses;
        let ends = self.lists.entry(uses).or_insert(Ends { head: NONE, tail: NONE });
        let old_head = ends.head;
        ends.head = i;
        if ends.tail == NONE {
            ends.tail = i;
        }
        self.slots[i].prev = NONE;
        self.slots[i].next = old_head;
        if old_head != NONE {
            self.slots[old_head].prev = i;
        }
    }

    /// One more use of slot `i`: it moves to the next count's list.
    fn touch(&mut self, i: usize) {
        let uses = self.slots[i].uses;
        self.unlink(i);
        if uses == self.min_uses && !self.lists.contains_key(&uses) {
            self.min_uses = uses + 1;
        }
        self.slots[i].uses = uses + 1;
        self.push_front(i);
    }

    fn remove(&mut self, i: usize) -> String {
        self.unlink(i);
        self.free.push(i);
        let key = std::mem::take(&mut self.slots[i].key);
        self.index.remove(&key);
        key
    }

    fn insert(&mut self, key: &str, value: &str) -> String {
        let mut evicted = None;
        if self.index.len() == self.capacity {
            let victim = self.lists[&self.min_uses].tail;
            evicted = Some(self.remove(victim));
        }
        let slot = Slot { key: key.to_owned(), value: value.to_owned(), uses: 1, prev: NONE, next: NONE };
        let i = place(&mut self.slots, &mut self.free, slot);
        self.index.insert(key.to_owned(), i);
        self.push_front(i);
        self.min_uses = 1;
        match evicted {
            Some(k) => format!("ok evicted {k}"),
            None => "ok".into(),
        }
    }

    fn put(&mut self, key: &str, value: &str) -> String {
        let Some(&i) = self.index.get(key) else { return self.insert(key, value) };
        match self.update {
            Update::CountsAsUse => {
                self.slots[i].value = value.to_owned();
                self.touch(i);
                "ok".into()
            }
            Update::Reinserts => {
                self.remove(i);
                self.insert(key, value)
            }
        }
    }

    /// Every key in eviction order: smallest count first, least recent first within a count.
    fn keys(&self) -> String {
        let mut counts: Vec<u64> = self.lists.keys().copied().collect();
        counts.sort_unstable();
        let mut out = Vec::with_capacity(self.index.len());
        for uses in counts {
            let mut i = self.lists[&uses].tail;
            while i != NONE {
                out.push(self.slots[i].key.as_str());
                i = self.slots[i].prev;
            }
        }
        if out.is_empty() { "empty".into() } else { out.join(" ") }
    }
}

impl Machine for Lfu {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        if name == "new" {
            return match capacity(args) {
                Ok(c) => {
                    *self = Lfu::new(self.update);
                    self.capacity = c;
                    self.created = true;
                    "ok".into()
                }
                Err(reply) => reply,
            };
        }
        if !["put", "get", "del", "count", "size", "keys"].contains(&name) {
            return unknown_command();
        }
        if !self.created {
            return error("no-cache");
        }
        match (name, args) {
            ("put", [key, value]) => self.put(key, value),
            ("get", [key]) => match self.index.get(*key).copied() {
                Some(i) => {
                    self.touch(i);
                    self.slots[i].value.clone()
                }
                None => "miss".into(),
            },
            ("del", [key]) => match self.index.get(*key).copied() {
                Some(i) => {
                    self.remove(i);
                    "ok".into()
                }
                None => "miss".into(),
            },
            ("count", [key]) => match self.index.get(*key) {
                Some(&i) => self.slots[i].uses.to_string(),
                None => "miss".into(),
            },
            ("size", []) => self.index.len().to_string(),
            ("keys", []) => self.keys(),
            _ => bad_arguments(),
        }
    }
}
