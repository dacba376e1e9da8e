//! What one build makes that the next build of the same process (`serve`) may reuse:
//! parsed pages, readability counts, typeset PDFs. Each cache holds only the entries
//! the last build used, so it never outgrows the site.

use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};

use std::sync::{Mutex, MutexGuard};

/// Entries of the last build by key. A build takes them all at its start, looks up
/// what it needs, and keeps what it used at its end.
#[derive(Debug)]
pub struct LastBuild<K, V>(Mutex<HashMap<K, V>>);

impl<K, V> Default for LastBuild<K, V> {
    fn default() -> Self {
        Self(Mutex::new(HashMap::default()))
    }
}

impl<K: Eq + Hash, V> LastBuild<K, V> {
    /// Takes what the last build left (empty the first time).
    pub fn take(&self) -> HashMap<K, V> {
        std::mem::take(&mut *self.entries())
    }

    /// Keeps `used` (this build's entries, and nothing else) for the next build.
    pub fn keep(&self, used: HashMap<K, V>) {
        *self.entries() = used;
    }

    /// The entries, for looking at or changing them in place (tests).
    pub fn entries(&self) -> MutexGuard<'_, HashMap<K, V>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One build's use of a [`LastBuild`]: what the last build left is looked up, what
/// this build uses is kept for the next, and nothing else. Made once per stage that
/// `serve` caches; without a cache (`build`, `check`) it makes every value and keeps
/// none. What was used is handed to the cache when the memo is dropped.
pub struct Memo<'c, K: Eq + Hash, V> {
    cache: Option<&'c LastBuild<K, V>>,
    previous: HashMap<K, V>,
    used: Mutex<HashMap<K, V>>,
}

impl<'c, K: Eq + Hash, V: Clone> Memo<'c, K, V> {
    /// Takes what the last build left in `cache`, if there is a cache.
    pub fn new(cache: Option<&'c LastBuild<K, V>>) -> Self {
        Self {
            previous: cache.map(LastBuild::take).unwrap_or_default(),
            cache,
            used: Mutex::new(HashMap::default()),
        }
    }

    /// Whether there is a cache (`serve`): only then are keys worth making.
    pub fn is_on(&self) -> bool {
        self.cache.is_some()
    }

    /// The value the last build made for `key`, else `make()`; either is kept.
    pub fn get_or(&self, key: K, make: impl FnOnce() -> V) -> V {
        if self.cache.is_none() {
            return make();
        }
        let value = match self.previous.get(&key) {
            Some(value) => value.clone(),
            None => make(),
        };
        self.keep(key, value.clone());
        value
    }

    /// The value the last build made for `key`, if any (not kept by looking).
    pub fn previous(&self, key: &K) -> Option<&V> {
        self.previous.get(key)
    }

    /// Keeps `value` for the next build (when there is a cache).
    pub fn keep(&self, key: K, value: V) {
        if self.cache.is_some() {
            self.used
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, value);
        }
    }
}

impl<K: Eq + Hash, V> Drop for Memo<'_, K, V> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache {
            let used = std::mem::take(self.used.get_mut().unwrap_or_else(|e| e.into_inner()));
            cache.keep(used);
        }
    }
}

/// A hash of `value`, as cache keys are made.
pub fn key_of(value: &impl Hash) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// A hash of everything `value` serializes, fed straight into the hasher: for keys
/// over template contexts, which have no `Hash` of their own. Strings go in with their
/// length, sequences and maps between markers, fields with their names, so two values
/// that serialize differently hash differently (but for a collision of the hash).
pub fn key_of_serialized(value: &impl serde::Serialize) -> u64 {
    let mut h = HashSerializer(rustc_hash::FxHasher::default());
    // Hashing cannot fail: `HashSerializer` never returns an error of its own, and a
    // value whose `Serialize` fails keeps the hash of what came before, and is
    // rendered again when that changes.
    let _ = value.serialize(&mut h);
    h.0.finish()
}

/// A serde serializer that writes into a hasher (see [`key_of_serialized`]).
struct HashSerializer(rustc_hash::FxHasher);

/// The error type [`HashSerializer`] needs; it never makes one itself.
#[derive(Debug)]
struct HashError(String);

impl std::fmt::Display for HashError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HashError {}

impl serde::ser::Error for HashError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        HashError(msg.to_string())
    }
}

/// Markers between the parts of a value.
const OPEN: u8 = 0xf0;
const CLOSE: u8 = 0xf1;
const NONE: u8 = 0xf2;
const SOME: u8 = 0xf3;
const UNIT: u8 = 0xf4;

impl HashSerializer {
    fn text(&mut self, bytes: &[u8]) {
        self.0.write_usize(bytes.len());
        self.0.write(bytes);
    }

    /// Opens a tuple or struct variant: its index, then its fields as a sequence.
    fn open_variant(&mut self, index: u32) -> Result<&mut Self, HashError> {
        use serde::Serializer;
        self.0.write_u32(index);
        self.serialize_seq(None)
    }
}

type HashResult = Result<(), HashError>;

/// Smaller numbers are hashed as their widest kind.
macro_rules! widen {
    ($($method:ident($ty:ty)),* => $wide:ident) => {$(
        fn $method(self, v: $ty) -> HashResult {
            self.$wide(v.into())
        }
    )*};
}

impl serde::Serializer for &mut HashSerializer {
    type Ok = ();
    type Error = HashError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> HashResult {
        self.0.write_u8(v.into());
        Ok(())
    }
    widen!(serialize_i8(i8), serialize_i16(i16), serialize_i32(i32) => serialize_i64);
    widen!(serialize_u8(u8), serialize_u16(u16), serialize_u32(u32) => serialize_u64);
    fn serialize_i64(self, v: i64) -> HashResult {
        self.0.write_i64(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> HashResult {
        self.0.write_u64(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> HashResult {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> HashResult {
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> HashResult {
        self.0.write_u32(v.into());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> HashResult {
        self.text(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> HashResult {
        self.text(v);
        Ok(())
    }
    fn serialize_none(self) -> HashResult {
        self.0.write_u8(NONE);
        Ok(())
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, value: &T) -> HashResult {
        self.0.write_u8(SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> HashResult {
        self.0.write_u8(UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> HashResult {
        self.text(name.as_bytes());
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> HashResult {
        self.0.write_u32(index);
        Ok(())
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> HashResult {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> HashResult {
        self.0.write_u32(index);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, HashError> {
        self.0.write_u8(OPEN);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, HashError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, HashError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, HashError> {
        self.open_variant(index)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, HashError> {
        self.serialize_seq(None)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, HashError> {
        self.serialize_seq(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, HashError> {
        self.open_variant(index)
    }
}

/// Every compound value: its parts in order, then the closing marker.
macro_rules! compound {
    ($($trait:ident :: $method:ident),*) => {$(
        impl serde::ser::$trait for &mut HashSerializer {
            type Ok = ();
            type Error = HashError;
            fn $method<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> HashResult {
                value.serialize(&mut **self)
            }
            fn end(self) -> HashResult {
                self.0.write_u8(CLOSE);
                Ok(())
            }
        }
    )*};
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl serde::ser::SerializeMap for &mut HashSerializer {
    type Ok = ();
    type Error = HashError;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, key: &T) -> HashResult {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> HashResult {
        value.serialize(&mut **self)
    }
    fn end(self) -> HashResult {
        self.0.write_u8(CLOSE);
        Ok(())
    }
}

/// A struct's fields go in with their names (a skipped field leaves no trace).
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl serde::ser::$trait for &mut HashSerializer {
            type Ok = ();
            type Error = HashError;
            fn serialize_field<T: serde::Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> HashResult {
                self.text(key.as_bytes());
                value.serialize(&mut **self)
            }
            fn end(self) -> HashResult {
                self.0.write_u8(CLOSE);
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::key_of_serialized;
    use std::collections::BTreeMap;

    /// Values that serialize differently get different keys; equal ones equal keys.
    #[test]
    fn serialized_keys_tell_values_apart() {
        #[derive(serde::Serialize)]
        struct Page<'a> {
            title: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            summary: Option<&'a str>,
            tags: Vec<&'a str>,
            #[serde(flatten)]
            extra: BTreeMap<&'a str, u32>,
        }
        let page = |title, summary, tags: Vec<&'static str>, extra: &[(&'static str, u32)]| {
            key_of_serialized(&Page {
                title,
                summary,
                tags,
                extra: extra.iter().copied().collect(),
            })
        };
        let base = page("Aftercare", None, vec!["a", "b"], &[("x", 1)]);
        assert_eq!(base, page("Aftercare", None, vec!["a", "b"], &[("x", 1)]));
        let others = [
            page("Aftercare ", None, vec!["a", "b"], &[("x", 1)]),
            page("Aftercare", Some(""), vec!["a", "b"], &[("x", 1)]),
            page("Aftercare", None, vec!["ab"], &[("x", 1)]),
            page("Aftercare", None, vec!["a", "b", ""], &[("x", 1)]),
            page("Aftercare", None, vec!["b", "a"], &[("x", 1)]),
            page("Aftercare", None, vec!["a", "b"], &[("x", 2)]),
            page("Aftercare", None, vec!["a", "b"], &[("y", 1)]),
            page("Aftercare", None, vec!["a", "b"], &[]),
        ];
        for (i, other) in others.iter().enumerate() {
            assert_ne!(base, *other, "change {i} went unnoticed");
        }
        assert_ne!(
            key_of_serialized(&(1u8, "a")),
            key_of_serialized(&("a", 1u8))
        );
        assert_ne!(key_of_serialized(&Some(0u8)), key_of_serialized(&0u8));
    }
}
