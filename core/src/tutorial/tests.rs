//! The lessons hold together: each step's "show me" makes its checks pass from where the steps
//! before it leave the sandbox, and they do not pass before; every text is in both languages.

use super::*;

/// The sandbox at the start of a lesson's step `at`, built as the page builds it.
fn sandbox_before(lesson: &Lesson, at: usize) -> Sandbox {
    let mut s = Sandbox::new();
    s.run_actions(&script_before(lesson, at));
    s
}

/// Every step's "show me" makes its checks pass, starting from the state the steps before it
/// leave, and they did not pass before it (no check that cannot fail).
#[test]
fn every_step_show_me_passes_its_check_and_not_before() {
    for l in lessons() {
        assert!(l.steps.len() >= 5, "{} has {} steps", l.id, l.steps.len());
        let mut s = sandbox_before(l, 0);
        for (i, step) in l.steps.iter().enumerate() {
            assert!(!step.checks.is_empty(), "{} step {}: no check", l.id, i + 1);
            assert!(
                !step_passed(&s, step),
                "{} step {}: passes before its show me\n{}",
                l.id,
                i + 1,
                s.console_text()
            );
            assert_ne!(
                unmet(&s, step),
                0,
                "{} step {}: no check unmet",
                l.id,
                i + 1
            );
            s.run_actions(step.show_me);
            // A search's check: the search the page's "show me" makes, made here.
            let fact = searched(&s, step);
            assert_eq!(
                unmet_with(&s, step, fact),
                0,
                "{} step {}: unmet after",
                l.id,
                i + 1
            );
            let failing: Vec<&Check> = step
                .checks
                .iter()
                .filter(|c| !holds_with(&s, c, fact))
                .collect();
            assert!(
                failing.is_empty(),
                "{} step {}: {:?} fail after its show me\n{}\n{:#?}",
                l.id,
                i + 1,
                failing,
                s.console_text(),
                s.log()
                    .iter()
                    .rev()
                    .take(40)
                    .map(|e| &e.text)
                    .collect::<Vec<_>>()
            );
        }
    }
}

/// What "find a failure" answers for a step's search check, searched natively as the page's
/// workers search (one worker: the same runs as `zkplay explore`).
fn searched(s: &Sandbox, step: &Step) -> Option<SearchFact> {
    let check = step
        .checks
        .iter()
        .find(|c| matches!(c, Check::Searched { .. }))?;
    let (scenario, config) = search_of(check, &s.script())?;
    let outcome = crate::explore::explore(&scenario, &config).expect("the lesson's search starts");
    Some(match outcome {
        crate::explore::Outcome::Found(f) => SearchFact {
            property: config.property,
            found: true,
            runs: f.runs_searched,
        },
        crate::explore::Outcome::NotFound { runs, .. } => SearchFact {
            property: config.property,
            found: false,
            runs,
        },
    })
}

/// A console check looks for ZooKeeper's words (zkCli's output, events, errors), never for a
/// recipe's status line (`[c1 · lock] holds …`): those are `Check::Status`, typed, which the
/// page words in its language as the consoles do.
#[test]
fn console_checks_look_for_zookeeper_s_words_and_status_checks_for_statuses() {
    for l in lessons() {
        let mut s = sandbox_before(l, 0);
        for (i, step) in l.steps.iter().enumerate() {
            s.run_actions(step.show_me);
            let console = s.console_text();
            let statuses: Vec<&str> = console
                .lines()
                .filter(|line| line.starts_with('[') && line.contains(" · "))
                .collect();
            for c in step.checks {
                let (Check::Console(_, text) | Check::AnyConsole(text, _)) = c else {
                    continue;
                };
                let first = text.lines().next().unwrap_or_default();
                assert!(
                    !statuses.iter().any(|line| line.contains(first)),
                    "{} step {}: {c:?} looks for a recipe status: make it a Check::Status",
                    l.id,
                    i + 1
                );
            }
        }
    }
}

/// Coming back to a step rebuilds the sandbox the steps before it leave.
#[test]
fn the_script_before_a_step_is_the_setup_and_the_show_mes_before_it() {
    let l = &lessons()[0];
    assert_eq!(script_before(l, 0), l.setup);
    let s = sandbox_before(l, 3);
    assert!(step_passed(&s, &l.steps[2]));
    assert!(!step_passed(&s, &l.steps[3]));
}

/// Ids are distinct, and every text exists in both languages with its code spans closed.
#[test]
fn every_text_exists_in_both_languages() {
    let mut ids: Vec<&str> = lessons().iter().map(|l| l.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), lessons().len());
    for l in lessons() {
        let steps = l.steps.iter().flat_map(|s| [s.task, s.explanation]);
        for t in [l.title, l.intro].into_iter().chain(steps) {
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{}", l.id);
            for text in [t.en, t.zh] {
                assert!(text.matches('`').count() % 2 == 0, "{}: {text}", l.id);
            }
        }
    }
}

/// Words the Chinese text may hold outside code: names (the same list as the page's
/// catalogue test and the end-to-end test).
const PROPER_NOUNS: &[&str] = &[
    "ZooKeeper",
    "zkplay",
    "zkCli",
    "znode",
    "English",
    "Stat",
    "ACL",
    "TTL",
    "Tab",
    "Ctrl",
    "HBase",
    "Kafka",
    "Solr",
    "Facebook",
];

/// The Chinese text has no English word of three letters or more outside code and names,
/// so the Chinese page reads as Chinese.
#[test]
fn chinese_prose_has_no_english_words() {
    for l in lessons() {
        let steps = l.steps.iter().flat_map(|s| [s.task, s.explanation]);
        for t in [l.title, l.intro].into_iter().chain(steps) {
            for span in spans(t.zh) {
                let Span::Prose(prose) = span else { continue };
                let words = prose
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()));
                for w in words {
                    assert!(PROPER_NOUNS.contains(&w), "{}: '{w}' in {}", l.id, t.zh);
                }
            }
        }
    }
}

#[test]
fn code_is_what_stands_between_backticks() {
    let text = "run `ls /`, then `quit`.";
    assert_eq!(
        spans(text).collect::<Vec<_>>(),
        vec![
            Span::Prose("run "),
            Span::Code("ls /"),
            Span::Prose(", then "),
            Span::Code("quit"),
            Span::Prose("."),
        ]
    );
    assert_eq!(spans("`x`").collect::<Vec<_>>(), vec![Span::Code("x")]);
}

/// A step that starts two recipes passes only once both run: in lesson 8 the fenced lock's
/// second client must be there, or the next step (its stale write) could never happen.
#[test]
fn a_step_that_starts_two_recipes_waits_for_both() {
    let lock = lessons().iter().find(|l| l.id == "lock").unwrap();
    let step = &lock.steps[4];
    let mut s = sandbox_before(lock, 4);
    let first = step.show_me.lines().next().unwrap();
    s.run_actions(first);
    assert!(!step_passed(&s, step), "passed after only `{first}`");
    s.run_actions(step.show_me.lines().nth(1).unwrap());
    assert!(step_passed(&s, step));
}

/// The recipe form is filled with the recipe a step starts next: the first line whose clients
/// are not there yet, then the second, then none.
#[test]
fn the_next_recipe_is_the_first_not_yet_started() {
    use crate::script::parse::SimCommand;
    let lock = lessons().iter().find(|l| l.id == "lock").unwrap();
    let step = &lock.steps[4];
    let mut s = sandbox_before(lock, 4);
    let started = |s: &Sandbox| match next_recipe(s, step) {
        Some(SimCommand::Recipe {
            clients, options, ..
        }) => Some((clients, options.hold_ms, options.fencing)),
        _ => None,
    };
    assert_eq!(started(&s), Some((vec!["c3".to_string()], 20_000, true)));
    s.run_actions(step.show_me.lines().next().unwrap());
    assert_eq!(started(&s), Some((vec!["c4".to_string()], 5_000, true)));
    s.run_actions(step.show_me.lines().nth(1).unwrap());
    assert_eq!(started(&s), None);
    assert_eq!(
        next_recipe(&s, &lock.steps[2]),
        None,
        "a pause starts no recipe"
    );
}

/// Steps that let time pass say so; the steps that point at the recipes are the recipe
/// lessons' and the configuration-center steps of lesson 4.
#[test]
fn steps_that_need_time_and_steps_that_point_at_recipes() {
    let first = &lessons()[0];
    assert!(!needs_time(&first.steps[0]));
    assert!(needs_time(&first.steps[1]), "step 8");
    assert!(needs_time(&first.steps[5]), "server stop, tick 1000");
    let recipes: Vec<&str> = lessons()
        .iter()
        .filter(|l| l.steps.iter().any(points_at_recipes))
        .map(|l| l.id)
        .collect();
    assert_eq!(
        recipes,
        [
            "watches-pubsub",
            "election",
            "lock",
            "queue",
            "load-balancing",
            "master-worker",
            "lock-server-dies",
            "two-leaders",
            "partitioned-master",
            "find-a-failure"
        ]
    );
    let pubsub = &lessons()[3];
    assert!(!points_at_recipes(&pubsub.steps[0]));
    assert!(points_at_recipes(&pubsub.steps[5]));
}

/// A step that says "ask it: `srvr 3`" passes only once the learner asked: restarting the old
/// leader and waiting for it to follow is not enough, and an answer from before the restart
/// (when it led) does not count.
#[test]
fn a_step_that_says_ask_srvr_waits_for_the_question() {
    let lesson = lessons()
        .iter()
        .find(|l| l.id == "leader-failover")
        .unwrap();
    let at = lesson
        .steps
        .iter()
        .position(|s| s.show_me.lines().any(|l| l == "srvr 3"))
        .unwrap();
    let step = &lesson.steps[at];
    let mut s = sandbox_before(lesson, at);
    let (asked, rest): (Vec<&str>, Vec<&str>) =
        step.show_me.lines().partition(|l| l.starts_with("srvr"));
    s.run_actions(&rest.join("\n"));
    assert!(!step_passed(&s, step), "passed without `srvr 3`");
    s.run_actions(&asked.join("\n"));
    assert!(step_passed(&s, step));
}

/// The lessons, played through, never break the watch property; the only stale reads are the
/// ones the lesson on reads makes on purpose (without `sync`: allowed, and the point).
#[test]
fn the_lessons_lose_no_watch_event_and_read_stale_only_on_purpose() {
    use crate::recipes::monitor::Property;
    let mut stale = Vec::new();
    for l in lessons() {
        let mut s = sandbox_before(l, 0);
        for step in l.steps {
            s.run_actions(step.show_me);
        }
        for v in s.violations() {
            match v.property {
                Property::NoLostOrDoubledWatchEvent => panic!("{}: {}", l.id, v.detail),
                Property::ReadsSeeAcknowledgedWrites => stale.push((l.id, v.detail.to_string())),
                _ => {}
            }
        }
    }
    // The delayed follower's read, then the cut-off follower's: both before their `sync`.
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert!(
        stale.iter().all(|(id, d)| *id == "stale-read-sync"
            && d.starts_with("client r read /cfg at ")
            && d.ends_with("(no sync: ZooKeeper allows it)")),
        "{stale:?}"
    );
}
