// Runs zkplay's engine workload (written by `zkplay-bench` as text) on ZooKeeper 3.8's own
// in-memory DataTree, in-process, and prints one JSON object like the Rust side's.
//
// The DataTree is what ZooKeeper's FinalRequestProcessor applies transactions to; the request
// checks of PrepRequestProcessor (ACLs, versions) are not run here, while zkplay's side runs
// its whole request path. Watches are one Watcher per session, as a server connection is.
import java.io.BufferedReader;
import java.io.FileReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;

public class DataTreeBench {
    static final long SESSION_BASE = 0x0100000000000000L;
    static long events;
    static long errors;

    static final class Op {
        final char kind;
        final int session;
        final String path;
        final byte[] data;
        final boolean flag;

        Op(char kind, int session, String path, byte[] data, boolean flag) {
            this.kind = kind;
            this.session = session;
            this.path = path;
            this.data = data;
            this.flag = flag;
        }
    }

    static byte[] dataOf(int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) ('a' + (i % 26));
        }
        return b;
    }

    static Op parse(String line) {
        String[] f = line.split(" ");
        int session = Integer.parseInt(f[0]);
        char kind = f[1].charAt(0);
        switch (kind) {
            case 'C':
                // flag: ephemeral
                return new Op('C', session, f[2], dataOf(Integer.parseInt(f[4])), f[3].equals("e"));
            case 'D':
                return new Op('D', session, f[2], null, false);
            case 'S':
                return new Op('S', session, f[2], dataOf(Integer.parseInt(f[3])), false);
            default:
                return new Op(kind, session, f[2], null, f[3].equals("1"));
        }
    }

    static long zxid;

    static void apply(DataTree t, Op[] ops, Watcher[] watchers) {
        List<ACL> acl = ZooDefs.Ids.OPEN_ACL_UNSAFE;
        for (Op op : ops) {
            try {
                switch (op.kind) {
                    case 'C': {
                        long z = ++zxid;
                        long owner = op.flag ? SESSION_BASE + op.session : 0;
                        t.createNode(op.path, op.data, acl, owner, -1, z, z);
                        break;
                    }
                    case 'D':
                        t.deleteNode(op.path, ++zxid);
                        break;
                    case 'S': {
                        // As PrepRequestProcessor does: the new version is the current one + 1.
                        DataNode n = t.getNode(op.path);
                        if (n == null) {
                            errors++;
                            break;
                        }
                        long z = ++zxid;
                        t.setData(op.path, op.data, n.stat.getVersion() + 1, z, z);
                        break;
                    }
                    case 'G':
                        t.getData(op.path, new Stat(), op.flag ? watchers[op.session] : null);
                        break;
                    case 'L':
                        t.getChildren(op.path, new Stat(), op.flag ? watchers[op.session] : null);
                        break;
                    default:
                        errors++;
                }
            } catch (Exception e) {
                errors++;
            }
        }
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Op[] build;
        Op[] ops;
        int sessions;
        try (BufferedReader r = new BufferedReader(new FileReader(args[0]))) {
            String[] head = r.readLine().split(" ");
            sessions = Integer.parseInt(head[2]);
            build = new Op[Integer.parseInt(head[3])];
            ops = new Op[Integer.parseInt(head[4])];
            for (int i = 0; i < build.length; i++) {
                build[i] = parse(r.readLine());
            }
            for (int i = 0; i < ops.length; i++) {
                ops[i] = parse(r.readLine());
            }
        }
        Watcher[] watchers = new Watcher[sessions];
        for (int i = 0; i < sessions; i++) {
            // One object per session (a non-capturing lambda would be one shared instance, and
            // the watch manager would merge the sessions' watches).
            watchers[i] = new Watcher() {
                @Override
                public void process(WatchedEvent e) {
                    events++;
                }
            };
        }
        double[] buildMs = new double[runs];
        double[] opsMs = new double[runs];
        int znodes = 0;
        // One untimed warm-up run lets the JIT compile the hot paths, then `runs` timed ones.
        for (int run = -1; run < runs; run++) {
            DataTree t = new DataTree();
            events = 0;
            errors = 0;
            zxid = 0;
            long t0 = System.nanoTime();
            apply(t, build, watchers);
            long t1 = System.nanoTime();
            apply(t, ops, watchers);
            long t2 = System.nanoTime();
            if (run >= 0) {
                buildMs[run] = (t1 - t0) / 1e6;
                opsMs[run] = (t2 - t1) / 1e6;
            }
            // getNodeCount counts the root twice ("" and "/" map to the same node).
            znodes = t.getNodeCount() - 1;
        }
        System.out.printf(
                "{\"build_ms\":%.3f,\"ops_ms\":%.3f,\"errors\":%d,\"events\":%d,\"znodes\":%d,\"java\":\"%s\"}%n",
                median(buildMs), median(opsMs), errors, events, znodes, System.getProperty("java.version"));
    }
}
