//! The scenario as a Java program with Apache Curator 5.4: each recipe client is a
//! `CuratorFramework` running Curator's recipe for zkplay's (InterProcessMutex for `lock`,
//! LeaderLatch for `election`, InterProcessReadWriteLock for `rwlock-read`/`rwlock-write`,
//! DistributedBarrier for `barrier`, DistributedDoubleBarrier for `double-barrier`, a
//! CuratorCache on the configuration for `config-worker`) and prints its progress as zkplay's
//! recipe status lines where they mean the same thing (`[c1 · lock] holds /locks/db`: Curator
//! names its nodes itself, so the line names the lock, not the node). Where Curator's recipe
//! would hide what zkplay's shows (DistributedQueue names its items itself, service discovery
//! keeps its own records) or has none (the configuration's manage server), the role is the
//! book's, written with the framework's calls: the queue, the naming service, load balancing,
//! master–worker.
//! Several clients of one line that race for sequence numbers or loads are refused: which wins
//! is the real server's timing, not the scenario's.
//! A recipe client's `crash` stops its connection without closing its session, as the plain
//! Java program's does. Sessions of `session` lines and their zkCli lines are written as in the
//! plain Java program (see `java`). A recipe or a fault without a Curator counterpart is
//! refused with what is missing.

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
    let mut recipe_clients: Vec<(String, RecipeKind)> = Vec::new();
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
    recipe_clients: &mut Vec<(String, RecipeKind)>,
) -> Result<Vec<String>, &'static str> {
    match &step.kind {
        StepKind::Sim(SimCommand::Recipe {
            kind,
            path,
            clients,
            options,
        }) => recipe(*kind, path, clients, options, sessions, recipe_clients),
        StepKind::Sim(SimCommand::Crash(name)) => {
            let Some((_, kind)) = recipe_clients.iter().find(|(n, _)| n == name) else {
                return Err("the crashed session has no 'session' line before it");
            };
            let var = sessions.var(name).unwrap_or(name).to_string();
            let mut out = vec![format!(
                "// The client {name} stops without closing its session: the server expires it after its timeout."
            )];
            // zkplay's master-worker master prints no line when it crashes.
            let said = if *kind == RecipeKind::MwMaster {
                out.push("// (A master's card says nothing when it crashes.)".into());
                "null".to_string()
            } else {
                string(kind.name())
            };
            out.push(format!("crash({var}, {}, {said});", string(name)));
            Ok(out)
        }
        StepKind::Command(c) => {
            let who = step.session.as_deref().unwrap_or("");
            if !recipe_clients.iter().any(|(n, _)| n == who) {
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
        StepKind::Multi(_) => {
            Err("a recipe client's multi is not exported (write it with client.transaction())")
        }
        _ => Err(java::unsupported_why(step)),
    }
}

/// The queue's clients: Curator's DistributedQueue names its items itself and hands them over
/// without showing which consumer took which, so the queue is the book's, on the framework.
const QUEUE_WHAT: &str = "the book's queue on Curator's framework (item-N nodes created sequential, taken by deleting them; Curator's DistributedQueue names and hides its items)";

/// Load balancing: Curator's service discovery (curator-x-discovery) keeps its instances as
/// JSON and picks one itself, so the servers and the client are the book's, on the framework.
const LB_WHAT: &str = "the book's load balancing on Curator's framework (each server's ephemeral node holds its load; the client watches the list and each load)";

/// Master–worker: the book's, on the framework (the master runs for an ephemeral node; a
/// LeaderLatch would hide when the backup takes over behind its own nodes).
const MW_WHAT: &str = "the book's master–worker on Curator's framework (an ephemeral master node, workers' inboxes under assign/, tasks and their status nodes)";

fn kind_call(kind: RecipeKind) -> &'static str {
    match kind {
        RecipeKind::MwMaster => "mwMaster",
        RecipeKind::MwWorker => "mwWorker",
        _ => "mwClient",
    }
}

/// The lines starting one recipe line's clients, one after another.
fn recipe(
    kind: RecipeKind,
    path: &str,
    clients: &[String],
    o: &RecipeOptions,
    sessions: &mut Sessions,
    recipe_clients: &mut Vec<(String, RecipeKind)>,
) -> Result<Vec<String>, &'static str> {
    let defaults = RecipeOptions::default();
    let contends = matches!(
        kind,
        RecipeKind::Lock | RecipeKind::Election | RecipeKind::RwRead | RecipeKind::RwWrite
    );
    if o.rounds != defaults.rounds && !contends {
        return Err("only a lock's or an election's clients take their role again: rounds= is not exported here");
    }
    if o.fencing {
        return Err(
            "Curator's InterProcessMutex hands out no fencing token: fencing=on has no counterpart",
        );
    }
    let (class, call) = match kind {
        RecipeKind::Lock => ("Curator's InterProcessMutex", "lock"),
        RecipeKind::Election => ("Curator's LeaderLatch", "election"),
        RecipeKind::RwRead => ("Curator's InterProcessReadWriteLock (its read lock)", "readLock"),
        RecipeKind::RwWrite => ("Curator's InterProcessReadWriteLock (its write lock)", "writeLock"),
        RecipeKind::Barrier => ("Curator's DistributedBarrier", "barrier"),
        RecipeKind::DoubleBarrier => ("Curator's DistributedDoubleBarrier", "doubleBarrier"),
        RecipeKind::ElectionNaive | RecipeKind::LockNaive => {
            return Err("Curator has only the herd-free recipe: the naive one (everyone watches one node) has no counterpart")
        }
        RecipeKind::QueueProducer if clients.len() > 1 => {
            return Err("several producers on one queue: which of them gets which item-N is the real server's timing, not the scenario's")
        }
        RecipeKind::QueueProducer => (QUEUE_WHAT, "queueProducer"),
        RecipeKind::QueueConsumer => (QUEUE_WHAT, "queueConsumer"),
        RecipeKind::ConfigManager => ("the book's manage server on Curator's framework (it sets the configuration's data and watches the servers' children)", "configManager"),
        RecipeKind::ConfigWorker => ("Curator's CuratorCache on the configuration node", "configWorker"),
        RecipeKind::Naming if clients.len() > 1 => {
            return Err("several naming clients on one line: which of them gets which id-N is the real server's timing, not the scenario's")
        }
        RecipeKind::LbServer if clients.len() > 1 => {
            return Err("several lb-servers on one line: the order in which their loads reach a client is the real server's timing, not the scenario's")
        }
        RecipeKind::Naming => ("the book's naming service on Curator's framework (Curator's service discovery names no sequence)", "naming"),
        RecipeKind::LbServer => (LB_WHAT, "lbServer"),
        RecipeKind::LbClient => (LB_WHAT, "lbClient"),
        RecipeKind::MwMaster if clients.len() > 1 => {
            return Err("several mw-masters on one line: which of them becomes master is the real server's timing, not the scenario's")
        }
        RecipeKind::MwWorker if clients.len() > 1 => {
            return Err("several mw-workers on one line: whether the master hears of them one by one or together is the real server's timing, not the scenario's")
        }
        RecipeKind::MwClient if clients.len() > 1 => {
            return Err("several mw-clients on one line: which of them gets which task-N is the real server's timing, not the scenario's")
        }
        RecipeKind::MwMaster | RecipeKind::MwWorker | RecipeKind::MwClient => {
            (MW_WHAT, kind_call(kind))
        }
        _ => {
            return Err("this system's roles (brokers, region servers, Solr nodes…) have no Curator recipe")
        }
    };
    let hold = o.hold_ms;
    let mut out = vec![java::comment(&format!(
        "recipe {} {path} on {}: {class}.",
        kind.name(),
        clients.join(",")
    ))];
    for name in clients {
        if sessions.var(name).is_some() {
            return Err("a recipe client must be new: zkplay opens its own session for it");
        }
        let var = sessions.add_other(name);
        recipe_clients.push((name.clone(), kind));
        let args = match kind {
            RecipeKind::DoubleBarrier => {
                let size = o.size.unwrap_or(clients.len() as u32);
                format!("{}, {size}, {}", string(path), hold.max(1))
            }
            RecipeKind::Barrier | RecipeKind::ConfigWorker | RecipeKind::LbClient => string(path),
            RecipeKind::Naming | RecipeKind::MwClient => format!("{}, {}", string(path), o.items),
            RecipeKind::MwMaster => string(path),
            RecipeKind::MwWorker => format!("{}, {}", string(path), hold.max(1)),
            RecipeKind::ConfigManager | RecipeKind::QueueProducer | RecipeKind::LbServer => {
                format!("{}, {}, {}", string(path), o.items, o.interval_ms.max(1))
            }
            RecipeKind::QueueConsumer => format!("{}, {}", string(path), o.interval_ms.max(1)),
            _ if o.rounds != 1 => format!("{}, {hold}, {}", string(path), o.rounds),
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
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
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
const CURATOR_HELPERS: &str = r##"
    // ---- The recipes with Curator, each client in its own thread ----

    /** The recipe clients that crashed: they print nothing more. */
    static final Set<String> crashed = ConcurrentHashMap.newKeySet();

    /** Each recipe client's last line: a line repeating it is not printed (nor is it by zkplay). */
    static final Map<String, String> lastStatus = new HashMap<>();

    /** A recipe's progress, in zkplay's words. */
    static synchronized void status(String name, String recipe, String what) {
        if (crashed.contains(name) || what.equals(lastStatus.put(name + " · " + recipe, what))) {
            return;
        }
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

    /**
     * The client's process dies: its connection stops without closing the session, so the
     * server expires the session (and deletes its ephemeral nodes) after its timeout. The
     * handle's connection is stopped while its event thread is held in a callback: Curator
     * hears of the expiry only once the handle is closed, so it cannot close the session
     * itself; once it has (LOST), the framework is closed so that it does not go on with the
     * new session it opens in its place.
     */
    static void crash(CuratorFramework client, String name, String recipe) throws Exception {
        if (recipe != null) {
            status(name, recipe, "crashed");
        }
        crashed.add(name);
        CountDownLatch lost = new CountDownLatch(1);
        client.getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.LOST) {
                lost.countDown();
            }
        });
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        zk.sync("/", (rc, path, ctx) -> {
            holding.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                // the scenario ended
            }
        }, null);
        holding.await(10, TimeUnit.SECONDS);
        zk.getTestable().injectSessionExpiration();
        stopped.countDown();
        lost.await(10, TimeUnit.SECONDS);
        client.close();
        settle();
    }

    /** Creates a persistent node and its parents, unless it is there. */
    static void ensure(CuratorFramework client, String path) throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            // there already
        }
    }

    interface Work {
        void run() throws Exception;
    }

    /**
     * Runs a client's recipe in its own thread, and gives it a moment before the next line so
     * that the clients line up in the scenario's order.
     */
    static void background(String name, Work work) throws Exception {
        background(name, work, 200);
    }

    static void background(String name, Work work, long gapMs) throws Exception {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (InterruptedException e) {
                // the scenario ended
            } catch (Exception e) {
                if (!crashed.contains(name)) {
                    failures.add(name + ": " + e);
                    System.out.println("[" + name + "] " + e);
                }
            }
        });
        t.setDaemon(true);
        t.start();
        Thread.sleep(gapMs);
    }

    /** Holds a lock for holdMs (0: for good), then releases it; `rounds` times. */
    static void hold(String name, String recipe, String path, InterProcessLock lock, long holdMs, int rounds) throws Exception {
        for (int round = 1; round <= rounds; round++) {
            status(name, recipe, "competing for " + path);
            lock.acquire();
            status(name, recipe, (recipe.equals("lock") ? "holds " : recipe.endsWith("read") ? "reads under " : "writes under ") + path);
            if (holdMs == 0) {
                return;
            }
            Thread.sleep(holdMs);
            status(name, recipe, "releasing " + path);
            lock.release();
        }
        status(name, recipe, "done");
    }

    static void lock(CuratorFramework client, String name, String path, long holdMs) throws Exception {
        lock(client, name, path, holdMs, 1);
    }

    static void lock(CuratorFramework client, String name, String path, long holdMs, int rounds) throws Exception {
        background(name, () -> hold(name, "lock", path, new InterProcessMutex(client, path), holdMs, rounds));
    }

    static void readLock(CuratorFramework client, String name, String path, long holdMs) throws Exception {
        readLock(client, name, path, holdMs, 1);
    }

    static void readLock(CuratorFramework client, String name, String path, long holdMs, int rounds) throws Exception {
        background(name, () -> hold(name, "rwlock-read", path, new InterProcessReadWriteLock(client, path).readLock(), holdMs, rounds));
    }

    static void writeLock(CuratorFramework client, String name, String path, long holdMs) throws Exception {
        writeLock(client, name, path, holdMs, 1);
    }

    static void writeLock(CuratorFramework client, String name, String path, long holdMs, int rounds) throws Exception {
        background(name, () -> hold(name, "rwlock-write", path, new InterProcessReadWriteLock(client, path).writeLock(), holdMs, rounds));
    }

    static void election(CuratorFramework client, String name, String path, long holdMs) throws Exception {
        election(client, name, path, holdMs, 1);
    }

    /** Leads for holdMs (0: for good), then steps down; `rounds` times, a new latch each. */
    static void election(CuratorFramework client, String name, String path, long holdMs, int rounds) throws Exception {
        background(name, () -> {
            for (int round = 1; round <= rounds; round++) {
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
            }
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

    /**
     * A work server (the book's configuration subscriber): registers itself with an ephemeral
     * node under PATH/servers and follows PATH/config with a CuratorCache.
     */
    static void configWorker(CuratorFramework client, String name, String path) throws Exception {
        background(name, () -> {
            ensure(client, path + "/servers");
            client.create().withMode(CreateMode.EPHEMERAL).forPath(path + "/servers/" + name, (name + " up").getBytes(UTF_8));
            String config = path + "/config";
            CuratorCache cache = CuratorCache.build(client, config, CuratorCache.Options.SINGLE_NODE_CACHE);
            cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, now) -> status(name, "config-worker",
                    "runs with config \"" + new String(now.getData(), UTF_8) + "\" (dataVersion " + now.getStat().getVersion() + ")"))
                .forInitialized(() -> {
                    if (!cache.get(config).isPresent()) {
                        status(name, "config-worker", "waits for a configuration");
                    }
                })
                .build());
            cache.start();
        });
    }

    /**
     * The manage server: watches the work servers under PATH/servers and publishes `versions`
     * versions of PATH/config ("db=v1", "db=v2"…), intervalMs apart.
     */
    static void configManager(CuratorFramework client, String name, String path, int versions, long intervalMs) throws Exception {
        background(name, () -> new ConfigManager(client, name, path).run(versions, intervalMs));
    }

    static class ConfigManager implements CuratorWatcher {
        final CuratorFramework client;
        final String name;
        final String servers;
        final String config;
        int published;
        List<String> live = new ArrayList<>();

        ConfigManager(CuratorFramework client, String name, String path) {
            this.client = client;
            this.name = name;
            this.servers = path + "/servers";
            this.config = path + "/config";
        }

        void run(int versions, long intervalMs) throws Exception {
            ensure(client, servers);
            list();
            for (int v = 1; v <= versions; v++) {
                byte[] data = ("db=v" + v).getBytes(UTF_8);
                if (v == 1) {
                    try {
                        client.create().forPath(config, data);
                    } catch (KeeperException.NodeExistsException e) {
                        client.setData().forPath(config, data);
                    }
                } else {
                    client.setData().forPath(config, data);
                }
                synchronized (this) {
                    published = v;
                    show();
                }
                if (v < versions) {
                    Thread.sleep(intervalMs);
                }
            }
        }

        /** Lists the servers and watches for the next change. */
        synchronized void list() throws Exception {
            live = new ArrayList<>(client.getChildren().usingWatcher(this).forPath(servers));
            Collections.sort(live);
            show();
        }

        void show() {
            status(name, "config-manager", "published " + published + " version(s) · servers: " + (live.isEmpty() ? "none" : String.join(", ", live)));
        }

        @Override
        public void process(WatchedEvent event) throws Exception {
            if (event.getType() == Watcher.Event.EventType.NodeChildrenChanged && !crashed.contains(name)) {
                list();
            }
        }
    }

    /** The book's queue, a producer: `items` items PATH/item-N (sequential), intervalMs apart. */
    static void queueProducer(CuratorFramework client, String name, String path, int items, long intervalMs) throws Exception {
        background(name, () -> {
            ensure(client, path);
            for (int i = 1; i <= items; i++) {
                String item = client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(path + "/item-", (name + "#" + i).getBytes(UTF_8));
                status(name, "queue-producer", "produced " + item.substring(item.lastIndexOf('/') + 1) + " (" + (items - i) + " left)");
                if (i < items) {
                    Thread.sleep(intervalMs);
                }
            }
        });
    }

    /**
     * The book's queue, a consumer: lists the items with a children watch, takes the oldest
     * (whoever deletes it has it), works workMs on it; with nothing to take it waits for the
     * watch. The next line's client starts half a work period later (not the usual moment), so
     * that consumers of one line take turns, as zkplay's do.
     */
    static void queueConsumer(CuratorFramework client, String name, String path, long workMs) throws Exception {
        background(name, () -> {
            ensure(client, path);
            Semaphore changed = new Semaphore(0);
            CuratorWatcher watcher = event -> changed.release();
            int consumed = 0;
            while (!crashed.contains(name)) {
                changed.drainPermits();
                List<String> items = new ArrayList<>(client.getChildren().usingWatcher(watcher).forPath(path));
                items.sort(Comparator.comparing((String item) -> item.substring(Math.max(0, item.length() - 10))));
                String taken = null;
                for (String item : items) {
                    try {
                        client.getData().forPath(path + "/" + item);
                        client.delete().forPath(path + "/" + item);
                        taken = item;
                        break;
                    } catch (KeeperException.NoNodeException e) {
                        // another consumer took it
                    }
                }
                if (taken == null) {
                    if (changed.availablePermits() == 0) {
                        status(name, "queue-consumer", "waiting for items (" + consumed + " consumed)");
                        changed.acquire();
                    }
                    continue;
                }
                consumed++;
                status(name, "queue-consumer", "working on " + taken);
                Thread.sleep(workMs);
            }
        }, Math.min(200, workMs / 2));
    }

    /** The book's naming service: `wanted` unique names, each a sequential node PATH/id-N. */
    static void naming(CuratorFramework client, String name, String path, int wanted) throws Exception {
        background(name, () -> {
            ensure(client, path);
            for (int i = 1; i <= wanted; i++) {
                String id = client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(path + "/id-", name.getBytes(UTF_8));
                status(name, "naming", "got " + id.substring(id.lastIndexOf('/') + 1) + " (" + i + " of " + wanted + ")");
            }
        });
    }

    /** A server's load after `update` updates: made-up numbers, the ones zkplay's servers report. */
    static int load(String name, int update) {
        int h = update * (int) 2654435761L;
        for (byte b : name.getBytes(UTF_8)) {
            h = h * 31 + (b & 0xff);
        }
        return Integer.remainderUnsigned(h, 10);
    }

    /** A load-balanced server: an ephemeral PATH/NAME holding its load, updated `updates` times. */
    static void lbServer(CuratorFramework client, String name, String path, int updates, long intervalMs) throws Exception {
        background(name, () -> {
            ensure(client, path);
            String node = path + "/" + name;
            client.create().withMode(CreateMode.EPHEMERAL).forPath(node, ("load=" + load(name, 0)).getBytes(UTF_8));
            status(name, "lb-server", "serving, load " + load(name, 0));
            for (int u = 1; u <= updates; u++) {
                Thread.sleep(intervalMs);
                client.setData().forPath(node, ("load=" + load(name, u)).getBytes(UTF_8));
                status(name, "lb-server", "serving, load " + load(name, u));
            }
        });
    }

    static void lbClient(CuratorFramework client, String name, String path) throws Exception {
        background(name, () -> {
            ensure(client, path);
            new LbClient(client, name, path).list();
        });
    }

    /**
     * A load-balancing client: watches the servers' list and each server's load, and says
     * which server it would pick next by round robin and which is the least loaded.
     */
    static class LbClient implements CuratorWatcher {
        final CuratorFramework client;
        final String name;
        final String path;
        final TreeMap<String, Integer> servers = new TreeMap<>();
        long roundRobin;
        String shown;

        LbClient(CuratorFramework client, String name, String path) {
            this.client = client;
            this.name = name;
            this.path = path;
        }

        /** Lists the servers (watching the list), then reads each one's load (watching it). */
        synchronized void list() throws Exception {
            List<String> live = client.getChildren().usingWatcher(this).forPath(path);
            servers.keySet().retainAll(live);
            for (String s : live) {
                servers.putIfAbsent(s, 0);
            }
            show(true);
            for (String s : new ArrayList<>(servers.keySet())) {
                read(path + "/" + s);
            }
        }

        synchronized void read(String node) throws Exception {
            String server = node.substring(node.lastIndexOf('/') + 1);
            try {
                String data = new String(client.getData().usingWatcher(this).forPath(node), UTF_8);
                int load = data.startsWith("load=") ? Integer.parseInt(data.substring(5)) : 0;
                if (servers.containsKey(server)) {
                    servers.put(server, load);
                }
                show(false);
            } catch (KeeperException.NoNodeException e) {
                servers.remove(server);
            }
        }

        void show(boolean advance) {
            if (servers.isEmpty()) {
                shown = "no servers";
                status(name, "lb-client", shown);
                return;
            }
            List<String> names = new ArrayList<>(servers.keySet());
            String next = names.get((int) (roundRobin % names.size()));
            String least = names.get(0);
            StringBuilder s = new StringBuilder("servers");
            for (Map.Entry<String, Integer> e : servers.entrySet()) {
                s.append(' ').append(e.getKey()).append('(').append(e.getValue()).append(')');
                if (e.getValue() < servers.get(least)) {
                    least = e.getKey();
                }
            }
            if (advance) {
                roundRobin++;
            }
            String line = s + " · next round-robin " + next + " · least loaded " + least;
            if (!line.equals(shown)) {
                shown = line;
                status(name, "lb-client", line);
            }
        }

        @Override
        public void process(WatchedEvent event) throws Exception {
            if (crashed.contains(name)) {
                return;
            }
            if (event.getType() == Watcher.Event.EventType.NodeChildrenChanged) {
                list();
            } else if (event.getType() == Watcher.Event.EventType.NodeDataChanged) {
                read(event.getPath());
            }
        }
    }

    // ---- The book's master–worker ----

    static void mwMaster(CuratorFramework client, String name, String path) throws Exception {
        background(name, () -> {
            for (String dir : new String[] {"workers", "tasks", "assign", "status"}) {
                ensure(client, path + "/" + dir);
            }
            new MwMaster(client, name, path).runForMaster();
        });
    }

    /**
     * A master: runs for the ephemeral node PATH/master (or backs up, watching it); as master it
     * watches the workers and the tasks, gives each task to the next worker by round robin
     * (moving it into the worker's inbox PATH/assign/WORKER) and moves a dead worker's tasks
     * back.
     */
    static class MwMaster implements CuratorWatcher {
        final CuratorFramework client;
        final String name;
        final String path;
        boolean leading;
        List<String> workers = new ArrayList<>();
        long nextWorker;

        MwMaster(CuratorFramework client, String name, String path) {
            this.client = client;
            this.name = name;
            this.path = path;
        }

        synchronized void runForMaster() throws Exception {
            try {
                client.create().withMode(CreateMode.EPHEMERAL).forPath(path + "/master", name.getBytes(UTF_8));
            } catch (KeeperException.NodeExistsException e) {
                byte[] master = null;
                try {
                    master = client.getData().forPath(path + "/master");
                } catch (KeeperException.NoNodeException gone) {
                    runForMaster();
                    return;
                }
                if (!Arrays.equals(master, name.getBytes(UTF_8))) {
                    backUp();
                    return;
                }
                // Ours: the create went through before a lost connection (and was retried).
            }
            leading = true;
            status(name, "mw-master", "master · workers: none");
            listWorkers();
        }

        /** Another is master: watch its node, and run again when it goes. */
        synchronized void backUp() throws Exception {
            status(name, "mw-master", "backup: watches the master");
            if (client.checkExists().usingWatcher(this).forPath(path + "/master") == null) {
                runForMaster();
            }
        }

        synchronized void listWorkers() throws Exception {
            workers = new ArrayList<>(client.getChildren().usingWatcher(this).forPath(path + "/workers"));
            Collections.sort(workers);
            status(name, "mw-master", "master · workers: " + (workers.isEmpty() ? "none" : String.join(", ", workers)));
            // The inboxes of workers that are gone: their tasks go back.
            List<String> inboxes = new ArrayList<>(client.getChildren().forPath(path + "/assign"));
            Collections.sort(inboxes);
            for (String w : inboxes) {
                if (workers.contains(w)) {
                    continue;
                }
                List<String> tasks = new ArrayList<>(client.getChildren().forPath(path + "/assign/" + w));
                Collections.sort(tasks);
                for (String task : tasks) {
                    String assigned = path + "/assign/" + w + "/" + task;
                    byte[] data = client.getData().forPath(assigned);
                    status(name, "mw-master", "moves " + task + " back from a dead worker");
                    client.transaction().forOperations(
                        client.transactionOp().create().forPath(path + "/tasks/" + task, data),
                        client.transactionOp().delete().forPath(assigned));
                }
            }
            listTasks();
        }

        synchronized void listTasks() throws Exception {
            List<String> tasks = new ArrayList<>(client.getChildren().usingWatcher(this).forPath(path + "/tasks"));
            Collections.sort(tasks);
            for (String task : tasks) {
                if (workers.isEmpty()) {
                    status(name, "mw-master", "master · no workers: tasks wait");
                    return;
                }
                byte[] data;
                try {
                    data = client.getData().forPath(path + "/tasks/" + task);
                } catch (KeeperException.NoNodeException e) {
                    continue;
                }
                String worker = workers.get((int) (nextWorker++ % workers.size()));
                status(name, "mw-master", "assigns " + task + " to " + worker);
                client.transaction().forOperations(
                    client.transactionOp().create().forPath(path + "/assign/" + worker + "/" + task, data),
                    client.transactionOp().delete().forPath(path + "/tasks/" + task));
            }
        }

        @Override
        public synchronized void process(WatchedEvent event) throws Exception {
            if (crashed.contains(name)) {
                return;
            }
            if (!leading && event.getType() == Watcher.Event.EventType.NodeDeleted) {
                runForMaster();
            } else if (leading && event.getType() == Watcher.Event.EventType.NodeChildrenChanged) {
                if (event.getPath().endsWith("/workers")) {
                    listWorkers();
                } else {
                    listTasks();
                }
            }
        }
    }

    static void mwWorker(CuratorFramework client, String name, String path, long workMs) throws Exception {
        background(name, () -> {
            for (String dir : new String[] {"assign/" + name, "workers", "status"}) {
                ensure(client, path + "/" + dir);
            }
            client.create().withMode(CreateMode.EPHEMERAL).forPath(path + "/workers/" + name, "idle".getBytes(UTF_8));
            new MwWorker(client, name, path, workMs).list();
        });
    }

    /**
     * A worker: registers under PATH/workers, watches its inbox PATH/assign/NAME, runs each task
     * workMs, then marks it done (PATH/status/TASK) and takes it out of its inbox.
     */
    static class MwWorker implements CuratorWatcher {
        final CuratorFramework client;
        final String name;
        final String inbox;
        final String statusDir;
        final long workMs;
        final Deque<String> queue = new ArrayDeque<>();
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        String current;
        int done;

        MwWorker(CuratorFramework client, String name, String path, long workMs) {
            this.client = client;
            this.name = name;
            this.inbox = path + "/assign/" + name;
            this.statusDir = path + "/status";
            this.workMs = workMs;
        }

        synchronized void list() throws Exception {
            List<String> fresh = new ArrayList<>(client.getChildren().usingWatcher(this).forPath(inbox));
            fresh.removeAll(queue);
            fresh.remove(current);
            Collections.sort(fresh);
            queue.addAll(fresh);
            next();
        }

        synchronized void next() {
            if (current != null || crashed.contains(name)) {
                return;
            }
            if (queue.isEmpty()) {
                status(name, "mw-worker", "idle (" + done + " done)");
                return;
            }
            String task = queue.removeFirst();
            current = task;
            status(name, "mw-worker", "runs " + task);
            timer.schedule(() -> {
                try {
                    finish(task);
                } catch (Exception e) {
                    if (!crashed.contains(name)) {
                        failures.add(name + ": " + e);
                        System.out.println("[" + name + "] " + e);
                    }
                }
            }, workMs, TimeUnit.MILLISECONDS);
        }

        void finish(String task) throws Exception {
            if (crashed.contains(name)) {
                return;
            }
            try {
                client.create().forPath(statusDir + "/" + task, ("done by " + name).getBytes(UTF_8));
                synchronized (this) {
                    done++;
                }
            } catch (KeeperException.NodeExistsException e) {
                // done before, by a worker that died before it took the task out of its inbox
            }
            client.delete().forPath(inbox + "/" + task);
            synchronized (this) {
                current = null;
                next();
            }
        }

        @Override
        public void process(WatchedEvent event) throws Exception {
            if (!crashed.contains(name) && event.getType() == Watcher.Event.EventType.NodeChildrenChanged) {
                list();
            }
        }
    }

    static void mwClient(CuratorFramework client, String name, String path, int wanted) throws Exception {
        background(name, () -> {
            for (String dir : new String[] {"tasks", "status"}) {
                ensure(client, path + "/" + dir);
            }
            new MwClient(client, name, path, wanted).submit();
        });
    }

    /** A client: submits `wanted` tasks PATH/tasks/task-N and watches for each one's status node. */
    static class MwClient implements CuratorWatcher {
        final CuratorFramework client;
        final String name;
        final String path;
        final int wanted;
        final Set<String> submitted = new HashSet<>();
        final Set<String> done = new HashSet<>();

        MwClient(CuratorFramework client, String name, String path, int wanted) {
            this.client = client;
            this.name = name;
            this.path = path;
            this.wanted = wanted;
        }

        synchronized void submit() throws Exception {
            for (int i = 1; i <= wanted; i++) {
                String created = client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(path + "/tasks/task-", ("job " + i + " from " + name).getBytes(UTF_8));
                String task = created.substring(created.lastIndexOf('/') + 1);
                submitted.add(task);
                if (client.checkExists().usingWatcher(this).forPath(path + "/status/" + task) != null) {
                    done.add(task);
                }
                show();
            }
        }

        void show() {
            status(name, "mw-client", done.size() + " of " + wanted + " tasks done");
        }

        @Override
        public synchronized void process(WatchedEvent event) {
            String task = event.getPath() == null ? "" : event.getPath().substring(event.getPath().lastIndexOf('/') + 1);
            if (event.getType() == Watcher.Event.EventType.NodeCreated && submitted.contains(task) && done.add(task)) {
                show();
            }
        }
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
"##;
