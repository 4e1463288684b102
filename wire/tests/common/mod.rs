//! Shared by the wire tests: the frames captured from the real ZooKeeper 3.8.0.

// Each test file uses part of these helpers.
#![allow(dead_code)]

/// The body of the captured frame `label` (`zk380_frames.txt`).
pub fn captured(label: &str) -> Vec<u8> {
    let text = include_str!("../zk380_frames.txt");
    let line = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find(|l| l.split(' ').next() == Some(label))
        .unwrap_or_else(|| panic!("no captured frame {label}"));
    let hex = line.rsplit(' ').next().unwrap_or_default();
    unhex(hex)
}

/// Every captured frame body.
pub fn all_captured() -> Vec<Vec<u8>> {
    include_str!("../zk380_frames.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| unhex(l.rsplit(' ').next().unwrap_or_default()))
        .collect()
}

pub fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).expect("hex"))
        .collect()
}
