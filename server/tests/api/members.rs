//! An organisation's owner managing its members through the server: a role changed and a member
//! removed from the dashboard's server function, whose access ends on their next request; the
//! refusals of a buyer, of an admin over an owner and over the last owner, with their codes.

use crate::api::fixtures::{joined, signed_up};
use crate::api::helpers::{Answer, Browser, for_each_backend};
use app::error::{AppError, Refusal};
use broker::account::{Role, UserId};
use reqwest::StatusCode;

async fn change(browser: &Browser, member: UserId, role: &str, change: &str) -> Answer {
    let member = member.get().to_string();
    browser
        .call(
            "change_member",
            &[
                ("form[member]", &member),
                ("form[role]", role),
                ("change", change),
            ],
        )
        .await
}

fn error(answer: &Answer) -> AppError {
    serde_json::from_str(&answer.body).expect("an error")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_owner_changes_roles_and_removes_members_within_the_rules() {
    for_each_backend(|app| async move {
        let b = app.backend;
        let owner = signed_up(&app, "olga").await;
        let bea = signed_up(&app, "bea").await;
        let (olga, bea_id, _) = joined(&app, ("olga", "bea"), &bea, Role::Buyer).await;

        // A buyer manages no one; the owner's page shows the controls.
        let refused = change(&bea, olga, "viewer", "change_role").await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{b}: {}",
            refused.body
        );
        let page = owner.get("/dashboard").await.body;
        assert!(
            page.contains("data-member=\"bea@example.org\""),
            "{b}: {page}"
        );
        assert!(page.contains(">Change role</button>"), "{b}");

        // The last owner stays owner.
        let last = change(&owner, olga, "admin", "change_role").await;
        assert_eq!(last.status, StatusCode::CONFLICT, "{b}: {}", last.body);
        assert_eq!(error(&last), AppError::Refused(Refusal::LastOwner), "{b}");

        let promoted = change(&owner, bea_id, "admin", "change_role").await;
        assert_eq!(promoted.status, StatusCode::OK, "{b}: {}", promoted.body);
        // Bea, now an admin, touches no owner.
        let over_owner = change(&bea, olga, "viewer", "change_role").await;
        assert_eq!(
            error(&over_owner),
            AppError::Refused(Refusal::OwnersOnly),
            "{b}"
        );

        let removed = change(&owner, bea_id, "", "remove").await;
        assert_eq!(removed.status, StatusCode::OK, "{b}: {}", removed.body);
        // Bea's very next request no longer reaches the organisation.
        let dashboard = bea.call("dashboard", &[]).await;
        assert_eq!(dashboard.status, StatusCode::OK, "{b}: {}", dashboard.body);
        assert!(
            !dashboard.body.contains("Organisation olga"),
            "{b}: {}",
            dashboard.body
        );
        let log = owner.get("/dashboard/activity").await.body;
        assert!(
            log.contains(&format!("removed member {}", bea_id.get())),
            "{b}: {log}"
        );
        let promotion = format!(
            "changed the role of member {} from Buyer to Admin",
            bea_id.get()
        );
        assert!(log.contains(&promotion), "{b}: {log}");
    })
    .await;
}

async fn invite(browser: &Browser) -> Answer {
    browser
        .call(
            "invite_to_organisation",
            &[
                ("form[email]", "nina@example.org"),
                ("form[role]", "viewer"),
            ],
        )
        .await
}

/// The link to `/join` in the mail written to `email`, once the outbox sent it.
async fn invitation_link(app: &crate::api::helpers::TestApp, email: &str) -> String {
    let started = std::time::Instant::now();
    loop {
        let mails: Vec<String> = std::fs::read_dir(app.mail_dir())
            .into_iter()
            .flatten()
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .filter(|mail| mail.contains(&format!("To: {email}")))
            .collect();
        if let Some(mail) = mails.first() {
            let plain = mail
                .replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=");
            let start = plain.find("/join?token=").expect("the link");
            return plain[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "/?=_".contains(*c))
                .collect();
        }
        assert!(started.elapsed().as_secs() < 15, "no invitation mail");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_invitation_by_mail_brings_a_newcomer_through_sign_up_into_the_organisation() {
    for_each_backend(|app| async move {
        let b = app.backend;
        let owner = signed_up(&app, "olga").await;
        let bea = signed_up(&app, "bea").await;
        joined(&app, ("olga", "bea"), &bea, Role::Buyer).await;
        assert_eq!(
            invite(&bea).await.status,
            StatusCode::FORBIDDEN,
            "{b}: a buyer invites no one"
        );
        let sent = invite(&owner).await;
        assert_eq!(sent.status, StatusCode::OK, "{b}: {}", sent.body);
        let link = invitation_link(&app, "nina@example.org").await;
        let page = app.browser().get(&link).await;
        assert!(
            page.body.contains("data-invitation-offer"),
            "{b}: {}",
            page.body
        );

        let nina = app.browser();
        let person = crate::api::helpers::Person::new("nina");
        let answer = nina
            .call(
                "sign_up",
                &[
                    ("form[email]", &person.email),
                    ("form[password]", &person.password),
                    ("form[name]", &person.name),
                    ("form[organisation]", &person.organisation),
                    ("next", &link),
                ],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{b}: {}", answer.body);
        assert!(
            answer.body.contains("/join?token="),
            "{b}: back to the invitation: {}",
            answer.body
        );
        let token = link.split_once("token=").expect("a token").1;
        let join = nina
            .call("join_organisation", &[("form[token]", token)])
            .await;
        assert_eq!(join.status, StatusCode::OK, "{b}: {}", join.body);
        let dashboard = nina.call("dashboard", &[]).await;
        assert!(
            dashboard.body.contains("Organisation olga"),
            "{b}: {}",
            dashboard.body
        );
        let again = nina
            .call("join_organisation", &[("form[token]", token)])
            .await;
        assert_eq!(
            error(&again),
            AppError::Refused(Refusal::InvitationLinkInvalid),
            "{b}"
        );
    })
    .await;
}
