//! `type: comparison`: options as columns (at home, at the clinic), aspects as rows.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{Checks, Prose, Reading, RenderCx, SectionKind, Walker, section};

section!(
    /// `type: comparison`: options as columns, aspects as rows.
    ComparisonSection {
        /// The column headings ("At home", "At the clinic").
        options: Vec<String>,
        /// One row per aspect, one value per option.
        rows: Vec<Spanned<ComparisonRow>>,
        /// A closing remark.
        #[serde(default)]
        note: Option<Prose>,
    }
);

/// One row of a comparison.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComparisonRow {
    /// What is compared ("Cost").
    pub aspect: String,
    /// One value per option, in the order of `options`.
    pub values: Vec<Prose>,
}

/// `comparison`: `options` (column headings), `rows` (`aspect`, `values`), `note`.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonContext {
    /// Column headings.
    pub options: Vec<String>,
    /// Rows.
    pub rows: Vec<RowContext>,
    /// Rendered note.
    pub note: Option<String>,
}

/// A comparison row.
#[derive(Debug, Clone, Serialize)]
pub struct RowContext {
    /// What is compared.
    pub aspect: String,
    /// One rendered value per option.
    pub values: Vec<String>,
}

impl SectionKind for ComparisonSection {
    type Context = ComparisonContext;

    fn check(&self, checks: &mut Checks<'_>) {
        for row in &self.rows {
            if row.value.values.len() != self.options.len() {
                checks.error(
                    row,
                    format!(
                        "this row has {} values but the comparison has {} options",
                        row.value.values.len(),
                        self.options.len()
                    ),
                    "give one value per option, in the order of `options:`",
                );
            }
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for value in self.rows.iter().flat_map(|r| &r.value.values) {
            w.prose(value, Reading::Short);
        }
        if let Some(note) = &self.note {
            w.prose(note, Reading::Sentences);
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> ComparisonContext {
        ComparisonContext {
            options: self.options.clone(),
            rows: self
                .rows
                .iter()
                .map(|row| RowContext {
                    aspect: row.value.aspect.clone(),
                    values: row.value.values.iter().map(|v| cx.inline(v)).collect(),
                })
                .collect(),
            note: cx.opt_block(self.note.as_ref()),
        }
    }
}
