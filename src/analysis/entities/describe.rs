//! How the draft describes a person: the speaker phrase of a quote (`the spokesman for the
//! army, Ahmed Al-Mismari`), titles right before the name (`Russian Foreign Minister`), an
//! appositive before or after it (`the Syrian President, Bashar al-Assad`; `Kirill Semenov, an
//! independent Middle East expert,`), and a role noun the draft uses for the person next
//! (`an independent Middle East … According to the expert` gives `… expert`).

use crate::analysis::attribution::Attribution;
use crate::analysis::names::NameIndex;
use crate::analysis::names::gazetteer::{Form, gazetteer};
use crate::analysis::names::key::with_folded;
use crate::analysis::names::mentions::is_title;
use crate::analysis::{Draft, Span, TokenKind};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Nouns for what a person is, which head a description (compared in lower case).
const ROLE_NOUNS: &[&str] = &[
    "activist",
    "adviser",
    "advisor",
    "aide",
    "analyst",
    "author",
    "correspondent",
    "diplomat",
    "director",
    "economist",
    "editor",
    "executive",
    "expert",
    "founder",
    "head",
    "historian",
    "journalist",
    "lawyer",
    "leader",
    "member",
    "observer",
    "official",
    "officer",
    "politician",
    "researcher",
    "scholar",
    "scientist",
    "specialist",
    "spokesman",
    "spokesperson",
    "spokeswoman",
];

/// Forms of address, which say nothing about a person's role.
const ADDRESS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "dame", "madam",
];

/// Words that end an appositive search: a clause or a list goes on there.
const CLAUSE_BREAKS: &[&str] = &[
    "and", "or", "but", "who", "which", "that", "said", "says", "told", "when", "while",
];

/// How far an appositive or a role noun is looked for, in tokens.
const REACH: usize = 16;
const ROLE_REACH: usize = 120;

/// The most title words and demonyms read before a name (`Russian Deputy Foreign Minister`).
pub const TITLE_WORDS: usize = 6;

/// How many of a person's first mentions are searched for a description: a draft describes a
/// person when it introduces them.
const DESCRIBED_WITHIN: usize = 12;

/// The speakers of credited quotes, by the name mention in their phrase.
#[derive(Debug, Default)]
pub struct Speakers {
    /// Name mention to (speaker phrase, name span).
    by_mention: FxHashMap<usize, (Span, Span)>,
}

impl Speakers {
    pub fn contains(&self, mention: usize) -> bool {
        self.by_mention.contains_key(&mention)
    }
}

/// The name mention covering an offset.
fn mention_covering(names: &NameIndex, offset: usize) -> Option<usize> {
    let at = names.mentions.partition_point(|m| m.span().end <= offset);
    names
        .mentions
        .get(at)
        .filter(|m| m.span().contains(offset))
        .map(|_| at)
}

/// Each credited quote's speaker, by the name mention inside its phrase.
pub fn speaker_mentions(names: &NameIndex, attributions: &[Attribution]) -> Speakers {
    let mut speakers = Speakers::default();
    for attribution in attributions {
        let Some(speaker) = &attribution.speaker else {
            continue;
        };
        let Some(name) = speaker.name else {
            continue;
        };
        if let Some(mention) = mention_covering(names, name.start) {
            speakers
                .by_mention
                .entry(mention)
                .or_insert((speaker.phrase, name));
        }
    }
    speakers
}

/// The name mention of the person credited with a quote: the mention the speaker phrase stands
/// for, else the name in it.
pub fn speaker_mention(names: &NameIndex, attribution: &Attribution) -> Option<usize> {
    let speaker = attribution.speaker.as_ref()?;
    speaker
        .referent
        .and_then(|r| mention_covering(names, r.start))
        .or_else(|| speaker.name.and_then(|n| mention_covering(names, n.start)))
}

/// The first description the draft gives of a person with these name mentions, with where.
pub fn describe(
    draft: &Draft,
    names: &NameIndex,
    members: &[usize],
    speakers: &Speakers,
) -> Option<(Span, String)> {
    let text = draft.text;
    for &i in members.iter().take(DESCRIBED_WITHIN) {
        let Some(m) = names.mentions.get(i) else {
            continue;
        };
        if let Some(&(phrase, name)) = speakers.by_mention.get(&i) {
            let before = Span::new(phrase.start, name.start.max(phrase.start));
            if let Some(span) = trimmed(text, before).filter(|s| says_something(text, *s)) {
                let described = complete(draft, names, span, m.tokens().end);
                return Some((span, described));
            }
            let after = Span::new(name.end.min(phrase.end), phrase.end);
            if let Some(span) = trimmed(text, after).filter(|s| says_something(text, *s)) {
                return Some((span, normalise(span.text(text))));
            }
        }
        if let Some(span) = before_name(draft, m.tokens().start) {
            return Some((span, normalise(span.text(text))));
        }
        if let Some(span) = appositive_after(draft, m.tokens().end) {
            return Some((span, normalise(span.text(text))));
        }
    }
    None
}

/// A span without surrounding white space and commas; `None` when nothing is left.
fn trimmed(text: &str, span: Span) -> Option<Span> {
    let inner = span.text(text);
    let start_trim = inner.len() - inner.trim_start_matches([' ', ',', '\u{a0}', '\t']).len();
    let rest = &inner[start_trim..];
    let kept = rest.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    (!kept.is_empty()).then(|| {
        Span::new(
            span.start + start_trim,
            span.start + start_trim + kept.len(),
        )
    })
}

/// Whether a description has a word that is not a form of address.
fn says_something(text: &str, span: Span) -> bool {
    span.text(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| !is_lower_in(ADDRESS, w))
}

/// White space runs (no-break spaces, line breaks) as single spaces.
fn normalise(written: &str) -> String {
    written.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A description with no head noun (`an independent Middle East`) takes the role noun the
/// draft next uses for someone (`According to the expert`), before another full name.
fn complete(draft: &Draft, names: &NameIndex, span: Span, after: usize) -> String {
    let written = normalise(span.text(draft.text));
    let headed = written
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| is_role(w) || is_title(w));
    if headed {
        return written;
    }
    let end = (after + ROLE_REACH).min(draft.tokens.len());
    for t in after..end {
        let token = draft.tokens[t];
        let word = draft.token_text(t);
        if names
            .mentions
            .get(
                names
                    .mentions
                    .partition_point(|m| m.span().end <= token.span().start),
            )
            .is_some_and(|m| m.span().start == token.span().start && names.parts_of(m).len() > 1)
        {
            break;
        }
        if word.eq_ignore_ascii_case("the") {
            let noun = draft.token_text(t + 1);
            if noun.chars().all(char::is_lowercase) && is_role(noun) {
                return format!("{written} {noun}");
            }
        }
    }
    written
}

fn is_role(word: &str) -> bool {
    is_lower_in(ROLE_NOUNS, word)
}

/// Whether a word in lower case is one of `list` (lower-case ASCII words); an ASCII word is
/// compared without lowering it.
fn is_lower_in(list: &[&str], word: &str) -> bool {
    if word.is_ascii() {
        list.iter().any(|w| w.eq_ignore_ascii_case(word))
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

fn is_demonym(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && with_folded(word, |folded| {
            gazetteer().exact(folded).any(|k| k.form == Form::Demonym)
        })
}

/// The titles and demonyms written right before a name's first token (`Russian Foreign
/// Minister`, `field marshal`), as a token range; `None` when there are none.
pub fn title_run_before(draft: &Draft, first: usize) -> Option<Range<usize>> {
    let block = draft.tokens.get(first)?.block();
    let mut start = first;
    while let Some(prev) = start.checked_sub(1).filter(|&p| first - p <= TITLE_WORDS) {
        // The cheap tests first: most names follow a punctuation mark or a word that is no
        // title.
        let token = draft.tokens[prev];
        if token.block() != block || token.kind() != TokenKind::Word {
            break;
        }
        let word = draft.token_text(prev);
        if !(is_title(word) || is_demonym(word))
            || !draft.gap_before(prev + 1).chars().all(char::is_whitespace)
        {
            break;
        }
        start = prev;
    }
    (start < first).then_some(start..first)
}

/// A description right before a name: its titles (`Russian Foreign Minister`), or an
/// appositive ending in a comma that starts with an article and a title or role
/// (`the Secretary of the Security Council of Russia, Nikolai Patrushev`).
fn before_name(draft: &Draft, first: usize) -> Option<Span> {
    if let Some(run) = title_run_before(draft, first)
        && run.clone().any(|t| is_title(draft.token_text(t)))
    {
        return span_of(draft, run);
    }
    let comma = first.checked_sub(1)?;
    if draft.token_text(comma) != "," {
        return None;
    }
    let block = draft.tokens.get(comma)?.block();
    let lowest = comma.saturating_sub(REACH);
    let mut k = comma;
    while k > lowest {
        k -= 1;
        let token = draft.tokens[k];
        let word = draft.token_text(k);
        if token.block() != block
            || (token.kind() == TokenKind::Punct && word != "-")
            || CLAUSE_BREAKS.contains(&word)
        {
            return None;
        }
        if matches!(word, "the" | "a" | "an" | "The" | "A" | "An") {
            let mut head = k + 1;
            while head < comma && is_demonym(draft.token_text(head)) {
                head += 1;
            }
            let noun = draft.token_text(head);
            if head < comma && (is_title(noun) || is_role(noun)) {
                return span_of(draft, k..comma);
            }
        }
    }
    None
}

/// An appositive after a name: `, an independent Middle East expert,` (an article, then a title
/// or role noun within a few words, closed by a comma or the end of the sentence).
fn appositive_after(draft: &Draft, end: usize) -> Option<Span> {
    if draft.token_text(end) != "," {
        return None;
    }
    let start = end + 1;
    if !matches!(draft.token_text(start), "a" | "an" | "the") {
        return None;
    }
    let block = draft.tokens.get(start)?.block();
    let mut has_head = false;
    let limit = (start + REACH).min(draft.tokens.len());
    for k in start + 1..limit {
        let token = draft.tokens[k];
        let word = draft.token_text(k);
        if token.block() != block {
            return None;
        }
        if matches!(word, "," | "." | ";" | ")" | "—" | "–") {
            return if has_head {
                span_of(draft, start..k)
            } else {
                None
            };
        }
        if token.kind() == TokenKind::Punct && word != "-" || CLAUSE_BREAKS.contains(&word) {
            return None;
        }
        has_head |= is_role(word) || is_title(word);
    }
    None
}

fn span_of(draft: &Draft, tokens: Range<usize>) -> Option<Span> {
    let first = draft.tokens.get(tokens.start)?;
    let last = draft.tokens.get(tokens.end.checked_sub(1)?)?;
    Some(Span::new(first.span().start, last.span().end))
}
