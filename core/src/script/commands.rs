//! What each zkCli command does as a client of the server: the requests it sends, the Java
//! client's own checks and watch bookkeeping, and its result.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::request::{CreateMode, Op, OpResult, Request, Response};
use crate::script::backend::Backend;
use crate::script::cli::{CliCommand, VERSION_LINE};
use crate::script::entry::{EntryKind, Failure, Outcome};
use crate::script::parse::MultiLine;
use crate::script::quota_cli::run_quota;
use crate::script::runner::{check_path, fail, Runner, SessionState};
use crate::script::transcript::stat_text;
use crate::sim::client_watches::Registration;
use crate::stat::Stat;
use crate::watch::{KeeperState, WatchMode};

impl<B: Backend> Runner<B> {
    pub(super) fn command(
        &mut self,
        s: &str,
        c: &CliCommand,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> Result<Outcome, Failure> {
        match c {
            CliCommand::Create {
                path,
                data,
                acl,
                mode,
                ttl_ms,
            } => {
                check_path(path, mode.is_sequential())?;
                let acl = match acl {
                    Some(text) => self.zkcli_acl(text),
                    None => Acl::open_unsafe(),
                };
                if acl.is_empty() {
                    // The Java client refuses an empty ACL before sending (no path in the
                    // exception); zkCli prints its message, then the wrapped one.
                    self.notes.push_str("KeeperErrorCode = InvalidACL\n");
                    return Err(fail(ZkError::InvalidAcl, "null"));
                }
                let op = Op::Create {
                    path: path.clone(),
                    data: data.as_ref().map(|d| d.as_bytes().to_vec()),
                    acl,
                    mode: *mode,
                    ttl_ms: *ttl_ms,
                };
                match self.call(s, &Request::Write(op)) {
                    Ok(Response::Create { path, .. }) => Ok(Outcome::Created { path }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(ZkError::InvalidAcl) => {
                        self.notes
                            .push_str(&format!("KeeperErrorCode = InvalidACL for {path}\n"));
                        Err(fail(ZkError::InvalidAcl, path))
                    }
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Delete { path, version } => {
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::Write(Op::Delete {
                        path: path.clone(),
                        version: *version,
                    }),
                );
                r.map(|_| Outcome::Empty).map_err(|e| fail(e, path))
            }
            CliCommand::DeleteAll { path, batch } => self.delete_all(s, path, *batch),
            CliCommand::Set {
                path,
                data,
                version,
                stat,
            } => {
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::Write(Op::SetData {
                        path: path.clone(),
                        data: Some(data.as_bytes().to_vec()),
                        version: *version,
                    }),
                );
                match r {
                    Ok(Response::SetData { stat: st }) => Ok(Outcome::Written {
                        stat: st,
                        print_stat: *stat,
                    }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Get { path, stat, watch } => {
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::GetData {
                        path: path.clone(),
                        watch: *watch,
                    },
                );
                match r {
                    Ok(Response::GetData { data, stat: st }) => {
                        if *watch {
                            self.register(s, path, Registration::Data);
                        }
                        Ok(Outcome::Data {
                            data: data.map(|d| d.to_vec()),
                            stat: st,
                            with_stat: *stat,
                        })
                    }
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Stat { path, watch } => {
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::Exists {
                        path: path.clone(),
                        watch: *watch,
                    },
                );
                match r {
                    Ok(Response::Exists { stat }) => {
                        if *watch {
                            self.register(s, path, Registration::Data);
                        }
                        Ok(Outcome::StatOf { stat: Some(stat) })
                    }
                    Err(ZkError::NoNode) => {
                        if *watch {
                            self.register(s, path, Registration::Exist);
                        }
                        Ok(Outcome::StatOf { stat: None })
                    }
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Ls {
                path,
                stat,
                watch,
                recursive,
            } => {
                check_path(path, false)?;
                if *recursive {
                    return self.list_tree(s, path, *watch);
                }
                match self.get_children(s, path, *watch) {
                    Ok((children, st)) => Ok(Outcome::Children {
                        children,
                        stat: stat.then_some(st),
                    }),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::GetEphemerals { path } => {
                check_path(path, false)?;
                match self.call(
                    s,
                    &Request::GetEphemerals {
                        prefix: path.clone(),
                    },
                ) {
                    Ok(Response::Ephemerals { paths }) => Ok(Outcome::Ephemerals { paths }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::GetAllChildrenNumber { path } => {
                check_path(path, false)?;
                match self.call(s, &Request::GetAllChildrenNumber { path: path.clone() }) {
                    Ok(Response::Count { count }) => Ok(Outcome::Count { count }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Sync { path } => {
                check_path(path, false)?;
                match self.call(s, &Request::Sync { path: path.clone() }) {
                    Ok(_) => Ok(Outcome::Synced),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::AddWatch { path, mode } => {
                // zkCli takes `-m` while parsing, before it looks at the path.
                let mode = match self.shells.get_mut(s) {
                    Some(shell) => {
                        if let Some(m) = mode {
                            shell.add_watch_mode = *m;
                        }
                        shell.add_watch_mode
                    }
                    None => mode.unwrap_or(WatchMode::PersistentRecursive),
                };
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::AddWatch {
                        path: path.clone(),
                        mode,
                    },
                );
                match r {
                    Ok(_) => {
                        self.register(s, path, Registration::Added(mode));
                        Ok(Outcome::Empty)
                    }
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::RemoveWatches { path, kind, local } => {
                check_path(path, false)?;
                let known = self.watches.get(s).is_some_and(|w| w.contains(path, *kind));
                if !known {
                    return Err(fail(ZkError::NoWatcher, path));
                }
                let r = self.call(
                    s,
                    &Request::RemoveWatches {
                        path: path.clone(),
                        kind: *kind,
                    },
                );
                if let Err(e) = r {
                    if !*local {
                        return Err(fail(e, path));
                    }
                }
                let removed = self.watches.get_mut(s).and_then(|w| w.remove(path, *kind));
                match removed {
                    Some(events) => {
                        for kind in events {
                            let path = path.clone();
                            synthesized.push((s.to_string(), EntryKind::Event { kind, path }));
                        }
                        Ok(Outcome::Empty)
                    }
                    None => Err(fail(ZkError::NoWatcher, path)),
                }
            }
            CliCommand::AddAuth { scheme, auth } => {
                let r = self.call(
                    s,
                    &Request::AddAuth {
                        scheme: scheme.clone(),
                        auth: auth.as_bytes().to_vec(),
                    },
                );
                match r {
                    // The Java client sends credentials without waiting: zkCli prints nothing,
                    // and the refusal arrives as the AuthFailed state.
                    Err(ZkError::AuthFailed) => {
                        self.backend.auth_failed(s);
                        self.sessions
                            .insert(s.to_string(), SessionState::Gone(ZkError::AuthFailed));
                        let state = EntryKind::State(KeeperState::AuthFailed);
                        synthesized.push((s.to_string(), state));
                        Ok(Outcome::Empty)
                    }
                    r => r.map(|_| Outcome::Empty).map_err(|e| fail(e, "")),
                }
            }
            CliCommand::GetAcl { path, stat } => {
                check_path(path, false)?;
                match self.call(s, &Request::GetAcl { path: path.clone() }) {
                    Ok(Response::GetAcl { acl, stat: st }) => Ok(Outcome::Acl {
                        acl,
                        stat: st,
                        with_stat: *stat,
                    }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::SetAcl {
                path,
                acl,
                version,
                stat,
                recursive,
            } => {
                check_path(path, false)?;
                let acl = self.zkcli_acl(acl);
                if acl.is_empty() {
                    return Err(fail(ZkError::InvalidAcl, "null"));
                }
                if *recursive {
                    return self.set_acl_tree(s, path, &acl, *version);
                }
                let req = Request::SetAcl {
                    path: path.clone(),
                    acl,
                    version: *version,
                };
                match self.call(s, &req) {
                    Ok(Response::SetAcl { stat: st }) => Ok(Outcome::Written {
                        stat: st,
                        print_stat: *stat,
                    }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Close | CliCommand::Quit => {
                self.sessions
                    .insert(s.to_string(), SessionState::Gone(ZkError::SessionExpired));
                self.backend
                    .close_session(s)
                    .map(|_| Outcome::Empty)
                    .map_err(|e| fail(e, ""))
            }
            CliCommand::Expire => {
                self.sessions
                    .insert(s.to_string(), SessionState::Gone(ZkError::SessionExpired));
                self.backend
                    .expire_session(s)
                    .map(|_| Outcome::Empty)
                    .map_err(|e| fail(e, ""))
            }
            CliCommand::WhoAmI => match self.call(s, &Request::WhoAmI) {
                Ok(Response::WhoAmI { ids }) => {
                    let mut text = String::from("Auth scheme: User\n");
                    for (scheme, user) in ids {
                        text.push_str(&format!("{scheme}: {user}\n"));
                    }
                    Ok(Outcome::Text { text })
                }
                Ok(_) => Err(fail(ZkError::MarshallingError, "")),
                Err(e) => Err(fail(e, "")),
            },
            CliCommand::Version => Ok(Outcome::Text {
                text: format!("{VERSION_LINE}\n"),
            }),
            CliCommand::Config {
                watch,
                stat,
                client,
            } => {
                let r = self.call(
                    s,
                    &Request::GetData {
                        path: CONFIG_NODE.into(),
                        watch: *watch,
                    },
                );
                match r {
                    Ok(Response::GetData { data, stat: st }) => {
                        if *watch {
                            self.register(s, CONFIG_NODE, Registration::Data);
                        }
                        let data = data.map_or_else(
                            || "null".to_string(),
                            |d| String::from_utf8_lossy(&d).into_owned(),
                        );
                        let mut text = if *client {
                            format!("{}\n", client_config(&data))
                        } else {
                            format!("{data}\n")
                        };
                        if *stat {
                            text.push_str(&stat_text(&st));
                        }
                        Ok(Outcome::Text { text })
                    }
                    Ok(_) => Err(fail(ZkError::MarshallingError, CONFIG_NODE)),
                    Err(e) => Err(fail(e, CONFIG_NODE)),
                }
            }
            CliCommand::Quota(q) => {
                let backend = &mut self.backend;
                let text = run_quota(q, &mut |r| backend.call(s, r));
                Ok(Outcome::Text { text })
            }
            CliCommand::Reconfig => match self.call(s, &Request::Reconfig) {
                Ok(_) => Ok(Outcome::Empty),
                Err(e) => Err(fail(e, "")),
            },
            // zkCli runs these itself (see `run_cli`).
            CliCommand::History
            | CliCommand::Redo(_)
            | CliCommand::PrintWatches(_)
            | CliCommand::Connect
            | CliCommand::Compat { .. } => Ok(Outcome::Empty),
        }
    }

    pub(super) fn get_children(
        &mut self,
        s: &str,
        p: &str,
        watch: bool,
    ) -> Result<(Vec<String>, Stat), ZkError> {
        match self.call(
            s,
            &Request::GetChildren {
                path: p.to_string(),
                watch,
            },
        )? {
            Response::GetChildren { children, stat } => {
                let mut children = crate::request::owned_names(children);
                if watch {
                    self.register(s, p, Registration::Child);
                }
                crate::sorted::sort(&mut children);
                Ok((children, stat))
            }
            _ => Err(ZkError::MarshallingError),
        }
    }

    pub(super) fn multi(&mut self, s: &str, lines: &[MultiLine]) -> Result<Outcome, Failure> {
        let mut ops = Vec::new();
        for l in lines {
            let op = match l {
                MultiLine::Check { path, version } => Op::Check {
                    path: path.clone(),
                    version: *version,
                },
                MultiLine::Create {
                    path,
                    data,
                    ephemeral,
                    sequential,
                } => Op::Create {
                    path: path.clone(),
                    data: data.as_ref().map(|d| d.as_bytes().to_vec()),
                    acl: Acl::open_unsafe(),
                    mode: CreateMode::from_flags(*ephemeral, *sequential, false, false),
                    ttl_ms: -1,
                },
                MultiLine::Delete { path, version } => Op::Delete {
                    path: path.clone(),
                    version: *version,
                },
                MultiLine::Set {
                    path,
                    data,
                    version,
                } => Op::SetData {
                    path: path.clone(),
                    data: Some(data.as_bytes().to_vec()),
                    version: *version,
                },
            };
            let sequential = matches!(
                l,
                MultiLine::Create {
                    sequential: true,
                    ..
                }
            );
            check_path(op.path(), sequential)?;
            ops.push(op);
        }
        match self.call(s, &Request::Multi(ops)) {
            Ok(Response::Multi(results)) => match OpResult::first_error(&results) {
                None => Ok(Outcome::Multi { results }),
                Some(code) => {
                    let e = ZkError::from_code(code).unwrap_or(ZkError::SystemError);
                    let mut f = fail(e, "");
                    f.message = e.keeper_message("");
                    f.results = Some(results);
                    Err(f)
                }
            },
            Ok(_) => Err(fail(ZkError::MarshallingError, "")),
            Err(e) => Err(fail(e, "")),
        }
    }
}

/// The node `config` reads.
pub(super) const CONFIG_NODE: &str = "/zookeeper/config";

/// `ConfigUtils.getClientConfigStr`: the config's version, a space, and the servers' client
/// addresses (`server.N=host:quorum:election[:role];[clientHost:]clientPort`).
pub(super) fn client_config(data: &str) -> String {
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
