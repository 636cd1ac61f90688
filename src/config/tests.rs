//! Tests of parsing, validating and merging `copydesk.toml`.
use super::*;
#[test]
fn scratch() {
    for t in [
        "[checks]\nunclosed-quote = \"loud\"\n",
        "[checks]\nunclosed-quote = 3\n",
        "[[people]]\nnam = \"x\"\n",
        "[[people]]\naliases = [\"x\"]\n",
        "[people]\nname = \"x\"\n",
        "[spellings]\nShoigu = \"Shoygu\"\n",
        "[checks\n",
        "a = \nb = = 3\n[x]\n",
        "[bogus]\n[names]\nnot-name = [\"x\"]\n[files]\nskip=[\"a/{b\"]\n",
        "[checks]\nunclosed-quote = \"warning\"\nunclosed-quote = \"off\"\n",
        "[attribution]\nverbs = \"quipped\"\n",
    ] {
        let p = parse(t);
        println!("{t:?} -> ok={}", p.config.is_some());
        for e in &p.problems {
            println!(
                "   {:?} {:?} {:?} {}",
                e.severity,
                e.span,
                e.span.text(t),
                e.message
            );
        }
    }
}
