//! Share links: a scenario script packed into a URL fragment (`v1.` + base64url), and unpacked
//! with clear errors for anything truncated, corrupted, oversized or from a future version.

use crate::base64::{self, Alphabet, DecodeError};
use crate::sandbox::SCRIPT_BYTES_MAX;

const PREFIX: &str = "v1.";

/// Packs a script for a URL fragment.
pub fn encode(script: &str) -> String {
    format!(
        "{PREFIX}{}",
        base64::encode(script.as_bytes(), Alphabet::UrlSafe)
    )
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
    let out = base64::decode(body, Alphabet::UrlSafe).map_err(|e| match e {
        DecodeError::Character(c) => format!("the link is corrupted (unexpected character '{c}')"),
        DecodeError::Truncated => "the link is truncated".to_string(),
    })?;
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
