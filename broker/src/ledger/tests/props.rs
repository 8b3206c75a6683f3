//! Properties of the ledger: every transaction of any invoice, credit note, payment or refund
//! balances, and a set of entries that does not balance is never a transaction.

use super::*;
use crate::billing::compute_invoice;
use crate::billing::tests::props::arb_input;
use proptest::prelude::*;

fn balanced(transaction: &Transaction) -> bool {
    let total = |side| {
        let entries = transaction.entries().iter().filter(|e| e.side() == side);
        entries.map(|e| i128::from(e.amount_minor())).sum::<i128>()
    };
    transaction.entries().iter().all(|e| e.amount_minor() > 0)
        && total(Side::Debit) == total(Side::Credit)
}

proptest! {
    #[test]
    fn every_transaction_of_an_invoice_and_its_credit_note_balances(input in arb_input(), paid in 1i64..100_000) {
        let Some(draft) = compute_invoice(&input).expect("computable") else { return Ok(()) };
        let invoice = draft.finalize(number("CPT-2026-000001"), 5).expect("a draft");
        let note = invoice.credit_note(number("CPT-2026-000002"), 6).expect("finalized");
        let all = [
            Transaction::invoice_finalized(&invoice, &payees()).expect("balanced"),
            Transaction::credit_note_finalized(&note, &payees()).expect("balanced"),
            Transaction::payment_received("pi", 7, invoice.tenant(), paid).expect("balanced"),
            Transaction::refund("re", 8, invoice.tenant(), paid).expect("balanced"),
        ];
        for transaction in &all {
            prop_assert!(balanced(transaction));
        }
        // An invoice and its credit note, a payment and its refund: every account ends at zero.
        for balance in balances(&all).expect("in range") {
            prop_assert_eq!(balance.debit_minor, balance.credit_minor);
        }
    }

    #[test]
    fn a_transaction_is_balanced_or_refused(amounts in prop::collection::vec((0usize..5, any::<bool>(), -1000i64..1000), 0..8)) {
        let accounts = [tenant(), alpine(), Account::OperatorCommission, Account::OperatorVat, Account::OperatorCash];
        let postings = amounts.iter().map(|(account, debit, amount)| {
            (accounts[*account], if *debit { Side::Debit } else { Side::Credit }, *amount)
        });
        if let Ok(transaction) = Transaction::new(TransactionKind::Payout, "po", 0, postings) {
            prop_assert!(balanced(&transaction));
        }
    }
}
