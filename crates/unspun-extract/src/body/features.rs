//! Features of a unit of text for the learned block classifier: what the
//! rules decided (written or not, good block, boilerplate, junk, page
//! furniture), text and link density, length, punctuation, tag path flags
//! (figure, navigation, header, form, table, list, link list), position
//! against the container and the page, the decisions on the neighbouring
//! units, and the block's tag (hashed).

use super::furniture::{is_furniture_text, normalize_words};
use super::score::Stats;
use super::units::Unit;
use crate::dom::{Dom, Tag};

/// Number of fixed (dense) feature slots.
pub const DENSE: usize = 64;
/// Number of hashed feature slots (a power of two).
pub const HASHED: usize = 1 << 12;
/// Length of a weight vector.
pub const DIM: usize = DENSE + HASHED;

/// Sparse features of one unit: (index, value).
pub type Features = Vec<(u32, f32)>;

/// Ancestor flags (bits) of every node.
const IN_FIGURE: u16 = 1;
const IN_NAV: u16 = 2;
const IN_HEADER: u16 = 4;
const IN_FORM: u16 = 8;
const IN_TABLE: u16 = 16;
const IN_HEADING: u16 = 32;
const IN_LINK_LIST: u16 = 64;
const IN_LIST: u16 = 128;
const IN_QUOTE: u16 = 256;
const IN_ARTICLE: u16 = 512;

/// For every node, the flags of itself and its ancestors.
fn path_flags(dom: &Dom, stats: &Stats) -> Vec<u16> {
    let n = dom.nodes.len();
    let mut flags = vec![0u16; n];
    for i in 1..n {
        let mut f = flags[dom.nodes[i].parent];
        if let Some(el) = dom.element(i) {
            f |= match el.tag {
                Tag::Figure | Tag::Figcaption => IN_FIGURE,
                Tag::Nav | Tag::Aside | Tag::Footer => IN_NAV,
                Tag::Header => IN_HEADER,
                Tag::Form => IN_FORM,
                Tag::Table => IN_TABLE,
                Tag::Blockquote => IN_QUOTE,
                Tag::Ul | Tag::Ol | Tag::Dl => IN_LIST,
                Tag::Article | Tag::Main => IN_ARTICLE,
                t if t.is_heading() => IN_HEADING,
                _ => 0,
            };
            if el.itemprop.as_deref() == Some("articlebody") {
                f |= IN_ARTICLE;
            }
            if matches!(
                el.tag,
                Tag::Ul | Tag::Ol | Tag::Dl | Tag::Div | Tag::Section | Tag::Table
            ) && stats.chars[i] > 0
                && stats.link_chars[i] * 2 > stats.chars[i]
            {
                f |= IN_LINK_LIST;
            }
        }
        flags[i] = f;
    }
    flags
}

/// Counts over the characters of a unit's text, in one pass.
struct TextCounts {
    /// Characters other than white space.
    chars: usize,
    /// Runs of them (as `split_whitespace` counts).
    words: usize,
    /// Sentence punctuation.
    punct: usize,
    /// ASCII digits.
    digits: usize,
    /// Upper-case letters.
    upper: usize,
}

fn text_counts(text: &str) -> TextCounts {
    let mut t = TextCounts {
        chars: 0,
        words: 0,
        punct: 0,
        digits: 0,
        upper: 0,
    };
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_word = false;
            continue;
        }
        t.chars += 1;
        if !in_word {
            t.words += 1;
            in_word = true;
        }
        if c.is_ascii() {
            if c.is_ascii_digit() {
                t.digits += 1;
            } else if c.is_ascii_uppercase() {
                t.upper += 1;
            } else if matches!(c, '.' | ',' | '?' | '!' | ';' | ':') {
                t.punct += 1;
            }
        } else if matches!(c, '。' | '，') {
            t.punct += 1;
        } else if c.is_uppercase() {
            t.upper += 1;
        }
    }
    t
}

/// FNV-1a hash of `salt` and `s` into a hashed slot.
fn slot(salt: &str, s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in salt.bytes().chain([0xff]).chain(s.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (DENSE + (h as usize & (HASHED - 1))) as u32
}

/// The page-level context the features of every unit need.
pub(super) struct PageContext<'a> {
    dom: &'a Dom,
    stats: &'a Stats,
    flags: Vec<u16>,
    container: Option<usize>,
    /// Subtree of the container: first and last node index.
    range: Option<(usize, usize)>,
    title: Option<String>,
}

impl<'a> PageContext<'a> {
    /// The context of a page whose rules chose `container`.
    pub(super) fn new(
        dom: &'a Dom,
        stats: &'a Stats,
        container: Option<usize>,
        title: Option<&str>,
    ) -> Self {
        let range = container.map(|c| {
            let mut last = c;
            while let Some(&l) = dom.nodes[last].children.last() {
                last = l;
            }
            (c, last)
        });
        PageContext {
            dom,
            stats,
            flags: path_flags(dom, stats),
            container,
            range,
            title: title.map(normalize_words).filter(|t| !t.is_empty()),
        }
    }

    /// The features of every unit.
    pub(super) fn features(&self, units: &[Unit]) -> Vec<Features> {
        (0..units.len()).map(|k| self.unit(units, k)).collect()
    }

    /// The features of unit `k`.
    fn unit(&self, units: &[Unit], k: usize) -> Features {
        let (dom, s) = (self.dom, self.stats);
        let u = &units[k];
        let o = u.owner;
        let mut f: Features = Vec::with_capacity(48);
        let mut put = |i: usize, v: f32| {
            if v != 0.0 {
                f.push((i as u32, v));
            }
        };
        let rule = u.rule_kept as u8 as f32;
        let t = text_counts(&u.text);
        let (chars, words) = (t.chars, t.words);
        let len = chars as f32;
        let ld = if s.own[o] > 0 {
            s.own_links[o] as f32 / s.own[o] as f32
        } else {
            0.0
        };
        let (punct, digits, upper) = (t.punct as f32, t.digits as f32, t.upper as f32);
        let furniture = is_furniture_text(&u.text, words);
        let is_title = words <= 30
            && self
                .title
                .as_ref()
                .is_some_and(|t| normalize_words(&u.text) == *t);
        let fl = self.flags[o];
        let tag = dom.nodes[o].tag();
        let in_container = self.range.is_some_and(|(a, b)| o >= a && o <= b);
        let before = self.range.is_some_and(|(a, _)| o < a);
        let after = self.range.is_some_and(|(_, b)| o > b);
        let ratio = |a: usize| {
            if s.chars[a] > 0 {
                s.good[a] / s.chars[a] as f32
            } else {
                0.0
            }
        };
        let parent = dom.nodes[o].parent;
        let grand = dom.nodes[parent].parent;
        let neighbour = |d: isize| {
            let j = k as isize + d;
            if j < 0 || j as usize >= units.len() {
                (0.0, 0.0)
            } else {
                let n = &units[j as usize];
                (n.rule_kept as u8 as f32, s.good_block[n.owner] as u8 as f32)
            }
        };
        let (prev_kept, prev_good) = neighbour(-1);
        let (next_kept, next_good) = neighbour(1);
        let lb = |lo: usize, hi: usize| (chars >= lo && chars < hi) as u8 as f32;
        let flag = |b: u16| (fl & b != 0) as u8 as f32;
        let last_char = u.text.chars().last().unwrap_or(' ');

        put(0, 1.0);
        put(1, rule);
        put(2, in_container as u8 as f32);
        put(3, self.container.is_some() as u8 as f32);
        put(4, (1.0 + len).ln() / 8.0);
        put(5, lb(0, 10));
        put(6, lb(10, 30));
        put(7, lb(30, 80));
        put(8, lb(80, 200));
        put(9, lb(200, 500));
        put(10, lb(500, usize::MAX));
        put(11, ld);
        put(12, (ld > 0.5) as u8 as f32);
        put(13, (punct / (1.0 + words as f32)).min(1.0));
        put(
            14,
            matches!(last_char, '.' | '!' | '?' | '"' | '”' | '“' | '。') as u8 as f32,
        );
        put(15, s.boiler[o] as u8 as f32);
        put(16, s.self_boiler[o] as u8 as f32);
        put(17, s.junk[o] as u8 as f32);
        put(18, s.good_block[o] as u8 as f32);
        put(19, furniture as u8 as f32);
        put(20, is_title as u8 as f32);
        put(21, tag.is_some_and(Tag::is_heading) as u8 as f32);
        put(22, (tag == Some(Tag::Li)) as u8 as f32);
        put(23, flag(IN_TABLE));
        put(24, flag(IN_FIGURE));
        put(25, flag(IN_NAV));
        put(26, flag(IN_HEADER));
        put(27, flag(IN_FORM));
        put(28, flag(IN_LINK_LIST));
        put(29, prev_kept);
        put(30, next_kept);
        put(31, k as f32 / units.len().max(1) as f32);
        put(32, before as u8 as f32);
        put(33, after as u8 as f32);
        put(34, ratio(parent));
        put(35, ratio(grand));
        put(36, digits / (1.0 + len));
        put(37, upper / (1.0 + len));
        put(38, u.text.contains('©') as u8 as f32);
        put(
            39,
            (u.text.contains('@') || u.text.contains("http")) as u8 as f32,
        );
        put(40, (words <= 3) as u8 as f32);
        put(41, prev_good);
        put(42, next_good);
        put(43, (tag == Some(Tag::P)) as u8 as f32);
        put(44, flag(IN_HEADING));
        put(45, flag(IN_LIST));
        put(46, flag(IN_QUOTE));
        put(47, flag(IN_ARTICLE));
        put(
            48,
            (tag.is_some_and(|t| matches!(t, Tag::Td | Tag::Th))) as u8 as f32,
        );
        put(
            49,
            (tag.is_some_and(|t| matches!(t, Tag::Dt | Tag::Dd))) as u8 as f32,
        );
        // Crosses with the rules' decision.
        put(50, rule * ld);
        put(51, rule * furniture as u8 as f32);
        put(52, rule * (words <= 3) as u8 as f32);
        put(53, (1.0 - rule) * in_container as u8 as f32);
        put(54, (1.0 - rule) * s.good_block[o] as u8 as f32);
        put(55, (1.0 - rule) * prev_kept * next_kept);
        put(56, rule * (1.0 - prev_kept) * (1.0 - next_kept));
        put(57, (1.0 - rule) * (1.0 + len).ln() / 8.0);
        put(
            58,
            (1.0 - rule) * tag.is_some_and(Tag::is_heading) as u8 as f32,
        );
        put(59, (1.0 - rule) * flag(IN_LIST));
        put(60, (1.0 - rule) * flag(IN_TABLE));
        put(61, rule * after as u8 as f32);
        put(62, rule * before as u8 as f32);
        put(63, s.hidden[o] as u8 as f32);
        // Hashed: the tag of the block. Class/id words of the block and its
        // ancestors were tried and left out: they learn site names (in-sample
        // scores up, scores on the other set and on held-out folds down).
        if let Some(t) = tag {
            f.push((slot("tag", &format!("{t:?}")), 1.0));
        }
        f
    }
}
