//! Language identification of the document text.

use whatlang::Lang;

/// How many bytes of text, at most, language identification looks at.
const SAMPLE_BYTES: usize = 4096;

/// Identifies the language of `text` and returns its ISO 639-1 code (or the
/// ISO 639-3 code for languages without one), or `None` when the text is too
/// short or too mixed to tell.
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso_639_1(info.lang()).map_or_else(|| info.lang().code().to_string(), str::to_string))
}

fn iso_639_1(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Pol => "pl",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Ara => "ar",
        Lang::Tur => "tr",
        Lang::Hin => "hi",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Fin => "fi",
        Lang::Ell => "el",
        Lang::Heb => "he",
        Lang::Ces => "cs",
        Lang::Ron => "ro",
        Lang::Hun => "hu",
        Lang::Bul => "bg",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_english_and_others() {
        assert_eq!(
            detect("The president said on Tuesday that the alliance should not open an office in Tokyo.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect("Le président a déclaré mardi que l'alliance ne devrait pas ouvrir de bureau à Tokyo.").as_deref(),
            Some("fr")
        );
        assert_eq!(
            detect("北大西洋条約機構は東京に連絡事務所を開設する計画について協議している。")
                .as_deref(),
            Some("ja")
        );
    }

    #[test]
    fn too_short_is_none() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("OK."), None);
    }
}
