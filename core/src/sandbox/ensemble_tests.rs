//! The sandbox running an ensemble: how it becomes one, its views, replays and refusals.

use super::*;
use crate::sim::ensemble::EnsembleLine;
use crate::sim::Quiet;

const THREE: &str = "seed 7\nensemble 3\nsession a server=1\nsession b server=3";

fn three() -> Sandbox {
    let mut s = Sandbox::new();
    let errors = s.run_lines(THREE);
    assert!(errors.is_empty(), "{errors:?}");
    s
}

impl Sandbox {
    fn run_lines(&mut self, text: &str) -> Vec<RunError> {
        text.lines().flat_map(|l| self.run(l)).collect()
    }
}

#[test]
fn an_ensemble_line_after_the_setup_makes_an_ensemble() {
    let s = three();
    assert!(s.is_ensemble());
    let e = s.ensemble_view().unwrap();
    assert_eq!(e.servers.len(), 3);
    assert_eq!((e.voters, e.quorum), (3, 2));
    let leaders = e
        .servers
        .iter()
        .filter(|v| v.mode == crate::script::ensemble_lines::ServerMode::Leader)
        .count();
    assert_eq!(leaders, 1);
    // The tree shown is the leader's until another is chosen.
    let leader = e
        .servers
        .iter()
        .find(|v| v.peer.state.name() == "LEADING")
        .unwrap();
    assert_eq!(s.viewed_server(), Some(leader.peer.id));
    let clients = s.clients();
    assert_eq!(clients[0].server, Some(1));
    assert_eq!(clients[1].server, Some(3));
    assert_eq!(s.seed(), 7);
    assert!(s
        .log()
        .iter()
        .any(|r| r.text.to_string().contains("LEADING")));
}

#[test]
fn an_ensemble_line_anywhere_else_is_refused_and_nothing_is_lost() {
    let mut s = Sandbox::new();
    s.run("session a");
    let errors = s.run("ensemble 3");
    assert_eq!(errors.len(), 1);
    assert!(!s.is_ensemble());
    s.run("a: create /x 1");
    assert!(s.node("/x").is_some());
    let mut e = three();
    assert_eq!(e.run("ensemble 5").len(), 1);
    e.run("a: create /y 1");
    assert!(e.node("/y").is_some());
}

#[test]
fn writes_reach_every_server_and_a_lagging_one_is_behind() {
    let mut s = three();
    s.run("server 2 crash");
    s.run("a: create /x 1");
    assert_eq!(s.server_has(1, "/x"), Some(true));
    assert_eq!(s.server_has(2, "/x"), Some(false));
    s.view_server(2);
    assert!(s.node("/x").is_none());
    assert_eq!(s.server_behind(2), Some(1));
    s.run("server 2 restart");
    s.run("sleep 2000");
    assert_eq!(s.server_has(2, "/x"), Some(true));
    assert!(s.node("/x").is_some());
    assert_eq!(s.server_behind(2), Some(0));
}

#[test]
fn an_ensemble_sandbox_replays_exports_and_steps_back_exactly() {
    let mut s = three();
    s.run("a: create -e /e 1");
    s.run("server 3 crash");
    s.run("step 3");
    let script = s.export();
    let t = Sandbox::import(&script).unwrap();
    assert_eq!(t.state_hash(), s.state_hash());
    assert_eq!(t.log(), s.log());
    let before = s.state_hash();
    s.run("step 1");
    s.step_back();
    assert_eq!(s.state_hash(), before);
    assert!(s.is_ensemble());
    // A sliced load ends where a load at once does.
    let mut l = crate::load::Loading::new(&script).unwrap();
    while !l.run(5) {}
    assert_eq!(l.into_sandbox().state_hash(), before_step(&script));
}

fn before_step(script: &str) -> u64 {
    Sandbox::import(script).unwrap().state_hash()
}

#[test]
fn the_ensemble_views_are_in_the_snapshot() {
    let mut s = three();
    s.run("delay server 3 500");
    s.run("a: create /x 1");
    let snap = s.snapshot();
    let e = snap.ensemble.as_ref().unwrap();
    assert_eq!(e.servers[2].delay_ms, 500);
    assert!(
        !e.messages.is_empty(),
        "server 3's messages are on their way"
    );
    assert!(snap.recipes.is_empty());
    assert!(Sandbox::new().snapshot().ensemble.is_none());
}

#[test]
fn a_step_on_an_ensemble_is_exactly_its_events() {
    let mut s = Sandbox::new();
    s.run_lines("ensemble 3 start=1,2\nwait server 1 follower\ndelay server 3 100\nserver 3 start");
    for _ in 0..3 {
        let before = s.steps();
        s.run("step 1");
        assert_eq!(s.steps(), before + 1);
    }
    // A server that never started receives nothing: the log shows no arrival at it (what
    // was sent to it is logged as dropped).
    let mut t = Sandbox::new();
    t.run_lines("ensemble 3 start=1\nsleep 1000");
    assert!(!t.log().iter().any(|r| {
        !matches!(
            r.text,
            LogText::Sim(ref l) if matches!(l.ensemble(), Some(EnsembleLine::Dropped { .. }))
        ) && r.text.to_string().contains("→ server 3:")
    }));
    assert!(!t.log_contains("→ server 3:"));
}

#[test]
fn a_partitioned_client_does_not_hold_up_the_others() {
    let mut s = three();
    s.run("partition a");
    s.run("sleep 30000");
    let before = s.now_ms();
    s.run("b: create /x 1");
    assert!(
        s.now_ms() - before < 1000,
        "a line of b took {} ms",
        s.now_ms() - before
    );
}

#[test]
fn the_mode_control_starts_afresh_with_the_same_seed_and_step_back_keeps_the_ensemble() {
    use crate::script::ensemble_lines::EnsembleConfig;
    let s = three();
    let mut config = EnsembleConfig::new(5);
    config.observers = 2;
    let mut five = s.fresh_with(Some(&config));
    assert_eq!(five.script(), "seed 7\nensemble 5 observers=2\n");
    let e = five.ensemble_view().unwrap();
    assert_eq!(
        (e.servers.len(), e.voters, e.quorum, e.voters_up),
        (7, 5, 3, 5)
    );
    // The ensemble line sets the scenario up: step back does not undo it.
    five.step_back();
    assert!(five.is_ensemble());
    five.run("step 3");
    five.rewind_to(0);
    assert!(five.is_ensemble());
    let standalone = five.fresh_with(None);
    assert!(!standalone.is_ensemble());
    assert_eq!(standalone.script(), "seed 7\n");
}

#[test]
fn messages_between_clients_and_servers_name_the_server() {
    let mut s = three();
    s.run("delay server 3 500");
    let mut seen = false;
    for _ in 0..2000 {
        s.run("step 1");
        let flying = s.in_flight();
        if !flying.is_empty() {
            assert!(flying.iter().all(|m| m.server.is_some()), "{flying:?}");
            seen = flying
                .iter()
                .any(|m| m.client == "b" && m.server == Some(3));
            if seen {
                break;
            }
        }
    }
    assert!(seen, "b's messages to server 3 were never in flight");
    assert!(Sandbox::new()
        .in_flight()
        .iter()
        .all(|m| m.server.is_none()));
}

#[test]
fn only_the_leader_says_whether_a_session_is_still_valid() {
    // Server 2 is cut off from the leader but still serves (until syncLimit); a's session
    // expires on the leader meanwhile. Re-attaching at server 2 asks the leader (REVALIDATE),
    // which cannot answer through the partition: a is not connected with an expired session,
    // as it would be if server 2 trusted its own stale tree.
    let mut s = Sandbox::new();
    s.run_lines(
        "ensemble 3\nwait server 3 leader\nsession a timeout=4000 server=2\n\
         partition servers 2 | 1,3\npartition a\nsleep 7000\nheal a\nsleep 1000",
    );
    let a = s.clients().into_iter().find(|c| c.name == "a").unwrap();
    assert_ne!(a.state, crate::sim::ClientState::SyncConnected, "{a:?}");
    // Once server 2 is back with the leader, the answer is that the session expired.
    s.run_lines("heal server 2\nwait server 2 follower\nsleep 5000");
    let a = s.clients().into_iter().find(|c| c.name == "a").unwrap();
    assert_eq!(a.state, crate::sim::ClientState::Expired, "{a:?}");
    assert!(s
        .log()
        .iter()
        .any(|r| r.text.to_string().contains("REVALIDATE")));
}

#[test]
fn a_second_ensemble_line_or_a_line_that_is_not_zkplay_is_refused_and_not_saved() {
    let mut s = three();
    let errors = s.run("ensemble 5");
    assert_eq!(
        errors[0].why,
        LineError::Ensemble(crate::script::entry::EnsembleRefusal::SecondEnsemble)
    );
    assert_eq!(s.run("frobnicate").len(), 1);
    assert!(!s.script().contains("ensemble 5") && !s.script().contains("frobnicate"));
    let again = Sandbox::import(&s.export()).unwrap();
    assert_eq!(again.state_hash(), s.state_hash());
}

#[test]
fn an_ensemble_script_is_estimated_with_its_servers_traffic() {
    use crate::load::Estimate;
    let two_days =
        "ensemble 5 observers=2\nsession a server=6\nsession b\nsleep 86400000\nsleep 86400000";
    assert!(Estimate::of(two_days).needs_confirmation());
    let e = Estimate::of("ensemble 3\nsession a server=2\nsleep 10000");
    assert!(!e.needs_confirmation());
    assert_eq!(e.sessions, 1, "a session pinned to a server counts");
}

#[test]
fn a_partition_between_groups_cuts_the_ring_and_the_quorum() {
    let mut s = Sandbox::new();
    s.run_lines("ensemble 4\nwait server 4 leader\npartition servers 1,2 | 3,4");
    let e = s.ensemble_view().unwrap();
    assert_eq!(e.cut, vec![(1, 3), (1, 4), (2, 3), (2, 4)]);
    assert_eq!((e.voters_up, e.quorum), (2, 3), "no group of two can serve");
    // `heal server K` restores K's links: healing one side heals the partition.
    s.run("heal server 1");
    s.run("heal server 2");
    let e = s.ensemble_view().unwrap();
    assert!(e.cut.is_empty());
    assert_eq!(e.voters_up, 4);
}

/// The leader of `three()`, crashed as the page's button does.
fn crashed_stepwise() -> (Sandbox, u64) {
    let mut s = three();
    let leader = s.viewed_server().unwrap();
    assert!(s.run(&format!("server {leader} crash stepwise")).is_empty());
    (s, leader)
}

/// The messages between servers delivered so far, as the event log has them.
fn delivered(s: &Sandbox) -> Vec<String> {
    let e = s.ensemble().unwrap();
    e.log()
        .tail(LOG_LINES_SHOWN_MAX)
        .filter_map(|entry| match entry.text.ensemble() {
            Some(EnsembleLine::Peer { from, to, message }) => {
                Some(format!("{from}->{to} {}", message.summary()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_stepwise_crash_is_one_event_and_each_step_delivers_one_message() {
    let before = three();
    let events = before.ensemble().unwrap().steps();
    let log_before = delivered(&before).len();
    let (mut s, leader) = crashed_stepwise();
    // The crash itself, nothing else: no event ran, no message between servers arrived, and
    // the votes it set off are in flight.
    assert_eq!(s.ensemble().unwrap().steps(), events);
    assert_eq!(delivered(&s).len(), log_before);
    let view = s.ensemble_view().unwrap();
    let votes = view.messages.iter().filter(|m| m.vote.is_some()).count();
    assert!(votes >= 4, "{:?}", view.messages);
    assert!(s
        .script()
        .contains(&format!("server {leader} crash stepwise\n")));
    // A plain server line lets 20 ms settle: the votes are delivered inside it.
    let mut settled = three();
    settled.run(&format!("server {leader} crash"));
    assert!(settled.ensemble().unwrap().steps() > events);
    assert!(delivered(&settled).len() > log_before + votes / 2);

    // Each step is one event: at most one message arrives, the one due first; stepping on
    // until a new leader serves delivers every notification and Zab packet one at a time.
    let mut names = Vec::new();
    for _ in 0..200 {
        let view = s.ensemble_view().unwrap();
        let first_due = view
            .messages
            .iter()
            .filter(|m| !m.held)
            .map(|m| m.arrive_ms)
            .min();
        let was = delivered(&s).len();
        s.run("step");
        let now = delivered(&s);
        assert!(now.len() <= was + 1, "{:?}", &now[was..]);
        if now.len() == was + 1 {
            let arrived = &now[was];
            let m = view
                .messages
                .iter()
                .find(|m| arrived.starts_with(&format!("{}->{} {}", m.from, m.to, m.summary)))
                .unwrap_or_else(|| panic!("{arrived} was not in flight"));
            assert_eq!(Some(m.arrive_ms), first_due, "{arrived}");
            names.push(arrived.split_whitespace().nth(1).unwrap_or("").to_string());
        }
        if s.ensemble_view()
            .unwrap()
            .servers
            .iter()
            .filter(|v| v.peer.serving)
            .count()
            == 2
        {
            break;
        }
    }
    for name in [
        "NOTIFICATION",
        "FOLLOWERINFO",
        "LEADERINFO",
        "ACKEPOCH",
        "DIFF",
        "NEWLEADER",
        "ACK",
        "UPTODATE",
    ] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} not stepped: {names:?}"
        );
    }
    // The same script replays to the same state (export, import, reload).
    let replayed = Sandbox::import(&s.export()).unwrap();
    assert_eq!(replayed.state_hash(), s.state_hash());
}

#[test]
fn the_views_show_votes_timers_and_epochs_as_they_change() {
    use crate::ensemble::TimerKind;
    let (mut s, leader) = crashed_stepwise();
    let view = s.ensemble_view().unwrap();
    for v in view.servers.iter().filter(|v| v.peer.id != leader) {
        assert_eq!(v.peer.state.name(), "LOOKING");
        let (vote, round) = v.peer.vote.unwrap();
        assert_eq!(vote.leader, Some(v.peer.id), "each first votes for itself");
        assert!(round >= 2);
        let timer = v.peer.timer.unwrap();
        assert_eq!(timer.kind, TimerKind::ElectionPoll);
        assert_eq!(timer.until_ms - timer.from_ms, 200);
    }
    let down = view.servers.iter().find(|v| v.peer.id == leader).unwrap();
    assert_eq!((down.peer.vote, down.peer.timer), (None, None));
    let m = view.messages.iter().find(|m| m.vote.is_some()).unwrap();
    assert!(m.sent_ms <= m.arrive_ms && m.id > 0);
    // Step on: the finalize wait shows, then a leader proposes its epoch (acceptedEpoch ahead
    // of the current one) in the same step as its LEADERINFO leaves.
    let (mut finalize, mut ahead) = (false, false);
    for _ in 0..200 {
        s.run("step");
        let view = s.ensemble_view().unwrap();
        let e = s.ensemble().unwrap();
        for v in &view.servers {
            let p = e.peer(v.peer.id).unwrap();
            let state = if p.is_up() { p.state().name() } else { "DOWN" };
            assert_eq!(
                v.peer.state.name(),
                state,
                "the view reads the state of now"
            );
            finalize |= v
                .peer
                .timer
                .is_some_and(|t| t.kind == TimerKind::ElectionFinalize);
            let sends_leaderinfo = view
                .messages
                .iter()
                .any(|m| m.from == v.peer.id && m.summary.text().starts_with("LEADERINFO"));
            if sends_leaderinfo {
                assert_eq!(v.peer.state.name(), "LEADING");
                assert!(v.peer.accepted_epoch > v.peer.epoch);
                ahead = true;
            }
        }
        if view.servers.iter().filter(|v| v.peer.serving).count() == 2 {
            let l = view
                .servers
                .iter()
                .find(|v| v.peer.state.name() == "LEADING")
                .unwrap();
            assert_eq!(l.peer.timer.unwrap().kind, TimerKind::Ping);
            break;
        }
    }
    assert!(finalize && ahead);
}

#[test]
fn a_command_after_a_stepwise_crash_of_its_server_moves_on_as_a_live_client_does() {
    // A client of a follower: the others keep their quorum.
    let mut s = three();
    let leader = s.viewed_server().unwrap();
    let mut found = None;
    for name in ["c", "d", "e", "f", "g"] {
        s.run(&format!("session {name}"));
        let server = s.clients().iter().find(|c| c.name == name).unwrap().server;
        if server.is_some_and(|k| k != leader) {
            found = Some((name, server.unwrap()));
            break;
        }
    }
    let (name, server) = found.unwrap();
    s.run(&format!("server {server} crash stepwise"));
    assert!(s
        .clients()
        .iter()
        .any(|c| c.name == name && c.state == crate::sim::ClientState::SyncConnected));
    s.run(&format!("{name}: create /moved 1"));
    assert!(
        s.node("/moved").is_some(),
        "{}\n{}",
        s.script(),
        s.console_for(name)
    );
    let c = s.clients().into_iter().find(|c| c.name == name).unwrap();
    assert_ne!(c.server, Some(server));
}

/// A message that reaches a crashed server is dropped, and the log says so (a Step that
/// delivers it shows a line); the lessons' checks of the log do not count it as arrived.
#[test]
fn a_message_to_a_crashed_server_is_logged_as_dropped() {
    let (mut s, leader) = crashed_stepwise();
    // Notifications to servers not launched yet were dropped at the start: only the leader's.
    let mut dropped = Vec::new();
    for _ in 0..300 {
        s.run("step");
        dropped = s
            .log()
            .into_iter()
            .filter_map(|r| match r.text {
                LogText::Sim(l) => match l.ensemble() {
                    Some(EnsembleLine::Dropped { message, server }) if *server == leader => {
                        Some((message.clone(), *server))
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect();
        if !dropped.is_empty() {
            break;
        }
    }
    let (message, server) = dropped
        .first()
        .expect("a message reached the crashed leader");
    assert_eq!(*server, leader);
    let text = format!("{message} — dropped: server {leader} is down");
    assert_eq!(
        LogText::Sim(
            EnsembleLine::Dropped {
                message: message.clone(),
                server: *server
            }
            .into()
        )
        .to_string(),
        text
    );
    // The lessons' checks read only what arrived.
    let arrived = s.log().iter().any(|r| {
        !matches!(
            r.text,
            LogText::Sim(ref l) if matches!(l.ensemble(), Some(EnsembleLine::Dropped { .. }))
        ) && r.text.to_string().contains(&message.to_string())
    });
    assert_eq!(s.log_contains(&message.to_string()), arrived);
}

/// An ensemble's client cards carry the ①–⑤ handshake too, as the client host recorded it: all
/// five once connected; after its server crashes, a reconnect under way (no ①), then ② to ⑤.
#[test]
fn an_ensemble_client_card_shows_its_handshake() {
    use crate::sim::Moment;
    let mut s = three();
    let a = s.clients().remove(0);
    assert_eq!(a.state, crate::sim::ClientState::SyncConnected);
    assert_eq!(
        a.handshake,
        [
            Moment::Initiating,
            Moment::OpeningSocket,
            Moment::ConnectRequestSent,
            Moment::SessionEstablished,
            Moment::SyncConnected
        ]
    );
    assert!(s.run("server 1 crash stepwise").is_empty());
    // `a` talks to server 1 only: it tries again and again while server 1 is down.
    let mut seen = Vec::new();
    let mut waited = 0;
    for _ in 0..60 {
        s.run("step");
        let a = s.clients().remove(0);
        if a.state != crate::sim::ClientState::SyncConnected {
            seen.push(a.handshake.clone());
        }
        // Waiting to try again, nothing is under way: nothing lit.
        let waiting = s.ensemble().unwrap().all_clients()[0]
            .reconnect_at_ms
            .is_some();
        if waiting {
            waited += 1;
            assert!(a.handshake.is_empty(), "{:?}", a.handshake);
        }
    }
    assert!(waited > 0, "a never waited to try again");
    assert!(!seen.is_empty(), "a never lost its server");
    assert!(
        seen.iter()
            .all(|h| !h.contains(&Moment::Initiating) && h.len() <= 2),
        "{seen:?}"
    );
    assert!(
        seen.iter().any(|h| h.contains(&Moment::ConnectRequestSent)),
        "{seen:?}"
    );
    assert!(s.run("server 1 restart").is_empty());
    s.run("sleep 5");
    let a = s.clients().remove(0);
    // A reconnect of the same session: ② to ⑤, as the Java client logs it (① once per session).
    assert_eq!(a.state, crate::sim::ClientState::SyncConnected);
    assert_eq!(
        a.handshake,
        [
            Moment::OpeningSocket,
            Moment::ConnectRequestSent,
            Moment::SessionEstablished,
            Moment::SyncConnected
        ]
    );
}

/// On an ensemble too, every Step says what it did: each event has a row in the log, a
/// server's or a client's timer that sent nothing logged included.
#[test]
fn every_ensemble_step_has_a_row_in_the_log() {
    let (mut s, _) = crashed_stepwise();
    let mut timers = 0;
    for _ in 0..200 {
        let event = s.ensemble().unwrap().steps();
        s.run("step");
        if s.ensemble().unwrap().steps() == event {
            break;
        }
        // The row of the event just handled carries the toolbar's count of events handled.
        let handled = s.steps();
        assert_eq!(handled, event + 1);
        let rows: Vec<LogRow> = s.log().into_iter().filter(|r| r.step == handled).collect();
        assert!(!rows.is_empty(), "event {handled} has no row");
        assert_eq!(s.log().last().map(|r| r.step), Some(handled));
        timers += rows
            .iter()
            .filter(|r| {
                matches!(
                    r.text,
                    LogText::Quiet(Quiet::PeerTimer { .. } | Quiet::EnsembleClientTimer { .. })
                )
            })
            .count();
    }
    assert!(timers > 0, "no step handled a timer");
    // Replayed from its script, the log is the same.
    let t = Sandbox::from_script(&s.script()).unwrap();
    assert_eq!(t.log(), s.log());
}

/// An ensemble's event log shows what each client's watcher hears where it lands, as the
/// standalone log does: a's Disconnected when its server dies, its SyncConnected when it is
/// back, and b's watch notification.
#[test]
fn an_ensemble_log_shows_each_clients_events() {
    let mut s = three();
    s.run("b: stat -w /x");
    s.run("a: create /x 1");
    assert!(
        s.log_contains("b: WatchedEvent state:SyncConnected type:NodeCreated path:/x"),
        "{:?}",
        s.log()
    );
    assert!(!s.log_contains("a: WatchedEvent state:Disconnected"));
    s.run("server 1 crash");
    s.run("sleep 100");
    assert!(s.log_contains("a: WatchedEvent state:Disconnected type:None path:null"));
    s.run("server 1 restart");
    s.run("sleep 5000");
    let rows = s.log();
    let last_connected = rows.iter().rposition(|r| {
        r.text.to_string() == "a: WatchedEvent state:SyncConnected type:None path:null"
    });
    let last_disconnected = rows.iter().rposition(|r| {
        r.text.to_string() == "a: WatchedEvent state:Disconnected type:None path:null"
    });
    assert!(last_connected > last_disconnected, "{rows:?}");
}

/// On an ensemble the session start's moments are the client host's, as on one server: the
/// log marks ① (Initiating), ④ (the ConnectResponse reaching the client) and ⑤ (its
/// SyncConnected) and has a row each for ② and ③; the timeline has the client's marks.
#[test]
fn an_ensemble_log_and_timeline_show_a_session_starts_moments() {
    use crate::sim::Moment;
    let mut s = Sandbox::new();
    for line in ["seed 7", "ensemble 3", "sleep 3000", "session a server=2"] {
        assert!(s.run(line).is_empty(), "{line}");
    }
    let rows = s.log();
    let marked: Vec<(Moment, String)> = rows
        .iter()
        .filter_map(|r| r.moment.map(|m| (m, r.text.to_string())))
        .collect();
    let moments: Vec<Moment> = marked.iter().map(|(m, _)| *m).collect();
    assert_eq!(
        moments,
        [
            Moment::Initiating,
            Moment::OpeningSocket,
            Moment::ConnectRequestSent,
            Moment::SessionEstablished,
            Moment::SyncConnected
        ],
        "{marked:?}"
    );
    assert!(marked[0].1.contains("a"), "{marked:?}");
    assert!(marked[4].1.contains("SyncConnected"), "{marked:?}");
    let marks = s.timeline_marks("a");
    let on_timeline: Vec<Moment> = marks.iter().flat_map(|m| m.moments.clone()).collect();
    assert_eq!(on_timeline.len(), 5, "{marks:?}");
}

/// The ring and `srvr` show one zxid, the last processed (`Peer::last_processed_zxid`), for
/// every serving server: a follower synced before its leader served (0x0, epoch 0), one synced
/// after by a snapshot (0x100000000), the leader, and after a failover and a write.
#[test]
fn the_ring_shows_the_zxid_srvr_reports() {
    fn agree(s: &Sandbox) -> Vec<(u64, crate::stat::Zxid)> {
        let mut seen = Vec::new();
        let view = s.ensemble_view().unwrap();
        for v in &view.servers {
            let k = v.peer.id;
            let mut asked = s.clone();
            assert!(asked.run(&format!("srvr {k}")).is_empty());
            let report = *asked.last_srvr(k).unwrap();
            if report.mode == crate::script::ensemble_lines::ServerMode::NotServing {
                continue;
            }
            assert_eq!(v.peer.last_zxid, report.zxid, "server {k}");
            seen.push((v.peer.id, report.zxid));
        }
        seen
    }
    let mut s = Sandbox::new();
    for line in [
        "ensemble 3 tickTime=200 start=1,2",
        "wait server 1 serving",
        "wait server 2 serving",
        "server 3 start",
        "wait server 3 follower",
    ] {
        assert!(s.run(line).is_empty(), "{line}");
    }
    let zxid = crate::stat::Zxid;
    assert_eq!(
        agree(&s),
        [
            (1, zxid(0)),
            (2, zxid(0x1_0000_0000)),
            (3, zxid(0x1_0000_0000))
        ]
    );
    for line in [
        "server 2 crash",
        "wait server 3 leader",
        "wait server 1 follower",
        "session a server=1",
        "a: create /x 1",
    ] {
        assert!(s.run(line).is_empty(), "{line}");
    }
    let after = agree(&s);
    assert_eq!(after.len(), 2, "{after:?}");
    assert!(after.iter().all(|(_, z)| z.0 >> 32 == 2), "{after:?}");
}
