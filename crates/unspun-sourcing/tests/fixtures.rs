//! Attribution patterns, source kinds, pronoun links and sentence kinds on
//! hand-written sentences and on the bundled example article.

use unspun_core::{segment, Document};
use unspun_sourcing::extract::{extract, Attribution, CueLexicon};
use unspun_sourcing::stage::{sentence_kinds, SentenceKind};
use unspun_sourcing::subjectivity::Model;
use unspun_sourcing::SourceKind;

fn run(text: &str) -> (Document, Vec<Attribution>) {
    let mut doc = Document::new("t", text);
    segment::segment(&mut doc);
    let atts = extract(&doc, &CueLexicon::builtin());
    (doc, atts)
}

/// (source, cue, content parts) of every attribution, as text.
fn texts(doc: &Document, atts: &[Attribution]) -> Vec<(String, String, Vec<String>)> {
    atts.iter()
        .map(|a| {
            (
                a.source
                    .map(|s| doc.slice(s).to_string())
                    .unwrap_or_default(),
                doc.slice(a.cue).to_string(),
                a.content
                    .iter()
                    .map(|c| doc.slice(*c).to_string())
                    .collect(),
            )
        })
        .collect()
}

fn one(text: &str) -> (String, String, Vec<String>, Attribution) {
    let (doc, atts) = run(text);
    assert_eq!(atts.len(), 1, "{text}: {:?}", texts(&doc, &atts));
    let (s, c, t) = texts(&doc, &atts).remove(0);
    (s, c, t, atts[0].clone())
}

#[test]
fn preposed_indirect_speech() {
    let (s, c, t, a) = one("The mayor said on Tuesday that the bridge would reopen in May.");
    assert_eq!((s.as_str(), c.as_str()), ("The mayor", "said"));
    assert_eq!(t, vec!["that the bridge would reopen in May"]);
    assert!(!a.direct);
    let (s, c, t, _) = one("Rubio told reporters Tuesday that the new rules undermine the law.");
    assert_eq!(
        (s.as_str(), c.as_str(), t[0].as_str()),
        ("Rubio", "told", "that the new rules undermine the law")
    );
}

#[test]
fn postposed_and_inverted() {
    let (s, c, t, _) = one("The talks collapsed after midnight, a source said.");
    assert_eq!(
        (s.as_str(), c.as_str(), t[0].as_str()),
        ("a source", "said", "The talks collapsed after midnight")
    );
    let (s, c, t, a) = one("“We will not give up,” said Jane Doe.");
    assert_eq!(
        (s.as_str(), c.as_str(), t[0].as_str()),
        ("Jane Doe", "said", "“We will not give up,”")
    );
    assert!(a.direct);
    let (s, _, t, _) = one("Clinton had told the police nothing, the source added.");
    assert_eq!(
        (s.as_str(), t[0].as_str()),
        ("the source", "Clinton had told the police nothing")
    );
}

#[test]
fn speaker_in_the_middle_and_quotes_over_sentences() {
    let (s, c, t, a) = one("“This is in their heads,” Smith said, “and it can be deadly.”");
    assert_eq!((s.as_str(), c.as_str()), ("Smith", "said"));
    assert_eq!(
        t,
        vec!["“This is in their heads,”", "“and it can be deadly.”"]
    );
    assert!(a.direct);
    let (s, _, t, _) = one("“How many times must we see this? It is unbearable.” Clinton said.");
    assert_eq!(s, "Clinton");
    assert_eq!(
        t,
        vec!["“How many times must we see this? It is unbearable.”"]
    );
    let (_, _, t, _) = one("“It is over,” she said. “We lost the vote. Now we rebuild.”");
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(t[1], "“We lost the vote. Now we rebuild.”");
}

#[test]
fn according_to_participles_and_passives() {
    let (s, c, t, _) = one("According to the Financial Times, the office will not open this year.");
    assert_eq!(
        (s.as_str(), c.as_str(), t[0].as_str()),
        (
            "the Financial Times",
            "According to",
            "the office will not open this year"
        )
    );
    let (s, _, t, _) = one("The office will not open this year, according to a report by Reuters.");
    assert_eq!(
        (s.as_str(), t[0].as_str()),
        ("a report by Reuters", "The office will not open this year")
    );
    let (s, c, t, a) = one("In Beijing, spokesperson Wang Wenbin welcomed the stance, emphasising that Asia needs no bloc.");
    assert_eq!(
        (s.as_str(), c.as_str(), t[0].as_str()),
        ("", "emphasising", "that Asia needs no bloc")
    );
    assert_eq!(a.entity.as_deref(), Some("Wang Wenbin"));
    assert_eq!(a.kind, SourceKind::Official);
    let (s, c, t, a) = one("It was reported that the minister had resigned.");
    assert_eq!(
        (s.as_str(), c.as_str(), t[0].as_str()),
        ("", "It was reported", "that the minister had resigned")
    );
    assert_eq!(a.kind, SourceKind::Unknown);
}

#[test]
fn pronouns_and_roles_link_to_named_people() {
    let text = "Treasury secretary Ann Lee said that rates would rise.\n\nShe added that the risk was small.\n\nThe secretary said later that nothing was decided.";
    let (doc, atts) = run(text);
    assert_eq!(atts.len(), 3, "{:?}", texts(&doc, &atts));
    assert_eq!(atts[0].entity.as_deref(), Some("Ann Lee"));
    assert_eq!(atts[1].entity.as_deref(), Some("Ann Lee"));
    assert_eq!(atts[2].entity.as_deref(), Some("Ann Lee"));
    assert_eq!(atts[1].kind, SourceKind::Official);
}

#[test]
fn source_kinds_of_whole_sentences() {
    use SourceKind::*;
    let cases = [
        ("Hirokazu Matsuno told reporters that talks continue.", Person),
        ("Japan's chief cabinet secretary, Hirokazu Matsuno, told reporters that talks continue.", Official),
        ("The defence ministry said that talks continue.", Organization),
        ("The Washington Post reported that talks continue.", Media),
        ("A leaked memo shows that talks continue.", Document),
        ("People familiar with the matter said talks continue.", Anonymous),
        ("A senior diplomat who asked not to be named said talks continue.", Anonymous),
        ("Critics say the talks are a sham.", Vague),
        ("Many observers believe the talks are a sham.", Vague),
    ];
    for (text, want) in cases {
        let (_, _, _, a) = one(text);
        assert_eq!(a.kind, want, "{text}");
    }
}

#[test]
fn no_attribution_in_plain_facts_or_inside_quotes() {
    let (_, atts) = run("The bridge opened in 1932. It carries 40,000 cars a day.");
    assert!(atts.is_empty());
    let (doc, atts) = run("“They said no, and we said yes,” Lee said.");
    assert_eq!(texts(&doc, &atts)[0].0, "Lee");
    assert_eq!(atts.len(), 1);
}

#[test]
fn the_example_article() {
    let text = include_str!("../../../examples/nato-tokyo-office.txt");
    let (doc, atts) = run(text);
    let find = |source: &str| {
        atts.iter()
            .find(|a| a.source.is_some_and(|s| doc.slice(s) == source))
            .unwrap_or_else(|| panic!("no source {source}: {:?}", texts(&doc, &atts)))
    };
    assert_eq!(find("the Financial Times").kind, SourceKind::Media);
    // PolNeAR keeps the comma that closes an appositive in the source.
    let matsuno = find("Japan’s chief cabinet secretary, Hirokazu Matsuno,");
    assert_eq!(matsuno.kind, SourceKind::Official);
    let he = find("He");
    assert_eq!(he.entity.as_deref(), Some("Hirokazu Matsuno"));
    assert_eq!(
        find("Sources familiar with the discussions").kind,
        SourceKind::Anonymous
    );
    assert_eq!(
        find("A senior diplomat who asked not to be named").kind,
        SourceKind::Anonymous
    );
    for vague in ["Analysts", "Experts", "Some countries"] {
        assert_eq!(find(vague).kind, SourceKind::Vague, "{vague}");
    }
    let wang = atts
        .iter()
        .find(|a| doc.slice(a.cue) == "emphasising")
        .expect("participle");
    assert_eq!(wang.entity.as_deref(), Some("Wang Wenbin"));
    assert!(atts.iter().any(|a| a.direct));
    // Sentence kinds: the unattributed verdicts are not reported, the
    // attributed ones are.
    let kinds = sentence_kinds(&doc, &atts, &Model::embedded());
    let kind_of = |needle: &str| {
        let i = doc
            .sentences
            .iter()
            .position(|s| doc.slice(s.span).contains(needle))
            .expect(needle);
        kinds[i]
    };
    assert_eq!(kind_of("Sources familiar").kind, SentenceKind::Reported);
    assert!(kind_of("Sources familiar").attribution.is_some());
    assert_ne!(
        kind_of("hard to read as anything but").kind,
        SentenceKind::Reported
    );
    assert_eq!(kind_of("hard to read as anything but").attribution, None);
}

#[test]
fn signed_quotes_headlines_and_transcripts() {
    let (s, c, t, a) = one("“He represents our greatest shame.” ― Sonya Herridge");
    assert_eq!((s.as_str(), c.as_str()), ("Sonya Herridge", "―"));
    assert_eq!(t, vec!["“He represents our greatest shame.”"]);
    assert!(a.direct);
    let (s, c, t, _) = one("Pence: Flowers Won’t Be at Debate");
    assert_eq!(
        (s.as_str(), c.as_str(), t[0].as_str()),
        ("Pence", ":", "Flowers Won’t Be at Debate")
    );
    // A transcript speaker in capitals owns the rest of the paragraph.
    let (s, _, t, _) = one("PENCE: Well, look. This is serious business.");
    assert_eq!(
        (s.as_str(), t[0].as_str()),
        ("PENCE", "Well, look. This is serious business")
    );
    let (_, atts) = run("Update: the bridge is open.");
    assert!(atts.is_empty());
}

#[test]
fn appositives_parentheses_and_second_verbs() {
    let (s, _, _, _) =
        one("Brian Fallon, the campaign’s press secretary, said that the ad was false.");
    assert_eq!(s, "Brian Fallon, the campaign’s press secretary,");
    let (s, _, _, a) = one("Sen. David Perdue (R-Ga.) said he did not believe it.");
    assert_eq!(s, "Sen. David Perdue (R-Ga.)");
    assert_eq!(a.kind, SourceKind::Official);
    let (s, _, _, _) =
        one("“These are strange days,” said Peter Morgan, a lawyer for the Sierra Club.");
    assert_eq!(s, "Peter Morgan, a lawyer for the Sierra Club");
    let (doc, atts) =
        run("Authorities announced an arrest on Friday and said a curfew would continue.");
    let said = texts(&doc, &atts)
        .into_iter()
        .find(|a| a.1 == "said")
        .expect("second verb");
    assert_eq!(
        (said.0.as_str(), said.2[0].as_str()),
        ("", "a curfew would continue")
    );
    let (doc, atts) = run("Trump said that Machado was “a con” and encouraged Americans to look.");
    let all = texts(&doc, &atts);
    assert_eq!(all[0].2, vec!["that Machado was “a con”"]);
    // The second verb is an attribution of its own ("encouraged … to look").
    assert!(
        all.iter().all(|a| !a.2[0].contains("encouraged")),
        "{all:?}"
    );
}
