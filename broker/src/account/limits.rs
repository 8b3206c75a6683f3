//! How many log-ins and sign-ups Comptoir checks, decided from what the store counted.
//!
//! A guesser is stopped by hard limits on what it controls: its address, and the account from
//! that address. Across addresses an account is only slowed down, with a delay that doubles at
//! each further failure up to a few minutes: demo emails are public, and a hard lock on the
//! account alone would let anyone keep its owner out. Every attempt is counted before its password
//! is checked, so these rules hold however many arrive at once.

/// The limits, with their windows in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    /// The window of the two hard limits below.
    pub window_secs: i64,
    /// Failed log-ins on one account from one address.
    pub per_account_and_address: i64,
    /// Failed log-ins from one address, whatever the account.
    pub per_address: i64,
    /// How far back the failures on an account, from every address, are counted.
    pub slowdown_window_secs: i64,
    /// From this many failures on an account, each further attempt waits 2^k seconds after the
    /// latest failure, k counting the failures beyond this number.
    pub slowdown_after: i64,
    /// The longest such wait.
    pub max_delay_secs: i64,
    /// Sign-ups from one address within `sign_up_window_secs`.
    pub sign_ups_per_address: i64,
    pub sign_up_window_secs: i64,
    /// Requests for a password reset link for one email, and from one address, within
    /// `sign_up_window_secs`.
    pub resets_per_email: i64,
    pub resets_per_address: i64,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            window_secs: 15 * 60,
            per_account_and_address: 5,
            per_address: 20,
            slowdown_window_secs: 60 * 60,
            slowdown_after: 10,
            max_delay_secs: 5 * 60,
            sign_ups_per_address: 10,
            sign_up_window_secs: 60 * 60,
            resets_per_email: 3,
            resets_per_address: 10,
        }
    }
}

/// Recent attempts of one kind: how many, and when the first and the last were made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: i64,
    pub oldest: Option<i64>,
    pub latest: Option<i64>,
}

/// The failed log-ins that bear on one more attempt. A counted attempt is a failure until its
/// password proves right, so attempts still being checked count too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginHistory {
    /// On this account from this address, since [`CountingSince::window`].
    pub account_and_address: Tally,
    /// From this address, since [`CountingSince::window`].
    pub address: Tally,
    /// On this account from every address, since [`CountingSince::slowdown`].
    pub account: Tally,
}

/// From when the store counts each part of a [`LoginHistory`]: attempts made after these times,
/// so that one made at `t` stops counting at `t` plus its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountingSince {
    pub window: i64,
    pub slowdown: i64,
}

impl CountingSince {
    /// Attempts made at or before this time no longer matter.
    pub fn forget_before(self) -> i64 {
        self.window.min(self.slowdown)
    }
}

/// An attempt refused for now; `retry_after_secs` is at least 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooSoon {
    pub retry_after_secs: i64,
}

impl LoginLimits {
    pub fn log_in_counting_since(&self, now: i64) -> CountingSince {
        CountingSince {
            window: now - self.window_secs,
            slowdown: now - self.slowdown_window_secs,
        }
    }

    /// Sign-ups made after this time count.
    pub fn sign_up_counting_since(&self, now: i64) -> i64 {
        now - self.sign_up_window_secs
    }

    /// Whether one more log-in may be checked at `now`; when several limits refuse it, the
    /// longest wait is the one that tells when it may.
    pub fn admit_log_in(&self, history: &LoginHistory, now: i64) -> Result<(), TooSoon> {
        let waits = [
            hard_limit_wait(
                &history.account_and_address,
                self.per_account_and_address,
                self.window_secs,
                now,
            ),
            hard_limit_wait(&history.address, self.per_address, self.window_secs, now),
            self.slowdown_wait(&history.account, now),
        ];
        match waits.into_iter().max().unwrap_or(0) {
            0 => Ok(()),
            secs => Err(TooSoon {
                retry_after_secs: secs,
            }),
        }
    }

    /// Whether one more sign-up from an address that made `recent` may go ahead at `now`.
    pub fn admit_sign_up(&self, recent: &Tally, now: i64) -> Result<(), TooSoon> {
        match hard_limit_wait(
            recent,
            self.sign_ups_per_address,
            self.sign_up_window_secs,
            now,
        ) {
            0 => Ok(()),
            secs => Err(TooSoon {
                retry_after_secs: secs,
            }),
        }
    }

    /// Whether one more reset link may be asked for an email that had `by_email` and from an
    /// address that made `by_address`.
    pub fn admit_reset(
        &self,
        by_email: &Tally,
        by_address: &Tally,
        now: i64,
    ) -> Result<(), TooSoon> {
        let window = self.sign_up_window_secs;
        let waits = [
            hard_limit_wait(by_email, self.resets_per_email, window, now),
            hard_limit_wait(by_address, self.resets_per_address, window, now),
        ];
        match waits.into_iter().max().unwrap_or(0) {
            0 => Ok(()),
            secs => Err(TooSoon {
                retry_after_secs: secs,
            }),
        }
    }

    /// The delay an account's failures from every address impose since the latest of them.
    pub fn delay_after(&self, failures_on_account: i64) -> i64 {
        let beyond = failures_on_account - self.slowdown_after;
        if beyond < 0 {
            return 0;
        }
        // The cap applies long before the exponent could overflow the shift.
        let doubled = 1_i64 << beyond.min(30);
        doubled.min(self.max_delay_secs)
    }

    fn slowdown_wait(&self, account: &Tally, now: i64) -> i64 {
        let Some(latest) = account.latest else {
            return 0;
        };
        (latest + self.delay_after(account.count) - now).max(0)
    }
}

/// Seconds until `tally` falls below `limit` again, 0 when it already is. The oldest attempt is
/// the first to leave the window, so the wait ends when it does.
fn hard_limit_wait(tally: &Tally, limit: i64, window_secs: i64, now: i64) -> i64 {
    if tally.count < limit {
        return 0;
    }
    let oldest = tally.oldest.unwrap_or(now);
    (oldest + window_secs - now).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    fn tally(count: i64, oldest: i64, latest: i64) -> Tally {
        Tally {
            count,
            oldest: Some(oldest),
            latest: Some(latest),
        }
    }

    fn refused(secs: i64) -> Result<(), TooSoon> {
        Err(TooSoon {
            retry_after_secs: secs,
        })
    }

    #[test]
    fn a_first_attempt_is_always_checked() {
        let limits = LoginLimits::default();
        assert_eq!(limits.admit_log_in(&LoginHistory::default(), NOW), Ok(()));
        assert_eq!(limits.admit_sign_up(&Tally::default(), NOW), Ok(()));
    }

    #[test]
    fn the_fifth_failure_from_one_address_on_an_account_stops_it_until_the_first_expires() {
        let limits = LoginLimits::default();
        let mut history = LoginHistory {
            account_and_address: tally(4, NOW - 100, NOW - 10),
            address: tally(4, NOW - 100, NOW - 10),
            account: tally(4, NOW - 100, NOW - 10),
        };
        assert_eq!(limits.admit_log_in(&history, NOW), Ok(()));
        history.account_and_address = tally(5, NOW - 100, NOW - 10);
        history.address = tally(5, NOW - 100, NOW - 10);
        assert_eq!(limits.admit_log_in(&history, NOW), refused(15 * 60 - 100));
    }

    #[test]
    fn an_address_that_tried_many_accounts_is_stopped_on_every_account() {
        let limits = LoginLimits::default();
        let history = LoginHistory {
            address: tally(20, NOW - 600, NOW - 1),
            ..LoginHistory::default()
        };
        assert_eq!(limits.admit_log_in(&history, NOW), refused(300));
    }

    #[test]
    fn failures_from_other_addresses_only_slow_an_account_down() {
        let limits = LoginLimits::default();
        // Nine failures from elsewhere: no wait at all.
        let mut history = LoginHistory {
            account: tally(9, NOW - 3000, NOW),
            ..LoginHistory::default()
        };
        assert_eq!(limits.admit_log_in(&history, NOW), Ok(()));
        // The tenth asks for one second after it, the eleventh for two.
        history.account = tally(10, NOW - 3000, NOW);
        assert_eq!(limits.admit_log_in(&history, NOW), refused(1));
        assert_eq!(limits.admit_log_in(&history, NOW + 1), Ok(()));
        history.account = tally(11, NOW - 3000, NOW);
        assert_eq!(limits.admit_log_in(&history, NOW + 1), refused(1));
        assert_eq!(limits.admit_log_in(&history, NOW + 2), Ok(()));
    }

    #[test]
    fn the_delay_doubles_with_each_failure_and_stops_at_five_minutes() {
        let limits = LoginLimits::default();
        let delays: Vec<i64> = (8..22).map(|n| limits.delay_after(n)).collect();
        assert_eq!(
            delays,
            [0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
        );
        assert_eq!(limits.delay_after(i64::MAX), 300);
        let history = LoginHistory {
            account: tally(1_000, NOW - 3000, NOW - 60),
            ..LoginHistory::default()
        };
        assert_eq!(limits.admit_log_in(&history, NOW), refused(240));
        assert_eq!(limits.admit_log_in(&history, NOW + 240), Ok(()));
    }

    #[test]
    fn of_several_limits_the_longest_wait_is_answered() {
        let limits = LoginLimits::default();
        let history = LoginHistory {
            account_and_address: tally(5, NOW - 800, NOW - 1),
            address: tally(20, NOW - 200, NOW - 1),
            account: tally(30, NOW - 3000, NOW - 1),
        };
        assert_eq!(limits.admit_log_in(&history, NOW), refused(15 * 60 - 200));
    }

    #[test]
    fn the_eleventh_sign_up_from_an_address_in_an_hour_waits_for_the_first_to_expire() {
        let limits = LoginLimits::default();
        assert_eq!(
            limits.admit_sign_up(&tally(9, NOW - 1800, NOW - 5), NOW),
            Ok(())
        );
        assert_eq!(
            limits.admit_sign_up(&tally(10, NOW - 1800, NOW - 5), NOW),
            refused(1800)
        );
        assert_eq!(
            limits.admit_sign_up(&tally(10, NOW - 3599, NOW - 5), NOW),
            refused(1)
        );
    }

    #[test]
    fn the_windows_reach_back_from_now() {
        let limits = LoginLimits::default();
        let since = limits.log_in_counting_since(NOW);
        assert_eq!((since.window, since.slowdown), (NOW - 900, NOW - 3600));
        assert_eq!(since.forget_before(), NOW - 3600);
        assert_eq!(limits.sign_up_counting_since(NOW), NOW - 3600);
    }
}
