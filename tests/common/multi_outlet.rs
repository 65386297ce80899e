//! Our multi-outlet story fixture (tests/fixtures/stories/multi_outlet.jsonl,
//! written for these tests): one item a line, read whole.

/// One article of the fixture.
pub struct Item {
    pub id: String,
    pub outlet: String,
    pub title: String,
    /// The feed's summary, for outlets that carry no full text.
    pub summary: Option<String>,
    pub text: String,
    /// The story it belongs to (the label).
    pub story: String,
}

/// Every item of the fixture, in file order.
pub fn items() -> Vec<Item> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/stories/multi_outlet.jsonl"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let field = |k: &str| v[k].as_str().map(str::to_owned);
            Item {
                id: field("id").unwrap(),
                outlet: field("outlet").unwrap(),
                title: field("title").unwrap(),
                summary: field("summary"),
                text: field("text").unwrap(),
                story: field("story").unwrap(),
            }
        })
        .collect()
}
