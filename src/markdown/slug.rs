//! Heading ids: Unicode and readable. `## 两个覆盖` → `两个覆盖`; `## Step One` → `step-one`.
//! Latin letters are lower-cased, white space and `-`/`_` runs become one `-`, other
//! punctuation (ASCII and CJK) is dropped. Ids are stable: they depend only on the text.

use std::collections::HashMap;

pub fn heading_id(text: &str) -> String {
    let mut id = String::new();
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '+' {
            if pending_dash && !id.is_empty() {
                id.push('-');
            }
            pending_dash = false;
            id.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// Hands out unique ids within one page: a repeated heading gets `-2`, `-3` ….
#[derive(Default)]
pub struct IdAllocator {
    seen: HashMap<String, usize>,
}

impl IdAllocator {
    pub fn unique(&mut self, base: String) -> String {
        let count = self.seen.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            let candidate = format!("{base}-{count}");
            self.seen.insert(candidate.clone(), 1);
            candidate
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headings_keep_their_characters() {
        assert_eq!(heading_id("两个覆盖"), "两个覆盖");
        assert_eq!(heading_id("“三驾马车”是什么？"), "三驾马车是什么");
        assert_eq!(heading_id("1+1+N 治理体系"), "1+1+n-治理体系");
        assert_eq!(heading_id("Step One: Begin"), "step-one-begin");
        assert_eq!(heading_id("？！"), "section");
    }

    #[test]
    fn repeated_headings_get_numbers() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("要点".into()), "要点");
        assert_eq!(ids.unique("要点".into()), "要点-2");
        assert_eq!(ids.unique("要点".into()), "要点-3");
    }
}
