//! The choices a pane asks the desk to put in front of the operator: a list to pick from
//! and a yes/no question (drawn and answered by the root, which hands the answer back).

/// What a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    /// New status.
    Status,
    /// New priority.
    Priority,
    /// New category.
    Category,
    /// A canned reply to insert.
    Reply,
    /// Where the running call is logged.
    CallTarget,
    /// Why the caller's number of a call is shown in full.
    CallerReveal,
}

/// A list to pick one item from.
#[derive(Debug, Clone)]
pub struct Picker {
    /// What it is for.
    pub purpose: PickFor,
    /// Labels (already translated).
    pub labels: Vec<String>,
    /// Wire values, parallel to `labels`.
    pub values: Vec<String>,
    /// Highlighted item.
    pub selected: usize,
    /// First row of the highlighted item's preview shown (canned replies).
    pub scroll: usize,
}

/// What a yes/no question confirms.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Take the claim from its holder.
    Steal(i64),
    /// Send a stale write again on the new version.
    Retry,
    /// Quit while a call runs (the call is kept for the next start).
    QuitDuringCall,
    /// Wrap up the call a crash cut off (no discards it).
    ResumeCall,
}
