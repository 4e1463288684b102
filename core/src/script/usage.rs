//! zkCli 3.8's command table: each command's usage line exactly as zkCli prints it, the listing
//! `help` (or an unknown command) prints, and completion of command names.

/// zkCli 3.8's commands with their usage lines, in the order `help` lists them (sorted), each
/// exactly as zkCli prints it (commands without arguments keep zkCli's trailing space).
pub const COMMANDS: &[(&str, &str)] = &[
    ("addWatch", "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE"),
    ("addauth", "scheme auth"),
    ("close", ""),
    ("config", "[-c] [-w] [-s]"),
    ("connect", "host:port"),
    ("create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]"),
    ("delete", "[-v version] path"),
    ("deleteall", "path [-b batch size]"),
    ("delquota", "[-n|-b|-N|-B] path"),
    ("get", "[-s] [-w] path"),
    ("getAcl", "[-s] path"),
    ("getAllChildrenNumber", "path"),
    ("getEphemerals", "path"),
    ("history", ""),
    ("listquota", "path"),
    ("ls", "[-s] [-w] [-R] path"),
    ("printwatches", "on|off"),
    ("quit", ""),
    ("reconfig", "[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]"),
    ("redo", "cmdno"),
    ("removewatches", "path [-c|-d|-a] [-l]"),
    ("set", "[-s] [-v version] path data"),
    ("setAcl", "[-s] [-v version] [-R] path acl"),
    ("setquota", "-n|-b|-N|-B val path"),
    ("stat", "[-w] path"),
    ("sync", "path"),
    ("version", ""),
    ("whoami", ""),
];

/// zkplay's own console commands beyond zkCli's (listed after them by `help`).
pub const ZKPLAY_COMMANDS: &[(&str, &str)] =
    &[("expire", "(zkplay) the server expires this session")];

/// The longest completion of a command name being typed (zkCli's commands and zkplay's own),
/// or `None` when nothing longer is certain.
pub fn complete_command(prefix: &str) -> Option<String> {
    let names = COMMANDS
        .iter()
        .chain(ZKPLAY_COMMANDS)
        .map(|(c, _)| *c)
        .filter(|c| c.starts_with(prefix));
    let common = longest_common_prefix(names)?;
    (common.len() > prefix.len()).then_some(common)
}

/// The longest prefix all the words share (`None` for no words).
pub fn longest_common_prefix<'a>(mut words: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = words.next()?;
    let mut common = first.len();
    for w in words {
        common = common.min(
            first
                .bytes()
                .zip(w.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    while !first.is_char_boundary(common) {
        common -= 1;
    }
    Some(first[..common].to_string())
}

/// What zkCli prints for `help` or an unknown command (on stderr), before its complaint.
pub fn usage_block() -> String {
    let mut out = String::from(
        "ZooKeeper -server host:port -client-configuration properties-file cmd args\n",
    );
    for (c, u) in COMMANDS {
        out.push_str(&format!("\t{c} {u}\n"));
    }
    out
}

/// What zkCli's `version` prints (Debian's ZooKeeper 3.8.0 build).
pub const VERSION_LINE: &str =
    "ZooKeeper CLI version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC";

/// The usage line of a command, as zkCli prints it when the arguments are wrong.
pub fn usage(cmd: &str) -> String {
    COMMANDS
        .iter()
        .find(|(c, _)| *c == cmd)
        .map_or_else(|| cmd.to_string(), |(c, u)| format!("{c} {u}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_command_names() {
        assert_eq!(complete_command("getA"), None);
        assert_eq!(
            complete_command("getAl").as_deref(),
            Some("getAllChildrenNumber")
        );
        assert_eq!(complete_command("wh").as_deref(), Some("whoami"));
        assert_eq!(complete_command("dele").as_deref(), Some("delete"));
        assert_eq!(complete_command("delq").as_deref(), Some("delquota"));
        assert_eq!(complete_command("zz"), None);
    }

    #[test]
    fn help_lists_zkcli_usage() {
        let help = usage_block();
        assert!(help.starts_with("ZooKeeper -server host:port"));
        assert!(help.contains("\tclose \n"));
        assert!(help.contains("\tsetquota -n|-b|-N|-B val path\n"));
        assert_eq!(help.lines().count(), COMMANDS.len() + 1);
    }
}
