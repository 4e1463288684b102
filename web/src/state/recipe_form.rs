//! The recipe form's values: what it shows (the recipe last started, kept across reloads, or
//! what a lesson's step starts next) and the line storage keeps it as.

use zkplay_core::script::parse::SimCommand;

/// The recipe form's values, as `Action::StartRecipe` carries them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeForm {
    /// The kind's script name (`lock`).
    pub kind: String,
    pub path: String,
    pub count: usize,
    /// The options as the script's `key=value` words.
    pub options: String,
}

impl Default for RecipeForm {
    fn default() -> Self {
        let first = &zkplay_core::recipes::kinds::KINDS[0];
        RecipeForm {
            kind: first.name.into(),
            path: first.default_path.into(),
            count: 3,
            options: String::new(),
        }
    }
}

impl RecipeForm {
    /// The form filled with a script's `recipe` line: its kind, path, as many clients, and
    /// every option its kind uses (defaults written out, so the form shows what will run).
    pub fn from_line(line: &SimCommand) -> Option<RecipeForm> {
        use zkplay_core::recipes::kinds::OptionName;
        let SimCommand::Recipe {
            kind,
            path,
            clients,
            options: o,
        } = line
        else {
            return None;
        };
        let words: Vec<String> = kind
            .info()
            .options
            .iter()
            .filter_map(|(name, _)| {
                let value = match name {
                    OptionName::Hold => o.hold_ms.to_string(),
                    OptionName::Rounds => o.rounds.to_string(),
                    OptionName::Fencing => (if o.fencing { "on" } else { "off" }).into(),
                    OptionName::Items => o.items.to_string(),
                    OptionName::Interval => o.interval_ms.to_string(),
                    OptionName::Size => o.size?.to_string(),
                };
                Some(format!("{}={value}", name.key()))
            })
            .collect();
        Some(RecipeForm {
            kind: kind.name().into(),
            path: path.clone(),
            count: clients.len(),
            options: words.join(" "),
        })
    }

    /// An option's value in the form, if it has one.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .split_whitespace()
            .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
    }

    /// The form as one line (`kind path count options`), as storage keeps it.
    pub fn to_line(&self) -> String {
        format!(
            "{} {} {} {}",
            self.kind, self.path, self.count, self.options
        )
    }

    /// The form from [`RecipeForm::to_line`]'s line, if it reads as one.
    pub fn from_saved(line: &str) -> Option<RecipeForm> {
        let mut words = line.splitn(4, ' ');
        Some(RecipeForm {
            kind: words.next()?.into(),
            path: words.next()?.into(),
            count: words.next()?.parse().ok()?,
            options: words.next().unwrap_or("").trim().into(),
        })
    }
}
