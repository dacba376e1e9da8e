//! A language as careleaf treats it: the direction it is written in, its plural rule
//! and the reading-level formula that fits it, all known from its BCP 47 code once.

use serde::Serialize;

/// The reading-grade formula of a language (DESIGN §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formula {
    /// Flesch–Kincaid grade, for English.
    FleschKincaid,
    /// Crawford grade (with the Fernández-Huerta reading ease beside it), for Spanish.
    Crawford,
}

impl Formula {
    /// Its name as reports show it.
    pub fn name(self) -> &'static str {
        match self {
            Formula::FleschKincaid => "Flesch–Kincaid",
            Formula::Crawford => "Crawford",
        }
    }
}

/// Which way a language's text runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    #[default]
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, Urdu...).
    Rtl,
}

impl Direction {
    /// `ltr` or `rtl`, as HTML's `dir` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The plural category of a number, as the strings' `KEY_one` and `KEY_other` name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    /// "1 guide" (and, in French and Portuguese, "0 guide").
    One,
    /// "2 guides".
    Other,
}

impl Plural {
    /// `one` or `other`.
    pub fn name(self) -> &'static str {
        match self {
            Plural::One => "one",
            Plural::Other => "other",
        }
    }
}

/// What careleaf knows of a language from its code (`en`, `es-MX`, `ar`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Language {
    formula: Option<Formula>,
    direction: Direction,
    zero_is_one: bool,
}

impl Language {
    /// The language of a BCP 47 code, by its primary subtag.
    pub fn of(code: &str) -> Language {
        let primary = code.split('-').next().unwrap_or(code);
        Language {
            formula: match primary {
                "en" => Some(Formula::FleschKincaid),
                "es" => Some(Formula::Crawford),
                _ => None,
            },
            direction: match primary {
                "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb" => {
                    Direction::Rtl
                }
                _ => Direction::Ltr,
            },
            zero_is_one: matches!(primary, "fr" | "pt"),
        }
    }

    /// Its reading-grade formula; none for languages careleaf has none for (their
    /// pages get no grade rather than a wrong English one).
    pub fn formula(self) -> Option<Formula> {
        self.formula
    }

    /// Whether words are counted and split into syllables by Spanish rules.
    pub fn is_spanish(self) -> bool {
        self.formula == Some(Formula::Crawford)
    }

    /// Which way its text runs.
    pub fn direction(self) -> Direction {
        self.direction
    }

    /// The plural category of `n`.
    pub fn plural(self, n: u64) -> Plural {
        if n == 1 || (n == 0 && self.zero_is_one) {
            Plural::One
        } else {
            Plural::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_is_known_by_its_primary_subtag() {
        assert_eq!(Language::of("es-MX").formula(), Some(Formula::Crawford));
        assert_eq!(
            Language::of("en-GB").formula(),
            Some(Formula::FleschKincaid)
        );
        assert_eq!(Language::of("de").formula(), None);
        assert_eq!(Language::of("ar").direction(), Direction::Rtl);
        assert_eq!(Language::of("ckb").direction(), Direction::Rtl);
        assert_eq!(Language::of("es").direction(), Direction::Ltr);
        assert_eq!(Language::of("fr").plural(0), Plural::One);
        assert_eq!(Language::of("en").plural(0), Plural::Other);
        assert_eq!(Language::of("en").plural(1), Plural::One);
        // A language careleaf knows nothing of still reads left to right.
        assert_eq!(Language::default().direction(), Direction::Ltr);
    }
}
