//! Articles and posts that tell of several organisations' incidents, each in
//! several phrasings written for this project (every organisation is fictional).

use leakwatch_extract::{Options, extract_text};
use leakwatch_model::{Incident, SourceType};

fn read(text: &str, published: &str) -> Vec<Incident> {
    let opts =
        Options::new(published.parse().expect("date")).with_source_type(Some(SourceType::News));
    extract_text(text, &opts, None).incidents
}

fn find<'a>(all: &'a [Incident], org: &str) -> &'a Incident {
    all.iter()
        .find(|i| i.organization.contains(org))
        .unwrap_or_else(|| panic!("no incident of {org}: {all:#?}"))
}

#[test]
fn paragraphs_that_open_with_a_named_organisation_are_its_incidents() {
    let text = "中小企業の情報漏えい、過去の事例\n\n 攻撃だけでなく紛失や持ち出しによる漏えいも続いている。\n 2022年9月には、雑貨販売のこのはな雑貨(静岡県)が、通販サイトを改ざんされ、顧客約3,100人分のカード情報が流出した可能性があると公表した。\n 2023年5月には、人材派遣のワークリンク北陸(金沢市)で、元社員が登録者約8千人分の氏名や電話番号を持ち出していたことが発覚した。\n 昨年12月には、税理士法人みどり坂会計(横浜市)の職員が、顧問先約90社の資料が入ったノートパソコンを電車内に置き忘れた。\n";
    let all = read(text, "2024-04-16");
    assert_eq!(all.len(), 3, "{all:#?}");
    let a = find(&all, "このはな雑貨");
    assert_eq!(a.cause.map(|c| c.as_str()), Some("unauthorized_access"));
    assert_eq!(
        a.disclosed.map(|d| d.to_string()).as_deref(),
        Some("2022-09")
    );
    assert_eq!(a.counts.len(), 1);
    let b = find(&all, "ワークリンク北陸");
    assert_eq!(b.cause.map(|c| c.as_str()), Some("insider"));
    assert_eq!(b.counts.iter().map(|c| c.value).collect::<Vec<_>>(), [8000]);
    let c = find(&all, "みどり坂会計");
    assert_eq!(c.cause.map(|c| c.as_str()), Some("loss_theft"));
    assert_eq!(c.counts.iter().map(|c| c.value).collect::<Vec<_>>(), [90]);
}

#[test]
fn a_count_of_the_bodies_hit_is_no_organisation() {
    let text = "文部科学省によると、5大学では合計約8千人分の個人情報が漏えいしていた。被害が判明したのは、みなと大、北浜県立大、東雲大、青葉大、白峰大。";
    let all = read(text, "2024-06-28");
    assert!(
        all.iter().all(|i| !i.organization.starts_with('5')),
        "{all:#?}"
    );
}
