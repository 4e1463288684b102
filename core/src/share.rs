//! Share links: a scenario script packed into a URL fragment (`s=v1.` + base64url, then the
//! page's language, `&lang=zh`), and unpacked with clear errors for anything truncated,
//! corrupted, oversized or from a future version. Links made before the language was part of
//! them (`#s=v1.…` alone) open as they always did.

use std::fmt;

use crate::base64::{self, Alphabet, DecodeError};
use crate::sandbox::SCRIPT_BYTES_MAX;
use crate::tutorial::Lang;

const PREFIX: &str = "v1.";

/// What a share link holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub script: String,
    /// The language the page was in; absent in links made before it was recorded.
    pub lang: Option<Lang>,
}

/// Why a share link cannot be opened. The page words each in its own language; `Display` is
/// the English wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not a zkplay share link at all.
    NotALink,
    /// Made by a newer zkplay, in the format `found` (this one reads v1).
    NewerFormat { found: String },
    /// More script than the sandbox takes.
    TooLong { bytes_max: usize },
    /// A character base64url does not use.
    Corrupted { character: char },
    /// Cut short.
    Truncated,
    /// Decodes to bytes that are not UTF-8 text.
    NotText,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink => f.write_str("this is not a zkplay share link"),
            ShareError::NewerFormat { found } => write!(
                f,
                "this link was made by a newer zkplay (format {found}); this one reads v1"
            ),
            ShareError::TooLong { bytes_max } => {
                write!(f, "the link holds more than {bytes_max} bytes of script")
            }
            ShareError::Corrupted { character } => {
                write!(
                    f,
                    "the link is corrupted (unexpected character '{character}')"
                )
            }
            ShareError::Truncated => f.write_str("the link is truncated"),
            ShareError::NotText => f.write_str("the link is corrupted (not UTF-8 text)"),
        }
    }
}

/// Packs a script for a URL fragment.
pub fn encode(script: &str) -> String {
    format!(
        "{PREFIX}{}",
        base64::encode(script.as_bytes(), Alphabet::UrlSafe)
    )
}

/// Unpacks a packed script (what [`encode`] made) back into the script.
pub fn decode(text: &str) -> Result<String, ShareError> {
    let Some(body) = text.strip_prefix(PREFIX) else {
        return Err(match text.split_once('.') {
            Some((v, _)) if v.starts_with('v') => ShareError::NewerFormat {
                found: v.to_string(),
            },
            _ => ShareError::NotALink,
        });
    };
    if body.len() / 4 * 3 > SCRIPT_BYTES_MAX {
        return Err(ShareError::TooLong {
            bytes_max: SCRIPT_BYTES_MAX,
        });
    }
    let out = base64::decode(body, Alphabet::UrlSafe).map_err(|e| match e {
        DecodeError::Character(character) => ShareError::Corrupted { character },
        DecodeError::Truncated => ShareError::Truncated,
    })?;
    String::from_utf8(out).map_err(|_| ShareError::NotText)
}

/// The URL fragment (without its `#`) of a link to `script`, opening in `lang`.
pub fn fragment(script: &str, lang: Lang) -> String {
    format!("s={}&lang={}", encode(script), lang.code())
}

/// The link in a URL fragment (with or without its `#`), if the fragment holds one; unknown
/// parameters and an unknown language are ignored.
pub fn parse_fragment(fragment: &str) -> Option<Result<Link, ShareError>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let (mut packed, mut lang) = (None, None);
    for part in fragment.split('&') {
        match part.split_once('=') {
            Some(("s", value)) => packed = Some(value),
            Some(("lang", value)) => lang = Lang::parse(value),
            _ => {}
        }
    }
    Some(decode(packed?).map(|script| Link { script, lang }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in ["", "a", "ab", "abc", "session a\na: create /x \"héllo\"\n"] {
            assert_eq!(decode(&encode(s)).unwrap(), s);
            for lang in [Lang::En, Lang::Zh] {
                let link = parse_fragment(&fragment(s, lang)).unwrap().unwrap();
                assert_eq!(
                    link,
                    Link {
                        script: s.into(),
                        lang: Some(lang)
                    }
                );
            }
        }
    }

    #[test]
    fn links_from_before_the_language_still_open() {
        // `session a\n`, shared by a zkplay that did not record the language.
        let old = "#s=v1.c2Vzc2lvbiBhCg";
        assert_eq!(
            parse_fragment(old),
            Some(Ok(Link {
                script: "session a\n".into(),
                lang: None
            }))
        );
        assert_eq!(
            parse_fragment("#s=v1.c2Vzc2lvbiBhCg&lang=zh")
                .unwrap()
                .unwrap()
                .lang,
            Some(Lang::Zh)
        );
        // An unknown language or parameter is ignored; no script is no link.
        assert_eq!(
            parse_fragment("lang=fr&x=1&s=v1.c2Vzc2lvbiBhCg")
                .unwrap()
                .unwrap()
                .lang,
            None
        );
        assert_eq!(parse_fragment("#lang=zh"), None);
        assert_eq!(parse_fragment(""), None);
    }

    #[test]
    fn clear_errors() {
        assert_eq!(
            decode("v2.abc"),
            Err(ShareError::NewerFormat { found: "v2".into() })
        );
        assert!(decode("v2.abc").unwrap_err().to_string().contains("newer"));
        assert_eq!(decode("hello"), Err(ShareError::NotALink));
        assert_eq!(decode("v1.a"), Err(ShareError::Truncated));
        assert_eq!(
            decode("v1.a*cd"),
            Err(ShareError::Corrupted { character: '*' })
        );
        assert_eq!(
            parse_fragment("#s=v1.@@@corrupted"),
            Some(Err(ShareError::Corrupted { character: '@' }))
        );
        let long = format!("v1.{}", "A".repeat(SCRIPT_BYTES_MAX * 2));
        assert!(matches!(decode(&long), Err(ShareError::TooLong { .. })));
    }
}
