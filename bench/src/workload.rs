//! The engine benchmark's workload: a seeded tree build (directories two levels deep, then
//! persistent, ephemeral and sequential leaves under them) followed by a seeded mix of 50 %
//! getData, 20 % setData, 15 % create, 10 % delete and 5 % getChildren, with watches set by a
//! share of the reads and fired by the writes. Every operation is valid by construction (the
//! generator tracks the tree), so all three engines must finish with zero errors.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use zkplay_core::sim::rng::Rng;

/// How big a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub znodes: usize,
    pub ops: usize,
    pub sessions: u32,
    pub seed: u64,
}

impl Shape {
    /// The issue's workload: 100,000 znodes, then 1,000,000 operations.
    pub fn full() -> Shape {
        Shape {
            znodes: 100_000,
            ops: 1_000_000,
            sessions: 64,
            seed: 2026,
        }
    }

    /// A tenth of it, for CI.
    pub fn quick() -> Shape {
        Shape {
            znodes: 10_000,
            ops: 100_000,
            ..Shape::full()
        }
    }
}

/// What a create makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Persistent,
    /// Owned by the issuing session.
    Ephemeral,
    /// Persistent sequential; the op's path is the name the server will give it.
    Sequential,
}

/// One operation, issued by session `session` (an index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenchOp {
    pub session: u32,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    Create { path: String, kind: Kind, len: u32 },
    Delete { path: String },
    SetData { path: String, len: u32 },
    GetData { path: String, watch: bool },
    GetChildren { path: String, watch: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    pub shape: Shape,
    pub build: Vec<BenchOp>,
    pub ops: Vec<BenchOp>,
}

/// The data written by a create or setData of length `len`.
pub fn data_of(len: u32) -> Vec<u8> {
    (0..len).map(|i| b'a' + (i % 26) as u8).collect()
}

struct Model {
    rng: Rng,
    shape: Shape,
    dirs: Vec<String>,
    leaves: Vec<String>,
    /// Creates ever made under each directory: the next sequence number there.
    creates: BTreeMap<String, i32>,
    next_name: u64,
}

impl Model {
    fn below(&mut self, n: usize) -> usize {
        (self.rng.next_u64() % n.max(1) as u64) as usize
    }

    fn pick(&mut self, from: fn(&Model) -> &Vec<String>) -> String {
        let i = self.below(from(self).len());
        from(self)[i].clone()
    }

    fn session(&mut self) -> u32 {
        self.below(self.shape.sessions as usize) as u32
    }

    fn dir(&mut self, parent: &str, name: String) -> BenchOp {
        let path = if parent == "/" {
            format!("/{name}")
        } else {
            format!("{parent}/{name}")
        };
        *self.creates.entry(parent.to_string()).or_default() += 1;
        self.dirs.push(path.clone());
        BenchOp {
            session: 0,
            what: What::Create {
                path,
                kind: Kind::Persistent,
                len: 8,
            },
        }
    }

    fn create(&mut self) -> BenchOp {
        let parent = self.pick(|m| &m.dirs);
        let counter = self.creates.entry(parent.clone()).or_default();
        let seq = *counter;
        *counter += 1;
        self.next_name += 1;
        let (name, kind) = match self.below(10) {
            0..=6 => (format!("n{}", self.next_name), Kind::Persistent),
            7..=8 => (format!("e{}", self.next_name), Kind::Ephemeral),
            _ => (format!("q-{seq:010}"), Kind::Sequential),
        };
        let path = format!("{parent}/{name}");
        self.leaves.push(path.clone());
        let len = self.below(65) as u32;
        BenchOp {
            session: self.session(),
            what: What::Create { path, kind, len },
        }
    }

    fn any_node(&mut self) -> String {
        let i = self.below(self.dirs.len() + self.leaves.len());
        match self.dirs.get(i) {
            Some(d) => d.clone(),
            None => self.leaves[i - self.dirs.len()].clone(),
        }
    }

    fn op(&mut self) -> BenchOp {
        let roll = self.below(100);
        let watch_roll = self.below(10);
        let session = self.session();
        let what = match roll {
            0..=49 => What::GetData {
                path: self.any_node(),
                watch: watch_roll < 2,
            },
            50..=69 if !self.leaves.is_empty() => {
                let path = self.pick(|m| &m.leaves);
                What::SetData {
                    path,
                    len: self.below(65) as u32,
                }
            }
            85..=94 if !self.leaves.is_empty() => {
                let i = self.below(self.leaves.len());
                What::Delete {
                    path: self.leaves.swap_remove(i),
                }
            }
            95..=99 => What::GetChildren {
                path: self.pick(|m| &m.dirs),
                watch: watch_roll < 5,
            },
            _ => return self.create(),
        };
        BenchOp { session, what }
    }
}

/// The workload for a shape; the same shape gives the same workload on every platform.
pub fn generate(shape: Shape) -> Workload {
    let mut m = Model {
        rng: Rng::derive(shape.seed, "bench-workload"),
        shape,
        dirs: Vec::new(),
        leaves: Vec::new(),
        creates: BTreeMap::new(),
        next_name: 0,
    };
    let top = (shape.znodes / 1000).max(1);
    let mut build = Vec::with_capacity(shape.znodes);
    for i in 0..top {
        build.push(m.dir("/", format!("app{i}")));
    }
    for i in 0..top {
        for j in 0..10 {
            build.push(m.dir(&format!("/app{i}"), format!("svc{j}")));
        }
    }
    while build.len() < shape.znodes {
        build.push(m.create());
    }
    let ops = (0..shape.ops).map(|_| m.op()).collect();
    Workload { shape, build, ops }
}

/// The workload as text for the Java side: a header line, then one operation per line.
pub fn to_text(w: &Workload) -> String {
    let mut s = String::with_capacity((w.build.len() + w.ops.len()) * 32);
    let _ = writeln!(
        s,
        "zkplay-workload 1 {} {} {}",
        w.shape.sessions,
        w.build.len(),
        w.ops.len()
    );
    for op in w.build.iter().chain(&w.ops) {
        let n = op.session;
        let _ = match &op.what {
            What::Create { path, kind, len } => {
                let k = match kind {
                    Kind::Persistent => 'p',
                    Kind::Ephemeral => 'e',
                    Kind::Sequential => 's',
                };
                writeln!(s, "{n} C {path} {k} {len}")
            }
            What::Delete { path } => writeln!(s, "{n} D {path}"),
            What::SetData { path, len } => writeln!(s, "{n} S {path} {len}"),
            What::GetData { path, watch } => writeln!(s, "{n} G {path} {}", u8::from(*watch)),
            What::GetChildren { path, watch } => {
                writeln!(s, "{n} L {path} {}", u8::from(*watch))
            }
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_matches_the_issue() {
        let w = generate(Shape {
            znodes: 2_000,
            ops: 20_000,
            ..Shape::quick()
        });
        assert_eq!(w.build.len(), 2_000);
        let count = |f: fn(&What) -> bool| w.ops.iter().filter(|o| f(&o.what)).count();
        let get = count(|w| matches!(w, What::GetData { .. }));
        let set = count(|w| matches!(w, What::SetData { .. }));
        let create = count(|w| matches!(w, What::Create { .. }));
        let delete = count(|w| matches!(w, What::Delete { .. }));
        let children = count(|w| matches!(w, What::GetChildren { .. }));
        for (got, pct) in [
            (get, 50),
            (set, 20),
            (create, 15),
            (delete, 10),
            (children, 5),
        ] {
            let want = 20_000 * pct / 100;
            assert!(got.abs_diff(want) < want / 10 + 50, "{got} vs {want}");
        }
        assert_eq!(generate(w.shape), w, "same shape, same workload");
    }
}
