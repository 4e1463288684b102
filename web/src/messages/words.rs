//! Sentences in pieces ([`Words`]: the page's text apart from ZooKeeper's own) and the one
//! way a catalogue message is filled in: [`Msg::words`] puts the arguments in place of `{0}`,
//! `{1}` …, and [`Msg::fill`] is the same sentence as plain text.

use std::fmt::Display;

use zkplay_core::tutorial::Lang;

use super::Msg;

/// A piece of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// The page's words.
    Text(String),
    /// ZooKeeper's own words (or the user's): shown as they are, marked `data-zk`.
    Zk(String),
}

/// A sentence in pieces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words(pub Vec<Piece>);

impl Words {
    /// The page's words alone.
    pub fn text(s: impl Into<String>) -> Words {
        Words(vec![Piece::Text(s.into())])
    }

    /// ZooKeeper's words alone.
    pub fn zk(s: impl Display) -> Words {
        Words(vec![Piece::Zk(s.to_string())])
    }

    /// The sentence as plain text (a tooltip).
    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Text(s) | Piece::Zk(s) => s.as_str(),
            })
            .collect()
    }

    /// ZooKeeper's words in it, for a tooltip that can mark no part of itself.
    pub fn zk_words(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|p| match p {
                Piece::Zk(s) => Some(s.as_str()),
                Piece::Text(_) => None,
            })
            .collect()
    }

    /// `self` followed by `other`.
    pub fn then(mut self, other: Words) -> Words {
        self.0.extend(other.0);
        self
    }
}

impl Msg {
    /// The message in a language, as it is.
    pub fn text(self, l: Lang) -> &'static str {
        let (en, zh) = self.pair();
        match l {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The message with `{0}`, `{1}` … replaced by `args`, ZooKeeper's words kept apart.
    pub fn words(self, l: Lang, args: &[Words]) -> Words {
        let mut out = Vec::new();
        let mut rest = self.text(l);
        while let Some((before, n, after)) = next_placeholder(rest) {
            if !before.is_empty() {
                out.push(Piece::Text(before.to_string()));
            }
            if let Some(arg) = args.get(n) {
                out.extend(arg.0.iter().cloned());
            }
            rest = after;
        }
        if !rest.is_empty() {
            out.push(Piece::Text(rest.to_string()));
        }
        Words(out)
    }

    /// The message in a language with `{0}`, `{1}` … replaced by `args`, as plain text.
    pub fn fill(self, l: Lang, args: &[&dyn Display]) -> String {
        let args: Vec<Words> = args.iter().map(|a| Words::text(a.to_string())).collect();
        self.words(l, &args).plain()
    }
}

/// The text before the first `{N}`, N, and the text after it.
pub(super) fn next_placeholder(text: &str) -> Option<(&str, usize, &str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let after = &text[open + 1..];
        if let Some((n, rest)) = after
            .split_once('}')
            .and_then(|(n, rest)| Some((n.parse().ok()?, rest)))
        {
            return Some((&text[..open], n, rest));
        }
        from = open + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Msg::StepAndSeed.fill(Lang::En, &[&3, &42]),
            "event 3 · seed 42"
        );
        assert_eq!(
            Msg::StepAndSeed.fill(Lang::Zh, &[&3, &42]),
            "事件 3 · 种子 42"
        );
        assert_eq!(
            Msg::Tagline.fill(Lang::En, &[]),
            Msg::Tagline.text(Lang::En)
        );
        // Braces that are not a placeholder stay.
        assert_eq!(next_placeholder("a {x} b"), None);
        assert_eq!(next_placeholder("{x} {1}!"), Some(("{x} ", 1, "!")));
    }
}
