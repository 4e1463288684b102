//! A tiny JSON writer: transcripts need exact key order and byte-identical output on every
//! platform, which hand-written objects give without a serialization framework.

/// Appends `s` as a JSON string literal.
pub fn push_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a JSON string literal.
pub fn string(s: &str) -> String {
    let mut out = String::new();
    push_str(&mut out, s);
    out
}

/// A JSON array of strings.
pub fn string_array(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", parts.join(","))
}

/// Builds an object from already-encoded values, keeping the given key order.
#[derive(Default)]
pub struct Object {
    parts: Vec<String>,
}

impl Object {
    pub fn new() -> Object {
        Object::default()
    }

    /// Adds a key with an already-encoded JSON value.
    pub fn raw(mut self, key: &str, value: impl Into<String>) -> Object {
        self.parts.push(format!("{}:{}", string(key), value.into()));
        self
    }

    pub fn str(self, key: &str, value: &str) -> Object {
        let v = string(value);
        self.raw(key, v)
    }

    pub fn build(self) -> String {
        format!("{{{}}}", self.parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(string("a\"b\\c\n\u{1}"), r#""a\"b\\c\n\u0001""#);
        assert_eq!(
            Object::new().str("a", "x").raw("b", "1").build(),
            r#"{"a":"x","b":1}"#
        );
    }
}
