//! An invoice of one tenant for one month: its lines in a fixed order, its net, VAT and total,
//! the split of its net between each provider and the operator, its finalization, and the credit
//! note that cancels it. An invoice is only ever computed from its lines, and one read back is
//! checked the same way, so its figures always add up.

use super::BillingError;
use super::lines::Line;
use super::month::Month;
use super::number::InvoiceNumber;
use super::rounding::{product, round_half_up, sum};
use super::split::{Split, split};
use super::vat::{VatCategory, VatTreatment};
use crate::account::TenantId;
use crate::format::ProviderId;
use crate::money::{MARKETPLACE_CURRENCY, Money};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// An invoice or the credit note that cancels one, in the export's shape (the export adds what
/// the store knows: `status`, `customer` and `paid_minor`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Invoice(Body);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Body {
    number: Option<InvoiceNumber>,
    kind: InvoiceKind,
    cancels: Option<InvoiceNumber>,
    tenant: TenantId,
    period: Period,
    finalized_at: Option<i64>,
    lines: Vec<Line>,
    net_minor: i64,
    vat: Vat,
    total_minor: i64,
    split: Vec<Split>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    Invoice,
    CreditNote,
}

/// The month an invoice covers, as `[start, end)` in unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawPeriod")]
pub struct Period {
    start: i64,
    end: i64,
}

#[derive(Deserialize)]
struct RawPeriod {
    start: i64,
    end: i64,
}

impl Period {
    pub fn of(month: Month) -> Self {
        Self {
            start: month.start(),
            end: month.end(),
        }
    }

    pub fn start(self) -> i64 {
        self.start
    }

    pub fn end(self) -> i64 {
        self.end
    }

    pub fn month(self) -> Option<Month> {
        Month::containing(self.start)
    }
}

impl TryFrom<RawPeriod> for Period {
    type Error = String;
    fn try_from(raw: RawPeriod) -> Result<Self, Self::Error> {
        match Month::containing(raw.start).map(Period::of) {
            Some(period) if period.start == raw.start && period.end == raw.end => Ok(period),
            _ => Err("a period is one whole calendar month".to_owned()),
        }
    }
}

/// The VAT of an invoice: `amount_minor = round(net * rate_bp / 10000)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vat {
    pub category: VatCategory,
    pub rate_bp: u32,
    pub amount_minor: i64,
    pub mention: Option<String>,
}

impl Invoice {
    /// The draft of `lines` (sorted here): net, VAT by `treatment`, total, and the split with
    /// each provider's commission rate from `commission_bp`.
    pub(super) fn draft(
        tenant: TenantId,
        month: Month,
        mut lines: Vec<Line>,
        commission_bp: impl Fn(&ProviderId) -> Result<u32, BillingError>,
        treatment: VatTreatment,
    ) -> Result<Self, BillingError> {
        lines.sort_by(|a, b| a.order().cmp(&b.order()));
        let net = sum(lines.iter().map(Line::amount_minor))?;
        let vat = Vat {
            category: treatment.category,
            rate_bp: treatment.rate_bp,
            amount_minor: round_half_up(product(&[net, i64::from(treatment.rate_bp)])?, 10_000)?,
            mention: treatment.mention.map(str::to_owned),
        };
        let total = net
            .checked_add(vat.amount_minor)
            .ok_or(BillingError::Overflow)?;
        let split = split(&lines, commission_bp)?;
        Ok(Self(Body {
            number: None,
            kind: InvoiceKind::Invoice,
            cancels: None,
            tenant,
            period: Period::of(month),
            finalized_at: None,
            lines,
            net_minor: net,
            vat,
            total_minor: total,
            split,
        }))
    }

    /// The draft, numbered and frozen at `at`.
    pub fn finalize(self, number: InvoiceNumber, at: i64) -> Result<Self, BillingError> {
        if self.0.number.is_some() {
            return Err(BillingError::AlreadyFinalized);
        }
        let mut body = self.0;
        body.number = Some(number);
        body.finalized_at = Some(at);
        Ok(Self(body))
    }

    /// The credit note, numbered `number` and finalized at `at`, that cancels this finalized
    /// invoice: its lines copied with opposite amounts, and so its net, VAT, total and split.
    pub fn credit_note(&self, number: InvoiceNumber, at: i64) -> Result<Self, BillingError> {
        let cancels = match (&self.0.kind, self.0.number) {
            (InvoiceKind::Invoice, Some(cancels)) => cancels,
            _ => return Err(BillingError::NotFinalizedInvoice),
        };
        let neg = |amount: i64| amount.checked_neg().ok_or(BillingError::Overflow);
        let split = self
            .0
            .split
            .iter()
            .map(|part| {
                Ok(Split {
                    net_minor: neg(part.net_minor)?,
                    commission_minor: neg(part.commission_minor)?,
                    share_minor: neg(part.share_minor)?,
                    ..part.clone()
                })
            })
            .collect::<Result<_, BillingError>>()?;
        Ok(Self(Body {
            number: Some(number),
            kind: InvoiceKind::CreditNote,
            cancels: Some(cancels),
            finalized_at: Some(at),
            lines: self.0.lines.iter().map(Line::negated).collect(),
            net_minor: neg(self.0.net_minor)?,
            vat: Vat {
                amount_minor: neg(self.0.vat.amount_minor)?,
                ..self.0.vat.clone()
            },
            total_minor: neg(self.0.total_minor)?,
            split,
            ..self.0.clone()
        }))
    }

    pub fn number(&self) -> Option<InvoiceNumber> {
        self.0.number
    }

    pub fn kind(&self) -> InvoiceKind {
        self.0.kind
    }

    /// The invoice a credit note cancels.
    pub fn cancels(&self) -> Option<InvoiceNumber> {
        self.0.cancels
    }

    pub fn tenant(&self) -> TenantId {
        self.0.tenant
    }

    pub fn period(&self) -> Period {
        self.0.period
    }

    pub fn finalized_at(&self) -> Option<i64> {
        self.0.finalized_at
    }

    pub fn lines(&self) -> &[Line] {
        &self.0.lines
    }

    pub fn net_minor(&self) -> i64 {
        self.0.net_minor
    }

    pub fn vat(&self) -> &Vat {
        &self.0.vat
    }

    pub fn total_minor(&self) -> i64 {
        self.0.total_minor
    }

    pub fn split(&self) -> &[Split] {
        &self.0.split
    }

    pub fn net(&self) -> Money {
        Money::new(self.0.net_minor, MARKETPLACE_CURRENCY)
    }

    pub fn total(&self) -> Money {
        Money::new(self.0.total_minor, MARKETPLACE_CURRENCY)
    }
}

impl<'de> Deserialize<'de> for Invoice {
    /// Reads an invoice and recomputes it from its lines, its VAT rate and its commission rates:
    /// one whose figures do not follow from them is refused.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let body = Body::deserialize(d)?;
        let refuse = |reason: &str| serde::de::Error::custom(format!("invoice: {reason}"));
        let month = body.period.month().ok_or_else(|| refuse("no period"))?;
        let rates: BTreeMap<_, _> = body
            .split
            .iter()
            .map(|part| (part.provider.clone(), part.commission_bp))
            .collect();
        let rate_of = |provider: &ProviderId| {
            rates
                .get(provider)
                .copied()
                .ok_or_else(|| BillingError::NoCommission(provider.clone()))
        };
        let treatment = VatTreatment {
            category: body.vat.category,
            rate_bp: body.vat.rate_bp,
            mention: None,
        };
        let draft = Invoice::draft(body.tenant, month, body.lines.clone(), rate_of, treatment)
            .map_err(|e| refuse(&e.to_string()))?;
        let consistent = draft.0.lines == body.lines
            && draft.0.net_minor == body.net_minor
            && draft.0.vat.amount_minor == body.vat.amount_minor
            && draft.0.total_minor == body.total_minor
            && draft.0.split == body.split
            && body.number.is_some() == body.finalized_at.is_some()
            && (body.kind == InvoiceKind::CreditNote) == body.cancels.is_some();
        if consistent {
            Ok(Self(body))
        } else {
            Err(refuse("its figures do not follow from its lines"))
        }
    }
}
