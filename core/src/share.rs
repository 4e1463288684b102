//! Share links: a scenario script packed into a URL fragment (`v1.` + base64url), and unpacked
//! with clear errors for anything truncated, corrupted, oversized or from a future version.

use crate::sandbox::SCRIPT_BYTES_MAX;

const PREFIX: &str = "v1.";
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Packs a script for a URL fragment.
pub fn encode(script: &str) -> String {
    let bytes = script.as_bytes();
    let mut out = String::from(PREFIX);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Unpacks a share link's fragment back into a script.
pub fn decode(text: &str) -> Result<String, String> {
    let Some(body) = text.strip_prefix(PREFIX) else {
        return Err(match text.split_once('.') {
            Some((v, _)) if v.starts_with('v') => {
                format!("this link was made by a newer zkplay (format {v}); this one reads v1")
            }
            _ => "this is not a zkplay share link".into(),
        });
    };
    if body.len() / 4 * 3 > SCRIPT_BYTES_MAX {
        return Err(format!(
            "the link holds more than {SCRIPT_BYTES_MAX} bytes of script"
        ));
    }
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(body.len() / 4 * 3);
    for c in body.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c).ok_or_else(|| {
            format!(
                "the link is corrupted (unexpected character '{}')",
                c as char
            )
        })?;
        bits = (bits << 6) | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    if count >= 6 {
        return Err("the link is truncated".into());
    }
    String::from_utf8(out).map_err(|_| "the link is corrupted (not UTF-8 text)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in ["", "a", "ab", "abc", "session a\na: create /x \"héllo\"\n"] {
            assert_eq!(decode(&encode(s)).unwrap(), s);
        }
    }

    #[test]
    fn clear_errors() {
        assert!(decode("v2.abc").unwrap_err().contains("newer"));
        assert!(decode("hello").unwrap_err().contains("not a zkplay"));
        assert!(decode("v1.a").unwrap_err().contains("truncated"));
        assert!(decode("v1.a*cd").unwrap_err().contains("corrupted"));
    }
}
