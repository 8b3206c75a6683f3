//! Invitations to a provider's team through the pages' server functions and the forms a browser
//! without JavaScript posts: the owner's answer tells nothing about accounts, only the person
//! signed in with the invited address sees and answers the invitation, and only owners invite
//! and revoke.

use super::fixtures::{apply, signed_up};
use super::helpers::{Answer, Browser, for_each_backend};
use app::error::{AppError, FieldProblem};
use broker::account::{Field, InputError};
use reqwest::StatusCode;

/// The id of the invitation an owner's answer names (`/sell/3?invited=7#members`).
fn invitation_of(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.number_after("invited=")
}

/// A page's HTML without the renderer's `<!>` markers, which split interpolated sentences.
fn text(page: &Answer) -> String {
    page.body.replace("<!>", "")
}

/// Posts an answer to an invitation as a browser without JavaScript does, from `page`.
async fn answer_form(browser: &Browser, function: &str, page: &str, invitation: &str) -> Answer {
    let back = page.trim_start_matches('/');
    browser
        .submit_form(
            function,
            page,
            &[("form[invitation]", invitation), ("form[back]", back)],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn inviting_answers_the_same_for_an_address_with_or_without_an_account() {
    for_each_backend(|app| async move {
        let owner = signed_up(&app, "owner").await;
        signed_up(&app, "carol").await;
        let provider = apply(&owner, "gamma", &[]).await;
        let shape = |answer: &Answer| {
            let id = invitation_of(answer);
            let named = format!("invited={id}#");
            (answer.status, answer.body.replacen(&named, "invited=N#", 1))
        };
        let known = owner
            .add_provider_member(&provider, "carol@example.org", "member")
            .await;
        let unknown = owner
            .add_provider_member(&provider, "nobody@example.org", "member")
            .await;
        let member = owner
            .add_provider_member(&provider, "owner@example.org", "owner")
            .await;
        assert_eq!(shape(&known), shape(&unknown));
        assert_eq!(shape(&known), shape(&member));

        // Without JavaScript: the same redirect, and the console says what was recorded.
        let fields = [
            ("form[provider]", provider.as_str()),
            ("form[email]", "Dave@Example.org"),
            ("form[role]", "member"),
        ];
        let console = format!("/sell/{provider}");
        let posted = owner
            .submit_form("add_provider_member", &console, &fields)
            .await;
        assert_eq!(posted.status, StatusCode::FOUND);
        let location = posted.location.expect("back to the console");
        assert!(
            location.starts_with(&format!("/sell/{provider}?invited=")),
            "{location}"
        );
        let page = text(
            &owner
                .get(location.split('#').next().unwrap_or_default())
                .await,
        );
        assert!(
            page.contains("Invitation recorded for dave@example.org."),
            "{page}"
        );
        for email in [
            "carol@example.org",
            "nobody@example.org",
            "dave@example.org",
        ] {
            assert!(page.contains(email), "{email} listed");
        }
        assert!(
            page.contains("Comptoir sends no email"),
            "the page does not pretend to send mail"
        );

        // A second open invitation of one address, and a malformed address, are refused.
        let twice = owner
            .add_provider_member(&provider, "CAROL@example.org", "owner")
            .await;
        twice.assert_field_refused(Field::Member, FieldProblem::AlreadyInvited, app.backend);
        let malformed = owner
            .add_provider_member(&provider, "carol", "member")
            .await;
        malformed.assert_field_refused(
            Field::Member,
            FieldProblem::Input(InputError::EmailInvalid),
            app.backend,
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_the_invited_address_sees_and_accepts_the_invitation_without_javascript() {
    for_each_backend(|app| async move {
        let owner = signed_up(&app, "owner").await;
        let carol = signed_up(&app, "carol").await;
        let dave = signed_up(&app, "dave").await;
        let provider = apply(&owner, "gamma", &[]).await;
        let console = format!("/sell/{provider}");
        let invitation = invitation_of(
            &owner
                .add_provider_member(&provider, "carol@example.org", "owner")
                .await,
        );

        for page in ["/sell", "/account"] {
            let seen = text(&carol.get(page).await);
            assert!(
                seen.contains("gamma SAS")
                    && seen.contains("Invited by Person owner")
                    && seen.contains(r#"action="/api/accept_invitation""#)
                    && seen.contains(r#"action="/api/decline_invitation""#),
                "carol sees it on {page}: {seen}"
            );
            let other = dave.get(page).await;
            assert!(
                !other.body.contains("gamma SAS"),
                "dave does not see it on {page}"
            );
        }
        assert_eq!(
            carol.get(&console).await.status,
            StatusCode::NOT_FOUND,
            "invited is not a member"
        );

        // Someone else, with the right id or a forged one, finds nothing.
        for id in [invitation.clone(), format!("{invitation}0")] {
            let forged = dave.accept_invitation(&id, "sell").await;
            forged.assert_refused(&AppError::NotFound, app.backend);
        }
        let declined = dave
            .call(
                "decline_invitation",
                &[("form[invitation]", &invitation), ("form[back]", "sell")],
            )
            .await;
        declined.assert_refused(&AppError::NotFound, app.backend);
        let not_dave = answer_form(&dave, "accept_invitation", "/sell", &invitation).await;
        let back = not_dave.location.unwrap_or_default();
        assert!(back.contains("__err="), "{back}");
        assert_eq!(dave.get(&console).await.status, StatusCode::NOT_FOUND);

        let accepted = answer_form(&carol, "accept_invitation", "/account", &invitation).await;
        assert_eq!(
            (accepted.status, accepted.location.as_deref()),
            (StatusCode::FOUND, Some(console.as_str()))
        );
        let joined = carol.get(&console).await;
        assert_eq!(joined.status, StatusCode::OK);
        assert!(
            joined.body.contains(r#"action="/api/add_provider_member""#),
            "carol joined as an owner"
        );
        assert!(!carol.get("/sell").await.body.contains("accept_invitation"));
        let again = carol.accept_invitation(&invitation, "sell").await;
        again.assert_refused(&AppError::NotFound, "accepted once");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_newcomer_declines_after_signing_up_and_only_owners_revoke() {
    for_each_backend(|app| async move {
        let owner = signed_up(&app, "owner").await;
        let carol = signed_up(&app, "carol").await;
        let provider = apply(&owner, "gamma", &[]).await;
        let console = format!("/sell/{provider}");

        // An address nobody signed up with yet: its invitation waits for the sign-up.
        let newcomer_invitation = invitation_of(
            &owner
                .add_provider_member(&provider, "newcomer@example.org", "member")
                .await,
        );
        let newcomer = signed_up(&app, "newcomer").await;
        assert!(newcomer.get("/account").await.body.contains("gamma SAS"));
        let declined = answer_form(
            &newcomer,
            "decline_invitation",
            "/account",
            &newcomer_invitation,
        )
        .await;
        assert_eq!(
            (declined.status, declined.location.as_deref()),
            (StatusCode::FOUND, Some("/account#invitations"))
        );
        assert!(!newcomer.get("/account").await.body.contains("gamma SAS"));
        assert!(
            !owner
                .get(&console)
                .await
                .body
                .contains("newcomer@example.org"),
            "no longer open"
        );

        // A member who is not an owner neither invites, nor revokes.
        let carol_invitation = invitation_of(
            &owner
                .add_provider_member(&provider, "carol@example.org", "member")
                .await,
        );
        let accepted = carol.accept_invitation(&carol_invitation, "sell").await;
        assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
        let erin_invitation = invitation_of(
            &owner
                .add_provider_member(&provider, "erin@example.org", "member")
                .await,
        );
        let by_member = carol
            .add_provider_member(&provider, "frank@example.org", "owner")
            .await;
        by_member.assert_refused(&AppError::Forbidden, app.backend);
        let revoke = [
            ("form[provider]", provider.as_str()),
            ("form[invitation]", erin_invitation.as_str()),
        ];
        carol
            .call("revoke_invitation", &revoke)
            .await
            .assert_refused(&AppError::Forbidden, app.backend);
        let members_console = carol.get(&console).await;
        assert!(
            !members_console.body.contains("erin@example.org"),
            "members do not see the open invitations"
        );

        // The owner revokes without JavaScript; erin, signing up, finds nothing.
        let revoked = owner
            .submit_form("revoke_invitation", &console, &revoke)
            .await;
        assert_eq!(
            (revoked.status, revoked.location.as_deref()),
            (
                StatusCode::FOUND,
                Some(format!("{console}#members").as_str())
            )
        );
        let erin = signed_up(&app, "erin").await;
        assert!(!erin.get("/sell").await.body.contains("gamma SAS"));
        let late = erin.accept_invitation(&erin_invitation, "sell").await;
        late.assert_refused(&AppError::NotFound, "revoked");
        owner
            .call("revoke_invitation", &revoke)
            .await
            .assert_refused(&AppError::NotFound, "revoked once");
    })
    .await;
}
