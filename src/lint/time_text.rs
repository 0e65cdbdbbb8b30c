//! UTC offsets and durations as the rules' messages write them.

/// `+08:00` for 28800 seconds.
pub(crate) fn format_offset(seconds: i64) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

/// `8 h 0 min`, `3 d 2 h 5 min`, `1 min 5 s`, `12.5 s`, `250 ms`.
pub(crate) fn duration(millis: u64) -> String {
    const SECOND: u64 = 1000;
    const MINUTE: u64 = 60 * SECOND;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    let seconds = |ms: u64| {
        if ms.is_multiple_of(SECOND) {
            format!("{} s", ms / SECOND)
        } else {
            let text = format!("{}.{:03}", ms / SECOND, ms % SECOND);
            format!("{} s", text.trim_end_matches('0'))
        }
    };
    let rest_seconds = millis % MINUTE;
    let tail = if rest_seconds == 0 {
        String::new()
    } else {
        format!(" {}", seconds(rest_seconds))
    };
    if millis >= DAY {
        format!(
            "{} d {} h {} min{tail}",
            millis / DAY,
            millis % DAY / HOUR,
            millis % HOUR / MINUTE
        )
    } else if millis >= HOUR {
        format!("{} h {} min{tail}", millis / HOUR, millis % HOUR / MINUTE)
    } else if millis >= MINUTE {
        format!("{} min{tail}", millis / MINUTE)
    } else if millis >= SECOND {
        seconds(millis)
    } else {
        format!("{millis} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_durations_read_naturally() {
        assert_eq!(duration(8 * 3600 * 1000), "8 h 0 min");
        assert_eq!(duration(86_400_000 * 3 + 7_500), "3 d 0 h 0 min 7.5 s");
        assert_eq!(duration(65_000), "1 min 5 s");
        assert_eq!(duration(250), "250 ms");
        assert_eq!(format_offset(-4 * 3600 - 1800), "-04:30");
    }
}
