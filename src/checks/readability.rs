//! Reading level (DESIGN §6): Flesch–Kincaid grade for English; for Spanish the
//! Crawford grade, with the Fernández-Huerta reading ease beside it.
//!
//! - Flesch–Kincaid grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59
//! - Crawford grade = −0.205 × sentences per 100 words + 0.049 × syllables per 100
//!   words − 3.407
//! - Fernández-Huerta ease = 206.84 − 0.60 × syllables per 100 words − 1.02 × words
//!   per sentence (higher is easier; 60–70 is plain language). This is the corrected
//!   form (Law, 2011): the often-quoted "sentences per 100 words" in the last term
//!   rewards long sentences, which is the opposite of what Flesch's formula, which
//!   Fernández Huerta adapted, measures.

pub use super::syllables::syllables;
use super::syllables::{count_word, english_ascii_syllables, is_word_char};
use crate::language::{Formula, Language};

/// Counts of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Sentences.
    pub sentences: usize,
    /// Words.
    pub words: usize,
    /// Syllables.
    pub syllables: usize,
    /// Words of three syllables or more (SMOG counts them).
    pub polysyllables: usize,
}

/// The counts of the sentence being read.
#[derive(Debug, Default)]
pub(super) struct Sentence {
    words: usize,
    syllables: usize,
    polysyllables: usize,
}

impl Sentence {
    /// One more word, of `syllables` syllables.
    pub(super) fn add(&mut self, syllables: usize) {
        self.words += 1;
        self.syllables += syllables;
        if syllables >= 3 {
            self.polysyllables += 1;
        }
    }
}

impl Counts {
    /// Counts `text` in language `lang` (Spanish counts Spanish syllables, anything
    /// else English ones).
    pub fn of(text: &str, lang: Language) -> Counts {
        // One pass, no allocation: this runs on every text of every page. It counts
        // what [`sentences`] and [`words`] would give: a word never spans a sentence
        // end, since every character that ends a sentence also parts words.
        if text.is_ascii() && !lang.is_spanish() {
            return Counts::of_ascii_english(text.as_bytes());
        }
        let mut counts = Counts::default();
        let mut now = Sentence::default();
        let mut word_start = None;
        let mut chars = text.char_indices().peekable();
        loop {
            let next = chars.next();
            let Some((i, c)) = next else {
                if let Some(start) = word_start.take() {
                    count_word(&text[start..], lang, &mut now);
                }
                counts.close_sentence(&mut now);
                break;
            };
            if is_word_char(c) {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = word_start.take() {
                count_word(&text[start..i], lang, &mut now);
            }
            let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
            if c == '\n' || (matches!(c, '.' | '!' | '?' | ';' | ':') && next_is_space) {
                counts.close_sentence(&mut now);
            }
        }
        counts
    }

    /// [`Counts::of`] for English text that is all ASCII (most pages): the same
    /// counts, byte by byte.
    fn of_ascii_english(text: &[u8]) -> Counts {
        let word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'\'' || b == b'-';
        let mut counts = Counts::default();
        let mut now = Sentence::default();
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            if word_byte(b) {
                let start = i;
                while i < text.len() && word_byte(text[i]) {
                    i += 1;
                }
                let run = &text[start..i];
                // The word is the run less the `'` and `-` at its edges: there is one
                // when the run has a letter or digit.
                if run.iter().any(u8::is_ascii_alphanumeric) {
                    now.add(english_ascii_syllables(run));
                }
                continue;
            }
            i += 1;
            let next_is_space = text.get(i).is_none_or(|&n| (n as char).is_whitespace());
            if b == b'\n' || (matches!(b, b'.' | b'!' | b'?' | b';' | b':') && next_is_space) {
                counts.close_sentence(&mut now);
            }
        }
        counts.close_sentence(&mut now);
        counts
    }

    /// Ends a sentence of `words` words: one that has none is not a sentence.
    fn close_sentence(&mut self, now: &mut Sentence) {
        if now.words > 0 {
            self.sentences += 1;
            self.words += now.words;
            self.syllables += now.syllables;
            self.polysyllables += now.polysyllables;
        }
        *now = Sentence::default();
    }

    /// The school grade: Flesch–Kincaid (English) or Crawford (Spanish).
    pub fn grade(&self, lang: Language) -> Option<f64> {
        let formula = lang.formula()?;
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let (w, s, y) = (
            self.words as f64,
            self.sentences as f64,
            self.syllables as f64,
        );
        Some(if formula == Formula::Crawford {
            -0.205 * (s * 100.0 / w) + 0.049 * (y * 100.0 / w) - 3.407
        } else {
            0.39 * (w / s) + 11.8 * (y / w) - 15.59
        })
    }

    /// The SMOG grade (McLaughlin, 1969), the usual second formula for health text:
    /// 1.043 × √(words of 3+ syllables × 30 / sentences) + 3.1291, as textstat
    /// computes it (for fewer than 30 sentences too).
    pub fn smog(&self) -> Option<f64> {
        if self.sentences == 0 {
            return None;
        }
        Some(1.043 * (self.polysyllables as f64 * 30.0 / self.sentences as f64).sqrt() + 3.1291)
    }

    /// The INFLESZ reading ease (Szigriszt-Pazos perspicuity, 1993; Barrio-Cantalejo's
    /// scale for health text): 206.835 − 62.3 × syllables/words − words/sentences. Below
    /// 40 very hard, 40–55 somewhat hard, 55–65 normal, 65–80 easy, above 80 very easy.
    pub fn inflesz(&self) -> Option<f64> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let w = self.words as f64;
        Some(206.835 - 62.3 * (self.syllables as f64 / w) - w / self.sentences as f64)
    }

    /// The Fernández-Huerta reading ease (Spanish; 0 hard to 100 easy).
    pub fn ease(&self) -> Option<f64> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let w = self.words as f64;
        Some(
            206.84
                - 0.60 * (self.syllables as f64 * 100.0 / w)
                - 1.02 * (w / self.sentences as f64),
        )
    }
}

/// The name of the grade formula used for `lang` (`none` when there is none).
pub fn formula(lang: Language) -> &'static str {
    lang.formula().map_or("none", Formula::name)
}

/// Splits text into sentences at `.`, `!`, `?`, `;` and `:` followed by a space or the
/// end, and at line breaks (list items and table cells arrive one per line).
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        let end = c == '\n' || (matches!(c, '.' | '!' | '?' | ';' | ':') && next_is_space);
        if end {
            let s = text[start..i + c.len_utf8()].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = i + c.len_utf8();
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The words of a sentence: runs of letters and digits (with inner `'` and `-`).
pub fn words(sentence: &str) -> impl Iterator<Item = &str> {
    sentence
        .split(|c: char| !is_word_char(c))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// The sentences of `text` with their own grade, hardest first.
pub fn hardest(text: &str, lang: Language, n: usize) -> Vec<(&str, f64)> {
    let mut graded: Vec<(&str, f64)> = sentences(text)
        .into_iter()
        .filter_map(|s| Some((s, Counts::of(s, lang).grade(lang)?)))
        .collect();
    graded.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    // A sentence the page repeats is named once.
    graded.dedup_by(|a, b| a.0 == b.0);
    graded.truncate(n);
    graded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.005
    }

    #[test]
    fn the_hardest_sentences_are_named_once_each() {
        let hard = "Postoperative inflammatory manifestations necessitate considerable pharmacological intervention.";
        let text = format!(
            "{hard} {hard} The cat sat. {hard} Extraordinarily complicated dermatological considerations."
        );
        let found = hardest(&text, Language::of("en"), 3);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            found.iter().filter(|(s, _)| *s == hard).count(),
            1,
            "{found:?}"
        );
    }

    /// The one-pass count gives what counting sentence by sentence, word by word
    /// gives, on texts with every kind of edge: punctuation without a space, line
    /// breaks, quotes and hyphens at word edges, empty sentences, letters outside
    /// ASCII, a text ending mid-word.
    #[test]
    fn one_pass_counts_match_counting_sentence_by_sentence() {
        let by_sentences = |text: &str, lang: &str| {
            let mut counts = Counts::default();
            for sentence in sentences(text) {
                let words: Vec<&str> = words(sentence).collect();
                if words.is_empty() {
                    continue;
                }
                counts.sentences += 1;
                counts.words += words.len();
                let each: Vec<usize> = words
                    .iter()
                    .map(|w| syllables(w, Language::of(lang)))
                    .collect();
                counts.syllables += each.iter().sum::<usize>();
                counts.polysyllables += each.iter().filter(|&&n| n >= 3).count();
            }
            counts
        };
        for text in [
            "",
            "   ",
            "Rest. Then ice it!\nTake 2 tablets; wait: then more",
            "e.g. the 3.5mg dose... is it? yes!!",
            "'quoted' -dash- --- ''; ... ?\n\n- list item\n| a | b |",
            "Non-steroidal anti-inflammatory drugs (NSAIDs) such as ibuprofen.",
            "Evite el sol después del tratamiento. ¿Tiene dolor? Llámenos: 555-0100.",
            "naïve café’s façade—über‐long… end",
            "ends mid-word",
            "trailing punctuation:",
            "Pneumonoultramicroscopicsilicovolcanoconiosis is long. So is co-ordinated-anti-inflammatory-hyaluronic-microneedling",
            "O'Neill's 2024 '99 -- 3-4 times\ta day.\x0bNew\x0csentence\rhere",
        ] {
            for lang in ["en", "es"] {
                assert_eq!(
                    Counts::of(text, Language::of(lang)),
                    by_sentences(text, lang),
                    "{text:?} {lang}"
                );
            }
        }
    }

    /// Long words (past the 32 letters kept on the stack), capitals, hyphens, digits
    /// and letters outside ASCII count as the first, string-making version counted
    /// (its results, computed by a port of it).
    #[test]
    fn syllables_of_unusual_words_are_unchanged() {
        for (word, lang, n) in [
            ("Pneumonoultramicroscopicsilicovolcanoconiosis", "en", 17),
            ("anti-inflammatory", "en", 6),
            ("Hyaluronic", "en", 4),
            ("naïve", "en", 1),
            ("2024", "en", 1),
            ("Electroencefalografistas-anestesiólogos", "es", 16),
            ("contra-indicación", "es", 6),
            ("ANTIINFLAMATORIO", "es", 6),
            ("O'Neill's", "en", 2),
            ("Dermatología", "es", 6),
            ("co-ordinated", "en", 4),
        ] {
            assert_eq!(syllables(word, Language::of(lang)), n, "{word}");
        }
    }

    #[test]
    fn english_syllables_follow_the_usual_rules() {
        for (word, n) in [
            ("the", 1),
            ("cat", 1),
            ("make", 1),
            ("gentle", 2),
            ("makes", 1),
            ("boxes", 2),
            ("wanted", 2),
            ("used", 1),
            ("water", 2),
            ("yellow", 2),
            ("sunscreen", 2),
            ("microneedling", 4),
            ("moisturizer", 4),
            ("irritation", 4),
            ("30", 1),
        ] {
            assert_eq!(syllables(word, Language::of("en")), n, "{word}");
        }
    }

    #[test]
    fn spanish_syllables_count_diphthongs_and_hiatus() {
        for (word, n) in [
            ("gato", 2),
            ("pescado", 3),
            ("piel", 1),
            ("tratamiento", 4),
            ("día", 2),
            ("aceite", 3),
            ("país", 2),
            ("cuidado", 3),
            ("hidratante", 4),
            ("leer", 2),
            ("y", 1),
        ] {
            assert_eq!(syllables(word, Language::of("es")), n, "{word}");
        }
    }

    #[test]
    fn flesch_kincaid_on_a_hand_counted_passage() {
        // 2 sentences, 10 words, 12 syllables (The cat sat on the mat = 6;
        // Use gentle soap daily = 1 + 2 + 1 + 2 = 6).
        // 0.39 × 5 + 11.8 × 1.2 − 15.59 = 1.95 + 14.16 − 15.59 = 0.52
        let c = Counts::of(
            "The cat sat on the mat. Use gentle soap daily.",
            Language::of("en"),
        );
        assert_eq!(
            c,
            Counts {
                sentences: 2,
                words: 10,
                syllables: 12,
                polysyllables: 0
            }
        );
        assert!(
            close(c.grade(Language::of("en")).unwrap(), 0.52),
            "{:?}",
            c.grade(Language::of("en"))
        );
    }

    #[test]
    fn crawford_and_fernandez_huerta_on_a_hand_counted_passage() {
        // "El gato come pescado." 1 sentence, 4 words, 8 syllables (1+2+2+3):
        // per 100 words: 25 sentences, 200 syllables.
        // Crawford = −0.205 × 25 + 0.049 × 200 − 3.407 = −5.125 + 9.8 − 3.407 = 1.268
        // Fernández-Huerta = 206.84 − 0.6 × 200 − 1.02 × 4 words per sentence = 82.76
        let c = Counts::of("El gato come pescado.", Language::of("es"));
        assert_eq!(
            c,
            Counts {
                sentences: 1,
                words: 4,
                syllables: 8,
                polysyllables: 1
            }
        );
        assert!(
            close(c.grade(Language::of("es")).unwrap(), 1.268),
            "{:?}",
            c.grade(Language::of("es"))
        );
        assert!(close(c.ease().unwrap(), 82.76), "{:?}", c.ease());
    }

    #[test]
    fn sentences_split_at_punctuation_and_lines() {
        assert_eq!(
            sentences("Wash gently. Then dry: pat, do not rub!\nA list item\n¿Duele? No."),
            vec![
                "Wash gently.",
                "Then dry:",
                "pat, do not rub!",
                "A list item",
                "¿Duele?",
                "No."
            ]
        );
        assert_eq!(
            sentences("SPF 30 or 4.5 stays whole."),
            vec!["SPF 30 or 4.5 stays whole."]
        );
    }

    #[test]
    fn the_hardest_sentences_come_first() {
        let text = "Use soap. Postinflammatory hyperpigmentation necessitates meticulous photoprotection. Stay in.";
        let hard = hardest(text, Language::of("en"), 2);
        assert_eq!(
            hard[0].0,
            "Postinflammatory hyperpigmentation necessitates meticulous photoprotection."
        );
        assert_eq!(hard.len(), 2);
        assert!(
            Counts::of("", Language::of("en"))
                .grade(Language::of("en"))
                .is_none()
        );
    }
}
