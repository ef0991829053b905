//! Folding a new reading of an incident into the stored one.

use leakwatch_model::Incident;

use crate::earliest;

fn union<T: PartialEq + Clone>(into: &mut Vec<T>, from: &[T]) {
    for x in from {
        if !into.contains(x) {
            into.push(x.clone());
        }
    }
}

/// Another document of the same organisation about the same event: fill what
/// the stored incident does not know; the first disclosure is the earliest one.
pub fn merge(stored: &mut Incident, new: &Incident) {
    if stored.cause.is_none() || stored.cause == Some(leakwatch_model::Cause::Other) {
        stored.cause = new.cause.or(stored.cause);
    }
    union(&mut stored.cause_detail, &new.cause_detail);
    union(&mut stored.aliases, &new.aliases);
    stored.parent = stored.parent.take().or_else(|| new.parent.clone());
    for r in &new.related {
        if !stored.related.iter().any(|x| x.name == r.name) {
            stored.related.push(r.clone());
        }
    }
    union(&mut stored.counts, &new.counts);
    union(&mut stored.data, &new.data);
    stored.occurred = stored.occurred.or(new.occurred);
    stored.detected = stored.detected.or(new.detected);
    stored.identified = stored.identified.or(new.identified);
    stored.disclosed = earliest(stored.disclosed, new.disclosed);
    stored.regulator_reported = stored.regulator_reported.or(new.regulator_reported);
    stored.loss_jpy = stored.loss_jpy.or(new.loss_jpy);
    stored.secondary_damage |= new.secondary_damage;
    stored.sensitive_data |= new.sensitive_data;
    union(&mut stored.responses, &new.responses);
    union(&mut stored.channel, &new.channel);
    stored.report_number = stored.report_number.max(new.report_number);
}

/// A related party's own notice (the system provider's, the parent's): it adds
/// what it says about the event, never its own name or group.
pub fn merge_related(stored: &mut Incident, new: &Incident) {
    union(&mut stored.cause_detail, &new.cause_detail);
    stored.occurred = stored.occurred.or(new.occurred);
    stored.detected = stored.detected.or(new.detected);
    stored.identified = stored.identified.or(new.identified);
    stored.secondary_damage |= new.secondary_damage;
    stored.sensitive_data |= new.sensitive_data;
}

#[cfg(test)]
mod tests {
    use super::*;
    use leakwatch_model::{Cause, Count};

    #[test]
    fn a_follow_up_fills_gaps_and_keeps_the_first_disclosure() {
        let mut stored = Incident {
            organization: "A".into(),
            cause: Some(Cause::UnauthorizedAccess),
            disclosed: "2024-03-01".parse().ok(),
            counts: vec![Count {
                value: 10,
                unit: "件".into(),
            }],
            ..Incident::default()
        };
        let new = Incident {
            organization: "A".into(),
            cause: Some(Cause::UnauthorizedAccess),
            disclosed: "2024-05-01".parse().ok(),
            loss_jpy: Some(96_000_000),
            counts: vec![
                Count {
                    value: 10,
                    unit: "件".into(),
                },
                Count {
                    value: 3,
                    unit: "名".into(),
                },
            ],
            ..Incident::default()
        };
        merge(&mut stored, &new);
        assert_eq!(stored.disclosed, "2024-03-01".parse().ok());
        assert_eq!(stored.loss_jpy, Some(96_000_000));
        assert_eq!(stored.counts.len(), 2);
    }
}
