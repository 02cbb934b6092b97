//! Links the first use of each glossary term on a page to its definition.

use crate::content::structure::GlossaryTerm;
use crate::markdown::highlight::escape;
use crate::markdown::links::encode_href;
use pulldown_cmark::{CowStr, Event};

pub struct TermLinker<'g> {
    terms: &'g [GlossaryTerm],
    /// Relative href of the glossary page; None disables linking (no glossary, or on it).
    href: Option<String>,
    used: Vec<bool>,
}

impl<'g> TermLinker<'g> {
    pub fn new(terms: &'g [GlossaryTerm], href: Option<String>) -> Self {
        TermLinker {
            terms,
            href,
            used: vec![false; terms.len()],
        }
    }

    /// Splits a text event around the first unlinked term it contains, repeatedly.
    pub fn link<'t>(&mut self, text: CowStr<'t>) -> Vec<Event<'t>> {
        let Some(href) = self.href.clone() else {
            return vec![Event::Text(text)];
        };
        if self.used.iter().all(|u| *u) {
            return vec![Event::Text(text)];
        }
        let mut events = Vec::new();
        let mut rest: &str = &text;
        while let Some((pos, i)) = self.first_term(rest) {
            let term = &self.terms[i];
            self.used[i] = true;
            if pos > 0 {
                events.push(Event::Text(rest[..pos].to_string().into()));
            }
            events.push(Event::InlineHtml(
                format!(
                    "<a class=\"term\" href=\"{href}#{}\" title=\"术语：{}\">",
                    encode_href(&term.anchor),
                    escape(&term.term)
                )
                .into(),
            ));
            events.push(Event::Text(term.term.clone().into()));
            events.push(Event::InlineHtml("</a>".into()));
            rest = &rest[pos + term.term.len()..];
        }
        if events.is_empty() {
            return vec![Event::Text(text)];
        }
        if !rest.is_empty() {
            events.push(Event::Text(rest.to_string().into()));
        }
        events
    }

    /// Earliest unlinked term in `s` (the longer term wins at the same position).
    fn first_term(&self, s: &str) -> Option<(usize, usize)> {
        self.terms
            .iter()
            .enumerate()
            .filter(|(i, t)| !self.used[*i] && t.term.chars().count() >= 2)
            .filter_map(|(i, t)| s.find(&t.term).map(|pos| (pos, i)))
            .min_by_key(|&(pos, i)| (pos, usize::MAX - self.terms[i].term.len()))
    }

    pub fn used(&self) -> Vec<usize> {
        self.used
            .iter()
            .enumerate()
            .filter(|(_, u)| **u)
            .map(|(i, _)| i)
            .collect()
    }
}

/// On the glossary page: after each term's definition, the pages that use the term.
/// `users[i]` lists (title, output path) for term `i`; `page_output` is the glossary's output.
pub fn add_backlinks(
    html: &str,
    terms: &[GlossaryTerm],
    users: &[Vec<(String, String)>],
    page_output: &str,
) -> String {
    let dir = page_output.rsplit_once('/').map_or("", |(d, _)| d);
    // Positions of each term's <h2 id="…">, in page order.
    let mut marks: Vec<(usize, usize)> = terms
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            html.find(&format!("<h2 id=\"{}\"", escape(&t.anchor)))
                .map(|pos| (pos, i))
        })
        .collect();
    marks.sort();
    let mut out = String::with_capacity(html.len() + 4096);
    let mut cursor = 0;
    for (k, &(_, term)) in marks.iter().enumerate() {
        let section_end = marks.get(k + 1).map_or(html.len(), |&(pos, _)| pos);
        out.push_str(&html[cursor..section_end]);
        cursor = section_end;
        if users[term].is_empty() {
            continue;
        }
        out.push_str("<p class=\"term-users\">出现在：");
        let links: Vec<String> = users[term]
            .iter()
            .map(|(title, output)| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    crate::markdown::links::relative_href(dir, output),
                    escape(title)
                )
            })
            .collect();
        out.push_str(&links.join("、"));
        out.push_str("</p>\n");
    }
    out.push_str(&html[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_first_use_only_and_prefers_longer_terms() {
        let terms = vec![
            GlossaryTerm {
                term: "业委会".into(),
                anchor: "业委会".into(),
            },
            GlossaryTerm {
                term: "两个覆盖".into(),
                anchor: "两个覆盖".into(),
            },
        ];
        let mut l = TermLinker::new(&terms, Some("../glossary.html".into()));
        let ev = l.link("推动两个覆盖，联系业委会和业委会。".into());
        let html: String = ev
            .iter()
            .map(|e| match e {
                Event::Text(t) | Event::InlineHtml(t) => t.to_string(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(html.matches("<a class=\"term\"").count(), 2, "{html}");
        assert!(html.ends_with("和业委会。"), "{html}");
        assert_eq!(l.used(), vec![0, 1]);
        assert_eq!(l.link("两个覆盖".into()).len(), 1);
    }
}
