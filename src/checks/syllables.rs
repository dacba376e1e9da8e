//! Words and syllables for the reading-level formulas: what counts as a word, and
//! syllables by the usual rules of English (silent e, -le, -ed) and Spanish
//! (diphthongs and hiatus).

use crate::language::Language;

/// Whether `c` can be part of a word.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// Adds one run of word characters (a word once its edge `'` and `-` are trimmed).
pub(super) fn count_word(run: &str, lang: Language, now: &mut super::readability::Sentence) {
    let word = run.trim_matches(|c: char| !c.is_alphanumeric());
    if !word.is_empty() {
        now.add(self::syllables(word, lang));
    }
}

/// Syllables in one word. A number counts as one.
pub fn syllables(word: &str, lang: Language) -> usize {
    // This runs for every word of every page: the lower-case letters of an ordinary
    // word are kept on the stack, as bytes when the word is ASCII.
    let spanish = lang.is_spanish();
    if word.is_ascii() {
        let lower = word.bytes().map(|b| b.to_ascii_lowercase());
        count_in(lower, |b| b.is_ascii_alphabetic(), spanish)
    } else {
        let lower = word.chars().flat_map(char::to_lowercase);
        count_in(lower, |c| c.is_alphabetic(), spanish)
    }
}

/// The English syllables of a run of ASCII word characters that holds a letter or a
/// digit (what [`syllables`] gives for the run less its edge `'` and `-`).
pub(super) fn english_ascii_syllables(run: &[u8]) -> usize {
    let mut letters = [0u8; 32];
    let mut len = 0;
    for &b in run {
        if b.is_ascii_alphabetic() {
            if len == letters.len() {
                // A very long word: the general count.
                let word = std::str::from_utf8(run).unwrap_or_default();
                return syllables(
                    word.trim_matches(|c: char| !c.is_alphanumeric()),
                    Language::of("en"),
                );
            }
            letters[len] = b.to_ascii_lowercase();
            len += 1;
        }
    }
    if len == 0 {
        // A number counts as one.
        return 1;
    }
    english_syllables(&letters[..len])
}

/// Counts the syllables of a word's lower-case characters.
fn count_in<T: Copy + Default + Into<char>>(
    lower: impl Iterator<Item = T>,
    is_letter: impl Fn(T) -> bool,
    spanish: bool,
) -> usize {
    let mut short = [T::default(); 32];
    let mut long = Vec::new();
    let (mut len, mut alphabetic) = (0, false);
    for c in lower {
        let letter = is_letter(c);
        alphabetic |= letter;
        // English counts letters only; Spanish sees every character, so that a
        // hyphen parts two vowels.
        if !spanish && !letter {
            continue;
        }
        if len < short.len() {
            short[len] = c;
        } else {
            if long.is_empty() {
                long.extend_from_slice(&short);
            }
            long.push(c);
        }
        len += 1;
    }
    if !alphabetic {
        return 1;
    }
    let letters = if len <= short.len() {
        &short[..len]
    } else {
        &long[..]
    };
    if spanish {
        spanish_syllables(letters)
    } else {
        english_syllables(letters)
    }
}

/// English: vowel groups, less a silent final `e` and the `-es`/`-ed` endings that add
/// no syllable; at least one. `letters` are the word's letters, lower-case.
fn english_syllables<T: Copy + Into<char>>(letters: &[T]) -> usize {
    let at = |i: usize| -> char { letters[i].into() };
    if letters.len() <= 3 {
        return 1;
    }
    let mut end = letters.len();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let tail = (at(end - 2), at(end - 1));
    if tail == ('e', 's') || tail == ('e', 'd') {
        // "boxes", "wanted" keep their syllable; "makes", "used" lose it.
        let before = at(end - 3);
        let keeps = tail == ('e', 's') && matches!(before, 's' | 'x' | 'z' | 'c' | 'g' | 'h')
            || tail == ('e', 'd') && matches!(before, 't' | 'd');
        if !keeps {
            end -= 2;
        }
    } else if at(end - 1) == 'e' && (at(end - 2) != 'l' || vowel(at(end - 3))) {
        // A silent final e ("make"), but "-le" after a consonant is a syllable ("gentle").
        end -= 1;
    }
    let mut count = 0;
    let mut previous = false;
    for (i, c) in letters[..end].iter().map(|&c| c.into()).enumerate() {
        // A leading y is a consonant ("yellow").
        let v = vowel(c) && !(i == 0 && c == 'y');
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    count.max(1)
}

/// Spanish: one syllable per vowel nucleus. Two strong vowels (a, e, o) are two
/// syllables; a weak vowel (i, u, ü) next to another vowel joins it (a diphthong)
/// unless it carries an accent (í, ú: a hiatus).
fn spanish_syllables<T: Copy + Into<char>>(chars: &[T]) -> usize {
    let at = |i: usize| -> char { chars[i].into() };
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó');
    let weak = |c: char| matches!(c, 'i' | 'u' | 'ü');
    let accented_weak = |c: char| matches!(c, 'í' | 'ú');
    let is_vowel = |c: char| strong(c) || weak(c) || accented_weak(c);
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if !is_vowel(at(i)) {
            // "y" alone or at the end after a vowel ("hoy", "y") is a vowel sound, but
            // it never makes a syllable of its own except as the word "y".
            i += 1;
            continue;
        }
        count += 1;
        let mut prev = at(i);
        i += 1;
        while i < chars.len() && is_vowel(at(i)) {
            let c = at(i);
            let hiatus = (strong(prev) && strong(c)) || accented_weak(prev) || accented_weak(c);
            if hiatus {
                count += 1;
            }
            prev = c;
            i += 1;
        }
    }
    count.max(1)
}
