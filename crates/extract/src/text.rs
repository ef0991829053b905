//! Lines, headings and sentences of a normalised document.

/// A non-empty line of the document.
#[derive(Debug, Clone)]
pub struct Line {
    /// Byte range in the normalised text, trimmed.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// A short line with no sentence end: a title or a section heading.
    pub heading: bool,
}

/// A sentence: up to `。`, `!`, `?` or the end of its line.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte range in the normalised text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// Index of its line.
    pub line: usize,
}

/// A sentence longer than this is cut at its next comma.
const SOFT_SENTENCE: usize = 1_500;
/// A sentence is never longer than this.
const MAX_SENTENCE: usize = 4_000;

/// The lines and sentences of `text`.
pub fn structure(text: &str) -> (Vec<Line>, Vec<Sentence>) {
    let mut lines = Vec::new();
    let mut sentences = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed_start = content.len() - content.trim_start().len();
        let body = content.trim();
        if body.is_empty() {
            continue;
        }
        let start = line_start + trimmed_start;
        let end = start + body.len();
        let chars = body.chars().count();
        let heading =
            chars <= 60 && !body.contains('。') && !body.ends_with('、') && !body.ends_with(',');
        let idx = lines.len();
        lines.push(Line {
            start,
            end,
            heading,
        });
        // Sentences, keeping a closing bracket with its full stop.
        let mut s = start;
        let mut depth = 0i32;
        let mut iter = body.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            match c {
                '「' | '『' | '(' => depth += 1,
                '」' | '』' | ')' => depth = (depth - 1).max(0),
                _ => {}
            }
            // Very long runs without a full stop are cut, so that no sentence is unbounded.
            let long =
                start + i - s >= MAX_SENTENCE || (start + i - s >= SOFT_SENTENCE && c == '、');
            if long && !matches!(c, '。' | '!' | '?') {
                let e = start + i + c.len_utf8();
                sentences.push(Sentence {
                    start: s,
                    end: e,
                    line: idx,
                });
                s = e;
                depth = 0;
                continue;
            }
            if matches!(c, '。' | '!' | '?') && depth == 0 {
                let mut e = start + i + c.len_utf8();
                while let Some(&(j, n)) = iter.peek() {
                    if matches!(n, '。' | '」' | ')' | '!' | '?') {
                        e = start + j + n.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                sentences.push(Sentence {
                    start: s,
                    end: e,
                    line: idx,
                });
                s = e;
            }
        }
        if s < end {
            sentences.push(Sentence {
                start: s,
                end,
                line: idx,
            });
        }
    }
    (lines, sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_headings_and_sentences() {
        let text = "見出し\n\n本文です。「引用。」と述べた。続き\n";
        let (lines, sentences) = structure(text);
        assert_eq!(lines.len(), 2);
        assert!(lines[0].heading);
        assert!(!lines[1].heading);
        let got: Vec<&str> = sentences.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            got,
            ["見出し", "本文です。", "「引用。」と述べた。", "続き"]
        );
    }
}
