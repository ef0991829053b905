//! The APPI's report duty (個人情報の保護に関する法律 第26条, 施行規則 第7条 and 第8条).
//!
//! A leak must be reported to the 個人情報保護委員会 when it meets one of the
//! conditions of 施行規則第7条: (1) 要配慮個人情報; (2) data whose misuse could
//! cause financial loss, such as card numbers; (3) a possible wrongful purpose
//! (unauthorised access, malware, an insider, phishing — since 2024-04-01 also
//! data an attacker was acquiring, such as a tampered input form); (4) more than
//! 1,000 persons. The duty applies to incidents known on or after 2022-04-01;
//! before that, reporting was only expected (努力義務). The preliminary report is
//! due 速やかに (about 3–5 days), the final report 30 days after knowing (60
//! where a wrongful purpose is suspected).

use leakwatch_model::{Cause, Count, DataKind, Dossier, Flag, FlagCode, PartialDate};

use crate::{Settings, day_of, disclosed, flag, known};

const DUTY_FROM: PartialDate = PartialDate {
    year: 2022,
    month: 4,
    day: Some(1),
};
const ACQUIRING_FROM: PartialDate = PartialDate {
    year: 2024,
    month: 4,
    day: Some(1),
};

/// Cause details that mean data was being acquired as it was entered.
const ACQUIRING: &[&str] = &["payment_form_tampering", "skimming", "form_tampering"];

struct Condition {
    wrongful: bool,
    ja: String,
    en: String,
    key: &'static str,
}

fn conditions(d: &Dossier, when: Option<PartialDate>) -> Vec<Condition> {
    let i = &d.incident;
    let mut out = Vec::new();
    if i.sensitive_data {
        out.push(Condition {
            wrongful: false,
            ja: "第1号(要配慮個人情報:病歴・診療内容などを含む)".into(),
            en: "item 1 (special-care personal information such as medical records)".into(),
            key: "sensitive",
        });
    }
    if i.data
        .iter()
        .any(|k| matches!(k, DataKind::CreditCardNumber | DataKind::CardSecurityCode))
    {
        out.push(Condition {
            wrongful: false,
            ja: "第2号(クレジットカード番号など、不正に利用されると財産的被害が生じるおそれのある情報)".into(),
            en: "item 2 (data such as card numbers whose misuse could cause financial loss)".into(),
            key: "financial_loss",
        });
    }
    let acquiring = when.is_some_and(|w| w >= ACQUIRING_FROM)
        && i.cause_detail
            .iter()
            .any(|c| ACQUIRING.contains(&c.as_str()));
    if matches!(
        i.cause,
        Some(Cause::UnauthorizedAccess | Cause::Malware | Cause::Insider | Cause::Phishing)
    ) || acquiring
    {
        let extra = if acquiring {
            "。2024年4月の改正により、取得されようとしている情報を含む"
        } else {
            ""
        };
        out.push(Condition {
            wrongful: true,
            ja: format!("第3号(不正の目的をもって行われたおそれのある漏えい等{extra})"),
            en: "item 3 (a leak possibly made with a wrongful purpose)".into(),
            key: "wrongful_purpose",
        });
    }
    let persons = Count::most_persons(
        i.counts
            .iter()
            .chain(d.parties.iter().flat_map(|p| p.counts.iter())),
    );
    if let Some(n) = persons.filter(|n| *n > 1000) {
        out.push(Condition {
            wrongful: false,
            ja: format!("第4号(本人の数が1,000人を超える漏えい等: {n})"),
            en: format!("item 4 (more than 1,000 persons: {n})"),
            key: "over_1000",
        });
    }
    out
}

/// `ppc_report_required`, and `ppc_report_late` or `ppc_report_unknown` where the duty applies.
pub(crate) fn ppc(d: &Dossier, s: &Settings) -> Vec<Flag> {
    let when = known(d).or(disclosed(d));
    let conds = conditions(d, when);
    if conds.is_empty() {
        return Vec::new();
    }
    let duty = when.is_none_or(|w| w >= DUTY_FROM);
    let wrongful = conds.iter().any(|c| c.wrongful);
    let final_days = if wrongful {
        s.ppc_final_wrongful_days
    } else {
        s.ppc_final_days
    };
    let names_ja: Vec<&str> = conds.iter().map(|c| c.ja.as_str()).collect();
    let names_en: Vec<&str> = conds.iter().map(|c| c.en.as_str()).collect();
    let keys: Vec<&str> = conds.iter().map(|c| c.key).collect();
    let (regime_ja, regime_en, regime) = if duty {
        (
            "2022年4月1日以降に把握された事案のため、委員会への報告と本人への通知が義務です"
                .to_owned(),
            "known on or after 2022-04-01, so reporting to the commission is mandatory".to_owned(),
            "mandatory",
        )
    } else {
        (
            "2022年4月1日より前の事案のため、当時は報告が努力義務でしたが、現行の規則であれば報告義務の対象です".to_owned(),
            "known before 2022-04-01, when reporting was only expected (effort obligation); today's rules would require a report".to_owned(),
            "effort_obligation",
        )
    };
    let mut facts = vec![
        ("conditions", keys.join(",")),
        ("regime", regime.to_owned()),
        ("known", when.map(|w| w.to_string()).unwrap_or_default()),
    ];
    let due = when.and_then(day_of).map(|(k, _)| {
        (
            k + chrono::Days::new(s.ppc_preliminary_days.unsigned_abs()),
            k + chrono::Days::new(final_days.unsigned_abs()),
        )
    });
    if let Some((pre, fin)) = due.filter(|_| duty) {
        facts.push(("preliminary_due", pre.to_string()));
        facts.push(("final_due", fin.to_string()));
    }
    let mut out = vec![flag(
        FlagCode::PpcReportRequired,
        format!(
            "個人情報保護法施行規則第7条{}に該当します。{regime_ja}。",
            names_ja.join("、")
        ),
        format!(
            "Meets the APPI enforcement rules art. 7 {}; {regime_en}.",
            names_en.join(", ")
        ),
        &facts,
    )];
    if !duty {
        return out;
    }
    let Some((known_day, _)) = when.and_then(day_of) else {
        return out;
    };
    match d.incident.regulator_reported.and_then(day_of) {
        None => out.push(flag(
            FlagCode::PpcReportUnknown,
            format!(
                "報告義務の対象ですが、委員会へ報告した日が文書に示されていません(速報は把握から{}日程度、確報は{final_days}日以内が期限)。",
                s.ppc_preliminary_days
            ),
            format!(
                "A report is mandatory but the documents give no date of the report (preliminary due within about {} days, final within {final_days} days).",
                s.ppc_preliminary_days
            ),
            &[("known", known_day.to_string())],
        )),
        Some((rep, _)) => {
            let days = (rep - known_day).num_days();
            if days > s.ppc_preliminary_days {
                let stage = if days > final_days {
                    ("確報の期限も過ぎています", "past even the final report's deadline")
                } else {
                    ("速報としては遅れています", "late for a preliminary report")
                };
                out.push(flag(
                    FlagCode::PpcReportLate,
                    format!(
                        "委員会への報告は把握から{days}日後で、{}(速報の目安 {}日、確報 {final_days}日)。",
                        stage.0, s.ppc_preliminary_days
                    ),
                    format!(
                        "Reported to the commission {days} days after knowing, {} (preliminary about {} days, final {final_days} days).",
                        stage.1, s.ppc_preliminary_days
                    ),
                    &[
                        ("days_to_report", days.to_string()),
                        ("reported", rep.to_string()),
                        ("known", known_day.to_string()),
                    ],
                ));
            }
        }
    }
    out
}
