//! Development aid: extracted paragraphs not in the reference (`+`) and
//! reference paragraphs not extracted (`-`) for pages whose key starts with
//! the given prefix. `… --example diff_page -- DIR PREFIX`
use unspun_extract::eval::{score, tokens};
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap());
    let prefix = args.next().unwrap();
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json")).unwrap())
            .unwrap();
    for (key, entry) in truth.as_object().unwrap() {
        if !key.starts_with(&prefix) {
            continue;
        }
        let gold = entry["articleBody"].as_str().unwrap();
        let bytes = std::fs::read(dir.join("html").join(format!("{key}.html.gz"))).unwrap();
        let a = unspun_extract::extract_bytes(&bytes, None, None).unwrap();
        println!("== {} {:?}", entry["url"], score(&a.body, gold));
        println!(
            "title {:?} authors {:?} published {:?} url {:?} site {:?} lang {:?} note {:?}",
            a.title, a.authors, a.published, a.url, a.site_name, a.language, a.note
        );
        let gold_norm = tokens(gold).join(" ");
        let body_norm = tokens(&a.body).join(" ");
        for para in a.body.split("\n\n") {
            let t = tokens(para).join(" ");
            if !t.is_empty() && !gold_norm.contains(&t) {
                println!("+ {}", para.chars().take(200).collect::<String>());
            }
        }
        for para in gold.split('\n') {
            let t = tokens(para).join(" ");
            if !t.is_empty() && !body_norm.contains(&t) {
                println!("- {}", para.chars().take(200).collect::<String>());
            }
        }
    }
}
