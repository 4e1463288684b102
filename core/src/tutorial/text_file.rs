//! The lessons' texts as a file of their own, one per language, which the page fetches when a
//! lesson or a case study opens instead of carrying them in its code (`web/lessons/LANG.txt`).
//!
//! The file is the texts in lesson order: a header record, then per lesson its intro followed
//! by each step's task and explanation, then per case study its summary followed by its
//! guide. Records end with RS (U+001E), the fields of a lesson
//! are separated by US (U+001F); neither occurs in a lesson's text.

use super::lessons;
#[cfg(feature = "lesson-text")]
use super::Lang;
use crate::cases::CASES;

const LESSON_END: char = '\u{1e}';
const FIELD: char = '\u{1f}';
/// The first record: the format and the number of lessons, so a file from another build of the
/// page is refused instead of misread.
const HEADER: &str = "zkplay-lessons 1";

/// One lesson's texts in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LessonText {
    intro: String,
    /// Each step's task and explanation.
    steps: Vec<(String, String)>,
}

/// One case study's texts in one language: its summary and its guide.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CaseText {
    summary: String,
    guide: Vec<String>,
}

/// Every lesson's texts in one language, and every case study's, as read from its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonTexts {
    lessons: Vec<LessonText>,
    cases: Vec<CaseText>,
}

impl LessonTexts {
    /// The lesson's intro ("" for a lesson that is not there).
    pub fn intro(&self, lesson: usize) -> &str {
        self.lessons.get(lesson).map_or("", |l| l.intro.as_str())
    }

    /// The step's task ("" for a step that is not there).
    pub fn task(&self, lesson: usize, step: usize) -> &str {
        self.step(lesson, step).map_or("", |s| s.0.as_str())
    }

    /// The step's explanation ("" for a step that is not there).
    pub fn explanation(&self, lesson: usize, step: usize) -> &str {
        self.step(lesson, step).map_or("", |s| s.1.as_str())
    }

    /// A case study's summary ("" for a case that is not there).
    pub fn case_summary(&self, case: usize) -> &str {
        self.cases.get(case).map_or("", |c| c.summary.as_str())
    }

    /// A case study's guide, in order.
    pub fn case_guide(&self, case: usize) -> &[String] {
        self.cases.get(case).map_or(&[], |c| c.guide.as_slice())
    }

    fn step(&self, lesson: usize, step: usize) -> Option<&(String, String)> {
        self.lessons.get(lesson)?.steps.get(step)
    }
}

/// The file of one language's texts, from the lessons built into this binary.
#[cfg(feature = "lesson-text")]
pub fn write(lang: Lang) -> String {
    let mut out = format!("{}{LESSON_END}", header());
    for lesson in lessons() {
        out.push_str(lesson.intro.get(lang));
        for step in lesson.steps {
            for text in [step.task, step.explanation] {
                out.push(FIELD);
                out.push_str(text.get(lang));
            }
        }
        out.push(LESSON_END);
    }
    for case in CASES {
        out.push_str(case.summary.get(lang));
        for text in case.guide {
            out.push(FIELD);
            out.push_str(text.get(lang));
        }
        out.push(LESSON_END);
    }
    out
}

/// The first record: the format, then how many lessons and case studies follow.
fn header() -> String {
    format!("{HEADER} {} {}", lessons().len(), CASES.len())
}

/// Reads a file [`write`] made; `None` when it is not one, or when its lessons and steps are
/// not those of this build (a file cached from another version of the page).
pub fn read(file: &str) -> Option<LessonTexts> {
    let mut records = file.split(LESSON_END);
    let header = records.next()?;
    if header != self::header() {
        return None;
    }
    let mut texts = Vec::with_capacity(lessons().len());
    for lesson in lessons() {
        let mut fields = records.next()?.split(FIELD);
        let intro = fields.next()?.to_string();
        let mut steps = Vec::with_capacity(lesson.steps.len());
        for _ in lesson.steps {
            steps.push((fields.next()?.to_string(), fields.next()?.to_string()));
        }
        if fields.next().is_some() {
            return None;
        }
        texts.push(LessonText { intro, steps });
    }
    let mut cases = Vec::with_capacity(CASES.len());
    for case in CASES {
        let mut fields = records.next()?.split(FIELD);
        let summary = fields.next()?.to_string();
        let guide: Vec<String> = fields.map(str::to_string).collect();
        if guide.len() != case.guide.len() {
            return None;
        }
        cases.push(CaseText { summary, guide });
    }
    // After the last case's end, nothing.
    (records.next() == Some("") && records.next().is_none()).then_some(LessonTexts {
        lessons: texts,
        cases,
    })
}

#[cfg(all(test, feature = "lesson-text"))]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_reads_back_as_the_built_in_texts() {
        for lang in [Lang::En, Lang::Zh] {
            let texts = read(&write(lang)).expect("reads back");
            for (i, lesson) in lessons().iter().enumerate() {
                assert_eq!(texts.intro(i), lesson.intro.get(lang));
                for (j, step) in lesson.steps.iter().enumerate() {
                    assert_eq!(texts.task(i, j), step.task.get(lang));
                    assert_eq!(texts.explanation(i, j), step.explanation.get(lang));
                }
            }
            for (i, case) in CASES.iter().enumerate() {
                assert_eq!(texts.case_summary(i), case.summary.get(lang));
                let guide: Vec<&str> = case.guide.iter().map(|t| t.get(lang)).collect();
                assert_eq!(texts.case_guide(i), guide);
            }
        }
    }

    #[test]
    fn no_text_holds_a_separator() {
        for lang in [Lang::En, Lang::Zh] {
            let file = write(lang);
            let separators = file.matches([LESSON_END, FIELD]).count();
            let fields: usize = lessons().iter().map(|l| 2 * l.steps.len()).sum();
            let guides: usize = CASES.iter().map(|c| c.guide.len()).sum();
            assert_eq!(
                separators,
                1 + lessons().len() + fields + CASES.len() + guides
            );
        }
    }

    #[test]
    fn files_of_another_shape_are_refused() {
        let file = write(Lang::En);
        assert!(read("").is_none());
        assert!(read("garbage").is_none());
        assert!(read(&file[..file.len() / 2]).is_none());
        assert!(read(&format!("{file}more")).is_none());
        assert!(read(&file.replacen("zkplay-lessons 1", "zkplay-lessons 2", 1)).is_none());
        // A lesson with a step too many.
        let extra = file.replacen(LESSON_END, &format!("{FIELD}x{FIELD}y{LESSON_END}"), 2);
        assert!(read(&extra).is_none());
        // A case with a guide line too many.
        let last = file.trim_end_matches(LESSON_END);
        assert!(read(&format!("{last}{FIELD}z{LESSON_END}")).is_none());
    }
}
