//! A sorted set kept in blocks of at most `BLOCK_MAX` items: an insert or a removal moves the
//! items of one block, not of the whole set, and the `n`th item is found by skipping whole
//! blocks. The links due (a burst may hold a thousand) live here: each event adds one and
//! takes one, which in one sorted vector moved half of them both times.

/// Items a block holds at most; a fuller one splits in two.
const BLOCK_MAX: usize = 64;

#[derive(Clone, Debug)]
pub struct BlockSet<T> {
    /// Sorted within and across, none empty but a lone first one (kept, with its room,
    /// for the next insert: the set empties and fills again at every step of a quiet run).
    blocks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for BlockSet<T> {
    fn default() -> Self {
        BlockSet {
            blocks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Ord + Copy> BlockSet<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn clear(&mut self) {
        self.blocks.truncate(1);
        if let Some(first) = self.blocks.first_mut() {
            first.clear();
        }
        self.len = 0;
    }

    /// The block that holds `value` or would: the first whose last item is not below it
    /// (the last block for a value above every item).
    fn block_of(&self, value: &T) -> usize {
        let i = self.blocks.partition_point(|b| b.last() < Some(value));
        i.min(self.blocks.len().saturating_sub(1))
    }

    pub fn contains(&self, value: &T) -> bool {
        self.blocks
            .get(self.block_of(value))
            .is_some_and(|b| b.binary_search(value).is_ok())
    }

    /// Adds `value`; false if it was there.
    pub fn insert(&mut self, value: T) -> bool {
        if self.blocks.is_empty() {
            self.blocks.push(Vec::with_capacity(BLOCK_MAX));
        }
        let i = self.block_of(&value);
        let block = &mut self.blocks[i];
        let Err(at) = block.binary_search(&value) else {
            return false;
        };
        block.insert(at, value);
        self.len += 1;
        if block.len() > BLOCK_MAX {
            let upper = block.split_off(block.len() / 2);
            self.blocks.insert(i + 1, upper);
        }
        true
    }

    /// Takes `value` out; false if it was not there.
    pub fn remove(&mut self, value: &T) -> bool {
        let i = self.block_of(value);
        let Some(block) = self.blocks.get_mut(i) else {
            return false;
        };
        let Ok(at) = block.binary_search(value) else {
            return false;
        };
        block.remove(at);
        self.len -= 1;
        if block.is_empty() && self.blocks.len() > 1 {
            self.blocks.remove(i);
        }
        true
    }

    pub fn first(&self) -> Option<&T> {
        self.blocks.first().and_then(|b| b.first())
    }

    /// The `n`th item in order.
    pub fn nth(&self, mut n: usize) -> Option<&T> {
        for b in &self.blocks {
            match b.get(n) {
                Some(t) => return Some(t),
                None => n -= b.len(),
            }
        }
        None
    }

    /// In order (what debug builds check the index with).
    #[cfg(any(debug_assertions, test))]
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::BlockSet;

    /// Against a sorted vector, over a seeded walk of inserts and removals that splits and
    /// empties blocks.
    #[test]
    fn a_block_set_answers_as_a_sorted_vector() {
        let mut set = BlockSet::default();
        let mut plain: Vec<u32> = Vec::new();
        let mut x: u64 = 7;
        for step in 0..20_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = ((x >> 33) % 500) as u32;
            // Mostly inserts at first, mostly removals later.
            let adding = (x >> 20) % 100 < if step < 10_000 { 70 } else { 30 };
            if adding {
                let fresh = plain
                    .binary_search(&v)
                    .map_err(|i| plain.insert(i, v))
                    .is_err();
                assert_eq!(set.insert(v), fresh);
            } else {
                let held = plain.binary_search(&v).map(|i| plain.remove(i)).is_ok();
                assert_eq!(set.remove(&v), held);
            }
            assert_eq!(set.len(), plain.len());
            assert_eq!(set.first(), plain.first());
            let n = (x >> 40) as usize % (plain.len() + 1);
            assert_eq!(set.nth(n), plain.get(n));
            assert_eq!(set.contains(&v), plain.binary_search(&v).is_ok());
        }
        assert!(set.iter().copied().eq(plain.iter().copied()));
        set.clear();
        assert_eq!((set.len(), set.first()), (0, None));
    }
}
