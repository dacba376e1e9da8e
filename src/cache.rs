//! What one build makes that the next build of the same process (`serve`) may reuse:
//! parsed pages, readability counts, typeset PDFs. Each cache holds only the entries
//! the last build used, so it never outgrows the site.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, MutexGuard};

/// Entries of the last build by key. A build takes them all at its start, looks up
/// what it needs, and keeps what it used at its end.
#[derive(Debug)]
pub struct LastBuild<K, V>(Mutex<HashMap<K, V>>);

impl<K, V> Default for LastBuild<K, V> {
    fn default() -> Self {
        Self(Mutex::new(HashMap::new()))
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

/// A hash of `value`, as cache keys are made.
pub fn key_of(value: &impl Hash) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// A hash of `value` as JSON, streamed into the hasher: for keys over template
/// contexts, which have no `Hash` of their own.
pub fn key_of_serialized(value: &impl serde::Serialize) -> u64 {
    struct HashWriter(rustc_hash::FxHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(rustc_hash::FxHasher::default());
    // Writing into a hasher cannot fail; a value that cannot be serialized gets the
    // hash of what was written so far, and is rendered again when it changes.
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}
