//! How big a slice of loading work is: sized from how long the last one took, so each takes a
//! few milliseconds on this machine and the page draws and answers clicks between slices.

/// How long one slice (its events and the render after it) should take: half a frame at 60 Hz.
pub const SLICE_MS_TARGET: f64 = 8.0;
/// The first slice's events: enough that a small script loads at once, without a frame of the
/// page before it.
pub const FIRST_SLICE_EVENTS: u64 = 20_000;
/// The smallest and largest slices.
pub const SLICE_EVENTS_MIN: u64 = 100;
pub const SLICE_EVENTS_MAX: u64 = 1_000_000;

/// The next slice's events, from the last slice's events and how long it took: scaled toward the
/// target, at most doubling at a time (a quick slice may have been a quick line, not a fast
/// machine).
pub fn next_events(events: u64, elapsed_ms: f64) -> u64 {
    let scaled = if elapsed_ms > 0.0 {
        (events as f64 * SLICE_MS_TARGET / elapsed_ms).min(events as f64 * 2.0)
    } else {
        events as f64 * 2.0
    };
    (scaled as u64).clamp(SLICE_EVENTS_MIN, SLICE_EVENTS_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_tend_to_the_target_time() {
        assert_eq!(next_events(10_000, 16.0), 5_000);
        assert_eq!(next_events(10_000, 8.0), 10_000);
        assert_eq!(next_events(10_000, 1.0), 20_000);
        assert_eq!(next_events(10_000, 0.0), 20_000);
        assert_eq!(next_events(200, 1_000.0), SLICE_EVENTS_MIN);
        assert_eq!(next_events(SLICE_EVENTS_MAX, 0.5), SLICE_EVENTS_MAX);
    }
}
