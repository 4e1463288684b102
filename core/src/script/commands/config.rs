//! The commands about the ensemble rather than a znode: `config` (it reads
//! `/zookeeper/config`, and `-c` words it as `ConfigUtils.getClientConfigStr` does) and
//! `reconfig`.

use crate::request::Request;
use crate::script::backend::Backend;
use crate::script::entry::{Failure, Outcome};
use crate::script::runner::{fail, Runner};
use crate::script::transcript::stat_text;

/// The node `config` reads.
const CONFIG_NODE: &str = "/zookeeper/config";

impl<B: Backend> Runner<B> {
    /// `config [-c] [-w] [-s]`.
    pub(super) fn config(
        &mut self,
        s: &str,
        watch: bool,
        stat: bool,
        client: bool,
    ) -> Result<Outcome, Failure> {
        let (data, st) = self.get_data(s, CONFIG_NODE, watch)?;
        let data = data.map_or_else(
            || "null".to_string(),
            |d| String::from_utf8_lossy(&d).into_owned(),
        );
        let mut text = if client {
            format!("{}\n", client_config(&data))
        } else {
            format!("{data}\n")
        };
        if stat {
            text.push_str(&stat_text(&st));
        }
        Ok(Outcome::Text { text })
    }

    /// `reconfig`: a standalone server answers that reconfiguration is disabled.
    pub(super) fn reconfig(&mut self, s: &str) -> Result<Outcome, Failure> {
        match self.call(s, &Request::Reconfig) {
            Ok(_) => Ok(Outcome::Empty),
            Err(e) => Err(fail(e, "")),
        }
    }
}

/// `ConfigUtils.getClientConfigStr`: the config's version, a space, and the servers' client
/// addresses (`server.N=host:quorum:election[:role];[clientHost:]clientPort`).
fn client_config(data: &str) -> String {
    let mut version = "";
    let mut clients = Vec::new();
    for line in data.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "version" {
            version = value;
        }
        if !key.starts_with("server.") {
            continue;
        }
        if let Some((quorum, client)) = value.split_once(';') {
            let host = quorum.split(':').next().unwrap_or("");
            let client = if client.contains(':') {
                client.to_string()
            } else {
                format!("{host}:{client}")
            };
            clients.push(client);
        }
    }
    format!("{version} {}", clients.join(","))
}
