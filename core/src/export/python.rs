//! The scenario as a Python 3 program on kazoo 2.11 (see `export`): one `KazooClient` per
//! session, each zkCli line as the kazoo call a person would write, watch events printed as
//! zkCli prints them, `tick`/`sleep` as `time.sleep`, the scenario's comments kept. What the
//! program prints is the transcript `zkplay run` prints (text mode). `crash NAME` is the
//! client stopping without closing its session, which the server then expires. A line a
//! program cannot express on a real server (another simulated fault, a simulator step, a
//! server's fault) is an [`ExportError::Unsupported`] naming what is missing.

use super::ExportError;
use crate::acl::{parse_acl_list_noting, perms};
use crate::path::validate_path;
use crate::recipes::{RecipeKind, RecipeOptions};
use crate::request::CreateMode;
use crate::script::cli::{wrapper_message, CliCommand};
use crate::script::parse::{MultiLine, SimCommand, Step, StepKind};
use crate::ZkError;

/// The whole program.
pub fn program(script: &str, steps: &[Step]) -> Result<String, ExportError> {
    if steps.is_empty() {
        return Err(ExportError::Empty);
    }
    let lines: Vec<&str> = script.lines().collect();
    let mut body = String::new();
    let mut sessions = Sessions::default();
    let mut recipes: Vec<RecipeKind> = Vec::new();
    // The last line of the file the previous step took (its multi block's `end` included).
    let mut done_to = 0;
    for step in steps {
        let unsupported = |why: &'static str| ExportError::Unsupported {
            line: step.line,
            text: step.source.lines().next().unwrap_or("").trim().to_string(),
            why,
        };
        let comments = comments_between(&lines, done_to, step.line);
        done_to = step.line + step.source.lines().count().saturating_sub(1);
        if !body.is_empty() {
            body.push('\n');
        }
        for c in comments {
            if c.is_empty() {
                body.push_str("    #\n");
            } else {
                body.push_str(&format!("    # {c}\n"));
            }
        }
        let code = step_code(step, &mut sessions, &mut recipes).map_err(unsupported)?;
        for l in code {
            if l.is_empty() {
                body.push('\n');
            } else {
                body.push_str(&format!("    {l}\n"));
            }
        }
    }
    let mut out = String::from(HEAD);
    out.push_str("\n\n\ndef main():\n    console = Console()\n\n");
    out.push_str(&body);
    out.push_str("\n    console.close_all()\n\n\n");
    for kind in recipe_functions(&recipes) {
        out.push_str(kind);
        out.push_str("\n\n\n");
    }
    out.push_str(CONSOLE);
    out.push_str("\n\n");
    out.push_str(&error_table());
    out.push_str("\n\nif __name__ == \"__main__\":\n    main()\n");
    Ok(out)
}

/// One step's call on kazoo, for "show code": the session's client is the variable of its
/// name (`c1.create("/a", b"x")`). `None` for a line that is no client call.
pub fn call(step: &Step) -> Option<String> {
    let s = step.session.as_deref()?;
    let v = variable_for(s);
    match &step.kind {
        StepKind::Session { timeout_ms, .. } => Some(format!(
            "{v} = KazooClient(hosts=HOSTS, timeout={})\n{v}.start()",
            seconds(u64::from(*timeout_ms))
        )),
        StepKind::Command(cmd) => Some(
            command_calls(s, &v, cmd)
                .ok()?
                .iter()
                .filter(|c| c.call)
                .map(|c| c.text.trim())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        StepKind::Multi(ops) => {
            let mut lines = vec![format!("transaction = {v}.transaction()")];
            lines.extend(ops.iter().map(multi_op));
            lines.push("results = transaction.commit()".into());
            Some(lines.join("\n"))
        }
        _ => None,
    }
    .filter(|c| !c.is_empty())
}

/// One line of Python in a step's code; `call` marks the kazoo calls themselves (what "show
/// code" shows), as against the printing around them.
struct Code {
    text: String,
    call: bool,
}

fn call_line(text: String) -> Code {
    Code { text, call: true }
}

fn print_line(text: String) -> Code {
    Code { text, call: false }
}

/// The comment lines of the script after line `after` and before line `before` (1-based),
/// without their `#`.
fn comments_between<'a>(lines: &[&'a str], after: usize, before: usize) -> Vec<&'a str> {
    lines
        .iter()
        .take(before.saturating_sub(1))
        .skip(after)
        .filter_map(|l| l.trim().strip_prefix('#'))
        .map(str::trim)
        .collect()
}

/// A step as lines of Python in `main` (without its indentation), or why it cannot be.
fn step_code(
    step: &Step,
    sessions: &mut Sessions,
    recipes: &mut Vec<RecipeKind>,
) -> Result<Vec<String>, &'static str> {
    match &step.kind {
        StepKind::Session { timeout_ms, server } => {
            if server.is_some() {
                return Err(SIMULATED_ENSEMBLE);
            }
            let s = step.session.as_deref().unwrap_or("");
            if sessions.variable(s).is_some() {
                return Err("the session is opened twice; a program has one client per name");
            }
            let v = sessions.open(s);
            let mut code = open_session(s, &v, u64::from(*timeout_ms));
            code.push("console.show_events()".into());
            Ok(code)
        }
        StepKind::Sleep { ms } => Ok(vec![
            format!("time.sleep({})  # {}", seconds(*ms), step.text),
            "console.show_events()".into(),
        ]),
        StepKind::Command(cmd) => {
            let s = step.session.as_deref().unwrap_or("");
            let Some(v) = sessions.variable(s) else {
                return Err(NOT_OPENED);
            };
            if sessions.crashed.iter().any(|c| c == s) {
                return Err(CRASHED);
            }
            let sequential = matches!(
                cmd,
                CliCommand::Create {
                    mode: CreateMode::PersistentSequential
                        | CreateMode::EphemeralSequential
                        | CreateMode::PersistentSequentialWithTtl,
                    ..
                }
            );
            let path = command_path(cmd);
            if !path.is_empty() && validate_path(path, sequential).is_err() {
                return Err(CLIENT_CHECKS_PATHS);
            }
            if sessions.queues.iter().any(|q| within(path, q)) {
                return Err("kazoo's LockingQueue keeps a queue's items under PATH/entries (and takes them through PATH/taken), where zkplay's queue keeps them as PATH's children: a zkCli line on the queue's nodes answers otherwise");
            }
            let code = command_calls(s, v, cmd)?;
            let mut out = vec![format!(
                "with console.line({}, {}, {}):",
                py_str(s),
                py_str(&step.text),
                py_str(command_path(cmd))
            )];
            out.extend(code.into_iter().map(|c| format!("    {}", c.text)));
            Ok(out)
        }
        StepKind::Multi(ops) => {
            let s = step.session.as_deref().unwrap_or("");
            let Some(v) = sessions.variable(s) else {
                return Err(NOT_OPENED);
            };
            if sessions.crashed.iter().any(|c| c == s) {
                return Err(CRASHED);
            }
            let bad_path = ops.iter().any(|op| match op {
                MultiLine::Create {
                    path, sequential, ..
                } => validate_path(path, *sequential).is_err(),
                MultiLine::Check { path, .. }
                | MultiLine::Delete { path, .. }
                | MultiLine::Set { path, .. } => validate_path(path, false).is_err(),
            });
            if bad_path {
                return Err(CLIENT_CHECKS_PATHS);
            }
            let mut out = vec![
                format!("with console.line({}, \"multi\"):", py_str(s)),
                format!("    transaction = {v}.transaction()"),
            ];
            out.extend(ops.iter().map(|op| format!("    {}", multi_op(op))));
            out.push("    results = transaction.commit()".into());
            let kinds: Vec<String> = ops
                .iter()
                .map(|op| {
                    py_str(match op {
                        MultiLine::Check { .. } => "check",
                        MultiLine::Create { .. } => "create",
                        MultiLine::Delete { .. } => "delete",
                        MultiLine::Set { .. } => "set",
                    })
                })
                .collect();
            out.push(format!(
                "    console.print_results(results, [{}])",
                kinds.join(", ")
            ));
            Ok(out)
        }
        StepKind::Refused(_) => Err("zkCli refuses this line itself (it makes no call on the server), so there is no call to write"),
        StepKind::Invalid(_) => Err("the line does not parse"),
        StepKind::Ensemble(_) | StepKind::Server(_) => Err(SIMULATED_ENSEMBLE),
        StepKind::Sim(c) => sim_code(c, &step.text, sessions, recipes),
    }
}

const CLIENT_CHECKS_PATHS: &str = "zkCli's client refuses this path itself before it makes a call; kazoo checks no paths and would send it to the server, which answers otherwise";

const NOT_OPENED: &str = "the line's session is opened by no 'session' line before it; zkplay opens it on first use, a program opens a client first";

const CRASHED: &str = "the session's process crashed before this line: zkplay answers ConnectionLoss, but a dead process runs no more calls, so there is none to write";

const SIMULATED_ENSEMBLE: &str = "the scenario runs on zkplay's simulated ensemble, whose servers it starts, crashes, pins clients to and waits for; a program only connects to the servers it is given";

/// A simulator line: a recipe, or a comment for what changes nothing a program can see.
fn sim_code(
    c: &SimCommand,
    text: &str,
    sessions: &mut Sessions,
    recipes: &mut Vec<RecipeKind>,
) -> Result<Vec<String>, &'static str> {
    match c {
        SimCommand::Seed(n) => Ok(vec![format!(
            "# seed {n}: the simulation's seed; a real server has its own timing"
        )]),
        SimCommand::Clock(_) => Ok(vec![
            "# clock: the simulated wall clock's origin; a real server stamps its own time".into(),
        ]),
        SimCommand::Step(_) => Err("it runs the simulation event by event; a program has no simulated events to step through (use tick MS)"),
        SimCommand::Crash(name) => {
            let Some(v) = sessions.variable(name).map(str::to_string) else {
                return Err("the crashed session is opened by no 'session' or 'recipe' line before it");
            };
            if !sessions.crashed.contains(name) {
                sessions.crashed.push(name.clone());
            }
            Ok(vec![
                format!("# {text}: the client {name} stops without closing its session; the server expires it after its timeout"),
                format!("console.crash({}, {v})", py_str(name)),
            ])
        }
        SimCommand::Partition(_) | SimCommand::Heal(_) => Err("a network partition is a fault of zkplay's simulated network; a program cannot cut its own link to the server"),
        SimCommand::Pause(..) => Err("a GC pause is simulated; a program cannot freeze one of its clients while the others run"),
        SimCommand::Delay(..) => Err("a delay is a fault of zkplay's simulated network; a program cannot slow its own link"),
        SimCommand::ServerStop | SimCommand::ServerStart => Err("stopping and starting the server is a fault of zkplay's simulated server; a program cannot stop the server it is connected to"),
        SimCommand::Recipe {
            kind,
            path,
            clients,
            options,
        } => {
            let mut code = vec![format!("# {text}")];
            code.extend(recipe_code(
                *kind, path, clients, options, sessions, recipes,
            )?);
            Ok(code)
        }
    }
}

/// A session's client (the variable `v`), opened.
fn open_session(s: &str, v: &str, timeout_ms: u64) -> Vec<String> {
    vec![
        format!(
            "{v} = KazooClient(hosts=HOSTS, timeout={})",
            seconds(timeout_ms)
        ),
        format!("console.listen({}, {v})", py_str(s)),
        format!("{v}.start()"),
    ]
}

/// The sessions a program has opened, in order, each with its client's variable.
#[derive(Default)]
struct Sessions {
    opened: Vec<(String, String)>,
    /// Those whose process a `crash` line killed.
    crashed: Vec<String>,
    /// The paths of the queues the recipes run on.
    queues: Vec<String>,
}

impl Sessions {
    fn variable(&self, name: &str) -> Option<&str> {
        self.opened
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Opens a session: its variable is its name where Python takes that as a fresh name
    /// (`-` as `_`, `zk_` before a leading digit or a name the program or Python has, `_2`…
    /// after one another session has).
    fn open(&mut self, name: &str) -> String {
        let base = variable_for(name);
        let mut v = base.clone();
        let mut k = 2;
        while self.opened.iter().any(|(_, x)| *x == v) {
            v = format!("{base}_{k}");
            k += 1;
        }
        self.opened.push((name.to_string(), v.clone()));
        v
    }
}

/// Whether `path` is `base` or under it.
fn within(path: &str, base: &str) -> bool {
    path == base
        || path
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('/') || base == "/")
}

/// A session name as a Python variable, before telling it from the others.
fn variable_for(name: &str) -> String {
    let v = name.replace('-', "_");
    if v.starts_with(|c: char| c.is_ascii_digit()) || TAKEN_NAMES.contains(&v.as_str()) {
        format!("zk_{v}")
    } else {
        v
    }
}

/// Python's keywords, the builtins a program might reach for, and the names the program
/// itself uses in `main` or at its top.
const TAKEN_NAMES: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "print",
    "len",
    "range",
    "sorted",
    "hex",
    "list",
    "dict",
    "set",
    "str",
    "bytes",
    "int",
    "isinstance",
    "zip",
    "any",
    "all",
    "type",
    "id",
    "object",
    "super",
    "open",
    "next",
    "iter",
    "map",
    "filter",
    "min",
    "max",
    "sum",
    "format",
    "input",
    "exit",
    "quit",
    "help",
    "vars",
    "Exception",
    "queue",
    "sys",
    "threading",
    "time",
    "contextmanager",
    "KazooClient",
    "ConnectionClosedError",
    "InvalidACLError",
    "NoNodeError",
    "RolledBackError",
    "ZookeeperError",
    "Callback",
    "KazooState",
    "Permissions",
    "make_acl",
    "HOSTS",
    "ERRORS",
    "Console",
    "main",
    "console",
    "contend",
    "lock",
    "election",
    "read_lock",
    "write_lock",
    "queue_producer",
    "queue_consumer",
    "barrier",
    "double_barrier",
    "created",
    "data",
    "stat",
    "children",
    "acl",
    "results",
    "transaction",
    "config_worker",
    "config_manager",
    "NodeExistsError",
    "stack",
    "node",
    "names",
    "socket",
    "EventType",
    "naming",
    "load_of",
    "lb_server",
    "lb_client",
    "mw_master",
    "mw_worker",
    "mw_client",
    "SYSTEMS",
    "cluster_member",
    "cluster_coordinator",
];

/// A `recipe` line: its clients' sessions opened (those not open yet), then each client's
/// recipe started on its own thread: on kazoo's recipe where zkplay's has a counterpart, else
/// (naming, load balancing, master-worker, the case studies' roles) as plain kazoo calls.
fn recipe_code(
    kind: RecipeKind,
    path: &str,
    clients: &[String],
    options: &RecipeOptions,
    sessions: &mut Sessions,
    recipes: &mut Vec<RecipeKind>,
) -> Result<Vec<String>, &'static str> {
    if options.server.is_some() {
        return Err(SIMULATED_ENSEMBLE);
    }
    let hold = seconds(options.hold_ms);
    let rounds = options.rounds;
    let args = match kind {
        RecipeKind::Lock | RecipeKind::Election | RecipeKind::RwRead | RecipeKind::RwWrite => {
            if options.fencing {
                return Err("fencing tokens are checked by zkplay's simulated resource; kazoo's Lock hands out none");
            }
            format!("hold={hold}, rounds={rounds}")
        }
        RecipeKind::QueueProducer => format!(
            "items={}, interval={}",
            options.items,
            seconds(options.interval_ms)
        ),
        RecipeKind::QueueConsumer => format!("interval={}", seconds(options.interval_ms)),
        RecipeKind::Barrier => String::new(),
        RecipeKind::DoubleBarrier => format!(
            "size={}, hold={hold}",
            options.size.unwrap_or(clients.len() as u32)
        ),
        RecipeKind::LockNaive | RecipeKind::ElectionNaive => {
            return Err("zkplay's naive lock and election (every waiter watches one node: the herd) have no counterpart among kazoo's recipes, whose waiters each watch their predecessor")
        }
        RecipeKind::ConfigWorker => String::new(),
        RecipeKind::ConfigManager => format!(
            "items={}, interval={}",
            options.items,
            seconds(options.interval_ms)
        ),
        RecipeKind::Naming | RecipeKind::MwClient => format!("items={}", options.items),
        RecipeKind::LbServer => format!(
            "items={}, interval={}",
            options.items,
            seconds(options.interval_ms)
        ),
        RecipeKind::LbClient | RecipeKind::MwMaster => String::new(),
        RecipeKind::MwWorker => format!("hold={hold}"),
        RecipeKind::HBaseMaster | RecipeKind::ShardMaster | RecipeKind::FetchMaster => format!(
            "{}, {}, items={}",
            py_str(kind.name()),
            py_str(cluster_system(kind)),
            options.items
        ),
        RecipeKind::HBaseRegionServer | RecipeKind::ShardServer | RecipeKind::Fetcher => {
            format!("{}, {}", py_str(kind.name()), py_str(cluster_system(kind)))
        }
        RecipeKind::KafkaBroker | RecipeKind::SolrNode => {
            return Err("in zkplay's models of real systems, every Kafka broker and every Solr node runs for the coordinator at once: which one wins is settled by the simulation (its seed), which a program's threads racing on a real server do not follow, and the case study then crashes the winner")
        }
    };
    let function = recipe_function_name(kind);
    if matches!(kind, RecipeKind::QueueProducer | RecipeKind::QueueConsumer) {
        sessions.queues.push(path.to_string());
    }
    if !recipes.contains(&kind) {
        recipes.push(kind);
    }
    if clients.iter().any(|c| sessions.crashed.contains(c)) {
        return Err(CRASHED);
    }
    let mut code = Vec::new();
    for c in clients {
        if sessions.variable(c).is_none() {
            let v = sessions.open(c);
            code.extend(open_session(
                c,
                &v,
                u64::from(crate::script::parse::DEFAULT_TIMEOUT_MS),
            ));
        }
    }
    // The roles written here for zkplay's own recipes wait, as zkplay does, until no request
    // is in flight; those on kazoo's recipes give the threads a moment for their round trips.
    let settles = matches!(
        kind,
        RecipeKind::Naming
            | RecipeKind::LbServer
            | RecipeKind::LbClient
            | RecipeKind::MwMaster
            | RecipeKind::MwWorker
            | RecipeKind::MwClient
            | RecipeKind::HBaseMaster
            | RecipeKind::HBaseRegionServer
            | RecipeKind::ShardMaster
            | RecipeKind::ShardServer
            | RecipeKind::FetchMaster
            | RecipeKind::Fetcher
    );
    for (i, c) in clients.iter().enumerate() {
        let args = if args.is_empty() {
            String::new()
        } else {
            format!(", {args}")
        };
        if kind == RecipeKind::MwMaster && i > 0 {
            // zkplay's first client runs for master first; the others back it up.
            code.push("console.settle()".into());
        }
        code.push(format!(
            "console.start({function}, {}, {}, {}{args})",
            py_str(c),
            sessions.variable(c).unwrap_or(c),
            py_str(path)
        ));
    }
    if settles {
        code.push("console.settle()".into());
    } else {
        code.push("time.sleep(0.5)".into());
        code.push("console.show_events()".into());
    }
    Ok(code)
}

/// The program's function for a kind of recipe (its Python name).
fn recipe_function_name(kind: RecipeKind) -> &'static str {
    match kind {
        RecipeKind::Lock => "lock",
        RecipeKind::Election => "election",
        RecipeKind::RwRead => "read_lock",
        RecipeKind::RwWrite => "write_lock",
        RecipeKind::QueueProducer => "queue_producer",
        RecipeKind::QueueConsumer => "queue_consumer",
        RecipeKind::Barrier => "barrier",
        RecipeKind::DoubleBarrier => "double_barrier",
        RecipeKind::ConfigWorker => "config_worker",
        RecipeKind::ConfigManager => "config_manager",
        RecipeKind::Naming => "naming",
        RecipeKind::LbServer => "lb_server",
        RecipeKind::LbClient => "lb_client",
        RecipeKind::MwMaster => "mw_master",
        RecipeKind::MwWorker => "mw_worker",
        RecipeKind::MwClient => "mw_client",
        RecipeKind::HBaseMaster | RecipeKind::ShardMaster | RecipeKind::FetchMaster => {
            "cluster_coordinator"
        }
        RecipeKind::HBaseRegionServer | RecipeKind::ShardServer | RecipeKind::Fetcher => {
            "cluster_member"
        }
        _ => "",
    }
}

/// The case study's system a cluster role belongs to (its key in the program's SYSTEMS), or
/// "" for a role of no case study.
fn cluster_system(kind: RecipeKind) -> &'static str {
    match kind {
        RecipeKind::HBaseMaster | RecipeKind::HBaseRegionServer => "hbase",
        RecipeKind::ShardMaster | RecipeKind::ShardServer => "messages",
        RecipeKind::FetchMaster | RecipeKind::Fetcher => "fetching",
        _ => "",
    }
}

/// The functions the recipes of a program need, in the order they first appear (the
/// contenders' shared `contend` before the first of them).
fn recipe_functions(kinds: &[RecipeKind]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for kind in kinds {
        let contender = matches!(
            kind,
            RecipeKind::Lock | RecipeKind::Election | RecipeKind::RwRead | RecipeKind::RwWrite
        );
        if contender && !out.contains(&CONTEND) {
            out.push(CONTEND);
        }
        if *kind == RecipeKind::LbServer && !out.contains(&LOAD_OF) {
            out.push(LOAD_OF);
        }
        let cluster = !cluster_system(*kind).is_empty();
        if cluster && !out.contains(&SYSTEMS) {
            out.push(SYSTEMS);
        }
        let function = match kind {
            RecipeKind::HBaseMaster | RecipeKind::ShardMaster | RecipeKind::FetchMaster => {
                CLUSTER_COORDINATOR
            }
            _ => CLUSTER_MEMBER,
        };
        if cluster {
            if !out.contains(&function) {
                out.push(function);
            }
            continue;
        }
        out.push(match kind {
            RecipeKind::Lock => LOCK,
            RecipeKind::Election => ELECTION,
            RecipeKind::RwRead => READ_LOCK,
            RecipeKind::RwWrite => WRITE_LOCK,
            RecipeKind::QueueProducer => QUEUE_PRODUCER,
            RecipeKind::QueueConsumer => QUEUE_CONSUMER,
            RecipeKind::Barrier => BARRIER,
            RecipeKind::ConfigWorker => CONFIG_WORKER,
            RecipeKind::ConfigManager => CONFIG_MANAGER,
            RecipeKind::Naming => NAMING,
            RecipeKind::LbServer => LB_SERVER,
            RecipeKind::LbClient => LB_CLIENT,
            RecipeKind::MwMaster => MW_MASTER,
            RecipeKind::MwWorker => MW_WORKER,
            RecipeKind::MwClient => MW_CLIENT,
            _ => DOUBLE_BARRIER,
        });
    }
    out
}

const CONTEND: &str = r#"def contend(console, name, kind, path, lock, role, hold, rounds):
    """A contender as zkplay's: takes the role `rounds` times, each time keeping it `hold`
    seconds (0: for good). kazoo's lock recipes queue their waiters as zkplay's do, each
    watching the node before its own."""
    for _ in range(rounds):
        console.status(name, kind, f"competing for {path}")
        lock.acquire()
        node = f"{path}/{lock.node}"
        console.status(name, kind, f"{role} {node}")
        if hold == 0:
            return
        time.sleep(hold)
        console.status(name, kind, f"releasing {node}")
        lock.release()
    console.status(name, kind, "done")"#;

const LOCK: &str = r#"def lock(console, name, client, path, hold, rounds):
    """zkplay's lock: kazoo's Lock."""
    lock = client.Lock(path, name)
    contend(console, name, "lock", path, lock, "holds", hold, rounds)"#;

const ELECTION: &str = r#"def election(console, name, client, path, hold, rounds):
    """zkplay's election: kazoo's Election, whose lock makes the leader."""
    election = client.Election(path, name)
    contend(console, name, "election", path, election.lock, "leader of", hold, rounds)"#;

const READ_LOCK: &str = r#"def read_lock(console, name, client, path, hold, rounds):
    """zkplay's shared lock's reader: kazoo's ReadLock."""
    lock = client.ReadLock(path, name)
    contend(console, name, "rwlock-read", path, lock, "reads under", hold, rounds)"#;

const WRITE_LOCK: &str = r#"def write_lock(console, name, client, path, hold, rounds):
    """zkplay's shared lock's writer: kazoo's WriteLock."""
    lock = client.WriteLock(path, name)
    contend(console, name, "rwlock-write", path, lock, "writes under", hold, rounds)"#;

const QUEUE_PRODUCER: &str = r#"def queue_producer(console, name, client, path, items, interval):
    """zkplay's queue producer on kazoo's LockingQueue: `items` items, `interval` seconds
    apart (kazoo names the queue's znodes itself: the item's data names it)."""
    jobs = client.LockingQueue(path)
    for i in range(items):
        item = f"item-{i:010d}"
        jobs.put(item.encode())
        console.status(name, "queue-producer", f"produced {item} ({items - i - 1} left)")
        time.sleep(interval)"#;

const QUEUE_CONSUMER: &str = r#"def queue_consumer(console, name, client, path, interval):
    """zkplay's queue consumer on kazoo's LockingQueue: takes the lowest item, works on it
    `interval` seconds, then consumes it."""
    jobs = client.LockingQueue(path)
    consumed = 0
    waiting = False
    while True:
        item = jobs.get(timeout=0.2)
        if item is None:
            if not waiting:
                console.status(name, "queue-consumer", f"waiting for items ({consumed} consumed)")
            waiting = True
            continue
        waiting = False
        console.status(name, "queue-consumer", f"working on {item.decode()}")
        time.sleep(interval)
        jobs.consume()
        consumed += 1"#;

const BARRIER: &str = r#"def barrier(console, name, client, path):
    """zkplay's barrier: kazoo's Barrier, whose node it makes sure of (as zkplay's does),
    passed once someone deletes the node."""
    gate = client.Barrier(path)
    gate.create()
    console.status(name, "barrier", f"waits at the barrier {path}")
    gate.wait()
    console.status(name, "barrier", f"passed the barrier {path}")"#;

const DOUBLE_BARRIER: &str = r#"def double_barrier(console, name, client, path, size, hold):
    """zkplay's double barrier: kazoo's DoubleBarrier; `size` clients enter together, work
    `hold` seconds and leave together."""
    barrier = client.DoubleBarrier(path, size, identifier=name)
    barrier.enter()
    console.status(name, "double-barrier", f"entered {path}: working")
    time.sleep(hold)
    console.status(name, "double-barrier", "leaving")
    barrier.leave()
    console.status(name, "double-barrier", f"left {path} with everyone")"#;

const CONFIG_WORKER: &str = r#"def config_worker(console, name, client, path):
    """zkplay's config worker: registers as an ephemeral node under PATH/servers and runs
    with PATH/config as kazoo's DataWatch reports it (the DataWatch sets its watch again
    after each change, and watches a node not there yet)."""
    client.ensure_path(f"{path}/servers")
    client.create(f"{path}/servers/{name}", f"{name} up".encode(), ephemeral=True)

    def on_config(data, stat):
        if stat is None:
            console.status(name, "config-worker", "waits for a configuration")
        else:
            config = data.decode()
            console.status(
                name,
                "config-worker",
                f'runs with config "{config}" (dataVersion {stat.version})',
            )

    client.DataWatch(f"{path}/config", on_config)"#;

const CONFIG_MANAGER: &str = r#"def config_manager(console, name, client, path, items, interval):
    """zkplay's config manager: follows the workers under PATH/servers with kazoo's
    ChildrenWatch and publishes `items` versions of PATH/config, `interval` seconds apart."""
    client.ensure_path(f"{path}/servers")
    published = 0
    servers = []

    def show():
        listed = ", ".join(servers) or "none"
        console.status(
            name, "config-manager", f"published {published} version(s) · servers: {listed}"
        )

    def on_servers(children):
        servers[:] = sorted(children)
        show()

    client.ChildrenWatch(f"{path}/servers", on_servers)
    for version in range(1, items + 1):
        config = f"db=v{version}".encode()
        if version == 1:
            try:
                client.create(f"{path}/config", config)
            except NodeExistsError:  # there already (another manager): updated instead
                client.set(f"{path}/config", config)
        else:
            client.set(f"{path}/config", config)
        published = version
        show()
        if version < items:
            time.sleep(interval)"#;

const NAMING: &str = r#"def naming(console, name, client, path, items):
    """zkplay's naming service: each name is a persistent sequential node PATH/id-…, unique
    and ordered, made by the server."""
    client.ensure_path(path)
    for count in range(1, items + 1):
        created = client.create(f"{path}/id-", name.encode(), sequence=True)
        got = created.rsplit("/", 1)[1]
        console.status(name, "naming", f"got {got} ({count} of {items})")"#;

const LOAD_OF: &str = r#"def load_of(name, update):
    """zkplay's figure for a server's load at its update-th report, the same on every run (a
    real server would measure its own)."""
    load = (update * 2654435761) & 0xFFFFFFFF
    for byte in name.encode():
        load = (load * 31 + byte) & 0xFFFFFFFF
    return load % 10"#;

const LB_SERVER: &str = r#"def lb_server(console, name, client, path, items, interval):
    """zkplay's load-balanced server: registers as the ephemeral PATH/NAME with its load as
    data, then reports its load `items` times, `interval` seconds apart. Its node goes with
    its session: a crashed server leaves every list once the server expires it."""
    client.ensure_path(path)
    node = f"{path}/{name}"
    client.create(node, f"load={load_of(name, 0)}".encode(), ephemeral=True)
    console.status(name, "lb-server", f"serving, load {load_of(name, 0)}")
    for update in range(1, items + 1):
        time.sleep(interval)
        client.set(node, f"load={load_of(name, update)}".encode())
        console.status(name, "lb-server", f"serving, load {load_of(name, update)}")"#;

const LB_CLIENT: &str = r#"def lb_client(console, name, client, path):
    """zkplay's load-balancing client: lists the servers under PATH with a child watch and
    reads each one's load with a data watch, listing or reading again when one fires; it
    picks a server both round robin (the next turn goes on with each listing) and least
    loaded, and says what it sees after the listing and after each read."""
    client.ensure_path(path)
    loads = {}  # server: its load as last read
    turns = [0]
    lock = threading.RLock()  # the watches' thread and this one take turns

    def show(advance):
        if not loads:
            console.status(name, "lb-client", "no servers")
            return
        servers = sorted(loads)
        listed = " ".join(f"{s}({loads[s]})" for s in servers)
        following = servers[turns[0] % len(servers)]
        least = min(servers, key=lambda s: (loads[s], s))
        if advance:
            turns[0] += 1
        console.status(
            name,
            "lb-client",
            f"servers {listed} · next round-robin {following} · least loaded {least}",
        )

    def read(server):
        try:
            data, _ = client.get(f"{path}/{server}", watch=on_load)
        except NoNodeError:
            loads.pop(server, None)
            return
        text = data.decode()
        if server in loads:
            loads[server] = int(text[5:]) if text.startswith("load=") else 0
            show(False)

    def on_load(event):
        if event.type == EventType.CHANGED:
            with lock:
                read(event.path.rsplit("/", 1)[1])

    def on_servers(event=None):
        if event is not None and event.type != EventType.CHILD:
            return  # the connection's state, not the servers
        with lock:
            list_servers()

    def list_servers():
        children = sorted(client.get_children(path, watch=on_servers))
        for gone in [s for s in loads if s not in children]:
            del loads[gone]
        for server in children:
            loads.setdefault(server, 0)
        show(True)
        for server in children:
            read(server)

    on_servers()"#;

const MW_MASTER: &str = r#"def mw_master(console, name, client, path):
    """The book's master (zkplay's mw-master): runs for master by creating the ephemeral
    PATH/master; a backup watches it and runs again once it is gone. The master follows the
    live workers (PATH/workers) and the submitted tasks (PATH/tasks), moves a dead worker's
    tasks back from PATH/assign/WORKER to PATH/tasks, and assigns each task to a live worker,
    round robin, with one multi that creates PATH/assign/WORKER/TASK and deletes the task."""
    for folder in ("workers", "tasks", "assign", "status"):
        client.ensure_path(f"{path}/{folder}")
    workers = []
    turns = [0]
    lock = threading.RLock()  # the watches' thread and this one take turns

    def say(text):
        console.status(name, "mw-master", text)

    def show():
        say(f"master · workers: {', '.join(workers) or 'none'}")

    def run_for_master():
        try:
            client.create(f"{path}/master", name.encode(), ephemeral=True)
        except NodeExistsError:
            say("backup: watches the master")
            if client.exists(f"{path}/master", watch=on_master) is None:
                run_for_master()
            return
        show()
        on_workers()

    def on_master(event):
        if event.type == EventType.DELETED:
            run_for_master()

    def on_workers(event=None):
        if event is not None and event.type != EventType.CHILD:
            return  # the connection's state, not the workers
        with lock:
            follow_workers()

    def follow_workers():
        workers[:] = sorted(client.get_children(f"{path}/workers", watch=on_workers))
        show()
        for gone in sorted(set(client.get_children(f"{path}/assign")) - set(workers)):
            for task in client.get_children(f"{path}/assign/{gone}"):
                data, _ = client.get(f"{path}/assign/{gone}/{task}")
                transaction = client.transaction()
                transaction.create(f"{path}/tasks/{task}", data)
                transaction.delete(f"{path}/assign/{gone}/{task}")
                transaction.commit()
                say(f"moves {task} back from a dead worker")
        assign_tasks()

    def on_tasks(event=None):
        if event is not None and event.type != EventType.CHILD:
            return  # the connection's state, not the tasks
        with lock:
            assign_tasks()

    def assign_tasks():
        for task in sorted(client.get_children(f"{path}/tasks", watch=on_tasks)):
            if not workers:
                say("master · no workers: tasks wait")
                return
            try:
                data, _ = client.get(f"{path}/tasks/{task}")
            except NoNodeError:  # assigned meanwhile
                continue
            worker = workers[turns[0] % len(workers)]
            turns[0] += 1
            transaction = client.transaction()
            transaction.create(f"{path}/assign/{worker}/{task}", data)
            transaction.delete(f"{path}/tasks/{task}")
            results = transaction.commit()
            say(f"assigns {task} to {worker}")
            if any(isinstance(r, Exception) for r in results):
                on_tasks()  # taken meanwhile, or the worker's folder is gone: look again

    run_for_master()"#;

const MW_WORKER: &str = r#"def mw_worker(console, name, client, path, hold):
    """The book's worker (zkplay's mw-worker): registers as the ephemeral PATH/workers/NAME,
    watches its assignments under PATH/assign/NAME and runs them one at a time, `hold`
    seconds each; it records each as done once (PATH/status/TASK), then deletes the
    assignment."""
    inbox = f"{path}/assign/{name}"
    for folder in (inbox, f"{path}/workers", f"{path}/status"):
        client.ensure_path(folder)
    client.create(f"{path}/workers/{name}", b"idle", ephemeral=True)
    work = queue.Queue()
    known = set()  # queued or running

    def on_inbox(event=None):
        if event is not None and event.type != EventType.CHILD:
            return  # the connection's state, not the assignments
        for task in sorted(client.get_children(inbox, watch=on_inbox)):
            if task not in known:
                known.add(task)
                work.put(task)

    on_inbox()
    done = 0
    while True:
        if work.empty():
            console.status(name, "mw-worker", f"idle ({done} done)")
        task = work.get()
        console.status(name, "mw-worker", f"runs {task}")
        time.sleep(hold)
        try:
            client.create(f"{path}/status/{task}", f"done by {name}".encode())
            done += 1
        except NodeExistsError:  # done by another before it came back to us
            pass
        client.delete(f"{inbox}/{task}")
        known.discard(task)"#;

const MW_CLIENT: &str = r#"def mw_client(console, name, client, path, items):
    """The book's client (zkplay's mw-client): submits `items` tasks as persistent sequential
    nodes PATH/tasks/task-… and watches for each one's PATH/status/TASK."""
    for folder in ("tasks", "status"):
        client.ensure_path(f"{path}/{folder}")
    done = set()
    lock = threading.Lock()

    def finished(task):
        with lock:
            if task in done:
                return
            done.add(task)
            console.status(name, "mw-client", f"{len(done)} of {items} tasks done")

    for number in range(1, items + 1):
        created = client.create(
            f"{path}/tasks/task-", f"job {number} from {name}".encode(), sequence=True
        )
        task = created.rsplit("/", 1)[1]

        def on_status(event, task=task):
            if event.type == EventType.CREATED:
                finished(task)

        with lock:
            console.status(name, "mw-client", f"{len(done)} of {items} tasks done")
        if client.exists(f"{path}/status/{task}", watch=on_status) is not None:
            finished(task)"#;

const SYSTEMS: &str = r#"# The case studies' systems, as zkplay models them, each under its chroot: the coordinator's
# ephemeral znode, the members' folder, the backups' folder (HBase's backup masters), the
# folder of the items the coordinator assigns, what the coordinator and the items are called,
# and an item's name.
SYSTEMS = {
    "hbase": ("master", "rs", "backup-masters", "region-assignment", "active master", "regions", "region-{}"),
    "messages": ("master", "servers", None, "shards", "shard master", "shards", "shard-{}"),
    "fetching": ("master", "fetchers", None, "crawl", "fetching master", "crawl segments", "segment-{}"),
}"#;

const CLUSTER_MEMBER: &str = r#"def cluster_member(console, name, client, path, kind, system):
    """A member of a case study's cluster (an HBase region server, a Messages shard server, a
    fetcher): registers as the ephemeral PATH/MEMBERS/NAME (a fetcher's data says it is
    healthy), which goes with its session; the coordinator assigns it work."""
    members = SYSTEMS[system][1]
    client.ensure_path(f"{path}/{members}")
    data = b"healthy" if system == "fetching" else name.encode()
    client.create(f"{path}/{members}/{name}", data, ephemeral=True)
    console.status(name, kind, f"registered at {path}/{members}/{name}")"#;

const CLUSTER_COORDINATOR: &str = r#"def cluster_coordinator(console, name, client, path, kind, system, items):
    """A candidate to coordinate a case study's cluster (an HBase master, a shard master, a
    fetching master): the first to create the ephemeral PATH/master coordinates; the others
    watch it (an HBase backup also registers under PATH/backup-masters) and run again once it
    is gone. The coordinator reads what the previous one assigned, follows the live members
    with a child watch and gives each item whose owner is not live to the live member holding
    fewest (ties: the first by name), writing the owner's name as the item's znode."""
    leader, members, backups, folder, title, things, item = SYSTEMS[system]
    for folder_path in (members, backups, folder):
        if folder_path:
            client.ensure_path(f"{path}/{folder_path}")
    names = [item.format(i) for i in range(1, items + 1)]
    owners = {}  # item: its owner, as its znode says
    written = set()  # the items whose znode exists
    live = []
    lock = threading.RLock()  # the watches' thread and this one take turns
    backup = f"{path}/{backups}/{name}" if backups else None

    def run():
        try:
            client.create(f"{path}/{leader}", name.encode(), ephemeral=True)
        except NodeExistsError:
            console.status(name, kind, f"backup: watches {path}/{leader}")
            if backup:
                try:
                    client.create(backup, b"", ephemeral=True)
                except NodeExistsError:
                    pass
            if client.exists(f"{path}/{leader}", watch=on_leader) is None:
                run()
            return
        if backup:
            try:
                client.delete(backup)
            except NoNodeError:
                pass
        for each in names:
            try:
                data, _ = client.get(f"{path}/{folder}/{each}")
            except NoNodeError:
                owners[each] = None
                continue
            written.add(each)
            owners[each] = data.decode() or None
        on_members()

    def on_leader(event):
        if event.type == EventType.DELETED:
            run()

    def on_members(event=None):
        if event is not None and event.type != EventType.CHILD:
            return  # the connection's state, not the members
        with lock:
            live[:] = sorted(client.get_children(f"{path}/{members}", watch=on_members))
            for each in names:
                if not live or owners[each] in live:
                    continue
                held = {m: list(owners.values()).count(m) for m in live}
                owners[each] = min(live, key=lambda m: (held[m], m))
                node = f"{path}/{folder}/{each}"
                if each in written:
                    client.set(node, owners[each].encode())
                else:
                    client.create(node, owners[each].encode())
                    written.add(each)
            console.status(name, kind, f"{title}: {len(live)} live, {items} {things}")

    run()"#;

/// The path a command's error messages name (zkCli's `CliWrapperException`).
fn command_path(cmd: &CliCommand) -> &str {
    match cmd {
        CliCommand::Create { path, .. }
        | CliCommand::Delete { path, .. }
        | CliCommand::DeleteAll { path, .. }
        | CliCommand::Set { path, .. }
        | CliCommand::Get { path, .. }
        | CliCommand::Stat { path, .. }
        | CliCommand::Ls { path, .. }
        | CliCommand::Sync { path }
        | CliCommand::GetAcl { path, .. }
        | CliCommand::SetAcl { path, .. } => path,
        CliCommand::Compat { command, .. } => command_path(command),
        _ => "",
    }
}

fn watch_arg(s: &str, watch: bool) -> String {
    if watch {
        format!(", watch=console.watcher({})", py_str(s))
    } else {
        String::new()
    }
}

fn version_arg(version: i32) -> String {
    if version == -1 {
        String::new()
    } else {
        format!(", version={version}")
    }
}

/// The Python of one zkCli command of session `s` on its client `v`, or why there is none.
fn command_calls(s: &str, v: &str, cmd: &CliCommand) -> Result<Vec<Code>, &'static str> {
    Ok(match cmd {
        CliCommand::Create {
            path,
            data,
            acl,
            mode,
            ..
        } => {
            let acl = match acl {
                Some(text) => format!(", acl={}", acl_list(text)?),
                None => String::new(),
            };
            let flags = match mode {
                CreateMode::Persistent => "",
                CreateMode::Ephemeral => ", ephemeral=True",
                CreateMode::PersistentSequential => ", sequence=True",
                CreateMode::EphemeralSequential => ", ephemeral=True, sequence=True",
                CreateMode::Container => {
                    return Err("kazoo 2.11's create has no container mode")
                }
                CreateMode::PersistentWithTtl | CreateMode::PersistentSequentialWithTtl => {
                    return Err("kazoo 2.11's create has no TTL mode")
                }
            };
            let data = data.as_deref().map_or("None".to_string(), py_bytes);
            let call = format!("created = {v}.create({}, {data}{flags}{acl})", py_str(path));
            if acl.is_empty() {
                vec![
                    call_line(call),
                    print_line("print(\"Created\", created)".into()),
                ]
            } else {
                // zkCli's create says KeeperException's words for an ACL the server
                // refuses, then its usual ones.
                vec![
                    print_line("try:".into()),
                    call_line(format!("    {call}")),
                    print_line("except InvalidACLError:".into()),
                    print_line(format!(
                        "    print({})",
                        py_str(&ZkError::InvalidAcl.keeper_message(path))
                    )),
                    print_line("    raise".into()),
                    print_line("print(\"Created\", created)".into()),
                ]
            }
        }
        CliCommand::Delete { path, version } => vec![call_line(format!(
            "{v}.delete({}{})",
            py_str(path),
            version_arg(*version)
        ))],
        CliCommand::DeleteAll { .. } => {
            return Err("kazoo's recursive delete walks the tree its own way (zkCli lists it breadth-first and deletes it deepest first in batches of multi, and says when a batch fails), so the watches fire in another order; the exporter does not write zkCli's walk")
        }
        CliCommand::Set {
            path,
            data,
            version,
            stat,
        } => {
            let call = format!("{v}.set({}, {}{})", py_str(path), py_bytes(data), version_arg(*version));
            if *stat {
                vec![
                    call_line(format!("stat = {call}")),
                    print_line("console.print_stat(stat)".into()),
                ]
            } else {
                vec![call_line(call)]
            }
        }
        CliCommand::Get { path, stat, watch } => {
            let mut v = vec![
                call_line(format!(
                    "data, stat = {v}.get({}{})",
                    py_str(path),
                    watch_arg(s, *watch)
                )),
                print_line("print(console.text(data))".into()),
            ];
            if *stat {
                v.push(print_line("console.print_stat(stat)".into()));
            }
            v
        }
        CliCommand::Stat { path, watch } => vec![
            call_line(format!(
                "stat = {v}.exists({}{})",
                py_str(path),
                watch_arg(s, *watch)
            )),
            // zkCli's stat says a missing node is missing (exists answers None).
            print_line("if stat is None:".into()),
            print_line("    raise NoNodeError".into()),
            print_line("console.print_stat(stat)".into()),
        ],
        CliCommand::Ls {
            path,
            stat,
            watch,
            recursive,
        } => {
            if *recursive {
                // zkCli's ls -R: ZKUtil's walk, the root read first (a missing root is the
                // error), then depth first, each node's children listed before their own.
                let w = watch_arg(s, *watch);
                return Ok(vec![
                    call_line(format!("{v}.get({}{w})", py_str(path))),
                    print_line(format!("print({})", py_str(path))),
                    print_line(format!("stack = [{}]", py_str(path))),
                    print_line("while stack:".into()),
                    print_line("    node = stack.pop()".into()),
                    print_line("    try:".into()),
                    call_line(format!("        names = sorted({v}.get_children(node{w}))")),
                    print_line("    except NoNodeError:".into()),
                    print_line("        continue".into()),
                    print_line(
                        "    children = [node.rstrip(\"/\") + \"/\" + name for name in names]".into(),
                    ),
                    print_line("    for child in children:".into()),
                    print_line("        print(child)".into()),
                    print_line("    stack.extend(reversed(children))".into()),
                ]);
            }
            if *stat {
                vec![
                    call_line(format!(
                        "children, stat = {v}.get_children({}{}, include_data=True)",
                        py_str(path),
                        watch_arg(s, *watch)
                    )),
                    print_line("print(console.listing(children))".into()),
                    print_line("console.print_stat(stat)".into()),
                ]
            } else {
                vec![
                    call_line(format!(
                        "children = {v}.get_children({}{})",
                        py_str(path),
                        watch_arg(s, *watch)
                    )),
                    print_line("print(console.listing(children))".into()),
                ]
            }
        }
        CliCommand::Sync { path } => vec![
            call_line(format!("{v}.sync({})", py_str(path))),
            print_line("print(\"Sync is OK\")".into()),
        ],
        CliCommand::AddAuth { scheme, auth } => vec![call_line(format!(
            "{v}.add_auth({}, {})",
            py_str(scheme),
            py_str(auth)
        ))],
        CliCommand::Close | CliCommand::Quit => vec![
            print_line(format!("console.closing({})", py_str(s))),
            call_line(format!("{v}.stop()")),
        ],
        CliCommand::Compat { notice, command } => {
            let mut code = vec![print_line(format!("print({})", py_str(notice)))];
            code.extend(command_calls(s, v, command)?);
            code
        }
        CliCommand::Expire => {
            return Err("kazoo has no call that expires its own session; only the server expires it, after the client stops talking")
        }
        CliCommand::AddWatch { .. } => {
            return Err("kazoo 2.11 has no persistent watches (addWatch)")
        }
        CliCommand::RemoveWatches { .. } => {
            return Err("kazoo 2.11 has no call that removes a watch (removeWatches)")
        }
        CliCommand::GetAcl { path, stat } => {
            let mut v = vec![
                call_line(format!("acl, stat = {v}.get_acls({})", py_str(path))),
                print_line("console.print_acl(acl)".into()),
            ];
            if *stat {
                v.push(print_line("console.print_stat(stat)".into()));
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
                return Err("kazoo has no recursive setAcl (setAcl -R walks the tree in zkCli); the exporter does not write the walk");
            }
            let call = format!(
                "{v}.set_acls({}, {}{})",
                py_str(path),
                acl_list(acl)?,
                version_arg(*version)
            );
            if *stat {
                vec![
                    call_line(format!("stat = {call}")),
                    print_line("console.print_stat(stat)".into()),
                ]
            } else {
                vec![call_line(call)]
            }
        }
        CliCommand::GetEphemerals { .. } => {
            return Err("kazoo 2.11 has no getEphemerals call")
        }
        CliCommand::GetAllChildrenNumber { .. } => {
            return Err("kazoo 2.11 has no getAllChildrenNumber call")
        }
        CliCommand::Quota(_) => {
            return Err("kazoo has no quota calls (zkCli writes /zookeeper/quota itself)")
        }
        CliCommand::Config { .. } | CliCommand::Reconfig => {
            return Err("the exporter does not write the server's configuration calls")
        }
        CliCommand::WhoAmI => return Err("kazoo 2.11 has no whoAmI call"),
        CliCommand::History
        | CliCommand::Redo(_)
        | CliCommand::PrintWatches(_)
        | CliCommand::Version
        | CliCommand::Connect => {
            return Err("this is a command of zkCli's console itself, with no call on the server")
        }
    })
}

/// zkCli's ACL text (`scheme:id:perms,…`) as a list of kazoo's `make_acl`, or why not.
fn acl_list(text: &str) -> Result<String, &'static str> {
    let (acl, notes) = parse_acl_list_noting(text);
    if !notes.is_empty() || acl.is_empty() {
        return Err("zkCli complains about this ACL text itself (an entry that is not scheme:id:perms, or an unknown permission) and sends what is left; the exporter writes only ACLs it reads whole");
    }
    let entries: Vec<String> = acl
        .iter()
        .map(|a| {
            let flags = if a.perms & perms::ALL == perms::ALL {
                ", all=True".to_string()
            } else {
                [
                    (perms::CREATE, "create"),
                    (perms::DELETE, "delete"),
                    (perms::READ, "read"),
                    (perms::WRITE, "write"),
                    (perms::ADMIN, "admin"),
                ]
                .iter()
                .filter(|(bit, _)| a.perms & bit != 0)
                .map(|(_, word)| format!(", {word}=True"))
                .collect()
            };
            format!(
                "make_acl({}, {}{flags})",
                py_str(&a.id.scheme),
                py_str(&a.id.id)
            )
        })
        .collect();
    Ok(format!("[{}]", entries.join(", ")))
}

/// One op of a multi block, as a call on `transaction`.
fn multi_op(op: &MultiLine) -> String {
    match op {
        MultiLine::Check { path, version } => {
            format!("transaction.check({}, {version})", py_str(path))
        }
        MultiLine::Create {
            path,
            data,
            ephemeral,
            sequential,
        } => {
            let mut flags = String::new();
            if *ephemeral {
                flags.push_str(", ephemeral=True");
            }
            if *sequential {
                flags.push_str(", sequence=True");
            }
            let data = data.as_deref().map_or("None".to_string(), py_bytes);
            format!("transaction.create({}, {data}{flags})", py_str(path))
        }
        MultiLine::Delete { path, version } => {
            format!(
                "transaction.delete({}{})",
                py_str(path),
                version_arg(*version)
            )
        }
        MultiLine::Set {
            path,
            data,
            version,
        } => format!(
            "transaction.set_data({}, {}{})",
            py_str(path),
            py_bytes(data),
            version_arg(*version)
        ),
    }
}

/// Milliseconds as Python seconds: `1.0`, `0.25`, `30.0`.
fn seconds(ms: u64) -> String {
    let whole = ms / 1000;
    let rest = ms % 1000;
    if rest == 0 {
        format!("{whole}.0")
    } else {
        let frac = format!("{rest:03}");
        format!("{whole}.{}", frac.trim_end_matches('0'))
    }
}

/// A Python string literal.
fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Znode data as Python bytes: `b"v1"`, or for text beyond ASCII `"…".encode()` (zkCli sends
/// the line's UTF-8).
fn py_bytes(s: &str) -> String {
    if s.is_ascii() {
        format!("b{}", py_str(s))
    } else {
        format!("{}.encode()", py_str(s))
    }
}

/// `ERRORS`: each ZooKeeper error code kazoo raises, with its `KeeperException.Code` name,
/// the words `KeeperException` says (a failed multi's first line) and what zkCli prints for
/// it on a command (`%s` for the path). From the engine's one table of codes.
fn error_table() -> String {
    let mut out = String::from(
        "# Each error code: its name in ZooKeeper, KeeperException's words for it, and what zkCli\n# prints when a command meets it (%s: the command's path).\nERRORS = {\n",
    );
    for code in (-200..0).rev() {
        let Some(e) = ZkError::from_code(code) else {
            continue;
        };
        let keeper = e.keeper_message("");
        let keeper = keeper.strip_prefix("KeeperErrorCode = ").unwrap_or(&keeper);
        out.push_str(&format!(
            "    {code}: ({}, {}, {}),\n",
            py_str(e.name()),
            py_str(keeper),
            py_str(&wrapper_message(e, "%s"))
        ));
    }
    out.push_str("}\n");
    out
}

/// The program's opening: what it is, how to run it, its imports.
const HEAD: &str = r#"#!/usr/bin/env python3
"""A zkplay scenario as a program on kazoo 2.11 (Python's ZooKeeper client).

Run it against a ZooKeeper server:  python3 THIS_FILE [HOST:PORT]  (default 127.0.0.1:2181).
It prints what `zkplay run` prints for the scenario: each zkCli line after its prompt, then
the answer or the error in zkCli's words, and the events each session's watches receive.
"""

import queue
import socket
import sys
import threading
import time
from contextlib import contextmanager

from kazoo.client import KazooClient
from kazoo.exceptions import (
    ConnectionClosedError,
    InvalidACLError,
    NodeExistsError,
    NoNodeError,
    RolledBackError,
    ZookeeperError,
)
from kazoo.protocol.states import Callback, EventType, KazooState
from kazoo.security import Permissions, make_acl

HOSTS = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:2181""#;

/// The `Console` class: printing as zkCli's console prints.
const CONSOLE: &str = r#"class Console:
    """Prints as zkCli's console does: each line after its prompt, then its answer or its
    error in zkCli's words, then the events the sessions' watches received, each session's
    under its name."""

    EVENT_TYPES = {
        "CREATED": "NodeCreated",
        "DELETED": "NodeDeleted",
        "CHANGED": "NodeDataChanged",
        "CHILD": "NodeChildrenChanged",
    }

    def __init__(self):
        self.events = queue.Queue()
        self.sessions = {}  # name: client, in the order they were opened
        self.closed = set()
        self.lost = {}  # name: set once the session's end has been reported
        self.watchers = {}
        self.ending = False
        self.crashed = set()
        self.roles = {}  # name: {recipe: its last status line}
        self.failures = []  # a recipe thread that failed: the program fails at the end

    def listen(self, name, client):
        """Reports the session's connection states as zkCli's watcher prints them."""
        self.sessions[name] = client
        self.lost[name] = threading.Event()

        def on_state(state):
            if state == KazooState.LOST:
                self.lost[name].set()
            if name in self.crashed:
                return
            if state == KazooState.CONNECTED:
                said = "SyncConnected"
            elif state == KazooState.SUSPENDED:
                said = "Disconnected"
            else:
                said = "Closed" if name in self.closed else "Expired"
            self.events.put((name, None, self.watched(said, "None", "null")))
            if state == KazooState.LOST:
                self.lost[name].set()

        client.add_listener(on_state)

    def watcher(self, name):
        """The session's one watcher, as zkCli has one. kazoo calls a watcher once for each
        watch it set, so a delete that fires a data and a child watch calls it twice with one
        event: zkCli prints that event once."""
        if name not in self.watchers:
            last = []

            def on_event(event):
                if name in self.crashed or last and last[0] is event:
                    return
                last[:] = [event]
                kind = self.EVENT_TYPES[event.type]
                self.events.put((name, None, self.watched("SyncConnected", kind, event.path)))

            self.watchers[name] = on_event
        return self.watchers[name]

    @staticmethod
    def watched(state, kind, path):
        return f"\nWATCHER::\n\nWatchedEvent state:{state} type:{kind} path:{path}\n"

    def status(self, name, recipe, text):
        """A recipe's status line, in zkplay's words; as zkplay, a status said again unchanged
        is not printed, and a crashed client says nothing more."""
        roles = self.roles.setdefault(name, {})
        if name in self.crashed or roles.get(recipe) == text:
            return
        roles[recipe] = text
        self.events.put((name, recipe, f"[{name} · {recipe}] {text}\n"))

    def settle(self):
        """zkplay runs a line until no message is in flight: the program waits until none of
        its live clients has had a request queued or unanswered for 0.1 s (at most 10 s; the
        client's queues are kazoo's own), then prints what came."""
        time.sleep(0.05)
        deadline = time.monotonic() + 10
        quiet_since = None
        while time.monotonic() < deadline:
            busy = any(
                client._queue or client._pending
                for name, client in self.sessions.items()
                if name not in self.crashed and name not in self.closed
            )
            now = time.monotonic()
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= 0.1:
                break
            time.sleep(0.01)
        self.show_events()

    # zkplay's master of master-worker steps down without a word when its process dies.
    SILENT_WHEN_CRASHED = {"mw-master"}

    def crash(self, name, client):
        """The client's process dies: its connection drops and it never speaks to the server
        again, so its session is not closed (kazoo's stop() would send closeSession). The
        server keeps the session, with its ephemeral nodes and watches, until its timeout
        runs out, then expires it. kazoo has no call for this: the client is marked stopped,
        as stop() marks it, but without the closeSession stop() queues, and its connection's
        socket is shut; kazoo's connection thread sees the connection drop and, stopped,
        does not reconnect. Each recipe the client runs says `crashed` (a contender already
        done says nothing), then nothing more is printed for the client."""
        if name in self.crashed:
            return
        for recipe, last in self.roles.get(name, {}).items():
            if recipe not in self.SILENT_WHEN_CRASHED and last not in ("done", "crashed"):
                self.status(name, recipe, "crashed")
        self.crashed.add(name)
        client._stopped.set()
        client._connection._socket.shutdown(socket.SHUT_RDWR)
        self.lost[name].wait(10)

    def start(self, recipe, name, client, *args, **options):
        """Runs a client's recipe on a thread of its own (it ends with the program)."""

        def run():
            try:
                recipe(self, name, client, *args, **options)
            except Exception as e:
                if not self.ending and name not in self.crashed:
                    self.failures.append(f"{name}: {e!r}")
                    raise

        threading.Thread(target=run, daemon=True).start()

    @contextmanager
    def line(self, name, command, path=""):
        """One zkCli line: its prompt, then what the block prints, or its error as zkCli
        words it, then the events."""
        print(f"[zk: {name}] {command}")
        try:
            yield
        except ConnectionClosedError:
            print("Not connected")
        except ZookeeperError as e:
            words = ERRORS[e.code][2]
            if not path:
                words = words.replace(" for %s", "")
            print(words.replace("%s", path))
        self.show_events()

    def show_events(self):
        """Prints the events and recipe lines received so far. First a round trip on every
        open session: the server sends a session its events before later answers, so they
        have arrived, and kazoo has queued them for its watcher thread; a marker queued
        after them says when that thread has run them. A closed session's end is reported
        by kazoo's connection thread once it has stopped: that is waited for too. Without
        recipe lines, each session's events come in the order the sessions were opened (the
        threads' order is not the server's); with them, as they came."""
        for name, client in self.sessions.items():
            if name in self.crashed:
                continue
            if name in self.closed:
                self.lost[name].wait(10)
                continue
            client.sync("/")
            done = threading.Event()
            client.handler.dispatch_callback(Callback("watch", done.set, ()))
            done.wait(10)
        received = []
        while not self.events.empty():
            received.append(self.events.get())
        if not any(recipe for _, recipe, _ in received):
            order = list(self.sessions)
            received.sort(key=lambda e: order.index(e[0]))
        watching = None
        for name, recipe, text in received:
            if recipe is None and watching != name:
                print(f"[{name}]", end="")
            watching = None if recipe else name
            print(text, end="")

    def closing(self, name):
        """Before the program closes a session (a closed one is not connected)."""
        if name in self.closed:
            raise ConnectionClosedError()
        self.closed.add(name)

    def close_all(self):
        """At the end: closes the sessions still open, printing nothing more (the recipes'
        threads stop with them; a crashed client's thread ends with the program). A recipe
        thread that failed fails the program."""
        failed = list(self.failures)
        self.ending = True
        for name, client in self.sessions.items():
            if name in self.crashed:
                continue
            if name not in self.closed:
                self.closed.add(name)
                client.stop()
            client.close()
        if failed:
            sys.stderr.write("a recipe's thread failed: " + "; ".join(failed) + "\n")
            sys.exit(1)

    @staticmethod
    def text(data):
        """Znode data as zkCli prints it ("null" for none)."""
        return "null" if data is None else data.decode()

    @staticmethod
    def listing(children):
        """Children as zkCli's ls prints them: sorted, in brackets."""
        return "[" + ", ".join(sorted(children)) + "]"

    @staticmethod
    def print_stat(stat):
        """A Stat as zkCli's StatPrinter prints it."""
        def date(ms):
            return time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(ms / 1000))

        print(f"cZxid = {hex(stat.czxid)}")
        print(f"ctime = {date(stat.ctime)}")
        print(f"mZxid = {hex(stat.mzxid)}")
        print(f"mtime = {date(stat.mtime)}")
        print(f"pZxid = {hex(stat.pzxid)}")
        print(f"cversion = {stat.cversion}")
        print(f"dataVersion = {stat.version}")
        print(f"aclVersion = {stat.aversion}")
        print(f"ephemeralOwner = {hex(stat.ephemeralOwner)}")
        print(f"dataLength = {stat.dataLength}")
        print(f"numChildren = {stat.numChildren}")

    @staticmethod
    def print_acl(acl):
        """An ACL as zkCli's getAcl prints it."""
        letters = [
            (Permissions.CREATE, "c"),
            (Permissions.DELETE, "d"),
            (Permissions.READ, "r"),
            (Permissions.WRITE, "w"),
            (Permissions.ADMIN, "a"),
        ]
        for entry in acl:
            granted = "".join(c for bit, c in letters if entry.perms & bit)
            print(f"'{entry.id.scheme},'{entry.id.id}\n: {granted}")

    @staticmethod
    def print_results(results, kinds):
        """A multi's results as zkplay prints them: when it failed, the first error's words,
        then each op's result (the ops before the failing one rolled back)."""
        failed = [
            r
            for r in results
            if isinstance(r, ZookeeperError) and not isinstance(r, RolledBackError)
        ]
        if failed:
            print(f"KeeperErrorCode = {ERRORS[failed[0].code][1]}")
        for kind, result in zip(kinds, results):
            if isinstance(result, RolledBackError):
                print("ok (rolled back)")
            elif isinstance(result, ZookeeperError):
                print(f"error {ERRORS[result.code][0]}")
            elif kind == "create":
                print(f"create {result}")
            else:
                print(kind)
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{export, line_code, Lang};

    /// The lines of `main` a script becomes (between `console = Console()` and the closing
    /// `console.close_all()`), without their indentation.
    fn main_of(script: &str) -> String {
        let program = export(script, Lang::Python).expect("exports");
        let start = program.find("    console = Console()\n").expect("main") + 24;
        let end = program.find("    console.close_all()").expect("end");
        program[start..end]
            .lines()
            .map(|l| l.strip_prefix("    ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn lines_become_kazoo_calls() {
        let cases: &[(&str, &str)] = &[
            (
                "session c1 timeout=6000",
                "\nc1 = KazooClient(hosts=HOSTS, timeout=6.0)\nconsole.listen(\"c1\", c1)\nc1.start()\nconsole.show_events()\n",
            ),
            (
                "session c1\nc1: create -e -s /a/b- \"x y\"",
                "with console.line(\"c1\", \"create -e -s /a/b- \\\"x y\\\"\", \"/a/b-\"):\n    created = c1.create(\"/a/b-\", b\"x y\", ephemeral=True, sequence=True)\n    print(\"Created\", created)\n",
            ),
            (
                "session c1\nc1: create /a",
                "with console.line(\"c1\", \"create /a\", \"/a\"):\n    created = c1.create(\"/a\", None)\n    print(\"Created\", created)\n",
            ),
            (
                "session c1\nc1: get -s -w /a",
                "with console.line(\"c1\", \"get -s -w /a\", \"/a\"):\n    data, stat = c1.get(\"/a\", watch=console.watcher(\"c1\"))\n    print(console.text(data))\n    console.print_stat(stat)\n",
            ),
            (
                "session c1\nc1: set -v 3 /a 数据",
                "with console.line(\"c1\", \"set -v 3 /a 数据\", \"/a\"):\n    c1.set(\"/a\", \"数据\".encode(), version=3)\n",
            ),
            (
                "session c1\nc1: ls -w /",
                "with console.line(\"c1\", \"ls -w /\", \"/\"):\n    children = c1.get_children(\"/\", watch=console.watcher(\"c1\"))\n    print(console.listing(children))\n",
            ),
            (
                "session c1\n# first\n\n# second\ntick 1500",
                "# first\n# second\ntime.sleep(1.5)  # tick 1500\nconsole.show_events()\n",
            ),
            (
                "session c1\nc1: multi\n  check /m 0\n  create -s /m/a 1\n  delete /m/b 2\nend",
                "with console.line(\"c1\", \"multi\"):\n    transaction = c1.transaction()\n    transaction.check(\"/m\", 0)\n    transaction.create(\"/m/a\", b\"1\", sequence=True)\n    transaction.delete(\"/m/b\", version=2)\n    results = transaction.commit()\n    console.print_results(results, [\"check\", \"create\", \"delete\"])\n",
            ),
            (
                "session c1\nrecipe lock /locks/db on c1,c2 hold=500 rounds=2",
                "# recipe lock /locks/db on c1,c2 hold=500 rounds=2\nc2 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"c2\", c2)\nc2.start()\nconsole.start(lock, \"c1\", c1, \"/locks/db\", hold=0.5, rounds=2)\nconsole.start(lock, \"c2\", c2, \"/locks/db\", hold=0.5, rounds=2)\ntime.sleep(0.5)\nconsole.show_events()\n",
            ),
            (
                "session c1\nc1: create /ro x world:anyone:r,digest:u:h=:cdrwa",
                "    try:\n        created = c1.create(\"/ro\", b\"x\", acl=[make_acl(\"world\", \"anyone\", read=True), make_acl(\"digest\", \"u:h=\", all=True)])\n    except InvalidACLError:\n        print(\"KeeperErrorCode = InvalidACL for /ro\")\n        raise\n    print(\"Created\", created)\n",
            ),
            (
                "session c1\nc1: getAcl -s /ro",
                "    acl, stat = c1.get_acls(\"/ro\")\n    console.print_acl(acl)\n    console.print_stat(stat)\n",
            ),
            (
                "session c1\nc1: setAcl -v 1 /ro ip:127.0.0.1:rw",
                "    c1.set_acls(\"/ro\", [make_acl(\"ip\", \"127.0.0.1\", read=True, write=True)], version=1)\n",
            ),
            (
                "session a-1\nsession a_1\nsession 9\nsession print\na-1: sync /",
                "a_1 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"a-1\", a_1)\na_1.start()\nconsole.show_events()\n\na_1_2 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"a_1\", a_1_2)\na_1_2.start()\nconsole.show_events()\n\nzk_9 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"9\", zk_9)\nzk_9.start()\nconsole.show_events()\n\nzk_print = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"print\", zk_print)\nzk_print.start()\nconsole.show_events()\n\nwith console.line(\"a-1\", \"sync /\", \"/\"):\n    a_1.sync(\"/\")\n",
            ),
            (
                "session c1\nc1: ls -R -w /r",
                "    c1.get(\"/r\", watch=console.watcher(\"c1\"))\n    print(\"/r\")\n    stack = [\"/r\"]\n    while stack:\n        node = stack.pop()\n        try:\n            names = sorted(c1.get_children(node, watch=console.watcher(\"c1\")))\n",
            ),
            (
                "recipe config-worker /app on c3\nrecipe config-manager /app on c5 items=2 interval=100",
                "console.start(config_worker, \"c3\", c3, \"/app\")\ntime.sleep(0.5)\nconsole.show_events()\n\n# recipe config-manager /app on c5 items=2 interval=100\nc5 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"c5\", c5)\nc5.start()\nconsole.start(config_manager, \"c5\", c5, \"/app\", items=2, interval=0.1)\n",
            ),
            (
                "session c1\ncrash c1\ncrash c1",
                "# crash c1: the client c1 stops without closing its session; the server expires it after its timeout\nconsole.crash(\"c1\", c1)\n\n# crash c1: the client c1",
            ),
            (
                "recipe mw-master /mw on c1,c2\nrecipe mw-worker /mw on c3 hold=400",
                "console.start(mw_master, \"c1\", c1, \"/mw\")\nconsole.settle()\nconsole.start(mw_master, \"c2\", c2, \"/mw\")\nconsole.settle()\n\n# recipe mw-worker /mw on c3 hold=400\nc3 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"c3\", c3)\nc3.start()\nconsole.start(mw_worker, \"c3\", c3, \"/mw\", hold=0.4)\nconsole.settle()\n",
            ),
            (
                "recipe lb-server /svc on s1 items=2 interval=400\nrecipe lb-client /svc on k1\nrecipe naming /ids on n1 items=3\nrecipe mw-client /mw on c items=4",
                "console.start(lb_server, \"s1\", s1, \"/svc\", items=2, interval=0.4)\nconsole.settle()\n\n# recipe lb-client /svc on k1\nk1 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"k1\", k1)\nk1.start()\nconsole.start(lb_client, \"k1\", k1, \"/svc\")\nconsole.settle()\n\n# recipe naming /ids on n1 items=3\nn1 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"n1\", n1)\nn1.start()\nconsole.start(naming, \"n1\", n1, \"/ids\", items=3)\nconsole.settle()\n\n# recipe mw-client /mw on c items=4\nc = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"c\", c)\nc.start()\nconsole.start(mw_client, \"c\", c, \"/mw\", items=4)\nconsole.settle()\n",
            ),
            (
                "recipe hbase-regionserver /hbase on rs1\nrecipe hbase-master /hbase on m1 items=6",
                "console.start(cluster_member, \"rs1\", rs1, \"/hbase\", \"hbase-regionserver\", \"hbase\")\nconsole.settle()\n\n# recipe hbase-master /hbase on m1 items=6\nm1 = KazooClient(hosts=HOSTS, timeout=30.0)\nconsole.listen(\"m1\", m1)\nm1.start()\nconsole.start(cluster_coordinator, \"m1\", m1, \"/hbase\", \"hbase-master\", \"hbase\", items=6)\nconsole.settle()\n",
            ),
            (
                "seed 7\nsession c1\nc1: close",
                "# seed 7: the simulation's seed; a real server has its own timing\n",
            ),
        ];
        for (script, want) in cases {
            let main = main_of(script);
            assert!(
                main.contains(want.trim_start_matches('\n')),
                "{script:?} became:\n{main}\nwithout:\n{want}"
            );
        }
    }

    #[test]
    fn what_a_program_cannot_do_is_refused_with_its_reason() {
        let cases: &[(&str, usize, &str)] = &[
            (
                "session c1\ncrash c2",
                2,
                "opened by no 'session' or 'recipe' line",
            ),
            ("session c1\ncrash c1\nc1: ls /", 3, "process crashed"),
            (
                "recipe lock /l on c1\ncrash c1\nrecipe lock /l on c1",
                3,
                "process crashed",
            ),
            ("session c1\npartition c1", 2, "network partition"),
            ("session c1\npause c1 500", 2, "GC pause"),
            ("session c1\ndelay c1 500", 2, "delay"),
            (
                "session c1\nserver stop",
                2,
                "stopping and starting the server",
            ),
            ("session c1\nstep 3", 2, "event by event"),
            ("ensemble 3\nsession c1", 1, "simulated ensemble"),
            ("session c1\nc1: create -c /c", 2, "container"),
            ("session c1\nc1: create -t 100 /t", 2, "TTL"),
            ("session c1\nc1: expire", 2, "expires its own session"),
            ("session c1\nc1: deleteall /a", 2, "zkCli's walk"),
            (
                "session c1\nc1: create /a x world:anyone:rwxz",
                2,
                "complains about this ACL",
            ),
            (
                "session c1\nc1: setAcl -R /a world:anyone:r",
                2,
                "recursive setAcl",
            ),
            ("session c1\nc1: addWatch /a", 2, "persistent watches"),
            ("session c1\nc1: getEphemerals /", 2, "getEphemerals"),
            (
                "recipe queue-consumer /jobs on k1\nsession c1\nc1: ls /jobs",
                3,
                "LockingQueue",
            ),
            ("c1: ls /", 1, "opened by no 'session' line"),
            ("session c1\nc1: bogus", 2, "zkCli refuses this line"),
            ("session c1\nc1: create x", 2, "refuses this path"),
            ("session c1\nc1: get /a/", 2, "refuses this path"),
            (
                "session c1\nc1: multi\n  create /a//b\nend",
                2,
                "refuses this path",
            ),
            ("recipe lock-naive /l on c1,c2", 1, "naive lock"),
            ("recipe lock /l on c1 fencing=on", 1, "fencing"),
            (
                "recipe kafka-broker /kafka on b1",
                1,
                "runs for the coordinator at once",
            ),
            ("recipe solr-node /solr on n1", 1, "its seed"),
        ];
        for (script, line, why) in cases {
            match export(script, Lang::Python) {
                Err(ExportError::Unsupported {
                    line: l, why: w, ..
                }) => {
                    assert_eq!(l, *line, "{script:?}");
                    assert!(w.contains(why), "{script:?}: {w}");
                }
                other => panic!("{script:?} gave {other:?}"),
            }
        }
        assert_eq!(export("# only\n", Lang::Python), Err(ExportError::Empty));
    }

    #[test]
    fn the_roles_bring_their_functions_once() {
        let program = export(
            "recipe lb-server /svc on s1,s2\nrecipe lb-server /other on s3\nrecipe lb-client /svc on k1\nrecipe mw-worker /mw on w1",
            Lang::Python,
        )
        .expect("exports");
        for function in ["load_of", "lb_server", "lb_client", "mw_worker"] {
            assert_eq!(
                program.matches(&format!("\ndef {function}(")).count(),
                1,
                "{function}"
            );
        }
        assert!(!program.contains("def mw_master("));
        let program = export(
            "recipe fetcher /fetching on f1\nrecipe fetch-master /fetching on fm1\nrecipe shard-master /messages on s1",
            Lang::Python,
        )
        .expect("exports");
        for function in ["cluster_member", "cluster_coordinator"] {
            assert_eq!(
                program.matches(&format!("\ndef {function}(")).count(),
                1,
                "{function}"
            );
        }
        assert_eq!(program.matches("\nSYSTEMS = {").count(), 1);
    }

    #[test]
    fn the_program_names_every_error_zkcli_words() {
        let program = export("session c1", Lang::Python).expect("exports");
        assert!(
            program.contains("    -101: (\"NONODE\", \"NoNode\", \"Node does not exist: %s\"),\n")
        );
        assert!(program.contains(
            "    -103: (\"BADVERSION\", \"BadVersion\", \"version No is not valid : %s\"),\n"
        ));
        assert!(program.contains("    -2: (\"RUNTIMEINCONSISTENCY\", \"RuntimeInconsistency\","));
    }

    #[test]
    fn show_code_gives_the_one_call() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "c1: create -e /a x",
                Some("created = c1.create(\"/a\", b\"x\", ephemeral=True)"),
            ),
            (
                "c1: get -w /a",
                Some("data, stat = c1.get(\"/a\", watch=console.watcher(\"c1\"))"),
            ),
            ("c1: stat /a", Some("stat = c1.exists(\"/a\")")),
            ("c1: delete -v 2 /a", Some("c1.delete(\"/a\", version=2)")),
            ("c1: sync /", Some("c1.sync(\"/\")")),
            ("c1: close", Some("c1.stop()")),
            ("c1: history", None),
            ("web-1: sync /", Some("web_1.sync(\"/\")")),
            ("2nd: stop", None),
            ("lock: ls /", Some("children = zk_lock.get_children(\"/\")")),
            ("c1: create /a x world:anyone:r", Some("created = c1.create(\"/a\", b\"x\", acl=[make_acl(\"world\", \"anyone\", read=True)])")),
            ("tick 100", None),
            ("crash c1", None),
        ];
        for (line, want) in cases {
            assert_eq!(line_code(line, Lang::Python).as_deref(), *want, "{line}");
        }
    }
}
