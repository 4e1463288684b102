// Curator 5.4's recipes (InterProcessMutex, LeaderLatch, DistributedQueue, CuratorCache)
// against the ZooKeeper at a connect string, one line per observable outcome. Every step
// waits for what it observes before the next begins, so the output is the same on every run
// against a correct server: no session ids, dates, zxids or timings, and the random part of
// Curator's protected names masked. Anything that does not happen in time prints a FAIL line
// (and the exit status is 1) instead of hanging.
//
// Usage: java -cp <zookeeper, curator, guava, slf4j jars>:<classes> CuratorCheck HOST:PORT

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

public final class CuratorCheck {
    /** How long any one step may take before it is reported as a FAIL. */
    private static final long STEP_MS = 8000;
    /** The whole run's limit: past it the program prints FAIL and halts. */
    private static final long WATCHDOG_MS = 60000;
    private static final String ROOT = "/check";

    /** A step that did not happen: its text becomes the FAIL line. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String what) {
            super(what);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void await(String what, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_MS);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new Failure("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Data as text, bytes outside printable ASCII as `\xNN` (the queue's items carry a header). */
    private static String text(byte[] b) {
        if (b == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (byte x : b) {
            int v = x & 0xff;
            if (v >= 0x20 && v < 0x7f && v != '\\') {
                out.append((char) v);
            } else {
                out.append(String.format("\\x%02x", v));
            }
        }
        return out.toString();
    }

    /** Curator's protected names carry a random UUID: `_c_<uuid>-lock-0000000001`. */
    private static String mask(String name) {
        return name.replaceAll(
                "_c_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-", "_c_<uuid>-");
    }

    private static List<String> masked(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add(mask(n));
        }
        Collections.sort(out);
        return out;
    }

    private static CuratorFramework client(String connect) {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs(10000)
                .connectionTimeoutMs(5000)
                .retryPolicy(new RetryNTimes(3, 200))
                // Curator's default node data is the host's address.
                .defaultData(new byte[0])
                .build();
        c.start();
        return c;
    }

    private final String connect;
    private final CuratorFramework a;
    private final CuratorFramework b;
    private final CuratorFramework c;
    /** Each client's session id, by the name printed for it. */
    private final Map<Long, String> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    private CuratorCheck(String connect, CuratorFramework a, CuratorFramework b, CuratorFramework c) {
        this.connect = connect;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    private void connected(String name, CuratorFramework cf) throws Exception {
        if (!cf.blockUntilConnected((int) STEP_MS, TimeUnit.MILLISECONDS)) {
            throw new Failure("client " + name + " did not connect");
        }
        sessions.put(cf.getZookeeperClient().getZooKeeper().getSessionId(), name);
    }

    /** Which client's session owns an ephemeral node. */
    private String owner(long session) {
        if (session == 0) {
            // Persistent and container nodes alike: the server hides a container's mark.
            return "not ephemeral";
        }
        return "ephemeral of " + sessions.getOrDefault(session, "another session");
    }

    /** The tree under `path`, one line a node, children sorted after masking. */
    private void layout(String label, String path) throws Exception {
        say(label + ":");
        Stat top = a.checkExists().forPath(path);
        if (top == null) {
            say("  " + path + " (none)");
            return;
        }
        walk(path, path, 1);
    }

    private void walk(String path, String shown, int depth) throws Exception {
        Stat st = new Stat();
        byte[] data;
        List<String> kids;
        try {
            data = a.getData().storingStatIn(st).forPath(path);
            kids = a.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            say("  ".repeat(depth) + shown + " (vanished)");
            return;
        }
        say("  ".repeat(depth) + shown + " [" + owner(st.getEphemeralOwner())
                + " version=" + st.getVersion() + " cversion=" + st.getCversion()
                + " aversion=" + st.getAversion() + " children=" + st.getNumChildren()
                + " dataLength=" + st.getDataLength() + "] data=" + text(data));
        Map<String, String> sorted = new TreeMap<>();
        for (String k : kids) {
            sorted.put(mask(k), k);
        }
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String child = path.equals("/") ? "/" + e.getValue() : path + "/" + e.getValue();
            walk(child, e.getKey(), depth + 1);
        }
    }

    // ---- InterProcessMutex ----------------------------------------------------------------

    private void mutex() throws Exception {
        String path = ROOT + "/mutex";
        InterProcessMutex ma = new InterProcessMutex(a, path);
        InterProcessMutex mb = new InterProcessMutex(b, path);
        InterProcessMutex mc = new InterProcessMutex(c, path);
        // B's acquire and release must happen on one thread: the mutex is held per thread.
        ExecutorService bThread = Executors.newSingleThreadExecutor();
        try {
            say("mutex: A acquire -> " + ma.acquire(STEP_MS, TimeUnit.MILLISECONDS));
            say("mutex: A acquire again (reentrant) -> " + ma.acquire(STEP_MS, TimeUnit.MILLISECONDS));
            say("mutex: A holds -> " + ma.isAcquiredInThisProcess());
            say("mutex: participants " + masked(ma.getParticipantNodes()));
            Future<Boolean> bGot = bThread.submit(() -> mb.acquire(STEP_MS, TimeUnit.MILLISECONDS));
            await("B to queue for the mutex", () -> participants(ma) == 2);
            say("mutex: B waiting, participants " + masked(ma.getParticipantNodes()));
            say("mutex: C acquire(300 ms) while A holds -> " + mc.acquire(300, TimeUnit.MILLISECONDS));
            say("mutex: C holds -> " + mc.isAcquiredInThisProcess());
            say("mutex: participants after C gave up " + masked(ma.getParticipantNodes()));
            layout("mutex: layout while A holds and B waits", path);
            say("mutex: B got it before A released -> " + bGot.isDone());
            ma.release();
            say("mutex: A released once, still holds -> " + ma.isAcquiredInThisProcess());
            say("mutex: B got it while A still holds -> " + bGot.isDone());
            ma.release();
            say("mutex: A released twice, holds -> " + ma.isAcquiredInThisProcess());
            say("mutex: B acquire returned -> " + bGot.get(STEP_MS, TimeUnit.MILLISECONDS));
            say("mutex: B holds -> " + bThread.submit(mb::isAcquiredInThisProcess).get());
            say("mutex: participants while B holds " + masked(ma.getParticipantNodes()));
            bThread.submit(() -> {
                mb.release();
                return null;
            }).get(STEP_MS, TimeUnit.MILLISECONDS);
            say("mutex: B released, participants " + masked(ma.getParticipantNodes()));
            // The lock's parent is a container: once empty the server removes it, and the next
            // acquire makes it again, its sequence numbers from 0.
            await("the empty lock container to go", () -> gone(path));
            say("mutex: empty lock container removed");
            say("mutex: C acquire after all released -> " + mc.acquire(STEP_MS, TimeUnit.MILLISECONDS));
            say("mutex: participants while C holds " + masked(ma.getParticipantNodes()));
            mc.release();
            say("mutex: C released, participants " + masked(ma.getParticipantNodes()));
            await("the empty lock container to go again", () -> gone(path));
            say("mutex: empty lock container removed again");
        } finally {
            bThread.shutdownNow();
        }
    }

    private static int participants(InterProcessMutex m) {
        try {
            return m.getParticipantNodes().size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A holder whose session ends: its lock node goes with it and the next waiter gets in. */
    private void sessionLock() throws Exception {
        String path = ROOT + "/session-lock";
        CuratorFramework d = client(connect);
        ExecutorService bThread = Executors.newSingleThreadExecutor();
        try {
            connected("D", d);
            InterProcessMutex md = new InterProcessMutex(d, path);
            InterProcessMutex mb = new InterProcessMutex(b, path);
            say("session-lock: D acquire -> " + md.acquire(STEP_MS, TimeUnit.MILLISECONDS));
            Future<Boolean> bGot = bThread.submit(() -> mb.acquire(STEP_MS, TimeUnit.MILLISECONDS));
            await("B to queue behind D", () -> participants(mb) == 2);
            layout("session-lock: layout while D holds and B waits", path);
            // Closing the client closes its session: the server deletes its ephemeral nodes.
            d.close();
            say("session-lock: D's client closed, B acquire returned -> "
                    + bGot.get(STEP_MS, TimeUnit.MILLISECONDS));
            say("session-lock: participants " + masked(mb.getParticipantNodes()));
            layout("session-lock: layout while B holds", path);
            bThread.submit(() -> {
                mb.release();
                return null;
            }).get(STEP_MS, TimeUnit.MILLISECONDS);
            await("the empty session-lock container to go", () -> gone(path));
            say("session-lock: B released, empty container removed");
        } finally {
            bThread.shutdownNow();
            d.close();
        }
    }

    // ---- LeaderLatch ----------------------------------------------------------------------

    private void leader() throws Exception {
        String path = ROOT + "/leader";
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        LeaderLatch la = latch(a, path, "latch-A", events);
        LeaderLatch lb = latch(b, path, "latch-B", events);
        LeaderLatch lc = latch(c, path, "latch-C", events);
        la.start();
        say("leader: latch-A alone, await -> " + la.await(STEP_MS, TimeUnit.MILLISECONDS));
        lb.start();
        await("latch-B to join", () -> count(la) == 2);
        lc.start();
        await("latch-C to join", () -> count(la) == 3);
        say("leader: participants " + participants(la));
        say("leader: leader id -> " + la.getLeader().getId());
        say("leader: hasLeadership A=" + la.hasLeadership() + " B=" + lb.hasLeadership()
                + " C=" + lc.hasLeadership());
        say("leader: leaders among three -> " + leaders(la, lb, lc));
        layout("leader: layout with three participants", path);
        la.close();
        await("a new leader after latch-A closed", () -> lb.hasLeadership() || lc.hasLeadership());
        say("leader: after latch-A closed, hasLeadership B=" + lb.hasLeadership()
                + " C=" + lc.hasLeadership());
        say("leader: leaders among the two left -> " + leaders(lb, lc));
        say("leader: participants " + participants(lb));
        say("leader: leader id -> " + lb.getLeader().getId());
        say("leader: latch-A state -> " + la.getState());
        await("the listeners to hear of both leaders", () -> events.size() >= 2);
        // The one not leading closes first, so leadership does not move again.
        LeaderLatch follower = lb.hasLeadership() ? lc : lb;
        LeaderLatch leading = lb.hasLeadership() ? lb : lc;
        follower.close();
        await("the follower's node to go", () -> count(leading) == 1);
        say("leader: follower closed, participants " + participants(leading));
        leading.close();
        // A latch deletes its node in the background once closed; then the container goes.
        await("the last latch node and then its container to go", () -> gone(path));
        say("leader: all closed, empty latch container removed");
        synchronized (events) {
            say("leader: listener events " + events);
        }
    }

    private static LeaderLatch latch(CuratorFramework cf, String path, String id, List<String> events) {
        LeaderLatch l = new LeaderLatch(cf, path, id);
        l.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                events.add(id + " isLeader");
            }

            @Override
            public void notLeader() {
                events.add(id + " notLeader");
            }
        });
        return l;
    }

    private static int count(LeaderLatch l) {
        try {
            return l.getParticipants().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String participants(LeaderLatch l) throws Exception {
        List<String> out = new ArrayList<>();
        for (Participant p : l.getParticipants()) {
            out.add(p.getId() + (p.isLeader() ? "(leader)" : ""));
        }
        return out.toString();
    }

    private static int leaders(LeaderLatch... ls) {
        int n = 0;
        for (LeaderLatch l : ls) {
            if (l.hasLeadership()) {
                n++;
            }
        }
        return n;
    }

    // ---- DistributedQueue -----------------------------------------------------------------

    private void queue() throws Exception {
        String path = ROOT + "/queue";
        QueueSerializer<String> ser = new QueueSerializer<String>() {
            @Override
            public byte[] serialize(String item) {
                return bytes(item);
            }

            @Override
            public String deserialize(byte[] raw) {
                return new String(raw, StandardCharsets.UTF_8);
            }
        };
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        QueueConsumer<String> consumer = new QueueConsumer<String>() {
            @Override
            public void consumeMessage(String message) {
                got.add(message);
            }

            @Override
            public void stateChanged(CuratorFramework client, ConnectionState state) {}
        };
        DistributedQueue<String> producer = QueueBuilder.builder(a, null, ser, path).buildQueue();
        producer.start();
        for (int i = 0; i < 3; i++) {
            producer.put("item-" + i);
        }
        layout("queue: layout with three items and no consumer", path);
        DistributedQueue<String> consuming = QueueBuilder.builder(b, consumer, ser, path).buildQueue();
        consuming.start();
        for (int i = 3; i < 6; i++) {
            producer.put("item-" + i);
        }
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String m = got.poll(STEP_MS, TimeUnit.MILLISECONDS);
            if (m == null) {
                say("queue: received " + received);
                throw new Failure("timed out waiting for queue item " + i);
            }
            received.add(m);
        }
        say("queue: received in order " + received);
        await("the consumed items' nodes to go", () -> {
            try {
                return a.getChildren().forPath(path).isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        consuming.close();
        producer.close();
        layout("queue: layout once consumed", path);
        String extra = got.poll();
        say("queue: nothing more received -> " + (extra == null));
    }

    // ---- CuratorCache ---------------------------------------------------------------------

    private void cache() throws Exception {
        String path = ROOT + "/cache";
        a.create().forPath(path, bytes("v0"));
        a.create().forPath(path + "/pre", bytes("p"));
        a.create().forPath(path + "/pre/x", bytes("px"));
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CuratorCache cache = CuratorCache.build(b, path);
        cache.listenable().addListener(new CuratorCacheListener() {
            @Override
            public void event(Type type, ChildData oldData, ChildData data) {
                events.add(type + " " + describe(oldData) + " -> " + describe(data));
            }

            @Override
            public void initialized() {
                events.add("initialized");
            }
        });
        cache.start();
        // The initial load reads the tree with parallel background calls: its events come in
        // no set order, so they print sorted, up to `initialized`.
        List<String> initial = new ArrayList<>();
        for (String e = take(events); !e.equals("initialized"); e = take(events)) {
            initial.add(e);
        }
        Collections.sort(initial);
        for (String e : initial) {
            say("cache: (initial) " + e);
        }
        say("cache: initialized");
        a.delete().forPath(path + "/pre/x");
        next(events);
        a.delete().forPath(path + "/pre");
        next(events);
        a.create().forPath(path + "/a", bytes("1"));
        next(events);
        a.setData().forPath(path + "/a", bytes("2"));
        next(events);
        a.create().forPath(path + "/a/b", bytes("x"));
        next(events);
        a.setData().forPath(path, bytes("v1"));
        next(events);
        a.delete().forPath(path + "/a/b");
        next(events);
        a.delete().forPath(path + "/a");
        next(events);
        // A node created elsewhere is not seen; the last event marks the end of the stream.
        a.create().forPath(ROOT + "/outside", bytes("o"));
        a.create().forPath(path + "/end", bytes("e"));
        String e;
        do {
            e = next(events);
        } while (!e.startsWith("NODE_CREATED null -> " + path + "/end"));
        List<String> contents = new ArrayList<>();
        cache.stream().forEach(d -> contents.add(d.getPath() + "=" + text(d.getData())));
        Collections.sort(contents);
        say("cache: contents " + contents);
        cache.close();
        a.delete().forPath(path + "/end");
        a.delete().forPath(ROOT + "/outside");
        say("cache: after close, still holds " + cache.stream().count() + " nodes");
    }

    private static String describe(ChildData d) {
        if (d == null) {
            return "null";
        }
        return d.getPath() + "=" + text(d.getData()) + " (version " + d.getStat().getVersion() + ")";
    }

    private static String take(BlockingQueue<String> events) throws Exception {
        String e = events.poll(STEP_MS, TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new Failure("timed out waiting for an event");
        }
        return e;
    }

    private static String next(BlockingQueue<String> events) throws Exception {
        String e = take(events);
        say("cache: " + e);
        return e;
    }

    // ---- watches as the recipes set them ---------------------------------------------------

    private void watches() throws Exception {
        String path = ROOT + "/watched";
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Watcher recursive = e -> events.add("recursive " + e.getType() + " " + e.getPath());
        Watcher once = e -> events.add("once " + e.getType() + " " + e.getPath());
        a.create().forPath(path);
        // CuratorCache's kind: persistent and recursive (addWatch), no child events.
        b.watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE).usingWatcher(recursive).forPath(path);
        a.create().forPath(path + "/x", bytes("1"));
        say("watch: " + take(events));
        a.setData().forPath(path + "/x", bytes("2"));
        say("watch: " + take(events));
        a.create().forPath(path + "/x/y");
        say("watch: " + take(events));
        a.delete().forPath(path + "/x/y");
        say("watch: " + take(events));
        // removeAllWatches (opcode 18): the server drops them, the client tells the watcher.
        b.watchers().removeAll().ofType(WatcherType.Any).forPath(path);
        say("watch: all watches on " + path + " removed");
        say("watch: " + take(events));
        // The lock's and latch's kind: one-shot exists, data and child watches.
        b.checkExists().usingWatcher(once).forPath(path + "/z");
        a.create().forPath(path + "/z");
        say("watch: " + take(events));
        b.getData().usingWatcher(once).forPath(path + "/x");
        a.setData().forPath(path + "/x", bytes("3"));
        say("watch: " + take(events));
        a.setData().forPath(path + "/x", bytes("4"));
        b.getChildren().usingWatcher(once).forPath(path);
        a.delete().forPath(path + "/z");
        // The second setData fired nothing (its watch was spent), nor did the removed ones.
        say("watch: " + take(events));
        b.getData().usingWatcher(once).forPath(path + "/x");
        a.delete().forPath(path + "/x");
        say("watch: " + take(events));
        a.delete().forPath(path);
        say("watch: nothing more -> " + (events.poll() == null));
    }

    /**
     * Removing one watcher (`ZooKeeper.removeWatches(path, watcher, type, false)`, what
     * Curator's `watchers().remove(w)` and CuratorCache's close call) asks the server with
     * checkWatches (opcode 17): OK when the session has such a watch there, NOWATCHER when not.
     */
    private void checkWatches() throws Exception {
        String path = ROOT + "/checked";
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Watcher recursive = e -> events.add("recursive " + e.getType() + " " + e.getPath());
        Watcher once = e -> events.add("once " + e.getType() + " " + e.getPath());
        a.create().forPath(path, bytes("0"));
        b.watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE).usingWatcher(recursive).forPath(path);
        b.getData().usingWatcher(once).forPath(path);
        int ok = 0;
        ok += failing("check-watches: remove the recursive watcher",
                () -> b.watchers().remove(recursive).forPath(path)) ? 1 : 0;
        ok += failing("check-watches: remove the data watcher",
                () -> b.watchers().remove(once).ofType(WatcherType.Data).forPath(path)) ? 1 : 0;
        // Each removal the server accepted tells its watcher.
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < ok; i++) {
            removed.add(take(events));
        }
        Collections.sort(removed);
        say("check-watches: events " + removed);
        // The client refuses these itself (its own watch table), without asking the server.
        failing("check-watches: remove a watcher never set",
                () -> b.watchers().remove(once).forPath(ROOT));
        failing("check-watches: remove on a missing path",
                () -> b.watchers().remove(once).forPath(ROOT + "/missing"));
        a.setData().forPath(path, bytes("1"));
        a.delete().forPath(path);
        // The watchers are gone from the client: nothing reaches them any more.
        b.checkExists().usingWatcher(once).forPath(path);
        a.create().forPath(path);
        say("check-watches: " + take(events));
        a.delete().forPath(path);
    }

    // ---- the framework's own calls --------------------------------------------------------

    private void framework() throws Exception {
        String path = ROOT + "/fw";
        a.create().creatingParentsIfNeeded().forPath(path + "/deep/er", bytes("d"));
        a.create().orSetData().forPath(path + "/deep/er", bytes("e"));
        a.create().withTtl(60000).withMode(CreateMode.PERSISTENT_WITH_TTL).forPath(path + "/ttl");
        a.create().withProtection().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(path + "/p-");
        String seq = a.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(path + "/seq-", bytes("s"));
        say("fw: sequential node " + seq);
        layout("fw: layout", path);
        List<CuratorTransactionResult> ok = a.transaction().forOperations(
                a.transactionOp().create().forPath(path + "/tx", bytes("t0")),
                a.transactionOp().setData().forPath(path + "/tx", bytes("t1")),
                a.transactionOp().check().withVersion(1).forPath(path + "/tx"),
                a.transactionOp().delete().forPath(seq));
        for (CuratorTransactionResult r : ok) {
            say("fw: transaction " + r.getType() + " " + mask(r.getForPath()) + " -> "
                    + (r.getResultPath() == null ? "null" : mask(r.getResultPath()))
                    + " error " + r.getError()
                    + (r.getResultStat() == null ? "" : " version " + r.getResultStat().getVersion()));
        }
        try {
            a.transaction().forOperations(
                    a.transactionOp().setData().forPath(path + "/tx", bytes("t2")),
                    a.transactionOp().create().forPath(path + "/tx"),
                    a.transactionOp().delete().forPath(path + "/deep"));
            say("fw: failing transaction committed");
        } catch (KeeperException e) {
            say("fw: failing transaction -> " + e.code() + " at " + e.getPath());
            List<OpResult> results = e.getResults();
            if (results != null) {
                for (OpResult r : results) {
                    String err = r instanceof OpResult.ErrorResult
                            ? " error " + ((OpResult.ErrorResult) r).getErr() : "";
                    say("fw:   result " + r.getType() + err);
                }
            }
        }
        say("fw: tx data " + text(a.getData().forPath(path + "/tx")));
        failing("fw: delete with children", () -> a.delete().forPath(path + "/deep"));
        failing("fw: setData wrong version", () -> a.setData().withVersion(7).forPath(path + "/tx", bytes("x")));
        failing("fw: create under an ephemeral", () -> {
            for (String k : a.getChildren().forPath(path)) {
                if (k.contains("p-")) {
                    a.create().forPath(path + "/" + k + "/child");
                }
            }
        });
        failing("fw: create existing", () -> a.create().forPath(path + "/tx"));
        failing("fw: getData missing", () -> a.getData().forPath(path + "/missing"));
        say("fw: acl of /check " + acl(a.getACL().forPath(ROOT)));
        // What Curator's EnsembleTracker reads, and the negotiated session timeout.
        say("fw: /zookeeper children " + masked(a.getChildren().forPath("/zookeeper")));
        say("fw: ensemble config " + text(a.getConfig().forEnsemble()));
        say("fw: acl of /zookeeper/config " + acl(a.getACL().forPath("/zookeeper/config")));
        say("fw: session timeout " + a.getZookeeperClient().getZooKeeper().getSessionTimeout());
        a.sync().forPath(ROOT);
        say("fw: sync done");
        a.delete().deletingChildrenIfNeeded().forPath(path);
        say("fw: deleted with its children, exists -> " + (a.checkExists().forPath(path) != null));
    }

    private static String acl(List<ACL> acls) {
        List<String> out = new ArrayList<>();
        for (ACL x : acls) {
            out.add(x.getId().getScheme() + ":" + x.getId().getId() + " perms " + x.getPerms());
        }
        return out.toString();
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Runs a call that may fail and prints how it ended; true when it succeeded. */
    private static boolean failing(String what, Call call) {
        try {
            call.run();
            say(what + " -> ok");
            return true;
        } catch (KeeperException e) {
            say(what + " -> " + e.code() + " " + mask(String.valueOf(e.getPath())));
        } catch (Exception e) {
            say(what + " -> " + e.getClass().getName());
        }
        return false;
    }

    // ---- the run --------------------------------------------------------------------------

    /** The sections, in the order they run. */
    private static final String[] SECTIONS = {
        "mutex", "session-lock", "leader", "queue", "cache", "watches", "check-watches", "framework"
    };

    private void section(String name) throws Exception {
        switch (name) {
            case "mutex": mutex(); break;
            case "session-lock": sessionLock(); break;
            case "leader": leader(); break;
            case "queue": queue(); break;
            case "cache": cache(); break;
            case "watches": watches(); break;
            case "check-watches": checkWatches(); break;
            case "framework": framework(); break;
            default: throw new Failure("no section " + name);
        }
    }

    /** Runs the sections named (all when none is); a section that fails prints FAIL and the
     * next one still runs. Returns whether every one passed. */
    private boolean run(List<String> names) throws Exception {
        connected("A", a);
        connected("B", b);
        connected("C", c);
        say("connected: 3 clients");
        a.create().forPath(ROOT);
        boolean ok = true;
        for (String name : names) {
            try {
                section(name);
            } catch (Failure f) {
                say("FAIL in " + name + ": " + f.getMessage());
                ok = false;
            } catch (Exception e) {
                say("FAIL in " + name + ": " + e);
                ok = false;
            }
        }
        layout("final layout", ROOT);
        return ok;
    }

    private boolean gone(String path) {
        try {
            return a.checkExists().forPath(path) == null;
        } catch (Exception e) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CuratorCheck HOST:PORT [SECTION...]  (sections: "
                    + String.join(" ", SECTIONS) + ")");
            System.exit(2);
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            names.add(args[i]);
        }
        if (names.isEmpty()) {
            Collections.addAll(names, SECTIONS);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(WATCHDOG_MS);
            } catch (InterruptedException e) {
                return;
            }
            say("FAIL: the run took longer than " + WATCHDOG_MS + " ms");
            Runtime.getRuntime().halt(1);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        CuratorFramework a = client(args[0]);
        CuratorFramework b = client(args[0]);
        CuratorFramework c = client(args[0]);
        int status = 0;
        try {
            if (!new CuratorCheck(args[0], a, b, c).run(names)) {
                status = 1;
            }
        } catch (Failure f) {
            say("FAIL: " + f.getMessage());
            status = 1;
        } catch (Exception e) {
            say("FAIL: " + e);
            status = 1;
        }
        for (CuratorFramework cf : new CuratorFramework[] {c, b, a}) {
            cf.close();
        }
        say("done");
        Runtime.getRuntime().halt(status);
    }
}
