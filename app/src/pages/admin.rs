//! The operator area: marketplace figures, the applications and first publications waiting for a
//! decision, and every provider (to suspend or reinstate). For operators only.

use crate::api::marketplace::{Decide, ReviewQueues, load_review_queues};
use crate::api::operator::load_overview;
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::loading::loading;
use crate::components::marketplace_overview::MarketplaceOverview;
use crate::components::submit_form::SubmitForm;
use crate::format::{percent, price};
use crate::i18n::*;
use crate::text::provider_status_text;
use broker::account::Field;
use broker::catalog::ProviderStatus;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(async {
        Ok::<_, crate::error::AppError>((load_overview().await?, load_review_queues().await?))
    });
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok((overview, queues)) => {
                    let counts = overview.counts;
                    view! {
                    <h1 class="text-2xl font-bold">{t!(i18n, admin.title)}</h1>
                    <p class="mt-1 flex gap-4"><a class="text-indigo-700 underline" href="/admin/billing">{t!(i18n, admin_billing.link)}</a><a class="text-indigo-700 underline" href="/admin/audit">{t!(i18n, audit.link)}</a><a class="text-indigo-700 underline" href="/admin/people">{t!(i18n, people.link)}</a></p>
                    <p class="mt-1 text-slate-700">{t!(i18n, admin.lead)}</p>
                    <dl class="mt-6 grid gap-4 sm:grid-cols-3">
                        <div class="rounded-lg border border-slate-200 bg-white p-4"><dt class="text-slate-500">{t!(i18n, admin.users)}</dt><dd class="text-2xl font-semibold">{counts.users}</dd></div>
                        <div class="rounded-lg border border-slate-200 bg-white p-4"><dt class="text-slate-500">{t!(i18n, admin.tenants)}</dt><dd class="text-2xl font-semibold">{counts.tenants}</dd></div>
                        <div class="rounded-lg border border-slate-200 bg-white p-4"><dt class="text-slate-500">{t!(i18n, admin.operators)}</dt><dd class="text-2xl font-semibold">{counts.operators}</dd></div>
                    </dl>
                    <MarketplaceOverview overview />
                    <Queues queues />
                }.into_any()
                }
            }
        })}
    }
}

/// The decision buttons' texts.
#[derive(Clone)]
pub struct DecisionTexts {
    reason: String,
    approve: String,
    reject: String,
    suspend: String,
    reinstate: String,
}

#[component]
fn Queues(queues: ReviewQueues) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let texts = DecisionTexts {
        reason: td_string!(locale, admin.reason).to_owned(),
        approve: td_string!(locale, admin.approve).to_owned(),
        reject: td_string!(locale, admin.reject).to_owned(),
        suspend: td_string!(locale, admin.suspend).to_owned(),
        reinstate: td_string!(locale, admin.reinstate).to_owned(),
    };
    let errors = ErrorTexts::new(locale);
    let card = "rounded-lg border border-slate-200 bg-white p-4";
    let applications = queues.applications.into_iter().map(|p| {
        let (texts, errors) = (texts.clone(), errors.clone());
        view! {
            <li class=card data-application=p.slug.to_string()>
                <p class="font-medium">{p.legal_name.clone()}" "<span class="text-sm text-slate-500">{p.slug.to_string()}" · "{p.country.to_string()}" · "{p.jurisdiction.clone()}</span></p>
                <p class="text-sm text-slate-700">{p.description.clone()}</p>
                <p class="text-sm"><a class="text-indigo-700 underline" href=p.website.clone() rel="nofollow noopener">{p.website.clone()}</a>" · "{p.support_contact.clone()}</p>
                <DecisionForm subject="provider" id=p.id.get() decisions=vec!["approve", "reject"] texts errors />
            </li>
        }
    }).collect_view();
    let offers = queues.offers.into_iter().map(|o| {
        let (texts, errors) = (texts.clone(), errors.clone());
        view! {
            <li class=card data-review=o.external_id.clone()>
                <p class="font-medium"><a class="text-indigo-700 underline" href=format!("/offers/{}", o.id)>{o.terms.name.clone()}</a>" "<span class="text-sm text-slate-500">{o.provider_name.clone()}</span></p>
                <p class="text-sm text-slate-700">{price(&o)}" · "{percent(o.terms.availability_bp)}" · "{o.terms.country.to_string()}" · "{o.terms.jurisdiction.clone()}</p>
                <DecisionForm subject="offer" id=o.id.get() decisions=vec!["approve", "reject"] texts errors />
            </li>
        }
    }).collect_view();
    let providers = queues.providers.into_iter().filter(|p| matches!(p.status, ProviderStatus::Approved | ProviderStatus::Suspended)).map(|p| {
        let (texts, errors) = (texts.clone(), errors.clone());
        let decision = if p.status == ProviderStatus::Approved { "suspend" } else { "reinstate" };
        view! {
            <li class=card data-provider=p.slug.to_string()>
                <p class="font-medium">{p.legal_name.clone()}" "<span class="text-sm text-slate-500">{provider_status_text(locale, p.status)}</span></p>
                {p.decision_reason.clone().map(|r| view! { <p class="text-sm text-slate-600">{r}</p> })}
                <DecisionForm subject="provider" id=p.id.get() decisions=vec![decision] texts errors />
            </li>
        }
    }).collect_view();
    view! {
        <section class="mt-8" id="applications">
            <h2 class="text-lg font-semibold">{t!(i18n, admin.applications)}</h2>
            <ul class="mt-2 space-y-3">{applications}</ul>
        </section>
        <section class="mt-8" id="reviews">
            <h2 class="text-lg font-semibold">{t!(i18n, admin.reviews)}</h2>
            <ul class="mt-2 space-y-3">{offers}</ul>
        </section>
        <section class="mt-8" id="providers">
            <h2 class="text-lg font-semibold">{t!(i18n, admin.providers)}</h2>
            <ul class="mt-2 space-y-3">{providers}</ul>
        </section>
    }
}

/// The operator's decision on one provider or offer; refusals need the reason typed beside it.
#[component]
fn DecisionForm(
    subject: &'static str,
    id: i64,
    decisions: Vec<&'static str>,
    texts: DecisionTexts,
    errors: ErrorTexts,
) -> impl IntoView {
    let button = move |decision: &'static str| {
        let (label, class) = match decision {
            "approve" => (texts.approve.clone(), APPROVE_CLASS),
            "reinstate" => (texts.reinstate.clone(), APPROVE_CLASS),
            "reject" => (texts.reject.clone(), REFUSE_CLASS),
            _ => (texts.suspend.clone(), REFUSE_CLASS),
        };
        view! { <button type="submit" name="decision" value=decision class=class>{label}</button> }
    };
    view! {
        <SubmitForm action=Decide::url() class="mt-3" errors>
            <input type="hidden" name="form[subject]" value=subject />
            <input type="hidden" name="form[id]" value=id />
            <Input field=Field::Reason name="form[reason]" id=format!("reason-{subject}-{id}") label=texts.reason.clone() />
            <div class="flex flex-wrap gap-3">{decisions.into_iter().map(button).collect_view()}</div>
        </SubmitForm>
    }
}

const APPROVE_CLASS: &str = "rounded-md bg-emerald-600 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-700 disabled:opacity-50";
const REFUSE_CLASS: &str = "rounded-md bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50";
