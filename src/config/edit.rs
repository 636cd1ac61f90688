//! Small insertions into the text of `copydesk.toml`, for the editor's quick fixes: a preferred
//! spelling under `[spellings]`, a name under `[names] separate`. Each is one insertion that keeps
//! the rest of the file as written; `None` when the file cannot be edited safely (it does not
//! parse, or the section is written in a form this does not edit).

use toml::de::{DeTable, DeValue};

/// Text to insert at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insert {
    pub offset: usize,
    pub text: String,
}

/// A TOML basic string.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Adds `"preferred" = ["variant"]` to `[spellings]`.
pub fn add_spelling(text: &str, preferred: &str, variant: &str) -> Option<Insert> {
    let line = format!("{} = [{}]", quote(preferred), quote(variant));
    add_line(text, "spellings", &line)
}

/// Adds `name` to `[names] separate`.
pub fn add_separate(text: &str, name: &str) -> Option<Insert> {
    let root = DeTable::parse(text).ok()?;
    let root = root.get_ref();
    if let Some(names) = root.get("names")
        && let DeValue::Table(table) = names.get_ref()
        && let Some(list) = table.get("separate")
    {
        let DeValue::Array(_) = list.get_ref() else {
            return None;
        };
        let span = list.span();
        let inner = text.get(span.start..span.end)?;
        if !inner.ends_with(']') {
            return None;
        }
        let close = span.end - 1;
        let before = text.get(span.start..close)?.trim_end();
        let separator = if before.ends_with('[') || before.ends_with(',') {
            ""
        } else {
            ", "
        };
        return Some(Insert {
            offset: close,
            text: format!("{separator}{}", quote(name)),
        });
    }
    add_line(text, "names", &format!("separate = [{}]", quote(name)))
}

/// Adds a line right under the `[section]` header, or the section at the end of the file.
fn add_line(text: &str, section: &str, line: &str) -> Option<Insert> {
    let root = DeTable::parse(text).ok()?;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let Some((key, _)) = root.get_ref().get_key_value(section) else {
        // A blank line before the new section; the last line may need its end first.
        let lead = if text.is_empty() {
            String::new()
        } else if text.ends_with('\n') {
            newline.to_string()
        } else {
            newline.repeat(2)
        };
        return Some(Insert {
            offset: text.len(),
            text: format!("{lead}[{section}]{newline}{line}{newline}"),
        });
    };
    // Only a `[section]` header is edited: not a dotted key or an inline table.
    let key_start = key.span().start;
    let line_start = text.get(..key_start)?.rfind('\n').map_or(0, |at| at + 1);
    if !text
        .get(line_start..key_start)?
        .trim_start()
        .starts_with('[')
    {
        return None;
    }
    let end = text
        .get(key_start..)?
        .find('\n')
        .map_or(text.len(), |at| key_start + at + 1);
    let lead = if end == text.len() && !text.ends_with('\n') {
        newline
    } else {
        ""
    };
    Some(Insert {
        offset: end,
        text: format!("{lead}{line}{newline}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, insert: Option<Insert>) -> String {
        let insert = insert.expect("an edit");
        let mut out = text.to_string();
        out.insert_str(insert.offset, &insert.text);
        assert!(crate::config::parse(&out).config.is_some(), "{out}");
        out
    }

    #[test]
    fn spellings_go_under_their_header_or_in_a_new_section() {
        let text = "[checks]\nunclosed-quote = \"error\"\n\n[spellings]\n\"Kyiv\" = \"Kiev\"\n";
        assert_eq!(
            apply(text, add_spelling(text, "Shoigu", "Shoygu")),
            "[checks]\nunclosed-quote = \"error\"\n\n[spellings]\n\"Shoigu\" = [\"Shoygu\"]\n\"Kyiv\" = \"Kiev\"\n"
        );
        assert_eq!(
            apply("", add_spelling("", "Shoigu", "Shoygu")),
            "[spellings]\n\"Shoigu\" = [\"Shoygu\"]\n"
        );
        let text = "[checks]\nunclosed-quote = \"error\"";
        assert_eq!(
            apply(text, add_spelling(text, "A\"b", "C")),
            "[checks]\nunclosed-quote = \"error\"\n\n[spellings]\n\"A\\\"b\" = [\"C\"]\n"
        );
        assert!(add_spelling("spellings = { \"A\" = \"B\" }\n", "C", "D").is_none());
        assert!(add_spelling("[broken\n", "C", "D").is_none());
    }

    #[test]
    fn separate_names_join_the_list_or_start_it() {
        let text = "[names]\nseparate = [\"Kellner\"]\n";
        assert_eq!(
            apply(text, add_separate(text, "Shoygu")),
            "[names]\nseparate = [\"Kellner\", \"Shoygu\"]\n"
        );
        let text = "[names]\nseparate = [\n  \"Kellner\",\n]\n";
        assert_eq!(
            apply(text, add_separate(text, "Shoygu")),
            "[names]\nseparate = [\n  \"Kellner\",\n\"Shoygu\"]\n"
        );
        let text = "[names]\nnot-names = [\"Breaking\"]\n";
        assert_eq!(
            apply(text, add_separate(text, "Shoygu")),
            "[names]\nseparate = [\"Shoygu\"]\nnot-names = [\"Breaking\"]\n"
        );
        let text = "[checks]\n";
        assert_eq!(
            apply(text, add_separate(text, "Shoygu")),
            "[checks]\n\n[names]\nseparate = [\"Shoygu\"]\n"
        );
    }
}
