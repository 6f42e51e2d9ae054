//! Source files, spans and diagnostics, rendered the way rustc renders them:
//! `file:line:col: error[fi-0052]: message`, the source line with a caret, and notes pointing
//! at related places ("first declared here").

use std::fmt;

/// One source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (usually the path).
    pub name: String,
    /// The text.
    pub text: String,
    /// Files with the same group are compiled as one library, like one `--files` group of
    /// fidlc, and must all name it (`fi-0040`); two groups may not build one library
    /// (`fi-0041`). `None`: the file joins whichever library its `library` line names.
    pub group: Option<usize>,
}

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// Index of the file in the [`SourceMap`].
    pub file: usize,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

impl Span {
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// All source files of a compilation.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// The files, indexed by [`Span::file`].
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file, returning its index.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> usize {
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
            group: None,
        });
        self.files.len() - 1
    }

    /// Adds a file to library group `group` (see [`SourceFile::group`]), returning its index.
    pub fn add_to_group(
        &mut self,
        group: usize,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> usize {
        let id = self.add(name, text);
        self.files[id].group = Some(group);
        id
    }

    /// 1-based line and column (in bytes, as fidlc counts) of a byte offset.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let Some(file) = self.files.get(span.file) else {
            return (0, 0);
        };
        let text = file.text.as_bytes();
        let start = span.start.min(text.len());
        let before = &text[..start];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        (line, col)
    }

    /// `name:line:col` of a span.
    pub fn location(&self, span: Span) -> String {
        let name = self
            .files
            .get(span.file)
            .map_or("<unknown>", |f| f.name.as_str());
        let (line, col) = self.line_col(span);
        format!("{name}:{line}:{col}")
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Compilation fails.
    Error,
    /// Reported; compilation goes on (unless warnings are errors).
    Warning,
}

/// A problem at a span: fidlc's `fi-NNNN` ID when it has one, a message, and related places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// fidlc's ID (`"fi-0052"`), if the check has one.
    pub id: Option<&'static str>,
    /// Error or warning.
    pub severity: Severity,
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
    /// Related places with a note each ("first declared here").
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    /// An error without an ID at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            id: None,
            severity: Severity::Error,
            span,
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// An error with fidlc's `id` at `span`.
    pub fn error(id: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            id: Some(id),
            ..Diagnostic::new(span, message)
        }
    }

    /// A warning with fidlc's `id` at `span`.
    pub fn warning(id: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(id, span, message)
        }
    }

    /// Adds a related place.
    pub fn with_note(mut self, span: Span, note: impl Into<String>) -> Diagnostic {
        self.related.push((span, note.into()));
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn label(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.id {
            Some(id) => format!("{kind}[{id}]"),
            None => kind.to_string(),
        }
    }

    /// `file:line:col: error[fi-NNNN]: message`, the source line with a caret under the span,
    /// then one `note` per related place.
    pub fn render(&self, sources: &SourceMap) -> String {
        let mut out = self.headline(sources);
        if let Some(snippet) = snippet(sources, self.span) {
            out.push('\n');
            out.push_str(&snippet);
        }
        for (span, note) in &self.related {
            out.push_str(&format!("\n  = note: {note}: {}", sources.location(*span)));
        }
        out
    }

    /// Just `file:line:col: error[fi-NNNN]: message`.
    pub fn headline(&self, sources: &SourceMap) -> String {
        format!(
            "{}: {}: {}",
            sources.location(self.span),
            self.label(),
            self.message
        )
    }
}

/// The source line of `span` with a caret under it.
fn snippet(sources: &SourceMap, span: Span) -> Option<String> {
    let file = sources.files.get(span.file)?;
    let (line, col) = sources.line_col(span);
    let src_line = file.text.lines().nth(line.checked_sub(1)?).unwrap_or("");
    let start = span.start.min(file.text.len());
    let end = span.end.min(file.text.len()).max(start);
    let rest_of_line = src_line.len().saturating_sub(col - 1).max(1);
    let width = file.text.as_bytes()[start..end]
        .iter()
        .take_while(|b| **b != b'\n')
        .count()
        .clamp(1, rest_of_line);
    let gutter = line.to_string().len();
    // The caret line copies tabs so that it lines up under the source.
    let pad: String = src_line
        .bytes()
        .take(col - 1)
        .map(|b| if b == b'\t' { '\t' } else { ' ' })
        .collect();
    Some(format!(
        "{:gutter$} |\n{} | {}\n{:gutter$} | {}{}",
        "",
        line,
        src_line,
        "",
        pad,
        "^".repeat(width),
    ))
}

/// A failed compilation: every diagnostic (errors and warnings), sorted by position, rendered.
///
/// `Debug` prints the rendered diagnostics too (not the spans), so `fn main() -> Result<(),
/// Errors>` in a build script and `.unwrap()` both show `file:line:col: error[fi-NNNN]: …`.
#[derive(Clone)]
pub struct Errors {
    /// The diagnostics, errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Rendered text of all diagnostics.
    pub rendered: String,
    /// One `file:line:col: error[fi-NNNN]: message` line per diagnostic.
    pub headlines: Vec<String>,
}

impl Errors {
    /// Sorts `diagnostics` by position and renders them against `sources`.
    pub fn new(mut diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> Errors {
        sort(&mut diagnostics);
        let rendered = diagnostics
            .iter()
            .map(|d| d.render(sources))
            .collect::<Vec<_>>()
            .join("\n\n");
        let headlines = diagnostics.iter().map(|d| d.headline(sources)).collect();
        Errors {
            diagnostics,
            rendered,
            headlines,
        }
    }

    /// A single error without a source location (I/O and the like).
    pub fn plain(message: impl Into<String>) -> Errors {
        let message = message.into();
        Errors {
            diagnostics: Vec::new(),
            rendered: format!("error: {message}"),
            headlines: vec![format!("error: {message}")],
        }
    }

    /// How many of the diagnostics are errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Sorts by file and position (stable: diagnostics at one place keep their order) and drops
/// exact duplicates (a check repeated on several version snapshots).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_key(|d| (d.span.file, d.span.start));
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert((d.id, d.span, d.message.clone())));
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for Errors {}

impl fmt::Debug for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `main` returning `Err` and `unwrap` print `Debug`: show what a person needs.
        write!(f, "\n{}", self.rendered)
    }
}
