//! `when` durations and windows: never a panic; a duration that parses prints back to
//! itself; so does a time (range, event name); a window that validates is not empty.
#![no_main]

use std::path::Path;

use careleaf::duration::{Duration, Events, Time, Window};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match text.parse::<Duration>() {
        Ok(d) => {
            let again: Duration = d.to_string().parse().expect("a printed duration parses");
            assert_eq!(again, d);
            assert_eq!(again.minutes(), d.minutes());
        }
        Err(e) => assert!(!e.0.is_empty()),
    }
    // A time (a duration, a range `24h..48h`, an event name) parses or is refused
    // with a message; one that parses prints back to itself.
    match text.parse::<Time>() {
        Ok(t) => assert_eq!(t.to_string().parse::<Time>().ok(), Some(t)),
        Err(e) => assert!(!e.0.is_empty()),
    }
    // The same text as a window in YAML, the way a guide writes one.
    let events = Events::new();
    if let Ok(window) = careleaf::yaml::parse::<Window>(text, Path::new("w.yaml")) {
        if window.validate(&events).is_ok() {
            assert!(window.overlaps(&window, &events));
            assert!(window.overlaps(&Window::ALWAYS, &events));
        }
    }
});
