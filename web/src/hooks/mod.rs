//! The page's effects, each a hook the page (`components/app.rs`) calls once per render: the
//! sandbox saved as it changes (`autosave.rs`), a script loaded a slice at a time
//! (`load_slices.rs`), the language and the tutorial's progress kept (`persistence.rs`), the
//! play timer (`play.rs`) and the keyboard shortcuts (`keyboard.rs`). They dispatch actions;
//! what an action does is the reducer's (`state.rs`).

mod autosave;
mod keyboard;
mod load_slices;
mod persistence;
mod play;

pub use autosave::use_autosave;
pub use keyboard::use_keyboard;
pub use load_slices::use_load_slices;
pub use persistence::use_persistence;
pub use play::use_play;
