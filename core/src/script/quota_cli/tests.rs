//! The quota commands against the engine, line for line as real zkCli printed them.

use super::*;
use crate::script::cli::tokenize;
use crate::server::Server;
use crate::stat::SessionId;

/// One session on a fresh engine, driven by zkCli lines: the quota commands through
/// `parse_quota`/`run_quota`, a few plain commands through requests of their own.
struct Shell {
    server: Server,
    session: SessionId,
}

impl Shell {
    fn new() -> Shell {
        let mut server = Server::default();
        let (session, _) = server.open_session(30000);
        Shell { server, session }
    }

    fn call(&mut self, req: &Request) -> Result<Response, ZkError> {
        self.server.handle(self.session, req)
    }

    fn children(&mut self, p: &str) -> Vec<String> {
        let req = Request::GetChildren {
            path: p.into(),
            watch: false,
        };
        match self.call(&req) {
            Ok(Response::GetChildren { children, .. }) => {
                children.iter().map(|c| c.to_string()).collect()
            }
            _ => Vec::new(),
        }
    }

    /// What zkCli prints for the line, for the commands these scenarios use.
    fn run(&mut self, line: &str) -> String {
        let words = tokenize(line);
        let (name, args) = words.split_first().expect("a command");
        if name.ends_with("quota") {
            return match parse_quota(name, args) {
                Ok(cmd) => {
                    let (server, session) = (&mut self.server, self.session);
                    run_quota(&cmd, &mut |r| server.handle(session, r))
                }
                Err(line) => format!("{line}\n"),
            };
        }
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let write = |op| Request::Write(op);
        match name.as_str() {
            "create" => {
                let op = Op::Create {
                    path: arg(0),
                    data: args.get(1).map(|d| d.clone().into_bytes()),
                    acl: Acl::open_unsafe(),
                    mode: CreateMode::Persistent,
                    ttl_ms: -1,
                };
                let _ = self.call(&write(op));
                format!("Created {}\n", arg(0))
            }
            "set" => {
                let op = Op::SetData {
                    path: arg(0),
                    data: Some(arg(1).into_bytes()),
                    version: -1,
                };
                let _ = self.call(&write(op));
                String::new()
            }
            "delete" => {
                let op = Op::Delete {
                    path: arg(0),
                    version: -1,
                };
                let _ = self.call(&write(op));
                String::new()
            }
            "deleteall" => {
                let mut order = vec![arg(0)];
                let mut i = 0;
                while i < order.len() {
                    let p = order[i].clone();
                    order.extend(self.children(&p).iter().map(|c| format!("{p}/{c}")));
                    i += 1;
                }
                for p in order.into_iter().rev() {
                    let _ = self.call(&write(Op::Delete {
                        path: p,
                        version: -1,
                    }));
                }
                String::new()
            }
            "get" => {
                let req = Request::GetData {
                    path: arg(0),
                    watch: false,
                };
                match self.call(&req) {
                    Ok(Response::GetData { data: Some(d), .. }) => {
                        format!("{}\n", String::from_utf8_lossy(&d))
                    }
                    other => format!("{other:?}\n"),
                }
            }
            "ls" if arg(0) == "-R" => {
                let mut order = vec![arg(1)];
                let mut i = 0;
                while i < order.len() {
                    let p = order[i].clone();
                    order.extend(self.children(&p).iter().map(|c| format!("{p}/{c}")));
                    i += 1;
                }
                order.iter().map(|p| format!("{p}\n")).collect()
            }
            "ls" => format!("[{}]\n", self.children(&arg(0)).join(", ")),
            other => panic!("the test shell has no {other}"),
        }
    }
}

/// Runs a golden recorded by the real zkCli (one session) and compares every command's
/// output with it.
fn check_golden(golden: &str) {
    let mut shell = Shell::new();
    let mut blocks: Vec<(String, String)> = Vec::new();
    for line in golden.lines() {
        if let Some(cmd) = line.strip_prefix("[zk: a] ") {
            blocks.push((cmd.to_string(), String::new()));
        } else if let Some((_, out)) = blocks.last_mut() {
            out.push_str(line);
            out.push('\n');
        }
    }
    for (cmd, expected) in blocks {
        assert_eq!(shell.run(&cmd), expected, "{cmd}");
    }
}

#[test]
fn setquota_and_listquota_as_golden_040() {
    check_golden(include_str!(
        "../../../../tests/cli_golden/040_setquota.txt"
    ));
}

#[test]
fn byte_quotas_as_golden_041() {
    check_golden(include_str!(
        "../../../../tests/cli_golden/041_quota_bytes.txt"
    ));
}

#[test]
fn setquota_errors_as_golden_042() {
    check_golden(include_str!(
        "../../../../tests/cli_golden/042_quota_errors.txt"
    ));
}

#[test]
fn delquota_as_golden_043() {
    check_golden(include_str!(
        "../../../../tests/cli_golden/043_delquota.txt"
    ));
}

#[test]
fn hard_limits_are_not_enforced_as_golden_044() {
    check_golden(include_str!(
        "../../../../tests/cli_golden/044_quota_hard_limit.txt"
    ));
}

/// Transcripts recorded with the real zkCli 3.8.0 (`zkcli-record`), in the golden layout.
#[test]
fn option_parsing_as_commons_cli_does_it() {
    check_golden(
        r#"[zk: a] create /a ""
Created /a
[zk: a] setquota
org.apache.commons.cli.MissingOptionException: Missing required option: [-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]
[zk: a] setquota -n
org.apache.commons.cli.MissingArgumentException: Missing argument for option: n
[zk: a] setquota -n 5
setquota -n|-b|-N|-B val path
[zk: a] setquota /a -n
org.apache.commons.cli.MissingArgumentException: Missing argument for option: n
[zk: a] setquota -n -b 5 /a
org.apache.commons.cli.MissingArgumentException: Missing argument for option: n
[zk: a] setquota -n 1 -b 2 /a
org.apache.commons.cli.AlreadySelectedException: The option 'b' was specified but an option from this group has already been selected: 'n'
[zk: a] setquota -x 1 /a
org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x
[zk: a] setquota -n -x /a
NumberFormatException happens when parsing the option value
[zk: a] setquota -nb /a
NumberFormatException happens when parsing the option value
[zk: a] setquota --n 5 /a
org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: --n
[zk: a] setquota -nn=5 /a
org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -nn=5
[zk: a] setquota -n 0 /a
the num quota must be greater than zero
[zk: a] setquota -b -1 /a
the bytes quota must be greater than or equal to zero
[zk: a] setquota -B -3 /a
the bytes quota must be greater than or equal to zero
[zk: a] setquota -n 99999999999 /a
NumberFormatException happens when parsing the option value
[zk: a] setquota -n 5 a
Path must start with / character
[zk: a] setquota -n 5 /a/
Path must not end with / character
[zk: a] setquota -n 5 /
Path must not end with / character
[zk: a] setquota -n 5 /zookeeper/quotax
cannot set a quota under the path: /zookeeper/quota
[zk: a] setquota -5 /a
org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -5
[zk: a] setquota -n 5 - /a
Path must start with / character
[zk: a] setquota -n -NaN /a
NumberFormatException happens when parsing the option value
[zk: a] setquota -n 5 -NaN
org.apache.commons.cli.AlreadySelectedException: The option 'N' was specified but an option from this group has already been selected: 'n'
[zk: a] setquota -=5 /a
Exception in thread "main" java.lang.StringIndexOutOfBoundsException: begin 0, end 1, length 0
[zk: a] setquota -n5 /a
[zk: a] setquota -b=6 /a
[zk: a] setquota -N '"7"' /a
[zk: a] setquota -B 8 -- /a
[zk: a] listquota
listquota path
[zk: a] listquota -n /a
org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -n
[zk: a] listquota /a extra
absolute path is /zookeeper/quota/a/zookeeper_limits
Output quota for /a count=5,bytes=6=;byteHardLimit=8;countHardLimit=7
Output stat for /a count=1,bytes=0
[zk: a] listquota a
absolute path is /zookeeper/quotaa/zookeeper_limits
quota for a does not exist.
[zk: a] listquota /a/
absolute path is /zookeeper/quota/a//zookeeper_limits
Invalid path string "/zookeeper/quota/a//zookeeper_limits" caused by empty node name specified @19
[zk: a] delquota
delquota [-n|-b|-N|-B] path
[zk: a] delquota -n
delquota [-n|-b|-N|-B] path
[zk: a] delquota -n -b /a
org.apache.commons.cli.AlreadySelectedException: The option 'b' was specified but an option from this group has already been selected: 'n'
[zk: a] delquota -nb /a
org.apache.commons.cli.AlreadySelectedException: The option 'b' was specified but an option from this group has already been selected: 'n'
[zk: a] delquota -b=3 /a
org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -b=3
[zk: a] delquota a
Quota does not exist for a
[zk: a] delquota /a/
Invalid path string "/zookeeper/quota/a//zookeeper_limits" caused by empty node name specified @19
[zk: a] delquota -n -n /a
[zk: a] listquota /a
absolute path is /zookeeper/quota/a/zookeeper_limits
Output quota for /a count=-1,bytes=6=;byteHardLimit=8;countHardLimit=7
Output stat for /a count=1,bytes=0
"#,
    );
}

/// Recorded with the real zkCli 3.8.0: a quota on /zookeeper counts its own stats node
/// twice; limits and stats written by hand; delquota deleting in the server's child order.
#[test]
fn quota_nodes_written_by_hand_as_the_real_server_counts_them() {
    check_golden(
        r#"[zk: a] setquota -n 2 /zookeeper
[Warning]: the count quota you create is less than the existing count:7
[zk: a] get /zookeeper/quota/zookeeper/zookeeper_stats
count=7,bytes=82
[zk: a] create /zookeeper/k kk
Created /zookeeper/k
[zk: a] get /zookeeper/quota/zookeeper/zookeeper_stats
count=8,bytes=84
[zk: a] set /zookeeper/quota/zookeeper/zookeeper_limits count=1
[zk: a] get /zookeeper/quota/zookeeper/zookeeper_stats
count=8,bytes=39
[zk: a] listquota /zookeeper
absolute path is /zookeeper/quota/zookeeper/zookeeper_limits
Output quota for /zookeeper count=1,bytes=-1
Output stat for /zookeeper count=8,bytes=39
[zk: a] delquota /zookeeper
[zk: a] ls -R /zookeeper
/zookeeper
/zookeeper/config
/zookeeper/k
/zookeeper/quota
[zk: a] create /x ""
Created /x
[zk: a] create /x/y ab
Created /x/y
[zk: a] create /zookeeper/quota/x ""
Created /zookeeper/quota/x
[zk: a] create /zookeeper/quota/x/zookeeper_limits ""
Created /zookeeper/quota/x/zookeeper_limits
[zk: a] create /zookeeper/quota/x/y ""
Created /zookeeper/quota/x/y
[zk: a] create /zookeeper/quota/x/y/zookeeper_limits ""
Created /zookeeper/quota/x/y/zookeeper_limits
[zk: a] create /zookeeper/quota/x/y/zookeeper_stats ""
Created /zookeeper/quota/x/y/zookeeper_stats
[zk: a] get /zookeeper/quota/x/y/zookeeper_stats
count=1,bytes=2
[zk: a] create /zookeeper/quota/x/zookeeper_stats ""
Created /zookeeper/quota/x/zookeeper_stats
[zk: a] get /zookeeper/quota/x/zookeeper_stats
count=2,bytes=2
[zk: a] create /x/y/z abc
Created /x/y/z
[zk: a] create /x/w abcd
Created /x/w
[zk: a] get /zookeeper/quota/x/y/zookeeper_stats
count=2,bytes=5
[zk: a] get /zookeeper/quota/x/zookeeper_stats
count=3,bytes=6
[zk: a] delete /zookeeper/quota/x/y/zookeeper_limits
[zk: a] create /x/y/z2 abcde
Created /x/y/z2
[zk: a] get /zookeeper/quota/x/y/zookeeper_stats
count=2,bytes=5
[zk: a] get /zookeeper/quota/x/zookeeper_stats
count=4,bytes=11
[zk: a] setquota -n 3 /x/y
/x/y has a parent /x which has a quota
[zk: a] setquota -n 3 /x
[Warning]: the count quota you create is less than the existing count:4
[zk: a] delquota /x
Node not empty: /zookeeper/quota/x/y
[zk: a] ls -R /zookeeper/quota
/zookeeper/quota
/zookeeper/quota/x
/zookeeper/quota/x/y
/zookeeper/quota/x/zookeeper_stats
/zookeeper/quota/x/y/zookeeper_stats
"#,
    );
}

/// Recorded with the real zkCli 3.8.0: limits nodes zkCli cannot read.
#[test]
fn unreadable_limits_fail_as_in_zkcli() {
    check_golden(
        r#"[zk: a] create /g ""
Created /g
[zk: a] create /zookeeper/quota/g ""
Created /zookeeper/quota/g
[zk: a] create /zookeeper/quota/g/zookeeper_limits abc
Created /zookeeper/quota/g/zookeeper_limits
[zk: a] listquota /g
absolute path is /zookeeper/quota/g/zookeeper_limits
Exception in thread "main" java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1
[zk: a] setquota -n 3 /g
Exception in thread "main" java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1
[zk: a] delquota -n /g
Exception in thread "main" java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1
[zk: a] set /zookeeper/quota/g/zookeeper_limits count=x
[zk: a] listquota /g
absolute path is /zookeeper/quota/g/zookeeper_limits
For input string: "x"
[zk: a] set /zookeeper/quota/g/zookeeper_limits count=7;;zz=1,aa=2,=4,b=3
[zk: a] listquota /g
absolute path is /zookeeper/quota/g/zookeeper_limits
quota for /g does not exist.
[zk: a] setquota -B 9 /g
Node does not exist: /zookeeper/quota/g/zookeeper_stats
[zk: a] delquota /g
[zk: a] ls /zookeeper/quota
[]
"#,
    );
}

/// Recorded with the real ZooKeeper 3.8.0 (`get -s`): the stats node's data follows the
/// subtree while its version, mzxid and mtime stay; a hand-written stats node is rewritten
/// in `StatsTrack`'s form by the next change.
#[test]
fn the_stats_node_changes_data_but_not_its_stat() {
    let mut shell = Shell::new();
    let stat = |shell: &Shell, p: &str| shell.server.tree().get(p).map(|n| n.stat());
    shell.run("create /a x");
    shell.run("create /a/b yy");
    assert_eq!(shell.run("setquota -b 10 /a"), "");
    let stats = "/zookeeper/quota/a/zookeeper_stats";
    let limits = "/zookeeper/quota/a/zookeeper_limits";
    assert_eq!(shell.run(&format!("get {stats}")), "count=2,bytes=3\n");
    let s = stat(&shell, stats).unwrap_or_default();
    assert_eq!(
        (s.czxid.0, s.mzxid.0, s.pzxid.0, s.version, s.data_length),
        (6, 6, 6, 0, 15)
    );
    let s = stat(&shell, "/zookeeper/quota/a").unwrap_or_default();
    assert_eq!(
        (s.czxid.0, s.pzxid.0, s.cversion, s.num_children),
        (4, 6, 2, 2)
    );
    shell.run("create /a/c zzz");
    shell.run("set /a/b y");
    assert_eq!(shell.run(&format!("get {stats}")), "count=3,bytes=5\n");
    shell.run("create /a/e 1234");
    shell.run("delete /a/c");
    assert_eq!(shell.run(&format!("get {stats}")), "count=3,bytes=6\n");
    let s = stat(&shell, stats).unwrap_or_default();
    assert_eq!((s.mzxid.0, s.version, s.data_length), (6, 0, 15));
    assert_eq!(shell.run("setquota -N 3 /a"), "");
    assert_eq!(
        shell.run(&format!("get {limits}")),
        "count=-1,bytes=10=;byteHardLimit=-1;countHardLimit=3\n"
    );
    let s = stat(&shell, limits).unwrap_or_default();
    assert_eq!(
        (s.czxid.0, s.mzxid.0, s.version, s.data_length),
        (5, 11, 1, 52)
    );
    shell.run(&format!("set {stats} bytes=7,count=1,zz=5"));
    shell.run("create /a/f");
    assert_eq!(
        shell.run(&format!("get {stats}")),
        "count=2,bytes=7=;zz=5\n"
    );
    let s = stat(&shell, stats).unwrap_or_default();
    assert_eq!((s.mzxid.0, s.version, s.data_length), (12, 1, 21));
}

/// Recorded with the real zkCli 3.8.0: limits nodes outside `/zookeeper/quota/…` proper.
/// `/zookeeper/quotaX/zookeeper_limits` marks `/X` (ZooKeeper cuts 16 characters off the
/// parent); blank path components do not count, so `/ ` marks nothing.
#[test]
fn the_index_follows_zookeepers_string_cutting() {
    check_golden(
        r#"[zk: a] create /X ""
Created /X
[zk: a] create /X/k 12
Created /X/k
[zk: a] create /zookeeper/quotaX ""
Created /zookeeper/quotaX
[zk: a] create /zookeeper/quotaX/zookeeper_limits ""
Created /zookeeper/quotaX/zookeeper_limits
[zk: a] create /zookeeper/quotaX/zookeeper_stats ""
Created /zookeeper/quotaX/zookeeper_stats
[zk: a] get /zookeeper/quotaX/zookeeper_stats
count=0,bytes=0
[zk: a] create /zookeeper/quota/X ""
Created /zookeeper/quota/X
[zk: a] create /zookeeper/quota/X/zookeeper_stats ""
Created /zookeeper/quota/X/zookeeper_stats
[zk: a] get /zookeeper/quota/X/zookeeper_stats
count=2,bytes=2
[zk: a] create /X/j 123
Created /X/j
[zk: a] get /zookeeper/quota/X/zookeeper_stats
count=3,bytes=5
[zk: a] create /zookeeper/quota/X/zookeeper_limits ""
Created /zookeeper/quota/X/zookeeper_limits
[zk: a] create /X/i 1234
Created /X/i
[zk: a] get /zookeeper/quota/X/zookeeper_stats
count=4,bytes=9
[zk: a] delete /zookeeper/quotaX/zookeeper_limits
[zk: a] create /X/h 1
Created /X/h
[zk: a] get /zookeeper/quota/X/zookeeper_stats
count=4,bytes=9
[zk: a] create "/ " ""
Created / 
[zk: a] create "/ /q" ""
Created / /q
[zk: a] create "/zookeeper/quota/ " ""
Created /zookeeper/quota/ 
[zk: a] create "/zookeeper/quota/ /zookeeper_limits" ""
Created /zookeeper/quota/ /zookeeper_limits
[zk: a] create "/zookeeper/quota/ /zookeeper_stats" ""
Created /zookeeper/quota/ /zookeeper_stats
[zk: a] get "/zookeeper/quota/ /zookeeper_stats"
count=2,bytes=0
[zk: a] create "/ /q/r" rr
Created / /q/r
[zk: a] get "/zookeeper/quota/ /zookeeper_stats"
count=2,bytes=0
"#,
    );
}

#[test]
fn a_null_limits_node_ends_zkclis_main_thread() {
    let mut shell = Shell::new();
    shell.run("create /h \"\"");
    shell.run("create /zookeeper/quota/h \"\"");
    shell.run("create /zookeeper/quota/h/zookeeper_limits");
    assert_eq!(
        shell.run("delquota /h"),
        "Exception in thread \"main\" java.lang.NullPointerException: Cannot read the array length because \"bytes\" is null\n"
    );
}

#[test]
fn children_come_in_the_servers_hash_order() {
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Buckets 0 (limits), 1 (y) and 7 (stats) of 8: the order the real server listed.
    assert_eq!(
        java_children_order(names(&["y", "zookeeper_limits", "zookeeper_stats"])),
        names(&["zookeeper_limits", "y", "zookeeper_stats"])
    );
}
