//! The scenario as a Java program on the official client (`org.apache.zookeeper.ZooKeeper`,
//! 3.8): one `ZooKeeper` per session, each with a watcher that prints its events as zkCli does,
//! each zkCli line as the call a person would write, `tick`/`sleep` as waiting. The program
//! prints the transcript `zkplay run` prints (text mode): after every line it waits until each
//! live session has received what that line caused (a `sync` round trip per session, answered
//! after every notification sent before it) and prints each session's events in the order the
//! sessions were opened.

use super::ExportError;
use crate::acl::{parse_acl_list_noting, Acl};
use crate::request::{CreateMode, WatcherKind};
use crate::script::cli::CliCommand;
use crate::script::parse::{MultiLine, SimCommand, Step, StepKind};
use crate::watch::WatchMode;

/// The program's class: the file is `Scenario.java`.
pub const CLASS: &str = "Scenario";

/// Why plain Java does not run a zkplay recipe.
pub const RECIPE_WHY: &str = "zkplay's recipes run inside the simulation: plain Java has no such recipe (export with --lang curator for Curator's)";

/// The whole program.
pub fn program(script: &str, steps: &[Step]) -> Result<String, ExportError> {
    let body = body(script, steps, &mut |step, _| match &step.kind {
        StepKind::Sim(SimCommand::Recipe { .. }) => Err(RECIPE_WHY),
        StepKind::Sim(SimCommand::Crash(_)) => {
            Err("the crashed session has no 'session' line before it")
        }
        _ => Err(unsupported_why(step)),
    })?;
    Ok(assemble(&body, "", HELPERS))
}

/// One step's call on the official client, for "show code" (the session's client is `zk`).
pub fn call(step: &Step) -> Option<String> {
    match &step.kind {
        StepKind::Command(c) => command_call(c, "zk", &mut WatchModes::default()).ok(),
        StepKind::Multi(ops) => Some(transaction("zk", ops, "")),
        _ => None,
    }
}

/// A generated program's main body: its Java lines (`assemble` indents them).
pub(super) struct Body {
    pub lines: Vec<String>,
}

/// How a step the official client cannot express is handled by a dialect (Curator writes
/// recipes): the Java lines for the step, or why it cannot be exported.
pub(super) type Other<'a> =
    dyn FnMut(&Step, &mut Sessions) -> Result<Vec<String>, &'static str> + 'a;

/// The sessions a program has opened: script names and their Java variables, in order.
#[derive(Default)]
pub(super) struct Sessions {
    names: Vec<(String, String)>,
    modes: WatchModes,
    /// The sessions that are a dialect's own clients (Curator's), whose lines it writes.
    others: Vec<String>,
}

impl Sessions {
    /// Marks a session as the dialect's own client.
    pub fn add_other(&mut self, name: &str) -> String {
        self.others.push(name.to_string());
        self.add(name)
    }

    fn is_other(&self, name: &str) -> bool {
        self.others.iter().any(|n| n == name)
    }

    /// The Java variable of a session, if the script opened it.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.names
            .iter()
            .rfind(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Opens (names) a session's variable: its script name made a Java identifier, unique.
    /// A `session` line for a name already used opens a new session: a new variable.
    pub fn add(&mut self, name: &str) -> String {
        let mut v: String = name
            .chars()
            .map(|c| if c == '-' { '_' } else { c })
            .collect();
        if v.starts_with(|c: char| c.is_ascii_digit()) || RESERVED.contains(&v.as_str()) {
            v = format!("zk_{v}");
        }
        while self.names.iter().any(|(_, x)| *x == v) {
            v.push('_');
        }
        self.names.push((name.to_string(), v.clone()));
        v
    }
}

/// Java's keywords and literals, and the names the program's helpers use.
const RESERVED: &[&str] = &[
    "_",
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "false",
    "final",
    "finally",
    "float",
    "for",
    "goto",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "strictfp",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "transient",
    "true",
    "try",
    "void",
    "volatile",
    "while",
    "var",
    "record",
    "yield",
    "args",
    "connect",
    "results",
    "stat",
    "data",
    "children",
    "created",
    "rc",
    "e",
    "p",
    "code",
    "ctx",
    "name",
    "acl",
    "entry",
    "info",
    "deleted",
    "path",
    "done",
];

/// The `addWatch` mode each session last used (zkCli keeps it between lines).
#[derive(Default)]
pub(super) struct WatchModes {
    last: Vec<(String, WatchMode)>,
}

/// Why a step that is no client call cannot be exported.
pub(super) fn unsupported_why(step: &Step) -> &'static str {
    match &step.kind {
        StepKind::Ensemble(_) | StepKind::Server(_) => {
            "an ensemble's servers are simulated: a program cannot start, crash or inspect them (run it on a real ensemble by hand)"
        }
        StepKind::Session {
            server: Some(_), ..
        } => "pinning a session to one server of a simulated ensemble has no counterpart here",
        StepKind::Sim(SimCommand::Step(_)) => {
            "'step' advances the simulation by single events: a real server has no such steps (use tick MS)"
        }
        StepKind::Sim(SimCommand::Partition(_) | SimCommand::Heal(_)) => {
            "a network partition between a client and the server is a simulated fault: the client API cannot cut its own network"
        }
        StepKind::Sim(SimCommand::Pause(..)) => {
            "a GC pause of a client is a simulated fault: a program cannot pause its own JVM on purpose"
        }
        StepKind::Sim(SimCommand::Delay(..)) => {
            "a network delay is a simulated fault: the client API cannot slow its own network"
        }
        StepKind::Sim(SimCommand::ServerStop | SimCommand::ServerStart) => {
            "stopping or starting the server is done outside a client program"
        }
        StepKind::Sim(SimCommand::Recipe { .. }) => RECIPE_WHY,
        StepKind::Refused(_) => {
            "zkCli refuses this line before any call: there is no client call to write"
        }
        StepKind::Command(c) => match command_call(c, "zk", &mut WatchModes::default()) {
            Err(why) => why,
            Ok(_) => "no counterpart",
        },
        _ => "no counterpart in a client program",
    }
}

/// The main body of a program: one block per step, the scenario's comments before it.
/// `other` writes what the official client's calls do not (Curator's recipes) or refuses it.
pub(super) fn body(
    script: &str,
    steps: &[Step],
    other: &mut Other<'_>,
) -> Result<Body, ExportError> {
    let lines: Vec<&str> = script.lines().collect();
    let mut out = Vec::new();
    let mut sessions = Sessions::default();
    let mut after = 0; // the last line (1-based) already written
    for step in steps {
        let end = step.line + step.source.lines().count().saturating_sub(1);
        comments(&lines, after, end, &mut out);
        after = end;
        let refuse = |why: &'static str| ExportError::Unsupported {
            line: step.line,
            text: step.source.lines().next().unwrap_or("").trim().to_string(),
            why,
        };
        let code = step_code(step, &mut sessions).map_err(refuse);
        let code = match code {
            Ok(Some(c)) => c,
            Ok(None) => other(step, &mut sessions).map_err(refuse)?,
            Err(e) => return Err(e),
        };
        out.extend(code);
    }
    comments(&lines, after, lines.len(), &mut out);
    Ok(Body { lines: out })
}

/// The comment lines of the script in `(after, upto]` as Java comments.
fn comments(lines: &[&str], after: usize, upto: usize, out: &mut Vec<String>) {
    for l in lines.iter().take(upto).skip(after) {
        if let Some(c) = l.trim().strip_prefix('#') {
            out.push(comment(c.trim()));
        }
    }
}

/// `text` as a Java line comment. javac reads `\uXXXX` escapes even in comments (`\u000a`
/// would end it), so a backslash is doubled: `\\u` is no escape.
pub(super) fn comment(text: &str) -> String {
    format!("// {}", text.replace('\\', "\\\\"))
}

/// The Java lines of one step; `None` for a step the official client cannot express (the
/// dialect decides).
fn step_code(step: &Step, sessions: &mut Sessions) -> Result<Option<Vec<String>>, &'static str> {
    let who = step.session.as_deref().unwrap_or("");
    let crashed = match &step.kind {
        StepKind::Sim(SimCommand::Crash(name)) => name.as_str(),
        _ => who,
    };
    if sessions.is_other(crashed) {
        return Ok(None);
    }
    Ok(Some(match &step.kind {
        StepKind::Session {
            timeout_ms,
            server: None,
        } => {
            let v = sessions.add(who);
            vec![format!(
                "ZooKeeper {v} = open({}, {timeout_ms});",
                string(who)
            )]
        }
        StepKind::Sleep { ms } => vec![format!("sleep({ms});")],
        StepKind::Sim(SimCommand::Seed(n)) => vec![format!(
            "// seed {n}: the simulation's seed; a real server has its own timing"
        )],
        StepKind::Sim(SimCommand::Clock(_)) => vec![format!(
            "// {}: the simulation's wall clock; a real server keeps its own",
            step.text
        )],
        StepKind::Sim(SimCommand::Crash(name)) => {
            let Some(v) = sessions.var(name).map(str::to_string) else {
                return Ok(None);
            };
            vec![
                format!("// The client {name} stops without closing its session: the server expires it after its timeout."),
                format!("crash({v});"),
            ]
        }
        StepKind::Command(c) => {
            let Some(v) = sessions.var(who).map(str::to_string) else {
                return Err("the line's session has no 'session' line before it");
            };
            let code = command_code(c, &v, &mut sessions.modes, who)?;
            zkcli(&v, &step.text, &code)
        }
        StepKind::Multi(ops) => {
            let Some(v) = sessions.var(who).map(str::to_string) else {
                return Err("the line's session has no 'session' line before it");
            };
            let code = vec![
                format!(
                    "List<OpResult> results = {};",
                    transaction(&v, ops, "        ")
                ),
                "printResults(results);".to_string(),
            ];
            zkcli(&v, &step.text, &code)
        }
        _ => return Ok(None),
    }))
}

/// `zkCli(a, "line", () -> { … });`.
fn zkcli(var: &str, line: &str, code: &[String]) -> Vec<String> {
    let mut out = vec![format!("zkCli({var}, {}, () -> {{", string(line))];
    out.extend(code.iter().map(|l| format!("    {l}")));
    out.push("});".into());
    out
}

/// `a.transaction().check(…).create(…).commit()`, one op a line after `indent`.
fn transaction(var: &str, ops: &[MultiLine], indent: &str) -> String {
    let mut s = format!("{var}.transaction()");
    for op in ops {
        s.push('\n');
        s.push_str(indent);
        s.push_str("    ");
        s.push_str(&match op {
            MultiLine::Check { path, version } => format!(".check({}, {version})", string(path)),
            MultiLine::Create {
                path,
                data,
                ephemeral,
                sequential,
            } => format!(
                ".create({}, {}, Ids.OPEN_ACL_UNSAFE, CreateMode.{})",
                string(path),
                bytes(data.as_deref()),
                mode_name(CreateMode::from_flags(
                    *ephemeral,
                    *sequential,
                    false,
                    false
                ))
            ),
            MultiLine::Delete { path, version } => {
                format!(".delete({}, {version})", string(path))
            }
            MultiLine::Set {
                path,
                data,
                version,
            } => format!(
                ".setData({}, {}, {version})",
                string(path),
                bytes(Some(data))
            ),
        });
    }
    s.push('\n');
    s.push_str(indent);
    s.push_str("    .commit()");
    s
}

fn mode_name(m: CreateMode) -> &'static str {
    match m {
        CreateMode::Persistent => "PERSISTENT",
        CreateMode::PersistentSequential => "PERSISTENT_SEQUENTIAL",
        CreateMode::Ephemeral => "EPHEMERAL",
        CreateMode::EphemeralSequential => "EPHEMERAL_SEQUENTIAL",
        CreateMode::Container => "CONTAINER",
        CreateMode::PersistentWithTtl => "PERSISTENT_WITH_TTL",
        CreateMode::PersistentSequentialWithTtl => "PERSISTENT_SEQUENTIAL_WITH_TTL",
    }
}

/// The one call a command makes (for "show code"), or why it makes none.
fn command_call(c: &CliCommand, zk: &str, modes: &mut WatchModes) -> Result<String, &'static str> {
    if let CliCommand::Expire = c {
        return Ok(format!(
            "new ZooKeeper(connect, 30000, watcher, {zk}.getSessionId(), {zk}.getSessionPasswd()).close()"
        ));
    }
    let code = command_code(c, zk, modes, "")?;
    // The call is the first statement that uses the client: its right-hand side, or what it
    // prints.
    let on_client = |l: &&String| l.contains(&format!("{zk}.")) || l.contains(&format!("({zk},"));
    let first = code.iter().find(on_client).map_or("", String::as_str);
    let call = first.split_once(" = ").map_or(first, |(_, r)| r);
    let call = call.trim_end_matches(';');
    let call = call
        .strip_prefix("System.out.println(")
        .and_then(|c| c.strip_suffix(')'))
        .unwrap_or(call);
    Ok(call.to_string())
}

/// The statements a zkCli command makes on the client `zk` and what it prints, as zkCli does.
fn command_code(
    c: &CliCommand,
    zk: &str,
    modes: &mut WatchModes,
    session: &str,
) -> Result<Vec<String>, &'static str> {
    let p = string;
    Ok(match c {
        CliCommand::Create {
            path,
            data,
            acl,
            mode,
            ttl_ms,
        } => {
            let acl = match acl {
                None => "Ids.OPEN_ACL_UNSAFE".to_string(),
                Some(text) => {
                    let (list, notes) = parse_acl_list_noting(text);
                    if !notes.is_empty() {
                        return Err("zkCli complains about this ACL text before the call");
                    }
                    acl_list(&list)
                }
            };
            let ttl = if mode.is_ttl() {
                format!(", null, {ttl_ms}")
            } else {
                String::new()
            };
            vec![
                format!(
                    "String created = {zk}.create({}, {}, {acl}, CreateMode.{}{ttl});",
                    p(path),
                    bytes(data.as_deref()),
                    mode_name(*mode)
                ),
                "System.out.println(\"Created \" + created);".into(),
            ]
        }
        CliCommand::Delete { path, version } => {
            vec![format!("{zk}.delete({}, {version});", p(path))]
        }
        CliCommand::DeleteAll { path, batch } => {
            if *batch <= 0 {
                return Err("'deleteall -b' with no batch size has no counterpart in ZKUtil");
            }
            vec![
                format!(
                    "boolean deleted = ZKUtil.deleteRecursive({zk}, {}, {batch});",
                    p(path)
                ),
                "if (!deleted) System.out.println(\"Failed to delete some node(s) in the subtree!\");"
                    .into(),
            ]
        }
        CliCommand::Set {
            path,
            data,
            version,
            stat,
        } => {
            if *stat {
                vec![
                    format!(
                        "Stat stat = {zk}.setData({}, {}, {version});",
                        p(path),
                        bytes(Some(data))
                    ),
                    "printStat(stat);".into(),
                ]
            } else {
                vec![format!(
                    "{zk}.setData({}, {}, {version});",
                    p(path),
                    bytes(Some(data))
                )]
            }
        }
        CliCommand::Get { path, stat, watch } => {
            let mut v = vec![
                "Stat stat = new Stat();".to_string(),
                format!("byte[] data = {zk}.getData({}, {watch}, stat);", p(path)),
                "System.out.println(data == null ? \"null\" : new String(data, UTF_8));".into(),
            ];
            if *stat {
                v.push("printStat(stat);".into());
            } else {
                v.remove(0);
                v[0] = format!("byte[] data = {zk}.getData({}, {watch}, null);", p(path));
            }
            v
        }
        CliCommand::Stat { path, watch } => vec![
            format!("Stat stat = {zk}.exists({}, {watch});", p(path)),
            format!(
                "if (stat == null) throw new KeeperException.NoNodeException({});",
                p(path)
            ),
            "printStat(stat);".into(),
        ],
        CliCommand::Ls {
            path,
            stat,
            watch,
            recursive,
        } => {
            if *recursive {
                if *stat {
                    return Err("'ls -R -s' prints no Stat in zkCli: no call to write for -s");
                }
                vec![format!(
                    "ZKUtil.visitSubTreeDFS({zk}, {}, {watch}, (rc, p, ctx, name) -> System.out.println(p));",
                    p(path)
                )]
            } else if *stat {
                vec![
                    "Stat stat = new Stat();".into(),
                    format!(
                        "List<String> children = {zk}.getChildren({}, {watch}, stat);",
                        p(path)
                    ),
                    "Collections.sort(children);".into(),
                    "System.out.println(children);".into(),
                    "printStat(stat);".into(),
                ]
            } else {
                vec![
                    format!(
                        "List<String> children = {zk}.getChildren({}, {watch});",
                        p(path)
                    ),
                    "Collections.sort(children);".into(),
                    "System.out.println(children);".into(),
                ]
            }
        }
        CliCommand::GetEphemerals { path } => vec![format!(
            "System.out.println({zk}.getEphemerals({}));",
            p(path)
        )],
        CliCommand::GetAllChildrenNumber { path } => vec![format!(
            "System.out.println({zk}.getAllChildrenNumber({}));",
            p(path)
        )],
        CliCommand::Sync { path } => vec![
            "CompletableFuture<Integer> rc = new CompletableFuture<>();".into(),
            format!(
                "{zk}.sync({}, (code, p, ctx) -> rc.complete(code), null);",
                p(path)
            ),
            "System.out.println(rc.get() == 0 ? \"Sync is OK\" : \"Sync has failed. rc=\" + rc.get());"
                .into(),
        ],
        CliCommand::AddWatch { path, mode } => {
            let m = match mode {
                Some(m) => {
                    modes.last.retain(|(s, _)| s != session);
                    modes.last.push((session.to_string(), *m));
                    *m
                }
                None => modes
                    .last
                    .iter()
                    .find(|(s, _)| s == session)
                    .map_or(WatchMode::PersistentRecursive, |(_, m)| *m),
            };
            let m = match m {
                WatchMode::Persistent => "PERSISTENT",
                WatchMode::PersistentRecursive => "PERSISTENT_RECURSIVE",
                WatchMode::Standard => return Err("addWatch takes no standard mode"),
            };
            vec![format!("{zk}.addWatch({}, AddWatchMode.{m});", p(path))]
        }
        CliCommand::RemoveWatches { path, kind, local } => {
            let k = match kind {
                WatcherKind::Children => "Children",
                WatcherKind::Data => "Data",
                WatcherKind::Any => "Any",
            };
            vec![format!(
                "{zk}.removeAllWatches({}, WatcherType.{k}, {local});",
                p(path)
            )]
        }
        CliCommand::AddAuth { scheme, auth } => vec![format!(
            "{zk}.addAuthInfo({}, {});",
            p(scheme),
            bytes(Some(auth))
        )],
        CliCommand::GetAcl { path, stat } => {
            let mut v = vec![
                "Stat stat = new Stat();".to_string(),
                format!("List<ACL> acl = {zk}.getACL({}, stat);", p(path)),
                "for (ACL entry : acl) System.out.println(\"'\" + entry.getId().getScheme() + \",'\" + entry.getId().getId() + \"\\n: \" + perms(entry.getPerms()));".into(),
            ];
            if *stat {
                v.push("printStat(stat);".into());
            }
            v
        }
        CliCommand::SetAcl {
            path,
            acl,
            version,
            stat,
            recursive,
        } => {
            if *recursive {
                return Err("'setAcl -R' walks the tree in zkCli: write the walk by hand");
            }
            let (list, notes) = parse_acl_list_noting(acl);
            if !notes.is_empty() {
                return Err("zkCli complains about this ACL text before the call");
            }
            let call = format!("{zk}.setACL({}, {}, {version})", p(path), acl_list(&list));
            if *stat {
                vec![format!("Stat stat = {call};"), "printStat(stat);".into()]
            } else {
                vec![format!("{call};")]
            }
        }
        CliCommand::Close | CliCommand::Quit => vec![format!("{zk}.close();")],
        CliCommand::WhoAmI => vec![
            format!("List<ClientInfo> infos = {zk}.whoAmI();"),
            "System.out.println(\"Auth scheme: User\");".into(),
            "for (ClientInfo info : infos) System.out.println(info.getAuthScheme() + \": \" + info.getUser());".into(),
        ],
        CliCommand::Expire => vec![
            "// What the server does when the session times out, at once: a second handle on".into(),
            "// the same session closes it (as ZooKeeper's own tests expire a session).".into(),
            format!("expire({zk});"),
        ],
        CliCommand::History
        | CliCommand::Redo(_)
        | CliCommand::PrintWatches(_)
        | CliCommand::Version
        | CliCommand::Connect => {
            return Err("a command of the zkCli shell itself: it makes no client call")
        }
        CliCommand::Config { .. } | CliCommand::Reconfig => {
            return Err("the ensemble's configuration is not exported (a standalone server has none to show)")
        }
        CliCommand::Quota(_) => {
            return Err("quotas are zkCli's own znodes under /zookeeper/quota: not exported")
        }
        CliCommand::Compat { .. } => {
            return Err("an old zkCli form that prints a deprecation notice: write the current command")
        }
    })
}

/// `Arrays.asList(new ACL(…), …)`.
fn acl_list(list: &[Acl]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|a| {
            format!(
                "new ACL({}, new Id({}, {}))",
                perms_expr(a.perms),
                string(&a.id.scheme),
                string(&a.id.id)
            )
        })
        .collect();
    format!("Arrays.asList({})", items.join(", "))
}

/// `Perms.READ | Perms.WRITE` for a permission mask.
fn perms_expr(p: u32) -> String {
    use crate::acl::perms;
    let names: Vec<&str> = [
        (perms::READ, "Perms.READ"),
        (perms::WRITE, "Perms.WRITE"),
        (perms::CREATE, "Perms.CREATE"),
        (perms::DELETE, "Perms.DELETE"),
        (perms::ADMIN, "Perms.ADMIN"),
    ]
    .iter()
    .filter(|(bit, _)| p & bit != 0)
    .map(|(_, n)| *n)
    .collect();
    if names.is_empty() {
        "0".into()
    } else {
        names.join(" | ")
    }
}

/// A Java string literal: quotes, backslashes and control characters escaped, non-ASCII as
/// `\uXXXX` so the file compiles whatever javac's default encoding.
pub(super) fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// The bytes of a znode's data: `"d".getBytes(UTF_8)`, or `null` for none.
pub(super) fn bytes(data: Option<&str>) -> String {
    match data {
        None => "null".into(),
        Some(d) => format!("{}.getBytes(UTF_8)", string(d)),
    }
}

/// The header comment: what the program is and how to run it.
fn header(extra_jars: &str) -> String {
    let what = if extra_jars.is_empty() {
        "it prints what `zkplay run` prints."
    } else {
        "its recipes are Curator's, and print zkplay's\n\
         // status lines where they mean the same thing (they name a recipe's path, not its nodes)."
    };
    format!(
        "// Exported by `zkplay export` from a zkplay scenario: {what}\n\
         // Compile and run against a ZooKeeper 3.8 server (Debian's jars in /usr/share/java):\n\
         //   CP=/usr/share/java/zookeeper.jar:/usr/share/java/zookeeper-jute.jar:/usr/share/java/slf4j-api.jar{extra_jars}\n\
         //   javac -encoding UTF-8 -cp $CP {CLASS}.java && java -cp $CP:. {CLASS} 127.0.0.1:2181\n"
    )
}

/// The file: header, imports, `main` with the body, and the helpers.
pub(super) fn assemble(body: &Body, extra: &str, helpers: &str) -> String {
    let jars = if extra.is_empty() {
        String::new()
    } else {
        ":/usr/share/java/curator-client.jar:/usr/share/java/curator-framework.jar:/usr/share/java/curator-recipes.jar:/usr/share/java/guava.jar".to_string()
    };
    let mut s = header(&jars);
    s.push_str(IMPORTS);
    s.push_str(extra);
    s.push_str(&format!(
        "\npublic class {CLASS} {{\n    public static void main(String[] args) throws Exception {{\n        connect = args.length > 0 ? args[0] : \"127.0.0.1:2181\";\n"
    ));
    for l in &body.lines {
        if l.is_empty() {
            s.push('\n');
        } else {
            for part in l.lines() {
                s.push_str("        ");
                s.push_str(part);
                s.push('\n');
            }
        }
    }
    s.push_str("        end();\n    }\n");
    s.push_str(helpers);
    s.push_str("}\n");
    s
}

const IMPORTS: &str = "
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.*;
import java.util.concurrent.*;

import org.apache.zookeeper.*;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.*;
";

/// The helpers every program shares: opening a session with its printing watcher, running a
/// zkCli line (its prompt, its errors in zkCli's words), waiting until each session has its
/// events, and zkCli's printers.
pub(super) const HELPERS: &str = r#"
    // ---- What zkCli prints, and waiting until every session has heard of a line ----

    static String connect;
    /** The sessions in the order they were opened, with their watchers. */
    static final Map<ZooKeeper, Printer> sessions = new LinkedHashMap<>();

    /** A session's watcher: it keeps its events as zkCli prints them until they are printed. */
    static class Printer implements Watcher {
        final String name;
        final StringBuilder events = new StringBuilder();
        final CountDownLatch connected = new CountDownLatch(1);
        /** Its last state: Closed or Expired (what the client says after it is not kept). */
        final CountDownLatch over = new CountDownLatch(1);
        volatile boolean crashed;
        volatile boolean closing;

        Printer(String name) {
            this.name = name;
        }

        @Override
        public void process(WatchedEvent event) {
            if (crashed || over.getCount() == 0) {
                return;
            }
            synchronized (events) {
                events.append("\nWATCHER::\n\n").append(event).append('\n');
            }
            if (event.getState() == KeeperState.SyncConnected && event.getType() == EventType.None) {
                connected.countDown();
            }
            if (event.getState() == KeeperState.Closed || event.getState() == KeeperState.Expired) {
                over.countDown();
            }
        }
    }

    /** Opens a session and waits until it is connected. */
    static ZooKeeper open(String name, int sessionTimeoutMs) throws Exception {
        Printer printer = new Printer(name);
        ZooKeeper zk = new ZooKeeper(connect, sessionTimeoutMs, printer);
        sessions.put(zk, printer);
        if (!printer.connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("session " + name + " did not connect");
        }
        settle();
        return zk;
    }

    interface Line {
        void run() throws Exception;
    }

    /** Runs one zkCli line on a session: its prompt, what it prints, its error as zkCli words it. */
    static void zkCli(ZooKeeper zk, String line, Line call) throws Exception {
        Printer printer = sessions.get(zk);
        System.out.println("[zk: " + printer.name + "] " + line);
        if (printer.closing) {
            System.out.println("Not connected");
        } else {
            try {
                call.run();
                if (!zk.getState().isAlive()) {
                    printer.closing = true; // close or quit
                }
            } catch (IllegalArgumentException e) {
                System.out.println(e.getMessage()); // a bad path, refused by the client itself
            } catch (KeeperException e) {
                if (e.getResults() != null) {
                    System.out.println(e.getMessage());
                    printResults(e.getResults());
                } else {
                    System.out.println(zkCliMessage(e));
                }
            }
        }
        settle();
    }

    /** The client stops without closing its session (as if its process died). */
    static void crash(ZooKeeper zk) throws Exception {
        Printer printer = sessions.get(zk);
        printer.crashed = true;
        zk.getTestable().injectSessionExpiration();
        settle();
    }

    /** Expires a session now: a second handle on it closes it; the first then hears Expired. */
    static void expire(ZooKeeper zk) throws Exception {
        Printer printer = sessions.get(zk);
        CountDownLatch attached = new CountDownLatch(1);
        ZooKeeper same = new ZooKeeper(connect, 30000, event -> {
            if (event.getState() == KeeperState.SyncConnected) {
                attached.countDown();
            }
        }, zk.getSessionId(), zk.getSessionPasswd());
        attached.await(30, TimeUnit.SECONDS);
        same.close();
        printer.over.await(30, TimeUnit.SECONDS);
        printer.closing = true;
    }

    static void sleep(long ms) throws Exception {
        Thread.sleep(ms);
        settle();
    }

    /**
     * Waits until every live session has received what the last line caused (a sync's answer
     * comes after every notification the server sent before it), then prints each session's
     * events, sessions in the order they were opened.
     */
    static void settle() throws Exception {
        for (Map.Entry<ZooKeeper, Printer> s : sessions.entrySet()) {
            Printer printer = s.getValue();
            if (printer.crashed) {
                continue;
            }
            if (printer.closing) {
                printer.over.await(10, TimeUnit.SECONDS);
            } else {
                CountDownLatch done = new CountDownLatch(1);
                s.getKey().sync("/", (rc, path, ctx) -> done.countDown(), null);
                done.await(30, TimeUnit.SECONDS);
            }
            synchronized (printer.events) {
                if (printer.events.length() > 0) {
                    System.out.print("[" + printer.name + "]" + printer.events);
                    printer.events.setLength(0);
                }
            }
        }
        System.out.flush();
    }

    /** A client's thread that failed (a recipe's): the program fails at its end. */
    static final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    /** The end of the scenario: the sessions close without printing more. */
    static void end() throws Exception {
        List<String> failed = new ArrayList<>(failures);
        for (Map.Entry<ZooKeeper, Printer> s : sessions.entrySet()) {
            s.getValue().crashed = true;
            if (!s.getValue().closing) {
                s.getKey().close();
            }
        }
        System.out.flush();
        if (!failed.isEmpty()) {
            System.err.println("a client's thread failed: " + String.join("; ", failed));
            System.exit(1);
        }
        System.exit(0);
    }

    /** The words zkCli prints for a KeeperException. */
    static String zkCliMessage(KeeperException e) {
        String path = e.getPath();
        switch (e.code()) {
            case NONODE: return "Node does not exist: " + path;
            case NOCHILDRENFOREPHEMERALS: return "Ephemerals cannot have children: " + path;
            case NODEEXISTS: return "Node already exists: " + path;
            case NOTEMPTY: return "Node not empty: " + path;
            case NOTREADONLY: return "Not a read-only call: " + path;
            case INVALIDACL: return "Acl is not valid : " + path;
            case NOAUTH: return "Insufficient permission : " + path;
            case BADARGUMENTS: return "Arguments are not valid : " + path;
            case BADVERSION: return "version No is not valid : " + path;
            case QUOTAEXCEEDED: return "Quota has exceeded : " + path;
            default: return e.getMessage();
        }
    }

    /** A multi's results, one line each. */
    static void printResults(List<OpResult> results) {
        for (OpResult r : results) {
            if (r instanceof OpResult.CreateResult) {
                System.out.println("create " + ((OpResult.CreateResult) r).getPath());
            } else if (r instanceof OpResult.DeleteResult) {
                System.out.println("delete");
            } else if (r instanceof OpResult.SetDataResult) {
                System.out.println("set");
            } else if (r instanceof OpResult.CheckResult) {
                System.out.println("check");
            } else if (r instanceof OpResult.ErrorResult) {
                int err = ((OpResult.ErrorResult) r).getErr();
                System.out.println(err == 0 ? "ok (rolled back)" : "error " + Code.get(err));
            }
        }
    }

    /** zkCli's StatPrinter. */
    static void printStat(Stat stat) {
        System.out.println("cZxid = 0x" + Long.toHexString(stat.getCzxid()));
        System.out.println("ctime = " + new Date(stat.getCtime()));
        System.out.println("mZxid = 0x" + Long.toHexString(stat.getMzxid()));
        System.out.println("mtime = " + new Date(stat.getMtime()));
        System.out.println("pZxid = 0x" + Long.toHexString(stat.getPzxid()));
        System.out.println("cversion = " + stat.getCversion());
        System.out.println("dataVersion = " + stat.getVersion());
        System.out.println("aclVersion = " + stat.getAversion());
        System.out.println("ephemeralOwner = 0x" + Long.toHexString(stat.getEphemeralOwner()));
        System.out.println("dataLength = " + stat.getDataLength());
        System.out.println("numChildren = " + stat.getNumChildren());
    }

    /** zkCli's letters for a permission mask. */
    static String perms(int p) {
        StringBuilder s = new StringBuilder();
        if ((p & Perms.CREATE) != 0) s.append('c');
        if ((p & Perms.DELETE) != 0) s.append('d');
        if ((p & Perms.READ) != 0) s.append('r');
        if ((p & Perms.WRITE) != 0) s.append('w');
        if ((p & Perms.ADMIN) != 0) s.append('a');
        return s.toString();
    }
"#;
