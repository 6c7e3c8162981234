//! `unspun-dev techniques --articles --spans` on a tiny PTC-shaped fixture.

mod common;

use common::{arg, unspun_dev, write};

const ARTICLE: &str = "Traitors everywhere\n\n\
The corrupt, evil elites betrayed our great nation again!\n\
Officials met on Monday to discuss the budget.\n\
Is this really a coincidence? Nobody believes it.\n";

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let chars: Vec<char> = ARTICLE.chars().collect();
    let find = |phrase: &str| {
        let text: String = chars.iter().collect();
        let start = text[..text.find(phrase).unwrap()].chars().count();
        (start, start + phrase.chars().count())
    };
    let (a, b) = find("corrupt, evil elites");
    let (c, d) = find("Is this really a coincidence");
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::create_dir_all(dir.path().join("labels")).unwrap();
    write(&dir.path().join("articles"), "article7.txt", ARTICLE);
    write(
        &dir.path().join("labels"),
        "article7.labels",
        format!("7\tLoaded_Language\t{a}\t{b}\n7\tDoubt\t{c}\t{d}\n"),
    );
    write(
        dir.path(),
        "template.tsv",
        format!("7\t?\t{a}\t{b}\n7\t?\t{c}\t{d}\n"),
    );
    dir
}

#[test]
fn techniques_fills_in_a_template() {
    let dir = fixture();
    let run = unspun_dev(&[
        "techniques",
        "--articles",
        arg(&dir.path().join("articles")),
        "--spans",
        arg(&dir.path().join("template.tsv")),
    ]);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    let template = std::fs::read_to_string(dir.path().join("template.tsv")).unwrap();
    for (out, tpl) in lines.iter().zip(template.lines()) {
        let (o, t): (Vec<&str>, Vec<&str>) = (out.split('\t').collect(), tpl.split('\t').collect());
        assert_eq!((o[0], o[2], o[3]), (t[0], t[2], t[3]));
        assert_ne!(o[1], "?");
    }
}
