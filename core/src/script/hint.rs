//! zkplay's own one-line hints for a console line that zkCli 3.8 does not know: a command zkCli
//! 3.4 had and 3.8 removed (`rmr`), or a near miss of a command (`crate` for `create`). The
//! hint is zkplay's, never part of zkCli's transcript; the page words it in its language.

use crate::script::usage::{COMMANDS, ZKPLAY_COMMANDS};

/// The first words of the simulator's own lines (what a console runs that zkCli does not).
pub const SIMULATOR_WORDS: &[&str] = &[
    "session",
    "seed",
    "clock",
    "step",
    "sleep",
    "tick",
    "crash",
    "partition",
    "heal",
    "pause",
    "delay",
    "server",
    "srvr",
    "wait",
    "recipe",
    "ensemble",
];

/// zkCli 3.4's commands that 3.8 no longer has, with what replaced each (what ZooKeeper's
/// 3.5 release notes name: `rmr` became `deleteall`, `ls2` became `ls -s`).
const REMOVED: &[(&str, &str)] = &[("rmr", "deleteall"), ("ls2", "ls -s")];

/// How far a typed word may be from a command for the hint to name it.
const TYPO_DISTANCE_MAX: usize = 2;

/// A hint zkplay adds under a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    /// `command` was zkCli 3.4's; 3.8 has `instead`.
    Removed {
        command: &'static str,
        instead: &'static str,
    },
    /// The word typed is a near miss of this command (zkCli's or the simulator's).
    DidYouMean { command: &'static str },
    /// A zkCli command typed where no client runs it: one must be opened first.
    NeedsClient,
}

impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Hint::Removed { command, instead } => write!(
                f,
                "hint: {command} was zkCli 3.4's; ZooKeeper 3.8 removed it: use {instead}"
            ),
            Hint::DidYouMean { command } => write!(f, "hint: did you mean {command}?"),
            Hint::NeedsClient => {
                write!(
                    f,
                    "hint: zkCli commands run in a client's console: open a client first"
                )
            }
        }
    }
}

/// Whether `word` is one of zkCli's commands (or zkplay's `expire`, which a console runs too).
pub fn is_zkcli_command(word: &str) -> bool {
    COMMANDS
        .iter()
        .chain(ZKPLAY_COMMANDS)
        .any(|(c, _)| *c == word)
}

/// Whether `word` begins one of the simulator's lines.
pub fn is_simulator_word(word: &str) -> bool {
    SIMULATOR_WORDS.contains(&word)
}

/// The hint for a first word that is neither zkCli's nor the simulator's, if there is one.
pub fn for_unknown(word: &str) -> Option<Hint> {
    if let Some((command, instead)) = REMOVED.iter().find(|(c, _)| *c == word) {
        return Some(Hint::Removed { command, instead });
    }
    // Short words are near everything: `x` is one edit from `ls`'s neighbours.
    let distance_max = TYPO_DISTANCE_MAX.min(word.chars().count() / 3);
    let mut best: Option<(usize, &'static str)> = None;
    let names = COMMANDS
        .iter()
        .chain(ZKPLAY_COMMANDS)
        .map(|(c, _)| *c)
        .chain(SIMULATOR_WORDS.iter().copied());
    for name in names.filter(|n| *n != word) {
        let d = edit_distance(word, name, distance_max);
        if d <= distance_max && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    best.map(|(_, command)| Hint::DidYouMean { command })
}

/// Levenshtein distance between `a` and `b` counted in characters, ASCII case ignored; any
/// distance above `max` is reported as `max + 1` (the rows stop early).
fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().all(|&d| d > max) {
            return max + 1;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()].min(max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_commands_name_their_successor() {
        assert_eq!(
            for_unknown("rmr"),
            Some(Hint::Removed {
                command: "rmr",
                instead: "deleteall"
            })
        );
        assert_eq!(
            for_unknown("ls2").map(|h| h.to_string()).as_deref(),
            Some("hint: ls2 was zkCli 3.4's; ZooKeeper 3.8 removed it: use ls -s")
        );
    }

    #[test]
    fn near_misses_name_the_nearest_command() {
        let meant = |w: &str| match for_unknown(w) {
            Some(Hint::DidYouMean { command }) => Some(command),
            _ => None,
        };
        assert_eq!(meant("crate"), Some("create"));
        assert_eq!(meant("Create"), Some("create"));
        assert_eq!(meant("delte"), Some("delete"));
        assert_eq!(meant("getacl"), Some("getAcl"));
        assert_eq!(meant("srv"), Some("srvr"));
        assert_eq!(meant("parttion"), Some("partition"));
        // Too short to guess, or too far from anything.
        assert_eq!(meant("x"), None);
        assert_eq!(meant("frobnicate"), None);
        assert_eq!(meant("ping"), None);
    }

    #[test]
    fn distance_is_bounded() {
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("kitten", "sitting", 2), 3);
        assert_eq!(edit_distance("", "abc", 5), 3);
        assert_eq!(edit_distance("abc", "abc", 0), 0);
    }

    #[test]
    fn the_two_tables_do_not_overlap() {
        assert!(SIMULATOR_WORDS.iter().all(|w| !is_zkcli_command(w)));
    }
}
