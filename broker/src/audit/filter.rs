//! Which entries are read: the filter as the log's form writes it, and as the store applies it.

use super::ActionKind;
use crate::account::TenantId;
use crate::calendar::parse_utc_date;
use crate::catalog::ProviderId;
use serde::{Deserialize, Serialize};

const DAY: i64 = 86_400;

/// Which entries of a scope are read: each criterion set narrows them. `actor` is the acting
/// user's email, lower-cased as emails are kept; times are Unix seconds, `from` included and `until`
/// excluded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub actor: Option<String>,
    pub tenant: Option<TenantId>,
    pub provider: Option<ProviderId>,
    pub action: Option<ActionKind>,
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// The filter as the log's form (and its address) writes it: each field may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FilterForm {
    pub actor: String,
    pub organisation: String,
    pub provider: String,
    pub action: String,
    /// The first day, `YYYY-MM-DD` (UTC).
    pub from: String,
    /// The last day, `YYYY-MM-DD` (UTC), included.
    pub until: String,
}

/// A field of the form that does not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterProblem {
    /// `from` is not a day written `YYYY-MM-DD`.
    From,
    /// `until` is not a day written `YYYY-MM-DD`.
    Until,
    /// `until` is before `from`.
    Order,
}

impl FilterForm {
    /// The form's fields by their names in the log's address, in the form's order.
    pub fn pairs(&self) -> [(&'static str, &str); 6] {
        [
            ("actor", &self.actor),
            ("organisation", &self.organisation),
            ("provider", &self.provider),
            ("action", &self.action),
            ("from", &self.from),
            ("until", &self.until),
        ]
    }

    /// The filter the form asks for, or every field that does not read. An unknown action,
    /// organisation or provider reads as no criterion: they come from the form's own choices
    /// and links, never typed.
    pub fn parse(&self) -> Result<Filter, Vec<FilterProblem>> {
        let day = |text: &str, problem| match text.trim() {
            "" => Ok(None),
            text => parse_utc_date(text).map(Some).ok_or(problem),
        };
        let from = day(&self.from, FilterProblem::From);
        let until = day(&self.until, FilterProblem::Until);
        let (from, until) = match (from, until) {
            (Ok(from), Ok(until)) => (from, until),
            (from, until) => {
                return Err([from.err(), until.err()].into_iter().flatten().collect());
            }
        };
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            return Err(vec![FilterProblem::Order]);
        }
        let id = |text: &str| text.trim().parse::<i64>().ok().filter(|id| *id > 0);
        let actor = self.actor.trim().to_lowercase();
        Ok(Filter {
            actor: (!actor.is_empty()).then_some(actor),
            tenant: id(&self.organisation).map(TenantId::new),
            provider: id(&self.provider).map(ProviderId::new),
            action: ActionKind::parse(self.action.trim()),
            from,
            until: until.map(|day| day + DAY),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_as_a_filter_of_whole_days() {
        let form = FilterForm {
            actor: " Ada@Example.org ".into(),
            organisation: "7".into(),
            provider: "x".into(),
            action: "contract_signed".into(),
            from: "2026-12-01".into(),
            until: "2026-12-01".into(),
        };
        let filter = form.parse().unwrap();
        assert_eq!(filter.actor.as_deref(), Some("ada@example.org"));
        assert_eq!(filter.tenant, Some(TenantId::new(7)));
        assert_eq!(filter.provider, None);
        assert_eq!(filter.action, Some(ActionKind::ContractSigned));
        assert_eq!(filter.until.unwrap() - filter.from.unwrap(), DAY);
        assert_eq!(FilterForm::default().parse(), Ok(Filter::default()));
    }

    #[test]
    fn a_wrong_day_is_named_by_its_field() {
        let form = |from: &str, until: &str| FilterForm {
            from: from.into(),
            until: until.into(),
            ..FilterForm::default()
        };
        assert_eq!(
            form("1 Dec", "2026-02-30").parse(),
            Err(vec![FilterProblem::From, FilterProblem::Until])
        );
        assert_eq!(
            form("2026-12-02", "2026-12-01").parse(),
            Err(vec![FilterProblem::Order])
        );
    }
}
