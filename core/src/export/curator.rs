//! The scenario as a Java program with Apache Curator 5.4: each recipe client is a
//! `CuratorFramework` running Curator's recipe for zkplay's (InterProcessMutex for `lock`,
//! LeaderLatch for `election`, InterProcessReadWriteLock for `rwlock-read`/`rwlock-write`,
//! DistributedBarrier for `barrier`, DistributedDoubleBarrier for `double-barrier`) and prints
//! its progress as zkplay's recipe status lines where they mean the same thing
//! (`[c1 · lock] holds /locks/db`: Curator names its nodes itself, so the line names the lock,
//! not the node). Sessions of `session` lines and their zkCli lines are written as in the plain
//! Java program (see `java`). A recipe or a fault without a Curator counterpart is refused with
//! what is missing.

use super::java::{self, string, Sessions};
use super::ExportError;
use crate::recipes::{RecipeKind, RecipeOptions};
use crate::script::cli::CliCommand;
use crate::script::parse::{SimCommand, Step, StepKind};

/// The whole program.
pub fn program(script: &str, steps: &[Step]) -> Result<String, ExportError> {
    if !steps
        .iter()
        .any(|s| matches!(s.kind, StepKind::Sim(SimCommand::Recipe { .. })))
    {
        let first = steps.first().ok_or(ExportError::Empty)?;
        return Err(ExportError::Unsupported {
            line: first.line,
            text: first.source.lines().next().unwrap_or("").trim().to_string(),
            why: "the scenario runs no recipe: Curator adds nothing to it (export it with --lang java)",
        });
    }
    let mut recipe_clients: Vec<String> = Vec::new();
    let body = java::body(script, steps, &mut |step, sessions| {
        other(step, sessions, &mut recipe_clients)
    })?;
    Ok(java::assemble(&body, IMPORTS, &helpers()))
}

/// A step the official client's lines do not cover: a recipe, a recipe client's zkCli line,
/// a recipe client's crash.
fn other(
    step: &Step,
    sessions: &mut Sessions,
    recipe_clients: &mut Vec<String>,
) -> Result<Vec<String>, &'static str> {
    match &step.kind {
        StepKind::Sim(SimCommand::Recipe {
            kind,
            path,
            clients,
            options,
        }) => recipe(*kind, path, clients, options, sessions, recipe_clients),
        StepKind::Sim(SimCommand::Crash(_)) => Err(
            "Curator recreates an expired session by itself: a crashed recipe client has no honest counterpart",
        ),
        StepKind::Command(c) => {
            let who = step.session.as_deref().unwrap_or("");
            if !recipe_clients.iter().any(|n| n == who) {
                return Err("the line's session has no 'session' line before it");
            }
            let var = sessions.var(who).unwrap_or(who).to_string();
            let code = fluent(c, &var)?;
            let mut out = vec![format!(
                "zkCli({}, {}, () -> {{",
                string(who),
                string(&step.text)
            )];
            out.extend(code.into_iter().map(|l| format!("    {l}")));
            out.push("});".into());
            Ok(out)
        }
        StepKind::Multi(_) => Err("a recipe client's multi is not exported (write it with client.transaction())"),
        _ => Err(java::unsupported_why(step)),
    }
}

/// The lines starting one recipe line's clients, one after another.
fn recipe(
    kind: RecipeKind,
    path: &str,
    clients: &[String],
    o: &RecipeOptions,
    sessions: &mut Sessions,
    recipe_clients: &mut Vec<String>,
) -> Result<Vec<String>, &'static str> {
    let defaults = RecipeOptions::default();
    if o.rounds != defaults.rounds {
        return Err("Curator's recipes take their role once here: rounds= is not exported");
    }
    if o.fencing {
        return Err(
            "Curator's InterProcessMutex hands out no fencing token: fencing=on has no counterpart",
        );
    }
    let (class, call) = match kind {
        RecipeKind::Lock => ("InterProcessMutex", "lock"),
        RecipeKind::Election => ("LeaderLatch", "election"),
        RecipeKind::RwRead => ("InterProcessReadWriteLock (its read lock)", "readLock"),
        RecipeKind::RwWrite => ("InterProcessReadWriteLock (its write lock)", "writeLock"),
        RecipeKind::Barrier => ("DistributedBarrier", "barrier"),
        RecipeKind::DoubleBarrier => ("DistributedDoubleBarrier", "doubleBarrier"),
        RecipeKind::ElectionNaive | RecipeKind::LockNaive => {
            return Err("Curator has only the herd-free recipe: the naive one (everyone watches one node) has no counterpart")
        }
        RecipeKind::QueueProducer | RecipeKind::QueueConsumer => {
            return Err("Curator's DistributedQueue names and hides its items (qn-…): zkplay's item-N nodes and their consumers cannot be followed")
        }
        RecipeKind::ConfigManager | RecipeKind::ConfigWorker => {
            return Err("zkplay's configuration publisher and workers have no Curator recipe (CuratorCache only follows a node)")
        }
        RecipeKind::Naming | RecipeKind::LbServer | RecipeKind::LbClient => {
            return Err("naming and load balancing are Curator's service discovery (curator-x-discovery), which is not exported")
        }
        _ => {
            return Err("this system's roles (masters, workers, brokers, region servers…) have no Curator recipe")
        }
    };
    let hold = o.hold_ms;
    let mut out = vec![format!(
        "// recipe {} {path} on {}: Curator's {class}.",
        kind.name(),
        clients.join(",")
    )];
    for name in clients {
        if sessions.var(name).is_some() {
            return Err("a recipe client must be new: zkplay opens its own session for it");
        }
        let var = sessions.add_other(name);
        recipe_clients.push(name.clone());
        let args = match kind {
            RecipeKind::DoubleBarrier => {
                let size = o.size.unwrap_or(clients.len() as u32);
                format!("{}, {size}, {}", string(path), hold.max(1))
            }
            RecipeKind::Barrier => string(path),
            _ => format!("{}, {hold}", string(path)),
        };
        out.push(format!(
            "CuratorFramework {var} = curator({});",
            string(name)
        ));
        out.push(format!("{call}({var}, {}, {args});", string(name)));
    }
    Ok(out)
}

/// A recipe client's zkCli line with Curator's fluent calls.
fn fluent(c: &CliCommand, v: &str) -> Result<Vec<String>, &'static str> {
    Ok(match c {
        CliCommand::Delete { path, version } => vec![format!(
            "{v}.delete().withVersion({version}).forPath({});",
            string(path)
        )],
        CliCommand::Get {
            path,
            stat: false,
            watch: false,
        } => vec![
            format!("byte[] data = {v}.getData().forPath({});", string(path)),
            "System.out.println(data == null ? \"null\" : new String(data, UTF_8));".into(),
        ],
        CliCommand::Ls {
            path,
            stat: false,
            watch: false,
            recursive: false,
        } => vec![
            format!(
                "List<String> children = new ArrayList<>({v}.getChildren().forPath({}));",
                string(path)
            ),
            "Collections.sort(children);".into(),
            "System.out.println(children);".into(),
        ],
        CliCommand::Set {
            path,
            data,
            version,
            stat: false,
        } => vec![format!(
            "{v}.setData().withVersion({version}).forPath({}, {});",
            string(path),
            java::bytes(Some(data))
        )],
        _ => {
            return Err(
                "only delete, get, ls and set of a recipe client's zkCli lines are exported",
            )
        }
    })
}

const IMPORTS: &str = "
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessLock;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.retry.RetryOneTime;
";

fn helpers() -> String {
    format!("{}{CURATOR_HELPERS}", java::HELPERS)
}

/// The recipes, as a person writes them with Curator, each client in its own thread.
const CURATOR_HELPERS: &str = r#"
    // ---- The recipes with Curator, each client in its own thread ----

    /** A recipe's progress, in zkplay's words. */
    static synchronized void status(String name, String recipe, String what) {
        System.out.println("[" + name + " · " + recipe + "] " + what);
        System.out.flush();
    }

    /** A recipe client: its own session, connected. */
    static CuratorFramework curator(String name) throws Exception {
        CuratorFramework client = CuratorFrameworkFactory.newClient(connect, 30000, 15000, new RetryOneTime(100));
        client.start();
        if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not connect");
        }
        return client;
    }

    interface Work {
        void run() throws Exception;
    }

    /**
     * Runs a client's recipe in its own thread, and gives it a moment before the next line so
     * that the clients line up in the scenario's order.
     */
    static void background(String name, Work work) throws Exception {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (InterruptedException e) {
                // the scenario ended
            } catch (Exception e) {
                System.out.println("[" + name + "] " + e);
            }
        });
        t.setDaemon(true);
        t.start();
        Thread.sleep(200);
    }

    /** Holds a lock for holdMs (0: for good), then releases it. */
    static void hold(String name, String recipe, String path, InterProcessLock lock, long holdMs) throws Exception {
        status(name, recipe, "competing for " + path);
        lock.acquire();
        status(name, recipe, (recipe.equals("lock") ? "holds " : recipe.endsWith("read") ? "reads under " : "writes under ") + path);
        if (holdMs == 0) {
            return;
        }
        Thread.sleep(holdMs);
        status(name, recipe, "releasing " + path);
        lock.release();
        status(name, recipe, "done");
    }

    static void lock(CuratorFramework client, String name, String path, long holdMs) throws Exception {
        background(name, () -> hold(name, "lock", path, new InterProcessMutex(client, path), holdMs));
    }

    static void readLock(CuratorFramework client, String name, String path, long holdMs) throws Exception {
        background(name, () -> hold(name, "rwlock-read", path, new InterProcessReadWriteLock(client, path).readLock(), holdMs));
    }

    static void writeLock(CuratorFramework client, String name, String path, long holdMs) throws Exception {
        background(name, () -> hold(name, "rwlock-write", path, new InterProcessReadWriteLock(client, path).writeLock(), holdMs));
    }

    /** Leads for holdMs (0: for good), then steps down. */
    static void election(CuratorFramework client, String name, String path, long holdMs) throws Exception {
        background(name, () -> {
            LeaderLatch latch = new LeaderLatch(client, path, name);
            status(name, "election", "competing for " + path);
            latch.start();
            latch.await();
            status(name, "election", "leader of " + path);
            if (holdMs == 0) {
                return;
            }
            Thread.sleep(holdMs);
            status(name, "election", "releasing " + path);
            latch.close();
            status(name, "election", "done");
        });
    }

    /** Waits at a barrier until someone deletes its node. */
    static void barrier(CuratorFramework client, String name, String path) throws Exception {
        background(name, () -> {
            DistributedBarrier barrier = new DistributedBarrier(client, path);
            barrier.setBarrier();
            status(name, "barrier", "waits at the barrier " + path);
            barrier.waitOnBarrier();
            status(name, "barrier", "passed the barrier " + path);
        });
    }

    /** Enters when `size` clients are there, works workMs, leaves when all have left. */
    static void doubleBarrier(CuratorFramework client, String name, String path, int size, long workMs) throws Exception {
        background(name, () -> {
            DistributedDoubleBarrier barrier = new DistributedDoubleBarrier(client, path, size);
            barrier.enter();
            status(name, "double-barrier", "entered " + path + ": working");
            Thread.sleep(workMs);
            status(name, "double-barrier", "leaving");
            barrier.leave();
            status(name, "double-barrier", "left " + path + " with everyone");
        });
    }

    /** A recipe client's zkCli line. */
    static void zkCli(String name, String line, Line call) throws Exception {
        System.out.println("[zk: " + name + "] " + line);
        try {
            call.run();
        } catch (KeeperException e) {
            System.out.println(zkCliMessage(e));
        }
        settle();
    }
"#;
