use super::*;

#[test]
fn an_email_is_trimmed_and_lower_cased() {
    assert_eq!(
        Email::parse("  Ada@Example.ORG ").unwrap().as_str(),
        "ada@example.org"
    );
}

#[test]
fn an_email_needs_a_local_part_and_a_dotted_domain() {
    for bad in [
        "",
        "ada",
        "@example.org",
        "ada@",
        "ada@example",
        "ada@@example.org",
        "a da@example.org",
        "ada@example..org",
    ] {
        assert_eq!(Email::parse(bad), Err(InputError::EmailInvalid), "{bad:?}");
    }
}

#[test]
fn a_short_password_is_refused_whatever_its_strength() {
    assert_eq!(
        Password::parse("x7#Qp!v9Lz", &[]).unwrap_err(),
        InputError::PasswordTooShort
    );
}

#[test]
fn a_long_but_guessable_password_is_refused() {
    assert_eq!(
        Password::parse("passwordpassword", &[]).unwrap_err(),
        InputError::PasswordWeak
    );
    assert_eq!(
        Password::parse("123456789012", &[]).unwrap_err(),
        InputError::PasswordWeak
    );
}

#[test]
fn a_password_made_of_the_persons_own_email_is_weak() {
    let err = Password::parse(
        "ada.lovelace@example.org",
        &["ada.lovelace@example.org", "Ada Lovelace"],
    );
    assert_eq!(err.unwrap_err(), InputError::PasswordWeak);
}

#[test]
fn a_passphrase_without_symbols_is_accepted() {
    assert!(Password::parse("correct horse battery staple", &[]).is_ok());
}

#[test]
fn passwords_up_to_256_characters_are_accepted_and_longer_refused() {
    let long: String = "tangerine voyage quilt "
        .repeat(12)
        .chars()
        .take(256)
        .collect();
    assert!(Password::parse(&long, &[]).is_ok());
    let too_long = format!("{long}x");
    assert_eq!(
        Password::parse(&too_long, &[]).unwrap_err(),
        InputError::PasswordTooLong
    );
}

#[test]
fn a_password_never_shows_in_debug_output() {
    let password = Password::parse("correct horse battery staple", &[]).unwrap();
    assert!(!format!("{password:?}").contains("horse"));
}

#[test]
fn a_name_is_trimmed_and_cannot_be_blank_or_huge() {
    assert_eq!(Name::parse("  Acme  ").unwrap().as_str(), "Acme");
    assert_eq!(Name::parse("   "), Err(InputError::Empty));
    assert_eq!(Name::parse(&"x".repeat(121)), Err(InputError::TooLong));
}

#[test]
fn roles_round_trip_through_their_names() {
    for role in Role::ALL {
        assert_eq!(Role::parse(role.as_str()), Some(role));
    }
    assert!(Role::Admin.can_manage() && !Role::Buyer.can_manage());
}

#[test]
fn every_member_but_a_viewer_composes_blueprints() {
    let composers: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|role| role.can_compose())
        .collect();
    assert_eq!(composers, [Role::Owner, Role::Admin, Role::Buyer]);
}
