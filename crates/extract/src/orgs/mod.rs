//! Organisations: finding every mention, reading the role the text gives each
//! (where it happened, announcer, regulator, parent, provider, recipient …) and
//! choosing the one an entry is about. All organisation reasoning lives here.

pub(crate) mod headline;
mod kana;
pub(crate) mod mentions;
mod names;
mod noted;
pub(crate) mod parties;
pub(crate) mod roles;
pub(crate) mod topic;

pub(crate) use self::kana::kana_led_start;
pub use self::mentions::{MentionKind, OrgMention, find_aliases, find_mentions};
pub use self::names::{
    MAX_RUN_CHARS, is_name_char, plausible_name, plausible_subject, run_after, run_before,
};
pub use leakwatch_text::{bare_name, norm_key};
