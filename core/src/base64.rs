//! Base64, the one codec of the crate: the standard alphabet with padding (the digest ACL
//! scheme's hashes, as Java's `Base64.getEncoder()` writes them) and the URL-safe one without
//! padding (share links).

/// Which alphabet, and whether the output is padded to whole quads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alphabet {
    /// `+` and `/`, padded with `=`.
    Standard,
    /// `-` and `_`, unpadded.
    UrlSafe,
}

impl Alphabet {
    fn table(self) -> &'static [u8; 64] {
        match self {
            Alphabet::Standard => {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            }
            Alphabet::UrlSafe => {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            }
        }
    }
}

/// Encodes bytes.
pub fn encode(bytes: &[u8], alphabet: Alphabet) -> String {
    let table = alphabet.table();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(table[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if alphabet == Alphabet::Standard {
                out.push('=');
            }
        }
    }
    out
}

/// Why text does not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside the alphabet.
    Character(char),
    /// Ends in the middle of a byte.
    Truncated,
}

/// Decodes unpadded text.
pub fn decode(text: &str, alphabet: Alphabet) -> Result<Vec<u8>, DecodeError> {
    let table = alphabet.table();
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for c in text.chars() {
        let v = table
            .iter()
            .position(|&a| char::from(a) == c)
            .ok_or(DecodeError::Character(c))?;
        bits = (bits << 6) | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    if count >= 6 {
        return Err(DecodeError::Truncated);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_is_padded() {
        assert_eq!(encode(b"", Alphabet::Standard), "");
        assert_eq!(encode(b"f", Alphabet::Standard), "Zg==");
        assert_eq!(encode(b"fo", Alphabet::Standard), "Zm8=");
        assert_eq!(encode(b"foo", Alphabet::Standard), "Zm9v");
        assert_eq!(encode(&[0xfb, 0xff], Alphabet::Standard), "+/8=");
    }

    #[test]
    fn url_safe_round_trips_unpadded() {
        assert_eq!(encode(&[0xfb, 0xff], Alphabet::UrlSafe), "-_8");
        for s in ["", "a", "ab", "abc", "héllo wörld"] {
            let e = encode(s.as_bytes(), Alphabet::UrlSafe);
            assert_eq!(decode(&e, Alphabet::UrlSafe).unwrap(), s.as_bytes());
        }
        assert_eq!(decode("a", Alphabet::UrlSafe), Err(DecodeError::Truncated));
        assert_eq!(
            decode("a*", Alphabet::UrlSafe),
            Err(DecodeError::Character('*'))
        );
    }
}
