//! LRU cache: a hash map from key to a slot of a doubly linked list kept in a vector (indices,
//! not pointers), most recent at the head. Every operation is O(1).

use std::collections::HashMap;

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, capacity, error, place, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "lru-cache",
    new: || Box::new(Lru::new(Eviction::LeastRecent)),
    broken: || Box::new(Lru::new(Eviction::MostRecent)),
    bug: "evicts the most recently used key instead of the least recently used",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Eviction {
    LeastRecent,
    /// The bug of the broken variant.
    MostRecent,
}

const NONE: usize = usize::MAX;

struct Slot {
    key: String,
    value: String,
    prev: usize,
    next: usize,
}

struct Lru {
    eviction: Eviction,
    capacity: usize,
    index: HashMap<String, usize>,
    slots: Vec<Slot>,
    free: Vec<usize>,
    head: usize,
    tail: usize,
    created: bool,
}

impl Lru {
    fn new(eviction: Eviction) -> Self {
        Lru {
            eviction,
            capacity: 0,
            index: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            head: NONE,
            tail: NONE,
            created: false,
        }
    }

    fn unlink(&mut self, i: usize) {
        let (prev, next) = (self.slots[i].prev, self.slots[i].next);
        if prev == NONE {
            self.head = next
        } else {
            self.slots[prev].next = next
        }
        if next == NONE { self.tail = prev } else { self.slots[next].prev = prev }
    }

    fn push_front(&mut self, i: usize) {
        self.slots[i].prev = NONE;
        self.slots[i].next = self.head;
        if self.head != NONE {
            self.slots[self.head].prev = i;
        }
        self.head = i;
        if self.tail == NONE {
            self.tail = i;
        }
    }

    fn touch(&mut self, i: usize) {
        self.unlink(i);
        self.push_front(i);
    }

    fn remove(&mut self, i: usize) -> String {
        self.unlink(i);
        self.free.push(i);
        let key = std::mem::take(&mut self.slots[i].key);
        self.index.remove(&key);
        key
    }

    fn put(&mut self, key: &str, value: &str) -> String {
        if let Some(&i) = self.index.get(key) {
            self.slots[i].value = value.to_owned();
            self.touch(i);
            return "ok".into();
        }
        let mut evicted = None;
        if self.index.len() == self.capacity {
            let victim = match self.eviction {
                Eviction::LeastRecent => self.tail,
                Eviction::MostRecent => self.head,
            };
            evicted = Some(self.remove(victim));
        }
        let slot = Slot { key: key.to_owned(), value: value.to_owned(), prev: NONE, next: NONE };
        let i = place(&mut self.slots, &mut self.free, slot);
        self.index.insert(key.to_owned(), i);
        self.push_front(i);
        match evicted {
            Some(k) => format!("ok evicted {k}"),
            None => "ok".into(),
        }
    }

    fn keys(&self) -> String {
        let mut out = Vec::with_capacity(self.index.len());
        let mut i = self.head;
        while i != NONE {
            out.push(self.slots[i].key.as_str());
            i = self.slots[i].next;
        }
        if out.is_empty() { "empty".into() } else { out.join(" ") }
    }
}

impl Machine for Lru {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        if name == "new" {
            return match capacity(args) {
                Ok(c) => {
                    *self = Lru::new(self.eviction);
                    self.capacity = c;
                    self.created = true;
                    "ok".into()
                }
                Err(reply) => reply,
            };
        }
        if !["put", "get", "del", "size", "keys"].contains(&name) {
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
            ("size", []) => self.index.len().to_string(),
            ("keys", []) => self.keys(),
            _ => bad_arguments(),
        }
    }
}
