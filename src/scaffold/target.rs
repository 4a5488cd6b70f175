//! Where a new file goes: beside the other languages of the same item when
//! there are any, else at the usual place; never over an existing file.

use std::path::PathBuf;

use super::error::ScaffoldError;
use super::existing::Item;
use super::site::SiteInfo;

/// The file to write.
#[derive(Debug)]
pub(crate) struct Target {
    pub(crate) path: PathBuf,
    /// The primary (default-language) file, when the new file is its translation.
    pub(crate) primary: Option<PathBuf>,
}

/// The file for `slug` in `lang`, among the existing `items` of its kind;
/// `fresh_dir` is the folder of a new item.
pub(crate) fn locate(
    site: &SiteInfo,
    items: &[Item],
    slug: &str,
    lang: &str,
    fresh_dir: PathBuf,
) -> Result<Target, ScaffoldError> {
    let same: Vec<&Item> = items.iter().filter(|i| i.slug == slug).collect();
    if let Some((item, path)) = same.iter().find_map(|i| i.file(lang).map(|p| (i, p))) {
        return Err(if item.stem == slug {
            ScaffoldError::Exists(path.to_path_buf())
        } else {
            ScaffoldError::SlugTaken {
                path: path.to_path_buf(),
                slug: slug.to_string(),
                lang: lang.to_string(),
            }
        });
    }
    let default = site.default_lang();
    let joined = same
        .iter()
        .find(|i| i.file(default).is_some())
        .or_else(|| same.first())
        .copied();
    let (dir, stem) = match joined {
        Some(item) => (item.dir.clone(), item.stem.clone()),
        None => (fresh_dir, slug.to_string()),
    };
    let path = site.ensure_free(&dir, &stem, lang)?;
    let primary = joined
        .and_then(|i| i.file(default))
        .filter(|_| lang != default)
        .map(PathBuf::from);
    Ok(Target { path, primary })
}
