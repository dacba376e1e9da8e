//! Consistency (DESIGN §6): a guide that says to use and to avoid the same thing in
//! windows that overlap contradicts itself.

use crate::content::Guide;
use crate::content::duration::Window;
use crate::content::guide::{Section, Status};
use crate::diagnostics::Diagnostic;

/// One piece of advice about an ingredient.
struct Advice {
    name: String,
    use_it: bool,
    window: Window,
    line: u32,
}

pub(super) fn consistency(guide: &Guide, file: &str, problems: &mut Vec<Diagnostic>) {
    let mut advice = Vec::new();
    let always = Window {
        from: crate::content::duration::Duration::ZERO,
        to: None,
    };
    for s in &guide.sections {
        match &s.section {
            Section::Tips(t) => {
                for tip in &t.items {
                    if let Some(name) = &tip.value.ingredient {
                        advice.push(Advice {
                            name: name.value.trim().to_lowercase(),
                            use_it: tip.value.do_.is_some(),
                            window: tip.value.when.as_ref().map_or(always, |w| w.value),
                            line: crate::yaml::position(tip).0,
                        });
                    }
                }
            }
            Section::Ingredients(list) => {
                for item in &list.items {
                    let use_it = match item.value.status {
                        Status::Safe => true,
                        Status::Avoid => false,
                        Status::Caution => continue,
                    };
                    advice.push(Advice {
                        name: item.value.name.trim().to_lowercase(),
                        use_it,
                        window: item.value.when.as_ref().map_or(always, |w| w.value),
                        line: crate::yaml::position(item).0,
                    });
                }
            }
            _ => {}
        }
    }
    for (i, a) in advice.iter().enumerate() {
        for b in &advice[i + 1..] {
            if a.name == b.name && a.use_it != b.use_it && overlap(&a.window, &b.window) {
                let (use_line, avoid_line) = if a.use_it {
                    (a.line, b.line)
                } else {
                    (b.line, a.line)
                };
                problems.push(
                    Diagnostic::warning(
                        file,
                        b.line,
                        1,
                        format!(
                            "line {use_line} says to use `{}` {} and line {avoid_line} says to avoid it {}; the windows overlap",
                            a.name,
                            describe(if a.use_it { &a.window } else { &b.window }),
                            describe(if a.use_it { &b.window } else { &a.window }),
                        ),
                    )
                    .with_hint("make the windows meet without overlapping, e.g. avoid `to: 24h` and use `from: 24h`"),
                );
            }
        }
    }
}

/// Whether two windows share any time (`to` is exclusive: 0–24h and 24h– meet).
fn overlap(a: &Window, b: &Window) -> bool {
    let end = |w: &Window| w.to.map_or(u64::MAX, |d| d.minutes());
    a.from.minutes() < end(b) && b.from.minutes() < end(a)
}

fn describe(w: &Window) -> String {
    match w.to {
        None if w.from.minutes() == 0 => "at any time".to_owned(),
        None => format!("from {}", w.from),
        Some(to) if w.from.minutes() == 0 => format!("until {to}"),
        Some(to) => format!("from {} to {to}", w.from),
    }
}
