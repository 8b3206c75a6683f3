//! Invoice lines and statuses in words: "2 × VM at 42.00 EUR, active 12 d 4 h of 30 d",
//! "egress_gb 260, 200 included", "SLA credit: uptime 99.92 % below the 99.95 % promised, 10 %".

use crate::format::{money, percent};
use crate::i18n::*;
use broker::billing::{InvoicePage, Line};
use broker::money::MARKETPLACE_CURRENCY;

/// An invoice's status for people: a finalized invoice is to pay, a finalized credit note
/// issued.
pub fn invoice_status(locale: Locale, status: &str, kind: &str) -> &'static str {
    match (status, kind) {
        ("draft", _) => td_string!(locale, billing.status_draft),
        ("paid", _) => td_string!(locale, billing.status_paid),
        ("void", _) => td_string!(locale, billing.status_void),
        (_, "credit_note") => td_string!(locale, billing.status_issued),
        _ => td_string!(locale, billing.status_finalized),
    }
}

/// What kind of charge an invoice line is, in a word or two.
pub fn line_kind(locale: Locale, kind: &str) -> &'static str {
    match kind {
        "usage" => td_string!(locale, revenue.kind_usage),
        "late_usage" => td_string!(locale, revenue.kind_late_usage),
        "sla_credit" => td_string!(locale, revenue.kind_sla_credit),
        _ => td_string!(locale, revenue.kind_recurring),
    }
}

/// `12 d 4 h`: whole days and hours.
fn duration(locale: Locale, seconds: i64) -> String {
    let days = seconds / 86_400;
    let hours = seconds % 86_400 / 3_600;
    let (d, h) = (
        td_string!(locale, billing.days),
        td_string!(locale, billing.hours),
    );
    match (days, hours) {
        (0, hours) => format!("{hours} {h}"),
        (days, 0) => format!("{days} {d}"),
        (days, hours) => format!("{days} {d} {hours} {h}"),
    }
}

/// The offer's name and unit of a line, or its id when the contract is not the tenant's own.
fn offer<'a>(page: &'a InvoicePage, contract: i64, line: u32, id: &'a str) -> (&'a str, &'a str) {
    page.offers
        .get(&InvoicePage::offer_key(contract, line))
        .map(|(name, unit)| (name.as_str(), unit.as_str()))
        .unwrap_or((id, ""))
}

/// One line of `page`'s invoice in words.
pub fn line_text(locale: Locale, page: &InvoicePage, line: &Line) -> String {
    let month_seconds = page.invoice.period().end() - page.invoice.period().start();
    match line {
        Line::Recurring(l) => {
            let (name, _) = offer(page, l.contract.get(), l.line, l.offer.as_str());
            format!(
                "{} × {name} {} {}, {} {} {} {}",
                l.quantity,
                td_string!(locale, billing.at),
                money(l.unit_price_minor, MARKETPLACE_CURRENCY),
                td_string!(locale, billing.active),
                duration(locale, l.seconds),
                td_string!(locale, billing.of),
                duration(locale, month_seconds),
            )
        }
        Line::Usage(l) => format!(
            "{} {}, {} {}",
            l.meter.as_str(),
            l.used,
            l.included * l.quantity,
            td_string!(locale, billing.included),
        ),
        Line::LateUsage(l) => format!(
            "{} {}: {} {} {}",
            td_string!(locale, billing.late_usage_of),
            l.month,
            l.meter.as_str(),
            l.used,
            td_string!(locale, billing.more),
        ),
        Line::SlaCredit(l) => {
            let up = l.seconds - l.downtime;
            // Floored, so that an uptime below the promise never reads as equal to it.
            let uptime_bp = u32::try_from(up * 10_000 / l.seconds.max(1)).unwrap_or(0);
            format!(
                "{} {} {} {} {}, {} %",
                td_string!(locale, billing.sla_credit),
                percent(uptime_bp),
                td_string!(locale, billing.below),
                percent(l.availability_bp),
                td_string!(locale, billing.promised),
                l.percent,
            )
        }
    }
}
