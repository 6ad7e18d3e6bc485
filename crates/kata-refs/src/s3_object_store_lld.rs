//! S3-style object store: buckets with global names; per bucket a sorted index from key to the
//! key's versions, each an immutable value (bytes shared by reference, size, SHA-256) or a
//! delete marker. Listing is a range scan over the sorted index; `ls` rolls keys up at the
//! first `/` after the prefix. Once versioning is on, puts add versions and deletes add markers.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "s3-object-store-lld",
    new: || Box::new(Store::new(VersionedDelete::Marker)),
    broken: || Box::new(Store::new(VersionedDelete::DropCurrent)),
    bug: "a delete in a versioned bucket removes the current version instead of adding a delete marker, so the previous version comes back",
};

/// What `delete BUCKET KEY` does once versioning is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum VersionedDelete {
    Marker,
    /// The bug of the broken variant.
    DropCurrent,
}

struct Version {
    /// `None` is the `null` version, written while the bucket was not versioned.
    id: Option<u64>,
    /// `None` is a delete marker.
    body: Option<(Rc<[u8]>, [u8; 32])>,
}

impl Version {
    fn id(&self) -> String {
        self.id.map_or_else(|| "null".into(), |n| format!("v{n}"))
    }
}

#[derive(Default)]
struct Bucket {
    versioned: bool,
    last_version: u64,
    /// Key → versions, oldest first; a key with no versions left is removed.
    keys: BTreeMap<String, Vec<Version>>,
}

impl Bucket {
    /// The current version of a key, if it exists and is not a delete marker.
    fn current(&self, key: &str) -> Option<&Version> {
        self.keys.get(key)?.last().filter(|v| v.body.is_some())
    }

    /// Keys with `prefix` whose current version is an object, in byte order.
    fn live_keys<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.keys
            .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
            .take_while(move |(k, _)| k.starts_with(prefix))
            .filter(|(_, vs)| vs.last().is_some_and(|v| v.body.is_some()))
            .map(|(k, _)| k.as_str())
    }
}

struct Store {
    versioned_delete: VersionedDelete,
    buckets: HashMap<String, Bucket>,
}

fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    let inner = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-';
    let edge = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    (3..=63).contains(&b.len()) && b.iter().all(inner) && edge(&b[0]) && edge(&b[b.len() - 1])
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn described(v: &Version) -> String {
    let (bytes, sha) = v.body.as_ref().expect("an object, not a marker");
    format!("{} {} {}", v.id(), bytes.len(), hex(sha))
}

fn listed(items: Vec<&str>) -> String {
    if items.is_empty() { "empty".into() } else { items.join(" ") }
}

impl Store {
    fn new(versioned_delete: VersionedDelete) -> Self {
        Store { versioned_delete, buckets: HashMap::new() }
    }

    fn bucket(&mut self, name: &str) -> Result<&mut Bucket, String> {
        self.buckets.get_mut(name).ok_or_else(|| error("no-such-bucket"))
    }

    fn create(&mut self, name: &str) -> String {
        if !valid_name(name) {
            return error("bad-name");
        }
        if self.buckets.contains_key(name) {
            return error("bucket-exists");
        }
        self.buckets.insert(name.to_owned(), Bucket::default());
        "ok".into()
    }

    fn put(&mut self, b: &mut Bucket, key: &str, content: &str) -> String {
        let Some(bytes) = decode_hex(content) else { return error("bad-content") };
        let sha = sha256(&bytes);
        let versions = b.keys.entry(key.to_owned()).or_default();
        let id = if b.versioned {
            b.last_version += 1;
            Some(b.last_version)
        } else {
            versions.retain(|v| v.id.is_some());
            None
        };
        versions.push(Version { id, body: Some((bytes.into(), sha)) });
        described(versions.last().expect("just pushed"))
    }

    fn get<'a>(b: &'a Bucket, key: &str, version: Option<&str>) -> Result<&'a Version, String> {
        let versions = b.keys.get(key).ok_or_else(|| error("no-such-key"))?;
        match version {
            None => b.current(key).ok_or_else(|| error("no-such-key")),
            Some(id) => {
                let v = versions.iter().find(|v| v.id() == id).ok_or_else(|| error("no-such-version"))?;
                if v.body.is_none() { Err(error("delete-marker")) } else { Ok(v) }
            }
        }
    }

    fn delete(&mut self, b: &mut Bucket, key: &str, version: Option<&str>) -> String {
        if let Some(id) = version {
            let Some(versions) = b.keys.get_mut(key) else { return error("no-such-version") };
            let Some(i) = versions.iter().position(|v| v.id() == id) else { return error("no-such-version") };
            versions.remove(i);
            if versions.is_empty() {
                b.keys.remove(key);
            }
            return "ok".into();
        }
        if !b.versioned {
            b.keys.remove(key);
            return "ok".into();
        }
        b.last_version += 1;
        let id = b.last_version;
        match self.versioned_delete {
            VersionedDelete::Marker => {
                b.keys.entry(key.to_owned()).or_default().push(Version { id: Some(id), body: None });
            }
            VersionedDelete::DropCurrent => {
                if let Some(versions) = b.keys.get_mut(key) {
                    versions.pop();
                    if versions.is_empty() {
                        b.keys.remove(key);
                    }
                }
            }
        }
        format!("ok v{id}")
    }

    fn versions(b: &Bucket, key: &str) -> String {
        let Some(versions) = b.keys.get(key) else { return "empty".into() };
        let parts: Vec<String> = versions
            .iter()
            .rev()
            .map(|v| match &v.body {
                Some((bytes, _)) => format!("{}:{}", v.id(), bytes.len()),
                None => format!("{}:marker", v.id()),
            })
            .collect();
        parts.join(" ")
    }

    fn ls(b: &Bucket, prefix: &str) -> String {
        let mut out: Vec<&str> = Vec::new();
        for key in b.live_keys(prefix) {
            let item = match key[prefix.len()..].find('/') {
                Some(i) => &key[..prefix.len() + i + 1],
                None => key,
            };
            // Cutting sorted keys at their first `/` keeps them sorted, and keys that share a
            // common prefix are adjacent, so one look back removes the repeats.
            if out.last() != Some(&item) {
                out.push(item);
            }
        }
        listed(out)
    }

    fn with_bucket(&mut self, name: &str, f: impl FnOnce(&mut Self, &mut Bucket) -> String) -> String {
        let Some(mut b) = self.buckets.remove(name) else { return error("no-such-bucket") };
        let reply = f(self, &mut b);
        self.buckets.insert(name.to_owned(), b);
        reply
    }
}

impl Machine for Store {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("create-bucket", [b]) => self.create(b),
            ("delete-bucket", [b]) => match self.bucket(b) {
                Err(e) => e,
                Ok(bucket) if !bucket.keys.is_empty() => error("bucket-not-empty"),
                Ok(_) => {
                    self.buckets.remove(*b);
                    "ok".into()
                }
            },
            ("enable-versioning", [b]) => match self.bucket(b) {
                Err(e) => e,
                Ok(bucket) => {
                    bucket.versioned = true;
                    "ok".into()
                }
            },
            ("put", [b, key]) => self.with_bucket(b, |s, bucket| s.put(bucket, key, "")),
            ("put", [b, key, content]) => self.with_bucket(b, |s, bucket| s.put(bucket, key, content)),
            ("get" | "head", [b, key, version @ ..]) if version.len() <= 1 => {
                let Some(bucket) = self.buckets.get(*b) else { return error("no-such-bucket") };
                match Store::get(bucket, key, version.first().copied()) {
                    Err(e) => e,
                    Ok(v) if name == "head" => described(v),
                    Ok(v) => {
                        let bytes = &v.body.as_ref().expect("an object").0;
                        if bytes.is_empty() { "empty".into() } else { hex(bytes) }
                    }
                }
            }
            ("delete", [b, key, version @ ..]) if version.len() <= 1 => {
                self.with_bucket(b, |s, bucket| s.delete(bucket, key, version.first().copied()))
            }
            ("versions", [b, key]) => match self.buckets.get(*b) {
                Some(bucket) => Store::versions(bucket, key),
                None => error("no-such-bucket"),
            },
            ("list" | "ls", [b, prefix @ ..]) if prefix.len() <= 1 => {
                let Some(bucket) = self.buckets.get(*b) else { return error("no-such-bucket") };
                let prefix = prefix.first().copied().unwrap_or("");
                if name == "ls" {
                    Store::ls(bucket, prefix)
                } else {
                    listed(bucket.live_keys(prefix).collect())
                }
            }
            (
                "create-bucket" | "delete-bucket" | "enable-versioning" | "put" | "get" | "head" | "delete"
                | "versions" | "list" | "ls",
                _,
            ) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}

/// SHA-256 (FIPS 180-4), written out because the references take no dependencies.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
    let mut h: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            (hh, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_standard_vectors_across_block_boundaries() {
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let two_blocks = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            hex(&sha256(two_blocks)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(&sha256(&[0x61; 1000])),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
    }
}
