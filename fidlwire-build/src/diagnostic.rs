//! Source files, spans and diagnostics rendered the way rustc renders them:
//! `file:line:col: error: message`, then the source line and a caret.

use std::fmt;

/// One source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (usually the path).
    pub name: String,
    /// The text.
    pub text: String,
}

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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
        });
        self.files.len() - 1
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let text = &self.files[span.file].text;
        let start = span.start.min(text.len());
        let before = &text[..floor_char_boundary(text, start)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A compile error at a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
        }
    }

    /// `file:line:col: error: message`, the source line and a caret under the span.
    pub fn render(&self, sources: &SourceMap) -> String {
        let Some(file) = sources.files.get(self.span.file) else {
            return format!("error: {}", self.message);
        };
        let (line, col) = sources.line_col(self.span);
        let src_line = file.text.lines().nth(line - 1).unwrap_or("");
        let width = {
            let start = floor_char_boundary(&file.text, self.span.start.min(file.text.len()));
            let end = floor_char_boundary(&file.text, self.span.end.min(file.text.len()));
            let rest_of_line = src_line.chars().count().saturating_sub(col - 1).max(1);
            file.text[start..end.max(start)]
                .chars()
                .take_while(|c| *c != '\n')
                .count()
                .clamp(1, rest_of_line)
        };
        let gutter = line.to_string().len();
        format!(
            "{}:{}:{}: error: {}\n{:gutter$} |\n{} | {}\n{:gutter$} | {}{}",
            file.name,
            line,
            col,
            self.message,
            "",
            line,
            src_line,
            "",
            " ".repeat(col - 1),
            "^".repeat(width),
        )
    }

    /// Just `file:line:col: error: message`.
    pub fn headline(&self, sources: &SourceMap) -> String {
        let name = sources
            .files
            .get(self.span.file)
            .map_or("<unknown>", |f| f.name.as_str());
        let (line, col) = sources.line_col(self.span);
        format!("{name}:{line}:{col}: error: {}", self.message)
    }
}

/// A failed compilation: every diagnostic, rendered.
#[derive(Debug, Clone)]
pub struct Errors {
    /// The diagnostics, in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
    /// Rendered text of all diagnostics.
    pub rendered: String,
    /// One `file:line:col: error: message` line per diagnostic.
    pub headlines: Vec<String>,
}

impl Errors {
    /// Renders `diagnostics` against `sources`.
    pub fn new(diagnostics: Vec<Diagnostic>, sources: &SourceMap) -> Errors {
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
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for Errors {}
