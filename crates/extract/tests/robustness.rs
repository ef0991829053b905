//! Bad input never panics: arbitrary text, arbitrary bytes, pathological repetition,
//! and the encodings Japanese pages still come in. Spans always stay on char boundaries.

use leakwatch_extract::{Error, Options, extract_bytes, extract_text};
use proptest::prelude::*;

fn opts() -> Options {
    Options::new("2024-06-01".parse().expect("date"))
}

fn check_spans(text: &str) {
    let out = extract_text(text, &opts(), None);
    for inc in &out.incidents {
        for e in &inc.evidence {
            assert!(e.start <= e.end && e.end <= text.len(), "{e:?}");
            assert!(
                text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
                "{e:?}"
            );
            assert_eq!(&text[e.start..e.end], e.text);
        }
    }
}

/// Text built from the pieces disclosures are made of, so that the search reaches deep paths.
fn disclosure_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "株式会社",
        "ニトムズ",
        "は",
        "、",
        "。",
        "「",
        "」",
        "(",
        ")",
        "㈱",
        "同社",
        "当社",
        "子会社の",
        "5/12",
        "7月15日(水)",
        "令和3年",
        "今年1月",
        "昨年10月",
        "同日",
        "翌々日",
        "から",
        "までの間",
        "以降",
        "に判明",
        "を公表しました",
        "不正アクセス",
        "誤送信",
        "BCC",
        "ランサムウェア",
        "フィッシング",
        "171万件",
        "96百万円",
        "の特別損失",
        "4,040件",
        "443名分",
        "氏名",
        "メールアドレス",
        "含まれていない",
        "不正利用された",
        "個人情報保護委員会に報告",
        "\n",
        "\n\n",
        " ",
        "2020年6月\n",
        "にも",
        "事故も起きて",
        "第4報",
        "１２３",
        "ｶﾞ",
        "\u{3099}",
        "\r\n",
        "親会社の",
        "という会社の子会社です",
        "において",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_disclosure_like_text(text in disclosure_like()) {
        check_spans(&text);
    }

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,400}") {
        check_spans(&text);
    }

    #[test]
    fn never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        match extract_bytes(&bytes, &opts(), None) {
            Ok((out, text)) => {
                for inc in &out.incidents {
                    for e in &inc.evidence {
                        prop_assert_eq!(&text[e.start..e.end], e.text.as_str());
                    }
                }
            }
            Err(Error::Undecodable(_) | Error::Binary(_)) => {}
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    #[test]
    fn normalisation_is_idempotent(text in "\\PC{0,200}") {
        let once = leakwatch_extract::normalize::Normalized::new(&text).text;
        let twice = leakwatch_extract::normalize::Normalized::new(&once).text;
        prop_assert_eq!(once, twice);
    }
}

#[test]
fn empty_and_blank_input_give_nothing() {
    for t in ["", " ", "\n\n\n", "。。。", "「」"] {
        assert!(extract_text(t, &opts(), None).incidents.is_empty(), "{t:?}");
    }
}

#[test]
fn pathological_repetition_is_bounded() {
    // Every line a new event of the same organisation: the result is capped, not unbounded.
    let line = "株式会社テスト商事 情報漏洩\n株式会社テスト商事は5/12、不正アクセスにより顧客情報1,000件が流出したと公表しました。\n2019年7月にも誤送信がありました。\n";
    let text = line.repeat(2_000);
    let out = extract_text(&text, &opts(), None);
    assert!(out.incidents.len() <= leakwatch_extract::MAX_INCIDENTS);
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.code == "too_many_incidents")
    );
    // One enormous line with no full stop at all.
    let text = "株式会社テスト、不正アクセス、5/12、".repeat(50_000);
    check_spans(&text);
}

#[test]
fn japanese_encodings_are_decoded_and_garbage_refused() {
    let text = "株式会社テスト商事は2024年5月10日、メールの誤送信により顧客のメールアドレス120件が流出したと発表した。";
    for enc in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
        let (bytes, _, _) = enc.encode(text);
        let (out, decoded) = extract_bytes(&bytes, &opts(), None).expect("decodes");
        assert_eq!(decoded, text);
        assert_eq!(out.incidents[0].counts[0].value, 120);
        assert!(out.diagnostics.iter().any(|d| d.code == "decoded"));
    }
    let err = extract_bytes(b"\x00\x01\x02binary\x00\x00", &opts(), None).unwrap_err();
    assert!(err.to_string().contains("binary"));
    let err = extract_bytes(&[0x82, 0xff, 0xfe, 0x81, 0x20, 0xff], &opts(), None).unwrap_err();
    assert!(err.to_string().contains("not text"), "{err}");
    let small = Options {
        max_bytes: 10,
        ..opts()
    };
    assert!(matches!(
        extract_bytes(text.as_bytes(), &small, None),
        Err(Error::TooLarge { .. })
    ));
}
