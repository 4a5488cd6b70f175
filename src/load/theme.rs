//! The theme: templates, UI strings (i18n) and static files.
//!
//! Three layers, the later winning for a file of the same name:
//! 1. the default theme built into the binary (`themes/default` of this repo),
//! 2. the site's `themes/<name>/` folder, when it has one,
//! 3. the site's own `templates/` (templates only).
//!
//! [`resolve_layers`] is the one place that applies this order.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use super::yaml::{self, Value};
use super::{rel_path, FileSource, StaticFile};
use crate::diagnostic::Diagnostics;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TemplateSource {
    pub(crate) text: String,
    /// `builtin:templates/story.html`, or a path relative to the site root.
    pub(crate) origin: String,
}

/// The theme as loaded: resolved templates, UI strings per language, static files.
#[derive(Debug, Clone)]
pub(crate) struct ThemeSource {
    /// Template name (`story.html`, `partials/card.html`) → source.
    pub(crate) templates: BTreeMap<String, TemplateSource>,
    /// Language → UI string key → text.
    pub(crate) i18n: BTreeMap<String, BTreeMap<String, String>>,
    pub(crate) static_files: Vec<StaticFile>,
}

/// One layer of files, all keyed by their path inside the theme folder
/// (`templates/story.html`, `i18n/en.yaml`, `static/css/site.css`).
struct Layer {
    files: BTreeMap<String, (Vec<u8>, String, FileSource)>,
}

fn builtin_layer() -> Layer {
    let mut files = BTreeMap::new();
    let mut stack = vec![&BUILTIN];
    while let Some(dir) = stack.pop() {
        for f in dir.files() {
            let path = f.path().to_string_lossy().replace('\\', "/");
            files.insert(
                path.clone(),
                (
                    f.contents().to_vec(),
                    format!("builtin:{path}"),
                    FileSource::Embedded(f.contents()),
                ),
            );
        }
        stack.extend(dir.dirs());
    }
    Layer { files }
}

fn disk_layer(root: &Path, dir: &Path, prefix: &str, diags: &mut Diagnostics) -> Layer {
    let mut files = BTreeMap::new();
    if !dir.is_dir() {
        return Layer { files };
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        match super::walked_file(&entry, &canonical_root) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(why) => {
                diags.error(&rel_path(root, entry.path()), 0, 0, format!("{why}; it is not read"));
                continue;
            }
        }
        let inner = format!("{prefix}{}", rel_path(dir, entry.path()));
        let origin = rel_path(root, entry.path());
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(inner, (bytes, origin, FileSource::Disk(entry.path().to_path_buf())));
            }
            Err(e) => diags.error(&origin, 0, 0, format!("cannot read: {e}")),
        }
    }
    Layer { files }
}

/// Applies the layers in order: a later layer's file replaces an earlier one's.
fn resolve_layers(layers: Vec<Layer>) -> BTreeMap<String, (Vec<u8>, String, FileSource)> {
    let mut out = BTreeMap::new();
    for layer in layers {
        out.extend(layer.files);
    }
    out
}

/// Loads the theme `name` for the site at `root`.
/// A missing theme is reported at `pos`, where site.yaml names it.
pub(crate) fn load_theme(root: &Path, name: &str, pos: crate::load::yaml::Pos, diags: &mut Diagnostics) -> ThemeSource {
    let theme_dir = root.join("themes").join(name);
    let mut layers = vec![builtin_layer()];
    if theme_dir.is_dir() {
        layers.push(disk_layer(root, &theme_dir, "", diags));
    } else if name != "default" {
        diags.error(
            "site.yaml",
            pos.line,
            pos.col,
            format!("theme `{name}` not found: there is no folder themes/{name}/"),
        );
    }
    layers.push(disk_layer(root, &root.join("templates"), "templates/", diags));
    let files = resolve_layers(layers);

    let mut templates = BTreeMap::new();
    let mut i18n = BTreeMap::new();
    let mut static_files = Vec::new();
    for (path, (bytes, origin, source)) in files {
        if let Some(name) = path.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    templates.insert(name.to_string(), TemplateSource { text, origin });
                }
                Err(_) => diags.error(&origin, 0, 0, "template is not valid UTF-8"),
            }
        } else if let Some(file) = path.strip_prefix("i18n/") {
            let Some(lang) = file.strip_suffix(".yaml").or_else(|| file.strip_suffix(".yml")) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            match yaml::parse(&text, 1) {
                Ok(node) => {
                    let mut strings = BTreeMap::new();
                    for e in node.entries().unwrap_or(&[]) {
                        match &e.value.value {
                            Value::String(s) | Value::Number(s) => {
                                strings.insert(e.key.clone(), s.clone());
                            }
                            _ => diags.warning(
                                &origin,
                                e.key_pos.line,
                                e.key_pos.col,
                                format!("UI string `{}` must be text; ignored", e.key),
                            ),
                        }
                    }
                    i18n.insert(lang.to_string(), strings);
                }
                // A broken strings file must not fail the build: the default language's strings stand in.
                Err(e) => diags.warning(
                    &origin,
                    e.pos.line,
                    e.pos.col,
                    format!("{}; these UI strings are ignored", e.message),
                ),
            }
        } else if let Some(out) = path.strip_prefix("static/") {
            static_files.push(StaticFile {
                output: out.to_string(),
                source,
            });
        }
    }
    ThemeSource {
        templates,
        i18n,
        static_files,
    }
}
