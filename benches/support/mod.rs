//! Inputs shared by the benchmarks and the latency harness: the sample corpus, a generated news
//! draft, and a small seeded random number generator.

#![allow(
    dead_code,
    reason = "each bench target uses a different part of this module"
)]

use std::path::PathBuf;

/// A xorshift64* generator: deterministic, so every run replays the same edits and drafts.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A draft from the sample corpus beside the repository (`../shared/corpus/NAME`), or `None`
/// with a note on standard error when it is not there.
pub fn corpus(name: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(err) => {
            eprintln!("skipping {name}: cannot read {}: {err}", path.display());
            None
        }
    }
}

#[derive(Clone, Copy)]
struct Person {
    first: &'static str,
    last: &'static str,
    role: &'static str,
    /// A misspelling a reporter on deadline might type.
    slip: &'static str,
}

const PEOPLE: &[Person] = &[
    Person {
        first: "Amira",
        last: "Haddad",
        role: "the port authority's director",
        slip: "Hadad",
    },
    Person {
        first: "Tomasz",
        last: "Wieczorek",
        role: "a spokesman for the transport ministry",
        slip: "Wieczoreck",
    },
    Person {
        first: "Grace",
        last: "Okonkwo",
        role: "the union's regional secretary",
        slip: "Okonkow",
    },
    Person {
        first: "Luis",
        last: "Fernández",
        role: "the city's deputy mayor",
        slip: "Fernandez",
    },
    Person {
        first: "Ingrid",
        last: "Solberg",
        role: "an economist at the central bank",
        slip: "Solbergh",
    },
    Person {
        first: "Rashid",
        last: "Al-Mansouri",
        role: "the energy minister",
        slip: "Al-Mansoori",
    },
    Person {
        first: "Helen",
        last: "McAllister",
        role: "a shipping analyst in London",
        slip: "MacAllister",
    },
    Person {
        first: "Dmitri",
        last: "Volkov",
        role: "the opposition's budget spokesman",
        slip: "Volkoff",
    },
    Person {
        first: "Keiko",
        last: "Tanabe",
        role: "the chief executive of the freight operator",
        slip: "Tanabé",
    },
    Person {
        first: "Samuel",
        last: "Mensah",
        role: "a dock worker of 22 years",
        slip: "Mensa",
    },
];

const PLACES: &[&str] = &[
    "Rotterdam",
    "Gdańsk",
    "Lagos",
    "Valencia",
    "Bergen",
    "Abu Dhabi",
    "Felixstowe",
    "Tripoli",
    "Yokohama",
    "Tema",
];

const ORGS: &[&str] = &[
    "the European Commission",
    "the International Transport Workers' Federation",
    "the World Bank",
    "Maersk",
    "the port authority",
    "the harbour police",
    "the Ministry of Finance",
    "Reuters",
    "the Chamber of Shipping",
    "the U.N. trade agency",
];

const QUOTES: &[&str] = &[
    "We were told the cranes would be back by Monday, and nobody has seen an engineer since",
    "This is not a strike, it is a safety stop, and it will last exactly as long as it has to",
    "The numbers for March are worse than anything we modelled in the autumn",
    "If the ships go to Antwerp, they will not come back next year",
    "I have worked nights on this quay for two decades and I have never seen it this quiet",
    "Nobody wants a fight over pensions in the middle of an election",
    "We are ready to talk tomorrow morning, at any table, without conditions",
    "Every day of delay costs the region about 40 million euros",
    "The contract says ‘reasonable notice’, and two hours is not reasonable by anyone's reading",
    "It’s a question of trust now, not of money",
];

const PARAGRAPHS: &[&str] = &[
    "{P}, {R}, said on {D} that talks with {O} had stalled over overtime pay and the new shift rota.",
    "“{Q},” {S} told reporters outside the terminal gates in {C}.",
    "About {N} containers were waiting at anchor off {C} on {D}, according to figures from {O}, up from {M} a week earlier.",
    "{S} said the dispute could be settled within days if {O} agreed to an independent review of the rota. “{Q}.”",
    "Freight rates on the route rose {K} percent in a week, {P2} said. Shippers who had booked space in {C} were being offered slots in {C2} instead, at a surcharge.",
    "“{Q},” said {P}, {R}. “{Q2}.”",
    "The stoppage began at 6 a.m. on {D} when crane operators left their cabs after a near-miss on berth {K}. No one was hurt.",
    "In a statement, {O} said it “regretted the disruption” and had offered to meet the union’s negotiators in {C} on Thursday.",
    "{S2}, who has led the union’s side of the talks since {Y}, said members would vote on the offer next week.",
    "Analysts at {O} estimated the cost of the closure at ${N} million a day in delayed cargo, though {S} called that figure “a guess dressed up as a forecast.”",
    "The port handled {N},000 containers last year, making it the third-busiest on the coast after {C} and {C2}.",
    "“{Q},” {S2} said in a telephone interview. {S2} declined to say whether the government would intervene.",
    "Dr. {P} said the shipping lines had little room to reroute: “{Q}.”",
    "Mr. {S} and Ms. {S2} met for three hours on {D} without reaching an agreement, people familiar with the talks said.",
    "Trucks queued for {K} kilometres on the ring road into {C}, and police closed two exits to keep the motorway moving.",
    "The dispute is the latest in a series of stoppages at European ports since {Y}, when dock workers in {C} walked out over automation.",
    "{P2}, {R2}, said the government was “watching closely” but that wages were a matter for the employers and the union.",
    "Some exporters have already switched to rail. A fruit wholesaler in {C} said it had moved {K} refrigerated loads to the overnight train.",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const HEADLINES: &[&str] = &[
    "Port talks stall as ships queue off the coast",
    "Crane operators walk out after near-miss",
    "Freight rates climb as dispute enters second week",
    "Union to vote on offer as exporters turn to rail",
];

/// A Markdown news draft of about `words` words: wire copy with a headline, section headings,
/// attributed quotes, a few quotes left unattributed and a few names misspelled. Every
/// paragraph is built from templates written for this benchmark; the same seed gives the same
/// draft.
pub fn news_draft(words: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(words * 7);
    out.push_str("# ");
    out.push_str(rng.pick(HEADLINES));
    out.push_str("\n\n*By our correspondent*\n\n");
    let mut count = 0;
    let mut paragraphs = 0;
    while count < words {
        if paragraphs > 0 && paragraphs % 12 == 0 {
            out.push_str("## ");
            out.push_str(rng.pick(HEADLINES));
            out.push_str("\n\n");
        }
        let paragraph = fill(rng.pick(PARAGRAPHS), &mut rng);
        count += paragraph.split_whitespace().count();
        out.push_str(&paragraph);
        out.push_str("\n\n");
        paragraphs += 1;
    }
    out
}

fn fill(template: &str, rng: &mut Rng) -> String {
    let p = rng.pick(PEOPLE);
    let p2 = rng.pick(PEOPLE);
    // One surname in forty is misspelled.
    let last = |person: Person, rng: &mut Rng| {
        if rng.below(40) == 0 {
            person.slip
        } else {
            person.last
        }
    };
    let mut out = template.to_string();
    let mut replace = |key: &str, value: String| {
        out = out.replace(key, &value);
    };
    replace("{P2}", format!("{} {}", p2.first, p2.last));
    replace("{R2}", p2.role.to_string());
    replace("{S2}", last(p2, rng).to_string());
    replace("{P}", format!("{} {}", p.first, last(p, rng)));
    replace("{R}", p.role.to_string());
    replace("{S}", last(p, rng).to_string());
    replace("{C2}", rng.pick(PLACES).to_string());
    replace("{C}", rng.pick(PLACES).to_string());
    replace("{O}", rng.pick(ORGS).to_string());
    replace("{Q2}", rng.pick(QUOTES).to_string());
    replace("{Q}", rng.pick(QUOTES).to_string());
    replace("{D}", rng.pick(DAYS).to_string());
    replace("{N}", (120 + rng.below(880)).to_string());
    replace("{M}", (20 + rng.below(100)).to_string());
    replace("{K}", (2 + rng.below(18)).to_string());
    replace("{Y}", (2015 + rng.below(9)).to_string());
    out
}

/// A Markdown news draft of just over 1 MiB: several generated drafts, one after the other.
pub fn news_megabyte() -> String {
    let mut out = String::new();
    let mut seed = 100;
    while out.len() < 1 << 20 {
        out.push_str(&news_draft(10_000, seed));
        seed += 1;
    }
    out
}

/// About `bytes` bytes of plain text: the corpus drafts (or generated news when the corpus is
/// absent) repeated, byte-order marks removed, separated by blank lines.
pub fn concatenation(bytes: usize) -> String {
    let mut parts: Vec<String> = ["pride-and-prejudice.txt", "putin-libya.txt"]
        .iter()
        .copied()
        .filter_map(corpus)
        .map(|text| text.trim_start_matches('\u{feff}').to_string())
        .collect();
    parts.push(news_draft(10_000, 7));
    let mut out = String::with_capacity(bytes + 1_000_000);
    'fill: loop {
        for part in &parts {
            if out.len() >= bytes {
                break 'fill;
            }
            out.push_str(part);
            out.push_str("\n\n");
        }
    }
    out
}
