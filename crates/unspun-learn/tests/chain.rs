//! A linear-chain tagger trained on a toy set: learning, determinism and
//! the quantised formats.

use unspun_learn::chain::{FeatureRows, FeatureSeq, LinearChain};
use unspun_learn::format::{self, ByteReader, Sparse};
use unspun_learn::hash::{bucket, fnv1a64, Fnv1a64};
use unspun_learn::perceptron::{ChainTrainer, MulticlassTrainer};

/// Tags: O, B-NAME, I-NAME.
const L: usize = 3;
const BITS: u32 = 10;

fn features(words: &[&str]) -> Vec<Vec<u32>> {
    (0..words.len())
        .map(|i| {
            let prev = if i == 0 { "<s>" } else { words[i - 1] };
            let h = |template: u8, s: &str| {
                Fnv1a64::new().byte(template).bytes(s.as_bytes()).finish() as u32
            };
            vec![h(0, ""), h(1, words[i]), h(2, prev), h(3, &words[i][..1])]
        })
        .collect()
}

/// Names follow "mr" or "ms": `B` on the first name word, `I` on the next
/// capitalised one.
fn toy() -> Vec<(Vec<Vec<u32>>, Vec<usize>)> {
    let sentences: [(&str, &[usize]); 6] = [
        ("mr Smith left", &[0, 1, 0]),
        ("we saw ms Anna Lee today", &[0, 0, 0, 1, 2, 0]),
        ("mr Jones met ms Park", &[0, 1, 0, 0, 1]),
        ("the Bank said no", &[0, 0, 0, 0]),
        ("ms Ruth Ross spoke", &[0, 1, 2, 0]),
        ("Rain fell", &[0, 0]),
    ];
    sentences
        .iter()
        .map(|(s, tags)| {
            let words: Vec<&str> = s.split(' ').collect();
            (features(&words), tags.to_vec())
        })
        .collect()
}

fn train(epochs: usize) -> LinearChain<L> {
    let data = toy();
    let mut trainer = ChainTrainer::<L>::new(BITS, 11);
    let mut last = None;
    for _ in 0..epochs {
        last = Some(trainer.epoch(&data));
    }
    let stats = last.expect("an epoch");
    assert_eq!(stats.tokens, 24);
    trainer.averaged()
}

#[test]
fn learns_the_toy_set_deterministically() {
    let model = train(10);
    for (feats, gold) in toy() {
        assert_eq!(model.decode(&feats), gold);
    }
    let unseen = ["ms", "Zoe", "Quinn", "arrived"];
    assert_eq!(model.decode(&features(&unseen)), vec![0, 1, 2, 0]);
    assert_eq!(train(10), model, "same data and seed, same weights");
}

#[test]
fn both_sparse_layouts_round_trip() {
    let model = train(10);
    let max = model.weights().iter().fold(0f32, |m, v| m.max(v.abs()));
    for (layout, q) in [(Sparse::I16, 32767.0), (Sparse::I8, 127.0)] {
        let mut bytes = Vec::new();
        model.write(&mut bytes, layout);
        let mut r = ByteReader::new(&bytes);
        let back = LinearChain::<L>::read(&mut r, layout).expect("reads back");
        assert!(r.is_at_end());
        assert_eq!(back.transitions(), model.transitions());
        let worst = model
            .weights()
            .iter()
            .zip(back.weights().iter())
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(worst <= max / q, "{layout:?}: quantisation error {worst}");
        for (feats, gold) in toy() {
            assert_eq!(back.decode(&feats), gold, "{layout:?}");
        }
        // Writing what was read gives the same bytes.
        let mut again = Vec::new();
        back.write(&mut again, layout);
        assert_eq!(again, bytes, "{layout:?}");
        for cut in [0, 3, 20, bytes.len() - 1] {
            assert!(
                LinearChain::<L>::read(&mut ByteReader::new(&bytes[..cut]), layout).is_err(),
                "{layout:?} cut at {cut}"
            );
        }
    }
    let mut bad_bits = Vec::new();
    LinearChain::<L>::new(4).write(&mut bad_bits, Sparse::I8);
    assert!(LinearChain::<L>::read(&mut ByteReader::new(&bad_bits), Sparse::I8).is_err());
}

#[test]
fn sparse_tables_keep_only_non_zero_rows() {
    // Rows 0 and 300 hold values; 300 needs a two-byte varint.
    let mut w = vec![0f32; 400 * 2];
    w[1] = -2.0;
    w[600] = 1.0;
    w[601] = 0.5;
    let mut bytes = Vec::new();
    format::write_sparse(&mut bytes, &w, 2, Sparse::I8);
    let scale = 2.0f32 / 127.0;
    let mut expected = scale.to_le_bytes().to_vec();
    expected.extend_from_slice(&2u32.to_le_bytes());
    expected.extend_from_slice(&[0, 0, (-127i8) as u8]);
    expected.extend_from_slice(&[0xac, 0x02, 64, 32]);
    assert_eq!(bytes, expected);
    let q = format::read_sparse_i8(&mut ByteReader::new(&bytes), 2, 400).unwrap();
    assert_eq!((q.values[1], q.values[600], q.values[601]), (-127, 64, 32));
    let mut bytes = Vec::new();
    format::write_sparse(&mut bytes, &w, 2, Sparse::I16);
    let back = format::read_sparse(&mut ByteReader::new(&bytes), 2, 400, Sparse::I16).unwrap();
    assert_eq!(back[1], -2.0);
    assert!((back[600] - 1.0).abs() < 1e-4 && (back[601] - 0.5).abs() < 1e-4);
    assert_eq!(back.iter().filter(|&&v| v != 0.0).count(), 3);
    assert!(format::read_sparse(&mut ByteReader::new(&bytes), 2, 300, Sparse::I16).is_err());
    // A non-finite scale is refused.
    let mut nan = f32::NAN.to_le_bytes().to_vec();
    nan.extend_from_slice(&0u32.to_le_bytes());
    assert!(format::read_sparse(&mut ByteReader::new(&nan), 2, 4, Sparse::I16).is_err());
}

#[test]
fn dense_i16_round_trips() {
    let w = [0.0f32, 1.0, -0.25, 0.75];
    let scale = format::scale_i16(&w);
    assert_eq!(scale, 1.0 / 32767.0);
    let mut bytes = Vec::new();
    format::write_dense_i16(&mut bytes, &w, scale);
    assert_eq!(bytes.len(), 8);
    let back = format::read_dense_i16(&mut ByteReader::new(&bytes), 4, scale).unwrap();
    for (a, b) in w.iter().zip(&back) {
        assert!((a - b).abs() <= scale);
    }
    assert!(format::read_dense_i16(&mut ByteReader::new(&bytes), 5, scale).is_err());
}

#[test]
fn feature_rows_decode_like_nested_lists() {
    let model = train(10);
    for (feats, gold) in toy() {
        let mut rows = FeatureRows::new();
        for row in &feats {
            rows.push_row(row.iter().copied());
        }
        assert_eq!(rows.len(), feats.len());
        assert_eq!(model.decode(&rows), gold);
    }
}

#[test]
fn multiclass_perceptron_learns_and_averages() {
    let f = |s: &str| bucket(fnv1a64(s.as_bytes()), BITS);
    let data: Vec<(Vec<u32>, usize)> = vec![
        (vec![f("good"), f("day")], 2),
        (vec![f("bad"), f("day")], 0),
        (vec![f("a"), f("day")], 1),
        (vec![f("good"), f("news")], 2),
        (vec![f("bad"), f("news")], 0),
    ];
    let run = || {
        let mut t = MulticlassTrainer::<3>::new(BITS, 5);
        let first = t.epoch(&data);
        for _ in 0..5 {
            t.epoch(&data);
        }
        assert!(first > 0);
        assert_eq!(t.epoch(&data), 0);
        t.averaged()
    };
    let w = run();
    let best = |fs: &[u32]| {
        let s = MulticlassTrainer::<3>::scores(&w, fs.iter().copied());
        (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap()
    };
    assert_eq!(best(&[f("good"), f("week")]), 2);
    assert_eq!(best(&[f("bad"), f("week")]), 0);
    assert_eq!(run(), w);
}
