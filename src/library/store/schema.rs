//! The database schema, as numbered steps: step N moves `PRAGMA
//! user_version` from N to N+1. Steps are only ever added.

/// Schema steps; entry N moves `user_version` from N to N+1.
pub(super) const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    name          TEXT,
    title         TEXT,
    site_link     TEXT,
    tags          TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1,
    etag          TEXT,
    last_modified TEXT,
    last_status   TEXT,
    last_error    TEXT,
    last_checked  INTEGER
);
CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    feed_id     INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    guid        TEXT,
    link        TEXT,
    title       TEXT NOT NULL,
    author      TEXT,
    published   INTEGER,
    sort_time   INTEGER NOT NULL,
    summary     TEXT,
    content     TEXT,
    categories  TEXT NOT NULL DEFAULT '',
    digest      BLOB NOT NULL,
    read        INTEGER NOT NULL DEFAULT 0,
    starred     INTEGER NOT NULL DEFAULT 0,
    first_seen  INTEGER NOT NULL,
    UNIQUE (feed_id, key)
);
CREATE INDEX articles_by_time ON articles (sort_time DESC, id DESC);
CREATE INDEX articles_by_feed_time ON articles (feed_id, sort_time DESC, id DESC);
CREATE INDEX articles_by_feed_read ON articles (feed_id, read);
CREATE INDEX articles_by_link ON articles (link);
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, content = '', contentless_delete = 1, detail = none,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"#,
    r#"
CREATE TABLE topic_terms (
    id    INTEGER PRIMARY KEY,
    kind  INTEGER NOT NULL,
    key   TEXT NOT NULL,
    label TEXT NOT NULL,
    UNIQUE (kind, key)
);
CREATE TABLE article_topics (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    features   BLOB NOT NULL
);
CREATE INDEX article_topics_by_seq ON article_topics (seq);
"#,
    r#"
ALTER TABLE articles ADD COLUMN full_html TEXT;
ALTER TABLE articles ADD COLUMN full_byline TEXT;
ALTER TABLE articles ADD COLUMN full_site TEXT;
ALTER TABLE articles ADD COLUMN full_fetched INTEGER;
"#,
    // Articles waiting for their search and topic entries; `replace` when
    // an older entry must go first; `stamp` moves when the article changes
    // again while queued.
    r#"
CREATE TABLE index_queue (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    replace    INTEGER NOT NULL,
    stamp      INTEGER NOT NULL DEFAULT 0
);
"#,
    // A host that said "later" (429/503) or keeps failing (5xx) is left
    // alone until `retry_at`; `failures` counts the errors in a row.
    r#"
ALTER TABLE feeds ADD COLUMN retry_at INTEGER;
ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
"#,
    // Each article's story, once assigned (see `topics::stories`): kept,
    // so a story keeps its id and members as articles arrive.
    r#"
CREATE TABLE article_stories (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story      INTEGER NOT NULL
);
CREATE INDEX article_stories_by_story ON article_stories (story);
"#,
    // Sync with a feed server: the server's ids of its feeds and entries,
    // the read and starred changes made here that wait to be sent, and the
    // sync's own state (see `store::sync`).
    r#"
ALTER TABLE feeds ADD COLUMN remote TEXT;
ALTER TABLE articles ADD COLUMN remote TEXT;
CREATE INDEX articles_by_remote ON articles (remote) WHERE remote IS NOT NULL;
CREATE TABLE sync_queue (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    value      INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, field)
);
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT
);
"#,
    // A failed refresh's whole chain of causes, beside the message people
    // read (`feeds --json`: `last_error_detail`).
    r#"
ALTER TABLE feeds ADD COLUMN last_error_detail TEXT;
"#,
    // Podcasts and other media attached to an article: a line each, URL,
    // type and size tab-separated (see `model::Enclosure`).
    r#"
ALTER TABLE articles ADD COLUMN enclosures TEXT;
"#,
    // The unread articles newest first, so a page of them is read without
    // walking past every read one (a store of 100,000 mostly read).
    r#"
CREATE INDEX articles_unread_by_time ON articles (sort_time DESC, id DESC) WHERE read = 0;
"#,
    // A fetched page's lead image URL and language (see `FullText`).
    r#"
ALTER TABLE articles ADD COLUMN full_image TEXT;
ALTER TABLE articles ADD COLUMN full_lang TEXT;
"#,
    // Articles dropped by a feed's `max_articles`, so that the feed does
    // not bring them back (see `store::prune`).
    r#"
CREATE TABLE pruned (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
);
"#,
    // How long a feed stays fresh by its server's Cache-Control (seconds).
    r#"
ALTER TABLE feeds ADD COLUMN max_age INTEGER;
"#,
    // Each feed's article and unread counts, so that the feed list costs
    // the same at 5,000 articles as at 500,000 (counting them walked every
    // article's index entry). Triggers follow marks and deletions; new
    // articles are counted by `write::upsert_articles`, once per feed (a
    // trigger on every insert made a cold refresh 20% slower: each insert
    // then copies the pages it changes to a statement journal).
    r#"
ALTER TABLE feeds ADD COLUMN total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
UPDATE feeds SET
    total = (SELECT COUNT(*) FROM articles a WHERE a.feed_id = feeds.id),
    unread = (SELECT COUNT(*) FROM articles a WHERE a.feed_id = feeds.id AND a.read = 0);
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
    UPDATE feeds SET total = total - 1, unread = unread - (old.read = 0)
        WHERE id = old.feed_id;
END;
CREATE TRIGGER articles_count_update AFTER UPDATE OF read, feed_id ON articles
    WHEN (old.read = 0) IS NOT (new.read = 0) OR old.feed_id IS NOT new.feed_id
BEGIN
    UPDATE feeds SET total = total - 1, unread = unread - (old.read = 0)
        WHERE id = old.feed_id;
    UPDATE feeds SET total = total + 1, unread = unread + (new.read = 0)
        WHERE id = new.feed_id;
END;
"#,
];
