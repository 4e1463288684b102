//! The option parsing of zkCli's quota commands, as commons-cli's `DefaultParser` does it
//! (option groups, values, the exceptions' messages).

use super::*;

/// One option group, as the quota commands declare theirs: single letters, each taking a value
/// or none, at most one of them given (repeating the same one is allowed).
pub(super) struct OptionGroup {
    pub(super) letters: &'static [(char, QuotaKind, &'static str)],
    pub(super) takes_value: bool,
    pub(super) required: bool,
}

pub(super) const SET_OPTIONS: OptionGroup = OptionGroup {
    letters: &QuotaKind::ALL,
    takes_value: true,
    required: true,
};

pub(super) const DEL_OPTIONS: OptionGroup = OptionGroup {
    letters: &QuotaKind::ALL,
    takes_value: false,
    required: false,
};

pub(super) const LIST_OPTIONS: OptionGroup = OptionGroup {
    letters: &[],
    takes_value: false,
    required: false,
};

/// What `DefaultParser` leaves: the selected letter with its first value, and the arguments.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub(super) selected: Option<(char, Option<String>)>,
    pub(super) args: Vec<String>,
}

pub(super) const CLI: &str = "org.apache.commons.cli";

impl OptionGroup {
    /// `Options.hasShortOption`: leading hyphens ("--" or "-") are stripped first.
    fn has(&self, name: &str) -> Option<char> {
        let name = name
            .strip_prefix("--")
            .or_else(|| name.strip_prefix('-'))
            .unwrap_or(name);
        let mut chars = name.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => self.letters.iter().any(|(l, _, _)| *l == c).then_some(c),
            _ => None,
        }
    }

    /// `DefaultParser.isShortOption`.
    fn is_short_option(&self, token: &str) -> bool {
        let Some(rest) = token.strip_prefix('-').filter(|r| !r.is_empty()) else {
            return false;
        };
        let name = rest.split('=').next().unwrap_or("");
        self.has(name).is_some()
            || name
                .chars()
                .next()
                .is_some_and(|c| self.has(&c.to_string()).is_some())
    }

    /// `DefaultParser.isArgument`: not an option, or a number (`-5` can be a value).
    fn is_argument(&self, token: &str) -> bool {
        !self.is_short_option(token) || java_parses_as_double(token)
    }

    /// `MissingOptionException`'s list: `[-n num soft quota, …]`.
    fn describe(&self) -> String {
        let items: Vec<String> = self
            .letters
            .iter()
            .map(|(l, _, d)| format!("-{l} {d}"))
            .collect();
        format!("[{}]", items.join(", "))
    }
}

/// `Double.parseDouble` succeeds: decimal numbers with an optional exponent and `d`/`f` suffix,
/// `NaN` and `Infinity`, signed, around Java's whitespace (hex floats are not recognised; no
/// token that could be an option here is one).
pub(super) fn java_parses_as_double(token: &str) -> bool {
    let t = token.trim_matches(|c| c <= ' ');
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    if t == "NaN" || t == "Infinity" {
        return true;
    }
    let t = t.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(t);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => {
            (digits(a) || a.is_empty())
                && (digits(b) || b.is_empty())
                && !(a.is_empty() && b.is_empty())
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// The state of one `DefaultParser.parse` run.
pub(super) struct OptionParser<'g> {
    pub(super) group: &'g OptionGroup,
    pub(super) parsed: Parsed,
    /// An option that takes a value and has none yet (`currentOption`).
    pub(super) waiting: Option<char>,
}

impl OptionParser<'_> {
    /// `checkRequiredArgs`.
    fn check_value_given(&self) -> Result<(), String> {
        match self.waiting {
            Some(l) => Err(format!(
                "{CLI}.MissingArgumentException: Missing argument for option: {l}"
            )),
            None => Ok(()),
        }
    }

    /// `handleOption`: the group allows one letter.
    fn option(&mut self, letter: char) -> Result<(), String> {
        self.check_value_given()?;
        match &self.parsed.selected {
            Some((s, _)) if *s != letter => {
                return Err(format!(
                    "{CLI}.AlreadySelectedException: The option '{letter}' was specified but an option from this group has already been selected: '{s}'"
                ));
            }
            Some(_) => {}
            None => self.parsed.selected = Some((letter, None)),
        }
        self.waiting = self.group.takes_value.then_some(letter);
        Ok(())
    }

    /// A value for the waiting option; `getOptionValue` answers with the first.
    fn value(&mut self, value: &str) {
        if let Some((_, first)) = self.parsed.selected.as_mut() {
            first.get_or_insert_with(|| value.to_string());
        }
        self.waiting = None;
    }

    /// `handleUnknownToken`.
    fn unknown(&mut self, token: &str) -> Result<(), String> {
        if token.starts_with('-') && token.len() > 1 {
            return Err(format!(
                "{CLI}.UnrecognizedOptionException: Unrecognized option: {token}"
            ));
        }
        self.parsed.args.push(token.to_string());
        Ok(())
    }

    /// `handleShortAndLongOption` for a token starting with one '-' (there are no long options).
    fn short(&mut self, token: &str) -> Result<(), String> {
        let t = &token[1..];
        if t.chars().count() == 1 {
            return match self.group.has(t) {
                Some(l) => self.option(l),
                None => self.unknown(token),
            };
        }
        let Some((opt, value)) = t.split_once('=') else {
            return self.concatenated(token);
        };
        let mut chars = opt.chars();
        match (chars.next(), chars.next()) {
            (Some(_), None) => match self.group.has(opt) {
                Some(l) if self.group.takes_value => {
                    self.option(l)?;
                    self.value(value);
                    Ok(())
                }
                _ => self.unknown(token),
            },
            // `isJavaProperty` takes the first character of an empty name.
            (None, _) => Err(
                "Exception in thread \"main\" java.lang.StringIndexOutOfBoundsException: begin 0, end 1, length 0"
                    .into(),
            ),
            _ => self.unknown(token),
        }
    }

    /// `handleConcatenatedOptions`: `-nb` is two options; `-n5` is an option and its value.
    fn concatenated(&mut self, token: &str) -> Result<(), String> {
        for (i, c) in token.char_indices().skip(1) {
            let Some(letter) = self.group.has(&c.to_string()) else {
                return self.unknown(token);
            };
            self.option(letter)?;
            let rest = &token[i + c.len_utf8()..];
            if self.waiting.is_some() && !rest.is_empty() {
                self.value(rest);
                break;
            }
        }
        Ok(())
    }
}

/// `DefaultParser.parse` (commons-cli 1.5) for one option group, on the words after the
/// command's name.
pub(super) fn parse_options(group: &OptionGroup, tokens: &[String]) -> Result<Parsed, String> {
    let mut p = OptionParser {
        group,
        parsed: Parsed::default(),
        waiting: None,
    };
    let mut rest = tokens.iter();
    for token in rest.by_ref() {
        if token == "--" {
            break;
        }
        if p.waiting.is_some() && group.is_argument(token) {
            p.value(strip_quotes(token));
        } else if token.starts_with("--") {
            p.unknown(token)?;
        } else if token.starts_with('-') && token != "-" {
            p.short(token)?;
        } else {
            p.unknown(token)?;
        }
    }
    p.parsed.args.extend(rest.cloned());
    p.check_value_given()?;
    if group.required && p.parsed.selected.is_none() {
        return Err(format!(
            "{CLI}.MissingOptionException: Missing required option: {}",
            group.describe()
        ));
    }
    Ok(p.parsed)
}

/// `Util.stripLeadingAndTrailingQuotes`, on by default for a value given as its own word.
pub(super) fn strip_quotes(s: &str) -> &str {
    match s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner,
        _ => s,
    }
}
