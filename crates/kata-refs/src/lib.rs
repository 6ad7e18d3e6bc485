//! Reference implementations of the LLD katas. Each module implements one kata's line protocol
//! as a [`Machine`]: a correct reference that passes the kata's scenarios, and a broken variant
//! with one realistic bug that the scenarios must catch (so a suite that cannot fail is found).
//!
//! `sdcoach kata run ID --reference` runs the binary itself as the program under test, through a
//! hidden subcommand that calls [`serve`].

use std::io::{BufRead, Write};

use kata::Machine;

mod alexa_skill_routing;
mod base62_codec;
mod collaborative_text_ot;
mod consistent_hash_ring;
mod elevator_system;
mod game_engine_ecs;
mod gmail_labels;
mod lfu_cache;
mod library_management;
mod lru_cache;
mod mentorship_booking;
mod message_queue_lld;
mod mini_search_index;
mod mini_version_control;
mod notification_service_lld;
mod order_book_matching;
mod parking_lot;
mod payment_gateway_lld;
mod payment_method_recommendation;
mod rate_limiter;
mod restaurant_reservation;
mod s3_object_store_lld;
mod splitwise;
mod ticket_booking_lld;
mod tinder_matching_lld;
mod trello_board;
mod undo_redo_editor;
mod util;
mod vending_machine;
mod zoom_meeting_state;

/// A kata's implementations.
#[derive(Clone, Copy)]
pub struct Reference {
    pub id: &'static str,
    /// A fresh correct machine.
    pub new: fn() -> Box<dyn Machine>,
    /// A fresh machine with [`Reference::bug`].
    pub broken: fn() -> Box<dyn Machine>,
    /// The broken variant's bug, in words.
    pub bug: &'static str,
}

impl std::fmt::Debug for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reference").field("id", &self.id).field("bug", &self.bug).finish()
    }
}

/// Every reference, one per kata. Add a kata's entry here after its module compiles.
pub const REFERENCES: &[Reference] = &[
    lru_cache::REFERENCE,
    lfu_cache::REFERENCE,
    rate_limiter::REFERENCE,
    consistent_hash_ring::REFERENCE,
    base62_codec::REFERENCE,
    collaborative_text_ot::REFERENCE,
    mini_search_index::REFERENCE,
    tinder_matching_lld::REFERENCE,
    gmail_labels::REFERENCE,
    game_engine_ecs::REFERENCE,
    alexa_skill_routing::REFERENCE,
    splitwise::REFERENCE,
    parking_lot::REFERENCE,
    elevator_system::REFERENCE,
    library_management::REFERENCE,
    vending_machine::REFERENCE,
    restaurant_reservation::REFERENCE,
    trello_board::REFERENCE,
    message_queue_lld::REFERENCE,
    notification_service_lld::REFERENCE,
    ticket_booking_lld::REFERENCE,
    mentorship_booking::REFERENCE,
    s3_object_store_lld::REFERENCE,
    zoom_meeting_state::REFERENCE,
    order_book_matching::REFERENCE,
    payment_gateway_lld::REFERENCE,
    payment_method_recommendation::REFERENCE,
    undo_redo_editor::REFERENCE,
    mini_version_control::REFERENCE,
];

pub fn find(id: &str) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.id == id)
}

/// Answers commands from `input` until it ends, one flushed reply line per command line.
/// Blank lines are skipped, as the starters do.
pub fn serve(machine: &mut dyn Machine, input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = machine.reply(line.trim_end_matches('\r'));
        writeln!(output, "{reply}")?;
        output.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = REFERENCES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn serve_answers_each_line_and_skips_blank_ones() {
        let mut lru = (find("lru-cache").unwrap().new)();
        let mut out = Vec::new();
        serve(lru.as_mut(), "new 1\n\nput a 1\r\nget a\n".as_bytes(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "ok\nok\n1\n");
    }
}
