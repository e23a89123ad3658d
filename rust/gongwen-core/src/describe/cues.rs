//! The cue table (`data/describe/cues.tsv`), in both scripts.

use std::sync::OnceLock;

use super::gazetteer::Level;
use crate::convert::with_traditional_forms;

const CUES: &str = include_str!("../../data/describe/cues.tsv");

/// What kind of document a text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocType {
    // In the order of precedence of title words (`关于政府工作报告的决议` is a resolution).
    Compilation,
    Resolution,
    Speech,
    GovernmentWorkReport,
    WorkSummary,
    WorkPlan,
    Other,
}

impl DocType {
    /// The column value.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Compilation => "compilation",
            DocType::Resolution => "resolution",
            DocType::Speech => "speech",
            DocType::GovernmentWorkReport => "government_work_report",
            DocType::WorkSummary => "work_summary",
            DocType::WorkPlan => "work_plan",
            DocType::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<DocType> {
        [
            DocType::Compilation,
            DocType::Resolution,
            DocType::Speech,
            DocType::GovernmentWorkReport,
            DocType::WorkSummary,
            DocType::WorkPlan,
            DocType::Other,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// The cues, every Simplified form with its Traditional forms.
pub struct Cues {
    pub genres: Vec<(String, DocType)>,
    pub report: Vec<String>,
    pub national: Vec<String>,
    pub offices: Vec<(String, Level)>,
    /// `我省` ... with the suffix of the divisions it speaks of.
    pub local: Vec<(String, char)>,
}

impl Cues {
    /// The bundled table, read once.
    pub fn global() -> &'static Cues {
        static C: OnceLock<Cues> = OnceLock::new();
        C.get_or_init(|| Cues::parse(CUES))
    }

    fn parse(data: &str) -> Cues {
        let mut c = Cues {
            genres: Vec::new(),
            report: Vec::new(),
            national: Vec::new(),
            offices: Vec::new(),
            local: Vec::new(),
        };
        for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            let (kind, word, value) = (f[0], f.get(1).copied().unwrap_or(""), f.get(2).copied().unwrap_or(""));
            for form in with_traditional_forms(word) {
                match kind {
                    "genre" => c
                        .genres
                        .push((form, DocType::parse(value).expect("doc type in cues.tsv"))),
                    "report" => c.report.push(form),
                    "national" => c.national.push(form),
                    "office" => {
                        let level = match value {
                            "provincial" => Level::Provincial,
                            "prefecture" => Level::Prefecture,
                            _ => Level::County,
                        };
                        c.offices.push((form, level));
                    }
                    // The suffix as the gazetteer's canonical (Simplified) names end.
                    "local" => c.local.push((form, value.chars().next().expect("suffix"))),
                    other => panic!("unknown kind {other:?} in cues.tsv"),
                }
            }
        }
        c.local.dedup();
        c
    }

    /// The doc type a title's words give (the first in precedence), if any.
    pub fn genre(&self, title: &str) -> Option<DocType> {
        self.genres
            .iter()
            .filter(|(w, _)| title.contains(w.as_str()))
            .map(|(_, d)| *d)
            .min()
    }

    /// Whether `text` holds a phrase of the opening of a government work report.
    pub fn is_report(&self, text: &str) -> bool {
        self.report.iter().any(|w| text.contains(w.as_str()))
    }

    /// Whether `text` holds a national cue.
    pub fn is_national(&self, text: &str) -> bool {
        self.national.iter().any(|w| text.contains(w.as_str()))
    }

    /// The office a short line names, if any.
    pub fn office(&self, line: &str) -> Option<Level> {
        self.offices
            .iter()
            .find(|(w, _)| line.contains(w.as_str()))
            .map(|(_, l)| *l)
    }
}
