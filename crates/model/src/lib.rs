//! Plain data of leakwatch: what an incident is, and where each of its facts came from.
//!
//! No IO and no logic beyond formatting: every other crate speaks these types.
//! Field names follow the gold format (`shared/eval/FORMAT.md`) so that an
//! [`Incident`] serialises straight into what the scorer reads.
//!
//! ```
//! use leakwatch_model::{Cause, PartialDate};
//! let d: PartialDate = "2021-05".parse().unwrap();
//! assert_eq!(d.to_string(), "2021-05");
//! assert_eq!(Cause::Misdelivery.as_str(), "misdelivery");
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why the data leaked: the eight classes of the gold format.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Credentials or access obtained through a deceptive mail, SMS or site.
    Phishing,
    /// Sent to the wrong recipient or address, TO/CC instead of BCC, wrong attachment.
    Misdelivery,
    /// An employee or former employee took or passed on information.
    Insider,
    /// An outside party broke into a system or account.
    UnauthorizedAccess,
    /// Ransomware, a virus or other malicious software was the main harm.
    Malware,
    /// A bug or misconfiguration exposed data to people who should not see it.
    SystemDefect,
    /// A device or paper was lost, stolen or wrongly discarded.
    LossTheft,
    /// Anything else.
    Other,
}

impl Cause {
    /// Every class, in a stable order.
    pub const ALL: [Cause; 8] = [
        Cause::Phishing,
        Cause::Misdelivery,
        Cause::Insider,
        Cause::UnauthorizedAccess,
        Cause::Malware,
        Cause::SystemDefect,
        Cause::LossTheft,
        Cause::Other,
    ];

    /// The gold-format name, e.g. `unauthorized_access`.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Phishing => "phishing",
            Cause::Misdelivery => "misdelivery",
            Cause::Insider => "insider",
            Cause::UnauthorizedAccess => "unauthorized_access",
            Cause::Malware => "malware",
            Cause::SystemDefect => "system_defect",
            Cause::LossTheft => "loss_theft",
            Cause::Other => "other",
        }
    }

    /// A short Japanese label for people.
    pub fn label_ja(self) -> &'static str {
        match self {
            Cause::Phishing => "フィッシング",
            Cause::Misdelivery => "誤送信・誤送付",
            Cause::Insider => "内部不正",
            Cause::UnauthorizedAccess => "不正アクセス",
            Cause::Malware => "マルウェア・ランサムウェア",
            Cause::SystemDefect => "システム不具合・設定ミス",
            Cause::LossTheft => "紛失・盗難",
            Cause::Other => "その他",
        }
    }
}

impl FromStr for Cause {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cause::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownName(s.to_owned()))
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of a closed vocabulary's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName(pub String);

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown name {:?}", self.0)
    }
}

impl std::error::Error for UnknownName {}

macro_rules! closed_vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal / $ja:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)* }

        impl $name {
            /// Every value, in a stable order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// The wire name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
            /// A short Japanese label for people.
            pub fn label_ja(self) -> &'static str {
                match self { $($name::$variant => $ja,)* }
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($text => Ok($name::$variant),)* _ => Err(UnknownName(s.to_owned())) }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

closed_vocabulary! {
    /// A kind of data affected, as in the gold format.
    DataKind {
        Name = "name" / "氏名",
        Email = "email" / "メールアドレス",
        Phone = "phone" / "電話番号",
        Address = "address" / "住所",
        BusinessCard = "business_card" / "名刺情報",
        Company = "company" / "会社名",
        Gender = "gender" / "性別",
        Age = "age" / "年齢",
        Birthdate = "birthdate" / "生年月日",
        School = "school" / "学校・学部",
        Profile = "profile" / "経歴・属性",
        CreditCardNumber = "credit_card_number" / "カード番号",
        CardExpiry = "card_expiry" / "有効期限",
        CardSecurityCode = "card_security_code" / "セキュリティコード",
        CardHolder = "card_holder" / "カード名義人",
        Credentials = "credentials" / "ID・パスワード",
        Transactions = "transactions" / "取引情報",
        CustomerRecords = "customer_records" / "顧客・会員情報",
        InternalDocuments = "internal_documents" / "内部資料",
        Images = "images" / "画像",
        Other = "other" / "その他",
    }
}

closed_vocabulary! {
    /// What the organisation did after the incident.
    ResponseKind {
        RegulatorReport = "regulator_report" / "個人情報保護委員会へ報告",
        PoliceReport = "police_report" / "警察へ相談・届出",
        ForensicInvestigation = "forensic_investigation" / "第三者調査",
        IndividualNotice = "individual_notice" / "個別の通知・お詫び",
        ServiceSuspension = "service_suspension" / "サービス停止",
        CallCenter = "call_center" / "問い合わせ窓口",
        PasswordReset = "password_reset" / "パスワード変更",
        CardReissue = "card_reissue" / "カード再発行",
    }
}

closed_vocabulary! {
    /// Where the disclosure was published.
    Channel {
        OwnWebsite = "own_website" / "自社サイト",
        TimelyDisclosure = "timely_disclosure" / "適時開示",
        PressRelease = "press_release" / "プレスリリース",
        RegulatorRelease = "regulator_release" / "行政機関の報道発表",
        News = "news" / "報道",
        Blog = "blog" / "ブログ",
    }
}

closed_vocabulary! {
    /// What kind of document a text is.
    SourceType {
        PressRelease = "press_release" / "プレスリリース",
        TimelyDisclosure = "timely_disclosure" / "適時開示",
        News = "news" / "ニュース",
        Blog = "blog" / "ブログ",
        Regulator = "regulator" / "行政機関",
    }
}

closed_vocabulary! {
    /// What a named organisation is to an incident.
    PartyRole {
        Parent = "parent" / "親会社",
        Subsidiary = "subsidiary" / "子会社",
        Provider = "provider" / "システム提供元",
        Contractor = "contractor" / "委託先",
        Customer = "customer" / "影響を受けた顧客企業",
        Recipient = "recipient" / "情報の受領者",
        Announcer = "announcer" / "公表者",
        Regulator = "regulator" / "監督官庁",
        Reporter = "reporter" / "報道・ブログ",
        Related = "related" / "関係先",
    }
}

closed_vocabulary! {
    /// The part a document plays in an incident.
    DocumentRole {
        FirstDisclosure = "first_disclosure" / "第一報",
        FollowUp = "follow_up" / "続報",
        SpecialLoss = "special_loss" / "特別損失の開示",
        RelatedParty = "related_party" / "関係先の公表",
        AffectedParty = "affected_party" / "影響を受けた利用組織の公表",
        RegulatorAction = "regulator_action" / "行政の対応",
        News = "news" / "報道",
        Blog = "blog" / "ブログ",
    }
}

mod flags;
pub use flags::{AffectedParty, Dossier, Flag, FlagCode, Judge, ParentFacts, PastIncident};

/// A calendar date that may be known only to the month: `2021-05-12` or `2021-05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Gregorian year.
    pub year: i32,
    /// 1..=12.
    pub month: u32,
    /// 1..=31, or `None` when only the month is known.
    pub day: Option<u32>,
}

impl PartialDate {
    /// A day-precise date.
    pub fn ymd(year: i32, month: u32, day: u32) -> Self {
        PartialDate {
            year,
            month,
            day: Some(day),
        }
    }

    /// A month-precise date.
    pub fn ym(year: i32, month: u32) -> Self {
        PartialDate {
            year,
            month,
            day: None,
        }
    }

    /// Whether `other` lies within this date (a month contains its days).
    pub fn contains(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && self.month == other.month
            && (self.day.is_none() || self.day == other.day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

/// A string that is not `YYYY-MM-DD` or `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate(pub String);

impl fmt::Display for BadDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a date (YYYY-MM-DD or YYYY-MM): {:?}", self.0)
    }
}

impl std::error::Error for BadDate {}

impl FromStr for PartialDate {
    type Err = BadDate;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDate(s.to_owned());
        let mut parts = s.trim().split('-');
        let year: i32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let month: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let day: Option<u32> = match parts.next() {
            Some(p) => Some(p.parse().map_err(|_| bad())?),
            None => None,
        };
        if parts.next().is_some()
            || !(1..=12).contains(&month)
            || day.is_some_and(|d| !(1..=31).contains(&d))
        {
            return Err(bad());
        }
        Ok(PartialDate { year, month, day })
    }
}

impl utoipa::PartialSchema for PartialDate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(r"^\d{4}-\d{2}(-\d{2})?$"))
            .description(Some("A day (YYYY-MM-DD) or a month (YYYY-MM)"))
            .into()
    }
}

impl utoipa::ToSchema for PartialDate {}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A stated number of affected records, people, companies or items, with its counter word.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct Count {
    /// The number, multipliers applied (`171万` → 1,710,000).
    pub value: u64,
    /// The counter word (`件`, `名`, `人`, `社`, `点`, `アカウント`, `通`).
    pub unit: String,
}

impl Count {
    /// Counter words that count persons or their records (not companies, items or mails).
    pub const PERSON_UNITS: &'static [&'static str] =
        &["名", "人", "件", "アカウント", "名分", "人分", "件分"];

    /// Whether it counts persons or their records.
    pub fn of_persons(&self) -> bool {
        Count::PERSON_UNITS.contains(&self.unit.as_str())
    }

    /// The largest count of persons or their records among `counts`.
    pub fn most_persons<'a>(counts: impl IntoIterator<Item = &'a Count>) -> Option<u64> {
        counts
            .into_iter()
            .filter(|c| c.of_persons())
            .map(|c| c.value)
            .max()
    }
}

/// Another organisation in the same incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Related {
    /// Its name as the document gives it.
    pub name: String,
    /// What it is to the incident.
    pub role: PartyRole,
    /// Its parent, where the document names one.
    pub parent: Option<String>,
}

/// A byte range into the original text of a document.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Where one fact came from: the field it fills, the value read, and the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Evidence {
    /// The incident field the fact fills (`counts`, `disclosed`, `cause` …).
    pub field: String,
    /// The value read, as a string (`2021-05-12`, `111件`, `misdelivery`).
    pub value: String,
    /// Byte offset of the quoted text in the original document.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The quoted text itself, exactly as in the original document.
    pub text: String,
}

/// Something the organisation did about the incident, with its date where stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResponseFact {
    /// What was done.
    pub kind: ResponseKind,
    /// When, if the text says.
    pub date: Option<PartialDate>,
}

/// One leak incident as read from one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Incident {
    /// The organisation where it happened (whose systems, staff or data).
    pub organization: String,
    /// Other names the document uses for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Its parent company, where the document names one.
    pub parent: Option<String>,
    /// Other organisations in the incident.
    #[serde(default)]
    pub related: Vec<Related>,
    /// The cause class.
    pub cause: Option<Cause>,
    /// Finer cause descriptions: `to_instead_of_bcc`, `sms_phishing`, `ransomware` …
    #[serde(default)]
    pub cause_detail: Vec<String>,
    /// Affected quantities.
    #[serde(default)]
    pub counts: Vec<Count>,
    /// Kinds of data affected.
    #[serde(default)]
    pub data: Vec<DataKind>,
    /// When it began.
    pub occurred: Option<PartialDate>,
    /// When the organisation found out.
    pub detected: Option<PartialDate>,
    /// When the leaked data was pinned down.
    pub identified: Option<PartialDate>,
    /// When the organisation first announced it publicly.
    pub disclosed: Option<PartialDate>,
    /// When it was reported to the Personal Information Protection Commission.
    pub regulator_reported: Option<PartialDate>,
    /// Money booked or stated as the incident's cost, in yen.
    pub loss_jpy: Option<u64>,
    /// The document says leaked data was actually misused.
    #[serde(default)]
    pub secondary_damage: bool,
    /// The data includes 要配慮個人情報 (health, diagnoses, criminal records …).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive_data: bool,
    /// What the organisation did about it.
    #[serde(default)]
    pub responses: Vec<ResponseFact>,
    /// Where it was announced.
    #[serde(default)]
    pub channel: Vec<Channel>,
    /// The report number of the notice (`第4報` → 4), when it is a follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_number: Option<u32>,
    /// Every fact with the text it came from.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// How sure the extractor is, per field, where the reading is uncertain (0..1).
    #[serde(default)]
    pub confidence: BTreeMap<String, f32>,
}

/// A remark about the input that did not stop extraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Diagnostic {
    /// A stable machine-readable code, e.g. `truncated`, `decoded_shift_jis`.
    pub code: String,
    /// What happened, for people.
    pub message: String,
}

/// Everything read from one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Extraction {
    /// The incidents found.
    pub incidents: Vec<Incident>,
    /// Remarks about the input.
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_round_trip() {
        for s in ["2021-05-12", "2021-05", "1999-12-31"] {
            let d: PartialDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(serde_json::from_str::<PartialDate>(&json).unwrap(), d);
        }
        for bad in ["2021", "2021-13", "2021-01-32", "x-1-1", "2021-01-01-01"] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn month_contains_its_days() {
        let m = PartialDate::ym(2021, 7);
        assert!(m.contains(&PartialDate::ymd(2021, 7, 20)));
        assert!(!m.contains(&PartialDate::ymd(2021, 8, 1)));
        assert!(!PartialDate::ymd(2021, 7, 1).contains(&m));
    }

    #[test]
    fn vocabularies_parse_their_own_names() {
        for c in Cause::ALL {
            assert_eq!(c.as_str().parse::<Cause>().unwrap(), c);
        }
        for d in DataKind::ALL {
            assert_eq!(d.as_str().parse::<DataKind>().unwrap(), *d);
        }
        assert_eq!(
            serde_json::to_string(&DataKind::CardSecurityCode).unwrap(),
            "\"card_security_code\""
        );
    }
}
