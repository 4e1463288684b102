//! Mounts the app in headless Chromium and reads the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> web_sys::Element {
    // Each test starts from a fresh sandbox, not from what an earlier test saved or linked,
    // in English whatever the browser prefers.
    if let Some(s) = web_sys::window().unwrap().local_storage().unwrap() {
        s.clear().unwrap();
        s.set_item("zkplay.lang", "en").unwrap();
    }
    web_sys::window().unwrap().location().set_hash("").unwrap();
    mount_as_is().await
}

thread_local! {
    /// The app the last test mounted: destroyed before the next one mounts, so none of its
    /// timers (a throttled save, say) runs into the next test.
    static MOUNTED: std::cell::RefCell<Option<(yew::AppHandle<zkplay_web::App>, web_sys::Element)>> =
        const { std::cell::RefCell::new(None) };
}

/// Mounts the app on whatever storage and address the page has.
async fn mount_as_is() -> web_sys::Element {
    if let Some((app, root)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        app.destroy();
        root.remove();
    }
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<zkplay_web::App>::with_root(root.clone()).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some((app, root.clone())));
    gloo_timers::future::TimeoutFuture::new(20).await;
    root
}

/// Waits (up to two seconds) until `ok` holds: a slow machine may need more than one frame.
async fn wait_until(mut ok: impl FnMut() -> bool) {
    for _ in 0..100 {
        if ok() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
}

/// Types a command into the console and presses Enter, as a user would.
async fn type_command(root: &web_sys::Element, cmd: &str) {
    let input: web_sys::HtmlInputElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("[data-testid=console-input]")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    input.set_value(cmd);
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
    gloo_timers::future::TimeoutFuture::new(20).await;
}

fn paths(root: &web_sys::Element) -> Vec<String> {
    let nodes = root.query_selector_all("[data-testid=tree-node]").unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .filter_map(|e| e.get_attribute("data-path"))
        .collect()
}

#[wasm_bindgen_test]
async fn renders_the_tree_of_a_fresh_server() {
    let root = mount().await;
    assert_eq!(
        paths(&root),
        vec!["/", "/zookeeper", "/zookeeper/config", "/zookeeper/quota"]
    );
}

#[wasm_bindgen_test]
async fn a_console_create_shows_up_in_the_tree() {
    let root = mount().await;
    type_command(&root, "create -e /workers \"\"").await;
    assert!(paths(&root).contains(&"/workers".to_string()));
    let out = root
        .query_selector("[data-testid=console-output]")
        .unwrap()
        .unwrap();
    assert!(out
        .text_content()
        .unwrap_or_default()
        .contains("Created /workers"));
    let node = root
        .query_selector("[data-path='/workers']")
        .unwrap()
        .unwrap();
    assert_eq!(
        node.get_attribute("data-ephemeral-owner").as_deref(),
        Some("c1")
    );
}

#[wasm_bindgen_test]
async fn a_crash_changes_the_card_state() {
    let root = mount().await;
    let card = root
        .query_selector("[data-testid=client-card][data-session=c1]")
        .unwrap()
        .unwrap();
    assert_eq!(
        card.get_attribute("data-state").as_deref(),
        Some("SyncConnected")
    );
    let crash: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(
        card.query_selector("[data-testid=crash]").unwrap().unwrap(),
    )
    .unwrap();
    crash.click();
    let state = |root: &web_sys::Element| {
        root.query_selector("[data-testid=client-card][data-session=c1]")
            .unwrap()
            .and_then(|c| c.get_attribute("data-state"))
    };
    wait_until(|| state(&root).as_deref() == Some("Crashed")).await;
    let card = root
        .query_selector("[data-testid=client-card][data-session=c1]")
        .unwrap()
        .unwrap();
    assert_eq!(card.get_attribute("data-state").as_deref(), Some("Crashed"));
}

#[wasm_bindgen_test]
async fn console_output_matches_zkcli() {
    let root = mount().await;
    for cmd in ["create /cfg v1", "get -w /cfg", "set /cfg v2", "get /nope"] {
        type_command(&root, cmd).await;
    }
    let out = root
        .query_selector("[data-testid=console-output]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(out.contains("Created /cfg"), "{out}");
    assert!(
        out.contains(
            "WATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/cfg"
        ),
        "{out}"
    );
    assert!(out.contains("Node does not exist: /nope"), "{out}");
}

fn find(root: &web_sys::Element, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok())
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    find(root, selector)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// The link: twenty sessions and a hundred days of ticks.
fn big_script() -> String {
    let mut script = String::new();
    for i in 0..20 {
        script.push_str(&format!("session s{i}\n"));
    }
    script.push_str(&"tick 86400000\n".repeat(100));
    script
}

#[wasm_bindgen_test]
async fn a_big_share_link_asks_first_and_no_keeps_the_saved_sandbox() {
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    storage.set_item("zkplay.lang", "zh").unwrap();
    storage
        .set_item("zkplay.script.v1", "session c1\nc1: create /mine x\n")
        .unwrap();
    let link = zkplay_core::share::encode(&big_script());
    window.location().set_hash(&format!("s={link}")).unwrap();
    let root = mount_as_is().await;
    window.location().set_hash("").unwrap();
    let prompt = text(&root, "[data-testid=load-confirm]");
    for part in ["分享链接", "20 个会话", "100 天", "120 行"] {
        assert!(prompt.contains(part), "{prompt}");
    }
    assert!(
        storage
            .get_item("zkplay.script.v1")
            .unwrap()
            .unwrap()
            .contains("/mine"),
        "the saved sandbox was overwritten while the link waited"
    );
    find(&root, "[data-testid=load-cancel]").unwrap().click();
    gloo_timers::future::TimeoutFuture::new(20).await;
    assert!(find(&root, "[data-testid=load-confirm]").is_none());
    assert!(
        paths(&root).contains(&"/mine".to_string()),
        "{:?}",
        paths(&root)
    );
}

#[wasm_bindgen_test]
async fn a_big_script_runs_in_slices_and_cancel_keeps_what_ran() {
    // The script arrives as a link (the import dialog, drawn by the tools' bundle, hands it to
    // the same loading; the end-to-end suite walks that one).
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    storage.set_item("zkplay.lang", "en").unwrap();
    let link = zkplay_core::share::encode(&big_script());
    window.location().set_hash(&format!("s={link}")).unwrap();
    let root = mount_as_is().await;
    window.location().set_hash("").unwrap();
    let prompt = text(&root, "[data-testid=load-confirm]");
    assert!(
        prompt.contains("20 sessions") && prompt.contains("100 days"),
        "{prompt}"
    );
    find(&root, "[data-testid=load-run]").unwrap().click();
    gloo_timers::future::TimeoutFuture::new(300).await;
    let bar = root
        .query_selector("[data-testid=load-bar]")
        .unwrap()
        .unwrap();
    let value = |bar: &web_sys::Element| {
        bar.get_attribute("value")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let first = value(&bar);
    gloo_timers::future::TimeoutFuture::new(300).await;
    assert!(value(&bar) > first, "the bar stayed at {first}");
    // While it loads, the sandbox shown is the one before, and it does not change.
    assert!(find(&root, "[data-testid=client-card][data-session=s0]").is_none());
    find(&root, "[data-testid=load-cancel]").unwrap().click();
    wait_until(|| find(&root, "[data-testid=load-progress]").is_none()).await;
    assert!(find(&root, "[data-testid=load-progress]").is_none());
    let count = || {
        root.query_selector_all("[data-testid=client-card]")
            .unwrap()
            .length()
    };
    wait_until(|| count() == 20).await;
    let cards = count();
    assert_eq!(cards, 20, "the partial sandbox has every session");
    assert!(text(&root, "[data-testid=sim-time]") != "t = 0.000 s");
}

#[wasm_bindgen_test]
async fn the_chosen_language_speaks_the_whole_page_and_rides_along_in_share_links() {
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    storage.set_item("zkplay.lang", "zh").unwrap();
    window.location().set_hash("").unwrap();
    let root = mount_as_is().await;
    assert_eq!(text(&root, "[data-testid=export]"), "导出");
    assert_eq!(text(&root, "[data-testid=spawn-client]"), "+ 新建客户端");
    // The document's language is set by an effect after the render: a loaded machine may
    // run it later than the first frame.
    let lang = || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .document_element()
            .unwrap()
            .get_attribute("lang")
    };
    wait_until(|| lang().as_deref() == Some("zh-CN")).await;
    assert_eq!(lang().as_deref(), Some("zh-CN"));
    find(&root, "[data-testid=share]").unwrap().click();
    gloo_timers::future::TimeoutFuture::new(20).await;
    let hash = window.location().hash().unwrap();
    window.location().set_hash("").unwrap();
    assert!(
        hash.starts_with("#s=v1.") && hash.ends_with("&lang=zh"),
        "{hash}"
    );
    // The link opens in Chinese where English was chosen before.
    storage.set_item("zkplay.lang", "en").unwrap();
    window.location().set_hash(&hash).unwrap();
    let root = mount_as_is().await;
    window.location().set_hash("").unwrap();
    assert_eq!(text(&root, "[data-testid=export]"), "导出");
}

#[wasm_bindgen_test]
async fn a_new_scenario_dates_its_znodes_by_the_browser_clock() {
    let year_before = js_sys::Date::new_0().get_utc_full_year();
    let root = mount().await;
    for cmd in ["create /t x", "stat /t"] {
        type_command(&root, cmd).await;
    }
    let year_after = js_sys::Date::new_0().get_utc_full_year();
    let out = root
        .query_selector("[data-testid=console-output]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    let ctime = out
        .lines()
        .find_map(|l| l.strip_prefix("ctime = "))
        .unwrap_or_default();
    assert!(
        [year_before, year_after]
            .iter()
            .any(|y| ctime.ends_with(&format!(" UTC {y}"))),
        "{out}"
    );
}

/// A lesson walks one step at a time: Next waits for the step's check, Show me plays only the
/// current step, and leaving a lesson and coming back returns to its step with the sandbox the
/// steps before it leave.
#[wasm_bindgen_test]
fn a_lesson_walks_step_by_step_and_comes_back_to_its_step() {
    use std::rc::Rc;
    use yew::Reducible;
    use zkplay_web::{Action, AppState};
    let s = Rc::new(AppState::fresh()).reduce(Action::OpenLesson(1));
    assert_eq!((s.lesson, s.step, s.step_passed), (Some(1), 0, false));
    let s = s.reduce(Action::NextStep);
    assert_eq!(s.step, 0, "Next went on before the step's check passed");
    let s = s.reduce(Action::ShowMe);
    assert!(s.step_passed);
    assert!(s.sandbox.borrow().node("/app").is_some());
    // Only that step ran: the next one's command is not in the script.
    assert!(!s.sandbox.borrow().script().contains("get -s /app"));
    let s = s.reduce(Action::NextStep);
    assert_eq!((s.step, s.step_passed), (1, false));
    assert_eq!(s.progress.get("znodes-stat"), Some(&1));
    // Away to another lesson and back: step 2 again, over /app as step 1 left it.
    let s = s.reduce(Action::OpenLesson(4));
    assert_eq!((s.lesson, s.step), (Some(4), 0));
    assert!(s.sandbox.borrow().node("/app").is_none());
    let s = s.reduce(Action::OpenLesson(1));
    assert_eq!((s.lesson, s.step, s.step_passed), (Some(1), 1, false));
    assert!(s.sandbox.borrow().node("/app").is_some());
    // Restart goes back to the first step and the lesson's setup.
    let s = s.reduce(Action::RestartLesson);
    assert_eq!(s.step, 0);
    assert!(s.sandbox.borrow().node("/app").is_none());
}

/// Opening a lesson keeps free play aside and leaving it brings it back; the recipe form keeps
/// what was started.
#[wasm_bindgen_test]
fn a_lesson_keeps_free_play_and_the_form_keeps_what_was_started() {
    use std::rc::Rc;
    use yew::Reducible;
    use zkplay_web::{Action, AppState};
    let s = Rc::new(AppState::fresh()).reduce(Action::Console("create /mine x".into()));
    assert!(s.sandbox.borrow().node("/mine").is_some());
    let s = s.reduce(Action::OpenLesson(1));
    assert!(s.sandbox.borrow().node("/mine").is_none());
    assert!(s
        .freeplay
        .as_deref()
        .is_some_and(|f| f.contains("create /mine x")));
    // Another lesson keeps the free play from before the first.
    let s = s.reduce(Action::OpenLesson(2));
    assert!(s
        .freeplay
        .as_deref()
        .is_some_and(|f| f.contains("create /mine x")));
    let s = s.reduce(Action::CloseLesson);
    assert_eq!((s.lesson, s.freeplay.clone()), (None, None));
    assert!(s.sandbox.borrow().node("/mine").is_some());
    use zkplay_core::recipes::kinds::OptionName;
    use zkplay_core::recipes::RecipeKind;
    use zkplay_web::{Field, RecipeForm};
    let form = RecipeForm::read(RecipeKind::Lock, "/locks/mine".into(), 2, |o| match o {
        OptionName::Hold => Field::Text("7000".into()),
        OptionName::Fencing => Field::Checked(false),
        _ => Field::Text(String::new()),
    })
    .unwrap();
    let s = s.reduce(Action::StartRecipe(form));
    assert_eq!(
        s.recipe_form.to_line(),
        "lock /locks/mine 2 hold=7000 rounds=1 fencing=off",
        "the form after Start"
    );
    // The script records the line as core prints it: defaults left out.
    let script = s.sandbox.borrow().script();
    assert!(
        script
            .lines()
            .any(|l| l.starts_with("recipe lock /locks/mine on ")
                && l.ends_with(" hold=7000")
                && l.split(' ').count() == 6),
        "{script}"
    );
}

/// What a step points at carries the highlight class, found by its test id.
#[wasm_bindgen_test]
async fn the_current_step_highlights_what_it_is_about() {
    let root = mount().await;
    let lesson = root
        .query_selector("[data-testid=lesson][data-lesson=first-session] button")
        .unwrap()
        .unwrap();
    wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(lesson)
        .unwrap()
        .click();
    // The lesson's sandbox replaces the free-play one: look the button up again each time.
    let highlighted = || find(&root, "[data-testid=spawn-client].tutorial-focus").is_some();
    wait_until(highlighted).await;
    assert!(highlighted());
    assert!(root
        .query_selector("[data-testid=lesson-view][data-step=\"0\"][data-passed=false]")
        .unwrap()
        .is_some());
}

/// A multi block typed in the console line by line runs at `end`, as one transaction, and is
/// one action of the script.
#[wasm_bindgen_test]
fn a_multi_typed_in_the_console_runs_at_end() {
    use std::rc::Rc;
    use yew::Reducible;
    use zkplay_web::{Action, AppState};
    let mut s = Rc::new(AppState::fresh());
    for line in ["create /m 0", "multi", "check /m 0", "set /m changed"] {
        s = s.reduce(Action::Console(line.into()));
    }
    assert_eq!(
        s.multi_draft,
        Some(zkplay_core::script::MultiBlock {
            session: "c1".into(),
            ops: vec!["check /m 0".into(), "set /m changed".into()]
        })
    );
    assert_eq!(
        s.sandbox.borrow().node("/m").unwrap().data.as_deref(),
        Some("0")
    );
    let s = s.reduce(Action::Console("end".into()));
    assert_eq!(s.multi_draft, None);
    assert_eq!(
        s.sandbox.borrow().node("/m").unwrap().data.as_deref(),
        Some("changed")
    );
    assert!(s
        .sandbox
        .borrow()
        .script()
        .contains("c1: multi\n  check /m 0\n  set /m changed\nend\n"));
}

/// Chooses a mode in the control, as a user would: by its place in the list (0 standalone,
/// 1 three servers, 2 three and an observer, …).
async fn choose_mode(root: &web_sys::Element, place: &str) {
    let select: web_sys::HtmlSelectElement = wasm_bindgen::JsCast::dyn_into(
        root.query_selector("[data-testid=ensemble-mode]")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    select.set_value(place);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    gloo_timers::future::TimeoutFuture::new(20).await;
}

/// The standalone server's diagram (an SVG element: `find` looks for HTML ones).
fn diagram(root: &web_sys::Element) -> Option<web_sys::Element> {
    root.query_selector("[data-testid=network-diagram]")
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_mode_control_draws_the_ring_and_a_server_button_shows_its_tree() {
    let root = mount().await;
    choose_mode(&root, "2").await;
    wait_until(|| find(&root, "[data-testid=ring]").is_some()).await;
    let servers = root
        .query_selector_all("[data-testid=ring-server]")
        .unwrap()
        .length();
    assert_eq!(servers, 4);
    assert!(diagram(&root).is_none());
    assert!(find(&root, "[data-testid=server]").is_none());
    // The servers are launched as the real harness launches them, highest myid first: the
    // observer, up before any voter, finds the leader at its next election poll.
    type_command(&root, "tick 1000").await;
    let observing = "[data-testid=ring-server][data-server='4'][data-state=OBSERVING]";
    wait_until(|| find(&root, observing).is_some()).await;
    assert!(find(&root, observing).is_some());
    assert_eq!(
        root.query_selector_all("[data-testid=ring-server][data-state=LEADING]")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(
        text(&root, "[data-testid=quorum]"),
        "quorum: 2 of 3 voters · 3 up and connected"
    );
    find(
        &root,
        "[data-testid=ring-server][data-server='4'] [data-testid=server-tree]",
    )
    .unwrap()
    .click();
    wait_until(|| text(&root, "[data-testid=tree-server]").starts_with("server 4")).await;
    assert_eq!(
        text(&root, "[data-testid=tree-server]"),
        "server 4 · observer · up to date"
    );
    choose_mode(&root, "0").await;
    wait_until(|| find(&root, "[data-testid=ring]").is_none()).await;
    assert!(diagram(&root).is_some());
}

// console: the simulator's lines from a client's console and, with no client selected, the
// command box.
#[wasm_bindgen_test]
fn simulator_lines_run_from_a_console_and_from_the_command_box() {
    use std::rc::Rc;
    use yew::Reducible;
    use zkplay_core::sandbox::{ConsolePart, Note};
    use zkplay_web::{Action, AppState};
    let mut s = Rc::new(AppState::fresh());
    s = s.reduce(Action::Console("tick 1000".into()));
    assert_eq!(s.error, None);
    assert!(s.sandbox.borrow().script().ends_with("tick 1000\n"));
    assert!(s
        .sandbox
        .borrow()
        .console_parts(Some("c1"), 50)
        .contains(&ConsolePart::Zkplay(Note::Ran("tick 1000".into()))));
    // With no client selected the line goes to the command box, not to a banner.
    let mut none = (*s).clone();
    none.selected_client = None;
    let s = Rc::new(none).reduce(Action::Console("server stop".into()));
    assert_eq!(s.error, None);
    assert!(s.sandbox.borrow().script().ends_with("server stop\n"));
    assert_eq!(
        s.sandbox.borrow().notes(None),
        vec![Note::Ran("server stop".into())]
    );
}

// Cards: every notification seen where it lands.

/// A watch notification to a client whose console is not shown flashes that client's card and
/// shows the event as zkCli words it; its flash is a new element (so its animation plays again).
#[wasm_bindgen_test]
async fn a_notification_flashes_the_card_of_a_client_not_shown() {
    let root = mount().await;
    let c1 = "[data-testid=client-card][data-session=c1]";
    wait_until(|| find(&root, c1).is_some()).await;
    type_command(&root, "stat -w /leader").await;
    find(&root, "[data-testid=spawn-client]").unwrap().click();
    let c2 = "[data-testid=client-card][data-session=c2]";
    wait_until(|| find(&root, &format!("{c2}.selected")).is_some()).await;
    let flash = format!("{c1} [data-testid=card-flash]");
    let before = find(&root, &flash).expect("c1's SyncConnected flashed its card");
    assert!(text(&root, &format!("{c1} [data-testid=last-event]")).contains("type:None"));
    type_command(&root, "create /leader x").await;
    let line = format!("{c1} [data-testid=last-event]");
    wait_until(|| text(&root, &line).contains("NodeCreated")).await;
    assert_eq!(
        text(&root, &line),
        "latest event: WatchedEvent state:SyncConnected type:NodeCreated path:/leader"
    );
    let after = find(&root, &flash).unwrap();
    assert!(
        !before.is_same_node(Some(&after)),
        "the flash was not played again"
    );
    // The handshake strip: all five moments happened; the session counts down.
    assert_eq!(
        root.query_selector_all(&format!("{c1} [data-testid=handshake] li.done"))
            .unwrap()
            .length(),
        5
    );
    assert!(text(&root, &format!("{c1} [data-testid=expiry]")).contains("expires in"));
}
