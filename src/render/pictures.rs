//! Pictures in HTML: a photo becomes a `<picture>` with a WebP `srcset`, a
//! JPEG (or PNG) fallback `srcset`, `sizes`, and its `width` and `height`
//! (so the page does not shift as it loads). Pictures load lazily, except
//! the first of a page (its cover, or the first picture of a story without
//! one), which is fetched first.

use crate::model::{Site, StoryText, Translation};
use crate::photo::{Format, Photo, SIZES};

/// The `<picture>` attributes of a photo linked as `href`.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Sources {
    /// The fallback's largest variant, for `src`.
    pub(crate) src: String,
    pub(crate) srcset: String,
    pub(crate) webp_srcset: String,
    pub(crate) sizes: &'static str,
    /// MIME type of the fallback (`image/jpeg`).
    pub(crate) fallback_type: &'static str,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

impl Sources {
    /// The sources of `photo` linked from its page as `href` (as written,
    /// relative or not).
    pub(crate) fn new(photo: &Photo, href: &str) -> Option<Sources> {
        let fallback = photo.manifest.fallback;
        let largest = photo.largest(fallback)?;
        let stem = href.rsplit_once('.').map_or(href, |(s, _)| s);
        Some(Sources {
            src: format!("{stem}-{}.{}", largest.width, fallback.ext()),
            srcset: photo.srcset(href, fallback),
            webp_srcset: photo.srcset(href, Format::Webp),
            sizes: SIZES,
            fallback_type: fallback.mime(),
            width: largest.width,
            height: largest.height,
        })
    }
}

/// `html` (a story body of version `v`) with each `<img>` of a photo beside
/// the story turned into a `<picture>`.
pub(crate) fn rewrite_body(html: &str, site: &Site, v: &Translation<StoryText>) -> String {
    if site.photos.is_empty() || !html.contains("<img") {
        return html.to_string();
    }
    let mut eager = v.fields.cover.is_none();
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(start) = rest.find("<img") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        match photo_of(tag, site, v) {
            Some((src, photo)) => {
                out.push_str(&picture(tag, &src, photo, eager));
                eager = false;
            }
            None => out.push_str(tag),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The `src` of an `<img>` tag and the photo it shows, if it shows one.
fn photo_of<'s>(tag: &str, site: &'s Site, v: &Translation<StoryText>) -> Option<(String, &'s Photo)> {
    let src = attr(tag, "src")?;
    if src.contains(['?', '#']) {
        return None;
    }
    // (A path with an escaped character is left as it is: it leads to the
    // largest size, written at the path as written.)
    let asset = crate::model::assets::resolve(&v.path, src, &site.story_files)?;
    Some((src.to_string(), site.photos.get(&asset.source)?))
}

/// The value of attribute `name` in a tag written as the sanitiser writes
/// them (`name="value"`).
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// The `<picture>` for `tag`, keeping its other attributes (`alt`, `title`…).
fn picture(tag: &str, src: &str, photo: &Photo, eager: bool) -> String {
    let Some(s) = Sources::new(photo, src) else {
        return tag.to_string();
    };
    let kept: String = ["alt", "title", "class"]
        .iter()
        .filter_map(|name| attr(tag, name).map(|v| format!(" {name}=\"{v}\"")))
        .collect();
    let loading = if eager {
        r#" fetchpriority="high" decoding="async""#
    } else {
        r#" loading="lazy" decoding="async""#
    };
    format!(
        r#"<picture><source type="image/webp" srcset="{}" sizes="{}"><img src="{}" srcset="{}" sizes="{}" width="{}" height="{}"{kept}{loading}></picture>"#,
        s.webp_srcset, s.sizes, s.src, s.srcset, s.sizes, s.width, s.height
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_as_the_sanitiser_writes_them() {
        let tag = r#"<img src="images/a.jpg" alt="医院 &quot;新&quot;" title="t">"#;
        assert_eq!(attr(tag, "src"), Some("images/a.jpg"));
        assert_eq!(attr(tag, "alt"), Some("医院 &quot;新&quot;"));
        assert_eq!(attr(tag, "class"), None);
    }
}
