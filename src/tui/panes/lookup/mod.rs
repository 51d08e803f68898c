//! The account-lookup pane: one input that recognises what is being typed (the rules are
//! `crate::domain::lookup_query`; [`words`] puts them in the operator's language),
//! newest-wins search, several accounts side by side, the account card, and the
//! phone-case actions and their forms.
//!
//! Pure like the rest of the desk: [`update`], [`answers`] and [`modals`] change
//! [`state::LookupState`] and return [`Cmd`](super::Cmd)s; its I/O leaves as a
//! [`msg::Request`] (run by [`requests`]) and comes back as a [`msg::Answer`].

pub mod advice;
pub mod answers;
pub mod attach;
pub mod attach_view;
pub mod card_view;
pub mod files;
pub mod modal_view;
pub mod modals;
pub mod msg;
pub mod requests;
pub mod state;
pub mod update;
pub mod view;
pub mod words;
