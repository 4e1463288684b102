//! Finding English in a text meant to be Chinese, for the tests: words of three or more Latin
//! letters that are not proper nouns, as the end-to-end test looks for them in the Chinese page.

/// Words a Chinese text may hold as they are: names, and ZooKeeper's own terms (the same
/// list as the end-to-end test's).
#[rustfmt::skip]
const PROPER_NOUNS: &[&str] = &[
    "ZooKeeper", "zkplay", "zkCli", "znode", "English", "Stat", "ACL", "TTL", "Tab", "Ctrl", "HBase",
    "Kafka", "Solr", "Facebook", "Overseer", "Messages", "zxid", "Yahoo", "Java", "Curator", "Python",
    "kazoo",
];

/// Words of three or more Latin letters (not part of a number) that are not proper nouns:
/// what the end-to-end test looks for in the Chinese page.
pub(crate) fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !PROPER_NOUNS.contains(w))
        .map(str::to_string)
        .collect()
}
