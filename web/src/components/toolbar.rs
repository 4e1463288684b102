//! Time controls and the sandbox's file actions.

use yew::prelude::*;
use zkplay_core::recipes::monitor::Property;
use zkplay_core::sandbox::TimelineMark;
use zkplay_core::script::parse::SimCommand;
use zkplay_core::script::ScriptLine;
use zkplay_core::tutorial::Lang;

use crate::messages::Msg;
use crate::state::{Action, Tool};

/// What the toolbar shows. A plain function draws it, not a component: it holds no state of
/// its own, what it shows (the time, the step) changes on nearly every action anyway, and a
/// component's machinery costs the page's first load more.
pub struct ToolbarProps {
    pub seed: u64,
    /// Where the moments ① to ⑤ of session starts fell, by step.
    pub marks: std::rc::Rc<Vec<TimelineMark>>,
    pub now_ms: u64,
    pub steps: u64,
    pub playing: bool,
    pub speed: u32,
    pub server_up: bool,
    /// The sandbox's servers: (0, 0) standalone, else (voters, observers) of its ensemble.
    pub mode: (u32, u32),
    pub dispatch: Callback<Action>,
    pub on_share: Callback<MouseEvent>,
    pub lang: Lang,
    /// The safety violations reported (each once): marked ⚠ on the timeline, the first one
    /// a button away.
    pub violations: std::rc::Rc<Vec<zkplay_core::recipes::Violation>>,
    /// A loaded failure's violation the page's own checks cannot see (`AppState::found_mark`).
    pub found: Option<(u64, Property)>,
}

pub fn toolbar(p: &ToolbarProps) -> Html {
    let d = &p.dispatch;
    // Each violation's event and property.
    let violations: Vec<(u64, Property)> = p
        .violations
        .iter()
        .map(|v| (v.step, v.property))
        .chain(p.found)
        .collect();
    let on_seek = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                if let Ok(v) = i.value().parse::<u64>() {
                    d.emit(Action::Seek(v));
                }
            }
        })
    };
    let on_lang = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let lang = Lang::from_code(&s.value());
                crate::storage::save_lang(lang);
                d.emit(Action::SetLang(lang));
            }
        })
    };
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                d.emit(Action::SetSpeed(s.value().parse().unwrap_or(1)));
            }
        })
    };
    // The select shows the sandbox's mode, not the user's last pick: a refused change (while a
    // script loads) puts it back at once, and a new mode draws a new select (keyed on it).
    let current_mode = MODES
        .iter()
        .position(|m| *m == p.mode)
        .map(|i| i.to_string())
        .unwrap_or_default();
    let on_mode = {
        let d = d.clone();
        let current = current_mode.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Some(&(voters, observers)) =
                    s.value().parse().ok().and_then(|i: usize| MODES.get(i))
                {
                    s.set_value(&current);
                    d.emit(Action::Mode { voters, observers });
                }
            }
        })
    };
    let l = p.lang;
    let t = |m: Msg| m.text(l);
    let server_line = ScriptLine::Sim(if p.server_up {
        SimCommand::ServerStop
    } else {
        SimCommand::ServerStart
    });
    html! {
        <header class="top">
            <h1>{ t(Msg::Brand) }</h1>
            <span class="tagline">{ t(Msg::Tagline) }</span>
            <div class="time" aria-label={t(Msg::TimeControls)}>
                <button data-testid="step-back" title={t(Msg::StepBackTitle)} onclick={d.reform(|_| Action::StepBack)}>{ t(Msg::StepBack) }</button>
                <button data-testid="play" title={t(Msg::PlayTitle)} onclick={d.reform(|_| Action::TogglePlay)}>
                    { t(if p.playing { Msg::Pause } else { Msg::Play }) }
                </button>
                <button data-testid="step" title={t(Msg::StepTitle)} onclick={d.reform(|_| Action::Step)}>{ t(Msg::Step) }</button>
                <select aria-label={t(Msg::Speed)} title={t(Msg::SpeedTitle)} onchange={on_speed}>
                    { for [1u32, 4, 20, 100].iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == p.speed}>{ Msg::SpeedOption.fill(l, &[s]) }</option>
                    }) }
                </select>
                <button data-testid="tick-1s" title={t(Msg::TickOneTitle)} onclick={d.reform(|_| Action::Tick(1000))}>{ t(Msg::TickOne) }</button>
                <button data-testid="tick-10s" title={t(Msg::TickTenTitle)} onclick={d.reform(|_| Action::Tick(10_000))}>{ t(Msg::TickTen) }</button>
                <span class="timeline-wrap">
                    <input type="range" class="timeline" min="0" max={(p.steps + 50).to_string()} value={p.steps.to_string()}
                        aria-label={t(Msg::Timeline)} data-testid="timeline" onchange={on_seek} />
                    { timeline_marks(l, &p.marks, &violations, p.steps + 50) }
                </span>
                if let Some((step, _)) = violations.iter().min_by_key(|v| v.0) {
                    // Back to the event before the one that reported it: the next Deliver ▶
                    // shows the violation happen.
                    <button class="violation-go" data-testid="go-to-violation" title={t(Msg::GoToViolationTitle)}
                        onclick={d.reform({ let at = step.saturating_sub(1); move |_| Action::Seek(at) })}>{ t(Msg::GoToViolation) }</button>
                }
                <span class="clock" data-testid="sim-time">{ Msg::Clock.fill(l, &[&format!("{}.{:03}", p.now_ms / 1000, p.now_ms % 1000)]) }</span>
                <span class="muted" data-testid="step-count" title={t(Msg::GlossSeed)}>{ Msg::StepAndSeed.fill(l, &[&p.steps, &p.seed]) }</span>
                <select key={current_mode} data-testid="ensemble-mode" aria-label={t(Msg::Mode)} title={t(Msg::Mode)} onchange={on_mode}>
                    { for MODES.iter().enumerate().map(|(i, m)| html! {
                        <option value={i.to_string()} selected={*m == p.mode}>{ mode_name(l, *m) }</option>
                    }) }
                    // An imported ensemble of another shape: shown, not offered.
                    if !MODES.contains(&p.mode) {
                        <option value="" selected=true disabled=true>{ mode_name(l, p.mode) }</option>
                    }
                </select>
                // An ensemble's servers have their own buttons, on the ring.
                if p.mode.0 == 0 {
                    <button class={classes!("server", (!p.server_up).then_some("down"))} data-testid="server"
                        title={t(if p.server_up { Msg::ServerUpTitle } else { Msg::ServerDownTitle })}
                        onclick={d.reform(move |_| Action::Line(server_line.clone()))}>
                        { t(if p.server_up { Msg::ServerUp } else { Msg::ServerDown }) }
                    </button>
                }
            </div>
            <div class="files">
                <select data-testid="language" aria-label={t(Msg::Language)} onchange={on_lang}>
                    <option value="en" selected={l == Lang::En}>{ t(Msg::English) }</option>
                    <option value="zh" selected={l == Lang::Zh}>{ t(Msg::Chinese) }</option>
                </select>
                <button data-testid="explore" title={t(Msg::ExploreTitle)} onclick={d.reform(|_| Action::Tool(Some(Tool::Explore)))}>{ t(Msg::Explore) }</button>
                <button data-testid="export" onclick={d.reform(|_| Action::Tool(Some(Tool::Export)))}>{ t(Msg::Export) }</button>
                <button data-testid="import" onclick={d.reform(|_| Action::Tool(Some(Tool::Import)))}>{ t(Msg::Import) }</button>
                <button data-testid="share" onclick={p.on_share.clone()} title={t(Msg::ShareLinkTitle)}>{ t(Msg::ShareLink) }</button>
                <button data-testid="reset" onclick={d.reform(|_| Action::Reset)}>{ t(Msg::Reset) }</button>
            </div>
        </header>
    }
}

/// The modes the control offers: (voters, observers), (0, 0) for the standalone server.
const MODES: [(u32, u32); 5] = [(0, 0), (3, 0), (3, 1), (5, 0), (5, 2)];

fn mode_name(l: Lang, (voters, observers): (u32, u32)) -> String {
    match (voters, observers) {
        (0, _) => Msg::ModeStandalone.text(l).into(),
        (v, 0) => Msg::ModeEnsemble.fill(l, &[&v]),
        (v, o) => Msg::ModeEnsembleObservers.fill(l, &[&v, &o]),
    }
}

/// The moments ① to ⑤ under the timeline, each where its step is on the slider, on one row
/// inside the slider's width (see `lay_out_marks`).
fn timeline_marks(
    l: Lang,
    marks: &[TimelineMark],
    violations: &[(u64, Property)],
    steps_max: u64,
) -> Html {
    let steps_max = steps_max.max(1);
    let spans: Vec<(u64, u64)> = marks
        .iter()
        .map(|m| {
            let bp = m.step.min(steps_max) * 10_000 / steps_max;
            (bp, m.moments.len() as u64 * MARK_GLYPH_BP)
        })
        .collect();
    let placed = lay_out_marks(&spans);
    // Hundredths of a percent, without the float formatter.
    let pct = |bp: u64| format!("{}.{:02}%", bp / 100, bp % 100);
    html! {
        <svg class="timeline-marks" data-testid="timeline-marks" role="img" aria-label={Msg::TimelineMarks.text(l)}>
            { for marks.iter().zip(&spans).zip(placed).filter_map(|((m, (_, width)), x)| {
                let x = x?;
                let labels: String = m.moments.iter().map(|x| x.label()).collect();
                Some(html! {
                    <text x={pct(x)} y="12" textLength={pct(*width)} lengthAdjust="spacingAndGlyphs"
                        data-step={m.step.to_string()} data-testid="timeline-mark">
                        <title>{ m.moments.iter().map(|x| crate::components::network::moment_words(l, *x)).collect::<Vec<_>>().join(" · ") }</title>
                        { labels }
                    </text>
                })
            }) }
            // The violations reported, over the moments: a ⚠ where each was reported.
            { for violations.iter().map(|&(step, property)| {
                let bp = step.min(steps_max) * 10_000 / steps_max;
                html! {
                    <text class="violation-mark" x={pct(bp.saturating_sub(VIOLATION_GLYPH_BP / 2))} y="12"
                        data-step={step.to_string()} data-testid="violation-mark">
                        <title>{ Msg::ViolationMark.fill(l, &[&step, &crate::messages::property(l, property).plain()]) }</title>
                        { "⚠" }
                    </text>
                }
            }) }
        </svg>
    }
}

/// The ⚠ glyph's width, in hundredths of a percent of the slider.
const VIOLATION_GLYPH_BP: u64 = 1_000;

/// A mark's glyph's width, in hundredths of a percent of the slider (11 px of its 7 rem).
const MARK_GLYPH_BP: u64 = 1_000;

/// Where each mark starts on one row, in hundredths of a percent of the slider: `spans` are
/// (where its step is, its width), in step order. A mark is centred on its step, moved right
/// past the mark before it and left to end inside the slider; one that then would overlap the
/// mark before it is left out (`None`): the row thins, never wraps.
pub(crate) fn lay_out_marks(spans: &[(u64, u64)]) -> Vec<Option<u64>> {
    let mut end = 0;
    spans
        .iter()
        .map(|&(at, width)| {
            let x = at.saturating_sub(width / 2).max(end);
            let x = x.min(10_000u64.saturating_sub(width));
            (x >= end && width <= 10_000).then(|| {
                end = x + width;
                x
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::lay_out_marks;

    #[test]
    fn marks_lie_on_one_row_inside_the_slider() {
        // Far apart: each centred on its step.
        assert_eq!(
            lay_out_marks(&[(2_000, 1_000), (6_000, 2_000)]),
            [Some(1_500), Some(5_000)]
        );
        // At the slider's end: moved left to end inside it.
        assert_eq!(lay_out_marks(&[(9_900, 3_000)]), [Some(7_000)]);
        // Close together: offset right; one with no room left is left out.
        let placed = lay_out_marks(&[(100, 3_000), (200, 2_000), (9_000, 3_000), (9_100, 3_000)]);
        assert_eq!(placed, [Some(0), Some(3_000), Some(7_000), None]);
        // Whatever the marks, none overlaps another or passes either end.
        let spans: Vec<(u64, u64)> = (0..40)
            .map(|i| (i * 97 % 10_000, 1_000 + i % 3 * 1_000))
            .collect();
        let mut end = 0;
        for (x, (_, w)) in lay_out_marks(&spans).into_iter().zip(&spans) {
            if let Some(x) = x {
                assert!(x >= end && x + w <= 10_000);
                end = x + w;
            }
        }
    }
}
