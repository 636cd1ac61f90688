//! Short words read as numbers, and small tables of such keys, each key in a slot of its own,
//! built when compiling: the word lists that a hot loop asks about with one load and one
//! comparison, and no branch on the word.

/// A word's first eight bytes as a number, the first in the lowest byte and zeros past the
/// last, as a loop reads a word with one load and a mask.
pub(crate) const fn bytes_key(word: &[u8]) -> u64 {
    let mut key = 0;
    let mut k = 0;
    while k < word.len() && k < 8 {
        key |= (word[k] as u64) << (8 * k);
        k += 1;
    }
    key
}

/// One byte repeated in every byte of a `u128`, for testing 16 bytes at once.
pub(crate) const fn every_byte(b: u8) -> u128 {
    u128::from_le_bytes([b; 16])
}

/// The first `N` bytes of `bytes` from `at`, zeros past its end.
#[inline]
pub(crate) fn bytes_at<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    match bytes.get(at..).and_then(<[u8]>::first_chunk::<N>) {
        Some(chunk) => *chunk,
        None => bytes_near_end(bytes, at),
    }
}

/// [`bytes_at`] within `N` bytes of the end.
#[cold]
fn bytes_near_end<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut chunk = [0; N];
    let rest = bytes.get(at..).unwrap_or_default();
    chunk
        .iter_mut()
        .zip(rest)
        .for_each(|(to, &from)| *to = from);
    chunk
}

/// The first multiplier that gives each of `keys` a slot of its own among `1 << bits` slots,
/// a key's slot being the top `bits` bits of its product with the multiplier. `bits` is at
/// most 10; the keys are distinct.
pub(crate) const fn multiplier(keys: &[u64], bits: u32) -> u64 {
    assert!(bits >= 1 && bits <= 10);
    let mut m: u64 = 0x9E37_79B9_7F4A_7C15;
    loop {
        let (mut used, mut k, mut clash) = ([0u64; 16], 0, false);
        while k < keys.len() {
            let slot = (keys[k].wrapping_mul(m) >> (64 - bits)) as usize;
            let bit = 1u64 << (slot & 63);
            clash |= used[slot >> 6] & bit != 0;
            used[slot >> 6] |= bit;
            k += 1;
        }
        if !clash {
            return m;
        }
        m = m.wrapping_add(0x2545_F491_4F6C_DD1E);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_holds_the_first_eight_bytes_first_byte_lowest() {
        assert_eq!(bytes_key(b""), 0);
        assert_eq!(bytes_key(b"Mr"), 0x724D);
        assert_eq!(bytes_key(b"abcdefghij"), u64::from_le_bytes(*b"abcdefgh"));
    }

    #[test]
    fn bytes_past_the_end_read_as_zeros() {
        assert_eq!(bytes_at::<4>(b"abcdef", 1), *b"bcde");
        assert_eq!(bytes_at::<4>(b"abcdef", 4), *b"ef\0\0");
        assert_eq!(bytes_at::<4>(b"abc", 9), [0; 4]);
        assert_eq!(every_byte(0x80) >> 120, 0x80);
    }

    #[test]
    fn the_multiplier_gives_every_key_a_slot_of_its_own() {
        let keys: Vec<u64> = ["Mr", "Mrs", "Ms", "Dr", "St", "Co", "al", "No"]
            .iter()
            .map(|w| bytes_key(w.as_bytes()))
            .collect();
        for bits in [4, 6, 8] {
            let m = multiplier(&keys, bits);
            let mut slots: Vec<u64> = keys
                .iter()
                .map(|k| k.wrapping_mul(m) >> (64 - bits))
                .collect();
            slots.sort_unstable();
            slots.dedup();
            assert_eq!(slots.len(), keys.len(), "{bits} bits");
        }
    }
}
