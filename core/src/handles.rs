//! A table of values named by handles: how the bindings keep streaming hashers.
//!
//! A handle is a plain number JavaScript holds instead of an engine object with a
//! finalizer, so freeing a hasher never waits for the garbage collector (see the bindings'
//! hasher modules). Each slot counts the values it has held, and a handle names the count
//! too (modulo [`GENERATIONS`]), so a stale handle (used after its value was removed) does
//! not reach the slot's next occupants. A handle is `slot * GENERATIONS + generation`: below
//! 2^30 for the first two million slots, a small integer to JavaScript engines (one that
//! costs no allocation), and exact in a JavaScript number far beyond.

/// How many generations a slot tells apart before its handles repeat.
pub const GENERATIONS: u64 = 512;

/// Values by handle.
#[derive(Debug)]
pub struct Handles<T> {
    slots: Vec<(u32, Option<T>)>,
    free: Vec<usize>,
}

impl<T> Default for Handles<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Handles<T> {
    /// An empty table.
    pub const fn new() -> Self {
        Handles {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Stores `value`; returns its handle.
    ///
    /// ```
    /// let mut table = hashmill_core::Handles::new();
    /// let a = table.insert("a");
    /// assert_eq!(table.remove(a), Some("a"));
    /// let b = table.insert("b");
    /// assert_eq!(table.get(a), None, "a stale handle finds nothing");
    /// assert_eq!(table.get(b), Some(&"b"));
    /// ```
    pub fn insert(&mut self, value: T) -> u64 {
        let slot = match self.free.pop() {
            Some(slot) => {
                let entry = &mut self.slots[slot];
                entry.0 = (entry.0 + 1) % GENERATIONS as u32;
                entry.1 = Some(value);
                slot
            }
            None => {
                self.slots.push((0, Some(value)));
                self.slots.len() - 1
            }
        };
        slot as u64 * GENERATIONS + u64::from(self.slots[slot].0)
    }

    fn slot(&self, handle: u64) -> Option<usize> {
        let slot = usize::try_from(handle / GENERATIONS).ok()?;
        let entry = self.slots.get(slot)?;
        (u64::from(entry.0) == handle % GENERATIONS && entry.1.is_some()).then_some(slot)
    }

    /// The value of `handle`, if it is still there.
    pub fn get(&self, handle: u64) -> Option<&T> {
        self.slots[self.slot(handle)?].1.as_ref()
    }

    /// The value of `handle`, mutably.
    pub fn get_mut(&mut self, handle: u64) -> Option<&mut T> {
        let slot = self.slot(handle)?;
        self.slots[slot].1.as_mut()
    }

    /// Takes the value of `handle` out; the handle is stale from now on.
    pub fn remove(&mut self, handle: u64) -> Option<T> {
        let slot = self.slot(handle)?;
        self.free.push(slot);
        self.slots[slot].1.take()
    }

    /// How many values are stored.
    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Whether no value is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_reused_and_stale_handles_refused() {
        let mut table = Handles::new();
        let handles: Vec<u64> = (0..10).map(|i| table.insert(i)).collect();
        assert_eq!(table.len(), 10);
        for &h in &handles[..5] {
            assert!(table.remove(h).is_some());
            assert_eq!(table.remove(h), None, "removed twice");
        }
        let again: Vec<u64> = (0..5).map(|i| table.insert(100 + i)).collect();
        assert_eq!(table.len(), 10);
        assert!(handles[..5].iter().all(|&h| table.get(h).is_none()));
        assert!(again.iter().all(|&h| h / GENERATIONS < 10), "slots reused");
        *table.get_mut(again[0]).unwrap() += 1;
        assert_eq!(table.get(again[0]), Some(&101));
        assert_eq!(table.get(u64::MAX), None);
    }

    #[test]
    fn handles_of_early_slots_stay_small_integers() {
        let mut table = Handles::new();
        let mut largest = 0;
        for _ in 0..(3 * GENERATIONS) {
            let handle = table.insert(());
            largest = largest.max(handle);
            table.remove(handle);
        }
        assert!(largest < GENERATIONS, "one slot, reused: {largest}");
        const { assert!(2_000_000 * GENERATIONS < 1 << 30) };
    }
}
