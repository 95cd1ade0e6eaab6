//! Text helpers for edits that must fit the file they land in: indentation, line ends, YAML
//! insertion points.

use crate::project::{Project, SourceFile};
use crate::syntax::yaml::Node;
use std::path::Path;

/// The leading whitespace of the line holding `offset`.
pub(crate) fn indent_at(file: &SourceFile, offset: usize) -> String {
    let line = file.lines.line_of(offset);
    let range = file.lines.line_span(&file.text, line);
    let text = &file.text[range];
    text[..text.len() - text.trim_start().len()].to_string()
}

/// The offset just past the end of the line holding `offset` (after its line break), or the end
/// of the text.
pub(crate) fn next_line_start(file: &SourceFile, offset: usize) -> usize {
    let line = file.lines.line_of(offset);
    if line + 1 < file.lines.line_count() {
        file.lines.line_start(line + 1)
    } else {
        file.text.len()
    }
}

/// The offset where text appended to the end of a YAML block node goes: after the line of its
/// last character. Returns the offset and whether a line break must be written first.
pub(crate) fn after_block(file: &SourceFile, node: &Node) -> (usize, bool) {
    let last = node.span.end.saturating_sub(1).max(node.span.start);
    let at = next_line_start(file, last);
    let needs_break = at == file.text.len() && !file.text.ends_with('\n');
    (at, needs_break)
}

/// The indentation of the entries of a block mapping (the column of its first key).
pub(crate) fn entry_indent(file: &SourceFile, map: &Node) -> Option<String> {
    let first = map.as_map()?.first()?;
    let line_start = file.lines.line_start(file.lines.line_of(first.key.span.start));
    let col = first.key.span.start - line_start;
    Some(" ".repeat(col))
}

/// The indentation of the items of a block sequence (the column of its first `-`).
pub(crate) fn item_indent(file: &SourceFile, seq: &Node) -> Option<String> {
    let first = seq.as_seq()?.first()?;
    let line_start = file.lines.line_start(file.lines.line_of(first.span.start));
    let before = &file.text[line_start..first.span.start];
    let dash = before.rfind('-')?;
    Some(" ".repeat(dash))
}

/// Whether a node is written in block style (not `[...]` / `{...}`).
pub(crate) fn is_block(file: &SourceFile, node: &Node) -> bool {
    !matches!(file.text.as_bytes().get(node.span.start), Some(b'[' | b'{'))
}

/// A YAML scalar that needs no quotes, or a double-quoted one.
pub(crate) fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || " _-./".contains(c))
        && !s.starts_with([' ', '-'])
        && !s.ends_with(' ')
        && crate::syntax::yaml::resolve(s, crate::syntax::yaml::Style::Plain, None)
            == crate::syntax::yaml::Resolved::Str;
    if plain { s.to_string() } else { format!("{s:?}") }
}

/// A name usable as a Python identifier.
pub(crate) fn identifier(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if matches!(
        out.as_str(),
        "class"
            | "def"
            | "return"
            | "yield"
            | "from"
            | "import"
            | "for"
            | "in"
            | "if"
            | "else"
            | "try"
            | "except"
            | "with"
            | "as"
            | "pass"
            | "lambda"
            | "global"
            | "not"
            | "and"
            | "or"
            | "is"
            | "None"
            | "True"
            | "False"
            | "while"
            | "break"
            | "continue"
            | "raise"
            | "del"
            | "assert"
            | "async"
            | "await"
            | "elif"
            | "finally"
            | "nonlocal"
    ) {
        out.push('_');
    }
    out
}

/// `search_tool` → `SearchTool`.
pub(crate) fn camel(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A Python string literal (double-quoted) holding `s`, valid on every Python 3. Rust's `{:?}` is
/// not one: it writes `\u{301}`, which Python rejects.
pub(crate) fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A file name up to its first dot: `tools/search.yaml` → `search`.
pub(crate) fn stem(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('.').next())
        .unwrap_or("")
        .to_string()
}

/// A path relative to the unit's root, with `/` separators.
pub(crate) fn rel(project: &Project, path: &Path) -> String {
    path.strip_prefix(&project.unit.root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The text with its first character in upper case.
pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::py_str;

    #[test]
    fn python_string_literals_escape_what_python_needs() {
        assert_eq!(py_str("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(py_str("é{x}"), "\"é{x}\"");
        assert_eq!(py_str("\u{7f}"), "\"\\u007f\"");
    }
}
