//! A provider's revenue: what the next payout will pay and what waits on the organisations'
//! payment; per month, what its lines billed, the SLA credits it granted, the operator's
//! commission, its share, what it was paid out and the balance due, with the lines behind each
//! month; and the payouts it received.

use crate::api::revenue::{ConnectPayoutAccount, load_provider_revenue};
use crate::components::chart::{Bar, BarChart};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::format::{date, eur, percent};
use crate::i18n::*;
use crate::text::line_kind;
use broker::billing::{PayoutAccount, PayoutReceived, ProviderRevenue, RevenueLine, RevenueMonth};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const TABLE: &str = "min-w-full text-left text-sm";
const BOX: &str = "mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white";

#[component]
pub fn RevenuePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    let data = loading(load_provider_revenue(id));
    view! {
        <p class="text-sm"><a class="text-indigo-700 underline" href=format!("/sell/{id}")>{t!(i18n, revenue.back)}</a></p>
        <h1 class="mt-2 text-2xl font-bold">{t!(i18n, revenue.title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, revenue.lead)}</p>
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(revenue) => view! { <Revenue revenue /> }.into_any(),
            }
        })}
    }
}

#[component]
fn Revenue(revenue: ProviderRevenue) -> impl IntoView {
    let i18n = use_i18n();
    let ProviderRevenue {
        months,
        lines,
        payouts,
        due_now_minor,
        awaiting_minor,
        account,
    } = revenue;
    view! {
        <dl class="mt-4 grid max-w-xl grid-cols-[1fr_max-content] gap-x-6 gap-y-1 rounded-lg border border-slate-200 bg-white p-4">
            <dt>{t!(i18n, revenue.due_now)}</dt>
            <dd class="text-right font-semibold" data-due-now="">{eur(due_now_minor)}</dd>
            <dt>{t!(i18n, revenue.awaiting)}</dt>
            <dd class="text-right" data-awaiting="">{eur(awaiting_minor)}</dd>
        </dl>
        {account.map(|account| view! { <AccountBox account /> })}
        {if months.is_empty() {
            view! { <p class="mt-6 text-slate-700" data-no-revenue="">{t!(i18n, revenue.none)}</p> }.into_any()
        } else {
            view! { <Charts months=months.clone() /><Months months lines /> }.into_any()
        }}
        <Payouts payouts />
    }
}

/// The provider's Stripe account for its payouts: its state, the last failed transfer, and the
/// way to Stripe for its owners.
#[component]
fn AccountBox(account: PayoutAccount) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let provider = crate::pages::id_param();
    let (state, text) = match (account.connected, account.payouts_enabled) {
        (false, _) => ("none", td_string!(locale, revenue.account_none)),
        (true, false) => ("pending", td_string!(locale, revenue.account_pending)),
        (true, true) => ("ready", td_string!(locale, revenue.account_ready)),
    };
    let button = if account.connected {
        td_string!(locale, revenue.account_continue)
    } else {
        td_string!(locale, revenue.account_connect)
    };
    view! {
        <section class="mt-4 max-w-xl rounded-lg border border-slate-200 bg-white p-4" data-payout-account=state>
            <h2 class="font-semibold">{t!(i18n, revenue.account)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, revenue.account_lead)}</p>
            <p class="mt-2 text-sm">{text}</p>
            {account.failed.map(|failed| view! {
                <p class="mt-2 rounded-md bg-red-50 p-2 text-sm text-red-800" data-transfer-failed="">
                    {t!(i18n, revenue.transfer_failed)}" "{format!("{} · {} · {} · {}", date(failed.at), failed.invoice_number, eur(failed.amount_minor), failed.failure)}
                </p>
            })}
            {if account.can_connect && !account.payouts_enabled {
                view! {
                    <SubmitForm action=ConnectPayoutAccount::url() class="mt-3" errors=ErrorTexts::with_refusals(locale)>
                        <input type="hidden" name="provider" value=provider.to_string() />
                        <button type="submit" class=BUTTON_CLASS data-connect-account="">{button}</button>
                    </SubmitForm>
                }.into_any()
            } else if !account.can_connect && !account.payouts_enabled {
                view! { <p class="mt-2 text-sm text-slate-600">{t!(i18n, revenue.account_owner_only)}</p> }.into_any()
            } else {
                ().into_any()
            }}
        </section>
    }
}

/// The provider's share and what it was paid out, month by month, oldest first.
#[component]
fn Charts(months: Vec<RevenueMonth>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let bars = |value: fn(&RevenueMonth) -> i64| {
        months
            .iter()
            .rev()
            .map(|m| Bar {
                label: m.month.get(2..).unwrap_or_default().to_owned(),
                value: value(m),
            })
            .collect::<Vec<_>>()
    };
    let month = td_string!(locale, revenue.chart_month).to_owned();
    let axis = td_string!(locale, revenue.chart_axis).to_owned();
    let table = td_string!(locale, revenue.chart_table).to_owned();
    view! {
        <BarChart title=td_string!(locale, revenue.share_chart).to_owned() x_label=month.clone() y_label=axis.clone() bars=bars(|m| m.share_minor) show=eur testid="share" table_label=table.clone() />
        <BarChart title=td_string!(locale, revenue.paid_out_chart).to_owned() x_label=month y_label=axis bars=bars(|m| m.paid_out_minor) show=eur testid="paid-out" table_label=table />
    }
}

#[component]
fn Months(months: Vec<RevenueMonth>, lines: Vec<RevenueLine>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = months.iter().map(|m| {
        let (low, high) = m.rates_bp;
        // A month with only a payout has no invoice, and so no rate.
        let rate = if m.share_minor == 0 && m.commission_minor == 0 {
            String::new()
        } else if low == high {
            percent(low)
        } else {
            format!("{} – {}", percent(low), percent(high))
        };
        view! {
            <tr class="border-t border-slate-100" data-month=m.month.clone()>
                <th scope="row" class="px-3 py-2 font-medium">{m.month.clone()}</th>
                <td class="px-3 py-2 text-right whitespace-nowrap">{eur(m.gross_minor)}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap">{eur(m.credits_minor)}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap">{eur(m.commission_minor)}<span class="block text-xs text-slate-500">{rate}</span></td>
                <td class="px-3 py-2 text-right whitespace-nowrap" data-share="">{eur(m.share_minor)}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap" data-paid-out="">{eur(m.paid_out_minor)}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap" data-balance="">{eur(m.balance_minor)}</td>
            </tr>
        }
    }).collect_view();
    let details = months
        .into_iter()
        .map(|m| {
            let month_lines: Vec<RevenueLine> = lines
                .iter()
                .filter(|line| line.month == m.month)
                .cloned()
                .collect();
            (!month_lines.is_empty())
                .then(|| view! { <MonthLines month=m.month lines=month_lines /> })
        })
        .collect_view();
    view! {
        <section class=BOX>
            <table class=TABLE>
                <caption class="px-3 pt-3 text-left text-lg font-semibold">{t!(i18n, revenue.by_month)}</caption>
                <thead class="text-slate-500">
                    <tr>
                        <th scope="col" class="px-3 py-2">{t!(i18n, billing.month)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, revenue.gross)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, revenue.credits)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, revenue.commission)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, revenue.share)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, revenue.paid_out)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, revenue.balance)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
        <section class="mt-6">
            <h2 class="text-lg font-semibold">{t!(i18n, revenue.lines)}</h2>
            {details}
        </section>
    }
}

/// The lines behind one month's figures, behind a disclosure.
#[component]
fn MonthLines(month: String, lines: Vec<RevenueLine>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let count = lines.len();
    let key = month.clone();
    let rows = lines
        .into_iter()
        .map(|line| {
            view! {
                <tr class="border-t border-slate-100">
                    <td class="px-3 py-2">{line.organisation}</td>
                    <td class="px-3 py-2">{line.invoice}</td>
                    <td class="px-3 py-2">"#"{line.contract}</td>
                    <td class="px-3 py-2">{line.offer}</td>
                    <td class="px-3 py-2">{line_kind(locale, &line.kind)}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{eur(line.amount_minor)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="mt-2 rounded-lg border border-slate-200 bg-white" data-lines=key>
            <summary class="cursor-pointer px-3 py-2 font-medium">{month}" · "{t!(i18n, revenue.line_count, count = move || count)}</summary>
            <div class="overflow-x-auto">
                <table class=TABLE>
                    <thead class="text-slate-500">
                        <tr>
                            <th scope="col" class="px-3 py-2">{t!(i18n, revenue.organisation)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, billing.invoice)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, revenue.contract)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, catalog.offer)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, revenue.kind)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, billing.amount)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn Payouts(payouts: Vec<PayoutReceived>) -> impl IntoView {
    let i18n = use_i18n();
    let body = if payouts.is_empty() {
        view! { <p class="mt-2 text-slate-700">{t!(i18n, revenue.no_payout)}</p> }.into_any()
    } else {
        let rows = payouts.into_iter().map(|payout| view! {
            <tr class="border-t border-slate-100" data-payout=payout.at.to_string()>
                <td class="px-3 py-2">{date(payout.at)}</td>
                <td class="px-3 py-2">{payout.reference}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap">{eur(payout.amount_minor)}</td>
            </tr>
        }).collect_view();
        view! {
            <div class=BOX>
                <table class=TABLE>
                    <thead class="text-slate-500">
                        <tr>
                            <th scope="col" class="px-3 py-2">{t!(i18n, revenue.paid_on)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, revenue.reference)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, billing.amount)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }.into_any()
    };
    view! {
        <section id="payouts" class="mt-8">
            <h2 class="text-lg font-semibold">{t!(i18n, revenue.payouts)}</h2>
            {body}
        </section>
    }
}
