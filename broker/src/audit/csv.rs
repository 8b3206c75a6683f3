//! The audit log as CSV (RFC 4180: comma-separated, each field quoted, quotes doubled, lines
//! ended by CRLF), one entry per line. A field that a spreadsheet would read as a formula (it
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is written after a `'`.

use super::Listed;
use crate::calendar::utc_second;

const COLUMNS: [&str; 15] = [
    "seq",
    "at_utc",
    "user_id",
    "user_email",
    "capacity",
    "organisation_id",
    "organisation",
    "provider_id",
    "provider",
    "action",
    "detail",
    "address",
    "browser",
    "prev_hash",
    "hash",
];

/// The header line.
pub fn header() -> String {
    line(COLUMNS.iter().map(|column| (*column).to_owned()))
}

/// The line of one entry.
pub fn row(listed: &Listed) -> String {
    let entry = &listed.entry;
    let id = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    line([
        entry.seq.to_string(),
        utc_second(entry.at),
        id(entry.user.map(|user| user.get())),
        listed.actor_email.clone().unwrap_or_default(),
        entry.capacity.as_str().to_owned(),
        id(entry.tenant.map(|tenant| tenant.get())),
        listed.tenant_name.clone().unwrap_or_default(),
        id(entry.provider.map(|provider| provider.get())),
        listed.provider_name.clone().unwrap_or_default(),
        entry.action.as_str().to_owned(),
        entry.detail.clone(),
        entry.address.clone(),
        entry.agent.clone(),
        entry.prev_hash.clone(),
        entry.hash.clone(),
    ])
}

fn line(fields: impl IntoIterator<Item = String>) -> String {
    let mut text = fields
        .into_iter()
        .map(|field| {
            let defused = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{field}")
            } else {
                field
            };
            format!("\"{}\"", defused.replace('"', "\"\""))
        })
        .collect::<Vec<_>>()
        .join(",");
    text.push_str("\r\n");
    text
}
