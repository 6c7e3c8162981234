//! The database schema and its versions.

/// The schema version this build writes and reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// `PRAGMA application_id` of an unspun corpus database (`"unsp"` in ASCII), so
/// that another program's SQLite file is not taken for a corpus.
pub const APPLICATION_ID: i64 = 0x756e_7370;

/// Technique marks from this confidence on count in `articles.techniques`,
/// `technique_density`, the technique filter and facets: the confidence from
/// which the text and HTML reports show a mark by default. Every mark,
/// whatever its confidence, is kept in `spans`.
pub const COUNT_CONFIDENCE: f64 = 0.3;

/// The source kinds the sourcing analyser gives, each with a column
/// `src_<kind>` in `articles` (number of sources of that kind) so that
/// aggregates need no join. Other kinds are counted in `source_kinds` only.
pub const SOURCE_KINDS: [&str; 8] = [
    "person",
    "official",
    "organization",
    "media",
    "document",
    "anonymous",
    "vague",
    "unknown",
];

/// Version 1: everything.
pub(crate) const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    doc_id            TEXT NOT NULL,
    source            TEXT NOT NULL DEFAULT '',
    title             TEXT,
    outlet            TEXT COLLATE NOCASE,
    url               TEXT,
    published         TEXT,
    month             TEXT,
    language          TEXT,
    schema_version    TEXT,
    words             INTEGER NOT NULL,
    sentences         INTEGER NOT NULL,
    reported          INTEGER NOT NULL,
    editorial         INTEGER NOT NULL,
    neutral           INTEGER NOT NULL,
    editorial_share   REAL,
    technique_marks   INTEGER NOT NULL,
    techniques        INTEGER NOT NULL,
    technique_density REAL NOT NULL,
    attributions      INTEGER NOT NULL,
    actors            INTEGER NOT NULL,
    stances           INTEGER NOT NULL,
    src_person        INTEGER NOT NULL DEFAULT 0,
    src_official      INTEGER NOT NULL DEFAULT 0,
    src_organization  INTEGER NOT NULL DEFAULT 0,
    src_media         INTEGER NOT NULL DEFAULT 0,
    src_document      INTEGER NOT NULL DEFAULT 0,
    src_anonymous     INTEGER NOT NULL DEFAULT 0,
    src_vague         INTEGER NOT NULL DEFAULT 0,
    src_unknown       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc_id, source)
);
-- Covering indexes: the outlet filter (by date) and the aggregates per
-- outlet or month read only the index.
CREATE INDEX articles_outlet ON articles (outlet, published, words, editorial_share, techniques,
    src_person, src_official, src_organization, src_media, src_document, src_anonymous, src_vague, src_unknown);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_month ON articles (month, words, editorial_share, techniques,
    src_person, src_official, src_organization, src_media, src_document, src_anonymous, src_vague, src_unknown);
CREATE INDEX articles_editorial_share ON articles (editorial_share);
CREATE INDEX articles_technique_density ON articles (technique_density);

CREATE TABLE records (
    article INTEGER PRIMARY KEY,
    json    TEXT NOT NULL
);

CREATE TABLE spans (
    article    INTEGER NOT NULL,
    start      INTEGER,
    "end"      INTEGER,
    technique  TEXT NOT NULL,
    confidence REAL
);
CREATE INDEX spans_article ON spans (article);

CREATE TABLE article_techniques (
    technique TEXT NOT NULL,
    article   INTEGER NOT NULL,
    spans     INTEGER NOT NULL,
    PRIMARY KEY (technique, article)
) WITHOUT ROWID;
CREATE INDEX article_techniques_article ON article_techniques (article);

CREATE TABLE sources (
    article     INTEGER NOT NULL,
    start       INTEGER,
    "end"       INTEGER,
    kind        TEXT NOT NULL,
    source_text TEXT,
    entity      TEXT,
    cue         TEXT,
    content     TEXT,
    direct      INTEGER,
    confidence  REAL
);
CREATE INDEX sources_article ON sources (article);
CREATE INDEX sources_entity ON sources (entity);

CREATE TABLE source_kinds (
    kind    TEXT NOT NULL,
    article INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    PRIMARY KEY (kind, article)
) WITHOUT ROWID;
CREATE INDEX source_kinds_article ON source_kinds (article);

CREATE TABLE actors (
    article   INTEGER NOT NULL,
    entity_id TEXT,
    name      TEXT NOT NULL COLLATE NOCASE,
    type      TEXT,
    country   TEXT,
    mentions  INTEGER NOT NULL,
    portrayal REAL
);
CREATE INDEX actors_name ON actors (name, article);
CREATE INDEX actors_article ON actors (article);

CREATE TABLE stances (
    article     INTEGER NOT NULL,
    start       INTEGER,
    "end"       INTEGER,
    holder      TEXT,
    holder_name TEXT COLLATE NOCASE,
    polarity    TEXT,
    target      TEXT,
    cue         TEXT,
    main_issue  INTEGER
);
CREATE INDEX stances_article ON stances (article);
CREATE INDEX stances_holder ON stances (holder_name, polarity, article);

CREATE TABLE facet_counts (
    facet    TEXT NOT NULL,
    value    TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (facet, value)
) WITHOUT ROWID;
CREATE INDEX facet_counts_top ON facet_counts (facet, articles DESC);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;
