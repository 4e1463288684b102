//! Play: `speed` events every [`PLAY_INTERVAL_MS`] while playing.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::state::Action;

/// How often "play" delivers the next events.
const PLAY_INTERVAL_MS: u32 = 120;

/// While `playing`, dispatches `Steps(speed)` every [`PLAY_INTERVAL_MS`].
#[hook]
pub fn use_play(playing: bool, speed: u32, dispatch: &Callback<Action>) {
    let dispatch = dispatch.clone();
    use_effect_with((playing, speed), move |(playing, speed)| {
        let speed = *speed;
        let timer = playing.then(|| {
            Interval::new(PLAY_INTERVAL_MS, move || {
                dispatch.emit(Action::Steps(speed))
            })
        });
        move || drop(timer)
    });
}
