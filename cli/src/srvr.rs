//! ZooKeeper's `srvr` four-letter word: asking a server for its mode, last zxid and node
//! count over its client port, and waiting until it reports a mode.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use zkplay_core::script::ensemble_lines::{ServerMode, SrvrReport, WaitTarget};

/// How often `wait_for` asks.
const POLL_MS: u64 = 20;

/// What `srvr` reports for the server at `addr`; not serving when it cannot be reached or says
/// "This ZooKeeper instance is not currently serving requests".
pub fn srvr(addr: &str) -> SrvrReport {
    match ask(addr, "srvr") {
        Ok(text) => parse_srvr(&text),
        Err(_) => SrvrReport::NOT_SERVING,
    }
}

fn ask(addr: &str, word: &str) -> std::io::Result<String> {
    let sock = addr
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("no address"))?;
    let mut c = TcpStream::connect_timeout(&sock, Duration::from_secs(2))?;
    c.set_read_timeout(Some(Duration::from_secs(5)))?;
    c.write_all(word.as_bytes())?;
    let mut out = String::new();
    c.read_to_string(&mut out)?;
    Ok(out)
}

/// Reads a `srvr` reply: its `Zxid:`, `Mode:` and `Node count:` lines.
pub fn parse_srvr(text: &str) -> SrvrReport {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
    };
    let mode = field("Mode:").and_then(ServerMode::parse);
    let zxid = field("Zxid:")
        .and_then(|z| z.strip_prefix("0x"))
        .and_then(|z| i64::from_str_radix(z, 16).ok());
    let nodes = field("Node count:").and_then(|n| n.parse::<u64>().ok());
    match (mode, zxid, nodes) {
        (Some(mode), Some(zxid), Some(nodes)) => SrvrReport {
            mode,
            zxid: zkplay_core::Zxid(zxid),
            nodes,
        },
        _ => SrvrReport::NOT_SERVING,
    }
}

/// Asks `srvr` every few milliseconds until the server at `addr` reports `target`, for at
/// most `timeout_ms`.
pub fn wait_for(addr: &str, target: WaitTarget, timeout_ms: u64) -> Result<(), ServerMode> {
    let deadline = Instant::now() + Duration::from_millis(timeout_ms);
    loop {
        let mode = srvr(addr).mode;
        if target.met_by(mode) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(mode);
        }
        std::thread::sleep(Duration::from_millis(POLL_MS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_srvr_prints() {
        let leader = "Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\nLatency min/avg/max: 0/0.0/0\nReceived: 2\nSent: 1\nConnections: 1\nOutstanding: 0\nZxid: 0x100000000\nMode: leader\nNode count: 5\nProposal sizes last/min/max: -1/-1/-1\n";
        assert_eq!(
            parse_srvr(leader),
            SrvrReport {
                mode: ServerMode::Leader,
                zxid: zkplay_core::Zxid(0x1_0000_0000),
                nodes: 5
            }
        );
        assert_eq!(
            parse_srvr("This ZooKeeper instance is not currently serving requests\n"),
            SrvrReport::NOT_SERVING
        );
    }
}
