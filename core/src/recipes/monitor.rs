//! Live safety checks over recipe notes, and the measurements the UI charts.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};

use crate::recipes::{Note, RecipeKind};

/// A broken safety property, with where it broke.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Violation {
    pub property: Property,
    pub detail: Detail,
    pub seed: u64,
    pub step: u64,
    pub time_ms: u64,
}

/// The safety properties the monitor checks. `Display` is the property's name in the
/// transcripts (`"violation":"at most one lock holder"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Property {
    AtMostOneWriter,
    NoWriterWithReader,
    AtMostOneMaster,
    AtMostOneLockHolder,
    QueueItemsOnce,
    NoEarlyEntry,
    UniqueNames,
    TasksOnce,
    /// The ensemble's live checks.
    OneLeaderPerEpoch,
    CommittedLogsAgree,
    ClientZxidsGrow,
    AcknowledgedWritesSurvive,
    NoPeerAnomaly,
    /// A read reflects every write to its path acknowledged before it was issued. ZooKeeper
    /// does not promise it without `sync` (a follower may lag): finding one shows why `sync`
    /// exists; one after a `sync` is a bug.
    ReadsSeeAcknowledgedWrites,
    /// Each watch a client set tells of a change to it once: no event lost, none doubled.
    NoLostOrDoubledWatchEvent,
}

impl Property {
    pub const ALL: [Property; 15] = [
        Property::AtMostOneWriter,
        Property::NoWriterWithReader,
        Property::AtMostOneMaster,
        Property::AtMostOneLockHolder,
        Property::QueueItemsOnce,
        Property::NoEarlyEntry,
        Property::UniqueNames,
        Property::TasksOnce,
        Property::OneLeaderPerEpoch,
        Property::CommittedLogsAgree,
        Property::ClientZxidsGrow,
        Property::AcknowledgedWritesSurvive,
        Property::NoPeerAnomaly,
        Property::ReadsSeeAcknowledgedWrites,
        Property::NoLostOrDoubledWatchEvent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Property::AtMostOneWriter => "at most one writer",
            Property::NoWriterWithReader => "no writer alongside a reader",
            Property::AtMostOneMaster => "at most one master",
            Property::AtMostOneLockHolder => "at most one lock holder",
            Property::QueueItemsOnce => "every queue item consumed at most once",
            Property::NoEarlyEntry => "no one enters a double barrier early",
            Property::UniqueNames => "names are unique",
            Property::TasksOnce => "every task completed once",
            Property::OneLeaderPerEpoch => "one leader per epoch",
            Property::CommittedLogsAgree => "committed logs agree",
            Property::ClientZxidsGrow => "a client's zxids only grow",
            Property::AcknowledgedWritesSurvive => "acknowledged writes survive",
            Property::NoPeerAnomaly => "no peer anomaly",
            Property::ReadsSeeAcknowledgedWrites => {
                "reads see acknowledged writes (without sync, a follower may lag)"
            }
            Property::NoLostOrDoubledWatchEvent => "no lost or doubled watch event",
        }
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Hashes as its name, as when it was a string: state hashes stay what they were.
impl Hash for Property {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state)
    }
}

/// What happened, with who and where. `Display` is the transcripts' `detail`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    /// `holders` hold the lock on `resource` together (a writer among them).
    HoldTogether {
        resource: String,
        holders: Vec<String>,
    },
    /// `holders` all believe they lead at `resource`.
    AllLead {
        resource: String,
        holders: Vec<String>,
    },
    /// `client` wrote to the protected resource with an older fencing token than `owner`.
    StaleWrite {
        resource: String,
        client: String,
        token: i64,
        owner: String,
        best: i64,
    },
    ConsumedAgain {
        item: String,
        client: String,
    },
    /// `client` entered the double barrier with `joined` of `size` there.
    EnteredEarly {
        client: String,
        resource: String,
        joined: u32,
        size: u32,
    },
    HandedOutTwice {
        name: String,
    },
    CompletedAgain {
        task: String,
        client: String,
    },
    /// Two servers established as leaders of one epoch.
    TwoLeaders {
        epoch: i64,
        leaders: Vec<crate::ensemble::PeerId>,
    },
    /// A newly established leader lacks entries committed before it.
    LeaderLacksCommitted {
        leader: crate::ensemble::PeerId,
        epoch: i64,
    },
    /// A newly established leader lacks a write acknowledged to a client.
    LeaderLacksAcknowledged {
        leader: crate::ensemble::PeerId,
        epoch: i64,
        zxid: crate::stat::Zxid,
    },
    /// A server committed `zxid` where another had committed `other`.
    Diverged {
        server: crate::ensemble::PeerId,
        zxid: crate::stat::Zxid,
        other: crate::stat::Zxid,
    },
    /// A client was answered with a zxid older than one it had seen.
    ZxidWentBack {
        client: String,
        zxid: crate::stat::Zxid,
        seen: crate::stat::Zxid,
    },
    /// `client`'s read of `path` was answered at `zxid`, older than the write `acknowledged`
    /// to a client before the read was issued; `synced`: after the client's own `sync` of the
    /// path (a bug), else allowed by ZooKeeper.
    #[cfg(feature = "client-checks")]
    StaleRead {
        client: String,
        path: String,
        zxid: crate::stat::Zxid,
        acknowledged: crate::stat::Zxid,
        synced: bool,
    },
    /// `client`'s `watch` watch on `path`, armed at `armed`, never told of the change its read
    /// shows (at `changed`, or the node gone when `None`).
    #[cfg(feature = "client-checks")]
    LostWatchEvent {
        client: String,
        path: String,
        watch: &'static str,
        armed: crate::stat::Zxid,
        changed: Option<crate::stat::Zxid>,
    },
    /// `client` got `event` on `path` with no watch set that it could fire.
    #[cfg(feature = "client-checks")]
    UnexpectedWatchEvent {
        client: String,
        path: String,
        event: crate::watch::EventType,
    },
    /// A server noticed something the protocol should never produce.
    Anomaly {
        anomaly: crate::ensemble::Anomaly,
    },
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detail::HoldTogether { resource, holders } => {
                write!(f, "{resource}: {} hold it together", holders.join(", "))
            }
            Detail::AllLead { resource, holders } => {
                write!(f, "{resource}: {} all believe they lead", holders.join(", "))
            }
            Detail::StaleWrite {
                resource,
                client,
                token,
                owner,
                best,
            } => write!(
                f,
                "{resource}: {client} wrote with token {token:#x} after {owner} wrote with {best:#x}"
            ),
            Detail::ConsumedAgain { item, client } => {
                write!(f, "{item} consumed again by {client}")
            }
            Detail::EnteredEarly {
                client,
                resource,
                joined,
                size,
            } => write!(f, "{client} entered {resource} with {joined} of {size} joined"),
            Detail::HandedOutTwice { name } => write!(f, "{name} handed out twice"),
            Detail::CompletedAgain { task, client } => {
                write!(f, "{task} completed again by {client}")
            }
            Detail::TwoLeaders { epoch, leaders } => {
                let ids: Vec<String> = leaders.iter().map(u64::to_string).collect();
                write!(f, "two leaders in epoch {epoch}: {}", ids.join(", "))
            }
            Detail::LeaderLacksCommitted { leader, epoch } => {
                write!(f, "leader {leader} of epoch {epoch} lacks committed entries")
            }
            Detail::LeaderLacksAcknowledged {
                leader,
                epoch,
                zxid,
            } => write!(
                f,
                "leader {leader} of epoch {epoch} lacks acknowledged 0x{zxid:x}"
            ),
            Detail::Diverged {
                server,
                zxid,
                other,
            } => write!(
                f,
                "peer {server} committed 0x{zxid:x} where another committed 0x{other:x}"
            ),
            Detail::ZxidWentBack { client, zxid, seen } => {
                write!(f, "client {client} saw zxid 0x{zxid:x} after 0x{seen:x}")
            }
            #[cfg(feature = "client-checks")]
            Detail::StaleRead {
                client,
                path,
                zxid,
                acknowledged,
                synced,
            } => {
                write!(
                    f,
                    "client {client} read {path} at 0x{zxid:x}, behind 0x{acknowledged:x} acknowledged before the read"
                )?;
                f.write_str(if *synced {
                    " (after its sync: a bug)"
                } else {
                    " (no sync: ZooKeeper allows it)"
                })
            }
            #[cfg(feature = "client-checks")]
            Detail::LostWatchEvent {
                client,
                path,
                watch,
                armed,
                changed,
            } => {
                write!(f, "client {client}'s {watch} watch on {path} (set at 0x{armed:x}) missed ")?;
                match changed {
                    Some(z) => write!(f, "the change at 0x{z:x}"),
                    None => f.write_str("the node's deletion"),
                }
            }
            #[cfg(feature = "client-checks")]
            Detail::UnexpectedWatchEvent {
                client,
                path,
                event,
            } => write!(
                f,
                "client {client} got {} on {path} with no watch left to fire",
                event.name()
            ),
            Detail::Anomaly { anomaly } => write!(f, "{anomaly}"),
        }
    }
}

/// Hashes as its text, as when it was a string: state hashes stay what they were.
impl Hash for Detail {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_string().hash(state)
    }
}

/// The protected resource refused a write with a stale fencing token (`fencing=on`): the
/// resource's side of the story, for the log.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rejected {
    pub resource: String,
    pub client: String,
    pub token: i64,
    pub best: i64,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Rejected {
            resource,
            client,
            token,
            best,
        } = self;
        write!(
            f,
            "{resource}: rejected {client}'s write with stale token {token:#x} (saw {best:#x})"
        )
    }
}

/// What the monitor watches, per base path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Monitor {
    /// Who currently believes it holds each role (leaders and lock holders), and whether as a
    /// shared (read) holder.
    holders: BTreeMap<String, BTreeMap<String, bool>>,
    /// The highest fencing token each protected resource has accepted, and from whom.
    resource_token: BTreeMap<String, (i64, String)>,
    /// Resources whose protected service checks fencing tokens.
    fenced: BTreeSet<String>,
    consumed: BTreeSet<String>,
    joined: BTreeMap<String, u32>,
    names: BTreeSet<String>,
    completed: BTreeSet<String>,
    /// The newest configuration version each worker has read, per config path.
    pub config_seen: BTreeMap<String, BTreeMap<String, i32>>,
    /// Watch notifications delivered to contenders since the last hand-off, per path.
    notifications_since: BTreeMap<String, u64>,
    /// Notifications per hand-off, per path (the herd effect).
    pub handoffs: BTreeMap<String, Vec<u64>>,
    pub acquisitions: BTreeMap<String, u64>,
    /// When each (resource, client) began competing. Boxed: a thousand contenders' entries
    /// stay small to move as one is taken out (it hashes as the pair it holds).
    started_ms: BTreeMap<Box<(String, String)>, u64>,
    /// Milliseconds from starting to compete to acquiring, per resource, in order.
    pub acquire_ms: BTreeMap<String, Vec<u64>>,
    pub violations: Vec<Violation>,
    /// Each refusal of a protected resource, once (the page's resource panel).
    pub refusals: Refusals,
}

/// The protected resources' refusals, each once: a paused holder that wakes writes with its
/// stale token, then again as its overdue hold ends; the resource refuses both, but it is one
/// refusal of one token to tell. An observation for the page, not state: it hashes as nothing,
/// so recording it changes no state hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refusals(pub Vec<Rejected>);

impl Hash for Refusals {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

/// Where and when a note was made.
pub struct At {
    pub seed: u64,
    pub step: u64,
    pub time_ms: u64,
}

impl Monitor {
    pub fn set_fencing(&mut self, resource: &str, on: bool) {
        if on {
            self.fenced.insert(resource.to_string());
        } else {
            self.fenced.remove(resource);
        }
    }

    /// Whether `resource`'s protected service checks fencing tokens.
    pub fn is_fenced(&self, resource: &str) -> bool {
        self.fenced.contains(resource)
    }

    /// The highest fencing token `resource` has accepted, and from whom.
    pub fn accepted_token(&self, resource: &str) -> Option<&(i64, String)> {
        self.resource_token.get(resource)
    }

    /// Counts a watch notification delivered to a contender on `resource`.
    pub fn count_notification(&mut self, resource: &str) {
        *self
            .notifications_since
            .entry(resource.to_string())
            .or_default() += 1;
    }

    fn violate(&mut self, at: &At, property: Property, detail: Detail) {
        self.violations.push(Violation {
            property,
            detail,
            seed: at.seed,
            step: at.step,
            time_ms: at.time_ms,
        });
    }

    /// Applies a note from `client` running `kind`; returns the resource's refusal, if any.
    pub fn observe(
        &mut self,
        kind: RecipeKind,
        client: &str,
        note: &Note,
        at: &At,
    ) -> Option<Rejected> {
        match note {
            Note::Acquired {
                resource, shared, ..
            } => {
                let n = self.acquisitions.entry(resource.clone()).or_default();
                if *n > 0 {
                    let since = self.notifications_since.remove(resource).unwrap_or(0);
                    self.handoffs
                        .entry(resource.clone())
                        .or_default()
                        .push(since);
                } else {
                    self.notifications_since.remove(resource);
                }
                *n += 1;
                if let Some(t) = self
                    .started_ms
                    .remove(&(resource.clone(), client.to_string()))
                {
                    self.acquire_ms
                        .entry(resource.clone())
                        .or_default()
                        .push(at.time_ms.saturating_sub(t));
                }
                let holders = self.holders.entry(resource.clone()).or_default();
                holders.insert(client.to_string(), *shared);
                let who: Vec<String> = holders.keys().cloned().collect();
                let writers = holders.values().filter(|s| !**s).count();
                let readers = holders.len() - writers;
                match kind {
                    RecipeKind::RwRead | RecipeKind::RwWrite
                        if writers > 0 && holders.len() > 1 =>
                    {
                        let what = if readers > 0 {
                            Property::NoWriterWithReader
                        } else {
                            Property::AtMostOneWriter
                        };
                        self.violate(
                            at,
                            what,
                            Detail::HoldTogether {
                                resource: resource.clone(),
                                holders: who,
                            },
                        );
                    }
                    RecipeKind::Election | RecipeKind::ElectionNaive | RecipeKind::MwMaster
                        if holders.len() > 1 =>
                    {
                        self.violate(
                            at,
                            Property::AtMostOneMaster,
                            Detail::AllLead {
                                resource: resource.clone(),
                                holders: who,
                            },
                        );
                    }
                    _ => {}
                }
                None
            }
            Note::Released { resource } => {
                if let Some(h) = self.holders.get_mut(resource) {
                    h.remove(client);
                }
                None
            }
            Note::UseResource { resource, token } => {
                let fenced = self.fenced.contains(resource);
                match self.resource_token.get(resource).cloned() {
                    Some((best, owner)) if *token < best => {
                        if fenced {
                            let rejected = Rejected {
                                resource: resource.clone(),
                                client: client.to_string(),
                                token: *token,
                                best,
                            };
                            if !self.refusals.0.contains(&rejected) {
                                self.refusals.0.push(rejected.clone());
                            }
                            return Some(rejected);
                        }
                        self.violate(
                            at,
                            Property::AtMostOneLockHolder,
                            Detail::StaleWrite {
                                resource: resource.clone(),
                                client: client.to_string(),
                                token: *token,
                                owner,
                                best,
                            },
                        );
                    }
                    _ => {
                        self.resource_token
                            .insert(resource.clone(), (*token, client.to_string()));
                    }
                }
                None
            }
            Note::Consumed { item } => {
                if !self.consumed.insert(item.clone()) {
                    self.violate(
                        at,
                        Property::QueueItemsOnce,
                        Detail::ConsumedAgain {
                            item: item.clone(),
                            client: client.to_string(),
                        },
                    );
                }
                None
            }
            Note::Joined { resource } => {
                *self.joined.entry(resource.clone()).or_default() += 1;
                None
            }
            Note::Entered { resource, size } => {
                let joined = self.joined.get(resource).copied().unwrap_or(0);
                if joined < *size {
                    self.violate(
                        at,
                        Property::NoEarlyEntry,
                        Detail::EnteredEarly {
                            client: client.to_string(),
                            resource: resource.clone(),
                            joined,
                            size: *size,
                        },
                    );
                }
                None
            }
            Note::ConfigSeen { resource, version } => {
                self.config_seen
                    .entry(resource.clone())
                    .or_default()
                    .insert(client.to_string(), *version);
                None
            }
            Note::NameTaken { name } => {
                if !self.names.insert(name.clone()) {
                    self.violate(
                        at,
                        Property::UniqueNames,
                        Detail::HandedOutTwice { name: name.clone() },
                    );
                }
                None
            }
            Note::Completed { task } => {
                if !self.completed.insert(task.clone()) {
                    self.violate(
                        at,
                        Property::TasksOnce,
                        Detail::CompletedAgain {
                            task: task.clone(),
                            client: client.to_string(),
                        },
                    );
                }
                None
            }
            Note::Started { resource } => {
                self.started_ms
                    .insert(Box::new((resource.clone(), client.to_string())), at.time_ms);
                None
            }
            Note::Status(_) => None,
        }
    }
}
