//! How dates get their roles and resolve, each rule in several phrasings
//! written for this project (every organisation is fictional).

use leakwatch_extract::{Options, extract_text};
use leakwatch_model::{Incident, SourceType};

fn one(text: &str, published: &str, source: Option<SourceType>) -> Incident {
    let opts = Options::new(published.parse().expect("date")).with_source_type(source);
    let all = extract_text(text, &opts, None).incidents;
    assert_eq!(all.len(), 1, "{text}\n{all:#?}");
    all.into_iter().next().expect("one incident")
}

fn date(d: Option<leakwatch_model::PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

#[test]
fn a_span_an_act_went_on_over_starts_when_it_began() {
    for (text, occurred) in [
        (
            "あさぎ通信株式会社は12日、元社員が昨年10月から今年2月にかけて、顧客の電話番号などを外部に提供していたと発表した。",
            "2024-10",
        ),
        (
            "株式会社ほたる商会は、2023年6月3日から6月9日までの間、第三者が会員サイトに不正にログインしていたことが判明したと発表した。",
            "2023-06-03",
        ),
    ] {
        let i = one(text, "2025-03-13", Some(SourceType::News));
        assert_eq!(date(i.occurred), occurred, "{text}");
    }
    // `…までに` bounds whose data it is, not when anything happened.
    let i = one(
        "こだま医療センターは8日、2021年4月から今年1月までに受診した患者約900人分の情報を保存したUSBメモリーを紛失したと発表した。",
        "2024-03-09",
        Some(SourceType::News),
    );
    assert_ne!(date(i.occurred), "2021-04");
}

#[test]
fn a_day_is_never_after_publication() {
    // An article of the 2nd telling of the 27th means last month's 27th.
    for text in [
        "あおい台市は1日、市民課の職員が書類を紛失したと発表した。市によると、職員は27日夜に書類を持ち帰る途中で紛失した。",
        "県立みずき高校は1日、教諭が成績表を紛失したと発表した。教諭は27日、帰宅途中の電車内に成績表を置き忘れた。",
    ] {
        let i = one(text, "2025-05-02", Some(SourceType::News));
        assert_eq!(date(i.disclosed), "2025-05-01", "{text}");
        assert_eq!(date(i.occurred), "2025-04-27", "{text}");
    }
}

#[test]
fn finding_out_is_told_in_many_verbs() {
    for text in [
        "株式会社もみじ設計は10日、社内監査で2月3日に不審な操作記録を見つけ、不正アクセスを受けたことが分かったと発表した。",
        "株式会社もみじ設計は10日、2月3日に外部から苦情を受け、メールアカウントが乗っ取られていたと発表した。",
        "株式会社もみじ設計は10日、2月3日にサーバーで不審なファイルが見つかり、不正アクセスを受けたと発表した。",
    ] {
        let i = one(text, "2025-02-11", Some(SourceType::News));
        assert_eq!(date(i.detected), "2025-02-03", "{text}");
    }
}

#[test]
fn systems_found_encrypted_that_day_were_hit_that_day() {
    for text in [
        "市立ひばり病院は2日、11月29日未明に電子カルテが使えなくなり、サーバーのデータが暗号化されているのが見つかったと発表した。",
        "株式会社かえで工業は2日、11月29日にファイルサーバーが暗号化されているのを確認したと発表した。ランサムウェアによる攻撃とみられる。",
    ] {
        let i = one(text, "2025-12-03", Some(SourceType::News));
        assert_eq!(date(i.detected), "2025-11-29", "{text}");
        assert_eq!(date(i.occurred), "2025-11-29", "{text}");
    }
    // Found to have been altered: when it was altered is not told.
    let i = one(
        "株式会社しずく堂は、調査の結果、2024年5月に決済画面が改ざんされていたことが確認されたと発表した。",
        "2024-07-01",
        Some(SourceType::News),
    );
    assert_eq!(date(i.occurred), "");
}

#[test]
fn a_fiscal_year_is_no_year_of_events() {
    for text in [
        "みなと精工(東証スタンダード上場)は7日、特別損失を計上すると発表した。2026年3月期の純利益予想を引き下げた。\n\n同社は4月13日にサーバーが暗号化される被害を受け、同月15日に公表した。",
        "株式会社かもめ食品は7日、特別損失の計上を発表した。2026年3月期の業績予想は据え置いた。同社は4月13日にランサムウェアの被害を受け、同月15日に公表していた。",
    ] {
        let i = one(text, "2025-08-08", Some(SourceType::News));
        assert_eq!(date(i.occurred), "2025-04-13", "{text}");
        assert_eq!(date(i.disclosed), "2025-04-15", "{text}");
    }
}

#[test]
fn a_regulators_own_announcement_is_not_the_firms_disclosure() {
    for text in [
        "個人情報保護委員会は23日、会員サイトの不備で個人情報が閲覧できる状態になっていたとして、家電量販のあおばデンキ(千葉市)に対し指導を行ったと発表した。",
        "金融庁は10日、顧客情報を外部に漏らしたとして、みさき証券(東京都中央区)に対し業務改善命令を出したと発表した。",
    ] {
        let i = one(text, "2025-03-24", Some(SourceType::News));
        assert_eq!(date(i.disclosed), "", "{text}");
    }
}

#[test]
fn an_outage_is_noticed_as_it_happens() {
    for text in [
        "市立ひばり病院は11日、ランサムウェアによる攻撃を受けたと発表した。同院によると、5月19日、電子カルテのシステムに障害が発生した。",
        "株式会社かえで工業は11日、ランサムウェアに感染したと発表した。5月19日に社内のサーバーが使えなくなった。",
    ] {
        let i = one(text, "2025-06-12", Some(SourceType::News));
        assert_eq!(date(i.occurred), "2025-05-19", "{text}");
        assert_eq!(date(i.detected), "2025-05-19", "{text}");
    }
}

#[test]
fn what_starts_on_publication_or_bounds_the_documents_is_no_occurrence() {
    for text in [
        "2025年7月25日\n株式会社あやめ堂\n\n不正アクセスによる個人情報漏洩に関するお詫び\n\n2025年3月17日、カード会社からお客様のクレジットカード情報の漏洩懸念について連絡を受けました。漏洩した可能性のあるお客様には、本日より、電子メールにてご連絡しております。",
        "みなと市は11日、住民票の交付請求書約900件を紛失したと発表した。紛失したのは、1月6日~同20日に申請された交付請求書。4月2日に職員が気付いた。",
    ] {
        let i = one(text, "2025-07-25", None);
        assert_eq!(date(i.occurred), "", "{text}");
    }
}

#[test]
fn a_label_says_what_the_date_under_it_is() {
    for (text, occurred, detected) in [
        (
            "2025年3月12日\n株式会社こはる企画\n\nメール誤送信についてのお詫び\n\n1. 発生日時\n2025年3月10日(月)16時05分頃\n\n2. 内容\n担当者が宛先欄に全員のアドレスを入力し、BCCにせず送信しました。\n",
            "2025-03-10",
            "",
        ),
        (
            "令和6年2月22日\nあけぼの市\n\n申請データの閲覧可能状態について\n\n1 閲覧可能であった期間\n令和5年4月3日から令和6年2月13日まで\n\n2 判明日\n令和6年2月13日\n\n3 内容\n申請者の氏名が第三者から閲覧可能な状態となっていました。\n",
            "2023-04-03",
            "2024-02-13",
        ),
    ] {
        let i = one(text, "2025-03-12", Some(SourceType::PressRelease));
        assert_eq!(date(i.occurred), occurred, "{text}");
        assert_eq!(date(i.detected), detected, "{text}");
    }
}

#[test]
fn a_shops_exposure_window_starts_the_incident() {
    for text in [
        "2024年9月18日\n株式会社つばめ茶房\n\n不正アクセスによるクレジットカード情報流出のお詫び\n\n弊社が運営する通販サイトが第三者による不正アクセスを受け、カード情報が流出した可能性があることが分かりました。\n\n1.対象\n2023年11月2日から2024年4月8日までの間に当サイトでカード決済をされたお客様1,200名\n",
        "2024年9月18日\n株式会社つばめ茶房\n\n不正アクセスによるクレジットカード情報流出のお詫び\n\n当サイトの決済画面が改ざんされ、カード情報が流出した可能性があります。対象は2023年11月2日~2024年4月8日にカードでご購入されたお客様です。\n",
    ] {
        let i = one(text, "2024-09-18", Some(SourceType::PressRelease));
        assert_eq!(date(i.occurred), "2023-11-02", "{text}");
    }
}

#[test]
fn a_cue_as_the_topic_dates_the_date_after_it() {
    for text in [
        "株式会社ゆきみ工房のSMSフィッシング被害について。判明は3月4日、個人情報保護委員会への報告は3月6日、公表は3月15日だった。対象は1,200名分。",
        "株式会社ゆきみ工房で不正アクセス。発覚が3月4日で、個人情報保護委員会への報告は3月6日、公表は3月15日と、対応は早い。",
    ] {
        let i = one(text, "2025-04-10", Some(SourceType::Blog));
        assert_eq!(date(i.detected), "2025-03-04", "{text}\n{i:#?}");
        assert_eq!(date(i.regulator_reported), "2025-03-06", "{text}");
        assert_eq!(date(i.disclosed), "2025-03-15", "{text}");
    }
}
