//! The project's knowledge file (`data/knowledge.toml`): countries,
//! capitals, demonyms, international organisations and their members, and
//! titles; looked up by normalised phrase.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::features::{gaz, Gazetteer};

/// The knowledge file shipped with unspun.
pub const KNOWLEDGE_TOML: &str = include_str!("../data/knowledge.toml");

/// A country.
#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    /// Short common English name ("France").
    pub name: String,
    /// Capital city.
    #[serde(default)]
    pub capital: Option<String>,
    /// Nationality words ("French", "Frenchman").
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Other names ("UK", "Britain").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Seats of government that stand for the country as a speaker ("the
    /// Kremlin", "the White House"). Used to normalise actors only: they
    /// are not in the tagger's gazetteer, so adding one needs no
    /// retraining.
    #[serde(default)]
    pub seats: Vec<String>,
}

/// An organisation.
#[derive(Debug, Clone, Deserialize)]
pub struct Organisation {
    /// Full name.
    pub name: String,
    /// Acronym or short name used as the canonical label ("NATO").
    pub short: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `intergovernmental`, `un-body`, `national-body` or `other`.
    #[serde(default)]
    pub kind: String,
    /// Member countries (names as in the country list).
    #[serde(default)]
    pub members: Vec<String>,
}

/// A decision-making body and its rule.
#[derive(Debug, Clone, Deserialize)]
pub struct Body {
    /// Name ("North Atlantic Council").
    pub name: String,
    /// The organisation it belongs to (its `short` name: "NATO").
    pub organisation: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Words that refer to the body or its organisation without naming it
    /// ("the alliance", "the bloc", "the Council"): a sentence with one of
    /// them and a word of deciding ("decides by consensus") describes the
    /// body as deciding.
    #[serde(default)]
    pub refs: Vec<String>,
    /// `consensus`, `unanimity`, `qualified-majority` or `security-council`.
    pub rule: String,
    /// The issues the rule covers when the body has several (`foreign`, `other`).
    #[serde(default)]
    pub scope: Option<String>,
    /// Permanent members with a veto (Security Council).
    #[serde(default)]
    pub permanent: Vec<String>,
    /// Number of seats, when fixed.
    #[serde(default)]
    pub size: Option<usize>,
    /// Where the rule is written.
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    countries: Vec<Country>,
    #[serde(default)]
    organisations: Vec<Organisation>,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    bodies: Vec<Body>,
    #[serde(default)]
    eu_population: HashMap<String, f64>,
}

/// What a phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A country's name or alias (index into [`Knowledge::countries`]).
    Country(usize),
    /// A country's capital.
    Capital(usize),
    /// A country's demonym.
    Demonym(usize),
    /// A country's seat of government ("the Kremlin").
    Seat(usize),
    /// An organisation's name, acronym or alias.
    Organisation(usize),
}

/// The loaded knowledge with its phrase index.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// Countries.
    pub countries: Vec<Country>,
    /// Organisations.
    pub organisations: Vec<Organisation>,
    /// Titles and roles.
    pub titles: Vec<String>,
    /// Decision-making bodies and their rules.
    pub bodies: Vec<Body>,
    /// Populations of EU member states (millions), by country name.
    pub eu_population: HashMap<String, f64>,
    index: HashMap<String, Vec<Entry>>,
}

/// Normalises a phrase for lookup: lower case, typographic apostrophes to
/// ASCII, white space collapsed, a leading "the" and a final "'s" dropped.
pub fn key(phrase: &str) -> String {
    let mut s = phrase
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', '‘'], "'")
        .to_lowercase();
    if let Some(rest) = s.strip_prefix("the ") {
        s = rest.to_string();
    }
    if let Some(rest) = s.strip_suffix("'s") {
        s = rest.to_string();
    }
    s
}

impl Knowledge {
    /// Parses a knowledge file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut k = Knowledge {
            countries: file.countries,
            organisations: file.organisations,
            titles: file.titles,
            bodies: file.bodies,
            eu_population: file.eu_population,
            index: HashMap::new(),
        };
        let add = |index: &mut HashMap<String, Vec<Entry>>, phrase: &str, entry: Entry| {
            let list = index.entry(key(phrase)).or_default();
            if !list.contains(&entry) {
                list.push(entry);
            }
        };
        for (i, c) in k.countries.iter().enumerate() {
            add(&mut k.index, &c.name, Entry::Country(i));
            for a in &c.aliases {
                add(&mut k.index, a, Entry::Country(i));
            }
            if let Some(cap) = &c.capital {
                add(&mut k.index, cap, Entry::Capital(i));
            }
            for d in &c.demonyms {
                add(&mut k.index, d, Entry::Demonym(i));
            }
            for seat in &c.seats {
                add(&mut k.index, seat, Entry::Seat(i));
            }
        }
        for (i, o) in k.organisations.iter().enumerate() {
            for n in std::iter::once(&o.name)
                .chain(std::iter::once(&o.short))
                .chain(&o.aliases)
            {
                add(&mut k.index, n, Entry::Organisation(i));
            }
        }
        Ok(k)
    }

    /// The knowledge file embedded in the binary, parsed once.
    pub fn embedded() -> &'static Knowledge {
        static EMBEDDED: OnceLock<Knowledge> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Knowledge::parse(KNOWLEDGE_TOML).expect("the embedded knowledge file parses")
        })
    }

    /// What a phrase names (normalised with [`key`]); empty when unknown.
    pub fn lookup(&self, phrase: &str) -> &[Entry] {
        self.index
            .get(&key(phrase))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The index of a country by its name.
    pub fn country(&self, name: &str) -> Option<usize> {
        self.lookup(name).iter().find_map(|e| match e {
            Entry::Country(i) => Some(*i),
            _ => None,
        })
    }

    /// The gazetteer the tagger's features use.
    pub fn gazetteer(&self) -> Gazetteer {
        let mut g = Gazetteer::default();
        for (phrase, entries) in &self.index {
            for e in entries {
                let cat = match e {
                    Entry::Country(_) | Entry::Capital(_) => gaz::PLACE,
                    Entry::Demonym(_) => gaz::DEMONYM,
                    Entry::Organisation(_) => gaz::ORG,
                    // Not a tagger feature: the shipped taggers were
                    // trained without them.
                    Entry::Seat(_) => continue,
                };
                g.add(phrase, cat);
            }
        }
        for t in &self.titles {
            g.add(t, gaz::TITLE);
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_file_parses_and_indexes() {
        let k = Knowledge::embedded();
        assert!(k.countries.len() >= 190);
        let france = k.country("France").unwrap();
        assert_eq!(k.lookup("Paris"), &[Entry::Capital(france)]);
        assert_eq!(k.lookup("french"), &[Entry::Demonym(france)]);
        assert_eq!(
            k.country("the UK").map(|i| k.countries[i].name.as_str()),
            Some("United Kingdom")
        );
        let nato = k.lookup("Nato")[0];
        assert!(matches!(nato, Entry::Organisation(i) if k.organisations[i].short == "NATO"));
        assert!(k.lookup("Atlantis").is_empty());
        assert!(k
            .bodies
            .iter()
            .any(|b| b.organisation == "NATO" && b.rule == "consensus"));
        for b in &k.bodies {
            assert!(
                k.organisations.iter().any(|o| o.short == b.organisation),
                "{}",
                b.name
            );
            assert!(!b.source.is_empty(), "{} names no source", b.name);
        }
        let eu = k.organisations.iter().find(|o| o.short == "EU").unwrap();
        assert_eq!(eu.members.len(), k.eu_population.len());
        assert!(eu.members.iter().all(|m| k.eu_population.contains_key(m)));
        // Every member named by an organisation is a listed country.
        for o in &k.organisations {
            for m in &o.members {
                assert!(k.country(m).is_some(), "{}: unknown member {m}", o.short);
            }
        }
    }

    #[test]
    fn keys_normalise_articles_possessives_and_apostrophes() {
        assert_eq!(key("The  Netherlands"), "netherlands");
        assert_eq!(key("NATO’s"), "nato");
        assert!(Knowledge::parse("countries = 3").is_err());
    }

    #[test]
    fn gazetteer_covers_places_organisations_and_titles() {
        let g = Knowledge::embedded().gazetteer();
        assert_eq!(g.get("new delhi"), Some(gaz::PLACE));
        assert_eq!(g.get("nato"), Some(gaz::ORG));
        assert!(g.get("president").is_some_and(|c| c & gaz::TITLE != 0));
    }
}
