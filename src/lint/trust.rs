//! [`Trust`]: which side of a date/epoch disagreement a fix believes. A setting of its
//! own, below the configuration, because what a rule sees (`Context`) carries it.

/// Which side wins when `date` and the epoch comment disagree, for `--fix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Trust {
    /// `date` is right: rewrite the epoch comment from it.
    Date,
    /// The epoch is right: rewrite `date` from it (keeping the date's offset).
    Epoch,
}
