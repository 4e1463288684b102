//! The recipe form's values: what it shows (the recipe last started, kept across reloads, or
//! what a lesson's step starts next), read from its fields as a typed recipe, and the line
//! storage keeps it as.

use zkplay_core::recipes::kinds::{OptionName, KINDS};
use zkplay_core::recipes::{OptionError, RecipeKind, RecipeOptions};
use zkplay_core::script::parse::SimCommand;

/// The recipe form's values, as `Action::StartRecipe` carries them: typed, as core's
/// `recipe` line holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeForm {
    pub kind: RecipeKind,
    pub path: String,
    /// How many new clients run it.
    pub count: usize,
    /// The options; only those the kind uses are shown (and saved).
    pub options: RecipeOptions,
}

/// An option's field as the form reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// A number as typed (blank: the line's default).
    Text(String),
    /// The `fencing` checkbox.
    Checked(bool),
}

impl Default for RecipeForm {
    fn default() -> Self {
        let first = &KINDS[0];
        RecipeForm {
            kind: first.kind,
            path: first.default_path.into(),
            count: 3,
            options: RecipeOptions::default(),
        }
    }
}

impl RecipeForm {
    /// The form filled with a script's `recipe` line: its kind, path, as many clients, and
    /// its options (defaults included, so the form shows what will run).
    pub fn from_line(line: &SimCommand) -> Option<RecipeForm> {
        let SimCommand::Recipe {
            kind,
            path,
            clients,
            options,
        } = line
        else {
            return None;
        };
        Some(RecipeForm {
            kind: *kind,
            path: path.clone(),
            count: clients.len(),
            options: options.clone(),
        })
    }

    /// The form's fields as a recipe to start: each option the kind uses read from its field
    /// by core's reader of a `recipe` line's values (a blank field keeps the line's default;
    /// options the kind does not use keep theirs, so the line says only what matters). The
    /// first field that cannot be read is the error, as the line's parser reports it.
    pub fn read(
        kind: RecipeKind,
        path: String,
        count: usize,
        field: impl Fn(OptionName) -> Field,
    ) -> Result<RecipeForm, OptionError> {
        let mut options = RecipeOptions::default();
        for (name, _) in kind.info().options {
            match (name, field(*name)) {
                (OptionName::Fencing, Field::Checked(on)) => options.fencing = on,
                (_, Field::Checked(_)) => {}
                (_, Field::Text(text)) if text.trim().is_empty() => {}
                (_, Field::Text(text)) => options.set(*name, text.trim())?,
            }
        }
        Ok(RecipeForm {
            kind,
            path,
            count,
            options,
        })
    }

    /// What an option's field shows: the form's value when its kind uses the option, else
    /// the value the kinds table starts the option with (empty: unchecked, or none).
    pub fn option_text(&self, name: OptionName) -> String {
        if self.kind.info().uses(name) {
            self.options.value_text(name).unwrap_or_default()
        } else {
            name.default_value().to_string()
        }
    }

    /// The form as one line (`kind path count key=value …`, the options its kind uses), as
    /// storage keeps it.
    pub fn to_line(&self) -> String {
        let mut line = format!("{} {} {}", self.kind.name(), self.path, self.count);
        for (name, _) in self.kind.info().options {
            if let Some(value) = self.options.value_text(*name) {
                line.push_str(&format!(" {}={value}", name.key()));
            }
        }
        line
    }

    /// The form from [`RecipeForm::to_line`]'s line, if it reads as one (a kind zkplay runs,
    /// a count); options that no longer read as a line's give the form's starting ones.
    pub fn from_saved(line: &str) -> Option<RecipeForm> {
        let mut words = line.split(' ');
        let kind = RecipeKind::parse(words.next()?)?;
        let path = words.next()?.to_string();
        let count = words.next()?.parse().ok()?;
        let words: Vec<String> = words.filter(|w| !w.is_empty()).map(String::from).collect();
        let options = RecipeOptions::parse(&words).unwrap_or_default();
        Some(RecipeForm {
            kind,
            path,
            count,
            options,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> impl Fn(OptionName) -> Field + '_ {
        move |_| Field::Text(s.into())
    }

    /// A saved form reads back as itself, and forms saved before the form was typed (the
    /// options as the fields' words) still load.
    #[test]
    fn saved_forms_read_back() {
        let form = RecipeForm::read(RecipeKind::Lock, "/locks/x".into(), 2, |n| match n {
            OptionName::Fencing => Field::Checked(true),
            OptionName::Rounds => Field::Text("2".into()),
            _ => Field::Text(" 7000 ".into()),
        })
        .unwrap();
        assert_eq!(
            form.to_line(),
            "lock /locks/x 2 hold=7000 rounds=2 fencing=on"
        );
        assert_eq!(RecipeForm::from_saved(&form.to_line()), Some(form));
        let old = RecipeForm::from_saved("lock /locks/mine 2 hold=7000").unwrap();
        assert_eq!(old.option_text(OptionName::Hold), "7000");
        assert_eq!(old.option_text(OptionName::Rounds), "1");
        let old = RecipeForm::from_saved("queue-producer /queue 3 ").unwrap();
        assert_eq!(old.option_text(OptionName::Items), "5");
        // A value the line refuses, saved with a refused start: the form's starting values.
        let refused = RecipeForm::from_saved("lock /l 1 hold=99999999999 rounds=2").unwrap();
        assert_eq!(refused.options, RecipeOptions::default());
        for broken in ["", "lock", "lock /l", "lock /l x", "nothing /l 3"] {
            assert_eq!(RecipeForm::from_saved(broken), None, "{broken}");
        }
    }

    /// The fields are read as a `recipe` line's values, with its errors; blank ones and the
    /// options a kind does not use keep the line's defaults.
    #[test]
    fn fields_read_as_a_lines_values() {
        let e = RecipeForm::read(RecipeKind::Lock, "/l".into(), 1, text("99999999999"));
        let line_error = RecipeOptions::parse(&["hold=99999999999".into()]).unwrap_err();
        assert_eq!(e, Err(line_error));
        let blank = RecipeForm::read(RecipeKind::Lock, "/l".into(), 1, text(" ")).unwrap();
        assert_eq!(blank.options, RecipeOptions::default());
        let barrier = RecipeForm::read(RecipeKind::Barrier, "/b".into(), 1, text("x")).unwrap();
        assert_eq!(barrier.options, RecipeOptions::default());
        assert_eq!(barrier.option_text(OptionName::Hold), "1000");
    }

    /// The form starts with what a `recipe` line without options runs with: one set of
    /// defaults, the kinds table's.
    #[test]
    fn the_form_starts_with_a_lines_defaults() {
        use zkplay_core::script::parse::{parse_script, StepKind};
        let line = parse_script("recipe lock /l on a")
            .into_iter()
            .find_map(|l| match l.kind {
                StepKind::Sim(c) => RecipeForm::from_line(&c),
                _ => None,
            })
            .unwrap();
        assert_eq!(line.options, RecipeForm::default().options);
        for name in OptionName::ALL {
            assert_eq!(
                RecipeForm::default().option_text(name),
                name.default_value()
            );
        }
    }
}
