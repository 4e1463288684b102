//! The lessons' texts, fetched from `lessons/LANG.txt` (written by core's
//! `tutorial::text_file`) the first time a lesson is open in a language, and kept for the
//! page's life. The page's code carries only the lessons' titles and checks: their words are
//! ~25 KB gzipped that a visit which opens no lesson never loads.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;
use zkplay_core::tutorial::text_file::{read, LessonTexts};
use zkplay_core::tutorial::Lang;

/// Where a language's texts are.
#[derive(Clone, PartialEq)]
pub enum Texts {
    Loading,
    Ready(Rc<LessonTexts>),
    /// The file could not be fetched, or is not this page's (another version's).
    Unavailable,
}

thread_local! {
    /// Each language's texts once a fetch of them started: `Loading` while it runs.
    static KNOWN: RefCell<Vec<(Lang, Texts)>> = const { RefCell::new(Vec::new()) };
    /// The components waiting for a fetch under way (any of them may have started it, or none
    /// that is still on the page): each renders again when it ends.
    static WAITING: RefCell<Vec<UseStateSetter<u32>>> = const { RefCell::new(Vec::new()) };
}

fn known(lang: Lang) -> Option<Texts> {
    KNOWN.with(|k| {
        k.borrow()
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, t)| t.clone())
    })
}

fn set(lang: Lang, texts: Texts) {
    KNOWN.with(|k| {
        let mut k = k.borrow_mut();
        k.retain(|(l, _)| *l != lang);
        k.push((lang, texts));
    });
}

async fn fetch(lang: Lang) -> Option<LessonTexts> {
    read(&fetch_text(&format!("lessons/{}.txt", lang.code())).await?)
}

/// A text file of the page's (a lesson's texts, a case study's script), if it arrives.
pub async fn fetch_text(url: &str) -> Option<String> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// The texts of `lang`, fetched once `wanted` (a lesson is open); the component renders again
/// when they arrive.
#[hook]
pub fn use_lesson_texts(lang: Lang, wanted: bool) -> Texts {
    let arrived = use_state(|| 0u32);
    {
        let (setter, count) = (arrived.setter(), *arrived);
        use_effect_with((lang, wanted), move |&(lang, wanted)| {
            if wanted && known(lang).is_none() {
                set(lang, Texts::Loading);
                spawn_local(async move {
                    let texts = fetch(lang).await.map(Rc::new);
                    set(lang, texts.map_or(Texts::Unavailable, Texts::Ready));
                    for waiting in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
                        waiting.set(count.wrapping_add(1));
                    }
                });
            }
            if wanted && known(lang) == Some(Texts::Loading) {
                WAITING.with(|w| w.borrow_mut().push(setter));
            }
        });
    }
    known(lang).unwrap_or(Texts::Loading)
}

#[cfg(test)]
mod tests {
    use crate::messages::english::english_words;

    #[test]
    fn the_tutorial_in_chinese_has_english_only_in_its_code() {
        use zkplay_core::tutorial::{lessons, spans, text_file, Span};
        // The words the page fetches (the page's own build of core has none built in).
        let file = text_file::read(include_str!("../lessons/zh.txt")).expect("lessons/zh.txt");
        for (i, l) in lessons().iter().enumerate() {
            let steps = (0..l.steps.len()).flat_map(|j| [file.task(i, j), file.explanation(i, j)]);
            for text in [l.title.zh, file.intro(i)].into_iter().chain(steps) {
                assert!(!text.is_empty(), "{}: a text is missing", l.id);
                for span in spans(text) {
                    if let Span::Prose(words) = span {
                        let english = english_words(words);
                        assert!(english.is_empty(), "{}: {english:?} in {text}", l.id);
                    }
                }
            }
        }
    }
}
