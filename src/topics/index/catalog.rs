//! The readable side of the index: labels, an article's topics, the topic
//! list with counts, and the articles of a topic.

use super::{ArticleId, Cache, Kind, TermId, TopicIndex, lookup, weighing};

use crate::model::FeedId;

impl TopicIndex {
    /// The most used spelling of a term.
    pub fn label(&self, term: TermId) -> String {
        let more = self.more.get(&term).map_or(&[][..], Vec::as_slice);
        let best = self
            .names
            .get(term as usize)
            .and_then(|t| t.labels.best(more, &self.texts));
        best.unwrap_or(self.key(term)).to_owned()
    }

    /// An article's topics: its names, categories and strongest keywords.
    pub fn topics_of(&mut self, article: ArticleId, max: usize) -> Vec<String> {
        self.prepare();
        let (Some(cache), Some(&doc)) = (&self.cache, self.by_article.get(&article)) else {
            return Vec::new();
        };
        // Names first: "Losana Vakaloloma", not "Losana" and "Vakaloloma".
        let mut terms: Vec<(f32, TermId)> = cache
            .vector(doc)
            .iter()
            .filter(|(t, _)| self.is_topic(*t))
            .map(|&(t, v)| {
                let name = self.terms[t as usize].kind() == Some(Kind::Name);
                (if name { v * 2.0 } else { v }, t)
            })
            .collect();
        terms.sort_by(|a, b| b.0.total_cmp(&a.0));
        let name_words: Vec<String> = terms
            .iter()
            .filter(|(_, t)| self.terms[*t as usize].kind() == Some(Kind::Name))
            .flat_map(|&(_, t)| {
                crate::topics::text::fold(&self.label(t))
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut labels: Vec<String> = Vec::new();
        for (_, term) in terms {
            let label = self.label(term);
            let folded = label.to_lowercase();
            let part_of_name = self.terms[term as usize].kind() == Some(Kind::Word)
                && name_words.contains(&crate::topics::text::fold(&label));
            if part_of_name || labels.iter().any(|l| l.to_lowercase().contains(&folded)) {
                continue;
            }
            labels.retain(|l| !folded.contains(&l.to_lowercase()));
            labels.push(label);
            if labels.len() == max {
                break;
            }
        }
        labels
    }

    /// Whether a term makes a readable topic: names, categories, and words
    /// that are names (mostly capitalized) or used across several articles.
    pub(super) fn is_topic(&self, term: TermId) -> bool {
        let info = &self.terms[term as usize];
        match info.kind() {
            Some(Kind::Name) | Some(Kind::Category) => info.df >= 2,
            Some(Kind::Word) => {
                info.df >= 3 && info.eligible >= 2 && info.capitalized * 10 >= info.eligible * 7
            }
            _ => false,
        }
    }

    /// Orders scored topics, drops words covered by a name and spellings
    /// already listed, and gives each its label.
    pub(super) fn readable_topics(&self, mut list: Vec<(TermId, u32, f32)>) -> Vec<(String, u32)> {
        list.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let words_of = |term: TermId| -> Vec<String> {
            crate::topics::text::fold(&self.label(term))
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        };
        let names: Vec<(Vec<String>, u32)> = list
            .iter()
            .filter(|(t, _, _)| self.terms[*t as usize].kind() == Some(Kind::Name))
            .map(|&(t, c, _)| (words_of(t), c))
            .collect();
        let mut out: Vec<(String, u32)> = Vec::new();
        for (term, count, _) in list {
            let words = words_of(term);
            let covered = names.iter().any(|(name, name_count)| {
                name.len() > words.len()
                    && words.iter().all(|w| name.contains(w))
                    && *name_count * 2 >= count
            });
            if covered {
                continue;
            }
            let label = self.label(term);
            if out.iter().any(|(l, _)| l.eq_ignore_ascii_case(&label)) {
                continue;
            }
            out.push((label, count));
        }
        out
    }

    /// Articles that have a topic, by its label or key (any spelling).
    pub fn articles_with_topic(&self, topic: &str) -> Vec<ArticleId> {
        let wanted = crate::topics::text::fold(topic.trim());
        let wanted_words: Vec<&str> = wanted.split_whitespace().collect();
        let matches: Vec<TermId> = self
            .terms
            .iter()
            .enumerate()
            .filter(|(id, info)| {
                info.kind().is_some()
                    && self.is_topic(*id as TermId)
                    && (crate::topics::text::fold(&self.label(*id as TermId)) == wanted
                        || (info.kind() != Some(Kind::Word)
                            && self
                                .key(*id as TermId)
                                .split_whitespace()
                                .eq(wanted_words.iter().copied())))
            })
            .map(|(id, _)| id as TermId)
            .collect();
        if matches.is_empty() {
            return Vec::new();
        }
        let mut articles: Vec<ArticleId> = match &self.cache {
            Some(cache) => matches
                .iter()
                .flat_map(|&term| cache.topic_docs(term))
                .filter_map(|d| self.docs.get(d).filter(|doc| doc.live()))
                .map(|doc| doc.article)
                .collect(),
            // Not prepared: a scan of every document's terms.
            None => {
                let mut runs = self.doc_terms.cursor();
                let mut found = Vec::new();
                for doc in self.docs.iter().filter(|d| d.live()) {
                    let start = doc.start as usize;
                    let run = runs.get(start..start + doc.len as usize);
                    if weighing(&run).any(|t| matches.contains(&t)) {
                        found.push(doc.article);
                    }
                }
                found
            }
        };
        articles.sort_unstable();
        articles.dedup();
        articles
    }

    /// Whether two articles share a name ("Kim Jong Un", "North Korea").
    pub fn shares_name(&self, a: ArticleId, b: ArticleId) -> bool {
        let (Some(&a), Some(&b)) = (self.by_article.get(&a), self.by_article.get(&b)) else {
            return false;
        };
        let names = |doc: usize| -> Vec<TermId> {
            self.term_ids(doc)
                .into_iter()
                .filter(|&t| self.terms[t as usize].kind() == Some(Kind::Name))
                .collect()
        };
        let theirs = names(b);
        names(a).iter().any(|t| theirs.contains(t))
    }

    pub fn feed_of(&self, article: ArticleId) -> Option<FeedId> {
        self.by_article.get(&article).map(|&d| self.docs[d].feed)
    }

    pub(super) fn shared_labels(
        &self,
        cache: &Cache,
        a: usize,
        b: usize,
        max: usize,
    ) -> Vec<String> {
        let other = &cache.vector(b);
        let mut shared: Vec<(f32, TermId)> = cache
            .vector(a)
            .iter()
            .filter_map(|&(t, v)| {
                let ov = lookup(other, t);
                (ov > 0.0).then_some((v * ov, t))
            })
            .collect();
        shared.sort_by(|x, y| y.0.total_cmp(&x.0));
        let mut labels: Vec<String> = Vec::new();
        for (_, term) in shared {
            let label = self.label(term);
            let folded = label.to_lowercase();
            // "North Korea" makes "Korea" and "north korea" redundant.
            if labels
                .iter()
                .any(|l| l.to_lowercase().contains(&folded) || folded.contains(&l.to_lowercase()))
            {
                continue;
            }
            labels.push(label);
            if labels.len() == max {
                break;
            }
        }
        labels
    }
}
