//! Accuracy of `name-spelling` on news-style stories written for this test
//! (`tests/data/name-spelling-stories.txt`): every single-letter slip (a swap, a dropped,
//! doubled or changed letter) injected into a name the story uses three times or more must be
//! flagged with the right suggestion at least 90% of the time, and the clean stories must get no
//! flag. The numbers are printed with `cargo test -- --nocapture` and reported in the check's
//! documentation.

use copydesk::analysis::{Format, Settings, analyze};

/// The names each story uses three times or more, in story order.
const NAMES: &[&[&str]] = &[
    &["Starmer", "Merz"],
    &["Kipyegon", "Sang"],
    &["Gutiérrez"],
    &["Prabowo", "Subianto"],
    &["Pokrovsk", "Syrskyi"],
    &["Magaji", "Kano"],
    &["Boric", "Marcel"],
    &["Ishiba"],
    &["Omdurman", "Burhan", "Dagalo"],
    &["Erdogan", "Putin"],
    &["Orban", "Leyen"],
    &["Lula", "Silva"],
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slip {
    Swap,
    Drop,
    Double,
    Change,
}

const SLIPS: [Slip; 4] = [Slip::Swap, Slip::Drop, Slip::Double, Slip::Change];

/// Every variant of `name` with one slip of this kind, at every position, its first letter a
/// capital.
fn slips(name: &str, slip: Slip) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let mut c = chars.clone();
        match slip {
            Slip::Swap if i + 1 < c.len() => c.swap(i, i + 1),
            Slip::Swap => continue,
            Slip::Drop => {
                c.remove(i);
            }
            Slip::Double => c.insert(i, chars[i]),
            Slip::Change => {
                let next = match chars[i] {
                    'z' => 'a',
                    'Z' => 'A',
                    ch if ch.is_ascii_alphabetic() => (ch as u8 + 1) as char,
                    _ => 'e',
                };
                c[i] = next;
            }
        }
        // A typist capitalises the first letter typed, whatever it is.
        let lower: String = c.into_iter().collect::<String>().to_lowercase();
        let mut letters = lower.chars();
        let variant: String = letters
            .next()
            .map(|first| first.to_uppercase().chain(letters).collect())
            .unwrap_or_default();
        if variant != name && !out.contains(&variant) {
            out.push(variant);
        }
    }
    out
}

/// Byte offsets where `name` stands as a word of its own.
fn occurrences(text: &str, name: &str) -> Vec<usize> {
    text.match_indices(name)
        .filter(|&(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
        })
        .map(|(at, _)| at)
        .collect()
}

fn stories() -> Vec<String> {
    include_str!("data/name-spelling-stories.txt")
        .split("\n\n")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

struct Tally {
    tried: usize,
    caught: usize,
    tried_long: usize,
    caught_long: usize,
    misses: Vec<String>,
}

fn measure() -> Tally {
    let stories = stories();
    assert_eq!(stories.len(), NAMES.len(), "one list of names per story");
    let mut tally = Tally {
        tried: 0,
        caught: 0,
        tried_long: 0,
        caught_long: 0,
        misses: Vec::new(),
    };
    for (story, names) in stories.iter().zip(NAMES) {
        for name in *names {
            let places = occurrences(story, name);
            assert!(places.len() >= 3, "{name} is used {} times", places.len());
            let at = places[places.len() - 1];
            for slip in SLIPS {
                for variant in slips(name, slip) {
                    let text = format!("{}{}{}", &story[..at], variant, &story[at + name.len()..]);
                    let analysis = analyze(&text, Format::PlainText, &Settings::default());
                    let caught = analysis.findings.iter().any(|f| {
                        f.code == "name-spelling"
                            && f.span.start <= at
                            && at < f.span.end
                            && f.suggestions.first().is_some_and(|s| s.contains(name))
                    });
                    let long = name.chars().count() >= 5;
                    tally.tried += 1;
                    tally.tried_long += usize::from(long);
                    if caught {
                        tally.caught += 1;
                        tally.caught_long += usize::from(long);
                    } else {
                        tally.misses.push(format!("{name} -> {variant} ({slip:?})"));
                    }
                }
            }
        }
    }
    tally
}

#[test]
fn clean_stories_get_no_name_spelling_flag() {
    for story in stories() {
        let analysis = analyze(&story, Format::PlainText, &Settings::default());
        let flags: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| f.code == "name-spelling")
            .map(|f| f.message.clone())
            .collect();
        assert!(flags.is_empty(), "{flags:?} in {story}");
    }
}

#[test]
fn single_letter_slips_in_names_used_three_times_are_caught() {
    let tally = measure();
    let rate = tally.caught as f64 / tally.tried as f64;
    let rate_long = tally.caught_long as f64 / tally.tried_long as f64;
    println!(
        "all names: {}/{} = {:.1}%; names of five letters or more: {}/{} = {:.1}%",
        tally.caught,
        tally.tried,
        rate * 100.0,
        tally.caught_long,
        tally.tried_long,
        rate_long * 100.0
    );
    println!("missed: {}", tally.misses.join(", "));
    assert!(rate >= 0.9, "caught {:.1}% of slips", rate * 100.0);
    assert!(
        rate_long >= 0.95,
        "caught {:.1}% of slips in longer names",
        rate_long * 100.0
    );
}
