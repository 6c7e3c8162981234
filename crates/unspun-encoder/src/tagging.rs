//! Token tagging on the shared trunk: a **tag tower** (fine-tuned copies of
//! the base network's layers above the trunk) with a softmax head that
//! gives every WordPiece a score per tag, how a document token takes its
//! first piece's log-probabilities, and the fine-tuning loop (trunk output
//! cached once, AdamW, warm-up then linear decay, seeded, no dropout).
//!
//! Tags follow the BIO convention of [`unspun_learn::chain`]: 0 is `O`, an
//! odd tag `2k + 1` is `B-X` and the even tag after it is `I-X`.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor, D};
use candle_nn::{Linear, Module, VarBuilder, VarMap};
use unspun_core::Span;
use unspun_learn::rng::SplitMix;

use crate::bert::{self, Layer, Mode};
use crate::tune::TowerOptimizer;
use crate::{Batch, Config, Piece, Trunk, TrunkStates, TRUNK_LAYERS};

/// A tower and its tag head.
#[derive(Debug, Clone)]
pub struct TagTower {
    layers: Vec<Layer>,
    head: Linear,
    tags: usize,
}

impl TagTower {
    /// Builds the tower from a var builder: `layers` encoder layers above
    /// the trunk (`encoder.layer.N.*`) and a head of `tags` outputs named
    /// `head_name.*`.
    pub fn load(
        vb: VarBuilder,
        layers: usize,
        tags: usize,
        head_name: &str,
    ) -> candle_core::Result<Self> {
        let config = Config::MINILM_L6;
        let top = (TRUNK_LAYERS + layers.max(1)).min(config.layers);
        Ok(Self {
            layers: bert::load_layers(&config, TRUNK_LAYERS..top, vb.clone())?,
            head: candle_nn::linear(config.hidden, tags, vb.pp(head_name))?,
            tags,
        })
    }

    /// Number of tags.
    pub fn tags(&self) -> usize {
        self.tags
    }

    /// Tag logits `[batch, length, tags]` from trunk states and the 0/1
    /// mask.
    pub fn logits(
        &self,
        states: &Tensor,
        mask: &Tensor,
        mode: Mode,
    ) -> candle_core::Result<Tensor> {
        let bias = bert::mask_bias(mask)?;
        let h = bert::run_layers(&self.layers, 0..self.layers.len(), states, &bias, mode)?;
        self.head.forward(&h)
    }

    /// The tag log-probabilities of every token (`tokens`: code-point
    /// spans, sorted, not overlapping): each token takes those of its
    /// first piece (the one that starts first, whichever window of a long
    /// sentence holds it); `None` where no piece starts inside the token.
    pub fn token_log_probs(
        &self,
        states: &TrunkStates,
        tokens: &[Span],
    ) -> candle_core::Result<Vec<Option<Vec<f32>>>> {
        let mut out: Vec<Option<(usize, Vec<f32>)>> = vec![None; tokens.len()];
        for batch in &states.batches {
            let logits = self.logits(&batch.states, &batch.batch.mask, Mode::Infer)?;
            let lp = candle_nn::ops::log_softmax(&logits, D::Minus1)?.to_vec3::<f32>()?;
            for (r, &seq) in batch.rows.iter().enumerate() {
                let (Some(sequence), Some(row)) = (states.sequences.get(seq), lp.get(r)) else {
                    continue;
                };
                for (j, piece) in sequence.pieces.iter().enumerate() {
                    let Some(k) = token_of(tokens, piece.start) else {
                        continue;
                    };
                    if out[k]
                        .as_ref()
                        .is_some_and(|(start, _)| *start <= piece.start)
                    {
                        continue;
                    }
                    if let Some(v) = row.get(j + 1).filter(|v| v.len() == self.tags) {
                        out[k] = Some((piece.start, v.clone()));
                    }
                }
            }
        }
        Ok(out.into_iter().map(|o| o.map(|(_, v)| v)).collect())
    }
}

/// The token (index into sorted `tokens`) that holds code point `at`.
pub fn token_of(tokens: &[Span], at: usize) -> Option<usize> {
    let k = tokens.partition_point(|t| t.end <= at);
    tokens.get(k).filter(|t| t.start <= at).map(|_| k)
}

/// The training tag of every piece: its token's tag, except that a piece
/// that does not start its token (a continuation, even one that opens the
/// next window of a long sentence) of a `B-X` token gets `I-X`; `None` for
/// pieces outside every token (not trained on).
pub fn piece_tags(tokens: &[Span], tags: &[usize], pieces: &[Piece]) -> Vec<Option<u32>> {
    pieces
        .iter()
        .map(|p| {
            let k = token_of(tokens, p.start)?;
            let mut tag = tags.get(k).copied().unwrap_or(0);
            if p.start > tokens[k].start && tag % 2 == 1 {
                tag += 1;
            }
            Some(tag as u32)
        })
        .collect()
}

/// One training sequence: `[CLS]`, piece ids, `[SEP]`, and the tag of each
/// piece (without `[CLS]`/`[SEP]`).
#[derive(Debug, Clone)]
pub struct TagSequence {
    /// Piece ids with `[CLS]` and `[SEP]`.
    pub ids: Vec<u32>,
    /// The tag of each piece, `None` where not trained on.
    pub tags: Vec<Option<u32>>,
}

/// A training batch with the trunk's output cached.
pub struct TagBatch {
    states: Tensor,
    mask: Tensor,
    /// Flat positions (`row × length + position`) of the tagged pieces.
    positions: Tensor,
    targets: Tensor,
}

/// Runs the trunk once over `items` (sorted by length, in batches of
/// `batch_size`) and keeps its output for every epoch.
pub fn cache_batches(
    trunk: &Trunk,
    mut items: Vec<TagSequence>,
    batch_size: usize,
    log: &mut dyn FnMut(String),
) -> candle_core::Result<Vec<TagBatch>> {
    items.sort_by_key(|s| s.ids.len());
    let started = std::time::Instant::now();
    let total = items.len().div_ceil(batch_size.max(1));
    let mut batches = Vec::new();
    for (n, chunk) in items.chunks(batch_size.max(1)).enumerate() {
        let ids: Vec<Vec<u32>> = chunk.iter().map(|s| s.ids.clone()).collect();
        let batch = Batch::new(&ids, trunk.vocab.pad, trunk.device())?;
        let states = trunk.forward(&batch)?;
        let length = batch.lengths.iter().copied().max().unwrap_or(1);
        let (mut positions, mut targets) = (Vec::new(), Vec::new());
        for (row, s) in chunk.iter().enumerate() {
            for (j, tag) in s.tags.iter().enumerate() {
                if let Some(t) = tag {
                    positions.push((row * length + j + 1) as u32);
                    targets.push(*t);
                }
            }
        }
        if targets.is_empty() {
            continue;
        }
        let dev = trunk.device();
        batches.push(TagBatch {
            states,
            mask: batch.mask,
            positions: Tensor::new(positions.as_slice(), dev)?,
            targets: Tensor::new(targets.as_slice(), dev)?,
        });
        if n % 200 == 199 {
            log(format!(
                "  trunk cache: {} of {total} batches, {:.0}s",
                n + 1,
                started.elapsed().as_secs_f32()
            ));
        }
    }
    Ok(batches)
}

/// Settings of fine-tuning a tag tower.
#[derive(Debug, Clone)]
pub struct TagTrainOptions {
    /// Passes over the training batches (the schedule's length).
    pub epochs: usize,
    /// Peak learning rate of the tower's layers.
    pub tower_learning_rate: f64,
    /// Peak learning rate of the head.
    pub head_learning_rate: f64,
    /// Encoder layers in the tower.
    pub layers: usize,
    /// Seed of the head initialisation and the batch order.
    pub seed: u64,
    /// Stop after this epoch (the schedule still spans `epochs`): the
    /// final model of a schedule chosen on held-out data needs no more.
    pub stop_after: Option<usize>,
}

/// What is called after each epoch: the epoch (from 1), the tower and its
/// variables (to score it or keep a copy).
pub type OnEpoch<'a> = dyn FnMut(usize, &TagTower, &VarMap) -> candle_core::Result<()> + 'a;

/// Fine-tunes a tag tower of `tags` outputs (head `head_name`) on cached
/// `batches`, starting from the base network's tensors `base`; calls
/// `on_epoch` after every epoch. Deterministic for given inputs and
/// thread count.
pub fn fine_tune(
    base: &HashMap<String, Tensor>,
    batches: &[TagBatch],
    tags: usize,
    head_name: &str,
    options: &TagTrainOptions,
    on_epoch: &mut OnEpoch<'_>,
    log: &mut dyn FnMut(String),
) -> candle_core::Result<()> {
    let started = std::time::Instant::now();
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let tower = TagTower::load(vb, options.layers, tags, head_name)?;
    let mut rng = SplitMix::new(options.seed);
    let total_steps = (batches.len() * options.epochs.max(1)).max(1);
    let mut optimizer = TowerOptimizer::new(
        &varmap,
        base,
        &mut rng,
        (options.tower_learning_rate, options.head_learning_rate),
        total_steps,
        total_steps / 20,
    )?;
    let mut order: Vec<usize> = (0..batches.len()).collect();
    let last = options
        .stop_after
        .unwrap_or(usize::MAX)
        .min(options.epochs.max(1));
    for epoch in 1..=last {
        rng.shuffle(&mut order);
        let (mut sum, mut count) = (0f64, 0usize);
        for &bi in &order {
            let b = &batches[bi];
            let logits = tower.logits(&b.states, &b.mask, Mode::Train)?;
            let (rows, length, _) = logits.dims3()?;
            let picked = logits
                .reshape((rows * length, tags))?
                .index_select(&b.positions, 0)?;
            let loss = candle_nn::loss::cross_entropy(&picked, &b.targets)?;
            optimizer.step(&loss)?;
            sum += f64::from(loss.to_scalar::<f32>()?);
            count += 1;
            if count % 200 == 0 {
                log(format!(
                    "  epoch {epoch} step {count}/{}: loss {:.4} ({:.0}s)",
                    batches.len(),
                    sum / count as f64,
                    started.elapsed().as_secs_f32()
                ));
            }
        }
        log(format!(
            "epoch {epoch}: mean loss {:.4} ({:.0}s)",
            sum / count.max(1) as f64,
            started.elapsed().as_secs_f32()
        ));
        on_epoch(epoch, &tower, &varmap)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(start: usize, end: usize) -> Piece {
        Piece { id: 1, start, end }
    }

    #[test]
    fn token_of_finds_the_token_holding_a_code_point() {
        let tokens = [Span::new(0, 5), Span::new(6, 8), Span::new(8, 9)];
        assert_eq!(token_of(&tokens, 0), Some(0));
        assert_eq!(token_of(&tokens, 4), Some(0));
        assert_eq!(token_of(&tokens, 5), None);
        assert_eq!(token_of(&tokens, 7), Some(1));
        assert_eq!(token_of(&tokens, 8), Some(2));
        assert_eq!(token_of(&tokens, 9), None);
    }

    #[test]
    fn continuation_pieces_of_a_begin_token_get_the_inside_tag() {
        // "Stoltenberg said": B-PER split into three pieces, then O.
        let tokens = [Span::new(0, 11), Span::new(12, 16)];
        let pieces = [piece(0, 5), piece(5, 9), piece(9, 11), piece(12, 16)];
        assert_eq!(
            piece_tags(&tokens, &[1, 0], &pieces),
            vec![Some(1), Some(2), Some(2), Some(0)]
        );
        // A piece outside every token is not trained on.
        assert_eq!(piece_tags(&tokens, &[1, 0], &[piece(20, 21)]), vec![None]);
        // A window that opens inside a word: its first piece continues it.
        assert_eq!(
            piece_tags(&tokens, &[1, 0], &[piece(9, 11), piece(12, 16)]),
            vec![Some(2), Some(0)]
        );
    }

    #[test]
    fn a_tower_learns_to_tag_a_cached_pattern() {
        // Random "trunk states" where the tag is the sign of feature 0: the
        // tower and head must fit it within a few epochs.
        let hidden = Config::MINILM_L6.hidden;
        let mut rng = SplitMix::new(7);
        let mut batches = Vec::new();
        let mut data = Vec::new();
        for _ in 0..4 {
            let (rows, length) = (4usize, 6usize);
            let mut v = crate::tune::seeded_uniform(&mut rng, (rows * length, hidden), 1.0)
                .unwrap()
                .to_vec2::<f32>()
                .unwrap();
            let mut targets = Vec::new();
            let mut positions = Vec::new();
            for (i, row) in v.iter_mut().enumerate() {
                row[0] *= 10.0;
                if i % length != 0 {
                    positions.push(i as u32);
                    targets.push(u32::from(row[0] > 0.0));
                }
            }
            let states = Tensor::new(v, &Device::Cpu)
                .unwrap()
                .reshape((rows, length, hidden))
                .unwrap();
            data.push((states.clone(), positions.clone(), targets.clone()));
            batches.push(TagBatch {
                states,
                mask: Tensor::ones((rows, length), DType::U32, &Device::Cpu).unwrap(),
                positions: Tensor::new(positions.as_slice(), &Device::Cpu).unwrap(),
                targets: Tensor::new(targets.as_slice(), &Device::Cpu).unwrap(),
            });
        }
        let options = TagTrainOptions {
            epochs: 30,
            tower_learning_rate: 1e-4,
            head_learning_rate: 1e-2,
            layers: 1,
            seed: 1,
            stop_after: None,
        };
        let mut accuracy = 0.0;
        // A base network whose layer norms pass their input through (the
        // rest is seeded like a new head).
        let probe = VarMap::new();
        TagTower::load(
            VarBuilder::from_varmap(&probe, DType::F32, &Device::Cpu),
            1,
            2,
            "tag_head",
        )
        .unwrap();
        let base: HashMap<String, Tensor> = probe
            .data()
            .lock()
            .unwrap()
            .iter()
            .filter(|(name, _)| name.ends_with("LayerNorm.weight"))
            .map(|(name, var)| (name.clone(), var.as_tensor().ones_like().unwrap()))
            .collect();
        fine_tune(
            &base,
            &batches,
            2,
            "tag_head",
            &options,
            &mut |epoch, tower, _| {
                if epoch == options.epochs {
                    let (mut right, mut all) = (0, 0);
                    for (states, positions, targets) in &data {
                        let mask =
                            Tensor::ones(states.dims()[..2].to_vec(), DType::U32, &Device::Cpu)?;
                        let logits = tower.logits(states, &mask, Mode::Infer)?.to_vec3::<f32>()?;
                        for (&p, &t) in positions.iter().zip(targets) {
                            let (r, j) = (p as usize / 6, p as usize % 6);
                            let l = &logits[r][j];
                            right += usize::from(u32::from(l[1] > l[0]) == t);
                            all += 1;
                        }
                    }
                    accuracy = right as f64 / all as f64;
                }
                Ok(())
            },
            &mut |_| {},
        )
        .unwrap();
        assert!(accuracy > 0.9, "accuracy {accuracy}");
    }
}
