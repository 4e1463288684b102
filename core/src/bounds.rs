//! The bounds on every number a script line takes, in one place: how much simulated time, how
//! many events and how many of anything a pasted script, an imported file or a share link may ask
//! for. Lines are checked against them when parsed, so a value past its bound is a clear error and
//! nothing downstream can overflow, wrap, or run for ever.
//!
//! Not bounded here: the `seed` (any `u64` is a seed), and the numbers that are ZooKeeper's own —
//! versions (`int`) and TTLs (`long`, at most `TTL_MAX_MS`) — which zkCli's parser checks with
//! zkCli's messages.

/// One day of simulated time: the longest any single duration in a script may be.
pub const DAY_MS: u64 = 86_400_000;

/// The most simulated time one `tick`/`sleep` line may let pass.
pub const TICK_MS_MAX: u64 = DAY_MS;
/// The most events one `step` line may deliver.
pub const STEPS_PER_LINE_MAX: u64 = 100_000;
/// The longest `pause NAME MS` (a GC pause).
pub const PAUSE_MS_MAX: u64 = DAY_MS;
/// The most latency `delay NAME MS` may add to a client's link.
pub const DELAY_MS_MAX: u64 = DAY_MS;
/// The longest session timeout a `session NAME timeout=MS` line may ask for (the server then
/// negotiates it into its own range, as ZooKeeper does).
pub const SESSION_TIMEOUT_MS_MAX: u64 = DAY_MS;
/// The shortest: a timeout of zero is not a timeout.
pub const SESSION_TIMEOUT_MS_MIN: u64 = 1;

/// The longest a recipe holds its role (`hold=`; 0 holds it for ever) or works on a task.
pub const HOLD_MS_MAX: u64 = DAY_MS;
/// The longest pause between a recipe's items or updates (`interval=`).
pub const INTERVAL_MS_MAX: u64 = DAY_MS;
/// The most times a contender takes its role (`rounds=`); at least once.
pub const ROUNDS_MAX: u64 = 1_000;
pub const ROUNDS_MIN: u64 = 1;
/// The most items (queue items, names, tasks, versions, load updates) one recipe line may ask
/// for (`items=`): the master–worker board is quadratic in its tasks.
pub const ITEMS_MAX: u64 = 1_000;
/// The most participants a double barrier may wait for (`size=`); at least one.
pub const BARRIER_SIZE_MAX: u64 = 1_000;
pub const BARRIER_SIZE_MIN: u64 = 1;
/// The most clients one `recipe … on A,B,C` line may name.
pub const RECIPE_CLIENTS_MAX: usize = 1_000;

/// The most voters an `ensemble` line may ask for (ZooKeeper runs 3 or 5; a test of 9 is big
/// already); at least one.
pub const ENSEMBLE_VOTERS_MAX: u64 = 9;
pub const ENSEMBLE_VOTERS_MIN: u64 = 1;
/// The most observers an `ensemble` line may add after its voters.
pub const ENSEMBLE_OBSERVERS_MAX: u64 = 9;
/// The range of `tickTime=` (ZooKeeper's unit of time for its limits and session bounds).
pub const TICK_TIME_MS_MIN: u64 = 10;
pub const TICK_TIME_MS_MAX: u64 = 60_000;
/// The range of `initLimit=` and `syncLimit=`, in ticks.
pub const LIMIT_TICKS_MIN: u64 = 1;
pub const LIMIT_TICKS_MAX: u64 = 1_000;
/// The longest `wait server K MODE timeout=MS` may wait.
pub const WAIT_MS_MAX: u64 = DAY_MS;

/// How a duration's bound reads in messages.
const DAY_UNIT: &str = " ms (one day)";

/// Reads a whole number from `min` to `max`; `what` names it in the error.
pub fn parse_count(word: &str, what: &str, min: u64, max: u64) -> Result<u64, String> {
    parse_bounded(word, what, min, max, "")
}

/// Reads a duration in milliseconds from `min` to `max` (at most a day).
pub fn parse_ms(word: &str, what: &str, min: u64, max: u64) -> Result<u64, String> {
    let unit = if max == DAY_MS { DAY_UNIT } else { " ms" };
    parse_bounded(word, what, min, max, unit)
}

fn parse_bounded(word: &str, what: &str, min: u64, max: u64, unit: &str) -> Result<u64, String> {
    match word.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{what} must be a whole number from {min} to {max}{unit}, not '{word}'"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_is_inclusive_and_its_error_says_the_range() {
        assert_eq!(
            parse_ms("86400000", "the pause", 0, PAUSE_MS_MAX),
            Ok(DAY_MS)
        );
        assert_eq!(
            parse_ms("86400001", "the pause", 0, PAUSE_MS_MAX),
            Err(
                "the pause must be a whole number from 0 to 86400000 ms (one day), not '86400001'"
                    .into()
            )
        );
        assert_eq!(parse_count("1", "rounds", ROUNDS_MIN, ROUNDS_MAX), Ok(1));
        assert_eq!(
            parse_count("0", "rounds", ROUNDS_MIN, ROUNDS_MAX),
            Err("rounds must be a whole number from 1 to 1000, not '0'".into())
        );
    }

    #[test]
    fn what_does_not_fit_a_u64_is_out_of_range_not_wrapped() {
        for word in [
            "18446744073709551615",
            "18446744073709551616",
            "-1",
            "1e3",
            "",
            "0x10",
        ] {
            assert!(parse_ms(word, "hold", 0, HOLD_MS_MAX).is_err(), "{word}");
        }
    }
}
