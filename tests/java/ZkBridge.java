// The official ZooKeeper 3.8 Java client (org.apache.zookeeper.ZooKeeper) driven over stdin and
// stdout, so zkplay's script runner can run its conformance scenarios through it
// (tests/java_backend.rs is the other end). One ZooKeeper object per script session; every
// request is made with the public API, and every WatchedEvent a session's default watcher
// receives is kept, in the order its event thread delivered them, until `drain` hands them over.
//
// Usage: java -cp <zookeeper jars>:<classes> ZkBridge
//
// The protocol, one line per command and per reply, fields separated by one space. Strings
// (paths, data, schemes, ids) are `x` then their UTF-8 bytes in hex, or `-` for null. A Stat is
// its 11 fields: czxid mzxid ctime mtime version cversion aversion ephemeralOwner dataLength
// numChildren pzxid. An ACL list is its length then (perms scheme id) per entry.
//
//   reset HOST:PORT           closes every session, forgets every event; later sessions go there
//   open NAME TIMEOUT PROBE   a new session; waits for SyncConnected. PROBE 1: also reads "/" and
//                             answers the zxid of that reply's header (what the client last saw)
//                             -> ok SESSIONID ZXID
//   close NAME                zk.close(); waits for the Closed event -> ok
//   expire NAME               a second ZooKeeper with the session's id and password, closed at
//                             once (as ZooKeeper's own tests expire a session); waits for the
//                             first one's Expired event -> ok
//   drain NAME...             a barrier per named session still alive (an asynchronous exists of
//                             "/": its callback runs on the event thread after every event that
//                             arrived before its reply), then every event kept:
//                             ev NAME TYPE STATE PATH ... then ok
//   call NAME OP ARGS...      one request (see `request`) -> ok RESULT... | err CODE | iae MESSAGE
//
// Any other failure answers `fail MESSAGE` (MESSAGE in hex as a string). The Java client raises
// some events itself that zkplay's runner raises too, so they are not kept: the *WatchRemoved
// events a removeWatches delivers to the removed watchers and the AuthFailed state after a
// refused addauth; and nothing a session's watcher hears after its last state (Expired, Closed,
// AuthFailed) is kept (after Expired the client may or may not add Closed, by a race between
// its threads).

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.ClientCnxn;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;

public class ZkBridge {
    private static final HexFormat HEX = HexFormat.of();
    private static final long WAIT_MS = 30_000;

    /** A ZooKeeper that tells the zxid its client last saw in a reply header. */
    static final class Client extends ZooKeeper {
        Client(String connect, int timeout, Watcher w) throws java.io.IOException {
            super(connect, timeout, w);
        }

        Client(String connect, int timeout, Watcher w, long id, byte[] password) throws java.io.IOException {
            super(connect, timeout, w, id, password);
        }

        long lastZxid() {
            ClientCnxn c = cnxn;
            return c.getLastZxid();
        }
    }

    /** One script session: its client and whether its watcher has heard its last state. */
    static final class Session {
        final String name;
        Client zk;
        boolean over;
        Watcher.Event.KeeperState last;

        Session(String name) {
            this.name = name;
        }
    }

    /** Everything the watchers heard, in delivery order; guarded by EVENTS itself. */
    private static final List<String> EVENTS = new ArrayList<>();
    private static final Map<String, Session> SESSIONS = new LinkedHashMap<>();
    private static String connect = "127.0.0.1:2181";

    static String str(String s) {
        return s == null ? "-" : "x" + HEX.formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    static String bytes(byte[] b) {
        return b == null ? "-" : "x" + HEX.formatHex(b);
    }

    static byte[] unbytes(String t) {
        if (t.equals("-")) {
            return null;
        }
        if (!t.startsWith("x")) {
            throw new IllegalStateException("not a string field: " + t);
        }
        return HEX.parseHex(t.substring(1));
    }

    static String unstr(String t) {
        byte[] b = unbytes(t);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static String stat(Stat s) {
        if (s == null) {
            return "-";
        }
        return s.getCzxid() + " " + s.getMzxid() + " " + s.getCtime() + " " + s.getMtime() + " " + s.getVersion()
                + " " + s.getCversion() + " " + s.getAversion() + " " + s.getEphemeralOwner() + " "
                + s.getDataLength() + " " + s.getNumChildren() + " " + s.getPzxid();
    }

    static String acls(List<ACL> acl) {
        StringBuilder b = new StringBuilder().append(acl.size());
        for (ACL a : acl) {
            b.append(' ').append(a.getPerms()).append(' ').append(str(a.getId().getScheme())).append(' ')
                    .append(str(a.getId().getId()));
        }
        return b.toString();
    }

    /** Reads the fields of a command line in order. */
    static final class Fields {
        final String[] f;
        int i;

        Fields(String line) {
            f = line.split(" ", -1);
        }

        String word() {
            if (i >= f.length) {
                throw new IllegalStateException("missing field");
            }
            return f[i++];
        }

        int integer() {
            return Integer.parseInt(word());
        }

        long along() {
            return Long.parseLong(word());
        }

        String string() {
            return unstr(word());
        }

        byte[] data() {
            return unbytes(word());
        }

        List<ACL> acl() {
            int n = integer();
            List<ACL> v = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int perms = integer();
                String scheme = string();
                String id = string();
                v.add(new ACL(perms, new Id(scheme, id)));
            }
            return v;
        }

        boolean more() {
            return i < f.length;
        }
    }

    static void record(Session s, WatchedEvent e) {
        synchronized (EVENTS) {
            if (s.over) {
                return;
            }
            Watcher.Event.EventType t = e.getType();
            Watcher.Event.KeeperState st = e.getState();
            boolean removed = t == Watcher.Event.EventType.DataWatchRemoved
                    || t == Watcher.Event.EventType.ChildWatchRemoved
                    || t == Watcher.Event.EventType.PersistentWatchRemoved;
            if (t == Watcher.Event.EventType.None) {
                s.last = st;
                if (st == Watcher.Event.KeeperState.Expired || st == Watcher.Event.KeeperState.Closed
                        || st == Watcher.Event.KeeperState.AuthFailed) {
                    s.over = true;
                }
            }
            if (!removed && st != Watcher.Event.KeeperState.AuthFailed) {
                EVENTS.add("ev " + s.name + " " + t.name() + " " + st.name() + " " + str(e.getPath()));
            }
            EVENTS.notifyAll();
        }
    }

    /** Waits until the session's watcher has heard `state` (true) or WAIT_MS passed (false). */
    static boolean awaitState(Session s, Watcher.Event.KeeperState state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        synchronized (EVENTS) {
            while (s.last != state) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                EVENTS.wait(left);
            }
        }
        return true;
    }

    /** An asynchronous exists of "/": returns its result code once its callback has run. */
    static int barrier(ZooKeeper zk) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        int[] rc = {0};
        zk.exists("/", false, (code, path, ctx, st) -> {
            rc[0] = code;
            done.countDown();
        }, null);
        if (!done.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("barrier timed out");
        }
        return rc[0];
    }

    static Session live(String name) {
        Session s = SESSIONS.get(name);
        if (s == null || s.zk == null) {
            throw new IllegalStateException("no session " + name);
        }
        return s;
    }

    static String open(Fields f) throws Exception {
        String name = f.word();
        int timeout = f.integer();
        boolean probe = f.integer() == 1;
        Session old = SESSIONS.get(name);
        if (old != null && old.zk != null) {
            old.zk.close();
        }
        Session s = new Session(name);
        SESSIONS.put(name, s);
        s.zk = new Client(connect, timeout, e -> record(s, e));
        if (!awaitState(s, Watcher.Event.KeeperState.SyncConnected)) {
            s.zk.close();
            s.zk = null;
            return "fail " + str("cannot connect to " + connect);
        }
        long zxid = 0;
        if (probe) {
            s.zk.exists("/", false);
            zxid = s.zk.lastZxid();
        }
        return "ok " + s.zk.getSessionId() + " " + zxid;
    }

    static String close(Fields f) throws Exception {
        Session s = live(f.word());
        s.zk.close();
        boolean closed = awaitState(s, Watcher.Event.KeeperState.Closed);
        s.zk = null;
        return closed ? "ok" : "fail " + str("no Closed event after close");
    }

    static String expire(Fields f) throws Exception {
        Session s = live(f.word());
        CountDownLatch connected = new CountDownLatch(1);
        Watcher w = e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper other = new ZooKeeper(connect, 30_000, w, s.zk.getSessionId(), s.zk.getSessionPasswd());
        if (!connected.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
            other.close();
            return "fail " + str("expire: the second connection did not attach");
        }
        other.close();
        boolean expired = awaitState(s, Watcher.Event.KeeperState.Expired);
        s.zk.close();
        s.zk = null;
        return expired ? "ok" : "fail " + str("no Expired event after expire");
    }

    static void drain(Fields f, PrintStream out) throws Exception {
        while (f.more()) {
            Session s = SESSIONS.get(f.word());
            if (s == null || s.zk == null || !s.zk.getState().isAlive()) {
                continue;
            }
            barrier(s.zk);
        }
        List<String> taken;
        synchronized (EVENTS) {
            taken = new ArrayList<>(EVENTS);
            EVENTS.clear();
        }
        for (String e : taken) {
            out.println(e);
        }
        out.println("ok");
    }

    static CreateMode mode(int flag) throws KeeperException {
        return CreateMode.fromFlag(flag);
    }

    static Op op(Fields f) throws KeeperException {
        switch (f.word()) {
            case "create": {
                String path = f.string();
                byte[] data = f.data();
                CreateMode m = mode(f.integer());
                long ttl = f.along();
                List<ACL> acl = f.acl();
                return m.isTTL() ? Op.create(path, data, acl, m, ttl) : Op.create(path, data, acl, m);
            }
            case "delete":
                return Op.delete(f.string(), f.integer());
            case "set": {
                String path = f.string();
                byte[] data = f.data();
                return Op.setData(path, data, f.integer());
            }
            case "check":
                return Op.check(f.string(), f.integer());
            default:
                throw new IllegalStateException("unknown op");
        }
    }

    static String results(List<OpResult> results) {
        StringBuilder b = new StringBuilder("ok ").append(results.size());
        for (OpResult r : results) {
            if (r instanceof OpResult.CreateResult) {
                OpResult.CreateResult c = (OpResult.CreateResult) r;
                b.append(" c ").append(str(c.getPath())).append(' ').append(stat(c.getStat()));
            } else if (r instanceof OpResult.DeleteResult) {
                b.append(" d");
            } else if (r instanceof OpResult.SetDataResult) {
                b.append(" s ").append(stat(((OpResult.SetDataResult) r).getStat()));
            } else if (r instanceof OpResult.CheckResult) {
                b.append(" k");
            } else if (r instanceof OpResult.ErrorResult) {
                b.append(" e ").append(((OpResult.ErrorResult) r).getErr());
            } else {
                throw new IllegalStateException("unknown result " + r);
            }
        }
        return b.toString();
    }

    /** Waits for an asynchronous call's callback: its code and what it returned. */
    static final class Callback {
        final CountDownLatch done = new CountDownLatch(1);
        int rc;
        String path;

        void set(int rc, String path) {
            this.rc = rc;
            this.path = path;
            done.countDown();
        }

        void await() throws InterruptedException {
            if (!done.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no reply");
            }
        }
    }

    static String request(Session s, Fields f) throws Exception {
        ZooKeeper zk = s.zk;
        switch (f.word()) {
            case "create": {
                String path = f.string();
                byte[] data = f.data();
                CreateMode m = mode(f.integer());
                long ttl = f.along();
                List<ACL> acl = f.acl();
                Stat st = new Stat();
                String created = zk.create(path, data, acl, m, st, m.isTTL() ? ttl : -1);
                return "ok " + str(created) + " " + stat(st);
            }
            case "delete":
                zk.delete(f.string(), f.integer());
                return "ok";
            case "set": {
                String path = f.string();
                byte[] data = f.data();
                return "ok " + stat(zk.setData(path, data, f.integer()));
            }
            case "multi": {
                int n = f.integer();
                List<Op> ops = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    ops.add(op(f));
                }
                try {
                    return results(zk.multi(ops));
                } catch (KeeperException e) {
                    List<OpResult> r = e.getResults();
                    return r == null ? "err " + e.code().intValue() : results(r);
                }
            }
            case "exists": {
                String path = f.string();
                Stat st = zk.exists(path, f.integer() == 1);
                return st == null ? "err " + KeeperException.Code.NONODE.intValue() : "ok " + stat(st);
            }
            case "get": {
                String path = f.string();
                Stat st = new Stat();
                byte[] data = zk.getData(path, f.integer() == 1, st);
                return "ok " + bytes(data) + " " + stat(st);
            }
            case "ls": {
                String path = f.string();
                Stat st = new Stat();
                List<String> kids = zk.getChildren(path, f.integer() == 1, st);
                StringBuilder b = new StringBuilder("ok ").append(stat(st)).append(' ').append(kids.size());
                for (String k : kids) {
                    b.append(' ').append(str(k));
                }
                return b.toString();
            }
            case "getacl": {
                Stat st = new Stat();
                List<ACL> acl = zk.getACL(f.string(), st);
                return "ok " + stat(st) + " " + acls(acl);
            }
            case "setacl": {
                String path = f.string();
                int version = f.integer();
                return "ok " + stat(zk.setACL(path, f.acl(), version));
            }
            case "sync": {
                Callback cb = new Callback();
                zk.sync(f.string(), (rc, path, ctx) -> cb.set(rc, path), null);
                cb.await();
                return cb.rc == 0 ? "ok " + str(cb.path) : "err " + cb.rc;
            }
            case "ephemerals": {
                List<String> paths = zk.getEphemerals(f.string());
                StringBuilder b = new StringBuilder("ok ").append(paths.size());
                for (String p : paths) {
                    b.append(' ').append(str(p));
                }
                return b.toString();
            }
            case "count":
                return "ok " + zk.getAllChildrenNumber(f.string());
            case "addwatch": {
                String path = f.string();
                int m = f.integer();
                zk.addWatch(path, m == 1 ? AddWatchMode.PERSISTENT_RECURSIVE : AddWatchMode.PERSISTENT);
                return "ok";
            }
            case "rmwatches": {
                String path = f.string();
                Watcher.WatcherType t = Watcher.WatcherType.fromInt(f.integer());
                zk.removeAllWatches(path, t, false);
                return "ok";
            }
            case "auth": {
                String scheme = f.string();
                zk.addAuthInfo(scheme, f.data());
                // The credentials go without a reply; one to a later request comes after theirs.
                int rc = barrier(zk);
                boolean refused = rc == KeeperException.Code.AUTHFAILED.intValue()
                        || zk.getState() == ZooKeeper.States.AUTH_FAILED;
                if (refused) {
                    s.zk.close();
                    s.zk = null;
                    return "err " + KeeperException.Code.AUTHFAILED.intValue();
                }
                return "ok";
            }
            case "whoami": {
                List<ClientInfo> ids = zk.whoAmI();
                StringBuilder b = new StringBuilder("ok ").append(ids.size());
                for (ClientInfo c : ids) {
                    b.append(' ').append(str(c.getAuthScheme())).append(' ').append(str(c.getUser()));
                }
                return b.toString();
            }
            default:
                throw new IllegalStateException("unknown request");
        }
    }

    static String call(Fields f) throws Exception {
        Session s = live(f.word());
        try {
            return request(s, f);
        } catch (KeeperException e) {
            return "err " + e.code().intValue();
        } catch (IllegalArgumentException e) {
            return "iae " + str(String.valueOf(e.getMessage()));
        }
    }

    static void reset(Fields f) throws InterruptedException {
        synchronized (EVENTS) {
            // What the old sessions hear from now on belongs to no script.
            for (Session s : SESSIONS.values()) {
                s.over = true;
            }
        }
        for (Session s : SESSIONS.values()) {
            if (s.zk != null) {
                s.zk.close();
            }
        }
        SESSIONS.clear();
        synchronized (EVENTS) {
            EVENTS.clear();
        }
        connect = f.word();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            Fields f = new Fields(line);
            String reply;
            try {
                switch (f.word()) {
                    case "reset":
                        reset(f);
                        reply = "ok";
                        break;
                    case "open":
                        reply = open(f);
                        break;
                    case "close":
                        reply = close(f);
                        break;
                    case "expire":
                        reply = expire(f);
                        break;
                    case "drain":
                        drain(f, out);
                        reply = null;
                        break;
                    case "call":
                        reply = call(f);
                        break;
                    default:
                        reply = "fail " + str("unknown command: " + line);
                }
            } catch (Exception e) {
                reply = "fail " + str(e.toString());
            }
            if (reply != null) {
                out.println(reply);
            }
            out.flush();
        }
        reset(new Fields("- -"));
    }
}
