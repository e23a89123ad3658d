//! The options of a corpus run, defined once: their types ([`PipelineOptions`] for the pipeline,
//! [`LoadOptions`] for reading inputs and batching them, [`CorpusOptions`] for both and the
//! threads), the parsers of the enumerated ones (`FromStr`/`Display` of [`Emit`],
//! [`LexiconMode`] and [`Mode`]), the one check of every value ([`CorpusOptions::validate`]),
//! and the table [`OPTIONS`] (name, type, default, choices, help) from which the Python binding,
//! the Python `CorpusOptions` type and the command line are made.
//!
//! ```
//! use gongwen_core::options::{CorpusOptions, Emit, OPTIONS};
//!
//! let mut o = CorpusOptions::default();
//! o.pipeline.emit = "tokens".parse().unwrap();
//! assert_eq!(o.pipeline.emit, Emit::Tokens);
//! assert!(o.validate().is_ok());
//! o.load.batch_docs = 0;
//! assert_eq!(o.validate().unwrap_err().to_string(), "batch_docs must be a positive int, not 0");
//! assert_eq!("words".parse::<Emit>().unwrap_err().to_string(),
//!            "emit must be one of 'counts', 'tokens', 'offsets', not 'words'");
//! assert_eq!(OPTIONS.len(), 19);
//! ```

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use crate::clean::{CleanOptions, Rules};
use crate::error::{Error, Result};
use crate::load;
use crate::scan::indicator::IndicatorRules;
use crate::scan::lexicon::Lexicon;
pub use crate::segment::Mode;

/// An option whose value is one of a few names: its name, its names in order, and the parse.
trait Named: Sized + Copy + 'static {
    /// The option's name, for errors.
    const OPTION: &'static str;
    /// Every value with its name, the default first.
    const ALL: &'static [(&'static str, Self)];

    fn parse_named(s: &str) -> Result<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == s)
            .map(|&(_, v)| v)
            .ok_or_else(|| choice_error(Self::OPTION, &names(Self::ALL), &py_repr(s)))
    }
}

fn names<T>(all: &[(&'static str, T)]) -> Vec<&'static str> {
    all.iter().map(|(n, _)| *n).collect()
}

/// `'text'` as Python's `repr` writes a `str` (for messages that read alike in both languages).
pub fn py_repr(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The error of an enumerated option given `shown` (a value as the caller writes it).
pub fn choice_error(option: &str, choices: &[&str], shown: &str) -> Error {
    let choices: Vec<String> = choices.iter().map(|c| py_repr(c)).collect();
    Error::InvalidArgument(format!("{option} must be one of {}, not {shown}", choices.join(", ")))
}

/// The error of a count option (`threads`, `batch_docs`, `batch_bytes`) given `shown`.
pub fn not_positive(option: &str, shown: &str) -> Error {
    Error::InvalidArgument(format!("{option} must be a positive int, not {shown}"))
}

/// The error of a text option that must not be empty (`glob`, `text_column`).
pub fn empty_error(option: &str) -> Error {
    Error::InvalidArgument(format!("{option} must be a non-empty str, not ''"))
}

fn positive(option: &str, n: usize) -> Result<()> {
    if n == 0 {
        return Err(not_positive(option, "0"));
    }
    Ok(())
}

macro_rules! named_option {
    ($ty:ty, $option:literal, [$(($name:literal, $value:expr)),+ $(,)?]) => {
        impl Named for $ty {
            const OPTION: &'static str = $option;
            const ALL: &'static [(&'static str, Self)] = &[$(($name, $value)),+];
        }

        impl FromStr for $ty {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self> {
                Self::parse_named(s)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl $ty {
            /// Every accepted name, the default first.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// `FromStr` for an argument named `option` (in the error).
            pub fn parse_as(option: &str, s: &str) -> Result<Self> {
                Self::parse_named(s).map_err(|_| choice_error(option, Self::NAMES, &py_repr(s)))
            }

            /// The name `FromStr` reads (of the variant: `Mode`'s `hmm` has no part in it).
            pub fn name(&self) -> &'static str {
                let variant = std::mem::discriminant(self);
                Self::ALL
                    .iter()
                    .find(|(_, v)| std::mem::discriminant(v) == variant)
                    .map_or("?", |(n, _)| n)
            }
        }
    };
}

/// What to return of the tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Emit {
    /// Token spans (and the caller may slice the tokens out of the original).
    Tokens,
    /// Token spans only.
    Offsets,
    /// Only the number of tokens.
    #[default]
    Counts,
}

named_option!(
    Emit,
    "emit",
    [
        ("counts", Emit::Counts),
        ("tokens", Emit::Tokens),
        ("offsets", Emit::Offsets)
    ]
);

/// How lexicon terms are matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LexiconMode {
    /// Terms join the segmenter's dictionary; tokens equal to a term are counted.
    #[default]
    Token,
    /// Aho-Corasick over the cleaned, converted text (leftmost-longest).
    Substring,
}

named_option!(
    LexiconMode,
    "lexicon_mode",
    [("token", LexiconMode::Token), ("substring", LexiconMode::Substring)]
);

// The segmentation mode's name; its `hmm` is an option of its own (`FromStr` gives `hmm: true`,
// [`Mode::with_hmm`] sets it).
named_option!(
    Mode,
    "mode",
    [
        ("default", Mode::Default { hmm: true }),
        ("search", Mode::Search { hmm: true })
    ]
);

impl Mode {
    /// The same mode with jieba's HMM for unknown words on or off.
    pub fn with_hmm(self, hmm: bool) -> Mode {
        match self {
            Mode::Default { .. } => Mode::Default { hmm },
            Mode::Search { .. } => Mode::Search { hmm },
        }
    }

    /// Whether the HMM is on.
    pub fn hmm(self) -> bool {
        match self {
            Mode::Default { hmm } | Mode::Search { hmm } => hmm,
        }
    }
}

/// What a run does with documents that duplicate an earlier one (see [`crate::dedup`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Duplicates {
    /// `duplicate_of` names the original.
    #[default]
    Flag,
    /// Left out of the output, counted in the run's statistics (`dropped`).
    Drop,
    /// Not looked for.
    Off,
}

named_option!(
    Duplicates,
    "duplicates",
    [
        ("flag", Duplicates::Flag),
        ("drop", Duplicates::Drop),
        ("off", Duplicates::Off)
    ]
);

/// Options of a [`crate::pipeline::Pipeline`].
#[derive(Clone, Debug)]
pub struct PipelineOptions {
    /// Cleaning rules (`None`: no cleaning).
    pub clean: Option<CleanOptions>,
    /// The boilerplate rules (`None`: gongwen's own).
    pub boilerplate: Option<Arc<Rules>>,
    /// OpenCC configuration (`None`: no conversion).
    pub convert: Option<String>,
    /// Segmentation mode.
    pub mode: Mode,
    /// A jieba user dictionary to load.
    pub userdict: Option<PathBuf>,
    /// Indicator tables (`None`: no indicator scan).
    pub indicators: Option<Arc<IndicatorRules>>,
    /// Named lexicons (attention indices).
    pub lexicons: Vec<Lexicon>,
    pub lexicon_mode: LexiconMode,
    pub emit: Emit,
    /// Return the cleaned, converted text.
    pub keep_text: bool,
    /// Force a decoding for bytes (`None`: detect).
    pub encoding: Option<String>,
    /// Duplicates across the run: flagged, dropped, or not looked for.
    pub duplicates: Duplicates,
    /// Estimated Jaccard similarity of character shingles from which a document duplicates
    /// an earlier one, in `(0, 1]`.
    pub duplicate_threshold: f64,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            clean: Some(CleanOptions::default()),
            boilerplate: None,
            convert: Some("t2s".to_string()),
            mode: Mode::Default { hmm: true },
            userdict: None,
            indicators: Some(IndicatorRules::default_shared().clone()),
            lexicons: Vec::new(),
            lexicon_mode: LexiconMode::Token,
            emit: Emit::Counts,
            keep_text: false,
            encoding: None,
            duplicates: Duplicates::Flag,
            duplicate_threshold: crate::dedup::DEFAULT_THRESHOLD,
        }
    }
}

impl PipelineOptions {
    /// Check what can be checked without building anything: the `encoding` label (with the
    /// load stage's own parser, [`load::encoding_for_label`], so that every label `decode`
    /// reads is accepted here) and that the user dictionary is a file. The conversion config is
    /// checked by [`crate::convert::Converter::new`], the lexicons when they are made.
    pub fn validate(&self) -> Result<()> {
        let t = self.duplicate_threshold;
        if !(t > 0.0 && t <= 1.0) {
            return Err(Error::InvalidArgument(format!(
                "duplicate_threshold must be a number in (0, 1], not {t}"
            )));
        }
        if let Some(enc) = &self.encoding {
            load::encoding_for_label(enc)?;
        }
        if let Some(p) = &self.userdict {
            if !p.is_file() {
                return Err(Error::Io {
                    path: p.display().to_string(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "user dictionary: no such file"),
                });
            }
        }
        Ok(())
    }
}

/// How inputs are found, read and cut into batches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Which files of a directory to read, matched against their paths relative to it.
    pub glob: String,
    /// The text field of JSONL, CSV and Parquet inputs.
    pub text_column: String,
    /// The id field of JSONL, CSV and Parquet inputs (`None`: `"<file>:<line>"`, `"<file>:<row>"`).
    pub id_column: Option<String>,
    /// At most this many documents a batch.
    pub batch_docs: usize,
    /// About this many bytes of input a batch.
    pub batch_bytes: usize,
}

/// [`LoadOptions::batch_docs`] by default.
pub const DEFAULT_BATCH_DOCS: usize = 2048;
/// [`LoadOptions::batch_bytes`] by default.
pub const DEFAULT_BATCH_BYTES: usize = 16_000_000;
/// [`LoadOptions::glob`] by default.
pub const DEFAULT_GLOB: &str = "**/*.txt";

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            glob: DEFAULT_GLOB.to_string(),
            text_column: "text".to_string(),
            id_column: None,
            batch_docs: DEFAULT_BATCH_DOCS,
            batch_bytes: DEFAULT_BATCH_BYTES,
        }
    }
}

impl LoadOptions {
    /// Check the values: a glob that compiles, a non-empty text column, positive batch bounds.
    pub fn validate(&self) -> Result<()> {
        if self.glob.is_empty() {
            return Err(empty_error("glob"));
        }
        crate::load::Glob::new(&self.glob)?;
        if self.text_column.is_empty() {
            return Err(empty_error("text_column"));
        }
        positive("batch_docs", self.batch_docs)?;
        positive("batch_bytes", self.batch_bytes)
    }
}

/// Every option of a corpus run.
#[derive(Clone, Debug, Default)]
pub struct CorpusOptions {
    pub pipeline: PipelineOptions,
    pub load: LoadOptions,
    /// Worker threads (`None`: [`crate::parallel::default_threads`]).
    pub threads: Option<usize>,
}

impl CorpusOptions {
    /// The one check of every option's value, before any work.
    pub fn validate(&self) -> Result<()> {
        if let Some(n) = self.threads {
            positive("threads", n)?;
        }
        self.load.validate()?;
        self.pipeline.validate()
    }
}

/// The type of an option's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionType {
    /// `true` or `false`.
    Bool,
    /// A text.
    Str,
    /// A text or none.
    OptionalStr,
    /// A file path or none.
    OptionalPath,
    /// One of [`OptionSpec::choices`].
    Choice,
    /// A positive count.
    Count,
    /// A positive count or none.
    OptionalCount,
    /// A mapping of lexicon names to terms or a file, or none.
    Lexicons,
    /// A number in `(0, 1]`.
    Fraction,
}

impl OptionType {
    /// The type's name in the table given to Python.
    pub fn name(self) -> &'static str {
        match self {
            OptionType::Bool => "bool",
            OptionType::Str => "str",
            OptionType::OptionalStr => "str | None",
            OptionType::OptionalPath => "path | None",
            OptionType::Choice => "choice",
            OptionType::Count => "int",
            OptionType::OptionalCount => "int | None",
            OptionType::Lexicons => "lexicons | None",
            OptionType::Fraction => "float",
        }
    }
}

/// An option's default value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    None,
    Bool(bool),
    Str(&'static str),
    Count(usize),
    Fraction(f64),
}

/// One option of a corpus run, as the users see it.
#[derive(Clone, Copy, Debug)]
pub struct OptionSpec {
    /// The keyword (`--name-with-dashes` on the command line).
    pub name: &'static str,
    pub kind: OptionType,
    pub default: DefaultValue,
    /// The accepted values of a [`OptionType::Choice`] (empty otherwise).
    pub choices: &'static [&'static str],
    /// One line for people.
    pub help: &'static str,
    /// Which struct holds it: [`OptionGroup::Load`] for [`LoadOptions`], else
    /// [`OptionGroup::Pipeline`] ([`PipelineOptions`] and the threads of [`CorpusOptions`]).
    pub group: OptionGroup,
}

/// Where an option goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionGroup {
    /// Building and running the pipeline (and its threads).
    Pipeline,
    /// Finding, reading and batching the inputs ([`LoadOptions`]).
    Load,
}

impl OptionGroup {
    /// The group's name in the table given to Python.
    pub fn name(self) -> &'static str {
        match self {
            OptionGroup::Pipeline => "pipeline",
            OptionGroup::Load => "load",
        }
    }
}

const fn spec(
    group: OptionGroup,
    name: &'static str,
    kind: OptionType,
    default: DefaultValue,
    choices: &'static [&'static str],
    help: &'static str,
) -> OptionSpec {
    OptionSpec {
        name,
        kind,
        default,
        choices,
        help,
        group,
    }
}

/// Every option of a corpus run, in the order of the documentation. The defaults are those of
/// [`CorpusOptions::default`] (a test checks it).
#[rustfmt::skip]
pub static OPTIONS: &[OptionSpec] = &[
    spec(OptionGroup::Pipeline, "clean", OptionType::Bool, DefaultValue::Bool(true), &[],
         "cleaning first: inserted readings, site boilerplate, odd widths and spaces removed"),
    spec(OptionGroup::Pipeline, "convert", OptionType::OptionalStr, DefaultValue::Str("t2s"), &[],
         "OpenCC configuration applied after cleaning ('t2s', 'tw2sp', ...), or none"),
    spec(OptionGroup::Pipeline, "mode", OptionType::Choice, DefaultValue::Str("default"), Mode::NAMES,
         "segmentation mode"),
    spec(OptionGroup::Pipeline, "hmm", OptionType::Bool, DefaultValue::Bool(true), &[],
         "jieba's HMM for unknown words"),
    spec(OptionGroup::Pipeline, "userdict", OptionType::OptionalPath, DefaultValue::None, &[],
         "jieba user dictionary"),
    spec(OptionGroup::Pipeline, "indicators", OptionType::Bool, DefaultValue::Bool(true), &[],
         "the indicator scan (quantitative targets and results)"),
    spec(OptionGroup::Pipeline, "lexicons", OptionType::Lexicons, DefaultValue::None, &[],
         "lexicons {name: terms or a file, one term a line}: per-term counts, total and share of words"),
    spec(OptionGroup::Pipeline, "lexicon_mode", OptionType::Choice, DefaultValue::Str("token"), LexiconMode::NAMES,
         "'token' counts tokens equal to a term, 'substring' every occurrence"),
    spec(OptionGroup::Pipeline, "emit", OptionType::Choice, DefaultValue::Str("counts"), Emit::NAMES,
         "'counts' (token count only), 'tokens' (tokens, spans and offsets) or 'offsets' (spans only)"),
    spec(OptionGroup::Pipeline, "keep_text", OptionType::Bool, DefaultValue::Bool(false), &[],
         "store the cleaned, converted text"),
    spec(OptionGroup::Pipeline, "encoding", OptionType::OptionalStr, DefaultValue::None, &[],
         "decode every file and bytes input with this encoding [default: detect]"),
    spec(OptionGroup::Pipeline, "duplicates", OptionType::Choice, DefaultValue::Str("flag"), Duplicates::NAMES,
         "documents that duplicate an earlier one of the run: 'flag' (duplicate_of), 'drop' (left out, counted) or 'off'"),
    spec(OptionGroup::Pipeline, "duplicate_threshold", OptionType::Fraction,
         DefaultValue::Fraction(crate::dedup::DEFAULT_THRESHOLD), &[],
         "similarity (Jaccard of 5-character shingles, estimated by MinHash) from which a document is a duplicate"),
    spec(OptionGroup::Pipeline, "threads", OptionType::OptionalCount, DefaultValue::None, &[],
         "worker threads [default: all cores, or $GONGWEN_NUM_THREADS]"),
    spec(OptionGroup::Load, "glob", OptionType::Str, DefaultValue::Str(DEFAULT_GLOB), &[],
         "files to read in directories (matched against paths relative to the directory)"),
    spec(OptionGroup::Load, "text_column", OptionType::Str, DefaultValue::Str("text"), &[],
         "text field (column) of JSONL/CSV/Parquet inputs"),
    spec(OptionGroup::Load, "id_column", OptionType::OptionalStr, DefaultValue::None, &[],
         "id field (column) of JSONL/CSV/Parquet inputs [default: FILE:LINE, FILE:ROW]"),
    spec(OptionGroup::Load, "batch_docs", OptionType::Count, DefaultValue::Count(DEFAULT_BATCH_DOCS), &[],
         "at most this many documents a batch handed to Rust"),
    spec(OptionGroup::Load, "batch_bytes", OptionType::Count, DefaultValue::Count(DEFAULT_BATCH_BYTES), &[],
         "about this many bytes of input a batch handed to Rust"),
];

/// The entry of [`OPTIONS`] named `name`.
pub fn option(name: &str) -> Option<&'static OptionSpec> {
    OPTIONS.iter().find(|o| o.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerated_options_round_trip_and_name_themselves() {
        for &name in Emit::NAMES {
            assert_eq!(name.parse::<Emit>().unwrap().to_string(), name);
        }
        for &name in LexiconMode::NAMES {
            assert_eq!(name.parse::<LexiconMode>().unwrap().to_string(), name);
        }
        for &name in Duplicates::NAMES {
            assert_eq!(name.parse::<Duplicates>().unwrap().to_string(), name);
        }
        for &name in Mode::NAMES {
            let m: Mode = name.parse().unwrap();
            assert_eq!(
                (m.to_string(), m.with_hmm(false).to_string()),
                (name.into(), name.into())
            );
            assert!(!m.with_hmm(false).hmm());
        }
        let err = "full".parse::<Mode>().unwrap_err().to_string();
        assert_eq!(err, "mode must be one of 'default', 'search', not 'full'");
        let err = "Token".parse::<LexiconMode>().unwrap_err().to_string();
        assert!(
            err.starts_with("lexicon_mode must be one of 'token', 'substring'"),
            "{err}"
        );
    }

    #[test]
    fn the_table_matches_the_defaults() {
        let d = CorpusOptions::default();
        let got = |name: &str| option(name).unwrap().default;
        assert_eq!(got("clean"), DefaultValue::Bool(d.pipeline.clean.is_some()));
        assert_eq!(got("convert"), DefaultValue::Str("t2s"));
        assert_eq!(d.pipeline.convert.as_deref(), Some("t2s"));
        assert_eq!(got("mode"), DefaultValue::Str(d.pipeline.mode.name()));
        assert_eq!(got("hmm"), DefaultValue::Bool(d.pipeline.mode.hmm()));
        assert_eq!(got("indicators"), DefaultValue::Bool(d.pipeline.indicators.is_some()));
        assert_eq!(got("lexicon_mode"), DefaultValue::Str(d.pipeline.lexicon_mode.name()));
        assert_eq!(got("emit"), DefaultValue::Str(d.pipeline.emit.name()));
        assert_eq!(got("keep_text"), DefaultValue::Bool(d.pipeline.keep_text));
        assert_eq!(got("duplicates"), DefaultValue::Str(d.pipeline.duplicates.name()));
        assert_eq!(
            got("duplicate_threshold"),
            DefaultValue::Fraction(d.pipeline.duplicate_threshold)
        );
        assert_eq!(got("glob"), DefaultValue::Str(DEFAULT_GLOB));
        assert_eq!(got("text_column"), DefaultValue::Str("text"));
        assert_eq!(got("batch_docs"), DefaultValue::Count(d.load.batch_docs));
        assert_eq!(got("batch_bytes"), DefaultValue::Count(d.load.batch_bytes));
        for name in ["userdict", "lexicons", "encoding", "threads", "id_column"] {
            assert_eq!(got(name), DefaultValue::None, "{name}");
        }
        for o in OPTIONS {
            let load = ["glob", "text_column", "id_column", "batch_docs", "batch_bytes"].contains(&o.name);
            assert_eq!(o.group == OptionGroup::Load, load, "{}", o.name);
            assert_eq!(o.kind == OptionType::Choice, !o.choices.is_empty(), "{}", o.name);
            if let (DefaultValue::Str(s), OptionType::Choice) = (o.default, o.kind) {
                assert_eq!(o.choices[0], s, "{}: the default comes first", o.name);
            }
        }
    }

    #[test]
    fn validate_checks_every_value_once() {
        let ok = CorpusOptions::default();
        assert!(ok.validate().is_ok());
        let bad = |f: &dyn Fn(&mut CorpusOptions)| {
            let mut o = CorpusOptions::default();
            f(&mut o);
            o.validate().unwrap_err().to_string()
        };
        assert_eq!(bad(&|o| o.threads = Some(0)), "threads must be a positive int, not 0");
        assert_eq!(
            bad(&|o| o.load.batch_bytes = 0),
            "batch_bytes must be a positive int, not 0"
        );
        assert_eq!(bad(&|o| o.load.glob.clear()), "glob must be a non-empty str, not ''");
        assert_eq!(
            bad(&|o| o.load.text_column.clear()),
            "text_column must be a non-empty str, not ''"
        );
        assert!(bad(&|o| o.pipeline.encoding = Some("klingon".into())).contains("unknown encoding"));
        for t in [0.0, -0.5, 1.5, f64::NAN] {
            assert_eq!(
                bad(&|o| o.pipeline.duplicate_threshold = t),
                format!("duplicate_threshold must be a number in (0, 1], not {t}")
            );
        }
        assert!(bad(&|o| o.pipeline.userdict = Some("/no/such/dict.txt".into())).contains("/no/such/dict.txt"));
        // Every label `decode_as` reads is an encoding option, `cp936` among them.
        for &(label, _) in load::tests::DOCUMENTED_LABELS {
            let mut o = CorpusOptions::default();
            o.pipeline.encoding = Some(label.into());
            assert!(o.validate().is_ok(), "{label}");
        }
    }
}
