//! Tidy test: `core`'s modules depend on each other in one direction only —
//! engine → recipes → sim → script → sandbox/tutorial/share — so no cycle can come back. Every
//! `crate::` path in a module's source (in `use` lines and inline) is checked against the layer
//! of the module it names; the engine's own modules may use each other freely.

use std::path::{Path, PathBuf};

/// The layers from the bottom up; a module may name modules of its own layer or below.
const LAYERS: &[&[&str]] = &[
    &[
        "error",
        "base64",
        "path",
        "path_key",
        "fast_hash",
        "sorted",
        "check_cadence",
        "java_hash",
        "stat",
        "acl",
        "watch",
        "tree",
        "request",
        "server",
        "bounds",
        "quota",
        "ensemble",
    ],
    &["recipes"],
    &["sim"],
    &["script"],
    &[
        "sandbox", "tutorial", "share", "load", "cases", "explore", "export",
    ],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a source file belongs to (`sim/world.rs` → `sim`, `tree.rs` → `tree`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    Some(first.trim_end_matches(".rs").to_string())
}

/// Every top-level module named by a `crate::` path in the text (code only: comments skipped),
/// with the line it is on.
fn named_modules(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((n + 1, name.clone()));
            }
            // `use crate::{a, b}` names several.
            if let Some(group) = after.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or("");
                for part in group.split(',') {
                    let m: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !m.is_empty() {
                        out.push((n + 1, m));
                    }
                }
            }
            rest = after;
        }
    }
    out
}

/// Names `lib.rs` re-exports at the crate root (`pub use error::ZkError;`), with their module.
fn root_reexports(lib: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let names = rest.rsplit("::").next().unwrap_or("");
        for n in names.trim_matches(|c| "{};".contains(c)).split(',') {
            let n = n.trim().trim_end_matches(';').trim_end_matches('}');
            if !n.is_empty() {
                out.push((n.to_string(), module.clone()));
            }
        }
    }
    out
}

#[test]
fn core_depends_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default();
    let reexports = root_reexports(&lib);
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    assert!(files.len() > 20, "found only {} sources", files.len());
    let mut wrong = Vec::new();
    for f in &files {
        let Some(module) = module_of(&src, f) else {
            continue;
        };
        if module == "lib" {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            wrong.push(format!("{}: module '{module}' has no layer", f.display()));
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (line, named) in named_modules(&text) {
            let named = reexports
                .iter()
                .find(|(n, _)| *n == named)
                .map_or(named.clone(), |(_, m)| m.clone());
            match layer_of(&named) {
                Some(l) if l > own => wrong.push(format!(
                    "{}:{line}: {module} (layer {own}) imports {named} (layer {l}), against the direction",
                    f.display()
                )),
                Some(_) => {}
                None => wrong.push(format!(
                    "{}:{line}: '{named}' is not a module with a layer",
                    f.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_imports() {
    let found =
        named_modules("use crate::sim::Sim;\nuse crate::{tree, watch::X}; // crate::script");
    let names: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, vec!["sim", "tree", "watch"]);
}
