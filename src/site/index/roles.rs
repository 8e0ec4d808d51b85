//! Roles on a date: which entries of a person's role history cover a date, so a
//! brief shows the offices someone held at the time rather than today's.

use crate::content::DateValue;
use crate::site::{Person, Role};

impl Role {
    /// Whether the role was held on `date`. A role covers `[from, to)`: `to` is the
    /// day the next office begins, so on the day of a change only the new office
    /// shows. A missing `from` is an open start and a missing `to` means the role is
    /// still held. A date-time is judged by its written (local) date.
    pub(crate) fn covers(&self, date: &DateValue) -> bool {
        let d = date.date;
        // A role that starts and ends on the same day is held that one day.
        let one_day = matches!((self.from, self.to), (Some(f), Some(t)) if f.date == t.date);
        if one_day {
            return self.from.is_some_and(|f| f.date == d);
        }
        self.from.is_none_or(|f| f.date <= d) && self.to.is_none_or(|t| d < t.date)
    }

    /// Whether the role has ended: it has an end date. Only such an office is said
    /// to have been held "then".
    pub(crate) fn ended(&self) -> bool {
        self.to.is_some()
    }
}

impl Person {
    /// Every role of the history held on `date`, in history order (oldest start
    /// first). Overlapping roles are all held: a brief shows them joined ("State
    /// Councilor and Foreign Minister", see `render::shapes::person_ref_on`).
    /// Empty when no role covers the date: the caller then shows no role (a
    /// history that does not cover a date says nothing true of it).
    pub(crate) fn roles_on(&self, date: &DateValue) -> Vec<&Role> {
        self.roles.iter().filter(|r| r.covers(date)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{date, person};
    use super::*;

    fn role(title: &str, org: Option<&str>, from: Option<&str>, to: Option<&str>) -> Role {
        Role {
            title: title.into(),
            organization: org.map(Into::into),
            from: from.map(date),
            to: to.map(date),
        }
    }

    fn titles_on(p: &Person, d: &DateValue) -> Vec<String> {
        p.roles_on(d).into_iter().map(|r| r.title.clone()).collect()
    }

    #[test]
    fn roles_on_gives_every_covering_role_in_history_order() {
        let mut blinken = person("Antony Blinken", &[]);
        blinken.roles = vec![
            role("Staffer", None, None, Some("2014-12-31")),
            role(
                "Deputy Secretary of State",
                None,
                Some("2015-01-09"),
                Some("2017-01-20"),
            ),
            role("Nominee", None, Some("2020-11-23"), Some("2021-01-26")),
            role(
                "U.S. Secretary of State",
                Some("U.S. Department of State"),
                Some("2021-01-26"),
                None,
            ),
        ];
        let on = |d: &str| titles_on(&blinken, &date(d));
        // An open start.
        assert_eq!(on("2010-01-01"), ["Staffer"]);
        assert_eq!(on("2016-05-01"), ["Deputy Secretary of State"]);
        // `[from, to)`: the first day is in, the last (the day of the change) out.
        assert_eq!(on("2015-01-09"), ["Deputy Secretary of State"]);
        assert_eq!(on("2017-01-19"), ["Deputy Secretary of State"]);
        assert!(on("2017-01-20").is_empty());
        assert!(on("2018-01-01").is_empty());
        // On 2021-01-26 the nominee period ends and the office begins: only the
        // office shows.
        assert_eq!(on("2021-01-26"), ["U.S. Secretary of State"]);
        assert_eq!(on("2021-01-25"), ["Nominee"]);
        assert_eq!(on("2020-12-01"), ["Nominee"]);
        // A missing end: still held.
        assert_eq!(on("2030-01-01"), ["U.S. Secretary of State"]);
        let held = blinken.roles_on(&date("2030-01-01"));
        assert_eq!(
            held[0].organization.as_deref(),
            Some("U.S. Department of State")
        );
        // A date-time is judged by its written date, not its UTC instant.
        let dt = DateValue::parse("2017-01-19T23:30:00-05:00").expect("valid");
        assert_eq!(titles_on(&blinken, &dt), ["Deputy Secretary of State"]);
        assert!(
            person("Nobody", &[])
                .roles_on(&date("2020-01-01"))
                .is_empty()
        );
    }

    #[test]
    fn a_role_without_dates_covers_every_date() {
        let r = role("Adviser", None, None, None);
        assert!(r.covers(&date("1900-01-01")));
        assert!(r.covers(&date("2100-12-31")));
        // Starting and ending on the same day: held that day.
        let r = role("Envoy", None, Some("2020-01-01"), Some("2020-01-01"));
        assert!(r.covers(&date("2020-01-01")));
        assert!(!r.covers(&date("2019-12-31")));
        assert!(!r.covers(&date("2020-01-02")));
    }
}
