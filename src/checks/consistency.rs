//! Consistency (DESIGN §6, §10.3): a guide that says to use and to avoid the same
//! ingredient, or to take and not to take the same medicine, in windows that overlap
//! contradicts itself.

use crate::content::Guide;
use crate::diagnostics::Diagnostic;
use crate::duration::Window;
use crate::sections::Section;
use crate::sections::ingredients::Status;
use crate::sections::medications::MedicineUse;

/// One piece of advice about an ingredient or a medicine.
struct Advice {
    name: String,
    medicine: bool,
    use_it: bool,
    window: Window,
    line: u32,
}

pub(super) fn consistency(guide: &Guide, file: &str, problems: &mut Vec<Diagnostic>) {
    let mut advice = Vec::new();
    let window =
        |w: Option<&crate::yaml::Spanned<Window>>| w.map_or(Window::ALWAYS, |w| w.value.clone());
    for s in &guide.sections {
        match &s.section {
            Section::Tips(t) => {
                for tip in &t.items {
                    if let Some(name) = &tip.value.ingredient {
                        advice.push(Advice {
                            name: name.value.trim().to_lowercase(),
                            medicine: false,
                            use_it: tip.value.do_.is_some(),
                            window: window(tip.value.when.as_ref()),
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
                        medicine: false,
                        use_it,
                        window: window(item.value.when.as_ref()),
                        line: crate::yaml::position(item).0,
                    });
                }
            }
            Section::Medications(list) => {
                for item in &list.items {
                    let use_it = match item.value.use_ {
                        MedicineUse::Take => true,
                        MedicineUse::Avoid => false,
                        MedicineUse::Ask => continue,
                    };
                    advice.push(Advice {
                        name: item.value.name.trim().to_lowercase(),
                        medicine: true,
                        use_it,
                        window: window(item.value.when.as_ref()),
                        line: crate::yaml::position(item).0,
                    });
                }
            }
            _ => {}
        }
    }
    for (i, a) in advice.iter().enumerate() {
        for b in &advice[i + 1..] {
            if a.name == b.name
                && a.medicine == b.medicine
                && a.use_it != b.use_it
                && a.window.overlaps(&b.window, &guide.events)
            {
                let (use_line, avoid_line) = if a.use_it {
                    (a.line, b.line)
                } else {
                    (b.line, a.line)
                };
                let (take, avoid) = if a.medicine {
                    ("take", "not to take it")
                } else {
                    ("use", "to avoid it")
                };
                problems.push(
                    Diagnostic::warning(
                        file,
                        b.line,
                        1,
                        format!(
                            "line {use_line} says to {take} `{}` {} and line {avoid_line} says {avoid} {}; the windows overlap",
                            a.name,
                            describe(if a.use_it { &a.window } else { &b.window }),
                            describe(if a.use_it { &b.window } else { &a.window }),
                        ),
                    )
                    .with_hint("make the windows meet without overlapping, e.g. avoid `to: 24h` and use `from: 24h` (give an event an `about:` so careleaf can place it)"),
                );
            }
        }
    }
}

fn describe(w: &Window) -> String {
    match (&w.from, &w.to) {
        (from, None) if from.is_zero() => "at any time".to_owned(),
        (from, None) => format!("from {from}"),
        (from, Some(to)) if from.is_zero() => format!("until {to}"),
        (from, Some(to)) => format!("from {from} to {to}"),
    }
}
