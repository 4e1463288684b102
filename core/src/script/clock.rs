//! The `clock` line: the simulated wall clock's origin (what `ctime` and `mtime` count from),
//! written as a UTC time so a scenario's dates look real and stay the same on every replay.

/// The earliest origin a script may set: 1970-01-01T00:00:00Z.
pub const CLOCK_MS_MIN: i64 = 0;
/// The latest origin a script may set: 9999-12-31T23:59:59Z (four-digit years only).
pub const CLOCK_MS_MAX: i64 = 253_402_300_799_000;

/// How the line is written.
pub const USAGE: &str = "usage: clock YYYY-MM-DDTHH:MM:SSZ (UTC), e.g. clock 2026-11-25T22:44:00Z";

/// Reads `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds) as milliseconds since 1970.
pub fn parse_clock(text: &str) -> Result<i64, String> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(USAGE.into());
    }
    let field = |from: usize, to: usize| -> i64 {
        b[from..to]
            .iter()
            .fold(0, |n, c| n * 10 + i64::from(c - b'0'))
    };
    let (year, month, day) = (field(0, 4), field(5, 7), field(8, 10));
    let (hour, minute, second) = (field(11, 13), field(14, 16), field(17, 19));
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(format!("'{text}' has no such date"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!("'{text}' has no such time of day"));
    }
    let ms =
        (days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000;
    if !(CLOCK_MS_MIN..=CLOCK_MS_MAX).contains(&ms) {
        return Err(format!(
            "the clock must be between {} and {}",
            clock_text(CLOCK_MS_MIN),
            clock_text(CLOCK_MS_MAX)
        ));
    }
    Ok(ms)
}

/// Milliseconds since 1970 as the `clock` line writes them (whole seconds, rounded down).
pub fn clock_text(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The `clock` line for a new scenario that starts at `wall_ms` (the page's clock), brought
/// into the range a script accepts.
pub fn clock_line(wall_ms: i64) -> String {
    format!(
        "clock {}",
        clock_text(wall_ms.clamp(CLOCK_MS_MIN, CLOCK_MS_MAX))
    )
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (the inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utc_times() {
        assert_eq!(parse_clock("1970-01-01T00:00:00Z"), Ok(0));
        // `date -u -d 2026-11-25T22:44:00Z +%s` is 1795646640.
        assert_eq!(parse_clock("2026-11-25T22:44:00Z"), Ok(1_795_646_640_000));
        assert_eq!(parse_clock("2024-02-29T23:59:59Z"), Ok(1_709_251_199_000));
        assert_eq!(parse_clock("9999-12-31T23:59:59Z"), Ok(CLOCK_MS_MAX));
    }

    #[test]
    fn writes_what_it_reads() {
        for ms in [0, 1_795_646_640_000, 951_782_400_000, CLOCK_MS_MAX] {
            assert_eq!(parse_clock(&clock_text(ms)), Ok(ms));
        }
        assert_eq!(clock_text(1_795_646_640_999), "2026-11-25T22:44:00Z");
        assert_eq!(clock_line(1_795_646_640_999), "clock 2026-11-25T22:44:00Z");
    }

    #[test]
    fn a_new_scenario_clock_stays_in_range() {
        assert_eq!(clock_line(-5), "clock 1970-01-01T00:00:00Z");
        assert_eq!(clock_line(i64::MAX), "clock 9999-12-31T23:59:59Z");
    }

    #[test]
    fn refuses_other_shapes_with_the_usage() {
        for bad in [
            "",
            "1795646640000",
            "2026-11-25",
            "2026-11-25 22:44:00Z",
            "2026-11-25T22:44:00",
            "2026-11-25T22:44:00.000Z",
            "2026-11-25T22:44:00+01:00",
            "+2026-11-25T22:44:0Z",
            "２026-11-25T22:44:00Z",
        ] {
            assert_eq!(parse_clock(bad), Err(USAGE.to_string()), "{bad}");
        }
    }

    #[test]
    fn refuses_impossible_dates_and_times() {
        for bad in [
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-01-00T00:00:00Z",
        ] {
            assert!(
                parse_clock(bad).unwrap_err().contains("no such date"),
                "{bad}"
            );
        }
        for bad in [
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-06-30T23:59:60Z",
        ] {
            assert!(
                parse_clock(bad).unwrap_err().contains("no such time"),
                "{bad}"
            );
        }
    }

    #[test]
    fn is_a_script_line() {
        use crate::script::parse::{parse_script, SimCommand, StepKind};
        let steps = parse_script("clock 2026-11-25T22:44:00Z\nclock\nclock 2026-11-25 22:44\n");
        assert_eq!(
            steps[0].kind,
            StepKind::Sim(SimCommand::Clock(1_795_646_640_000))
        );
        assert_eq!(steps[1].kind, StepKind::Invalid(USAGE.into()));
        assert_eq!(steps[2].kind, StepKind::Invalid(USAGE.into()));
    }

    #[test]
    fn refuses_times_before_1970() {
        for bad in ["1969-12-31T23:59:59Z", "0000-01-01T00:00:00Z"] {
            assert_eq!(
                parse_clock(bad),
                Err(
                    "the clock must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z"
                        .into()
                )
            );
        }
    }
}
