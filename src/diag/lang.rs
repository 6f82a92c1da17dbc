//! The language diagnostics are printed in: Japanese by default (the office's editors read
//! Japanese), English on request.
//!
//! Part of [`super`]. The words themselves are the catalogue's, in both languages, keyed by the
//! diagnostic's code; a [`Lang`] only chooses between them when a diagnostic is printed, so a
//! diagnostic carries no language and tests can match its code and arguments.

/// A language of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 日本語: the default.
    #[default]
    Ja,
    /// English: `--lang en`, or a locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) starting with `en`.
    En,
}

impl Lang {
    /// The language a locale asks for, read as gettext reads it: the first of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` that is set and not empty decides; English if it starts with
    /// `en` (`en_US.UTF-8`, `en`), Japanese otherwise (`ja_JP.UTF-8`, `C`, unset). `var` gives
    /// an environment variable's value (the library reads no environment itself).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|value| !value.is_empty());
        match locale {
            Some(l) if l.starts_with("en") => Lang::En,
            _ => Lang::Ja,
        }
    }

    /// The language named `name` on the command line (`ja`, `en`), if it is one.
    pub fn from_name(name: &str) -> Option<Lang> {
        match name.to_ascii_lowercase().as_str() {
            "ja" | "jp" | "japanese" | "日本語" => Some(Lang::Ja),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(vars: &[(&str, &str)]) -> Lang {
        Lang::from_locale(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn the_first_locale_variable_set_decides_as_in_gettext() {
        assert_eq!(locale(&[]), Lang::Ja);
        assert_eq!(locale(&[("LANG", "C.UTF-8")]), Lang::Ja);
        assert_eq!(locale(&[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(locale(&[("LANG", "ja_JP.UTF-8")]), Lang::Ja);
        assert_eq!(
            locale(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "ja_JP.UTF-8")]),
            Lang::Ja
        );
        assert_eq!(
            locale(&[("LANG", "ja_JP.UTF-8"), ("LC_MESSAGES", "en_GB")]),
            Lang::En
        );
        // An empty variable counts as unset.
        assert_eq!(locale(&[("LC_ALL", ""), ("LANG", "en")]), Lang::En);
    }

    #[test]
    fn names_on_the_command_line() {
        assert_eq!(Lang::from_name("en"), Some(Lang::En));
        assert_eq!(Lang::from_name("JA"), Some(Lang::Ja));
        assert_eq!(Lang::from_name("fr"), None);
    }
}
