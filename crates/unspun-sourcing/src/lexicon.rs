//! Word lists the extractor and the source-kind rules use.
//!
//! The cue list is written by hand from ordinary knowledge of English
//! reporting verbs and can be widened by a learned list (see
//! [`crate::cues::CueLexicon`]); the other lists name the heads of source
//! noun phrases of each kind.

/// Reporting and attitude verbs (and nouns) in the forms that mark an
/// attribution.
pub const CUE_WORDS: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds", "adding",
    "wrote", "writes", "writing", "reported", "reports", "reporting", "asked", "asks", "noted",
    "notes", "noting", "announced", "announces", "suggested", "suggests", "argued", "argues",
    "arguing", "tweeted", "tweets", "explained", "explains", "acknowledged", "acknowledges",
    "declared", "declares", "warned", "warns", "warn", "warning", "believe", "believes",
    "believed", "claimed", "claims", "claim", "claiming", "insisted", "insists", "insisting",
    "stated", "states", "confirmed", "confirms", "denied", "denies", "emphasised", "emphasized",
    "emphasising", "emphasizing", "stressed", "stresses", "stressing", "predicted", "predicts",
    "think", "thinks", "thought", "hope", "hopes", "expect", "expects", "fear", "fears",
    "learned", "revealed", "reveals", "admitted", "admits", "conceded", "concedes", "countered",
    "responded", "replied", "agree", "agrees", "agreed", "recalled", "recalls", "complained",
    "complains", "charged", "alleged", "alleges", "vowed", "vows", "promised", "promises",
    "urged", "urges", "mocked", "described", "called", "calling", "contended", "contends",
    "maintained", "maintains", "pointed", "observed", "remarked", "quipped", "joked", "shows",
    "showed", "show", "found", "finds", "indicated", "indicates", "estimated", "estimates",
    "concluded", "speculated", "cautioned", "assured", "asserted", "asserts", "boasted",
    "accused", "accuses", "questioned", "wondered", "doubt", "doubts", "worry", "worries",
    "worried", "feel", "feels", "felt", "know", "knows", "knew", "see", "sees", "according",
    "announcing", "explaining", "acknowledging", "welcoming", "stating", "declaring", "predicting",
    "arguing", "believing", "confirming", "denying",
];

/// Words that may stand between the source and the cue and belong to the
/// cue ("has said", "also told", "would not say").
pub const CUE_AUX: &[&str] = &[
    "has", "have", "had", "was", "were", "is", "are", "be", "been", "will", "would", "could",
    "also", "later", "previously", "recently", "once", "often", "then", "further", "repeatedly",
    "publicly", "privately", "reportedly", "now", "first", "initially", "quickly", "immediately",
    "frequently", "ultimately", "finally", "subsequently", "swiftly", "simply", "actually", "may", "might", "can", "did", "does", "do", "not",
    "n't", "never", "still", "already", "just", "again", "even", "openly", "flatly",
];

/// Words that end a source noun phrase when scanning back from a cue.
pub const SOURCE_STOP: &[&str] = &[
    "that", "which", "and", "but", "because", "when", "if", "while", "as", "so", "than", "or",
    "where", "although", "though", "since", "after", "before", "until", "whether", "what", "yet",
];

/// Media outlets and words for them.
pub const MEDIA: &[&str] = &[
    "times", "post", "journal", "reuters", "ap", "associated", "cnn", "bbc", "fox", "nbc", "abc",
    "cbs", "msnbc", "bloomberg", "politico", "guardian", "newspaper", "newspapers", "outlet",
    "axios", "kyodo", "nikkei", "xinhua", "magazine", "paper", "tribune", "herald", "telegraph",
    "economist", "breitbart", "huffington", "npr", "afp", "yomiuri", "asahi", "network",
    "broadcaster", "channel", "tv", "television", "radio", "website", "blog", "daily", "gazette",
    "press", "news", "media", "tass", "ria", "spiegel", "monde", "reporter", "reporters",
    "columnist", "journalist", "journalists", "correspondent",
];

/// Words for documents and other non-human sources.
pub const DOCUMENT: &[&str] = &[
    "report", "reports", "statement", "statements", "study", "studies", "poll", "polls", "survey",
    "surveys", "document", "documents", "memo", "letter", "filing", "data", "analysis", "records",
    "email", "emails", "communique", "communiqué", "transcript", "release", "tweet", "post",
    "research", "figures", "findings", "review", "audit", "assessment", "indictment", "complaint",
    "lawsuit", "ruling", "order", "guidelines", "draft", "text", "website", "paper",
];

/// Words for organisations.
pub const ORGANIZATION: &[&str] = &[
    "ministry", "department", "party", "committee", "campaign", "council", "commission", "nato",
    "union", "agency", "inc", "corp", "group", "office", "bank", "court", "senate", "house",
    "government", "administration", "police", "company", "firm", "embassy", "army", "military",
    "pentagon", "kremlin", "congress", "parliament", "cabinet", "fbi", "cia", "un", "eu", "who",
    "imf", "organization", "organisation", "foundation", "institute", "university", "association",
    "coalition", "alliance", "authorities", "board", "federation", "democrats", "republicans",
    "gop", "dnc", "rnc", "state", "states", "team", "staff", "spokesman's",
];

/// Titles and roles of officials.
pub const TITLES: &[&str] = &[
    "secretary", "minister", "president", "spokesperson", "spokesman", "spokeswoman", "senator",
    "sen", "rep", "governor", "gov", "chairman", "chairwoman", "chair", "director", "ambassador",
    "chief", "official", "mayor", "chancellor", "general", "gen", "leader", "adviser", "advisor",
    "aide", "manager", "ceo", "candidate", "nominee", "representative", "congressman",
    "congresswoman", "premier", "envoy", "diplomat", "commissioner", "attorney", "judge",
    "speaker", "prosecutor", "sheriff", "lawmaker", "head", "deputy", "vice", "king", "queen",
    "prince", "chairperson", "strategist", "pollster", "officer", "counsel",
];

/// Marks of a source that is deliberately not named.
pub const ANONYMOUS: &[&str] = &[
    "source", "sources", "insider", "insiders", "anonymity", "anonymous", "anonymously", "unnamed",
    "named", "identified", "familiar",
];

/// Heads and quantifiers of vague, unnamed groups.
pub const VAGUE: &[&str] = &[
    "analysts", "experts", "critics", "observers", "commentators", "some", "many", "others",
    "countries", "people", "economists", "scholars", "pundits", "observers", "officials",
    "supporters", "opponents", "voters", "residents", "diplomats", "investors", "historians",
    "scientists", "researchers", "activists", "democrats", "republicans", "conservatives",
    "liberals", "most", "several", "few", "everyone", "everybody", "nobody", "somebody",
    "someone", "they", "many", "lawmakers", "leaders", "members", "americans", "citizens",
];

/// Personal pronouns that may stand for a named person.
pub const PERSON_PRONOUNS: &[&str] = &["he", "she", "him", "her", "i", "his"];
