use super::*;
use crate::account::{Role, UserId};
use crate::quote::tests::{CREATED, quote};

pub(crate) fn parties() -> (TenantParty, Vec<ProviderParty>) {
    let tenant = TenantParty {
        id: TenantId::new(7),
        legal_name: "Atelier Lumière SARL".to_owned(),
    };
    let providers = vec![
        ProviderParty {
            id: ProviderId::new(2),
            slug: "kaltwerk".to_owned(),
            legal_name: "Kaltwerk Cloud GmbH".to_owned(),
        },
        ProviderParty {
            id: ProviderId::new(1),
            slug: "nuage-boreal".to_owned(),
            legal_name: "Nuage Boréal SAS".to_owned(),
        },
    ];
    (tenant, providers)
}

pub(crate) fn document() -> ContractDocument {
    let (tenant, providers) = parties();
    ContractDocument::from_quote(
        ContractId::new(42),
        QuoteId::new(5),
        &quote(),
        tenant,
        &providers,
        CREATED + 3600,
    )
    .expect("a valid contract")
}

/// The known canonical text of [`document`], checked against `sha256sum` when written.
const CANONICAL: &str = concat!(
    r#"{"format":"comptoir.contract/v1","contract":42,"quote":5,"service":"web shop","#,
    r#""quoted_at":1700000000,"issued_at":1700003600,"broker":{"name":"Comptoir"},"#,
    r#""tenant":{"id":7,"legal_name":"Atelier Lumière SARL"},"providers":["#,
    r#"{"id":1,"slug":"nuage-boreal","legal_name":"Nuage Boréal SAS"},"#,
    r#"{"id":2,"slug":"kaltwerk","legal_name":"Kaltwerk Cloud GmbH"}],"currency":"EUR","#,
    r#""lines":[{"component":"web","provider":1,"offer":11,"#,
    r#""offer_external_id":"compute-m-fr","offer_version":2,"#,
    r#""offer_name":"Offer compute-m-fr","unit":"instance","quantity":2,"#,
    r#""unit_price_minor":1470,"monthly_minor":2940,"availability_bp":9995,"#,
    r#""country":"FR","jurisdiction":"EU","unit_carbon_g_month":400,"carbon_g_month":800},"#,
    r#"{"component":"db","provider":1,"offer":12,"offer_external_id":"database-pg-s-fr","#,
    r#""offer_version":2,"offer_name":"Offer database-pg-s-fr","unit":"instance","#,
    r#""quantity":1,"unit_price_minor":3675,"monthly_minor":3675,"availability_bp":9995,"#,
    r#""country":"FR","jurisdiction":"EU","unit_carbon_g_month":400,"carbon_g_month":400},"#,
    r#"{"component":"db-replica","provider":2,"offer":21,"#,
    r#""offer_external_id":"database-pg-s-de","offer_version":2,"#,
    r#""offer_name":"Offer database-pg-s-de","unit":"instance","quantity":1,"#,
    r#""unit_price_minor":3850,"monthly_minor":3850,"availability_bp":9995,"#,
    r#""country":"DE","jurisdiction":"EU","unit_carbon_g_month":400,"carbon_g_month":400}],"#,
    r#""total_monthly_minor":10465,"term":{"months":1,"renewal_months":1,"notice_days":30}}"#,
);
const CANONICAL_SHA256: &str = "10aa0350cb9fac91d5c82518e373c8e659f4a094a7324a9e72f5e99bf6ff02d3";

#[test]
fn the_canonical_form_is_the_documented_compact_json_and_its_hash_is_known() {
    let document = document();
    assert_eq!(document.canonical(), CANONICAL);
    assert_eq!(document.sha256(), CANONICAL_SHA256);
    assert_eq!(document.canonical(), document.clone().canonical());
}

#[test]
fn sha256_matches_the_standard_test_vector() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn the_canonical_form_has_no_float_and_no_whitespace_between_tokens() {
    let text = document().canonical();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    fn no_float(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(n) => n.is_i64() || n.is_u64(),
            serde_json::Value::Array(items) => items.iter().all(no_float),
            serde_json::Value::Object(map) => map.values().all(no_float),
            _ => true,
        }
    }
    assert!(no_float(&value));
    assert!(!text.contains('\n') && !text.contains(": ") && !text.contains(", "));
}

#[test]
fn the_document_names_every_party_line_sla_place_and_term() {
    let document = document();
    assert_eq!(document.broker(), "Comptoir");
    assert_eq!(document.tenant().legal_name, "Atelier Lumière SARL");
    let providers: Vec<&str> = document
        .providers()
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    assert_eq!(providers, ["nuage-boreal", "kaltwerk"]);
    let line = &document.lines()[2];
    assert_eq!(
        (
            line.offer().country.as_str(),
            line.offer().jurisdiction.as_str()
        ),
        ("DE", "EU")
    );
    assert_eq!(line.offer().availability_bp, 9995);
    assert_eq!(document.total_monthly().minor(), 10_465);
    assert_eq!(
        document.term(),
        Term {
            months: 1,
            renewal_months: 1,
            notice_days: NOTICE_DAYS
        }
    );
}

#[test]
fn a_canonical_text_reads_back_to_the_same_document() {
    let document = document();
    assert_eq!(ContractDocument::from_canonical(CANONICAL), Ok(document));
}

#[test]
fn anything_but_the_exact_canonical_text_is_refused() {
    let altered = [
        CANONICAL.replace("\"monthly_minor\":2940", "\"monthly_minor\":2900"),
        CANONICAL.replace("\"total_monthly_minor\":10465", "\"total_monthly_minor\":1"),
        CANONICAL.replace("{\"name\":\"Comptoir\"}", "{\"name\":\"Other\"}"),
        CANONICAL.replace("\"notice_days\":30", "\"notice_days\":1"),
        CANONICAL.replace(",\"quote\":5", ",\"quote\": 5"),
        CANONICAL.replace("\"quantity\":2", "\"quantity\":2.0"),
        CANONICAL.replace("\"lines\"", "\"extra\":1,\"lines\""),
        CANONICAL.replace("contract/v1", "contract/v2"),
        format!("{CANONICAL}\n"),
    ];
    for text in altered {
        assert_ne!(text, CANONICAL);
        assert!(ContractDocument::from_canonical(&text).is_err(), "{text}");
    }
}

#[test]
fn a_contract_needs_a_live_quote_the_right_tenant_and_every_provider() {
    let (tenant, providers) = parties();
    let make = |tenant: TenantParty, providers: &[ProviderParty], at| {
        ContractDocument::from_quote(
            ContractId::new(1),
            QuoteId::new(1),
            &quote(),
            tenant,
            providers,
            at,
        )
    };
    assert_eq!(
        make(tenant.clone(), &providers, quote().expires_at()),
        Err(ContractError::QuoteExpired)
    );
    assert_eq!(
        make(tenant.clone(), &providers[..1], CREATED),
        Err(ContractError::MissingProvider(ProviderId::new(1)))
    );
    let stranger = TenantParty {
        id: TenantId::new(8),
        ..tenant.clone()
    };
    assert_eq!(
        make(stranger, &providers, CREATED),
        Err(ContractError::OtherTenant)
    );
    let blank = TenantParty {
        legal_name: " ".to_owned(),
        ..tenant
    };
    assert_eq!(
        make(blank, &providers, CREATED),
        Err(ContractError::BlankParty)
    );
}

#[test]
fn buyers_prepare_owners_and_admins_sign_viewers_do_neither() {
    let rules: Vec<(Role, bool, bool)> = Role::ALL
        .into_iter()
        .map(|role| (role, role.can_prepare(), role.can_sign()))
        .collect();
    assert_eq!(
        rules,
        [
            (Role::Owner, true, true),
            (Role::Admin, true, true),
            (Role::Buyer, true, false),
            (Role::Viewer, false, false),
        ]
    );
}

fn request(role: Role, shown: &str) -> SignRequest<'_> {
    SignRequest {
        user: UserId::new(3),
        role,
        shown_sha256: shown,
        at: CREATED + 7200,
        address: "2001:db8::7".parse().unwrap(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64)\n",
    }
}

#[test]
fn a_signature_records_who_when_where_and_the_hash_shown() {
    let document = document();
    let shown = CANONICAL_SHA256.to_uppercase();
    let signature = document
        .sign(
            ContractStatus::AwaitingSignature,
            &request(Role::Admin, &shown),
        )
        .unwrap();
    assert_eq!(signature.user, UserId::new(3));
    assert_eq!(signature.at, CREATED + 7200);
    assert_eq!(signature.address.to_string(), "2001:db8::7");
    assert_eq!(signature.user_agent, "Mozilla/5.0 (X11; Linux x86_64)");
    assert_eq!(signature.document_sha256, CANONICAL_SHA256);
    assert!(signature.covers(&document));
}

#[test]
fn a_signature_is_refused_for_a_buyer_a_changed_document_or_a_signed_contract() {
    let document = document();
    assert_eq!(
        document.sign(
            ContractStatus::AwaitingSignature,
            &request(Role::Buyer, CANONICAL_SHA256)
        ),
        Err(SignError::Forbidden)
    );
    let other = sha256_hex(b"another document");
    assert_eq!(
        document.sign(
            ContractStatus::AwaitingSignature,
            &request(Role::Owner, &other)
        ),
        Err(SignError::DocumentChanged)
    );
    let err = document
        .sign(
            ContractStatus::Signed,
            &request(Role::Owner, CANONICAL_SHA256),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "this contract is signed, not awaiting a signature"
    );
}

#[test]
fn a_contract_moves_from_signature_to_activity_to_termination() {
    use ContractStatus::*;
    assert_eq!(AwaitingSignature.signed(), Some(Signed));
    assert_eq!(Signed.activated(), Some(Active));
    assert_eq!(Active.terminated(), Some(Terminated));
    assert_eq!(AwaitingSignature.terminated(), Some(Terminated));
    assert_eq!(Signed.signed(), None);
    assert_eq!(AwaitingSignature.activated(), None);
    assert_eq!(Terminated.terminated(), None);
    for status in ContractStatus::ALL {
        assert_eq!(ContractStatus::parse(status.as_str()), Some(status));
    }
}

#[test]
fn names_are_escaped_as_little_as_json_allows_and_read_back() {
    let (mut tenant, providers) = parties();
    tenant.legal_name = "Café \"Le Zinc\"\u{1f}\\".to_owned();
    let document = ContractDocument::from_quote(
        ContractId::new(42),
        QuoteId::new(5),
        &quote(),
        tenant,
        &providers,
        CREATED,
    )
    .unwrap();
    let text = document.canonical();
    assert!(
        text.contains(r#""legal_name":"Café \"Le Zinc\"\u001f\\""#),
        "{text}"
    );
    assert_eq!(ContractDocument::from_canonical(&text), Ok(document));
}
