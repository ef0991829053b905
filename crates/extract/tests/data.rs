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

fn counts(text: &str) -> Vec<(u64, String)> {
    let opts =
        Options::new("2025-06-01".parse().expect("date")).with_source_type(Some(SourceType::News));
    let all = extract_text(text, &opts, None).incidents;
    assert_eq!(all.len(), 1, "{text}\n{all:#?}");
    let mut c: Vec<(u64, String)> = all[0]
        .counts
        .iter()
        .map(|c| (c.value, c.unit.clone()))
        .collect();
    c.sort();
    c
}

#[test]
fn who_acted_and_what_an_attacker_sent_are_not_affected_counts() {
    for (text, want) in [
        (
            "かすみ野大学は30日、教員1人のメールアカウントが乗っ取られ、迷惑メール約2万通が送信されたと発表した。学生ら約1500人分のメールアドレスが閲覧された可能性がある。",
            vec![(1500, "人".to_owned())],
        ),
        (
            "株式会社こまち通販は30日、職員1名のアカウントが不正に使われ、フィッシングメールを約4千通送信していたと発表した。顧客約800名の氏名が流出した可能性がある。",
            vec![(800, "名".to_owned())],
        ),
        (
            "みずほ台市は30日、市民12人の氏名を記した書類を誤ってファクスで送信したと発表した。今後は職員2人で番号を確認する。",
            vec![(12, "人".to_owned())],
        ),
    ] {
        assert_eq!(counts(text), want, "{text}");
    }
}

fn harmed(text: &str) -> bool {
    let opts =
        Options::new("2025-06-01".parse().expect("date")).with_source_type(Some(SourceType::News));
    let all = extract_text(text, &opts, None).incidents;
    assert_eq!(all.len(), 1, "{text}\n{all:#?}");
    all[0].secondary_damage
}

#[test]
fn misuse_is_the_data_put_to_use_not_an_account_or_a_weakness_abused() {
    for text in [
        "株式会社みずき銀行は30日、元行員が顧客情報を持ち出し、転職先で保険の勧誘に使われていたと発表した。",
        "株式会社あやせ商事は30日、取引先とのメールが盗まれ、そのやり取りを悪用した偽の請求により代金をだまし取られる被害が発生したと発表した。",
    ] {
        assert!(harmed(text), "{text}");
    }
    for text in [
        "みなと大学は30日、職員のメールアカウントが不正に利用され、迷惑メールの送信に悪用されたと発表した。学生の氏名が閲覧された可能性がある。",
        "株式会社あおい工業は30日、VPN機器の脆弱性を悪用されて侵入され、顧客の氏名が流出した可能性があると発表した。",
        "株式会社かさね堂は30日、カード情報が流出した可能性があると発表した。不正利用の有無については、カード会社で確認が進められている。",
    ] {
        assert!(!harmed(text), "{text}");
    }
}
