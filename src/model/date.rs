use std::fmt;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};

use crate::quoting::quoted;

/// The front matter's `date`: the text as written and the date-time it denotes.
///
/// Accepts what Jekyll accepts: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff]]` with an
/// optional offset (` +0800`, `+08:00`, `Z`, ` UTC`), and RFC 3339
/// (`2024-07-03T08:00:33.000Z`). Month, day and hour may have one digit. The offset is kept
/// as written; a date without one has no instant of its own, and [`PostDate::instant`]
/// reads it as UTC.
///
/// ```
/// use newspost::PostDate;
/// let d = PostDate::parse("2024-07-03 16:00:33 +0800")?;
/// assert_eq!(d.to_rfc3339(), "2024-07-03T16:00:33+08:00");
/// assert_eq!(d.instant().timestamp_millis(), 1_719_993_633_000);
/// assert!(PostDate::parse("2024-02-30").is_err());
/// # Ok::<(), newspost::DateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PostDate {
    text: String,
    date: NaiveDate,
    time: Option<NaiveTime>,
    offset: Option<FixedOffset>,
    precision: Precision,
}

/// How much of a time a [`PostDate`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Precision {
    /// A calendar day only.
    Day,
    /// Hours and minutes.
    Minute,
    /// Whole seconds.
    Second,
    /// Seconds with this many fraction digits (`.000` is 3).
    Fraction(u8),
}

/// Why a text is not a date a post can carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text does not have the shape of a date.
    #[error("`{}` is not a date in a form Jekyll accepts (YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS[.fff]] [±HH:MM|±HHMM|Z], RFC 3339)", quoted(.0))]
    Form(String),
    /// The shape is right but no such day exists.
    #[error("`{}` is not a real calendar date", quoted(.0))]
    Calendar(String),
    /// The shape is right but no such time of day exists.
    #[error("`{}` has an impossible time of day", quoted(.0))]
    Time(String),
    /// The offset is out of range.
    #[error("`{}` has an impossible UTC offset", quoted(.0))]
    Offset(String),
}

impl PostDate {
    /// Parses a date as the front matter writes it (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Result<PostDate, DateError> {
        let form = || DateError::Form(text.to_owned());
        let mut s = Scanner::new(text.trim());
        let year = s.digits(4, 4).ok_or_else(form)?;
        s.expect(b'-').ok_or_else(form)?;
        let month = s.digits(1, 2).ok_or_else(form)?;
        s.expect(b'-').ok_or_else(form)?;
        let day = s.digits(1, 2).ok_or_else(form)?;
        let date = i32::try_from(year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
            .ok_or_else(|| DateError::Calendar(text.to_owned()))?;
        let mut parsed = PostDate {
            text: text.to_owned(),
            date,
            time: None,
            offset: None,
            precision: Precision::Day,
        };
        if s.at_end() {
            return Ok(parsed);
        }
        if !(s.eat(b'T') || s.eat(b't') || s.spaces()) {
            return Err(form());
        }
        let hour = s.digits(1, 2).ok_or_else(form)?;
        s.expect(b':').ok_or_else(form)?;
        let minute = s.digits(2, 2).ok_or_else(form)?;
        let (mut second, mut nanos) = (0, 0);
        parsed.precision = Precision::Minute;
        if s.eat(b':') {
            second = s.digits(2, 2).ok_or_else(form)?;
            parsed.precision = Precision::Second;
            if s.eat(b'.') {
                let (value, count) = s.fraction().ok_or_else(form)?;
                nanos = value;
                parsed.precision = Precision::Fraction(count);
            }
        }
        parsed.time = Some(
            NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
                .filter(|_| second < 60)
                .ok_or_else(|| DateError::Time(text.to_owned()))?,
        );
        s.spaces();
        if s.at_end() {
            return Ok(parsed);
        }
        let offset_seconds = if s.eat(b'Z') || s.eat(b'z') || s.eat_word("UTC") || s.eat_word("GMT")
        {
            0
        } else {
            let sign = if s.eat(b'+') {
                1
            } else if s.eat(b'-') {
                -1
            } else {
                return Err(form());
            };
            let hours = s.fixed_digits(2).ok_or_else(form)?;
            let minutes = if s.at_end() {
                0
            } else {
                s.eat(b':');
                s.fixed_digits(2).ok_or_else(form)?
            };
            if hours > 23 || minutes > 59 {
                return Err(DateError::Offset(text.to_owned()));
            }
            sign * i32::try_from(hours * 3600 + minutes * 60).map_err(|_| form())?
        };
        if !s.at_end() {
            return Err(form());
        }
        parsed.offset = Some(
            FixedOffset::east_opt(offset_seconds)
                .ok_or_else(|| DateError::Offset(text.to_owned()))?,
        );
        Ok(parsed)
    }

    /// Parses a date as mail and feeds write it, RFC 2822 (`Tue, 30 Jun 2020 15:04:14
    /// +0000`; the weekday and the seconds may be left out). Older archives write the
    /// post's date so on a `日期：` line under the header.
    ///
    /// ```
    /// use newspost::PostDate;
    /// let d = PostDate::parse_rfc2822("Tue, 30 Jun 2020 15:04:14 +0000")?;
    /// assert_eq!(d.text(), "Tue, 30 Jun 2020 15:04:14 +0000");
    /// assert_eq!(d.to_rfc3339(), "2020-06-30T15:04:14Z");
    /// assert!(PostDate::parse_rfc2822("Wed, 30 Jun 2020 15:04:14 +0000").is_err());
    /// # Ok::<(), newspost::DateError>(())
    /// ```
    pub fn parse_rfc2822(text: &str) -> Result<PostDate, DateError> {
        let trimmed = text.trim();
        let instant =
            DateTime::parse_from_rfc2822(trimmed).map_err(|_| DateError::Form(text.to_owned()))?;
        // "HH:MM" or "HH:MM:SS": the time is the only part with colons.
        let colons = trimmed.bytes().filter(|&b| b == b':').count();
        Ok(PostDate {
            text: text.to_owned(),
            date: instant.date_naive(),
            time: Some(instant.time()),
            offset: Some(*instant.offset()),
            precision: if colons >= 2 {
                Precision::Second
            } else {
                Precision::Minute
            },
        })
    }

    /// The instant in UTC as RFC 3339 with milliseconds (`2024-07-03T08:00:33.000Z`), the
    /// normalised form for machines; a date without an offset is read as UTC.
    pub fn instant_rfc3339(&self) -> String {
        self.instant()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// A date for an instant, written in RFC 3339 with milliseconds in the given offset
    /// (`2024-07-03T16:00:33.000+08:00`), as tools that write this format do.
    pub fn from_datetime(instant: DateTime<FixedOffset>) -> PostDate {
        let text = instant.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string();
        let text = text.replace("+00:00", "Z");
        // Formatting always yields a parseable text; fall back to the pieces if not.
        PostDate::parse(&text).unwrap_or(PostDate {
            date: instant.date_naive(),
            time: Some(instant.time()),
            offset: Some(*instant.offset()),
            precision: Precision::Fraction(3),
            text,
        })
    }

    /// The text as written in the front matter.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The calendar day as written (in the date's own offset).
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The time of day as written, if the date has one.
    pub fn time(&self) -> Option<NaiveTime> {
        self.time
    }

    /// The UTC offset as written, if any.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }

    /// How much of a time the text gives.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The date and time as written, without offset (midnight for a bare day).
    pub fn naive(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }

    /// The instant; a date without an offset is read as UTC.
    pub fn instant(&self) -> DateTime<Utc> {
        let naive = self.naive();
        match self.offset {
            Some(offset) => match offset.from_local_datetime(&naive).single() {
                Some(dt) => dt.with_timezone(&Utc),
                None => Utc.from_utc_datetime(&naive),
            },
            None => Utc.from_utc_datetime(&naive),
        }
    }

    /// The instant in the date's own offset (UTC when it has none).
    pub fn with_offset(&self) -> DateTime<FixedOffset> {
        let offset = self
            .offset
            .unwrap_or(FixedOffset::east_opt(0).unwrap_or_else(|| Utc.fix()));
        self.instant().with_timezone(&offset)
    }

    /// The date as RFC 3339 in its own offset, with as many fraction digits as written.
    /// A date without an offset is rendered without one (`2024-07-03T16:00:33`), a bare
    /// day as `2024-07-03`.
    pub fn to_rfc3339(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(40);
        // `write!` to a `String` cannot fail. Written by hand: chrono's `format` parses its
        // pattern on every call, and JSON output renders a date per post.
        let year = self.date.year();
        let _ = if (0..=9999).contains(&year) {
            write!(out, "{year:04}")
        } else {
            write!(out, "{year:+05}")
        };
        let _ = write!(out, "-{:02}-{:02}", self.date.month(), self.date.day());
        let Some(time) = self.time else {
            return out;
        };
        let _ = write!(
            out,
            "T{:02}:{:02}:{:02}",
            time.hour(),
            time.minute(),
            time.second()
        );
        if let Precision::Fraction(digits) = self.precision {
            let nanos = format!("{:09}", time.nanosecond());
            out.push('.');
            let digits = usize::from(digits);
            out.push_str(&nanos[..digits.min(9)]);
            out.extend(std::iter::repeat_n('0', digits.saturating_sub(9)));
        }
        match self.offset {
            Some(offset) if offset.local_minus_utc() == 0 => out.push('Z'),
            Some(offset) => out.push_str(&offset.to_string()),
            None => {}
        }
        out
    }
}

impl fmt::Display for PostDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A byte cursor over an ASCII grammar.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    fn spaces(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.pos > start
    }

    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.pos;
        while self.pos - start < max && self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        let count = self.pos - start;
        if count < min || self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        self.bytes[start..self.pos].iter().try_fold(0u32, |n, &d| {
            n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
    }

    /// Exactly `n` digits, whatever follows.
    fn fixed_digits(&mut self, n: usize) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + n)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos += n;
        std::str::from_utf8(digits).ok()?.parse().ok()
    }

    /// Fraction digits after the point: nanoseconds (first nine digits) and the count.
    fn fraction(&mut self) -> Option<(u32, u8)> {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        let digits = &self.bytes[start..self.pos];
        if digits.is_empty() {
            return None;
        }
        let mut nanos = 0u32;
        for i in 0..9 {
            nanos = nanos * 10 + u32::from(digits.get(i).map_or(0, |d| d - b'0'));
        }
        Some((nanos, u8::try_from(digits.len()).unwrap_or(u8::MAX)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(text: &str) -> i64 {
        PostDate::parse(text)
            .expect(text)
            .instant()
            .timestamp_millis()
    }

    /// Rendering by hand agrees with chrono's formatting.
    #[test]
    fn rfc3339_matches_chrono_formatting() {
        for text in [
            "2024-07-03",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999+14:00",
            "2024-07-03T08:00:33.000Z",
            "2024-07-03T08:00:33.1-03:30",
            "2024-07-03 08:00",
            "2024-02-29T08:00:33+08:00",
        ] {
            let d = PostDate::parse(text).expect(text);
            let mut expected = d.date.format("%Y-%m-%d").to_string();
            if let Some(time) = d.time {
                expected.push_str(&time.format("T%H:%M:%S").to_string());
                if let Precision::Fraction(digits) = d.precision {
                    let nanos = format!("{:09}", time.nanosecond());
                    expected.push('.');
                    expected.push_str(&nanos[..usize::from(digits).min(9)]);
                }
                match d.offset {
                    Some(offset) if offset.local_minus_utc() == 0 => expected.push('Z'),
                    Some(offset) => expected.push_str(&offset.to_string()),
                    None => {}
                }
            }
            assert_eq!(d.to_rfc3339(), expected, "{text}");
        }
    }

    #[test]
    fn every_jekyll_form_gives_the_same_instant() {
        for text in [
            "2024-07-03T08:00:33Z",
            "2024-07-03T08:00:33.000Z",
            "2024-07-03 16:00:33 +0800",
            "2024-07-03 16:00:33 +08:00",
            "2024-07-03T16:00:33+08:00",
            "2024-07-03 16:00:33+0800",
            "2024-07-03T04:00:33-04:00",
            "2024-07-03 08:00:33 UTC",
            "2024-7-3 8:00:33Z",
        ] {
            assert_eq!(millis(text), 1_719_993_633_000, "{text}");
        }
        assert_eq!(millis("2024-07-03T08:00:33.512Z"), 1_719_993_633_512);
        assert_eq!(millis("2024-07-03"), 1_719_964_800_000);
        assert_eq!(millis("2024-07-03 08:00"), 1_719_993_600_000);
    }

    #[test]
    fn precision_and_offset_are_kept() {
        let d = PostDate::parse("2024-07-03T16:00:33.250-04:00").unwrap();
        assert_eq!(d.precision(), Precision::Fraction(3));
        assert_eq!(d.offset().map(|o| o.local_minus_utc()), Some(-4 * 3600));
        assert_eq!(d.to_rfc3339(), "2024-07-03T16:00:33.250-04:00");
        assert_eq!(d.date(), NaiveDate::from_ymd_opt(2024, 7, 3).unwrap());
        let d = PostDate::parse("2024-07-03 16:00:33").unwrap();
        assert_eq!(d.offset(), None);
        assert_eq!(d.to_rfc3339(), "2024-07-03T16:00:33");
        assert_eq!(
            PostDate::parse("2024-07-03").unwrap().precision(),
            Precision::Day
        );
    }

    #[test]
    fn rfc3339_rendering_parses_back_to_an_equal_instant() {
        for text in [
            "2024-07-03 16:00:33 +0800",
            "2024-07-03T08:00:33.5Z",
            "2024-07-03",
            "2024-07-03 16:00",
        ] {
            let d = PostDate::parse(text).unwrap();
            let again = PostDate::parse(&d.to_rfc3339()).unwrap();
            assert_eq!(again.instant(), d.instant());
        }
    }

    #[test]
    fn impossible_and_malformed_dates_are_rejected() {
        assert!(matches!(
            PostDate::parse("2021-02-29"),
            Err(DateError::Calendar(_))
        ));
        assert!(matches!(
            PostDate::parse("2024-13-01"),
            Err(DateError::Calendar(_))
        ));
        assert!(matches!(
            PostDate::parse("2024-07-03 25:00:00Z"),
            Err(DateError::Time(_))
        ));
        assert!(matches!(
            PostDate::parse("2024-07-03 12:00:60Z"),
            Err(DateError::Time(_))
        ));
        assert!(matches!(
            PostDate::parse("2024-07-03 12:00:00 +2500"),
            Err(DateError::Offset(_))
        ));
        for bad in [
            "",
            "yesterday",
            "03/07/2024",
            "2024-07-03T",
            "2024-07-03 12",
            "20240703",
            "2024-07-03 12:00:00 +08:00 x",
            "１２３４-01-01",
        ] {
            assert!(PostDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rfc2822_dates_keep_their_text_and_give_their_instant() {
        let d = PostDate::parse_rfc2822("Thu, 02 Jul 2020 18:28:24 +0000").unwrap();
        assert_eq!(d.instant().timestamp(), 1_593_714_504);
        assert_eq!(d.precision(), Precision::Second);
        assert_eq!(d.instant_rfc3339(), "2020-07-02T18:28:24.000Z");
        let d = PostDate::parse_rfc2822("2 Jul 2020 20:28 +0200").unwrap();
        assert_eq!(d.precision(), Precision::Minute);
        assert_eq!(d.instant_rfc3339(), "2020-07-02T18:28:00.000Z");
        assert!(PostDate::parse_rfc2822("2020-07-02").is_err());
    }

    #[test]
    fn the_instant_is_utc_with_milliseconds() {
        for (text, instant) in [
            ("2019-11-15T06:05:43+00:00", "2019-11-15T06:05:43.000Z"),
            ("2024-07-03 16:00:33 +0800", "2024-07-03T08:00:33.000Z"),
            ("2024-07-03T08:00:33.512345Z", "2024-07-03T08:00:33.512Z"),
            ("2024-07-03", "2024-07-03T00:00:00.000Z"),
        ] {
            assert_eq!(PostDate::parse(text).unwrap().instant_rfc3339(), instant);
        }
    }

    #[test]
    fn from_datetime_writes_milliseconds() {
        let dt = DateTime::parse_from_rfc3339("2024-07-03T16:00:33+08:00").unwrap();
        assert_eq!(
            PostDate::from_datetime(dt).text(),
            "2024-07-03T16:00:33.000+08:00"
        );
        let utc = DateTime::parse_from_rfc3339("2024-07-03T08:00:33Z").unwrap();
        assert_eq!(
            PostDate::from_datetime(utc).text(),
            "2024-07-03T08:00:33.000Z"
        );
    }
}
