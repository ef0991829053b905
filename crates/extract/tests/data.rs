//! Data kinds as notices list them, in phrasings written for this project.

use leakwatch_extract::{Options, extract_text};
use leakwatch_model::SourceType;

fn kinds(text: &str) -> Vec<&'static str> {
    let opts =
        Options::new("2025-06-01".parse().expect("date")).with_source_type(Some(SourceType::News));
    let all = extract_text(text, &opts, None).incidents;
    assert_eq!(all.len(), 1, "{text}\n{all:#?}");
    all[0].data.iter().map(|d| d.as_str()).collect()
}

#[test]
fn listed_kinds_outside_the_enumeration_are_other() {
    for text in [
        "あさひ台市民病院は30日、入院患者約800人分の氏名や生年月日、病棟名、主治医名などを保存したUSBメモリーを紛失したと発表した。",
        "株式会社みのり保険サービスは30日、元社員が契約者の氏名、住所、保険証券番号、保険料の支払状況を持ち出していたと発表した。",
    ] {
        let got = kinds(text);
        assert!(got.contains(&"other"), "{text}: {got:?}");
        assert!(got.contains(&"name"), "{text}: {got:?}");
    }
    // Unspecified personal data and generic words add no kind.
    for text in [
        "株式会社かすみ商店は30日、不正アクセスにより顧客の氏名、メールアドレスなどの個人情報が流出した可能性があると発表した。",
        "株式会社かすみ商店は30日、不正アクセスにより、調査の結果、顧客の氏名、メールアドレスが流出したと発表した。",
    ] {
        let got = kinds(text);
        assert!(!got.contains(&"other"), "{text}: {got:?}");
    }
}
