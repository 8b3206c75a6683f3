//! Gives an offer's versions meters by writing `offer_versions.meters` directly, for suites that
//! need metered offers while the offer terms do not carry meters yet.

use broker::catalog::OfferId;

/// Sets the `meters` JSON (a list of `comptoir.catalog/v1` meters) of every version of `offer`
/// in the database at `url`.
pub async fn set_meters(url: &str, offer: OfferId, meters: &serde_json::Value) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    let updated = sqlx::query("UPDATE offer_versions SET meters = $1 WHERE offer_id = $2")
        .bind(meters.to_string())
        .bind(offer.get())
        .execute(&pool)
        .await
        .expect("set the meters");
    assert!(updated.rows_affected() >= 1, "offer {offer} has versions");
    pool.close().await;
}
