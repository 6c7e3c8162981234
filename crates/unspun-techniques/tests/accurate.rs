//! The accurate tier: fine-tuning is deterministic and writes files that
//! load and run (on a random stand-in for the base network, so the test
//! needs no download), and the committed model finds techniques at
//! code-point offsets with explanations.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use unspun_core::{segment, Analyzer, Document};
use unspun_learn::rng::SplitMix;
use unspun_techniques::accurate::{
    model_dir, AccurateModel, SETTINGS_FILE, VOCAB_FILE, WEIGHTS_FILE,
};
use unspun_techniques::accurate_train::{train_accurate, AccurateTrainOptions};
use unspun_techniques::data::{parse_rows, Article};
use unspun_techniques::{FastModel, TechniquesStage, Tier, TECHNIQUES};

const TEXT: &str = "Défense: the “radical” mob’s treason!\n\n\
Señor Müller said the corrupt, evil regime is a disgrace and a total catastrophe. \
The radical mob wants to destroy our great nation — 北京 agrees. \
Do not trust these liars; they are traitors, traitors, traitors!\n";

/// A base network of MiniLM's shapes with seeded random weights.
fn random_base(dir: &Path) {
    let mut rng = SplitMix::new(11);
    let mut tensor = |shape: &[usize], scale: f32| {
        let n: usize = shape.iter().product();
        let v: Vec<f32> = (0..n)
            .map(|_| ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * scale)
            .collect();
        Tensor::from_vec(v, shape, &Device::Cpu).unwrap()
    };
    let mut t: HashMap<String, Tensor> = HashMap::new();
    t.insert(
        "embeddings.word_embeddings.weight".into(),
        tensor(&[30522, 384], 0.1),
    );
    t.insert(
        "embeddings.position_embeddings.weight".into(),
        tensor(&[512, 384], 0.1),
    );
    t.insert(
        "embeddings.token_type_embeddings.weight".into(),
        tensor(&[2, 384], 0.1),
    );
    let ones = |n: usize| Tensor::ones(n, DType::F32, &Device::Cpu).unwrap();
    let zeros = |n: usize| Tensor::zeros(n, DType::F32, &Device::Cpu).unwrap();
    t.insert("embeddings.LayerNorm.weight".into(), ones(384));
    t.insert("embeddings.LayerNorm.bias".into(), zeros(384));
    for l in 0..6 {
        let p = format!("encoder.layer.{l}.");
        for name in [
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
        ] {
            t.insert(format!("{p}{name}.weight"), tensor(&[384, 384], 0.1));
            t.insert(format!("{p}{name}.bias"), zeros(384));
        }
        t.insert(
            format!("{p}intermediate.dense.weight"),
            tensor(&[1536, 384], 0.1),
        );
        t.insert(format!("{p}intermediate.dense.bias"), zeros(1536));
        t.insert(
            format!("{p}output.dense.weight"),
            tensor(&[384, 1536], 0.05),
        );
        t.insert(format!("{p}output.dense.bias"), zeros(384));
        for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
            t.insert(format!("{p}{norm}.weight"), ones(384));
            t.insert(format!("{p}{norm}.bias"), zeros(384));
        }
    }
    candle_core::safetensors::save(&t, dir.join("model.safetensors")).unwrap();
    std::fs::copy(model_dir().join(VOCAB_FILE), dir.join("vocab.txt")).unwrap();
}

fn article(id: &str, text: &str, gold: &[(&str, &str)]) -> Article {
    let mut doc = Document::new(format!("article{id}"), text);
    segment::segment(&mut doc);
    let rows: String = gold
        .iter()
        .map(|(technique, phrase)| {
            let start = text[..text.find(phrase).unwrap()].chars().count();
            format!(
                "{id}\t{technique}\t{start}\t{}\n",
                start + phrase.chars().count()
            )
        })
        .collect();
    Article {
        id: id.to_string(),
        doc,
        gold: parse_rows(&rows, "fixture").unwrap(),
    }
}

#[test]
fn fine_tuning_is_deterministic_and_its_files_load() {
    let base = tempfile::tempdir().unwrap();
    random_base(base.path());
    let train = vec![
        article(
            "1",
            TEXT,
            &[
                ("Name_Calling,Labeling", "radical mob"),
                ("Loaded_Language", "disgrace"),
            ],
        ),
        article(
            "2",
            "Calm news.\n\nThe budget passed on Monday. Traitors everywhere!\n",
            &[("Loaded_Language", "Traitors everywhere")],
        ),
    ];
    let valid = vec![article(
        "3",
        "Title\n\nThe evil regime lies. Officials met.\n",
        &[("Loaded_Language", "evil regime")],
    )];
    let fast = FastModel::embedded().unwrap();
    let mut outputs = Vec::new();
    for _ in 0..2 {
        let out = tempfile::tempdir().unwrap();
        let options = AccurateTrainOptions {
            base: base.path().to_path_buf(),
            out_dir: out.path().to_path_buf(),
            epochs: 2,
            batch_size: 2,
            ..AccurateTrainOptions::default()
        };
        let model = train_accurate(&train, &valid, fast, &options, &mut |_| {}).unwrap();
        let spans = model.predict(fast, &valid[0].doc).unwrap();
        assert!(spans
            .iter()
            .all(|s| s.start < s.end && s.end <= valid[0].doc.char_len()));
        let settings: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.path().join(SETTINGS_FILE)).unwrap())
                .unwrap();
        assert_eq!(settings["info"]["tier"], "accurate");
        assert_eq!(settings["info"]["base_sha256"].as_str().unwrap().len(), 64);
        outputs.push(std::fs::read(out.path().join(WEIGHTS_FILE)).unwrap());
    }
    assert!(outputs[0] == outputs[1], "two runs wrote different weights");
}

#[test]
fn committed_accurate_model_marks_explained_spans_at_code_point_offsets() {
    let mut doc = Document::new("article42", TEXT);
    segment::segment(&mut doc);
    TechniquesStage::new(Tier::Accurate)
        .analyze(&mut doc)
        .expect("the committed accurate model runs");
    let layer = doc.layer("techniques").expect("a techniques layer");
    assert!(!layer.annotations.is_empty());
    let chars: Vec<char> = TEXT.chars().collect();
    for a in &layer.annotations {
        assert!(TECHNIQUES.contains(&a.label.as_str()));
        assert!(a.span.end <= chars.len());
        let text: String = chars[a.span.start..a.span.end].iter().collect();
        assert_eq!(doc.slice(a.span), text);
        assert!(!text.starts_with(' ') && !text.ends_with(' '));
        let c = a.confidence.unwrap();
        assert!((0.0..=1.0).contains(&c));
        assert!(a.explanation.as_deref().unwrap().contains(':'));
    }
    let model = AccurateModel::shared().unwrap();
    assert_eq!(model.settings.info["tier"], "accurate");
}
