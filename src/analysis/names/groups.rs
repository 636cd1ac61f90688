//! Grouping spellings that are one name written differently, and choosing the preferred one.
//!
//! Candidates come from hashing transliteration keys and their one-deletion neighbours, so the
//! work grows with the number of distinct spellings, never with its square. A candidate pair
//! joins only when nothing says the two are different names: two gazetteer names, a name and
//! its demonym (Argentina/Argentine), an ordinary word, a derived form (Libya/Libyan) or another
//! word-making ending (Buddhism/Buddhist), another language's words (Chine in a French phrase), a
//! particle written apart (Abou el/Aboul), a spelling near two words of one name, two people told
//! apart by their other names, or two full names each written twice or more.

use super::gazetteer::{Form, Kind, gazetteer};
use super::house::Rules;
use super::key::{
    deletions, is_all_caps, is_derived, is_latin, key, letters, with_folded, within_edits,
};
use super::mentions::is_particle;
use super::words::is_word;
use super::{NameIndex, Spelling};
use memchr::memmem;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::hash::BuildHasher;

/// Why a group's preferred spelling was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preference {
    /// The built-in gazetteer spells it so.
    Gazetteer,
    /// The house style sheet spells it so: a preferred spelling, or a word of the name or an
    /// alias of a person or organisation it lists.
    StyleSheet,
    /// The draft spells it so most often.
    Majority,
    /// Equally often as another spelling, and used first.
    FirstUse,
}

/// Spellings that are one name, and the one to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Spellings in the draft, as indexes into [`NameIndex::spellings`], most used first.
    pub members: Vec<usize>,
    /// The spelling to use; it may be a gazetteer spelling the draft never writes.
    pub preferred: String,
    /// The preferred spelling among [`Group::members`], when the draft writes it.
    pub preferred_spelling: Option<usize>,
    pub reason: Preference,
    /// The gazetteer entry the group is a name or demonym of.
    pub entry: Option<super::gazetteer::EntryId>,
}

/// Spellings that take part in grouping: not acronyms or all-capital headlines, not ordinary
/// words unless the gazetteer knows them as names (Turkey, Jordan), and not written in a script
/// other than Latin; a variant the style sheet lists always, a name it keeps separate never.
fn eligible(s: &Spelling, rules: &Rules) -> bool {
    if rules.is_separate(&s.text) {
        return false;
    }
    let plain_word = s.ordinary_word && s.known.is_empty();
    rules.preferred_for(&s.text).is_some()
        || !(is_all_caps(&s.text) || s.folded.is_empty() || plain_word || !is_latin(&s.text))
}

/// The hash buckets a spelling is filed under to find its look-alikes: its folded form and, with
/// five letters or more, its transliteration key and its one-deletion neighbours.
pub(super) fn bucket_keys(folded: &str, key: &str) -> Vec<String> {
    let mut out = vec![folded.to_string()];
    if letters(folded) >= 5 {
        out.push(key.to_string());
        out.extend(deletions(folded));
    }
    out
}

/// One of the buckets of [`bucket_keys`], named without building its string.
#[derive(Debug, Clone, Copy)]
enum Bucket {
    Folded,
    Key,
    /// The folded spelling without the character at this byte offset.
    Deletion(usize),
}

impl Bucket {
    /// The buckets of a spelling, as [`bucket_keys`] lists them.
    fn all(s: &Spelling) -> impl Iterator<Item = Bucket> + '_ {
        let more = letters(&s.folded) >= 5;
        let deletions = s
            .folded
            .char_indices()
            .map(|(i, _)| Bucket::Deletion(i))
            .filter(move |_| more);
        std::iter::once(Bucket::Folded)
            .chain(more.then_some(Bucket::Key))
            .chain(deletions)
    }

    /// The bucket's string for a spelling, built in `buf` when it is a deletion.
    fn text<'a>(self, s: &'a Spelling, buf: &'a mut String) -> &'a str {
        match self {
            Bucket::Folded => &s.folded,
            Bucket::Key => &s.key,
            Bucket::Deletion(at) => {
                let width = s.folded.get(at..).and_then(|r| r.chars().next());
                buf.clear();
                buf.push_str(s.folded.get(..at).unwrap_or(""));
                buf.push_str(
                    s.folded
                        .get(at + width.map_or(0, char::len_utf8)..)
                        .unwrap_or(""),
                );
                buf
            }
        }
    }
}

/// Whether two spellings look like one name: equal once folded, or, when one has five letters
/// or more and neither fewer than four, equal transliteration keys or one edit apart.
fn similar(a: &Spelling, b: &Spelling) -> bool {
    similar_forms((&a.folded, &a.key), (&b.folded, &b.key))
}

/// [`similar`] on (folded, key) pairs.
fn similar_forms(a: (&str, &str), b: (&str, &str)) -> bool {
    if a.0 == b.0 {
        return true;
    }
    let (la, lb) = (letters(a.0), letters(b.0));
    let short = la.min(lb) < 4 || la.max(lb) < 5;
    !short && (a.1 == b.1 || within_edits(a.0, b.0, 1))
}

struct Context<'t> {
    /// The other name words written with each spelling (Khalifa for Haftar), folded and keyed,
    /// in this draft and in the story's other drafts: borrowed from the index, but for the keys
    /// of the other drafts' words.
    companions: BySpelling<(&'t str, Cow<'t, str>)>,
    /// How often each spelling is written as part of a name of several words.
    in_full_names: Vec<usize>,
    /// Pairs of spellings written in the same mention.
    together: FxHashSet<(usize, usize)>,
    /// Whether each spelling, or one equal to it once folded, is written as a place in the
    /// draft (in Valencia).
    /// Worked out for a spelling the first time a pair asks, like `foreign`.
    place_use: Vec<OnceCell<bool>>,
    /// Every folded form, with the first spelling folded so.
    folded: FxHashMap<&'t str, usize>,
    /// The next spelling folded as each one is.
    same_folded: Vec<Option<usize>>,
    /// Whether every use of each spelling is in another language's words: a short phrase or
    /// sentence mostly of words that are not English (\"Chine en deuil\", *Zajedno pokrenimo
    /// Srbiju*), or a name joined by such a word (Office International des Epizooties).
    /// Worked out for a spelling the first time a pair asks, since reading the text around
    /// every use costs more than the rest of the grouping.
    foreign: Vec<OnceCell<bool>>,
    /// Whether every use of each spelling comes just before an article particle (Abou el
    /// Fotouh); worked out like `foreign`.
    before_article: Vec<OnceCell<bool>>,
    text: &'t str,
    /// The spellings written in the same mention as each spelling.
    partners: BySpelling<usize>,
}

/// A list for each spelling, the lists one after the other: what a `Vec` per spelling holds,
/// without an allocation for each.
struct BySpelling<T> {
    /// Where the list of each spelling starts in `items`, and where the last one ends.
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T> BySpelling<T> {
    /// The lists of `n` spellings from (spelling, item) pairs in any order: each item is placed
    /// in its spelling's list by counting, without sorting or comparing items. Within a list the
    /// items keep the order they are given in.
    fn new(n: usize, pairs: Vec<(usize, T)>) -> BySpelling<T> {
        let mut starts = vec![0; n + 1];
        for &(s, _) in &pairs {
            if let Some(count) = starts.get_mut(s + 1) {
                *count += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(starts[n]).collect();
        let mut next = starts.clone();
        for (s, item) in pairs {
            if let Some(at) = next.get_mut(s)
                && let Some(slot) = slots.get_mut(*at)
            {
                *slot = Some(item);
                *at += 1;
            }
        }
        BySpelling {
            starts,
            items: slots.into_iter().flatten().collect(),
        }
    }
}

impl<T> std::ops::Index<usize> for BySpelling<T> {
    type Output = [T];

    fn index(&self, s: usize) -> &[T] {
        let (Some(&start), Some(&end)) = (self.starts.get(s), self.starts.get(s + 1)) else {
            return &[];
        };
        self.items.get(start..end).unwrap_or(&[])
    }
}

/// Whether the word before `start` is "in": the name after it is a place (in Valencia).
fn after_in(text: &str, start: usize) -> bool {
    // Most names follow a space and a word that does not end in "n": the bytes tell that
    // without reading characters.
    let last = text.as_bytes().get(..start).and_then(|before| {
        before
            .iter()
            .rev()
            .find(|&&b| !matches!(b, b' ' | b'*' | b'_' | b'['))
    });
    if let Some(&b) = last
        && b.is_ascii_graphic()
        && b != b'n'
    {
        return false;
    }
    let before = text.get(..start).unwrap_or("");
    let before =
        before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '['));
    // The last word is "in": the text ends so, with no letter right before.
    before
        .strip_suffix("in")
        .is_some_and(|rest| !rest.chars().next_back().is_some_and(char::is_alphabetic))
}

fn context<'t>(index: &'t NameIndex, text: &'t str) -> Context<'t> {
    let n = index.spellings.len();
    // Each (spelling, companion's folded form, its key when the index holds it), each two
    // spellings once; sorted and deduplicated by folded form into the lists below.
    let mut companions: Vec<(usize, &'t str, Option<&'t str>)> = Vec::new();
    let mut in_full_names = vec![0; n];
    let mut together = FxHashSet::default();
    let mut folded: FxHashMap<&'t str, usize> =
        FxHashMap::with_capacity_and_hasher(n, FxBuildHasher);
    let mut same_folded = vec![None; n];
    for (id, s) in index.spellings.iter().enumerate().rev() {
        same_folded[id] = folded.insert(s.folded.as_str(), id);
    }
    for (id, spelling) in index.spellings.iter().enumerate() {
        for elsewhere in &spelling.elsewhere {
            in_full_names[id] += elsewhere.in_full_names;
            for companion in &elsewhere.companions {
                companions.push((id, companion, None));
            }
        }
    }
    for mention in &index.mentions {
        let parts = index.parts_of(mention);
        if parts.len() < 2 {
            continue;
        }
        for a in parts {
            in_full_names[a.spelling] += 1;
            for b in parts {
                if a.spelling == b.spelling {
                    continue;
                }
                // Each two spellings are listed as companions of each other once, when they
                // are first met together.
                if together.insert((a.spelling.min(b.spelling), a.spelling.max(b.spelling))) {
                    let (sa, sb) = (&index.spellings[a.spelling], &index.spellings[b.spelling]);
                    companions.push((a.spelling, &sb.folded, Some(&sb.key)));
                    companions.push((b.spelling, &sa.folded, Some(&sa.key)));
                }
            }
        }
    }
    // Each pair of spellings of this draft is listed once; a word folded as another one listed
    // with the same spelling may be listed again, which changes no answer (the lists are only
    // asked whether they are empty and whether any of their words is alike), so the lists are
    // neither sorted nor deduplicated. A key is worked out only for a word of another draft.
    let companions = BySpelling::new(
        n,
        companions
            .into_iter()
            .map(|(s, folded, known)| {
                let key = known.map_or_else(|| Cow::Owned(key(folded)), Cow::Borrowed);
                (s, (folded, key))
            })
            .collect(),
    );
    let partners: Vec<(usize, usize)> = together
        .iter()
        .flat_map(|&(a, b)| [(a, b), (b, a)])
        .collect();
    let partners = BySpelling::new(n, partners);
    Context {
        companions,
        in_full_names,
        together,
        place_use: vec![OnceCell::new(); n],
        folded,
        same_folded,
        foreign: vec![OnceCell::new(); n],
        before_article: vec![OnceCell::new(); n],
        text,
        partners,
    }
}

impl Context<'_> {
    /// Whether spelling `s`, or one folded as it is, is written as a place (see `place_use`).
    fn place_use(&self, index: &NameIndex, s: usize) -> bool {
        *self.place_use[s].get_or_init(|| {
            let first = index
                .spellings
                .get(s)
                .and_then(|sp| self.folded.get(sp.folded.as_str()).copied());
            std::iter::successors(first, |&t| self.same_folded[t]).any(|t| {
                index.spellings[t]
                    .parts
                    .iter()
                    .filter_map(|&p| index.parts.get(p))
                    .any(|p| after_in(self.text, p.span().start))
            })
        })
    }

    /// Whether every use of spelling `s` is in another language's words (see `foreign`).
    fn foreign(&self, index: &NameIndex, s: usize) -> bool {
        *self.foreign[s].get_or_init(|| {
            every_use(index, s, |p| {
                in_foreign_words(self.text, p.span().start, p.span().end)
            })
        })
    }

    /// Whether every use of spelling `s` comes just before an article particle.
    fn before_article(&self, index: &NameIndex, s: usize) -> bool {
        *self.before_article[s].get_or_init(|| {
            every_use(index, s, |p| {
                before_article_particle(self.text, p.word_span().end)
            })
        })
    }
}

/// Whether spelling `s` is used only in this draft, and `test` holds for every use.
fn every_use(index: &NameIndex, s: usize, test: impl Fn(&super::Part) -> bool) -> bool {
    let s = &index.spellings[s];
    s.elsewhere_count() == 0
        && !s.parts.is_empty()
        && s.parts.iter().filter_map(|&p| index.parts.get(p)).all(test)
}

/// How far either side of a name its language is judged, in bytes.
const LANGUAGE_WINDOW: usize = 600;

/// Where the first character that bounds a phrase ([`bound_at`]) starts in `bytes` (UTF-8):
/// each of them has one encoding, and no other character's encoding contains it, so the bytes tell without
/// decoding characters.
fn phrase_bound(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len()).find(|&i| bound_at(bytes, i).is_some())
}

/// Where the last character that bounds a phrase ([`bound_at`]) ends in `bytes` (UTF-8), read as
/// [`phrase_bound`] reads.
fn phrase_bound_end(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len())
        .rev()
        .find_map(|i| bound_at(bytes, i).map(|width| i + width))
}

/// The width of the character that starts at byte `i`, if it is one that bounds the stretch of
/// text a name's language is judged on, besides paragraph ends: a quotation mark or bracket
/// (`"` `“` `”` `„` `«` `»` `(` `)` `[` `]`).
fn bound_at(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i..)? {
        [b'"' | b'(' | b')' | b'[' | b']', ..] => Some(1),
        // “ ” „
        [0xE2, 0x80, 0x9C..=0x9E, ..] => Some(3),
        // « »
        [0xC2, 0xAB | 0xBB, ..] => Some(2),
        _ => None,
    }
}

/// The lower-case words of `phrase` that are English and that are not: hashtags, handles,
/// addresses, numbers, one-letter words and words with apostrophes are left out.
fn english_and_not(phrase: &str) -> (usize, usize) {
    let mut counts = (0, 0);
    for token in phrase.split_whitespace() {
        if token.contains(['@', '#', '/', '\'', '’']) {
            continue;
        }
        let word = token.trim_matches(|c: char| !c.is_alphabetic());
        let lower = word.chars().next().is_some_and(char::is_lowercase);
        if !lower || word.chars().count() < 2 || !word.chars().all(char::is_alphabetic) {
            continue;
        }
        if with_folded(word, is_word) {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    counts
}

/// Whether the name at `start..end` is written in another language's words: its sentence (or,
/// when the sentence has fewer than three lower-case words, the quotation, brackets or line
/// around it) has at least two lower-case words that are not English and more of them than
/// English ones (\"Chine en deuil\"; *Zajedno pokrenimo Srbiju.* in a Serbian quotation); or
/// it follows two capitalised words and a lower-case joining word that is neither English nor a
/// particle of people's names (Office International des Epizooties, but Charles de Gaulle).
fn in_foreign_words(text: &str, start: usize, end: usize) -> bool {
    // The text judged is at most `LANGUAGE_WINDOW` bytes either side, so that the work per name
    // stays small in a long paragraph.
    let lo = text.floor_char_boundary(start.saturating_sub(LANGUAGE_WINDOW));
    let hi = text.ceil_char_boundary(end.saturating_add(LANGUAGE_WINDOW));
    let before = text.get(lo..start).unwrap_or("");
    let after = text.get(end..hi).unwrap_or("");
    let (bytes_before, bytes_after) = (before.as_bytes(), after.as_bytes());
    let blank_line_after = [&b"\n\n"[..], b"\n\r\n"]
        .iter()
        .filter_map(|b| memmem::rfind(bytes_before, b))
        .max();
    let paragraph_from = blank_line_after.map_or(lo, |i| lo + i + 2);
    let paragraph_to = end
        + [&b"\n\n"[..], b"\r\n\r\n"]
            .iter()
            .filter_map(|b| memmem::find(bytes_after, b))
            .min()
            .unwrap_or(after.len());
    let from = phrase_bound_end(bytes_before)
        .map_or(lo, |i| lo + i)
        .max(paragraph_from);
    let to = (end + phrase_bound(bytes_after).unwrap_or(after.len())).min(paragraph_to);
    let phrase = text.get(from..to).unwrap_or("");
    // Sentence ends are ASCII, so their bytes are never inside another character.
    let sentence_end = |b: &u8| matches!(b, b'.' | b'!' | b'?');
    let head = text.get(from..start).unwrap_or("");
    let tail = text.get(end..to).unwrap_or("");
    let sentence_from = head
        .as_bytes()
        .iter()
        .rposition(sentence_end)
        .map_or(from, |i| from + i + 1);
    let sentence_to = tail
        .as_bytes()
        .iter()
        .position(sentence_end)
        .map_or(to, |i| end + i);
    let sentence = text.get(sentence_from..sentence_to).unwrap_or("");
    let (mut english, mut other) = english_and_not(sentence);
    if english + other < 3 {
        (english, other) = english_and_not(phrase);
    }
    if other >= 2 && other > english {
        return true;
    }
    let mut words = head.split_whitespace().rev();
    let joiner = words.next().unwrap_or("");
    let capitalised = |w: Option<&str>| {
        w.and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    };
    joiner.chars().count() >= 2
        && joiner
            .chars()
            .all(|c| c.is_alphabetic() && c.is_lowercase())
        && !with_folded(joiner, is_word)
        && !is_particle(joiner)
        && capitalised(words.next())
        && capitalised(words.next())
}

/// Whether the word ending at `end` is followed by an article particle written apart (Abou el
/// Fotouh): the particle may belong to the word before it (Aboul Fotouh).
fn before_article_particle(text: &str, end: usize) -> bool {
    let after = text.get(end..).unwrap_or("");
    let rest = after.trim_start_matches([' ', '\u{a0}']);
    if rest.len() == after.len() {
        return false;
    }
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    word.eq_ignore_ascii_case("el") || word.eq_ignore_ascii_case("al")
}

/// Word-making endings of three letters or more (Buddhism, Buddhist, Buddhists; Darwinian):
/// one stem with two of them is two words, not a slip.
const WORD_ENDINGS: &[&str] = &[
    "isms", "ists", "ians", "ites", "ism", "ist", "ian", "ese", "ite",
];

/// A folded spelling split into its stem and word-making ending, if it has one.
fn split_ending(s: &str) -> Option<(&str, &'static str)> {
    WORD_ENDINGS
        .iter()
        .find_map(|&e| s.strip_suffix(e).map(|stem| (stem, e)))
}

/// Whether two folded spellings are one stem with two different word-making endings.
fn different_endings(a: &str, b: &str) -> bool {
    match (split_ending(a), split_ending(b)) {
        (Some((sa, ea)), Some((sb, eb))) => sa == sb && ea != eb && !sa.is_empty(),
        _ => false,
    }
}

/// Whether a spelling is known to the gazetteer only as one word of a longer name (Jose of San
/// Jose).
fn known_only_as_part(s: &Spelling) -> bool {
    !s.known.is_empty() && s.known.iter().all(|k| k.form == Form::Part)
}

/// Whether a spelling is the gazetteer's name of a place or its demonym, or a slip of one
/// (Lybia), so that a demonym ending marks a different word.
fn is_place_like(s: &Spelling) -> bool {
    let g = gazetteer();
    let place = |k: &super::gazetteer::Known| g.entry(k.entry).is_some_and(|e| e.kind.is_place());
    s.known.iter().any(place) || (!s.ordinary_word && g.near(&s.folded).iter().any(place))
}

/// Whether a spelling is the gazetteer's name of a place or organisation.
fn is_known_place_or_org(s: &Spelling) -> bool {
    let g = gazetteer();
    s.known.iter().any(|k| {
        g.entry(k.entry)
            .is_some_and(|e| e.kind.is_place() || e.kind == Kind::Organisation)
    })
}

/// Whether nothing says `a` and `b` are different names.
fn may_join(index: &NameIndex, cx: &Context<'_>, a: usize, b: usize) -> bool {
    let (sa, sb) = (&index.spellings[a], &index.spellings[b]);
    if !similar(sa, sb) {
        return false;
    }
    // Two spellings the style sheet uses are two names.
    if sa.house && sb.house {
        return false;
    }
    // Two names the gazetteer knows, unless they are spellings of one entry.
    if !sa.known.is_empty()
        && !sb.known.is_empty()
        && !sa
            .known
            .iter()
            .any(|x| sb.known.iter().any(|y| x.entry == y.entry))
    {
        return false;
    }
    // A name of the entry and its demonym (Argentina, Argentine) are two words of one entry.
    if !sa.known.is_empty()
        && !sb.known.is_empty()
        && !sa.known.iter().any(|x| {
            sb.known.iter().any(|y| {
                x.entry == y.entry && (x.form == Form::Demonym) == (y.form == Form::Demonym)
            })
        })
    {
        return false;
    }
    // One stem with two word-making endings (Buddhism, Buddhist) is two words.
    if different_endings(&sa.folded, &sb.folded) {
        return false;
    }
    // One spelling adds a hyphenated part to the other (Agni-V, Agni): another thing.
    if adds_hyphenated_part(&sa.text, &sb.text) {
        return false;
    }
    // A place, known or written as one in the draft, and its adjective (Valencia, Valencian).
    let place =
        is_place_like(sa) || is_place_like(sb) || cx.place_use(index, a) || cx.place_use(index, b);
    if is_derived(&sa.key, &sb.key, place) || is_derived(&sa.folded, &sb.folded, place) {
        return false;
    }
    // Two endings of one word the draft writes (Valencians, Valencianes: Valencian).
    let stem_len = sa
        .folded
        .char_indices()
        .zip(sb.folded.chars())
        .find(|((_, x), y)| x != y)
        .map_or(sa.folded.len().min(sb.folded.len()), |((i, _), _)| i);
    let stem = sa.folded.get(..stem_len).unwrap_or("");
    if cx.folded.contains_key(stem)
        && is_derived(stem, &sa.folded, place)
        && is_derived(stem, &sb.folded, place)
    {
        return false;
    }
    if cx.together.contains(&(a.min(b), a.max(b))) {
        return false;
    }
    let (ca, cb) = (&cx.companions[a], &cx.companions[b]);
    // Two people: each written with other names, none of them alike (Mark Kelly, Scott Kelley).
    if !ca.is_empty()
        && !cb.is_empty()
        && !ca
            .iter()
            .any(|x| cb.iter().any(|y| similar_forms((x.0, &x.1), (y.0, &y.1))))
    {
        return false;
    }
    // A person's name is not a slip of a place's (Jordon Hudson, Jordan).
    if (ca.is_empty() != cb.is_empty())
        && ((ca.is_empty() && is_known_place_or_org(sa))
            || (cb.is_empty() && is_known_place_or_org(sb)))
    {
        return false;
    }
    // A word of a longer gazetteer name (Jose of San Jose) is grouped only with spellings
    // written with the rest of that name: a lone Josue is another name.
    if (known_only_as_part(sa) && cb.is_empty()) || (known_only_as_part(sb) && ca.is_empty()) {
        return false;
    }
    // Two full names each written twice or more are two people.
    if cx.in_full_names[a] >= 2 && cx.in_full_names[b] >= 2 {
        return false;
    }
    // A spelling near two words of one name (Abuel, beside Abdel and Aboul in Abdel Moneim
    // Aboul Fotouh) could be a slip of either: no suggestion is sure.
    if ambiguous(index, cx, a, b) || ambiguous(index, cx, b, a) {
        return false;
    }
    // The tests that read the text around every use come last, for the pairs nothing else
    // told apart.
    // Another language's form, or a spelling only backed by another language's words
    // (Chine in a French phrase, Srbije and Srbiju in Serbian): not a slip of the English text.
    if cx.foreign(index, a) || cx.foreign(index, b) {
        return false;
    }
    // A particle written apart (Abou el Fotouh) beside one written on (Aboul Fotouh).
    let adds_l = |x: &Spelling, y: &Spelling| y.folded.strip_suffix('l') == Some(x.folded.as_str());
    !((adds_l(sa, sb) && cx.before_article(index, a))
        || (adds_l(sb, sa) && cx.before_article(index, b)))
}

/// Whether `a` is also within one edit, after transliteration, of a word written in one mention
/// with `b`: a slip of `b` or of that word.
fn ambiguous(index: &NameIndex, cx: &Context<'_>, a: usize, b: usize) -> bool {
    let sa = &index.spellings[a];
    cx.partners[b].iter().any(|&c| {
        let sc = &index.spellings[c];
        c != a
            && letters(&sc.folded) >= 4
            && (within_edits(&sa.key, &sc.key, 1) || within_edits(&sa.folded, &sc.folded, 1))
    })
}

/// Whether one spelling is the other with a hyphenated part before or after it.
fn adds_hyphenated_part(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let hyphen = |c: char| matches!(c, '-' | '\u{2010}' | '\u{2011}');
    let same = |part: &str| part.to_lowercase() == short.to_lowercase();
    long.split_once(hyphen).is_some_and(|(head, _)| same(head))
        || long.rsplit_once(hyphen).is_some_and(|(_, tail)| same(tail))
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Groups the spellings of `index` and records each spelling's group.
pub fn group(index: &mut NameIndex, rules: &Rules, text: &str) {
    for group in groups_of(index, rules, text) {
        let id = index.groups.len();
        for &m in &group.members {
            index.spellings[m].group = Some(id);
        }
        index.groups.push(group);
    }
}

/// The groups of the spellings of `index`, in the order of their first member.
fn groups_of(index: &NameIndex, rules: &Rules, text: &str) -> Vec<Group> {
    let n = index.spellings.len();
    let cx = context(index, text);
    let eligible: Vec<bool> = index.spellings.iter().map(|s| eligible(s, rules)).collect();
    // Every (spelling, bucket) filing of `bucket_keys`, with the filing before it under the same
    // hash; `last` holds the last filing under each hash. No bucket string is kept: a new filing
    // is compared with each one before it under its hash, so every two spellings that share a
    // bucket are tried once.
    // Sized for every filing at once (a spelling has at most its characters and two more), so
    // neither is grown while it is filled.
    let filings: usize = index
        .spellings
        .iter()
        .zip(&eligible)
        .filter(|&(_, &e)| e)
        .map(|(s, _)| s.folded.len() + 2)
        .sum();
    let mut filed: Vec<(usize, Bucket, Option<u32>)> = Vec::with_capacity(filings);
    let mut last: FxHashMap<u64, u32> = FxHashMap::with_capacity_and_hasher(filings, FxBuildHasher);
    let mut parent: Vec<usize> = (0..n).collect();
    let mut tried: FxHashSet<(usize, usize)> = FxHashSet::default();
    let (mut buf, mut other) = (String::new(), String::new());
    for (a, sa) in index.spellings.iter().enumerate() {
        if !eligible[a] {
            continue;
        }
        for bucket_a in Bucket::all(sa) {
            let Ok(at) = u32::try_from(filed.len()) else {
                break;
            };
            let text_a = bucket_a.text(sa, &mut buf);
            let before = last.insert(FxBuildHasher.hash_one(text_a), at);
            let mut earlier = before;
            while let Some(&(b, bucket_b, next)) = earlier.and_then(|i| filed.get(i as usize)) {
                earlier = next;
                if a == b || tried.contains(&(a.min(b), a.max(b))) {
                    continue;
                }
                // Equal hashes of different buckets are no reason to compare two spellings.
                if text_a != bucket_b.text(&index.spellings[b], &mut other) {
                    continue;
                }
                tried.insert((a.min(b), a.max(b)));
                if may_join(index, &cx, a, b) {
                    let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
            filed.push((a, bucket_a, before));
        }
    }
    // A listed variant joins its preferred spelling, however far apart they are (Kiev, Kyiv).
    for (id, s) in index.spellings.iter().enumerate() {
        if !eligible[id] {
            continue;
        }
        let Some(preferred) = rules.preferred_for(&s.text) else {
            continue;
        };
        if let Some(p) = index.spellings.iter().position(|p| p.text == preferred)
            && !rules.is_separate(preferred)
        {
            let (ra, rb) = (find(&mut parent, id), find(&mut parent, p));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    // Each spelling that takes part, by its component's root (its first spelling) and then in
    // order: the components one after the other, with no list or map of their own.
    let mut components: Vec<(usize, usize)> = Vec::with_capacity(n);
    for (id, s) in index.spellings.iter().enumerate() {
        // A preferred spelling that is an ordinary word still holds its variants.
        if eligible[id] || (s.house && !rules.is_separate(&s.text)) {
            components.push((find(&mut parent, id), id));
        }
    }
    components.sort_unstable();
    components
        .chunk_by(|a, b| a.0 == b.0)
        .filter_map(|component| {
            let members = component.iter().map(|&(_, id)| id).collect();
            make_group(index, &cx, rules, members)
        })
        .collect()
}

fn first_use(s: &Spelling, index: &NameIndex) -> usize {
    s.parts
        .first()
        .and_then(|&p| index.parts.get(p))
        .map_or(usize::MAX, |p| p.span().start)
}

/// Chooses the preferred spelling of a component; `None` when it needs no group.
fn make_group(
    index: &NameIndex,
    cx: &Context<'_>,
    rules: &Rules,
    mut members: Vec<usize>,
) -> Option<Group> {
    let spellings = &index.spellings;
    members.sort_by_key(|&m| {
        (
            std::cmp::Reverse(spellings[m].count()),
            first_use(&spellings[m], index),
        )
    });
    // The style sheet first: the preferred spelling of a listed variant, else a house word.
    let listed = members
        .iter()
        .find_map(|&m| rules.preferred_for(&spellings[m].text));
    if let Some(preferred) = listed {
        let preferred_spelling = members
            .iter()
            .copied()
            .find(|&m| spellings[m].text == preferred);
        return Some(Group {
            preferred: preferred.to_string(),
            preferred_spelling,
            reason: Preference::StyleSheet,
            entry: None,
            members,
        });
    }
    if let Some(m) = members.iter().copied().find(|&m| spellings[m].house) {
        return (members.len() > 1).then(|| Group {
            preferred: spellings[m].text.clone(),
            preferred_spelling: Some(m),
            reason: Preference::StyleSheet,
            entry: spellings[m].known.first().map(|k| k.entry),
            members,
        });
    }
    let mut entries: Vec<u32> = members
        .iter()
        .flat_map(|&m| spellings[m].known.iter().map(|k| k.entry))
        .collect();
    entries.sort_unstable();
    entries.dedup();
    if entries.len() > 1 && members.len() > 1 {
        // Members known as different names: nothing is certain, so no group.
        let shared = entries.iter().any(|&e| {
            members
                .iter()
                .filter(|&&m| !spellings[m].known.is_empty())
                .all(|&m| spellings[m].known.iter().any(|k| k.entry == e))
        });
        if !shared {
            return None;
        }
    }
    // The gazetteer's own spelling, then its accepted variants, each by count.
    let primary = members.iter().copied().find(|&m| {
        spellings[m]
            .known
            .iter()
            .any(|k| matches!(k.form, Form::Name | Form::Demonym))
    });
    let variant = members
        .iter()
        .copied()
        .find(|&m| !spellings[m].known.is_empty());
    if let Some(m) = primary.or(variant) {
        if members.len() < 2 {
            return None;
        }
        return Some(Group {
            preferred: spellings[m].text.clone(),
            preferred_spelling: Some(m),
            reason: Preference::Gazetteer,
            entry: spellings[m].known.first().map(|k| k.entry),
            members,
        });
    }
    // No member is known: a slip of a gazetteer place or organisation.
    if let Some((spelling, entry)) = gazetteer_correction(index, cx, &members) {
        return Some(Group {
            preferred: spelling.to_string(),
            preferred_spelling: None,
            reason: Preference::Gazetteer,
            entry: Some(entry),
            members,
        });
    }
    if members.len() < 2 {
        return None;
    }
    let top = members[0];
    let tie = spellings[members[1]].count() == spellings[top].count();
    Some(Group {
        preferred: spellings[top].text.clone(),
        preferred_spelling: Some(top),
        reason: if tie {
            Preference::FirstUse
        } else {
            Preference::Majority
        },
        entry: None,
        members,
    })
}

/// The one gazetteer place or organisation that all members are slips of, if there is one and
/// no member is written only in another language's words.
fn gazetteer_correction(
    index: &NameIndex,
    cx: &Context<'_>,
    members: &[usize],
) -> Option<(&'static str, u32)> {
    let g = gazetteer();
    let mut found: Option<(&'static str, u32)> = None;
    let plain = |m: usize| {
        let s = &index.spellings[m];
        !s.ordinary_word && letters(&s.folded) >= 5 && cx.companions[m].is_empty()
    };
    if !members.iter().all(|&m| plain(m)) {
        return None;
    }
    for &m in members {
        let s = &index.spellings[m];
        for k in g.near(&s.folded) {
            let Some(entry) = g.entry(k.entry) else {
                continue;
            };
            if !(entry.kind.is_place() || entry.kind == Kind::Organisation) || k.form == Form::Part
            {
                continue;
            }
            let known_fold = super::key::fold(k.spelling);
            // A lone word that differs from a known name in its first or last letter is far
            // more often another name (Dominic and Dominica, Donga and Tonga) than a slip.
            if known_fold.chars().next() != s.folded.chars().next()
                || known_fold.chars().last() != s.folded.chars().last()
            {
                continue;
            }
            let known_key = key(&known_fold);
            if is_derived(&known_key, &s.key, true) || is_derived(&known_fold, &s.folded, true) {
                continue;
            }
            // A spelling written three times or more is a habit, not a slip, unless it is
            // only a transliteration away.
            if s.count() >= 3 && known_key != s.key {
                continue;
            }
            match found {
                None => found = Some((k.spelling, k.entry)),
                Some((spelling, _)) if spelling == k.spelling => {}
                Some(_) => return None,
            }
        }
    }
    // Reading the text around every use costs more than the rest: only for a correction found.
    found.filter(|_| !members.iter().any(|&m| cx.foreign(index, m)))
}

#[cfg(test)]
mod tests {
    use super::{
        Bucket, bucket_keys, different_endings, in_foreign_words, phrase_bound, phrase_bound_end,
    };
    use crate::analysis::names::NameIndex;
    use crate::analysis::{Draft, Format};

    fn groups(text: &str) -> Vec<(Vec<String>, String)> {
        let idx = NameIndex::build(&Draft::new(text, Format::PlainText));
        idx.groups
            .iter()
            .map(|g| {
                (
                    g.members
                        .iter()
                        .map(|&m| idx.spellings[m].text.clone())
                        .collect(),
                    g.preferred.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn buckets_are_those_of_bucket_keys() {
        let idx = NameIndex::build(&Draft::new(
            "We met Haftar, Zoë Ågren and Al-Mismari in Kyiv.",
            Format::PlainText,
        ));
        let mut buf = String::new();
        for s in &idx.spellings {
            let built: Vec<String> = Bucket::all(s)
                .map(|b| b.text(s, &mut buf).to_string())
                .collect();
            assert_eq!(built, bucket_keys(&s.folded, &s.key), "{}", s.text);
        }
    }

    #[test]
    fn slips_join_their_name() {
        let g = groups("We saw Haftar. Then Haftar left. Later Hatfar came.");
        assert_eq!(
            g,
            vec![(vec!["Haftar".into(), "Hatfar".into()], "Haftar".into())]
        );
    }

    #[test]
    fn gazetteer_names_are_never_merged() {
        for text in [
            "in Iran and Iraq",
            "in Austria and Australia",
            "by Obama and Osama",
            "in Niger and Nigeria",
            "in Slovenia and Slovakia",
        ] {
            assert!(groups(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_lone_slip_of_a_known_place_is_corrected() {
        assert_eq!(
            groups("the war in Lybia goes on"),
            vec![(vec!["Lybia".into()], "Libya".into())]
        );
    }

    #[test]
    fn different_people_with_similar_surnames_stay_apart() {
        assert!(groups("Mark Kellner met Scott Kellnor. Kellner left, Kellnor stayed.").is_empty());
    }

    #[test]
    fn a_hyphenated_part_makes_another_name() {
        assert!(
            groups("India tested Agni V. Agni V flew far. Agni V landed. Agni-V is new.")
                .is_empty()
        );
    }

    #[test]
    fn a_place_written_as_one_keeps_its_adjective_and_its_endings() {
        let text = "They met in Valencia. Valencia voted. The Valencian parliament sat. \
                    Valencians marched. The Corts Valencianes met.";
        assert!(groups(text).is_empty());
        // Without a place use, a dropped last letter is still a slip.
        let g =
            groups("We saw Kipyegon win, then Kipyegon ran. Fans cheered Kipyegon and Kipyego.");
        assert_eq!(
            g,
            vec![(vec!["Kipyegon".into(), "Kipyego".into()], "Kipyegon".into())]
        );
    }

    fn foreign_at(text: &str, word: &str) -> bool {
        let start = text.find(word).unwrap_or(0);
        in_foreign_words(text, start, start + word.len())
    }

    #[test]
    fn names_in_another_language_s_words_are_told_apart() {
        assert!(foreign_at(
            "They call them \"Chine en deuil\" (mourning Chinas).",
            "Chine"
        ));
        assert!(foreign_at(
            "> Dragi sugrajdani, jedino sto je potrebno so PROMENE. Zajedno pokrenimo Srbiju.",
            "Srbiju"
        ));
        assert!(foreign_at(
            "its French name Office International des Epizooties, beside the English",
            "Epizooties"
        ));
        // English sentences, and names joined by particles, are English text.
        assert!(!foreign_at("Shoes made in China are sold here.", "China"));
        assert!(!foreign_at(
            "They call them \"Chinese shoes\" here.",
            "Chinese"
        ));
        assert!(!foreign_at("Abdel Moneim Abou el Fotouh spoke.", "Fotouh"));
        assert!(!foreign_at("President Charles de Gaulle spoke.", "Gaulle"));
        // A blank line with CRLF ends the paragraph too, and only the text near the name counts.
        let crlf = format!(
            "{}\r\n\r\n> Zajedno pokrenimo Srbiju, jedino sto je potrebno.",
            "The English story goes on. ".repeat(100)
        );
        assert!(foreign_at(&crlf, "Srbiju"));
    }

    /// The characters that bound a phrase, read as characters.
    fn bounds_phrase(c: char) -> bool {
        matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '(' | ')' | '[' | ']')
    }

    #[test]
    fn phrase_bounds_read_on_bytes_are_those_read_on_characters() {
        for s in [
            "",
            "plain words",
            "a “quote” here",
            "« guillemets » and „low” ones",
            "dash — ellipsis … euro € and (brackets) [too] \"straight\"",
            "ü“ß»",
        ] {
            let first = s.find(bounds_phrase);
            let last_end = s
                .char_indices()
                .rev()
                .find(|&(_, c)| bounds_phrase(c))
                .map(|(i, c)| i + c.len_utf8());
            assert_eq!(phrase_bound(s.as_bytes()), first, "{s}");
            assert_eq!(phrase_bound_end(s.as_bytes()), last_end, "{s}");
        }
    }

    #[test]
    fn one_stem_with_two_endings_is_two_words() {
        assert!(different_endings("buddhism", "buddhist"));
        assert!(different_endings("marxists", "marxism"));
        assert!(!different_endings("buddhist", "budhist"));
        assert!(!different_endings("christian", "christan"));
    }

    #[test]
    fn a_particle_written_apart_is_not_a_slip() {
        let g = groups("Aboul Fotouh spoke. Aboul Fotouh left. Then Abou el Fotouh came back.");
        assert!(g.is_empty(), "{g:?}");
    }
}
