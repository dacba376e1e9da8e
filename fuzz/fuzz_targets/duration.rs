//! `when` durations and windows: never a panic; a duration that parses prints back to
//! itself; a window that validates is not empty.
#![no_main]

use std::path::Path;

use careleaf::content::duration::{Duration, Window};
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
    // The same text as a window in YAML, the way a guide writes one.
    if let Ok(window) = careleaf::yaml::parse::<Window>(text, Path::new("w.yaml")) {
        if window.validate().is_ok() {
            assert!(window.overlaps(&window));
            assert!(window.overlaps(&Window::ALWAYS));
        }
    }
});
