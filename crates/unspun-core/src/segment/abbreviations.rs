//! Abbreviations that keep their final period, and the words that clearly
//! open a new sentence.

/// How an abbreviation behaves at a possible sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Titles and words that are always followed by more of the sentence
    /// ("Mr.", "Gen.", "St.", "e.g.", "vs."): never end a sentence.
    NoSplit,
    /// A single capital letter: an initial ("J. K. Rowling").
    Initial,
    /// Month abbreviations: never end a sentence before a number ("Jan. 6").
    Month,
    /// Abbreviations that take their period only before a number
    /// ("No. 10", "p. 5").
    NumberPrefix,
    /// Abbreviations that often end a sentence ("U.S.", "Inc.", "a.m.").
    Other,
}

/// Class of `word` (without its period) when it is a known abbreviation.
pub(crate) fn lookup(word: &str) -> Option<AbbrevClass> {
    use AbbrevClass::*;
    if word.len() > 8 {
        return None;
    }
    let class = match word {
        "Mr" | "Mrs" | "Ms" | "Messrs" | "Mmes" | "Mme" | "Mlle" | "Dr" | "Drs" | "Prof"
        | "Gen" | "Gens" | "Sen" | "Sens" | "Rep" | "Reps" | "Gov" | "Govs" | "Lt" | "Col"
        | "Maj" | "Capt" | "Cmdr" | "Cdr" | "Adm" | "Sgt" | "Cpl" | "Pvt" | "Brig" | "Rev"
        | "Revd" | "Hon" | "Pres" | "Supt" | "Insp" | "Det" | "Fr" | "St" | "Ste" | "Mt" | "Ft"
        | "Msgr" | "Atty" | "Amb" | "Ald" | "Gov.-Gen" | "Lt.-Gen" | "Maj.-Gen" | "Lt.-Col"
        | "Rt" | "MR" | "MRS" | "MS" | "DR" | "PROF" | "GEN" | "SEN" | "REP" | "GOV" | "LT"
        | "COL" | "ST" | "vs" | "v" | "cf" | "viz" | "e.g" | "i.e" | "approx" | "ca" => NoSplit,
        "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov"
        | "Dec" | "JAN" | "FEB" | "MAR" | "APR" | "JUN" | "JUL" | "AUG" | "SEP" | "SEPT"
        | "OCT" | "NOV" | "DEC" => Month,
        "No" | "Nos" | "no" | "nos" | "NO" | "Art" | "Vol" | "Vols" | "vol" | "Fig" | "Figs"
        | "fig" | "p" | "pp" | "Ch" | "ch" | "Sec" | "Sect" | "sec" | "Para" | "para" | "Rs"
        | "Nr" | "nr" | "Ex" | "n" | "nn" => NumberPrefix,
        "Inc" | "Ltd" | "Co" | "Corp" | "Cos" | "Bros" | "Plc" | "PLC" | "LLC" | "Jr" | "Sr"
        | "Esq" | "etc" | "al" | "Dept" | "Univ" | "Assn" | "Ave" | "Blvd" | "Rd" | "Hwy"
        | "INC" | "LTD" | "CO" | "CORP" | "JR" | "SR" | "Calif" | "Fla" | "Ga" | "Mass"
        | "Conn" | "Ariz" | "Ark" | "Colo" | "Del" | "Ill" | "Ind" | "Kan" | "Kans" | "Ky"
        | "Md" | "Mich" | "Minn" | "Mo" | "Mont" | "Neb" | "Nev" | "Okla" | "Ore" | "Pa"
        | "Tenn" | "Tex" | "Va" | "Vt" | "Wis" | "Wyo" | "Ala" | "Alta" | "Ont" | "Que"
        | "Sask" | "Govt" | "govt" | "Intl" | "Natl" | "est" | "Est" | "yr" | "yrs" | "co"
        | "inc" | "ltd" | "corp" | "dept" | "ft" | "lb" | "lbs" | "oz" | "sq" | "yds" | "hrs"
        | "mins" | "mos" | "pts" | "tbsp" | "tsp" | "incl" | "excl" | "esp" | "misc" | "assoc"
        | "bros" | "jr" | "sr" => Other,
        _ => return None,
    };
    Some(class)
}

/// True for capitalised words that almost always open a sentence when they
/// follow an ambiguous abbreviation ("... in the U.S. The ...").
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    if word.len() > 12 {
        return false;
    }
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "Nor"
            | "In"
            | "On"
            | "At"
            | "For"
            | "With"
            | "By"
            | "From"
            | "As"
            | "After"
            | "Before"
            | "During"
            | "Since"
            | "When"
            | "While"
            | "Where"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Whose"
            | "Which"
            | "If"
            | "Although"
            | "Though"
            | "Because"
            | "However"
            | "Meanwhile"
            | "Moreover"
            | "Also"
            | "Still"
            | "Now"
            | "Then"
            | "Today"
            | "Yesterday"
            | "Tomorrow"
            | "Last"
            | "Next"
            | "Some"
            | "Many"
            | "Most"
            | "Much"
            | "More"
            | "Both"
            | "All"
            | "Each"
            | "Every"
            | "Such"
            | "No"
            | "Not"
            | "Neither"
            | "Either"
            | "Several"
            | "Few"
            | "Among"
            | "According"
            | "Under"
            | "Despite"
            | "Instead"
            | "Indeed"
            | "Earlier"
            | "Later"
            | "Even"
            | "Only"
            | "Another"
            | "Any"
            | "Once"
            | "Until"
            | "Unlike"
            | "Overall"
            | "Is"
            | "Are"
            | "Was"
            | "Were"
            | "Do"
            | "Does"
            | "Did"
            | "Can"
            | "Could"
            | "Will"
            | "Would"
            | "Should"
            | "Has"
            | "Have"
            | "Had"
            | "It's"
            | "It’s"
            | "That's"
            | "That’s"
            | "There's"
            | "There’s"
            | "He's"
            | "He’s"
            | "She's"
            | "She’s"
            | "I'm"
            | "I’m"
            | "We're"
            | "We’re"
            | "They're"
            | "They’re"
    )
}
