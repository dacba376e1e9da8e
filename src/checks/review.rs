//! What a clinical reviewer reads before signing a guide off (DESIGN §11.8): per guide
//! and language, the reading level by two formulas, the hardest sentences, and the
//! points of a patient-education review (PEMAT-P) that the guide's structure answers.
//! `careleaf report` shows them with the review dates, translation and version status
//! and the handout's pages (the `report` module).

use std::collections::BTreeMap;

use serde::Serialize;

use super::readability::{self, Counts};
use super::reading_text::prose;
use crate::content::{Body, Page};
use crate::diagnostics::display_path;
use crate::language::Language;
use crate::sections::SectionType;
use crate::site::Resolved;

/// The site a report is about.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SiteReview {
    /// careleaf.yaml `title`.
    pub title: String,
    /// careleaf.yaml `readability.max_grade`.
    pub max_grade: f64,
    /// The day the report was made (`YYYY-MM-DD`), which review dates are read against.
    pub today: String,
    /// The handouts' body size in points, and in the large-print handouts.
    pub type_size: (u32, u32),
}

/// One guide in one language.
#[derive(Debug, Clone, Serialize)]
pub struct GuideReview {
    /// The content file.
    pub file: String,
    /// The page's URL.
    pub url: String,
    /// Its language.
    pub lang: String,
    /// Its title.
    pub title: String,
    /// Sentences, words, syllables and words of three syllables or more measured.
    pub counts: CountsOut,
    /// The reading level by two formulas (and, for Spanish, the grade `check` uses).
    pub readings: Vec<ReadingOut>,
    /// The hardest sentences, hardest first, with their own grade.
    pub hardest: Vec<Hard>,
    /// The structural points, each met or not.
    pub points: Vec<Point>,
    /// Who reviewed it, when, and when the next review is due (`YYYY-MM-DD`).
    pub reviewed_by: Option<String>,
    /// The date of the last review.
    pub reviewed_on: Option<String>,
    /// When the next review is due.
    pub review_due: Option<String>,
    /// The leaflet's version: "draft", "version 2 (2026-12-03)", or "version 2
    /// (2026-12-03), changed since: tips".
    pub version: String,
    /// The leaflet's code, if it has one.
    pub code: Option<String>,
    /// The measured text (what the formulas read), for checking them independently.
    pub text: String,
}

/// Counts of the measured text.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CountsOut {
    /// Sentences.
    pub sentences: usize,
    /// Words.
    pub words: usize,
    /// Syllables.
    pub syllables: usize,
    /// Words of three syllables or more.
    pub polysyllables: usize,
}

/// One reading formula's result.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingOut {
    /// `Flesch–Kincaid`, `SMOG`, `Fernández-Huerta`, `INFLESZ`, `Crawford`.
    pub formula: &'static str,
    /// `grade` (a school grade: lower is easier) or `ease` (0 to 100: higher is easier).
    pub scale: &'static str,
    /// The value, to one decimal.
    pub value: f64,
    /// What the value means for a patient leaflet, in words.
    pub verdict: &'static str,
}

/// A hard sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Hard {
    /// The sentence.
    pub sentence: String,
    /// Its own grade by the language's first formula.
    pub grade: f64,
}

/// One point of the review.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// What is asked ("Key points come first").
    pub name: &'static str,
    /// Whether the guide meets it.
    pub met: bool,
    /// What careleaf found.
    pub detail: String,
}

/// Number words a leaflet should write as numerals ("2 tablets", not "two tablets").
const NUMBER_WORDS: [&str; 30] = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "dos", "tres", "cuatro", "cinco", "seis",
    "siete", "ocho", "nueve", "diez", "once", "doce", "veinte", "treinta", "cien",
];

/// The review of every guide of the site, in the order of the pages.
pub fn guides(
    resolved: &Resolved<'_>,
    interval_days: u32,
    versions: &crate::versions::Lock,
) -> Vec<GuideReview> {
    // Each language's glossary words, gathered once (not once per guide).
    let mut glossaries: BTreeMap<&str, Vec<(&str, Vec<String>)>> = BTreeMap::new();
    for page in resolved.pages.iter() {
        if let Body::Glossary(terms) = &page.body {
            glossaries
                .entry(&page.lang)
                .or_default()
                .extend(terms.iter().map(|t| {
                    let words = std::iter::once(&t.term)
                        .chain(&t.aliases)
                        .map(|w| w.to_lowercase())
                        .collect();
                    (t.term.as_str(), words)
                }));
        }
    }
    resolved
        .pages
        .iter()
        .filter(|p| matches!(p.body, Body::Guide(_)))
        .filter_map(|p| {
            let glossary = glossaries.get(p.lang.as_str()).map(Vec::as_slice);
            review(p, &resolved.url(&p.path), glossary, interval_days, versions)
        })
        .collect()
}

/// A language's glossary: each term with the words (term and aliases, lower case)
/// that stand for it.
type Glossary<'g> = [(&'g str, Vec<String>)];

fn review(
    page: &Page,
    url: &str,
    glossary: Option<&Glossary<'_>>,
    interval_days: u32,
    versions: &crate::versions::Lock,
) -> Option<GuideReview> {
    let guide = page.guide()?;
    let text = prose(page).ok()?;
    let lang = Language::of(&page.lang);
    let counts = Counts::of(&text, lang);
    // A list item or table cell of a word or two ("Moisturizer") is no sentence to
    // rewrite, though its grade is high: the hardest of five words or more.
    let hardest = readability::hardest(&text, lang, usize::MAX)
        .into_iter()
        .filter(|(s, _)| readability::words(s).count() >= 5)
        .take(3)
        .map(|(s, g)| Hard {
            sentence: s.to_owned(),
            grade: round1(g),
        })
        .collect();
    let has = |kinds: &[SectionType]| {
        guide
            .sections
            .iter()
            .filter(|s| kinds.contains(&s.section.kind()))
            .count()
    };
    let mut points = Vec::new();
    let keys = guide.takeaways.len();
    points.push(Point {
        name: "Key points come first",
        met: (1..=5).contains(&keys),
        detail: match keys {
            0 => "no key points (`takeaways:`)".to_owned(),
            n @ 1..=5 => format!("{n} key points at the top of the page and handout"),
            n => format!("{n} key points: more than 5 is hard to take in"),
        },
    });
    let signs = has(&[SectionType::WarningSigns, SectionType::ActionPlan]);
    points.push(Point {
        name: "Warning signs say whom to call",
        met: signs > 0,
        detail: if signs > 0 {
            "warning signs (or an action plan) with a contact for each group; the emergency line where careleaf.yaml sets it".to_owned()
        } else {
            "no warning signs or action plan: a patient is not told when to get help".to_owned()
        },
    });
    let actions = has(&[
        SectionType::Steps,
        SectionType::Timeline,
        SectionType::Tips,
        SectionType::Exercises,
        SectionType::IfThisHappens,
        SectionType::Medications,
        SectionType::ActionPlan,
    ]);
    points.push(Point {
        name: "Actions are broken into steps",
        met: actions > 0,
        detail: if actions > 0 {
            format!("{actions} sections of steps, stages, tips, medicines or first aid")
        } else {
            "only free text: say what to do as steps, tips or stages".to_owned()
        },
    });
    let defined = glossary
        .map(|g| glossary_words(g, &text))
        .unwrap_or_default();
    let glossary = glossary.is_some();
    points.push(Point {
        name: "Medical words are explained",
        met: glossary,
        detail: if !glossary {
            "the site has no glossary in this language".to_owned()
        } else if defined.is_empty() {
            "no word of the glossary is used (the glossary explains the words it lists)".to_owned()
        } else {
            format!("explained in the glossary: {}", defined.join(", "))
        },
    });
    let spelled = number_words(&text);
    points.push(Point {
        name: "Numbers are written as numerals",
        met: spelled.is_empty(),
        detail: if spelled.is_empty() {
            "no number written as a word".to_owned()
        } else {
            format!("written as words: {}", spelled.join(", "))
        },
    });
    let images = page.fields().map(|f| f.images).unwrap_or_default();
    let undescribed = images
        .iter()
        .filter(|i| i.value.alt.trim().is_empty())
        .count();
    points.push(Point {
        name: "Every picture is described",
        met: undescribed == 0,
        detail: match (images.len(), undescribed) {
            (0, _) => "no pictures".to_owned(),
            (n, 0) => format!("{n} pictures, each with a description"),
            (n, u) => format!("{u} of {n} pictures have no description"),
        },
    });
    let reviewed = page.meta.reviewed.as_ref();
    Some(GuideReview {
        file: display_path(&page.source),
        url: url.to_owned(),
        lang: page.lang.clone(),
        title: page.meta.title.clone(),
        counts: CountsOut {
            sentences: counts.sentences,
            words: counts.words,
            syllables: counts.syllables,
            polysyllables: counts.polysyllables,
        },
        readings: readings(&counts, lang),
        hardest,
        points,
        reviewed_by: reviewed.map(|r| r.by.clone()),
        reviewed_on: reviewed.map(|r| r.on.to_string()),
        review_due: reviewed.map(|r| r.due(interval_days).to_string()),
        version: match crate::versions::status(page, versions) {
            crate::versions::Status::Draft => "draft".to_owned(),
            crate::versions::Status::Current(v) => format!("version {} ({})", v.version, v.date),
            crate::versions::Status::Changed(v, parts) => format!(
                "version {} ({}), changed since: {}",
                v.version,
                v.date,
                parts.join(", ")
            ),
        },
        code: guide.code.as_ref().map(|c| c.value.clone()),
        text,
    })
}

/// English: Flesch–Kincaid and SMOG grades; Spanish: the Fernández-Huerta and INFLESZ
/// reading ease, and the Crawford grade `check` compares with `max_grade`.
fn readings(counts: &Counts, lang: Language) -> Vec<ReadingOut> {
    let grade = |formula, value: Option<f64>| {
        value.map(|v| ReadingOut {
            formula,
            scale: "grade",
            value: round1(v),
            verdict: if v <= 6.0 {
                "easy: most adults read it"
            } else if v <= 8.0 {
                "plain: the level health leaflets aim for"
            } else if v <= 10.0 {
                "fairly hard"
            } else {
                "hard for many patients"
            },
        })
    };
    if lang.is_spanish() {
        let ease = |formula, value: Option<f64>, bands: [f64; 4]| {
            value.map(|v| ReadingOut {
                formula,
                scale: "ease",
                value: round1(v),
                verdict: if v < bands[0] {
                    "very hard"
                } else if v < bands[1] {
                    "somewhat hard"
                } else if v < bands[2] {
                    "normal"
                } else if v < bands[3] {
                    "easy"
                } else {
                    "very easy"
                },
            })
        };
        // Fernández-Huerta keeps Flesch's bands; INFLESZ its own (Barrio-Cantalejo, 2008).
        [
            ease("Fernández-Huerta", counts.ease(), [50.0, 60.0, 70.0, 80.0]),
            ease("INFLESZ", counts.inflesz(), [40.0, 55.0, 65.0, 80.0]),
            grade("Crawford", counts.grade(lang)),
        ]
        .into_iter()
        .flatten()
        .collect()
    } else {
        [
            grade("Flesch–Kincaid", counts.grade(lang)),
            grade("SMOG", counts.smog()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The glossary's terms (by the term or an alias) the text uses, each once.
fn glossary_words(glossary: &Glossary<'_>, text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> = Vec::new();
    for (term, words) in glossary {
        if words.iter().any(|w| contains_word(&lower, w)) && !found.iter().any(|f| f == term) {
            found.push((*term).to_owned());
        }
    }
    found
}

/// Whether `word` stands in `text` as a word of its own.
fn contains_word(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text.match_indices(word).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// Number words in the text, each named once, in the order met.
fn number_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in readability::words(text) {
        let lower = word.to_lowercase();
        if NUMBER_WORDS.contains(&lower.as_str()) && !found.contains(&lower) {
            found.push(lower);
        }
    }
    found
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_and_glossary_words_are_found_as_words() {
        assert_eq!(
            number_words("Take two tablets. Wait 2 hours, then Two more. Network"),
            vec!["two"]
        );
        assert!(contains_word("use a retinol cream", "retinol"));
        assert!(!contains_word("use retinoids", "retinol"));
    }

    #[test]
    fn smog_and_inflesz_follow_their_formulas() {
        let english = Counts::of(
            "Microneedling stimulates collagen production. Avoid direct sunlight afterwards.",
            Language::of("en"),
        );
        let smog = english.smog().unwrap();
        let expected = 1.043 * (english.polysyllables as f64 * 30.0 / 2.0).sqrt() + 3.1291;
        assert!((smog - expected).abs() < 1e-9);
        assert!(english.polysyllables >= 4, "{english:?}");
        let spanish = Counts::of("Tome una pastilla. Descanse en casa.", Language::of("es"));
        let inflesz = spanish.inflesz().unwrap();
        let w = spanish.words as f64;
        assert!((inflesz - (206.835 - 62.3 * spanish.syllables as f64 / w - w / 2.0)).abs() < 1e-9);
        assert!(
            inflesz > 65.0,
            "short plain Spanish reads as easy: {inflesz}"
        );
    }
}
