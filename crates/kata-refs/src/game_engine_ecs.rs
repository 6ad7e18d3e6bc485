//! Game engine ECS: generational entity handles from an allocator that reuses the most recently
//! freed index, one sparse set per component type (dense values, dense owners, sparse index;
//! O(1) add and swap-remove), a fixed-step physics system fed by a frame backlog, a late-update
//! follow system, and reference-counted shared textures.

use std::collections::BTreeMap;

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "game-engine-ecs",
    new: || Box::new(World::new(Floor::AfterMove)),
    broken: || Box::new(World::new(Floor::InsideAirborneBranch)),
    bug: "moves first, then applies gravity and the floor clamp only inside `if y > 0`, where the \
          clamp can never fire: bodies fall through the floor",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Floor {
    AfterMove,
    /// The bug of the broken variant.
    InsideAirborneBranch,
}

const STEP_MS: u64 = 20;
const MAX_FRAME_MS: u64 = 250;
const GRAVITY: i64 = 2;
const NONE: usize = usize::MAX;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Entity {
    index: usize,
    generation: u32,
}

impl Entity {
    fn parse(word: &str) -> Option<Entity> {
        let (index, generation) = word.strip_prefix('e')?.split_once('v')?;
        let index = usize::try_from(count(index)?).ok()?;
        let generation = u32::try_from(count(generation)?).ok()?;
        (index >= 1 && generation >= 1).then_some(Entity { index, generation })
    }

    fn show(self) -> String {
        format!("e{}v{}", self.index, self.generation)
    }
}

/// One component type's storage: values packed densely, found through a sparse index.
struct SparseSet<T> {
    values: Vec<T>,
    owners: Vec<usize>,
    slot: Vec<usize>,
}

impl<T> SparseSet<T> {
    fn new() -> Self {
        SparseSet { values: Vec::new(), owners: Vec::new(), slot: Vec::new() }
    }

    fn get(&self, index: usize) -> Option<&T> {
        self.slot.get(index).filter(|s| **s != NONE).map(|s| &self.values[*s])
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.slot.get(index).filter(|s| **s != NONE).map(|s| &mut self.values[*s])
    }

    fn contains(&self, index: usize) -> bool {
        self.get(index).is_some()
    }

    /// Inserts or replaces; returns the replaced value.
    fn insert(&mut self, index: usize, value: T) -> Option<T> {
        if let Some(old) = self.get_mut(index) {
            return Some(std::mem::replace(old, value));
        }
        if self.slot.len() <= index {
            self.slot.resize(index + 1, NONE);
        }
        self.slot[index] = self.values.len();
        self.values.push(value);
        self.owners.push(index);
        None
    }

    fn remove(&mut self, index: usize) -> Option<T> {
        let s = *self.slot.get(index).filter(|s| **s != NONE)?;
        self.slot[index] = NONE;
        let value = self.values.swap_remove(s);
        self.owners.swap_remove(s);
        if let Some(&moved) = self.owners.get(s) {
            self.slot[moved] = s;
        }
        Some(value)
    }
}

#[derive(Clone, Copy)]
struct Body {
    grounded: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pos,
    Vel,
    Body,
    Sprite,
    Follow,
}

impl Kind {
    fn parse(word: &str) -> Option<Kind> {
        Some(match word {
            "pos" => Kind::Pos,
            "vel" => Kind::Vel,
            "body" => Kind::Body,
            "sprite" => Kind::Sprite,
            "follow" => Kind::Follow,
            _ => return None,
        })
    }
}

struct World {
    floor: Floor,
    generations: Vec<u32>,
    alive: Vec<bool>,
    free: Vec<usize>,
    pos: SparseSet<(i64, i64)>,
    vel: SparseSet<(i64, i64)>,
    body: SparseSet<Body>,
    sprite: SparseSet<String>,
    follow: SparseSet<Entity>,
    /// Texture → how many sprites use it; loaded with the first, unloaded with the last.
    textures: BTreeMap<String, usize>,
    backlog_ms: u64,
}

impl World {
    fn new(floor: Floor) -> Self {
        World {
            floor,
            generations: vec![0],
            alive: vec![false],
            free: Vec::new(),
            pos: SparseSet::new(),
            vel: SparseSet::new(),
            body: SparseSet::new(),
            sprite: SparseSet::new(),
            follow: SparseSet::new(),
            textures: BTreeMap::new(),
            backlog_ms: 0,
        }
    }

    fn is_alive(&self, e: Entity) -> bool {
        self.alive.get(e.index).copied().unwrap_or(false) && self.generations[e.index] == e.generation
    }

    fn spawn(&mut self) -> Entity {
        let index = match self.free.pop() {
            Some(index) => index,
            None => {
                self.generations.push(0);
                self.alive.push(false);
                self.generations.len() - 1
            }
        };
        self.generations[index] += 1;
        self.alive[index] = true;
        Entity { index, generation: self.generations[index] }
    }

    fn release_texture(&mut self, texture: &str) {
        if let Some(users) = self.textures.get_mut(texture) {
            *users -= 1;
            if *users == 0 {
                self.textures.remove(texture);
            }
        }
    }

    fn remove(&mut self, index: usize, kind: Kind) -> bool {
        match kind {
            Kind::Pos => self.pos.remove(index).is_some(),
            Kind::Vel => self.vel.remove(index).is_some(),
            Kind::Body => self.body.remove(index).is_some(),
            Kind::Follow => self.follow.remove(index).is_some(),
            Kind::Sprite => match self.sprite.remove(index) {
                Some(texture) => {
                    self.release_texture(&texture);
                    true
                }
                None => false,
            },
        }
    }

    fn despawn(&mut self, e: Entity) {
        for kind in [Kind::Pos, Kind::Vel, Kind::Body, Kind::Sprite, Kind::Follow] {
            self.remove(e.index, kind);
        }
        self.alive[e.index] = false;
        self.free.push(e.index);
    }

    fn add(&mut self, e: Entity, kind: Kind, args: &[&str]) -> String {
        let pair = || match args {
            [x, y] => Some((x.parse::<i64>().ok()?, y.parse::<i64>().ok()?)),
            _ => None,
        };
        match (kind, args) {
            (Kind::Pos | Kind::Vel, _) => {
                let Some(v) = pair() else { return bad_arguments() };
                if !self.is_alive(e) {
                    return error("dead-entity");
                }
                if kind == Kind::Pos {
                    self.pos.insert(e.index, v)
                } else {
                    self.vel.insert(e.index, v)
                };
            }
            (Kind::Body, []) => {
                if !self.is_alive(e) {
                    return error("dead-entity");
                }
                self.body.insert(e.index, Body { grounded: false });
            }
            (Kind::Sprite, [texture]) => {
                if !self.is_alive(e) {
                    return error("dead-entity");
                }
                *self.textures.entry((*texture).to_owned()).or_default() += 1;
                if let Some(old) = self.sprite.insert(e.index, (*texture).to_owned()) {
                    self.release_texture(&old);
                }
            }
            (Kind::Follow, [target]) => {
                let Some(target) = Entity::parse(target) else { return bad_arguments() };
                if !self.is_alive(e) || !self.is_alive(target) {
                    return error("dead-entity");
                }
                self.follow.insert(e.index, target);
            }
            _ => return bad_arguments(),
        }
        "ok".into()
    }

    fn get(&self, e: Entity, kind: Kind) -> String {
        if !self.is_alive(e) {
            return error("dead-entity");
        }
        let i = e.index;
        let value = match kind {
            Kind::Pos => self.pos.get(i).map(|(x, y)| format!("{x} {y}")),
            Kind::Vel => self.vel.get(i).map(|(x, y)| format!("{x} {y}")),
            Kind::Body => {
                self.body.get(i).map(|b| String::from(if b.grounded { "grounded" } else { "airborne" }))
            }
            Kind::Sprite => self.sprite.get(i).cloned(),
            Kind::Follow => self.follow.get(i).map(|t| t.show()),
        };
        value.unwrap_or_else(|| error("missing-component"))
    }

    fn has(&self, index: usize, kind: Kind) -> bool {
        match kind {
            Kind::Pos => self.pos.contains(index),
            Kind::Vel => self.vel.contains(index),
            Kind::Body => self.body.contains(index),
            Kind::Sprite => self.sprite.contains(index),
            Kind::Follow => self.follow.contains(index),
        }
    }

    fn owners(&self, kind: Kind) -> &[usize] {
        match kind {
            Kind::Pos => &self.pos.owners,
            Kind::Vel => &self.vel.owners,
            Kind::Body => &self.body.owners,
            Kind::Sprite => &self.sprite.owners,
            Kind::Follow => &self.follow.owners,
        }
    }

    /// Walks the smallest store and probes the others.
    fn query(&self, kinds: &[Kind]) -> String {
        let Some(&smallest) = kinds.iter().min_by_key(|k| self.owners(**k).len()) else {
            return bad_arguments();
        };
        let found: Vec<String> = self
            .owners(smallest)
            .iter()
            .filter(|&&i| kinds.iter().all(|k| self.has(i, *k)))
            .map(|&i| Entity { index: i, generation: self.generations[i] }.show())
            .collect();
        if found.is_empty() { "empty".into() } else { found.join(" ") }
    }

    /// One physics step over every entity with `pos` and `vel`.
    fn step(&mut self) {
        for s in 0..self.vel.values.len() {
            let i = self.vel.owners[s];
            let Some(p) = self.pos.get_mut(i) else { continue };
            let v = &mut self.vel.values[s];
            let body = self.body.get_mut(i);
            match (self.floor, body) {
                (_, None) => {
                    p.0 += v.0;
                    p.1 += v.1;
                }
                (Floor::AfterMove, Some(b)) => {
                    v.1 -= GRAVITY;
                    p.0 += v.0;
                    p.1 += v.1;
                    b.grounded = p.1 <= 0;
                    if b.grounded {
                        p.1 = 0;
                        v.1 = v.1.max(0);
                    }
                }
                (Floor::InsideAirborneBranch, Some(b)) => {
                    p.0 += v.0;
                    p.1 += v.1;
                    if p.1 > 0 {
                        v.1 -= GRAVITY;
                        if p.1 < 0 {
                            p.1 = 0;
                        }
                    }
                    b.grounded = p.1 <= 0;
                }
            }
        }
    }

    /// Late update: followers take their living target's position.
    fn follow_targets(&mut self) {
        for s in 0..self.follow.values.len() {
            let (i, target) = (self.follow.owners[s], self.follow.values[s]);
            if !self.is_alive(target) {
                continue;
            }
            let Some(&at) = self.pos.get(target.index) else { continue };
            if let Some(p) = self.pos.get_mut(i) {
                *p = at;
            }
        }
    }

    fn frame(&mut self, ms: u64) -> String {
        self.backlog_ms += ms.min(MAX_FRAME_MS);
        let mut steps = 0;
        while self.backlog_ms >= STEP_MS {
            self.step();
            self.backlog_ms -= STEP_MS;
            steps += 1;
        }
        self.follow_targets();
        format!("steps {steps}")
    }
}

impl Machine for World {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        let entity = |word: &str| Entity::parse(word);
        match (name, args) {
            ("spawn", []) => self.spawn().show(),
            ("despawn", [e]) => match entity(e) {
                Some(e) if self.is_alive(e) => {
                    self.despawn(e);
                    "ok".into()
                }
                Some(_) => error("dead-entity"),
                None => bad_arguments(),
            },
            ("alive", [e]) => match entity(e) {
                Some(e) => String::from(if self.is_alive(e) { "yes" } else { "no" }),
                None => bad_arguments(),
            },
            ("add", [e, kind, rest @ ..]) => match (entity(e), Kind::parse(kind)) {
                (Some(e), Some(kind)) => self.add(e, kind, rest),
                _ => bad_arguments(),
            },
            ("remove", [e, kind]) => match (entity(e), Kind::parse(kind)) {
                (Some(e), Some(_)) if !self.is_alive(e) => error("dead-entity"),
                (Some(e), Some(kind)) => {
                    if self.remove(e.index, kind) {
                        "ok".into()
                    } else {
                        error("missing-component")
                    }
                }
                _ => bad_arguments(),
            },
            ("get", [e, kind]) => match (entity(e), Kind::parse(kind)) {
                (Some(e), Some(kind)) => self.get(e, kind),
                _ => bad_arguments(),
            },
            ("query", kinds) if !kinds.is_empty() => {
                match kinds.iter().map(|k| Kind::parse(k)).collect::<Option<Vec<Kind>>>() {
                    Some(kinds) => self.query(&kinds),
                    None => bad_arguments(),
                }
            }
            ("impulse", [e, dx, dy]) => match (entity(e), dx.parse::<i64>(), dy.parse::<i64>()) {
                (Some(e), Ok(dx), Ok(dy)) => {
                    if !self.is_alive(e) {
                        return error("dead-entity");
                    }
                    match self.vel.get_mut(e.index) {
                        Some(v) => {
                            v.0 += dx;
                            v.1 += dy;
                            "ok".into()
                        }
                        None => error("missing-component"),
                    }
                }
                _ => bad_arguments(),
            },
            ("frame", [ms]) => match count(ms) {
                Some(ms) => self.frame(ms),
                None => bad_arguments(),
            },
            ("textures", []) => {
                if self.textures.is_empty() {
                    return "empty".into();
                }
                self.textures.iter().map(|(t, n)| format!("{t}:{n}")).collect::<Vec<_>>().join(" ")
            }
            (
                "spawn" | "despawn" | "alive" | "add" | "remove" | "get" | "query" | "impulse" | "frame"
                | "textures",
                _,
            ) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}
