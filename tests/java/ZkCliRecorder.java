// Records what the real zkCli (org.apache.zookeeper.ZooKeeperMain, ZooKeeper 3.8) prints for a
// zkplay text scenario: one ZooKeeperMain per session, each line given to its executeLine, and
// everything it prints (stdout and stderr, WATCHER blocks from its event thread) captured.
//
// Usage: java -cp <zookeeper jars>:<classes> ZkCliRecorder HOST:PORT SCRIPT
// Prints the transcript: "[zk: NAME] LINE" then zkCli's output for each command, and "[NAME]"
// then the WATCHER blocks that session's event thread printed, for each session in the order the
// sessions were opened, after every line (a barrier makes sure every notification caused by the
// line has been printed first).

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.ZooKeeperMain;

public class ZkCliRecorder {
    private static final String PREFIX = "zks-";
    private static final String EVENT_THREAD = "-EventThread";

    /** Sends each byte to a buffer chosen by the thread that writes it. */
    static final class Router extends OutputStream {
        final Map<String, ByteArrayOutputStream> events = new LinkedHashMap<>();
        final ByteArrayOutputStream main = new ByteArrayOutputStream();

        private synchronized ByteArrayOutputStream target() {
            String n = Thread.currentThread().getName();
            if (n.startsWith(PREFIX) && n.endsWith(EVENT_THREAD)) {
                String s = n.substring(PREFIX.length(), n.length() - EVENT_THREAD.length());
                return events.computeIfAbsent(s, k -> new ByteArrayOutputStream());
            }
            return main;
        }

        @Override
        public void write(int b) {
            ByteArrayOutputStream t = target();
            synchronized (this) {
                t.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteArrayOutputStream t = target();
            synchronized (this) {
                t.write(b, off, len);
            }
        }

        synchronized String takeMain() {
            String s = new String(main.toByteArray(), StandardCharsets.UTF_8);
            main.reset();
            return s;
        }

        synchronized String takeEvents(String session) {
            ByteArrayOutputStream b = events.get(session);
            if (b == null) {
                return "";
            }
            String s = new String(b.toByteArray(), StandardCharsets.UTF_8);
            b.reset();
            return s;
        }
    }

    /** zkCli, with its connection visible to the barrier. */
    static final class Cli extends ZooKeeperMain {
        Cli(String[] args) throws Exception {
            super(args);
        }

        ZooKeeper zk() {
            return zk;
        }
    }

    /**
     * zkCli keeps its commands in a static map, and AddWatchCommand remembers the last `-m` mode
     * it was given. Each real zkCli is its own process, so each session gets its own copy of that
     * field here: swapped in before its line runs and saved after.
     */
    static final Map<String, Object> addWatchModes = new LinkedHashMap<>();

    static java.lang.reflect.Field addWatchModeField() throws Exception {
        java.lang.reflect.Field f =
            org.apache.zookeeper.cli.AddWatchCommand.class.getDeclaredField("mode");
        f.setAccessible(true);
        return f;
    }

    static Object addWatchCommand() throws Exception {
        java.lang.reflect.Field map = ZooKeeperMain.class.getDeclaredField("commandMapCli");
        map.setAccessible(true);
        return ((Map<?, ?>) map.get(null)).get("addWatch");
    }

    static Router router;
    static PrintStream out;
    static PrintStream realOut;
    static String server;
    static final Map<String, Cli> sessions = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        PrintStream realErr = System.err;
        try {
            record(args);
        } catch (Throwable t) {
            t.printStackTrace(realErr);
            realErr.println("partial transcript:\n" + router.takeMain());
            System.exit(3);
        }
    }

    static void record(String[] args) throws Exception {
        server = args[0];
        List<String> lines = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
        realOut = System.out;
        router = new Router();
        out = new PrintStream(router, true, "UTF-8");
        System.setOut(out);
        System.setErr(out);
        StringBuilder transcript = new StringBuilder();
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words[0].equals("session")) {
                String name = words[1];
                String timeout = "30000";
                for (int i = 2; i < words.length; i++) {
                    if (words[i].startsWith("timeout=")) {
                        timeout = words[i].substring("timeout=".length());
                    } else {
                        fail(lineNo, "unknown session option " + words[i]);
                    }
                }
                String previous = Thread.currentThread().getName();
                Thread.currentThread().setName(PREFIX + name);
                Cli cli = new Cli(new String[] {"-server", server, "-timeout", timeout,
                    "-waitforconnection"});
                Thread.currentThread().setName(previous);
                router.takeMain(); // "Connecting to HOST:PORT"
                sessions.put(name, cli);
            } else if (words[0].equals("sleep") || words[0].equals("tick")) {
                Thread.sleep(Long.parseLong(words[1]));
            } else {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    fail(lineNo, "expected NAME: COMMAND");
                }
                String name = line.substring(0, colon).trim();
                String command = line.substring(colon + 1).trim();
                Cli cli = sessions.get(name);
                if (cli == null) {
                    fail(lineNo, "no session " + name);
                }
                transcript.append("[zk: ").append(name).append("] ").append(command).append('\n');
                String previous = Thread.currentThread().getName();
                Thread.currentThread().setName(PREFIX + name);
                if (command.equals("expire")) {
                    expire(cli);
                } else if (command.equals("quit")) {
                    fail(lineNo, "quit would end the recorder");
                } else {
                    Object addWatch = addWatchCommand();
                    java.lang.reflect.Field mode = addWatchModeField();
                    if (addWatchModes.containsKey(name)) {
                        mode.set(addWatch, addWatchModes.get(name));
                    } else {
                        mode.set(addWatch, org.apache.zookeeper.AddWatchMode.PERSISTENT_RECURSIVE);
                    }
                    try {
                        cli.executeLine(command);
                    } catch (Exception e) {
                        // Uncaught, this ends zkCli's process with this first line and a stack
                        // trace; the recorder keeps the line and goes on with the session.
                        out.println("Exception in thread \"main\" " + e);
                    }
                    addWatchModes.put(name, mode.get(addWatch));
                }
                Thread.currentThread().setName(previous);
                transcript.append(router.takeMain());
            }
            for (Map.Entry<String, Cli> e : sessions.entrySet()) {
                barrier(e.getKey(), e.getValue());
                String ev = router.takeEvents(e.getKey());
                if (!ev.isEmpty()) {
                    transcript.append('[').append(e.getKey()).append(']').append(ev);
                }
            }
        }
        realOut.print(transcript);
        realOut.flush();
        for (Cli c : sessions.values()) {
            if (c.zk() != null) {
                c.zk().close();
            }
        }
        System.exit(0);
    }

    static void fail(int lineNo, String message) {
        realOut.println("line " + lineNo + ": " + message);
        System.exit(2);
    }

    /** As ZooKeeper's own tests expire a session: attach a second client and close it there. */
    static void expire(Cli cli) throws Exception {
        ZooKeeper zk = cli.zk();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper other = new ZooKeeper(server, 30000, e -> {
            if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, zk.getSessionId(), zk.getSessionPasswd());
        connected.await(10, TimeUnit.SECONDS);
        other.close();
        long deadline = System.currentTimeMillis() + 15000;
        while (zk.getState().isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Waits until every notification the session has been sent so far has been printed. */
    static void barrier(String name, Cli cli) throws Exception {
        ZooKeeper zk = cli.zk();
        if (zk == null) {
            return;
        }
        if (zk.getState().isAlive()) {
            if (!zk.getState().isConnected()) {
                long deadline = System.currentTimeMillis() + 5000;
                while (zk.getState().isAlive() && !zk.getState().isConnected()
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
            }
            if (zk.getState().isConnected()) {
                try {
                    zk.exists("/", false); // the reply follows every notification sent before it
                } catch (Exception e) {
                    // a session that just ended: its event thread is joined below
                }
                CountDownLatch done = new CountDownLatch(1);
                // The callback runs on the event thread after every event queued before it.
                zk.exists("/", false, (rc, p, ctx, st) -> done.countDown(), null);
                done.await(10, TimeUnit.SECONDS);
                return;
            }
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(PREFIX + name + EVENT_THREAD)) {
                t.join(10000);
            }
        }
    }
}
