//! The ledger's accounts, the transaction of each event with the specification's example, the
//! balances and payout allowances folded from them, and properties that hold for any invoice.

use super::*;
use crate::account::TenantId;
use crate::billing::Invoice;
use crate::billing::tests::{computed, example_input, number, slug};
use crate::catalog::ProviderId;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

mod props;

fn tenant() -> Account {
    Account::TenantReceivable(TenantId::new(7))
}

fn alpine() -> Account {
    Account::ProviderPayable(ProviderId::new(2))
}

fn payees() -> BTreeMap<crate::format::ProviderId, ProviderId> {
    BTreeMap::from([
        (slug("alpine-cloud"), ProviderId::new(2)),
        (slug("nordic-host"), ProviderId::new(3)),
        (slug("baltic-bits"), ProviderId::new(4)),
    ])
}

fn example_invoice() -> Invoice {
    computed(&example_input())
        .finalize(number("CPT-2026-000014"), 1_764_633_600)
        .expect("a draft")
}

fn sides(transaction: &Transaction) -> Vec<(String, Side, i64)> {
    let entries = transaction.entries().iter();
    entries
        .map(|e| (e.account().to_string(), e.side(), e.amount_minor()))
        .collect()
}

#[test]
fn accounts_are_named_as_the_specification_writes_them() {
    let names = [
        "tenant:7:receivable",
        "provider:2:payable",
        "operator:commission",
        "operator:vat",
        "operator:cash",
    ];
    for name in names {
        let account = Account::parse(name).expect("an account");
        assert_eq!(account.to_string(), name);
        assert_eq!(
            serde_json::to_value(account).expect("serializable"),
            json!(name)
        );
    }
    assert_eq!(Account::parse("tenant:7:receivable"), Ok(tenant()));
    for bad in [
        "tenant:07:receivable",
        "tenant:+7:receivable",
        "tenant:x:receivable",
    ] {
        assert!(Account::parse(bad).is_err(), "{bad}");
    }
    for bad in [
        "provider:2:receivable",
        "operator:bank",
        "operator:cash:1",
        "",
    ] {
        assert!(Account::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_example_invoice_posts_the_specifications_transaction() {
    let posted = Transaction::invoice_finalized(&example_invoice(), &payees()).expect("posted");
    let expected = json!({
        "key": "invoice:CPT-2026-000014", "kind": "invoice", "at": 1_764_633_600,
        "entries": [
            { "account": "tenant:7:receivable", "debit_minor": 7710 },
            { "account": "provider:2:payable", "credit_minor": 6939 },
            { "account": "operator:commission", "credit_minor": 771 }
        ]
    });
    assert_eq!(
        serde_json::to_value(&posted).expect("serializable"),
        expected
    );
    let read: Transaction = serde_json::from_value(expected).expect("a balanced transaction");
    assert_eq!(read, posted);
    assert_eq!(posted.invoice_number(), Some(number("CPT-2026-000014")));
}

#[test]
fn a_credit_note_posts_the_mirror_of_its_invoice() {
    let invoice = example_invoice();
    let note = invoice
        .credit_note(number("CPT-2026-000015"), 1_764_700_000)
        .expect("a finalized invoice");
    let posted = Transaction::credit_note_finalized(&note, &payees()).expect("posted");
    assert_eq!(posted.key(), "invoice:CPT-2026-000015");
    assert_eq!(posted.kind(), TransactionKind::CreditNote);
    let mirrored: Vec<_> = sides(&Transaction::invoice_finalized(&invoice, &payees()).expect("ok"))
        .into_iter()
        .map(|(account, side, amount)| (account, side.opposite(), amount))
        .collect();
    assert_eq!(sides(&posted), mirrored);
}

#[test]
fn only_finalized_documents_of_the_right_kind_are_posted() {
    let draft = computed(&example_input());
    assert_eq!(
        Transaction::invoice_finalized(&draft, &payees()),
        Err(LedgerError::NotFinalized)
    );
    let invoice = example_invoice();
    assert_eq!(
        Transaction::credit_note_finalized(&invoice, &payees()),
        Err(LedgerError::NotFinalized)
    );
    assert_eq!(
        Transaction::invoice_finalized(&invoice, &BTreeMap::new()),
        Err(LedgerError::UnknownProvider(slug("alpine-cloud")))
    );
}

#[test]
fn an_unbalanced_set_of_entries_is_refused() {
    let postings = [
        (Account::OperatorCash, Side::Debit, 100),
        (tenant(), Side::Credit, 99),
    ];
    assert_eq!(
        Transaction::new(TransactionKind::Payment, "p-1", 0, postings),
        Err(LedgerError::Unbalanced {
            debit: 100,
            credit: 99
        })
    );
}

#[test]
fn zero_entries_are_left_out_and_negative_ones_change_sides() {
    let postings = [
        (tenant(), Side::Debit, 100),
        (alpine(), Side::Credit, 130),
        (Account::OperatorCommission, Side::Credit, -30),
        (Account::OperatorVat, Side::Credit, 0),
    ];
    let posted =
        Transaction::new(TransactionKind::Invoice, "CPT-2026-000001", 0, postings).expect("ok");
    assert_eq!(
        sides(&posted),
        vec![
            ("tenant:7:receivable".to_owned(), Side::Debit, 100),
            ("provider:2:payable".to_owned(), Side::Credit, 130),
            ("operator:commission".to_owned(), Side::Debit, 30),
        ]
    );
}

#[test]
fn keys_name_their_event() {
    let posted = |kind, id: &str| Transaction::new(kind, id, 0, []);
    assert!(posted(TransactionKind::Invoice, "CPT-2026-000001").is_ok());
    assert!(posted(TransactionKind::Invoice, "42").is_err());
    assert!(posted(TransactionKind::Payment, "").is_err());
    assert!(posted(TransactionKind::Payment, "pi 1").is_err());
    assert_eq!(
        posted(TransactionKind::Refund, "re_1").map(|t| t.key().to_owned()),
        Ok("refund:re_1".to_owned())
    );
    let wrong_prefix = json!({ "key": "payment:p-1", "kind": "refund", "at": 0, "entries": [] });
    assert!(serde_json::from_value::<Transaction>(wrong_prefix).is_err());
}

#[test]
fn an_entry_reads_with_one_positive_side() {
    let read = |value| serde_json::from_value::<Entry>(value);
    assert!(read(json!({ "account": "operator:cash", "debit_minor": 5 })).is_ok());
    assert!(read(json!({ "account": "operator:cash", "debit_minor": 0 })).is_err());
    assert!(read(json!({ "account": "operator:cash", "credit_minor": -5 })).is_err());
    assert!(read(json!({ "account": "operator:cash" })).is_err());
    let both = json!({ "account": "operator:cash", "debit_minor": 5, "credit_minor": 5 });
    assert!(read(both).is_err());
    let unbalanced = json!({ "key": "payment:p", "kind": "payment", "at": 0,
        "entries": [{ "account": "operator:cash", "debit_minor": 5 }] });
    assert!(serde_json::from_value::<Transaction>(unbalanced).is_err());
}

#[test]
fn payments_refunds_and_payouts_move_cash() {
    let payment = Transaction::payment_received("pi_1", 10, TenantId::new(7), 7710).expect("ok");
    assert_eq!(payment.key(), "payment:pi_1");
    assert_eq!(
        sides(&payment),
        vec![
            ("operator:cash".to_owned(), Side::Debit, 7710),
            ("tenant:7:receivable".to_owned(), Side::Credit, 7710),
        ]
    );
    let refund = Transaction::refund("re_1", 11, TenantId::new(7), 10).expect("ok");
    assert_eq!(refund.entries()[0].account(), tenant());
    assert_eq!(refund.entries()[0].side(), Side::Debit);
    let payout = Transaction::payout("po_1", 12, ProviderId::new(2), 100, 100).expect("ok");
    assert_eq!(payout.entries()[0].account(), alpine());
    assert_eq!(payout.entries()[1].account(), Account::OperatorCash);
    assert_eq!(
        Transaction::payout("po_2", 12, ProviderId::new(2), 101, 100),
        Err(LedgerError::ExceedsAllowance {
            amount: 101,
            allowance: 100
        })
    );
    assert_eq!(
        Transaction::payment_received("pi_2", 0, TenantId::new(7), 0),
        Err(LedgerError::NotPositive(0))
    );
}

#[test]
fn balances_sum_each_accounts_debits_and_credits() {
    let invoice = Transaction::invoice_finalized(&example_invoice(), &payees()).expect("ok");
    let payment =
        Transaction::payment_received("pi_1", 1_764_700_000, TenantId::new(7), 7710).expect("ok");
    let all = [invoice, payment];
    let balances = balances(&all).expect("in range");
    let receivable = balances
        .iter()
        .find(|b| b.account == tenant())
        .expect("a balance");
    assert_eq!(
        serde_json::to_value(receivable).expect("serializable"),
        json!({ "account": "tenant:7:receivable", "debit_minor": 7710, "credit_minor": 7710 })
    );
    assert_eq!(receivable.net_debit_minor(), 0);
    let before = balances_before(&all, 1_764_700_000).expect("in range");
    let receivable = before
        .iter()
        .find(|b| b.account == tenant())
        .expect("a balance");
    assert_eq!((receivable.debit_minor, receivable.credit_minor), (7710, 0));
    assert!(!before.iter().any(|b| b.account == Account::OperatorCash));
}

#[test]
fn a_provider_is_paid_out_its_shares_of_paid_invoices_less_its_payouts() {
    let invoice = Transaction::invoice_finalized(&example_invoice(), &payees()).expect("ok");
    let paid = BTreeSet::from([number("CPT-2026-000014")]);
    let provider = ProviderId::new(2);
    let allowance = |transactions: &[Transaction], paid: &BTreeSet<_>| {
        payout_allowance(provider, transactions, paid).expect("in range")
    };
    assert_eq!(
        allowance(std::slice::from_ref(&invoice), &BTreeSet::new()),
        0
    );
    assert_eq!(allowance(std::slice::from_ref(&invoice), &paid), 6939);
    let payout = Transaction::payout("po_1", 0, provider, 6000, 6939).expect("within");
    assert_eq!(allowance(&[invoice.clone(), payout.clone()], &paid), 939);
    // Paid out before the invoice it counted on was voided: never negative.
    assert_eq!(allowance(&[invoice, payout], &BTreeSet::new()), 0);
}

#[test]
fn a_payout_splits_by_invoice_newest_first_and_adds_up_to_the_allowance() {
    let provider = ProviderId::new(2);
    let first = Transaction::invoice_finalized(&example_invoice(), &payees()).expect("ok");
    let second_invoice = computed(&example_input())
        .finalize(number("CPT-2026-000015"), 1_764_633_700)
        .expect("a draft");
    let second = Transaction::invoice_finalized(&second_invoice, &payees()).expect("ok");
    let both = BTreeSet::from([number("CPT-2026-000014"), number("CPT-2026-000015")]);
    let parts = |transactions: &[Transaction], paid: &BTreeSet<_>| {
        payout_parts(provider, transactions, paid).expect("in range")
    };
    let all = [first.clone(), second.clone()];
    assert_eq!(
        parts(&all, &both),
        [
            (number("CPT-2026-000015"), 6939),
            (number("CPT-2026-000014"), 6939)
        ]
    );
    // 6,000 paid already: what is left comes from the newest invoice first.
    let payout = Transaction::payout("po_1", 0, provider, 6000, 13878).expect("within");
    let paid_some = [first.clone(), second.clone(), payout];
    let split = parts(&paid_some, &both);
    assert_eq!(
        split,
        [
            (number("CPT-2026-000015"), 6939),
            (number("CPT-2026-000014"), 939)
        ]
    );
    let total: i64 = split.iter().map(|(_, amount)| amount).sum();
    assert_eq!(
        total,
        payout_allowance(provider, &paid_some, &both).expect("in range")
    );
    // Only fully paid invoices count.
    let one = BTreeSet::from([number("CPT-2026-000014")]);
    assert_eq!(parts(&all, &one), [(number("CPT-2026-000014"), 6939)]);
}

#[test]
fn a_key_posts_once() {
    let payment = Transaction::payment_received("pi_1", 10, TenantId::new(7), 100).expect("ok");
    let mut journal = Journal::new();
    assert_eq!(journal.post(payment.clone()), Ok(Posted::New));
    assert_eq!(journal.post(payment), Ok(Posted::Duplicate));
    let other = Transaction::payment_received("pi_1", 10, TenantId::new(7), 200).expect("ok");
    assert_eq!(
        journal.post(other),
        Err(LedgerError::KeyConflict("payment:pi_1".to_owned()))
    );
    assert_eq!(journal.transactions().len(), 1);
}
