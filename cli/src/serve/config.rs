//! `zkplay serve`'s configuration: a zoo.cfg read as ZooKeeper 3.8's `QuorumPeerConfig` reads it,
//! with the `-Dname=value` system properties of the command line, into a typed `ServeConfig`.
//!
//! The defaults are the real 3.8.0 server's, checked by starting it on this machine:
//! `tickTime` 3000, `minSessionTimeout` 2 × tickTime, `maxSessionTimeout` 20 × tickTime,
//! `maxClientCnxns` 60, `clientPortAddress` 0.0.0.0 (every interface: ZooKeeper's default,
//! kept on purpose; set `clientPortAddress=127.0.0.1` to listen on loopback only), and a
//! four-letter-word whitelist of `srvr` alone. A zoo.cfg key that `QuorumPeerConfig` does not
//! know becomes the system property `zookeeper.<key>`, set after the command line's `-D`
//! properties and so overriding them (`4lw.commands.whitelist=…` in the file beats
//! `-Dzookeeper.4lw.commands.whitelist=…`, as on the real server).
//!
//! Where zkplay must part from ZooKeeper it says so in the error: a standalone zoo.cfg without
//! `clientPort` starts a real server that serves no client at all (it only logs "clientPort is
//! not set"); zkplay refuses it. An ensemble runs all its servers in this one process, so every
//! member needs a client address of its own (the `;[host:]port` suffix of its `server.N`
//! line, or `clientPort` for at most one of them), whereas the real server needs only its own.

use std::collections::BTreeMap;
use std::fmt;

use zkplay_core::ensemble::EnsembleConfig;
use zkplay_core::server::ServerConfig;

use super::four_letter::{ConfView, QuorumConf, Whitelist};

/// ZooKeeper's `ZooKeeperServer.DEFAULT_TICK_TIME`.
pub const DEFAULT_TICK_TIME_MS: u32 = 3000;
/// `ServerCnxnFactory`'s default `maxClientCnxns`.
pub const DEFAULT_MAX_CLIENT_CONNECTIONS: u32 = 60;
/// The client port when no zoo.cfg is given (ZooKeeper's documented default).
pub const DEFAULT_CLIENT_PORT: u16 = 2181;
/// The address ZooKeeper binds its client port to when `clientPortAddress` is not set.
pub const DEFAULT_CLIENT_PORT_ADDRESS: &str = "0.0.0.0";
/// `jute.maxbuffer`'s default: the largest packet (and so znode data) accepted.
pub const DEFAULT_JUTE_MAX_BUFFER: usize = 0xfffff;
/// `ContainerManager`'s defaults: `znode.container.checkIntervalMs` (one minute) and
/// `znode.container.maxPerMinute`.
pub const DEFAULT_CONTAINER_CHECK_INTERVAL_MS: u64 = 60_000;
pub const DEFAULT_CONTAINER_MAX_PER_MINUTE: u32 = 10_000;

/// Everything `zkplay serve` reads from its zoo.cfg and `-D` arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeConfig {
    /// One server or an ensemble, with where each listens for clients.
    pub topology: Topology,
    pub tick_time_ms: u32,
    /// `dataDir`: required by ZooKeeper; zkplay keeps its data in memory and only reports it
    /// (the `conf` four-letter word).
    pub data_dir: String,
    /// `maxClientCnxns` per client address; 0 means no limit.
    pub max_client_connections: u32,
    pub min_session_timeout_ms: u32,
    pub max_session_timeout_ms: u32,
    /// `initLimit` and `syncLimit` in ticks: required for an ensemble, absent for one server.
    pub init_limit_ticks: Option<u32>,
    pub sync_limit_ticks: Option<u32>,
    /// `4lw.commands.whitelist` (`zookeeper.4lw.commands.whitelist`).
    pub whitelist: Whitelist,
    /// `zookeeper.extendedTypesEnabled`: TTL nodes (off by default, as in ZooKeeper).
    pub extended_types: bool,
    /// `znode.container.checkIntervalMs` and `znode.container.maxPerMinute`.
    pub container_check_interval_ms: u64,
    pub container_max_per_minute: u32,
    /// `zookeeper.DigestAuthenticationProvider.superDigest`: `super:<base64 sha1>`.
    pub super_digest: Option<String>,
    /// `reconfigEnabled` (zoo.cfg) or `zookeeper.reconfigEnabled`: off by default, as in 3.8.
    pub reconfig_enabled: bool,
    /// `jute.maxbuffer`.
    pub max_data_bytes: usize,
    /// Every system property in force, by name: the `-D` arguments, then zoo.cfg's unknown
    /// keys as `zookeeper.<key>` (`zookeeper.admin.enableServer` is among them and ignored:
    /// zkplay has no admin server).
    pub system_properties: BTreeMap<String, String>,
}

/// One server or several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Topology {
    Standalone {
        client: ClientAddress,
    },
    /// The members in `server.N` order (by N).
    Ensemble {
        members: Vec<Member>,
    },
}

/// Where a server listens for clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress {
    pub host: String,
    pub port: u16,
}

impl fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// A `server.N=host:quorumPort:electionPort[:role][;[clientHost:]clientPort]` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: u64,
    pub host: String,
    pub quorum_port: u16,
    pub election_port: u16,
    pub role: MemberRole,
    pub client: ClientAddress,
}

impl Member {
    /// The member as `conf` lists it under `membership:`:
    /// `server.1=127.0.0.1:22881:23881:participant;0.0.0.0:22181`.
    pub fn membership_line(&self) -> String {
        format!(
            "server.{}={}:{}:{}:{};{}",
            self.id,
            self.host,
            self.quorum_port,
            self.election_port,
            self.role.name(),
            self.client
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberRole {
    Participant,
    Observer,
}

impl MemberRole {
    pub fn name(self) -> &'static str {
        match self {
            MemberRole::Participant => "participant",
            MemberRole::Observer => "observer",
        }
    }
}

/// A `-Dname=value` argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemProperty {
    pub name: String,
    pub value: String,
}

impl SystemProperty {
    /// Reads `-Dname=value`; `-Dname` alone sets the empty string, as `java` does.
    pub fn parse_arg(arg: &str) -> Result<SystemProperty, ConfigError> {
        let body = arg
            .strip_prefix("-D")
            .filter(|b| !b.is_empty() && !b.starts_with('='))
            .ok_or_else(|| ConfigError::NotAProperty { arg: arg.into() })?;
        let (name, value) = body.split_once('=').unwrap_or((body, ""));
        Ok(SystemProperty {
            name: name.into(),
            value: value.into(),
        })
    }
}

/// Why a configuration was refused. `Display` gives the message of the real server's
/// `ConfigException` (after its "Invalid config, exiting abnormally"), its cause after ": "
/// where ZooKeeper wraps one; the variants marked "zkplay's" have no ZooKeeper counterpart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The zoo.cfg does not exist.
    FileMissing {
        file: String,
    },
    /// The zoo.cfg exists but cannot be read (zkplay's wording of the I/O error).
    FileUnreadable {
        file: String,
        reason: String,
    },
    /// A value `Integer.parseInt` refuses (`tickTime=2x`, `server.x=…`).
    NotANumber {
        file: String,
        value: String,
    },
    /// A boolean option that is neither `true` nor `false`.
    NotABoolean {
        key: String,
        value: String,
    },
    /// A port beyond 0‥65535.
    PortOutOfRange {
        file: String,
        port: i64,
    },
    DataDirNotSet {
        file: String,
    },
    InitLimitNotSet {
        file: String,
    },
    SyncLimitNotSet {
        file: String,
    },
    ClientPortAddressWithoutPort {
        file: String,
    },
    /// A role other than `participant` or `observer`, in `peerType` or a `server.N` line.
    UnknownPeerType {
        value: String,
    },
    /// A `server.N` value that is not `host:port:port[:type][;[host:]port]`.
    BadServerLine {
        value: String,
    },
    /// A port in a `server.N` line that is not a number (`host` is "null" when the client
    /// part names no host).
    AddressUnresolved {
        host: String,
        port: String,
    },
    /// zkplay's: a standalone zoo.cfg without `clientPort`.
    ClientPortNotSet,
    /// zkplay's: an ensemble member with no client port of its own.
    MemberClientPortNotSet {
        id: u64,
    },
    /// zkplay's: two members on the same client address.
    SameClientAddress {
        first: u64,
        second: u64,
        address: String,
    },
    /// `tickTime=0`.
    TickTimeNotSet {
        file: String,
    },
    /// `minSessionTimeout` above `maxSessionTimeout` (after the defaults of 2 and 20 ticks).
    SessionTimeoutsCrossed {
        file: String,
    },
    /// `electionAlg` other than 3.
    ElectionAlgNotSupported,
    /// zkplay's: a negative `tickTime` whose session timeouts do not cross.
    TickTimeNotPositive {
        file: String,
    },
    /// zkplay's: a command-line argument that is not `-Dname=value`.
    NotAProperty {
        arg: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ConfigError::*;
        match self {
            FileMissing { file } => write!(f, "Error processing {file}: {file} file is missing"),
            FileUnreadable { file, reason } => write!(f, "Error processing {file}: {reason}"),
            NotANumber { file, value } => {
                write!(f, "Error processing {file}: For input string: \"{value}\"")
            }
            NotABoolean { key, value } => write!(
                f,
                "Invalid option {value} for {key}. Choose 'true' or 'false.'"
            ),
            PortOutOfRange { file, port } => {
                write!(f, "Error processing {file}: port out of range:{port}")
            }
            DataDirNotSet { file } => write!(f, "Error processing {file}: dataDir is not set"),
            InitLimitNotSet { file } => write!(f, "Error processing {file}: initLimit is not set"),
            SyncLimitNotSet { file } => write!(f, "Error processing {file}: syncLimit is not set"),
            ClientPortAddressWithoutPort { file } => write!(
                f,
                "Error processing {file}: clientPortAddress is set but clientPort is not set"
            ),
            UnknownPeerType { value } => write!(f, "Unrecognised peertype: {value}"),
            BadServerLine { value } => write!(
                f,
                "{value} does not have the form server_config or server_config;client_config where server_config is the pipe separated list of host:port:port or host:port:port:type and client_config is port or host:port"
            ),
            AddressUnresolved { host, port } => write!(f, "Address unresolved: {host}:{port}"),
            ClientPortNotSet => write!(
                f,
                "clientPort is not set (ZooKeeper would start and serve no client; zkplay needs a client port)"
            ),
            MemberClientPortNotSet { id } => write!(
                f,
                "clientPort is not set for server.{id} (zkplay runs every member: give each its own `;port` in its server line)"
            ),
            SameClientAddress {
                first,
                second,
                address,
            } => write!(
                f,
                "server.{first} and server.{second} would both listen for clients on {address} (zkplay runs every member: give each its own `;port`)"
            ),
            TickTimeNotSet { file } => write!(f, "Error processing {file}: tickTime is not set"),
            SessionTimeoutsCrossed { file } => write!(
                f,
                "Error processing {file}: minSessionTimeout must not be larger than maxSessionTimeout"
            ),
            ElectionAlgNotSupported => write!(f, "Invalid electionAlg value. Only 3 is supported."),
            TickTimeNotPositive { file } => {
                write!(f, "Error processing {file}: tickTime must be greater than 0")
            }
            NotAProperty { arg } => write!(f, "{arg}: expected -Dname=value"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl ServeConfig {
    /// The configuration without a zoo.cfg: ZooKeeper's defaults on port 2181 (zkplay's: the
    /// real server needs a file), with the given system properties.
    pub fn without_file(properties: &[SystemProperty]) -> Result<ServeConfig, ConfigError> {
        let mut raw = RawConfig::new("(no zoo.cfg)");
        raw.client_port = Some(DEFAULT_CLIENT_PORT);
        // Without a file, zkplay serves this machine only (a zoo.cfg chooses otherwise).
        raw.client_port_address = Some("127.0.0.1".into());
        raw.data_dir = Some(String::new());
        raw.finish(properties)
    }

    /// Reads the zoo.cfg at `path` (the only I/O here) and parses it.
    pub fn read(path: &str, properties: &[SystemProperty]) -> Result<ServeConfig, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => ServeConfig::parse(path, &text, properties),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(ConfigError::FileMissing { file: path.into() })
            }
            Err(e) => Err(ConfigError::FileUnreadable {
                file: path.into(),
                reason: e.to_string(),
            }),
        }
    }

    /// Parses zoo.cfg text; `file` names it in errors.
    pub fn parse(
        file: &str,
        text: &str,
        properties: &[SystemProperty],
    ) -> Result<ServeConfig, ConfigError> {
        let mut raw = RawConfig::new(file);
        for (key, value) in properties_entries(text) {
            raw.set(&key, value.trim())?;
        }
        raw.finish(properties)
    }

    /// The engine's configuration for every simulated server. `client_ip` and `epoch_ms` are
    /// the engine's defaults: the caller knows its clients' addresses and the clock.
    pub fn server_config(&self) -> ServerConfig {
        ServerConfig {
            tick_time_ms: self.tick_time_ms,
            max_data_bytes: self.max_data_bytes,
            container_check_interval_ms: self.container_check_interval_ms,
            extended_types: self.extended_types,
            ..ServerConfig::default()
        }
    }

    /// The engine's ensemble: the participants as voters, the observers, `server.N`'s N as
    /// each peer's id, and `server_config()` for every peer's tree; `None` for one server.
    pub fn ensemble_config(&self) -> Option<EnsembleConfig> {
        let Topology::Ensemble { members } = &self.topology else {
            return None;
        };
        let ids = |role: MemberRole| {
            members
                .iter()
                .filter(|m| m.role == role)
                .map(|m| m.id)
                .collect()
        };
        Some(EnsembleConfig {
            tick_time_ms: u64::from(self.tick_time_ms),
            init_limit: u64::from(self.init_limit_ticks.unwrap_or_default()),
            sync_limit: u64::from(self.sync_limit_ticks.unwrap_or_default()),
            voters: ids(MemberRole::Participant),
            observers: ids(MemberRole::Observer),
            server: self.server_config(),
        })
    }

    /// What `conf` prints for server `server_id` (any id for a standalone server, which
    /// reports id 0); `None` for an id that is no member.
    pub fn conf_view(&self, server_id: u64) -> Option<ConfView> {
        let mut conf = ConfView {
            client_port: 0,
            data_dir: self.data_dir.clone(),
            tick_time_ms: self.tick_time_ms,
            max_client_connections: self.max_client_connections,
            min_session_timeout_ms: self.min_session_timeout_ms,
            max_session_timeout_ms: self.max_session_timeout_ms,
            server_id: 0,
            quorum: None,
        };
        match &self.topology {
            Topology::Standalone { client } => conf.client_port = client.port,
            Topology::Ensemble { members } => {
                let me = members.iter().find(|m| m.id == server_id)?;
                conf.client_port = me.client.port;
                conf.server_id = server_id;
                conf.quorum = Some(QuorumConf {
                    init_limit_ticks: self.init_limit_ticks.unwrap_or_default(),
                    sync_limit_ticks: self.sync_limit_ticks.unwrap_or_default(),
                    election_port: me.election_port,
                    quorum_port: me.quorum_port,
                    observer: me.role == MemberRole::Observer,
                    membership: members.iter().map(Member::membership_line).collect(),
                    voters: members
                        .iter()
                        .filter(|m| m.role == MemberRole::Participant)
                        .count() as u64,
                });
            }
        }
        Some(conf)
    }

    /// Where each server listens for clients, in `server.N` order (one for standalone).
    pub fn client_addresses(&self) -> Vec<ClientAddress> {
        match &self.topology {
            Topology::Standalone { client } => vec![client.clone()],
            Topology::Ensemble { members } => members.iter().map(|m| m.client.clone()).collect(),
        }
    }
}

/// The values as read, before defaults and checks.
struct RawConfig {
    file: String,
    data_dir: Option<String>,
    client_port: Option<u16>,
    client_port_address: Option<String>,
    tick_time: Option<i32>,
    max_client_connections: Option<i32>,
    min_session_timeout: Option<i32>,
    max_session_timeout: Option<i32>,
    init_limit: Option<i32>,
    sync_limit: Option<i32>,
    standalone_enabled: bool,
    reconfig_enabled: Option<bool>,
    /// `server.N` lines by N.
    servers: BTreeMap<u64, ServerLine>,
    /// zoo.cfg's unknown keys, as `zookeeper.<key>`.
    file_properties: Vec<(String, String)>,
}

/// A `server.N` line before the client port is settled.
struct ServerLine {
    host: String,
    quorum_port: u16,
    election_port: u16,
    role: MemberRole,
    client: Option<(Option<String>, u16)>,
}

impl RawConfig {
    fn new(file: &str) -> RawConfig {
        RawConfig {
            file: file.into(),
            data_dir: None,
            client_port: None,
            client_port_address: None,
            tick_time: None,
            max_client_connections: None,
            min_session_timeout: None,
            max_session_timeout: None,
            init_limit: None,
            sync_limit: None,
            standalone_enabled: true,
            reconfig_enabled: None,
            servers: BTreeMap::new(),
            file_properties: Vec::new(),
        }
    }

    fn int(&self, value: &str) -> Result<i32, ConfigError> {
        parse_java_int(value).ok_or_else(|| ConfigError::NotANumber {
            file: self.file.clone(),
            value: value.into(),
        })
    }

    fn port(&self, value: &str) -> Result<u16, ConfigError> {
        let n = self.int(value)?;
        u16::try_from(n).map_err(|_| ConfigError::PortOutOfRange {
            file: self.file.clone(),
            port: i64::from(n),
        })
    }

    /// One zoo.cfg entry, as `QuorumPeerConfig.parseProperties` takes it.
    fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        match key {
            "dataDir" => self.data_dir = Some(value.into()),
            "clientPort" => self.client_port = Some(self.port(value)?),
            "clientPortAddress" => self.client_port_address = Some(value.into()),
            "tickTime" => self.tick_time = Some(self.int(value)?),
            "maxClientCnxns" => self.max_client_connections = Some(self.int(value)?),
            "minSessionTimeout" => self.min_session_timeout = Some(self.int(value)?),
            "maxSessionTimeout" => self.max_session_timeout = Some(self.int(value)?),
            "initLimit" => self.init_limit = Some(self.int(value)?),
            "syncLimit" => self.sync_limit = Some(self.int(value)?),
            "standaloneEnabled" => self.standalone_enabled = parse_bool(key, value)?,
            "peerType" => {
                parse_role(value)?;
            }
            // Read by QuorumPeerConfig and of no use to a simulation: accepted, checked where
            // ZooKeeper checks them.
            "electionAlg" => {
                if self.int(value)? != 3 {
                    return Err(ConfigError::ElectionAlgNotSupported);
                }
            }
            // Read by QuorumPeerConfig and of no use to a simulation: accepted, checked as
            // ZooKeeper checks them.
            "connectToLearnerMasterLimit"
            | "clientPortListenBacklog"
            | "secureClientPort"
            | "observerMasterPort"
            | "autopurge.snapRetainCount"
            | "autopurge.purgeInterval"
            | "quorum.cnxn.threads.size" => {
                self.int(value)?;
            }
            "localSessionsEnabled"
            | "localSessionsUpgradingEnabled"
            | "quorumListenOnAllIPs"
            | "syncEnabled"
            | "reconfigEnabled"
            | "sslQuorum"
            | "portUnification"
            | "sslQuorumReloadCertFiles"
            | "multiAddress.enabled"
            | "multiAddress.reachabilityCheckEnabled" => {
                let on = parse_bool(key, value)?;
                if key == "reconfigEnabled" {
                    self.reconfig_enabled = Some(on);
                }
            }
            "dataLogDir"
            | "secureClientPortAddress"
            | "dynamicConfigFile"
            | "oraclePath"
            | "multiAddress.reachabilityCheckTimeoutMs"
            | "quorum.auth.enableSasl"
            | "quorum.auth.serverRequireSasl"
            | "quorum.auth.learnerRequireSasl"
            | "quorum.auth.learner.saslLoginContext"
            | "quorum.auth.server.saslLoginContext"
            | "quorum.auth.kerberos.servicePrincipal"
            | "jvm.pause.info-threshold.ms"
            | "jvm.pause.warn-threshold.ms"
            | "jvm.pause.sleep.time.ms"
            | "jvm.pause.monitor" => {}
            _ if key.starts_with("server.") => {
                let id = self.id_of(&key["server.".len()..])?;
                let line = self.server_line(value)?;
                self.servers.insert(id, line);
            }
            _ if key.starts_with("group")
                || key.starts_with("weight")
                || key.starts_with("metricsProvider.") => {}
            _ => self
                .file_properties
                .push((format!("zookeeper.{key}"), value.into())),
        }
        Ok(())
    }

    fn id_of(&self, text: &str) -> Result<u64, ConfigError> {
        text.parse::<u64>().map_err(|_| ConfigError::NotANumber {
            file: self.file.clone(),
            value: text.into(),
        })
    }

    /// `host:port:port[:type][|…][;[host:]port]`; of several `|` addresses the first is kept.
    fn server_line(&self, value: &str) -> Result<ServerLine, ConfigError> {
        let bad = || ConfigError::BadServerLine {
            value: value.into(),
        };
        let mut halves = value.split(';');
        let server = halves.next().unwrap_or_default();
        let client = halves.next();
        if halves.next().is_some() {
            return Err(bad());
        }
        let first = server.split('|').next().unwrap_or_default();
        let parts: Vec<&str> = first.split(':').collect();
        if parts.len() != 3 && parts.len() != 4 {
            return Err(bad());
        }
        let host = parts[0].trim().to_string();
        let port_of = |text: &str| {
            parse_java_int(text.trim())
                .and_then(|n| u16::try_from(n).ok())
                .ok_or_else(|| ConfigError::AddressUnresolved {
                    host: host.clone(),
                    port: text.into(),
                })
        };
        let quorum_port = port_of(parts[1])?;
        let election_port = port_of(parts[2])?;
        let role = match parts.get(3) {
            Some(role) => parse_role(role.trim())?,
            None => MemberRole::Participant,
        };
        let client = match client.map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                let (client_host, port) = match text.rsplit_once(':') {
                    Some((h, p)) => (Some(h.to_string()), p),
                    None => (None, text),
                };
                let port = parse_java_int(port)
                    .and_then(|n| u16::try_from(n).ok())
                    .ok_or_else(|| ConfigError::AddressUnresolved {
                        host: client_host.clone().unwrap_or_else(|| "null".into()),
                        port: port.into(),
                    })?;
                Some((client_host, port))
            }
        };
        Ok(ServerLine {
            host,
            quorum_port,
            election_port,
            role,
            client,
        })
    }

    /// Defaults, the checks ZooKeeper makes after reading, and the system properties.
    fn finish(self, properties: &[SystemProperty]) -> Result<ServeConfig, ConfigError> {
        let file = self.file.clone();
        let data_dir = self
            .data_dir
            .clone()
            .ok_or_else(|| ConfigError::DataDirNotSet { file: file.clone() })?;
        if self.client_port.is_none() && self.client_port_address.is_some() {
            return Err(ConfigError::ClientPortAddressWithoutPort { file });
        }
        let tick_time = self.tick_time.unwrap_or(DEFAULT_TICK_TIME_MS as i32);
        if tick_time == 0 {
            return Err(ConfigError::TickTimeNotSet { file });
        }
        // ZooKeeper takes -1 (and no value) as 2 and 20 ticks.
        let timeout = |set: Option<i32>, ticks: i64| match set.filter(|t| *t != -1) {
            Some(t) => i64::from(t),
            None => i64::from(tick_time) * ticks,
        };
        let min_session_timeout = timeout(self.min_session_timeout, 2);
        let max_session_timeout = timeout(self.max_session_timeout, 20);
        if min_session_timeout > max_session_timeout {
            return Err(ConfigError::SessionTimeoutsCrossed { file });
        }
        let tick_time_ms = u32::try_from(tick_time)
            .map_err(|_| ConfigError::TickTimeNotPositive { file: file.clone() })?;
        let clamp = |ms: i64| ms.clamp(0, i64::from(u32::MAX)) as u32;
        let min_session_timeout_ms = clamp(min_session_timeout);
        let max_session_timeout_ms = clamp(max_session_timeout);
        // A negative maxClientCnxns, like 0, sets no limit.
        let max_client_connections = match self.max_client_connections {
            Some(n) => u32::try_from(n).unwrap_or(0),
            None => DEFAULT_MAX_CLIENT_CONNECTIONS,
        };
        let host = self
            .client_port_address
            .clone()
            .unwrap_or_else(|| DEFAULT_CLIENT_PORT_ADDRESS.into());
        let quorum = self.servers.len() > 1
            || (self.servers.len() == 1 && !self.standalone_enabled)
            || self
                .servers
                .values()
                .any(|s| s.role == MemberRole::Observer);
        let (topology, init_limit_ticks, sync_limit_ticks) = if quorum {
            let init = self
                .init_limit
                .ok_or_else(|| ConfigError::InitLimitNotSet { file: file.clone() })?;
            let sync = self
                .sync_limit
                .ok_or_else(|| ConfigError::SyncLimitNotSet { file: file.clone() })?;
            let members = self.members(&host)?;
            (
                Topology::Ensemble { members },
                u32::try_from(init).ok(),
                u32::try_from(sync).ok(),
            )
        } else {
            // One server line or none: ZooKeeper runs standalone ("Invalid configuration,
            // only one server specified (ignoring)").
            let single = self.servers.values().next().and_then(|s| s.client.clone());
            let client = match (self.client_port, single) {
                (Some(port), _) => ClientAddress { host, port },
                (None, Some((h, port))) => ClientAddress {
                    host: h.unwrap_or_else(|| DEFAULT_CLIENT_PORT_ADDRESS.into()),
                    port,
                },
                (None, None) => return Err(ConfigError::ClientPortNotSet),
            };
            (
                Topology::Standalone { client },
                self.init_limit.and_then(|n| u32::try_from(n).ok()),
                self.sync_limit.and_then(|n| u32::try_from(n).ok()),
            )
        };

        let mut system_properties = BTreeMap::new();
        for p in properties {
            system_properties.insert(p.name.clone(), p.value.clone());
        }
        for (name, value) in &self.file_properties {
            system_properties.insert(name.clone(), value.clone());
        }
        let property = |name: &str| system_properties.get(name).map(String::as_str);
        let whitelist = property("zookeeper.4lw.commands.whitelist")
            .map(Whitelist::parse)
            .unwrap_or_default();
        let extended_types = property("zookeeper.extendedTypesEnabled").is_some_and(java_boolean);
        let container_check_interval_ms = property("znode.container.checkIntervalMs")
            .and_then(java_integer)
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(DEFAULT_CONTAINER_CHECK_INTERVAL_MS);
        let container_max_per_minute = property("znode.container.maxPerMinute")
            .and_then(java_integer)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(DEFAULT_CONTAINER_MAX_PER_MINUTE);
        let max_data_bytes = property("jute.maxbuffer")
            .and_then(java_integer)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(DEFAULT_JUTE_MAX_BUFFER);
        let super_digest =
            property("zookeeper.DigestAuthenticationProvider.superDigest").map(str::to_string);
        let reconfig_enabled = self
            .reconfig_enabled
            .or_else(|| property("zookeeper.reconfigEnabled").map(|v| v == "true"))
            .unwrap_or(false);

        Ok(ServeConfig {
            topology,
            tick_time_ms,
            data_dir,
            max_client_connections,
            min_session_timeout_ms,
            max_session_timeout_ms,
            init_limit_ticks,
            sync_limit_ticks,
            whitelist,
            extended_types,
            container_check_interval_ms,
            container_max_per_minute,
            super_digest,
            reconfig_enabled,
            max_data_bytes,
            system_properties,
        })
    }

    /// The members with their client addresses: the line's `;[host:]port` suffix (a bare port
    /// on 0.0.0.0, as ZooKeeper binds it), else `clientPort` on `clientPortAddress` (else
    /// 0.0.0.0).
    fn members(&self, host: &str) -> Result<Vec<Member>, ConfigError> {
        let mut members: Vec<Member> = Vec::with_capacity(self.servers.len());
        for (id, line) in &self.servers {
            let client = match (&line.client, self.client_port) {
                (Some((h, port)), _) => ClientAddress {
                    host: h
                        .clone()
                        .unwrap_or_else(|| DEFAULT_CLIENT_PORT_ADDRESS.into()),
                    port: *port,
                },
                (None, Some(port)) => ClientAddress {
                    host: host.into(),
                    port,
                },
                (None, None) => return Err(ConfigError::MemberClientPortNotSet { id: *id }),
            };
            if let Some(other) = members.iter().find(|m| m.client == client) {
                return Err(ConfigError::SameClientAddress {
                    first: other.id,
                    second: *id,
                    address: client.to_string(),
                });
            }
            members.push(Member {
                id: *id,
                host: line.host.clone(),
                quorum_port: line.quorum_port,
                election_port: line.election_port,
                role: line.role,
                client,
            });
        }
        Ok(members)
    }
}

fn parse_role(value: &str) -> Result<MemberRole, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "participant" => Ok(MemberRole::Participant),
        "observer" => Ok(MemberRole::Observer),
        _ => Err(ConfigError::UnknownPeerType {
            value: value.into(),
        }),
    }
}

/// QuorumPeerConfig's booleans: `true` or `false`, any case.
fn parse_bool(key: &str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ConfigError::NotABoolean {
            key: key.into(),
            value: value.into(),
        }),
    }
}

/// `Integer.parseInt`: decimal, an optional sign, within i32.
fn parse_java_int(text: &str) -> Option<i32> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i32>().ok()
}

/// `Integer.getInteger`'s reading (`Integer.decode`): decimal, `0x`/`#` hex or a leading-0
/// octal, with an optional sign; anything else is "not set" (the default applies, silently).
fn java_integer(text: &str) -> Option<i64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, digits) = if let Some(h) = body
        .strip_prefix("0x")
        .or_else(|| body.strip_prefix("0X"))
        .or_else(|| body.strip_prefix('#'))
    {
        (16, h)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let n = i64::from_str_radix(digits, radix).ok()?;
    let n = if negative { -n } else { n };
    i32::try_from(n).ok().map(i64::from)
}

/// `Boolean.getBoolean`'s reading: `true` in any case, anything else false.
fn java_boolean(text: &str) -> bool {
    text.eq_ignore_ascii_case("true")
}

/// The entries of a `java.util.Properties` text in order: `#`/`!` comment lines, logical
/// lines joined at a trailing odd backslash, the key ended by the first unescaped `=`, `:` or
/// whitespace, escapes (`\t`, `\n`, `\uXXXX`, `\x` for x) resolved. Keys are trimmed as
/// QuorumPeerConfig trims them; the caller trims values.
pub fn properties_entries(text: &str) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    let text = text.replace("\r\n", "\n");
    let mut lines = text.split(['\n', '\r']);
    while let Some(first) = lines.next() {
        let trimmed = first.trim_start_matches([' ', '\t', '\x0c']);
        if trimmed.is_empty() || trimmed.starts_with(['#', '!']) {
            continue;
        }
        let mut logical = trimmed.to_string();
        while ends_in_continuation(&logical) {
            logical.pop();
            match lines.next() {
                Some(next) => logical.push_str(next.trim_start_matches([' ', '\t', '\x0c'])),
                None => break,
            }
        }
        entries.push(split_entry(&logical));
    }
    entries
}

fn ends_in_continuation(line: &str) -> bool {
    line.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

fn split_entry(line: &str) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let mut key_end = chars.len();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '=' | ':' | ' ' | '\t' | '\x0c' => {
                key_end = i;
                break;
            }
            _ => i += 1,
        }
    }
    let key_end = key_end.min(chars.len());
    let mut rest = key_end;
    while rest < chars.len() && matches!(chars[rest], ' ' | '\t' | '\x0c') {
        rest += 1;
    }
    if rest < chars.len() && matches!(chars[rest], '=' | ':') {
        rest += 1;
        while rest < chars.len() && matches!(chars[rest], ' ' | '\t' | '\x0c') {
            rest += 1;
        }
    }
    let key = unescape(&chars[..key_end]);
    let value = unescape(&chars[rest.min(chars.len())..]);
    (key.trim().to_string(), value)
}

fn unescape(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\\' || i + 1 >= chars.len() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let c = chars[i + 1];
        i += 2;
        match c {
            't' => out.push('\t'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            'f' => out.push('\x0c'),
            'u' => {
                let hex: String = chars[i..chars.len().min(i + 4)].iter().collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(u) if hex.len() == 4 => {
                        out.push(u);
                        i += 4;
                    }
                    _ => out.push('u'),
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ServeConfig, ConfigError> {
        ServeConfig::parse("zoo.cfg", text, &[])
    }

    fn d(arg: &str) -> SystemProperty {
        SystemProperty::parse_arg(arg).unwrap()
    }

    #[test]
    fn standalone_defaults_are_the_real_servers() {
        // `dataDir=/tmp/x` and `clientPort=2998` alone: the real 3.8.0 server logs "Created
        // server with tickTime 3000 ms minSessionTimeout 6000 ms maxSessionTimeout 60000 ms"
        // and "binding to port 0.0.0.0/0.0.0.0:2998".
        let c = parse("dataDir=/tmp/x\nclientPort=2998\n").unwrap();
        assert_eq!(c.tick_time_ms, 3000);
        assert_eq!(c.min_session_timeout_ms, 6000);
        assert_eq!(c.max_session_timeout_ms, 60000);
        assert_eq!(c.max_client_connections, 60);
        assert_eq!(
            c.topology,
            Topology::Standalone {
                client: ClientAddress {
                    host: "0.0.0.0".into(),
                    port: 2998
                }
            }
        );
        assert_eq!(c.whitelist, Whitelist::default());
        assert!(!c.extended_types);
        assert_eq!(c.max_data_bytes, 0xfffff);
        assert_eq!(c.container_check_interval_ms, 60_000);
        assert_eq!(c.init_limit_ticks, None);
    }

    #[test]
    fn what_the_real_server_accepts() {
        // `tickTime 2500` (a space for `=`): 2500, 5000 and 50000 ms on the real server;
        // `maxClientCnxns=-5` starts it (no limit).
        let c = parse("dataDir=/d\nclientPort=1\ntickTime 2500\nmaxClientCnxns=-5\n").unwrap();
        assert_eq!(
            (
                c.tick_time_ms,
                c.min_session_timeout_ms,
                c.max_session_timeout_ms
            ),
            (2500, 5000, 50000)
        );
        assert_eq!(c.max_client_connections, 0);
        let c = parse("dataDir=/d\nclientPort=1\nelectionAlg=3\nelectionPortBindRetry=5\nminSessionTimeout=-1\n").unwrap();
        assert_eq!(c.min_session_timeout_ms, 6000);
        assert_eq!(
            c.system_properties.get("zookeeper.electionPortBindRetry"),
            Some(&"5".to_string())
        );
    }

    #[test]
    fn the_test_harness_config() {
        let text = "# comment\n! also a comment\n  tickTime = 2000\ndataDir=/tmp/d\nclientPort=21811\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\nmaxClientCnxns=0\n4lw.commands.whitelist=*\n";
        let props = [
            d("-Dzookeeper.extendedTypesEnabled=true"),
            d("-Dznode.container.checkIntervalMs=100"),
        ];
        let c = ServeConfig::parse("zoo.cfg", text, &props).unwrap();
        assert_eq!(c.tick_time_ms, 2000);
        assert_eq!(c.min_session_timeout_ms, 4000);
        assert_eq!(c.max_session_timeout_ms, 40000);
        assert_eq!(c.max_client_connections, 0);
        assert_eq!(c.client_addresses()[0].to_string(), "127.0.0.1:21811");
        assert_eq!(c.whitelist, Whitelist::All);
        assert_eq!(
            c.system_properties.get("zookeeper.admin.enableServer"),
            Some(&"false".to_string())
        );
        let engine = c.server_config();
        assert_eq!(engine.tick_time_ms, 2000);
        assert!(engine.extended_types);
        assert_eq!(engine.container_check_interval_ms, 100);
        assert_eq!(engine.max_data_bytes, 0xfffff);
    }

    #[test]
    fn the_files_whitelist_beats_the_command_lines() {
        // Checked on the real server: file `ruok , isro`, -D `stat` → ruok, isro and srvr.
        let props = [d("-Dzookeeper.4lw.commands.whitelist=stat")];
        let c = ServeConfig::parse(
            "zoo.cfg",
            "dataDir=/d\nclientPort=1\n4lw.commands.whitelist=ruok , isro\n",
            &props,
        )
        .unwrap();
        assert_eq!(c.whitelist, Whitelist::parse("ruok,isro"));
        let c = ServeConfig::parse("zoo.cfg", "dataDir=/d\nclientPort=1\n", &props).unwrap();
        assert_eq!(c.whitelist, Whitelist::parse("stat"));
    }

    #[test]
    fn system_properties() {
        let props = [
            d("-Djute.maxbuffer=0x1000"),
            d("-Dznode.container.maxPerMinute=5"),
            d("-Dzookeeper.DigestAuthenticationProvider.superDigest=super:abc="),
            d("-Dzookeeper.extendedTypesEnabled=TRUE"),
            d("-Dznode.container.checkIntervalMs=soon"),
        ];
        let c = ServeConfig::without_file(&props).unwrap();
        assert_eq!(c.max_data_bytes, 4096);
        assert_eq!(c.container_max_per_minute, 5);
        assert_eq!(c.super_digest.as_deref(), Some("super:abc="));
        assert!(c.extended_types);
        // Integer.getInteger falls back to the default on a value it cannot read.
        assert_eq!(c.container_check_interval_ms, 60_000);
        assert_eq!(c.client_addresses()[0].port, 2181);
        assert_eq!(d("-Dflag").value, "");
        assert_eq!(
            SystemProperty::parse_arg("zoo.cfg")
                .unwrap_err()
                .to_string(),
            "zoo.cfg: expected -Dname=value"
        );
    }

    #[test]
    fn an_ensemble() {
        // The four-server ensemble the conf golden was captured from.
        let text = "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/tmp/e1\n4lw.commands.whitelist=*\nserver.1=127.0.0.1:22881:23881;22181\nserver.2=127.0.0.1:22882:23882;22182\nserver.3=127.0.0.1:22883:23883;22183\nserver.4=127.0.0.1:22884:23884:observer;22184\npeerType=observer\n";
        let c = parse(text).unwrap();
        let Topology::Ensemble { members } = &c.topology else {
            panic!("not an ensemble: {c:?}");
        };
        assert_eq!(members.len(), 4);
        assert_eq!(members[3].role, MemberRole::Observer);
        assert_eq!(members[3].client.to_string(), "0.0.0.0:22184");
        assert_eq!(members[0].quorum_port, 22881);
        assert_eq!(members[0].election_port, 23881);
        assert_eq!(c.init_limit_ticks, Some(10));
        assert_eq!(c.sync_limit_ticks, Some(5));
        // As the real members list themselves in `conf`.
        let real = include_str!("../../../tests/fourlw_golden/leader-conf.txt");
        let listed: Vec<&str> = real.lines().filter(|l| l.starts_with("server.")).collect();
        let ours: Vec<String> = members.iter().map(Member::membership_line).collect();
        assert_eq!(ours, listed);
        let engine = c.ensemble_config().unwrap();
        assert_eq!(engine.voters.iter().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(engine.observers.iter().copied().collect::<Vec<_>>(), [4]);
        assert_eq!(
            (engine.tick_time_ms, engine.init_limit, engine.sync_limit),
            (2000, 10, 5)
        );
        assert_eq!(engine.server, c.server_config());
        assert_eq!(
            parse("dataDir=/d\nclientPort=1\n")
                .unwrap()
                .ensemble_config(),
            None
        );
        let with_host = parse("initLimit=1\nsyncLimit=1\ndataDir=/d\nserver.1=h:1:2;127.0.0.2:5\nserver.2=h:3:4|h2:5:6;7\n").unwrap();
        assert_eq!(
            with_host
                .client_addresses()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["127.0.0.2:5", "0.0.0.0:7"]
        );
    }

    #[test]
    fn conf_as_the_real_members_print_it() {
        use super::super::four_letter::{answer, FourLetterView, Mode};
        let golden = |name: &str| match name {
            "leader" => include_str!("../../../tests/fourlw_golden/leader-conf.txt"),
            "follower" => include_str!("../../../tests/fourlw_golden/follower-conf.txt"),
            "observer" => include_str!("../../../tests/fourlw_golden/observer-conf.txt"),
            _ => include_str!("../../../tests/fourlw_golden/standalone-conf.txt"),
        };
        // The zoo.cfg each real server was started with (only dataDir differs).
        let members = "tickTime=2000\ninitLimit=10\nsyncLimit=5\n4lw.commands.whitelist=*\nserver.1=127.0.0.1:22881:23881;22181\nserver.2=127.0.0.1:22882:23882;22182\nserver.3=127.0.0.1:22883:23883;22183\nserver.4=127.0.0.1:22884:23884:observer;22184\n";
        for (id, name) in [(3, "leader"), (1, "follower"), (4, "observer")] {
            let text = format!("{members}dataDir=/tmp/fourlw/e{id}\n");
            let c = parse(&text).unwrap();
            let view = FourLetterView {
                mode: Mode::Follower,
                conf: c.conf_view(id).unwrap(),
                ..FourLetterView::default()
            };
            assert_eq!(answer("conf", &view, &c.whitelist), golden(name), "{name}");
            assert_eq!(c.conf_view(9), None);
        }
        let c = parse("tickTime=2000\ndataDir=/tmp/fourlw/d1\nclientPort=21811\nclientPortAddress=127.0.0.1\n4lw.commands.whitelist=*\n").unwrap();
        let view = FourLetterView {
            mode: Mode::Standalone,
            conf: c.conf_view(7).unwrap(),
            ..FourLetterView::default()
        };
        assert_eq!(answer("conf", &view, &c.whitelist), golden("standalone"));
    }

    #[test]
    fn one_server_line_is_standalone() {
        let c = parse("dataDir=/d\nserver.1=h:1:2;2190\n").unwrap();
        assert_eq!(c.client_addresses()[0].to_string(), "0.0.0.0:2190");
        assert!(matches!(c.topology, Topology::Standalone { .. }));
    }

    #[test]
    fn errors_read_as_zookeepers() {
        // Each message is the real 3.8.0 server's (ZooKeeperServerMain or QuorumPeerMain on
        // the same text), after its "Invalid config, exiting abnormally".
        let cases: &[(&str, &str)] = &[
            ("tickTime=2000\nclientPort=2999\n", "Error processing zoo.cfg: dataDir is not set"),
            ("dataDir=/d\nclientPort=abc\n", "Error processing zoo.cfg: For input string: \"abc\""),
            ("tickTime=2x\ndataDir=/d\nclientPort=1\n", "Error processing zoo.cfg: For input string: \"2x\""),
            ("dataDir=/d\nclientPort=1\nmaxClientCnxns=many\n", "Error processing zoo.cfg: For input string: \"many\""),
            ("dataDir=/d\nclientPort=1\nserver.x=127.0.0.1:2888:3888\n", "Error processing zoo.cfg: For input string: \"x\""),
            ("dataDir=/d\nclientPort=1\nserver.1=127.0.0.1:2888:3888:bogus\nserver.2=127.0.0.1:2889:3889\n", "Unrecognised peertype: bogus"),
            ("dataDir=/d\nclientPort=1\nserver.1=127.0.0.1\n", "127.0.0.1 does not have the form server_config or server_config;client_config where server_config is the pipe separated list of host:port:port or host:port:port:type and client_config is port or host:port"),
            ("dataDir=/d\nserver.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\n", "Error processing zoo.cfg: initLimit is not set"),
            ("initLimit=5\ndataDir=/d\nclientPort=1\nserver.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\n", "Error processing zoo.cfg: syncLimit is not set"),
            ("initLimit=5\nsyncLimit=2\ndataDir=/d\nserver.1=127.0.0.1:2888:3888;abc\nserver.2=127.0.0.1:2889:3889;2182\n", "Address unresolved: null:abc"),
            ("initLimit=5\nsyncLimit=2\ndataDir=/d\nserver.1=127.0.0.1:x:3888;2181\nserver.2=127.0.0.1:2889:3889;2182\n", "Address unresolved: 127.0.0.1:x"),
            ("dataDir=/d\nclientPort=1\nstandaloneEnabled=maybe\n", "Invalid option maybe for standaloneEnabled. Choose 'true' or 'false.'"),
            ("dataDir=/d\nclientPortAddress=127.0.0.1\n", "Error processing zoo.cfg: clientPortAddress is set but clientPort is not set"),
            ("dataDir=/d\nclientPort=1\ntickTime=0\n", "Error processing zoo.cfg: tickTime is not set"),
            ("dataDir=/d\nclientPort=1\ntickTime=-5\n", "Error processing zoo.cfg: minSessionTimeout must not be larger than maxSessionTimeout"),
            ("dataDir=/d\nclientPort=1\nminSessionTimeout=5000\nmaxSessionTimeout=4000\n", "Error processing zoo.cfg: minSessionTimeout must not be larger than maxSessionTimeout"),
            ("dataDir=/d\nclientPort=1\nelectionAlg=1\n", "Invalid electionAlg value. Only 3 is supported."),
            ("dataDir=/d\nclientPort=1\npeerType=bogus\n", "Unrecognised peertype: bogus"),
            ("dataDir=/d\nclientPort=1\nclientPortListenBacklog=x\n", "Error processing zoo.cfg: For input string: \"x\""),
            ("dataDir=/d\nclientPort=1\nautopurge.snapRetainCount=x\n", "Error processing zoo.cfg: For input string: \"x\""),
        ];
        for (text, message) in cases {
            assert_eq!(parse(text).unwrap_err().to_string(), *message, "{text}");
        }
        for key in [
            "localSessionsEnabled",
            "localSessionsUpgradingEnabled",
            "quorumListenOnAllIPs",
            "syncEnabled",
            "reconfigEnabled",
            "sslQuorum",
            "portUnification",
            "sslQuorumReloadCertFiles",
            "multiAddress.enabled",
            "multiAddress.reachabilityCheckEnabled",
        ] {
            assert_eq!(
                parse(&format!("dataDir=/d\nclientPort=1\n{key}=maybe\n"))
                    .unwrap_err()
                    .to_string(),
                format!("Invalid option maybe for {key}. Choose 'true' or 'false.'")
            );
        }
        assert_eq!(
            ServeConfig::read("/nonexistent/zoo.cfg", &[])
                .unwrap_err()
                .to_string(),
            "Error processing /nonexistent/zoo.cfg: /nonexistent/zoo.cfg file is missing"
        );
    }

    #[test]
    fn zkplays_own_refusals() {
        assert_eq!(
            parse("dataDir=/d\n").unwrap_err(),
            ConfigError::ClientPortNotSet
        );
        assert_eq!(
            parse("initLimit=1\nsyncLimit=1\ndataDir=/d\nserver.1=h:1:2\nserver.2=h:3:4;5\n")
                .unwrap_err(),
            ConfigError::MemberClientPortNotSet { id: 1 }
        );
        assert_eq!(
            parse("initLimit=1\nsyncLimit=1\ndataDir=/d\nclientPort=5\nserver.1=h:1:2\nserver.2=h:3:4;5\n")
                .unwrap_err(),
            ConfigError::SameClientAddress { first: 1, second: 2, address: "0.0.0.0:5".into() }
        );
        assert_eq!(
            parse("dataDir=/d\nclientPort=70000\n")
                .unwrap_err()
                .to_string(),
            "Error processing zoo.cfg: port out of range:70000"
        );
        assert!(matches!(
            parse(
                "dataDir=/d\nclientPort=1\ntickTime=-5\nminSessionTimeout=1\nmaxSessionTimeout=2\n"
            ),
            Err(ConfigError::TickTimeNotPositive { .. })
        ));
    }

    #[test]
    fn properties_syntax() {
        let entries = properties_entries(
            "a=1\n  b : 2 \nc 3\n#d=4\n   !e=5\nf=x\\\n   y\ng=\\u0041\\t\\=\nh\n\r\ni=\n",
        );
        assert_eq!(
            entries,
            [
                ("a".into(), "1".into()),
                ("b".into(), "2 ".into()),
                ("c".into(), "3".into()),
                ("f".into(), "xy".into()),
                ("g".into(), "A\t=".into()),
                ("h".into(), String::new()),
                ("i".into(), String::new()),
            ]
            .into_iter()
            .collect::<Vec<(String, String)>>()
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "\\",
            "=",
            ":::",
            "server.1=",
            "server.1=;",
            "server.1=a:b:c:d:e",
            "a=\\u12",
            "\u{0}=\u{0}",
            "server.99999999999999999999=x",
        ] {
            let _ = parse(text);
            let _ = parse(&format!("dataDir=/d\nclientPort=1\n{text}"));
        }
    }
}
