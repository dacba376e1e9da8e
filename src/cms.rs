//! `careleaf cms` (DESIGN §11.9).
use std::path::{Path, PathBuf};
/// Writes static/admin/.
pub fn write(_root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    anyhow::bail!("not yet")
}
