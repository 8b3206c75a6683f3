//! Instants for people. Comptoir keeps every instant as Unix seconds (UTC, an `i64`); documents
//! and messages show them as UTC dates, computed here without a date library.

/// `YYYY-MM-DD` of the UTC day holding `secs`.
pub fn utc_date(secs: i64) -> String {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `YYYY-MM-DD HH:MM UTC` of `secs`, to the minute.
pub fn utc_minute(secs: i64) -> String {
    let of_day = secs.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        utc_date(secs),
        of_day / 3600,
        of_day % 3600 / 60
    )
}

/// `YYYY-MM-DDTHH:MM:SSZ` (ISO 8601, UTC) of `secs`.
pub fn utc_second(secs: i64) -> String {
    let of_day = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        utc_date(secs),
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The start (Unix seconds) of the UTC day written `YYYY-MM-DD`; `None` for any other text or a
/// day that does not exist (2026-02-30).
pub fn parse_utc_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    (civil_from_days(days) == (year, month, day)).then_some(days * 86_400)
}

/// The proleptic Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, exact over the whole `i64` second range divided into days).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The count of days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
/// `days_from_civil`, the inverse of [`civil_from_days`]); `month` is 1 to 12, `day` 1 to 31.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_day_reads_as_its_start_and_nothing_else_does() {
        assert_eq!(super::parse_utc_date("1970-01-02"), Some(86_400));
        assert_eq!(
            super::parse_utc_date("2026-12-03").map(super::utc_date),
            Some("2026-12-03".to_owned())
        );
        for wrong in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "+026-01-01",
            "",
        ] {
            assert_eq!(super::parse_utc_date(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn known_instants_show_as_their_utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_minute(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(-1), "1969-12-31");
        assert_eq!(utc_minute(4_102_444_799), "2099-12-31 23:59 UTC");
    }

    #[test]
    fn days_from_civil_inverts_civil_from_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 2, 29) * 86_400, 951_782_400);
        for days in [-800_000, -1, 0, 59, 60, 10_957, 20_000, 2_932_896] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }
}
