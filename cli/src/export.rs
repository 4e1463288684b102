//! `zkplay export`: the command line of "any scenario as code" (the exporters themselves are
//! `zkplay_core::export`): reads the language, the scenario and where to write, and prints the
//! program on standard output or writes it to a file.

use zkplay_core::export::{export, Lang};

pub const USAGE: &str = "usage: zkplay export --lang java|curator|python [-o OUT] FILE

  Turns a scenario into a program a person can run and keep, which prints what `zkplay run FILE`
  prints: java (the official org.apache.zookeeper client, one ZooKeeper per session), curator
  (Java with Apache Curator's recipes where the scenario runs recipes), python (kazoo). A line
  the language cannot express (a simulated fault, a recipe without a counterpart…) is named with
  the reason, and nothing is written.
  -o OUT  write the program to OUT (for Java, name it Scenario.java) instead of standard output
  Exit status: 0 when the program is written, 1 when the scenario cannot be exported, 2 on bad
  input.";

/// What `zkplay export` asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    pub lang: Lang,
    pub out: Option<String>,
    pub file: String,
}

/// Reads the arguments after `export`.
pub fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut lang = None;
    let mut out = None;
    let mut file = None;
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1);
        match args[i].as_str() {
            "--lang" => {
                let name = value.ok_or("--lang needs java, curator or python")?;
                lang = Some(Lang::named(name).ok_or_else(|| {
                    format!("unknown language '{name}' (java, curator or python)")
                })?);
                i += 1;
            }
            "-o" => {
                out = Some(value.ok_or("-o needs a file name")?.clone());
                i += 1;
            }
            f if file.is_none() && !f.starts_with('-') => file = Some(f.to_string()),
            other => return Err(format!("unexpected argument '{other}'")),
        }
        i += 1;
    }
    Ok(Args {
        lang: lang.ok_or("export needs --lang java|curator|python")?,
        out,
        file: file.ok_or("export needs a scenario FILE")?,
    })
}

/// `zkplay export ARGS`: the exit status (0 written, 1 cannot be exported, 2 bad input).
pub fn main(args: &[String]) -> u8 {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return 0;
    }
    let parsed = match parse_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("zkplay export: {e}\n{USAGE}");
            return 2;
        }
    };
    let text = match std::fs::read_to_string(&parsed.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("zkplay export: cannot read {}: {e}", parsed.file);
            return 2;
        }
    };
    let program = match export(&text, parsed.lang) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "zkplay export: {} as {}: {e}",
                parsed.file,
                parsed.lang.name()
            );
            return 1;
        }
    };
    match &parsed.out {
        None => {
            print!("{program}");
            0
        }
        Some(out) => match std::fs::write(out, program) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("zkplay export: cannot write {out}: {e}");
                2
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn reads_the_options() {
        let a = parse_args(&args("--lang curator -o Scenario.java f.zk")).unwrap();
        assert_eq!(
            a,
            Args {
                lang: Lang::Curator,
                out: Some("Scenario.java".into()),
                file: "f.zk".into()
            }
        );
        assert!(parse_args(&args("f.zk")).unwrap_err().contains("--lang"));
        assert!(parse_args(&args("--lang cobol f.zk"))
            .unwrap_err()
            .contains("unknown language 'cobol'"));
        assert!(parse_args(&args("--lang java"))
            .unwrap_err()
            .contains("FILE"));
        assert!(parse_args(&args("--lang java -o")).is_err());
        assert!(parse_args(&args("--lang java a.zk b.zk")).is_err());
    }

    #[test]
    fn exits_as_explore_does() {
        let dir = std::env::temp_dir().join(format!("zkplay-export-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.zk");
        let refused = dir.join("refused.zk");
        let out = dir.join("Scenario.java");
        std::fs::write(&good, "session a\na: create /x 1\n").unwrap();
        std::fs::write(&refused, "session a\npartition a\n").unwrap();
        let run = |line: String| main(&args(&line));
        assert_eq!(
            run(format!(
                "--lang java -o {} {}",
                out.display(),
                good.display()
            )),
            0
        );
        let program = std::fs::read_to_string(&out).unwrap();
        assert!(program.contains("a.create(\"/x\""), "{program}");
        assert_eq!(run(format!("--lang java {}", refused.display())), 1);
        assert_eq!(run(format!("--lang java {}/missing.zk", dir.display())), 2);
        assert_eq!(run(format!("--lang cobol {}", good.display())), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
