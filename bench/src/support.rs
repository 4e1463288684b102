//! Small helpers of the benchmark runner: reading the sections' JSON, running tools, and
//! formatting numbers for the report.

use std::process::Command;

/// A number from one of our own flat JSON objects.
pub fn field(json: &str, key: &str) -> Option<f64> {
    let at = json.find(&format!("\"{key}\":"))? + key.len() + 3;
    let rest = &json[at..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().trim_matches('"').parse().ok()
}

pub fn text_field(json: &str, key: &str) -> Option<String> {
    let at = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let rest = &json[at..];
    Some(rest[..rest.find('"')?].to_string())
}

pub fn command_output(cmd: &mut Command) -> Result<String, String> {
    let shown = format!("{cmd:?}");
    let out = cmd.output().map_err(|e| format!("{shown}: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(5).collect();
        return Err(format!(
            "{shown} failed: {}",
            tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn thousands(n: f64) -> String {
    let s = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 && c.is_ascii_digit() {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_sections_json_and_formats_numbers() {
        let j = r#"{"build_ms":12.5,"ops_ms":3,"java":"17.0.15","znodes":149735}"#;
        assert_eq!(field(j, "build_ms"), Some(12.5));
        assert_eq!(field(j, "znodes"), Some(149_735.0));
        assert_eq!(field(j, "missing"), None);
        assert_eq!(text_field(j, "java").as_deref(), Some("17.0.15"));
        assert_eq!(thousands(1_049_685.0), "1,049,685");
        assert_eq!(thousands(999.0), "999");
    }
}
