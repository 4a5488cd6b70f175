//! The files of a served site, in memory, looked up by URL path. Only files
//! the build produced can be served: a request cannot name anything else, so
//! `..` and symlinks lead nowhere.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::load::FileSource;
use crate::render::{Output, OutputData};

/// One served file.
#[derive(Debug, Clone)]
pub enum ServedFile {
    /// Rendered by the build, held in memory.
    Bytes(Arc<Vec<u8>>),
    /// Copied as is from a file on disk (a static file, a picture).
    Disk(PathBuf),
    /// Built into the binary (a file of the default theme).
    Embedded(&'static [u8]),
}

impl ServedFile {
    /// The file's bytes (read from disk for copied files).
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            ServedFile::Bytes(b) => Ok(b.as_ref().clone()),
            ServedFile::Disk(p) => std::fs::read(p),
            ServedFile::Embedded(b) => Ok(b.to_vec()),
        }
    }
}

impl From<OutputData> for ServedFile {
    fn from(d: OutputData) -> Self {
        match d {
            OutputData::Bytes(b) => ServedFile::Bytes(Arc::new(b)),
            OutputData::Copy(FileSource::Disk(p)) => ServedFile::Disk(p),
            OutputData::Copy(FileSource::Embedded(b)) => ServedFile::Embedded(b),
        }
    }
}

/// Output path (`en/stories/a/index.html`) → file.
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    files: HashMap<String, ServedFile>,
}

/// What a URL path resolves to.
#[derive(Debug, Clone)]
pub(crate) enum Lookup {
    File {
        path: String,
        file: ServedFile,
    },
    /// A folder requested without its trailing slash: redirect here.
    Redirect(String),
    NotFound,
    /// A path that can never name a file (`..`, NUL, bad escapes).
    Refused,
}

impl SiteFiles {
    pub(crate) fn from_outputs(outputs: Vec<Output>) -> Self {
        let mut files = SiteFiles::default();
        files.insert(outputs);
        files
    }

    /// Adds or replaces files.
    pub(crate) fn insert(&mut self, outputs: Vec<Output>) {
        for o in outputs {
            self.files.insert(o.path, o.data.into());
        }
    }

    /// The file at an output path (`stories/a/index.html`: relative, `/`-separated,
    /// not percent-encoded).
    pub fn get(&self, path: &str) -> Option<&ServedFile> {
        self.files.get(path)
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.files.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }

    /// Resolves a request path (percent-encoded, as on the wire).
    pub(crate) fn lookup(&self, url_path: &str) -> Lookup {
        let Some(decoded) = crate::markup::url::percent_decode_utf8(url_path) else {
            return Lookup::Refused;
        };
        let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
        if segments
            .iter()
            .any(|s| *s == ".." || *s == "." || s.contains('\\') || s.contains('\0'))
        {
            return Lookup::Refused;
        }
        let joined = segments.join("/");
        let found = |p: &str| self.files.get(p).map(|f| (p.to_string(), f.clone()));
        if decoded.ends_with('/') || joined.is_empty() {
            let index = if joined.is_empty() {
                "index.html".to_string()
            } else {
                format!("{joined}/index.html")
            };
            return found(&index).map_or(Lookup::NotFound, |(path, file)| Lookup::File { path, file });
        }
        if let Some((path, file)) = found(&joined) {
            return Lookup::File { path, file };
        }
        if self.files.contains_key(&format!("{joined}/index.html")) {
            // The path as it came (still encoded), with one slash between
            // segments: `//host/x` would send the browser to another host.
            let segments: Vec<&str> = url_path.split('/').filter(|s| !s.is_empty()).collect();
            return Lookup::Redirect(format!("/{}/", segments.join("/")));
        }
        Lookup::NotFound
    }
}

/// The Content-Type of an output path.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> SiteFiles {
        SiteFiles::from_outputs(vec![
            Output {
                path: "index.html".into(),
                data: OutputData::Bytes(b"home".to_vec()),
            },
            Output {
                path: "stories/a/index.html".into(),
                data: OutputData::Bytes(b"a".to_vec()),
            },
            Output {
                path: "css/site.css".into(),
                data: OutputData::Bytes(b"css".to_vec()),
            },
        ])
    }

    #[test]
    fn resolves_folders_files_and_redirects() {
        let f = files();
        assert!(matches!(f.lookup("/"), Lookup::File { ref path, .. } if path == "index.html"));
        assert!(matches!(f.lookup("/stories/a/"), Lookup::File { ref path, .. } if path == "stories/a/index.html"));
        assert!(matches!(f.lookup("/css/site.css"), Lookup::File { .. }));
        assert!(matches!(f.lookup("/stories/a"), Lookup::Redirect(ref to) if to == "/stories/a/"));
        assert!(matches!(f.lookup("/nope/"), Lookup::NotFound));
        assert!(matches!(f.lookup("/css/%73ite.css"), Lookup::File { .. }));
        // A malformed escape is a name like any other.
        assert!(matches!(f.lookup("/%zz"), Lookup::NotFound));
    }

    #[test]
    fn redirects_stay_on_the_host() {
        let f = files();
        // `//stories/a` would be read by a browser as the host `stories`.
        for p in ["//stories/a", "///stories//a", "/stories//a"] {
            assert!(
                matches!(f.lookup(p), Lookup::Redirect(ref to) if to == "/stories/a/"),
                "{p}"
            );
        }
    }

    #[test]
    fn traversal_is_refused() {
        let f = files();
        for p in [
            "/../etc/passwd",
            "/css/..%2f..%2fetc/passwd",
            "/%2e%2e/x",
            "/a\\..\\b",
            "/%FF",
            "/%00",
        ] {
            assert!(matches!(f.lookup(p), Lookup::Refused), "{p}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
