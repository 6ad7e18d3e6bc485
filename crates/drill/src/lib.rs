//! Drills that make estimation a habit, with no I/O: a scenario is generated from a seed (the
//! same seed gives the same drill), answers come in as text, and each is scored by how many
//! orders of magnitude it is off.
//!
//! - [`estimate_drill`]: a problem's scale inputs, randomised; the learner derives QPS, storage,
//!   bandwidth...; the worked arithmetic follows.
//! - [`numbers_quiz`]: the numbers to know, asked back.

mod rng;
mod scenario;
mod score;

pub use rng::Rng;
pub use scenario::{EstimateDrill, NumbersQuiz, Question, Step, estimate_drill, numbers_quiz};
pub use score::{Score, score};
