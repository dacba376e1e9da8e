//! careleaf: a clinic's patient guidance (YAML and Markdown) in, a themed,
//! cross-linked static site and printable handouts out.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod yaml;
