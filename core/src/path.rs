//! Znode path validation exactly as ZooKeeper's `PathUtils.validatePath`, and path helpers.

use std::fmt;

/// Why a path is not a valid znode path; `Display` gives ZooKeeper's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn invalid(path: &str, reason: String) -> PathError {
    PathError {
        message: format!("Invalid path string \"{path}\" caused by {reason}"),
    }
}

/// Validates a path as ZooKeeper does (UTF-16 code units, so indexes match Java's messages).
/// With `sequential`, a digit is appended first, as `PathUtils.validatePath(path, true)` does.
pub fn validate_path(path: &str, sequential: bool) -> Result<(), PathError> {
    let owned;
    let path = if sequential {
        owned = format!("{path}1");
        owned.as_str()
    } else {
        path
    };
    let chars: Vec<u16> = path.encode_utf16().collect();
    if chars.is_empty() {
        return Err(PathError {
            message: "Path length must be > 0".into(),
        });
    }
    if chars[0] != u16::from(b'/') {
        return Err(PathError {
            message: "Path must start with / character".into(),
        });
    }
    if chars.len() == 1 {
        return Ok(());
    }
    if chars[chars.len() - 1] == u16::from(b'/') {
        return Err(PathError {
            message: "Path must not end with / character".into(),
        });
    }
    let slash = u16::from(b'/');
    let dot = u16::from(b'.');
    let mut last = slash;
    for i in 1..chars.len() {
        let c = chars[i];
        let next_is_end_or_slash = i + 1 == chars.len() || chars[i + 1] == slash;
        if c == 0 {
            return Err(invalid(path, format!("null character not allowed @{i}")));
        } else if c == slash && last == slash {
            return Err(invalid(path, format!("empty node name specified @{i}")));
        } else if c == dot && last == dot {
            if i >= 2 && chars[i - 2] == slash && next_is_end_or_slash {
                return Err(invalid(path, format!("relative paths not allowed @{i}")));
            }
        } else if c == dot {
            if chars[i - 1] == slash && next_is_end_or_slash {
                return Err(invalid(path, format!("relative paths not allowed @{i}")));
            }
        } else if (c > 0 && c <= 0x1f)
            || (0x7f..=0x9f).contains(&c)
            || (0xd800..=0xf8ff).contains(&c)
            || c >= 0xfff0
        {
            return Err(invalid(path, format!("invalid character @{i}")));
        }
        last = c;
    }
    Ok(())
}

/// The parent of a valid, non-root path (`/a/b` → `/a`, `/a` → `/`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// The last component of a valid path (`/a/b` → `b`, `/` → ``).
pub fn name(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

/// Joins a parent path and a child name.
pub fn join(parent: &str, child: &str) -> String {
    if parent == "/" {
        format!("/{child}")
    } else {
        format!("{parent}/{child}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_paths() {
        for p in [
            "/",
            "/a",
            "/a/b",
            "/a.b",
            "/..a",
            "/a/...",
            "/zookeeper",
            "/中文",
        ] {
            assert_eq!(validate_path(p, false), Ok(()), "{p}");
        }
    }

    #[test]
    fn rejects_with_zookeepers_messages() {
        let cases = [
            ("", "Path length must be > 0"),
            ("a", "Path must start with / character"),
            ("/a/", "Path must not end with / character"),
            (
                "//a",
                "Invalid path string \"//a\" caused by empty node name specified @1",
            ),
            (
                "/a/.",
                "Invalid path string \"/a/.\" caused by relative paths not allowed @3",
            ),
            (
                "/a/../b",
                "Invalid path string \"/a/../b\" caused by relative paths not allowed @4",
            ),
            (
                "/a\u{1}",
                "Invalid path string \"/a\u{1}\" caused by invalid character @2",
            ),
            (
                "/a\0b",
                "Invalid path string \"/a\0b\" caused by null character not allowed @2",
            ),
        ];
        for (p, m) in cases {
            assert_eq!(validate_path(p, false).unwrap_err().message, m, "{p:?}");
        }
    }

    #[test]
    fn sequential_paths_may_end_with_a_slash() {
        assert_eq!(validate_path("/q/", true), Ok(()));
    }

    #[test]
    fn parent_and_name() {
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
        assert_eq!(name("/a/b"), "b");
        assert_eq!(join("/", "a"), "/a");
        assert_eq!(join("/a", "b"), "/a/b");
    }
}
