//! The sentences above a form for refusals that are not about one field, with their figures
//! where the page's texts carry them.

use super::ErrorTexts;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::text::RefusalTexts;

impl ErrorTexts {
    /// The texts with the sentences of refusals that carry figures (a stale quote, a refused
    /// signature or plan, a refused catalog file), for the forms that meet them.
    pub fn with_refusals(locale: Locale) -> Self {
        Self {
            refusals: Some(RefusalTexts::new(locale)),
            ..Self::new(locale)
        }
    }

    /// The sentences of a refusal with figures, or `None` where this form's texts lack them.
    pub fn refusal_lines(&self, error: &AppError) -> Option<Vec<String>> {
        let refusals = self.refusals.as_ref()?;
        Some(match error {
            AppError::Refused(refusal) => refusals.refusal(refusal),
            AppError::Stale(reasons) => refusals.stale(reasons),
            AppError::ImportRefused(report) => report
                .problems
                .iter()
                .map(|problem| {
                    refusals.import_problem(problem, |rule| self.catalog(rule).to_owned())
                })
                .collect(),
            _ => return None,
        })
    }

    /// The sentence above a form for an error that is not about one field, with the reasons
    /// the server gave; `None` for refused fields, which are shown under each field.
    pub fn general(&self, error: &AppError) -> Option<String> {
        match error {
            AppError::Invalid(_) | AppError::BlueprintInvalid(_) => None,
            AppError::BlueprintRefused(reason) | AppError::Suspended { reason } => {
                Some(format!("{}\n{reason}", self.error(error)))
            }
            AppError::ImportRefused(_) | AppError::Stale(_) => {
                let lines = self.refusal_lines(error).unwrap_or_default();
                Some(format!("{}\n{}", self.error(error), lines.join("\n")))
            }
            AppError::Refused(_) => Some(match self.refusal_lines(error) {
                Some(lines) => lines.join("\n"),
                None => self.error(error).to_owned(),
            }),
            other => Some(self.error(other).to_owned()),
        }
    }
}
