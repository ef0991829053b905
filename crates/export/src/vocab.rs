//! The vocabularies the exports translate into, as tables: leakwatch's cause
//! details and data kinds on the left, VERIS 1.4.1 enumerations and STIX 2.1
//! open vocabularies on the right. Every right-hand string is a value of the
//! schema's enumeration at that place (the tests check it against the schema).

use leakwatch_model::{Cause, DataKind};

/// A VERIS action category (the key under `action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Category {
    Hacking,
    Malware,
    Social,
    Error,
    Misuse,
    Physical,
}

impl Category {
    pub(crate) fn key(self) -> &'static str {
        match self {
            Category::Hacking => "hacking",
            Category::Malware => "malware",
            Category::Social => "social",
            Category::Error => "error",
            Category::Misuse => "misuse",
            Category::Physical => "physical",
        }
    }
}

/// Who did it, as VERIS `actor` needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Actor {
    /// An outsider: `actor.external`, with its motive.
    External(&'static str),
    /// An insider: `actor.internal`, with its motive.
    Internal(&'static str),
}

/// One action a cause detail implies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActionRow {
    pub category: Category,
    pub variety: &'static str,
    pub vector: &'static str,
    pub actor: Actor,
    /// The asset it happened to, when the detail says (`asset.assets[].variety`).
    pub asset: Option<&'static str>,
    /// What it did besides disclosure (`attribute.integrity` or `.availability`).
    pub attribute: Option<(&'static str, &'static str)>,
}

const fn row(
    category: Category,
    variety: &'static str,
    vector: &'static str,
    actor: Actor,
) -> ActionRow {
    ActionRow {
        category,
        variety,
        vector,
        actor,
        asset: None,
        attribute: None,
    }
}

const fn on(mut r: ActionRow, asset: &'static str) -> ActionRow {
    r.asset = Some(asset);
    r
}

const fn with(mut r: ActionRow, attribute: &'static str, variety: &'static str) -> ActionRow {
    r.attribute = Some((attribute, variety));
    r
}

use Actor::{External, Internal};
use Category::*;

const OUTSIDER: Actor = External("Unknown");
/// Ransom is money: VERIS codes ransomware's motive as financial.
const EXTORTER: Actor = External("Financial");
/// A mistake has no motive (`NA` in VERIS).
const CARELESS: Actor = Internal("NA");
const INSIDER: Actor = Internal("Unknown");

/// Cause details (`vocab/causes.tsv` of the extractor) → the action they describe.
/// A detail may imply two actions (payment-form tampering: hacking and the
/// skimming code it installs).
pub(crate) const DETAILS: &[(&str, ActionRow)] = &[
    // phishing
    (
        "phishing_site",
        row(Social, "Phishing", "Web application", OUTSIDER),
    ),
    (
        "fake_site",
        row(Social, "Phishing", "Web application", OUTSIDER),
    ),
    (
        "impersonation",
        row(Social, "Phishing", "Unknown", OUTSIDER),
    ),
    ("sms_phishing", row(Social, "Phishing", "SMS", OUTSIDER)),
    ("spoofed_mail", row(Social, "Phishing", "Email", OUTSIDER)),
    ("targeted_mail", row(Social, "Phishing", "Email", OUTSIDER)),
    // misdelivery
    (
        "to_instead_of_bcc",
        on(
            row(Error, "Misdelivery", "Carelessness", CARELESS),
            "S - Mail",
        ),
    ),
    (
        "wrong_address",
        row(Error, "Misdelivery", "Carelessness", CARELESS),
    ),
    (
        "wrong_recipient",
        row(Error, "Misdelivery", "Carelessness", CARELESS),
    ),
    (
        "wrong_attachment",
        on(
            row(Error, "Misdelivery", "Carelessness", CARELESS),
            "S - Mail",
        ),
    ),
    (
        "wrong_enclosure",
        on(
            row(Error, "Misdelivery", "Carelessness", CARELESS),
            "M - Documents",
        ),
    ),
    // insider
    (
        "data_sold",
        row(Misuse, "Privilege abuse", "Unknown", Internal("Financial")),
    ),
    (
        "data_theft_by_staff",
        row(Misuse, "Privilege abuse", "Unknown", INSIDER),
    ),
    (
        "former_employee",
        row(Misuse, "Data mishandling", "Unknown", INSIDER),
    ),
    // unauthorised access
    (
        "account_takeover",
        row(Hacking, "Use of stolen creds", "Web application", OUTSIDER),
    ),
    (
        "credential_stuffing",
        row(Hacking, "Use of stolen creds", "Web application", OUTSIDER),
    ),
    (
        "sql_injection",
        on(
            row(Hacking, "SQLi", "Web application", OUTSIDER),
            "S - Web application",
        ),
    ),
    (
        "xss",
        on(
            row(Hacking, "XSS", "Web application", OUTSIDER),
            "S - Web application",
        ),
    ),
    (
        "vulnerability_exploit",
        row(Hacking, "Exploit vuln", "Unknown", OUTSIDER),
    ),
    (
        "payment_form_tampering",
        with(
            on(
                row(Hacking, "Unknown", "Web application", OUTSIDER),
                "S - Web application",
            ),
            "integrity",
            "Software installation",
        ),
    ),
    (
        "payment_form_tampering",
        on(
            row(Malware, "Capture app data", "Unknown", OUTSIDER),
            "S - Web application",
        ),
    ),
    (
        "tampering",
        with(
            row(Hacking, "Unknown", "Web application", OUTSIDER),
            "integrity",
            "Modify data",
        ),
    ),
    // malware
    (
        "ransomware",
        with(
            row(Malware, "Ransomware", "Unknown", EXTORTER),
            "availability",
            "Obscuration",
        ),
    ),
    (
        "emotet",
        row(Malware, "Trojan", "Email attachment", OUTSIDER),
    ),
    // Winny and its kin publish the files of an infected machine on a P2P network.
    (
        "file_sharing_virus",
        row(Malware, "Export data", "Unknown", OUTSIDER),
    ),
    ("malware", row(Malware, "Unknown", "Unknown", OUTSIDER)),
    // system defects
    (
        "misconfiguration",
        row(Error, "Misconfiguration", "Unknown", CARELESS),
    ),
    (
        "exposure",
        row(Error, "Misconfiguration", "Unknown", CARELESS),
    ),
    (
        "bug",
        row(
            Error,
            "Programming error",
            "Inadequate technology",
            CARELESS,
        ),
    ),
    // loss and theft
    ("lost", row(Error, "Loss", "Carelessness", CARELESS)),
    (
        "wrongly_discarded",
        row(Error, "Disposal error", "Carelessness", CARELESS),
    ),
    ("stolen", row(Physical, "Theft", "Unknown", OUTSIDER)),
    // other
    (
        "published_by_mistake",
        row(Error, "Publishing error", "Carelessness", CARELESS),
    ),
    // Personal data caught on camera or on air.
    ("broadcast", row(Error, "Gaffe", "Carelessness", CARELESS)),
];

/// The action a cause implies when no detail says more; `None`: VERIS
/// `action.unknown` (other causes; a loss-or-theft that does not say which).
pub(crate) fn default_action(cause: Cause) -> Option<ActionRow> {
    Some(match cause {
        Cause::Phishing => row(Social, "Phishing", "Unknown", OUTSIDER),
        Cause::Misdelivery => row(Error, "Misdelivery", "Carelessness", CARELESS),
        Cause::Insider => row(Misuse, "Privilege abuse", "Unknown", INSIDER),
        Cause::UnauthorizedAccess => row(Hacking, "Unknown", "Unknown", OUTSIDER),
        Cause::Malware => row(Malware, "Unknown", "Unknown", OUTSIDER),
        Cause::SystemDefect => row(Error, "Unknown", "Unknown", CARELESS),
        Cause::LossTheft | Cause::Other => return None,
    })
}

/// The cause a detail belongs to, so that a stray detail of another class
/// (a merged follow-up's) does not add an action the cause does not have.
pub(crate) fn detail_fits(cause: Cause, detail: &str) -> bool {
    let of = |c: Category| DETAILS.iter().any(|(d, r)| *d == detail && r.category == c);
    match cause {
        Cause::Phishing => of(Social),
        Cause::Misdelivery => DETAILS
            .iter()
            .any(|(d, r)| *d == detail && r.variety == "Misdelivery"),
        Cause::Insider => of(Misuse),
        Cause::UnauthorizedAccess => of(Hacking) || detail == "payment_form_tampering",
        Cause::Malware => of(Malware),
        Cause::SystemDefect => ["misconfiguration", "exposure", "bug"].contains(&detail),
        Cause::LossTheft => ["lost", "wrongly_discarded", "stolen"].contains(&detail),
        Cause::Other => ["published_by_mistake", "broadcast"].contains(&detail),
    }
}

/// A data kind → the VERIS data variety (`attribute.confidentiality.data[].variety`).
/// Medical records have no kind of their own in leakwatch (カルテ is `other`,
/// 患者情報 `customer_records`): a healthcare victim's records are `Medical`,
/// a financial one's transactions `Bank` (see [`SECTORS`]).
pub(crate) fn data_variety(kind: DataKind, sector: Option<&Sector>) -> &'static str {
    let healthcare = sector.is_some_and(|s| s.stix == "healthcare");
    let financial = sector.is_some_and(|s| s.stix == "financial-services");
    match kind {
        DataKind::CreditCardNumber
        | DataKind::CardExpiry
        | DataKind::CardSecurityCode
        | DataKind::CardHolder => "Payment",
        DataKind::Credentials => "Credentials",
        DataKind::InternalDocuments => "Internal",
        DataKind::Transactions if financial => "Bank",
        DataKind::CustomerRecords | DataKind::Other if healthcare => "Medical",
        DataKind::Name
        | DataKind::Email
        | DataKind::Phone
        | DataKind::Address
        | DataKind::BusinessCard
        | DataKind::Company
        | DataKind::Gender
        | DataKind::Age
        | DataKind::Birthdate
        | DataKind::School
        | DataKind::Profile
        | DataKind::CustomerRecords
        | DataKind::Transactions => "Personal",
        DataKind::Images | DataKind::Other => "Other",
    }
}

/// A VERIS data variety → the STIX Incident Core `information_type` (information-type-ov).
pub(crate) fn information_type(variety: &str) -> &'static str {
    match variety {
        "Payment" => "payment",
        "Credentials" => "credentials-user",
        "Bank" => "financial",
        "Medical" => "phi",
        "Internal" => "proprietary",
        "Personal" => "pii",
        _ => "other",
    }
}

/// An industry read from an organisation's name.
#[derive(Debug)]
pub(crate) struct Sector {
    /// Words of the name that say it.
    pub words: &'static [&'static str],
    /// The NAICS sector (`victim.industry`).
    pub naics: &'static str,
    /// The STIX industry-sector-ov value.
    pub stix: &'static str,
    /// Whose data a victim of the sector holds (`data_victim`), beside customers'.
    pub data_victim: &'static str,
}

/// Only names that say their industry outright; everything else is unknown.
pub(crate) const SECTORS: &[Sector] = &[
    Sector {
        words: &[
            "病院",
            "クリニック",
            "医院",
            "診療所",
            "歯科",
            "医療センター",
        ],
        naics: "62",
        stix: "healthcare",
        data_victim: "Patient",
    },
    Sector {
        words: &["銀行", "信用金庫", "信用組合", "労働金庫", "証券"],
        naics: "52",
        stix: "financial-services",
        data_victim: "Customer",
    },
    Sector {
        words: &["大学", "学校", "学園", "高等専門学校"],
        naics: "61",
        stix: "education",
        data_victim: "Student",
    },
];

/// The sector an organisation's name states, if any.
pub(crate) fn sector(name: &str) -> Option<&'static Sector> {
    SECTORS
        .iter()
        .find(|s| s.words.iter().any(|w| name.contains(w)))
}
