//! The page fetches the lessons' texts from `web/lessons/LANG.txt` (see
//! `zkplay_core::tutorial::text_file`): each file must be exactly what the lessons built into
//! core write, or the page would show another version's words (or refuse them). Run with
//! `ZKPLAY_WRITE_LESSONS=1` to write them after changing a lesson.

use std::path::PathBuf;
use zkplay_core::tutorial::text_file::{read, write};
use zkplay_core::tutorial::Lang;

#[test]
fn the_page_s_lesson_files_are_the_lessons_texts() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../web/lessons");
    for lang in [Lang::En, Lang::Zh] {
        let path = dir.join(format!("{}.txt", lang.code()));
        let want = write(lang);
        if std::env::var_os("ZKPLAY_WRITE_LESSONS").is_some() {
            std::fs::create_dir_all(&dir).expect("web/lessons");
            std::fs::write(&path, &want).expect("write the lesson file");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is not the lessons' {} texts: run ZKPLAY_WRITE_LESSONS=1 cargo test -p zkplay-tests --test lesson_files",
            path.display(),
            lang.code()
        );
        assert!(
            read(&have).is_some(),
            "{} does not read back",
            path.display()
        );
    }
}
