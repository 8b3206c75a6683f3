//! The operator's pages beyond the approval queues and billing: the audit log.

pub mod audit;
