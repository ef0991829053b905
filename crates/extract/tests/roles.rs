//! Who an incident is about when several bodies are named, each rule in several
//! phrasings written for this project (every organisation is fictional).

use leakwatch_extract::{Options, extract_text};
use leakwatch_model::{Incident, SourceType};

fn all(text: &str, published: &str) -> Vec<Incident> {
    let opts =
        Options::new(published.parse().expect("date")).with_source_type(Some(SourceType::News));
    extract_text(text, &opts, None).incidents
}

#[test]
fn a_body_whose_staff_acted_is_where_it_happened_whoever_announces() {
    for (text, org) in [
        (
            "県教育委員会は1日、県立あさひ台高校(あさひ台市)の40代の男性教諭が、生徒30人分の成績一覧を電車内に置き忘れ、紛失したと発表した。",
            "県立あさひ台高校",
        ),
        (
            "みなと町教育委員会は11日、町立みなと東小学校が保護者向けに送信した一斉メールで、宛先を誤り保護者120人のメールアドレスが互いに見える状態になったと発表した。",
            "町立みなと東小学校",
        ),
        (
            "北浜県は5日、県立北浜医療センター(北浜市)の看護師が、患者40人分の情報を記録したUSBメモリーを紛失したと発表した。",
            "県立北浜医療センター",
        ),
    ] {
        let got = all(text, "2025-06-12");
        assert_eq!(got.len(), 1, "{text}\n{got:#?}");
        assert_eq!(got[0].organization, org, "{text}");
    }
    // A contractor's staff acted: the incident is still the announcer's.
    let got = all(
        "公益財団法人みやま育英会は19日、事務を委託していた情報処理会社「あさひデータ」(さいたま市)の社員が、奨学生の個人情報約1万件を持ち出していたと発表した。",
        "2025-06-20",
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].organization, "公益財団法人みやま育英会");
}

#[test]
fn a_kind_of_school_or_hospital_is_no_name() {
    let got = all(
        "なぎさ市教育委員会は3日、市立小学校の教諭が児童28人分の名簿を紛失したと発表した。",
        "2025-06-04",
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].organization, "なぎさ市教育委員会");
}

#[test]
fn a_hiragana_name_after_a_legal_form_announces() {
    for text in [
        "ポイントアプリで他人の情報を表示\n\n株式会社ぽけっとラボは8日、同社のスマートフォン向けアプリで、別の利用者の登録情報が表示される不具合が起きていたと発表した。",
        "会員サイトで情報漏えいか\n\n株式会社はるかぜ企画は8日、同社の会員サイトが不正アクセスを受け、会員の氏名が流出した可能性があると発表した。",
    ] {
        let got = all(text, "2025-06-09");
        assert_eq!(got.len(), 1, "{text}\n{got:#?}");
        assert!(
            got[0].organization.starts_with("株式会社"),
            "{text}: {}",
            got[0].organization
        );
    }
}

#[test]
fn a_customers_notice_about_its_providers_breach_is_the_customers() {
    for text in [
        "2025年1月31日\n株式会社あずさ観光\n\n予約システム提供事業者への不正アクセスについて\n\n当社が利用している予約管理システムの提供事業者、株式会社クラウドリザーブ(以下「CR社」)のサーバーが第三者による不正アクセスを受け、当社のお客様の情報が流出した可能性があることが分かりました。\n",
        "2025年1月31日\n株式会社あずさ観光\n\n委託先における不正アクセスについて\n\n当社が顧客管理を委託しているみらいデータ株式会社のサーバーがランサムウェアに感染し、当社のお客様の氏名、住所が流出した可能性があります。\n",
    ] {
        let opts = Options::new("2025-01-31".parse().expect("date"))
            .with_source_type(Some(SourceType::PressRelease));
        let got = extract_text(text, &opts, None).incidents;
        assert_eq!(got.len(), 1, "{text}\n{got:#?}");
        assert_eq!(got[0].organization, "株式会社あずさ観光", "{text}");
        assert!(
            got[0]
                .related
                .iter()
                .any(|r| r.name.contains("クラウドリザーブ") || r.name.contains("みらいデータ")),
            "{text}: {:?}",
            got[0].related
        );
    }
}

#[test]
fn a_short_name_the_notice_defines_stands_for_the_whole() {
    for text in [
        "2024年10月3日\n各位\n会社名 みなせ工業株式会社\n\n当社米国子会社におけるランサムウェア被害について\n\n当社の連結子会社であるMinase America, Inc.(本社:米国オハイオ州、以下「MAI」)が、ランサムウェアによる攻撃を受けたことが判明しました。MAIが管理するファイルサーバーのデータが暗号化されました。\n",
        "2024年10月3日\n各位\n会社名 みなせ工業株式会社\n\n当社子会社における不正アクセスについて\n\n当社の連結子会社である株式会社みなせ販売(以下「みなせ販売」)が運営する通販サイトが不正アクセスを受け、みなせ販売のお客様の情報が流出した可能性があります。\n",
    ] {
        let opts = Options::new("2024-10-03".parse().expect("date"))
            .with_source_type(Some(SourceType::TimelyDisclosure));
        let got = extract_text(text, &opts, None).incidents;
        assert_eq!(got.len(), 1, "{text}\n{got:#?}");
        assert!(
            got[0].organization == "Minase America, Inc."
                || got[0].organization == "株式会社みなせ販売",
            "{text}: {}",
            got[0].organization
        );
        assert_eq!(
            got[0].parent.as_deref(),
            Some("みなせ工業株式会社"),
            "{text}"
        );
    }
}

#[test]
fn a_foreign_firms_japanese_arm_has_that_firm_for_parent() {
    for (text, org, parent) in [
        (
            "独ソフトウエア大手ノルトハイム・ソリューションズの日本法人、ノルトハイム・ジャパン(東京都品川区)は14日、社員のアカウントが不正に使われ、取引先の担当者約800人分の氏名とメールアドレスが流出した可能性があると発表した。",
            "ノルトハイム・ジャパン",
            "ノルトハイム・ソリューションズ",
        ),
        (
            "家電量販店ミナトデンキの子会社、ミナトデンキ・サービス(横浜市)は14日、修理受付サイトに不正アクセスがあり、利用者約3000人分の氏名と電話番号が流出した可能性があると発表した。",
            "ミナトデンキ・サービス",
            "ミナトデンキ",
        ),
    ] {
        let got = all(text, "2025-06-20");
        assert_eq!(got.len(), 1, "{text}\n{got:#?}");
        assert_eq!(got[0].organization, org, "{text}");
        assert_eq!(got[0].parent.as_deref(), Some(parent), "{text}");
    }
}

#[test]
fn a_consolidated_subsidiary_of_the_author_has_the_author_for_parent() {
    let text = "2025年6月20日\n各位\n会社名 株式会社ひので製作所\n\n連結子会社における不正アクセスについて\n\n当社は本日、連結子会社である株式会社ひので物流(以下「ひので物流」)のサーバーが第三者による不正アクセスを受け、取引先約120社の情報が流出した可能性があることを確認いたしましたので、お知らせいたします。\n";
    let got = all(text, "2025-06-20");
    assert!(!got.is_empty(), "{got:#?}");
    let sub = got
        .iter()
        .find(|i| i.organization.contains("ひので物流"))
        .unwrap_or_else(|| panic!("{got:#?}"));
    assert!(
        sub.parent
            .as_deref()
            .is_some_and(|p| p.contains("ひので製作所")),
        "{sub:#?}"
    );
}

#[test]
fn what_a_parent_runs_does_not_make_it_where_it_happened() {
    for text in [
        "ドラッグストアを展開するコモレビHDの子会社、コモレビ調剤薬局は2日、薬剤師が患者約300人分の調剤記録を保存したUSBメモリを紛失したと発表した。",
        "全国で書店を運営する株式会社ふたば堂の子会社、ふたば堂ネット販売は2日、通販サイトが不正アクセスを受け、会員約4000人分の氏名と住所が流出した可能性があると発表した。",
    ] {
        let got = all(text, "2025-07-10");
        assert_eq!(got.len(), 1, "{text}\n{got:#?}");
        assert!(
            got[0].organization.ends_with("調剤薬局")
                || got[0].organization.ends_with("ネット販売"),
            "{text}\n{got:#?}"
        );
        if text.contains("HD") {
            assert_eq!(got[0].parent.as_deref(), Some("コモレビHD"), "{text}");
        }
    }
}
