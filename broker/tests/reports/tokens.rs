//! Tokens: made, listed and revoked by the provider's members only, and good for reporting
//! until revoked.

use super::*;

#[tokio::test]
async fn a_member_makes_a_token_that_authenticates_as_its_provider_and_is_listed_without_it() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let created = rig
            .reports
            .create_token(&rig.alpha_seller, rig.alpha, "  billing exporter ", NOW)
            .await
            .expect("created");
        assert_eq!(created.name, "billing exporter");
        assert!(created.secret.expose().starts_with("cpt_"));
        let listed = |tokens: Vec<ProviderToken>| {
            tokens
                .into_iter()
                .map(|t| (t.id, t.name, t.created_at, t.last_used_at, t.revoked_at))
                .collect::<Vec<_>>()
        };
        let tokens = rig.reports.tokens(&rig.alpha_seller, rig.alpha).await;
        assert_eq!(
            listed(tokens.expect("listed")),
            [(created.id, "billing exporter".to_owned(), NOW, None, None)]
        );
        let reporter = rig
            .reports
            .authenticate(created.secret.expose(), LATER)
            .await
            .expect("authenticate")
            .expect("a valid token");
        assert_eq!(reporter.provider(), rig.alpha);
        let tokens = rig.reports.tokens(&rig.alpha_seller, rig.alpha).await;
        assert_eq!(tokens.expect("listed")[0].last_used_at, Some(LATER));
        // The last use is kept to the minute: a use within it writes nothing, one after moves it.
        let last_use = |at| {
            let rig = &rig;
            let secret = created.secret.expose().to_owned();
            async move {
                rig.reports
                    .authenticate(&secret, at)
                    .await
                    .expect("authenticate");
                let tokens = rig.reports.tokens(&rig.alpha_seller, rig.alpha).await;
                tokens.expect("listed")[0].last_used_at
            }
        };
        assert_eq!(last_use(LATER + LAST_USE_STEP - 1).await, Some(LATER));
        assert_eq!(
            last_use(LATER + LAST_USE_STEP).await,
            Some(LATER + LAST_USE_STEP)
        );
    })
    .await;
}

#[tokio::test]
async fn a_token_needs_a_name_of_at_most_sixty_characters() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        for (name, expected) in [
            ("   ", TokenNameError::Empty),
            (&"x".repeat(61) as &str, TokenNameError::TooLong),
        ] {
            let refused = rig
                .reports
                .create_token(&rig.alpha_seller, rig.alpha, name, NOW)
                .await;
            assert!(
                matches!(refused, Err(TokenError::Invalid(e)) if e == expected),
                "{name:?}: {refused:?}"
            );
        }
        let tokens = rig.reports.tokens(&rig.alpha_seller, rig.alpha).await;
        assert!(tokens.expect("listed").is_empty());
    })
    .await;
}

#[tokio::test]
async fn only_the_providers_members_reach_its_tokens() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let created = rig
            .reports
            .create_token(&rig.alpha_seller, rig.alpha, "exporter", NOW)
            .await
            .expect("created");
        let outsider = db.user("mallory").await;
        // Beta's seller is a member of a provider, but not of alpha: a forged provider id.
        for intruder in [&outsider, &rig.beta_seller] {
            let made = rig
                .reports
                .create_token(intruder, rig.alpha, "mine now", NOW)
                .await;
            assert!(matches!(made, Err(TokenError::NotFound)), "{made:?}");
            let listed = rig.reports.tokens(intruder, rig.alpha).await;
            assert!(matches!(listed, Err(TokenError::NotFound)), "{listed:?}");
            let revoked = rig
                .reports
                .revoke_token(intruder, rig.alpha, created.id, LATER)
                .await;
            assert!(matches!(revoked, Err(TokenError::NotFound)), "{revoked:?}");
        }
        // Naming their own provider does not reach another's token either.
        let revoked = rig
            .reports
            .revoke_token(&rig.beta_seller, rig.beta, created.id, LATER)
            .await;
        assert!(matches!(revoked, Err(TokenError::NotFound)), "{revoked:?}");
        let tokens = rig.reports.tokens(&rig.alpha_seller, rig.alpha).await;
        assert_eq!(tokens.expect("listed")[0].revoked_at, None);
        let still = rig
            .reports
            .authenticate(created.secret.expose(), LATER)
            .await;
        assert!(still.expect("authenticate").is_some());
    })
    .await;
}

#[tokio::test]
async fn a_revoked_token_no_longer_authenticates() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let created = rig
            .reports
            .create_token(&rig.alpha_seller, rig.alpha, "exporter", NOW)
            .await
            .expect("created");
        rig.reports
            .revoke_token(&rig.alpha_seller, rig.alpha, created.id, LATER)
            .await
            .expect("revoked");
        // Revoking again keeps the first time.
        rig.reports
            .revoke_token(&rig.alpha_seller, rig.alpha, created.id, LATER + 5)
            .await
            .expect("revoked again");
        let tokens = rig.reports.tokens(&rig.alpha_seller, rig.alpha).await;
        assert_eq!(tokens.expect("listed")[0].revoked_at, Some(LATER));
        let after = rig
            .reports
            .authenticate(created.secret.expose(), LATER + 10)
            .await;
        assert_eq!(after.expect("authenticate"), None);
        let tokens = rig.reports.tokens(&rig.alpha_seller, rig.alpha).await;
        assert_eq!(tokens.expect("listed")[0].last_used_at, None);
    })
    .await;
}

#[tokio::test]
async fn an_unknown_or_malformed_token_authenticates_nobody() {
    for_each_database(|db| async move {
        let rig = rig(&db).await;
        let unknown = format!("cpt_{}", "0".repeat(64));
        for presented in [unknown.as_str(), "", "cpt_", "Bearer cpt_x"] {
            let reporter = rig.reports.authenticate(presented, LATER).await;
            assert_eq!(reporter.expect("authenticate"), None, "{presented:?}");
        }
    })
    .await;
}
