//! What a guide's times count from (DESIGN §11.1): a treatment by default, or what
//! the clinic names (`counted_from: { label: your colonoscopy, date: Date of your
//! colonoscopy }`), or nothing (`counted_from: none`: a guide with no times).

use std::fmt;

use serde::de::{self, MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer, Serialize};

/// `counted_from:` as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CountedFrom {
    /// `none`: the guide has no times, no date blank and no personal plan.
    Nothing,
    /// A day the clinic names.
    Day(CountedDay),
}

/// The day a guide's times count from, in the words of the guide.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountedDay {
    /// How it reads in a sentence: "your colonoscopy", "your child's vaccination".
    pub label: String,
    /// The label of the date to fill in, on the handout and in the personal plan:
    /// "Date of your colonoscopy". Default: the theme's `counted_from_date`.
    #[serde(default)]
    pub date: Option<String>,
}

impl schemars::JsonSchema for CountedFrom {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CountedFrom".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let day = generator.subschema_for::<CountedDay>();
        schemars::json_schema!({
            "description": "What the guide's times count from: `{ label: your colonoscopy, date: Date of your colonoscopy }`, or `none` for a guide with no times.",
            "anyOf": [{ "const": "none" }, day],
        })
    }
}

impl<'de> Deserialize<'de> for CountedFrom {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CountedFrom;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "`none`, or `{ label: your colonoscopy, date: Date of your colonoscopy }`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CountedFrom, E> {
                if v.trim() == "none" {
                    return Ok(CountedFrom::Nothing);
                }
                Err(E::custom(crate::yaml::with_hint(
                    format!("`counted_from: {v}` is neither `none` nor a label and a date"),
                    &format!(
                        "write `counted_from: {{ label: {v}, date: Date of {v} }}`, or `counted_from: none` for a guide with no times"
                    ),
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CountedFrom, A::Error> {
                CountedDay::deserialize(MapAccessDeserializer::new(map)).map(CountedFrom::Day)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<CountedFrom, String> {
        crate::yaml::parse(text, std::path::Path::new("g.yaml"))
            .map_err(|d| format!("{} {}", d.message, d.hint.unwrap_or_default()))
    }

    #[test]
    fn reads_none_a_day_and_refuses_a_bare_label() {
        assert_eq!(read("none").unwrap(), CountedFrom::Nothing);
        assert_eq!(
            read("{ label: your colonoscopy, date: Date of your colonoscopy }").unwrap(),
            CountedFrom::Day(CountedDay {
                label: "your colonoscopy".into(),
                date: Some("Date of your colonoscopy".into()),
            })
        );
        let bare = read("your injury").unwrap_err();
        assert!(bare.contains("label: your injury"), "{bare}");
        assert!(read("{ label: x, when: y }").unwrap_err().contains("when"));
    }
}
