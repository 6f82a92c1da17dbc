//! Finds where a key or value sits in YAML text, so that errors found after deserialising
//! (a relation slug to nothing, an invalid date, an unknown key) still name their line.
//!
//! serde_yaml locates syntax and type errors itself but forgets positions once a value is
//! deserialised. This is a plain-text scan of block-style YAML, which is what people write in
//! front matter and site.yaml; for flow style it falls back to the nearest enclosing key.

/// A line index over one YAML document.
#[derive(Debug, Clone)]
pub(crate) struct YamlIndex {
    lines: Vec<String>,
    /// Added to every line number, so that front matter lines count from the top of the file.
    first_line: usize,
}

impl YamlIndex {
    /// Indexes `text`, whose first line is line `first_line` of its file (1-based).
    pub(crate) fn new(text: &str, first_line: usize) -> Self {
        YamlIndex {
            lines: text.lines().map(str::to_owned).collect(),
            first_line,
        }
    }

    /// The 1-based file line and column of the key at `path` (e.g. `["relations", "issues"]`),
    /// or of the deepest enclosing key found.
    pub(crate) fn key(&self, path: &[&str]) -> Option<(usize, usize)> {
        self.find(path).map(|(line, col, _)| self.pos(line, col))
    }

    /// Where `needle` appears as a whole word in the value of the key at `path`; falls back to
    /// the key itself.
    pub(crate) fn value(&self, path: &[&str], needle: &str) -> Option<(usize, usize)> {
        let (line, col, end) = self.find(path)?;
        for (i, text) in self.lines.iter().enumerate().take(end).skip(line) {
            // On the key's own line, only look after the colon.
            let from = if i == line {
                text.char_indices()
                    .nth(col)
                    .map_or(text.len(), |(b, _)| b)
                    .min(text.len())
            } else {
                0
            };
            let from = if i == line {
                text[from..].find(':').map_or(from, |c| from + c + 1)
            } else {
                from
            };
            if let Some(b) = find_word(&text[from..], needle) {
                let col = text[..from + b].chars().count();
                return Some(self.pos(i, col));
            }
        }
        Some(self.pos(line, col))
    }

    /// The file position of the `n`-th (from 0) occurrence of the top-level key `key`: a key
    /// written twice is reported where it is repeated.
    pub(crate) fn key_nth(&self, key: &str, n: usize) -> Option<(usize, usize)> {
        let (line, indent) = self.find_child_nth(0, self.lines.len(), None, key, n)?;
        Some(self.pos(line, indent))
    }

    /// Where the value of the key at `path` starts: its first character after `key:` and the
    /// spaces that follow, or, for a value written on the lines below, the first of them.
    pub(crate) fn value_start(&self, path: &[&str]) -> Option<(usize, usize)> {
        let (line, indent, end) = self.find(path)?;
        let text = &self.lines[line];
        let after_key = text
            .char_indices()
            .nth(indent)
            .map_or(text.len(), |(b, _)| b);
        if let Some(colon) = colon_after_key(&text[after_key..]) {
            let from = after_key + colon + 1;
            let rest = &text[from..];
            let value = rest.trim_start_matches([' ', '\t']);
            if !value.is_empty() && !value.starts_with('#') {
                let b = from + (rest.len() - value.len());
                return Some(self.pos(line, text[..b].chars().count()));
            }
        }
        let below = (line + 1..end).find_map(|i| Some((i, content_indent(&self.lines[i])?)));
        Some(match below {
            Some((i, ind)) => self.pos(i, self.lines[i][..ind].chars().count()),
            None => self.pos(line, indent),
        })
    }

    /// The lines of the `n`-th occurrence of the key at `path` (`n` counts only at the top
    /// level) and its value, as text, with the file line of the first.
    pub(crate) fn block_text(&self, path: &[&str], n: usize) -> Option<(String, usize)> {
        let (line, end) = match (path, n) {
            ([key], n) => {
                let (line, indent) = self.find_child_nth(0, self.lines.len(), None, key, n)?;
                (line, self.block_end(line, indent, self.lines.len()))
            }
            (_, 0) => {
                let (line, _, end) = self.find(path)?;
                (line, end)
            }
            _ => return None,
        };
        // find() falls back to an enclosing key: only the key itself will do here.
        let last = path.last()?;
        let text = &self.lines[line];
        if key_of(text.trim_start_matches([' ', '\t'])) != Some(*last) {
            return None;
        }
        Some((self.lines[line..end].join("\n"), line + self.first_line))
    }

    /// The text of a line, by its line number in the file.
    pub(crate) fn line(&self, file_line: usize) -> Option<String> {
        self.lines
            .get(file_line.checked_sub(self.first_line)?)
            .cloned()
    }

    /// The file lines (first, last inclusive) that the key at `path` and its value span.
    pub(crate) fn block(&self, path: &[&str]) -> Option<(usize, usize)> {
        let (line, _, end) = self.find(path)?;
        Some((line + self.first_line, end - 1 + self.first_line))
    }

    fn pos(&self, line: usize, col: usize) -> (usize, usize) {
        (line + self.first_line, col + 1)
    }

    /// Returns (line index, indent, end line index exclusive of the key's block).
    fn find(&self, path: &[&str]) -> Option<(usize, usize, usize)> {
        let mut start = 0;
        let mut end = self.lines.len();
        let mut parent_indent: Option<usize> = None;
        let mut found = None;
        for key in path {
            let Some((line, indent)) = self.find_child(start, end, parent_indent, key) else {
                return found;
            };
            let block_end = self.block_end(line, indent, end);
            found = Some((line, indent, block_end));
            start = line + 1;
            end = block_end;
            parent_indent = Some(indent);
        }
        found
    }

    fn find_child(
        &self,
        start: usize,
        end: usize,
        parent_indent: Option<usize>,
        key: &str,
    ) -> Option<(usize, usize)> {
        self.find_child_nth(start, end, parent_indent, key, 0)
    }

    fn find_child_nth(
        &self,
        start: usize,
        end: usize,
        parent_indent: Option<usize>,
        key: &str,
        mut n: usize,
    ) -> Option<(usize, usize)> {
        let mut child_indent = None;
        for i in start..end {
            let Some(indent) = content_indent(&self.lines[i]) else {
                continue;
            };
            if parent_indent.is_some_and(|p| indent <= p) {
                continue;
            }
            let level = *child_indent.get_or_insert(indent);
            if indent == level && key_of(&self.lines[i][indent..]) == Some(key) {
                if n == 0 {
                    return Some((i, indent));
                }
                n -= 1;
            }
        }
        None
    }

    fn block_end(&self, line: usize, indent: usize, end: usize) -> usize {
        (line + 1..end)
            .find(|&i| content_indent(&self.lines[i]).is_some_and(|ind| ind <= indent))
            .unwrap_or(end)
    }
}

/// Indentation of a line that holds content (not blank, not a comment).
fn content_indent(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    Some(line.len() - trimmed.len())
}

/// The byte offset of the colon that ends the key a line starts with.
fn colon_after_key(line: &str) -> Option<usize> {
    let key = key_of(line)?;
    let start = line.find(key)?;
    let after = start + key.len();
    line[after..].find(':').map(|c| after + c)
}

/// The key a `key: value` line starts with (quotes removed), if it is one.
pub(crate) fn key_of(line: &str) -> Option<&str> {
    let line = line.strip_prefix("- ").unwrap_or(line);
    let (quoted, rest) = match line.chars().next() {
        Some(q @ ('"' | '\'')) => (Some(q), &line[1..]),
        _ => (None, line),
    };
    let end = match quoted {
        Some(q) => rest.find(q)?,
        None => rest.find(':')?,
    };
    let key = &rest[..end];
    let after = &rest[end + usize::from(quoted.is_some())..];
    let after = after.strip_prefix(':')?;
    if after.is_empty() || after.starts_with([' ', '\t']) {
        Some(key.trim_end())
    } else {
        None
    }
}

/// Byte offset of `needle` in `hay` where it is not part of a longer word.
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: x\n\
relations:\n  # comment\n  issues:\n    from: teams\n    to: issues\n  other:\n    from: [a, b]\n\
issues:\n  - regulation\n  - clinical-research\ntags: [reg, regulation]\n";

    #[test]
    fn finds_top_level_and_nested_keys() {
        let ix = YamlIndex::new(DOC, 2);
        assert_eq!(ix.key(&["title"]), Some((2, 1)));
        assert_eq!(ix.key(&["relations", "issues", "to"]), Some((7, 5)));
        assert_eq!(ix.key(&["relations", "other", "from"]), Some((9, 5)));
        assert_eq!(ix.key(&["issues"]), Some((10, 1)));
        // A missing leaf falls back to the deepest key found.
        assert_eq!(ix.key(&["relations", "issues", "label"]), Some((5, 3)));
    }

    #[test]
    fn finds_values_as_whole_words() {
        let ix = YamlIndex::new(DOC, 1);
        assert_eq!(ix.value(&["issues"], "clinical-research"), Some((11, 5)));
        assert_eq!(ix.value(&["issues"], "regulation"), Some((10, 5)));
        assert_eq!(ix.value(&["tags"], "regulation"), Some((12, 13)));
        assert_eq!(
            ix.value(&["relations", "other", "from"], "b"),
            Some((8, 15))
        );
    }

    #[test]
    fn repeated_keys_values_and_blocks_are_found() {
        let ix = YamlIndex::new(
            "title: x\nslug: \"\"\nweight: 1\nweight: 2\nlist:\n  - a\n",
            2,
        );
        assert_eq!(ix.key_nth("weight", 0), Some((4, 1)));
        assert_eq!(ix.key_nth("weight", 1), Some((5, 1)));
        assert_eq!(ix.key_nth("weight", 2), None);
        assert_eq!(ix.value_start(&["slug"]), Some((3, 7)));
        assert_eq!(ix.value_start(&["list"]), Some((7, 3)));
        assert_eq!(
            ix.block_text(&["list"], 0),
            Some(("list:\n  - a".to_owned(), 6))
        );
        assert_eq!(
            ix.block_text(&["weight"], 1),
            Some(("weight: 2".to_owned(), 5))
        );
        assert_eq!(ix.block_text(&["nope"], 0), None);
    }

    #[test]
    fn key_of_handles_quotes_and_urls() {
        assert_eq!(key_of("title: a"), Some("title"));
        assert_eq!(key_of("\"a b\": 1"), Some("a b"));
        assert_eq!(key_of("url: http://x"), Some("url"));
        assert_eq!(key_of("http://x"), None);
        assert_eq!(key_of("empty:"), Some("empty"));
    }
}
